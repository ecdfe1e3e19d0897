package io.voxline.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RtpPacketFlyweightTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final RtpPacketFlyweight packet = new RtpPacketFlyweight();

    @Test
    void headerRoundTrip()
    {
        packet.wrapForWrite(buffer, 4);
        packet.writeHeader(8, true, 0xFFFE, 0xDEADBEEF, 0x12345678);
        for (int i = 0; i < 160; i++)
        {
            buffer.putByte(packet.payloadOffset() + i, (byte)i);
        }
        final int length = packet.payloadWritten(160);
        assertEquals(172, length);

        final RtpPacketFlyweight read = new RtpPacketFlyweight();
        assertEquals(RtpPacketFlyweight.OK, read.wrap(buffer, 4, length));
        assertEquals(2, read.version());
        assertFalse(read.padding());
        assertFalse(read.extension());
        assertEquals(0, read.csrcCount());
        assertTrue(read.marker());
        assertEquals(8, read.payloadType());
        assertEquals(0xFFFE, read.sequence());
        assertEquals(0xDEADBEEF, read.timestamp());
        assertEquals(0x12345678, read.ssrc());
        assertEquals(16, read.payloadOffset());
        assertEquals(160, read.payloadLength());
        assertEquals(159, buffer.getByte(read.payloadOffset() + 159) & 0xFF);
    }

    @Test
    void wireBytesAreBigEndianAsRfc3550Draws()
    {
        packet.wrapForWrite(buffer, 0);
        packet.writeHeader(0, false, 0x0102, 0x03040506, 0x0708090A);
        final byte[] expected = {(byte)0x80, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A};
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], buffer.getByte(i), "byte " + i);
        }
    }

    @Test
    void settersChangeOneFieldEach()
    {
        packet.wrapForWrite(buffer, 0);
        packet.writeHeader(0, false, 1, 2, 3);
        packet.marker(true).payloadType(101).sequence(65535).timestamp(-1).ssrc(-2);
        assertEquals(RtpPacketFlyweight.OK, packet.wrap(buffer, 0, 12));
        assertTrue(packet.marker());
        assertEquals(101, packet.payloadType());
        assertEquals(65535, packet.sequence());
        assertEquals(-1, packet.timestamp());
        assertEquals(-2, packet.ssrc());
        assertEquals(0, packet.payloadLength());
        packet.marker(false);
        assertFalse(packet.marker());
        assertEquals(101, packet.payloadType());
    }

    @Test
    void rejectsShortPacketsAndOtherVersions()
    {
        assertEquals(RtpPacketFlyweight.ERR_TOO_SHORT, packet.wrap(buffer, 0, 11));
        packet.wrapForWrite(buffer, 0).writeHeader(0, false, 1, 2, 3);
        buffer.putByte(0, (byte)0x40);
        assertEquals(RtpPacketFlyweight.ERR_VERSION, packet.wrap(buffer, 0, 20));
        buffer.putByte(0, (byte)0xC0);
        assertEquals(RtpPacketFlyweight.ERR_VERSION, packet.wrap(buffer, 0, 20));
        assertTrue(RtpPacketFlyweight.reason(RtpPacketFlyweight.ERR_VERSION).contains("version"));
    }

    @Test
    void csrcExtensionAndPaddingAreSkipped()
    {
        packet.wrapForWrite(buffer, 0).writeHeader(0, false, 7, 8, 9);
        // V=2, P=1, X=1, CC=2
        buffer.putByte(0, (byte)(0x80 | 0x20 | 0x10 | 2));
        buffer.putInt(12, 0xAAAA0001, ByteOrder.BIG_ENDIAN);
        buffer.putInt(16, 0xAAAA0002, ByteOrder.BIG_ENDIAN);
        // extension: profile 0xBEDE, 1 word
        buffer.putShort(20, (short)0xBEDE, ByteOrder.BIG_ENDIAN);
        buffer.putShort(22, (short)1, ByteOrder.BIG_ENDIAN);
        buffer.putInt(24, 0x11223344, ByteOrder.BIG_ENDIAN);
        // 10 bytes of payload, then 3 bytes of padding ending in its count
        final int payloadAt = 28;
        buffer.putByte(payloadAt + 10 + 2, (byte)3);
        final int length = payloadAt + 10 + 3;

        assertEquals(RtpPacketFlyweight.OK, packet.wrap(buffer, 0, length));
        assertEquals(2, packet.csrcCount());
        assertEquals(0xAAAA0002, packet.csrc(1));
        assertTrue(packet.extension());
        assertEquals(0xBEDE, packet.extensionProfile());
        assertTrue(packet.padding());
        assertEquals(payloadAt, packet.payloadOffset());
        assertEquals(10, packet.payloadLength());
    }

    @Test
    void headerFieldsThatOverrunThePacketAreErrorsNotExceptions()
    {
        packet.wrapForWrite(buffer, 0).writeHeader(0, false, 7, 8, 9);
        buffer.putByte(0, (byte)(0x80 | 15));
        assertEquals(RtpPacketFlyweight.ERR_CSRC_OVERRUN, packet.wrap(buffer, 0, 20));

        buffer.putByte(0, (byte)(0x80 | 0x10));
        assertEquals(RtpPacketFlyweight.ERR_EXTENSION_OVERRUN, packet.wrap(buffer, 0, 14));
        buffer.putShort(14, (short)100, ByteOrder.BIG_ENDIAN);
        assertEquals(RtpPacketFlyweight.ERR_EXTENSION_OVERRUN, packet.wrap(buffer, 0, 40));

        buffer.putByte(0, (byte)(0x80 | 0x20));
        buffer.putByte(19, (byte)0);
        assertEquals(RtpPacketFlyweight.ERR_PADDING, packet.wrap(buffer, 0, 20));
        buffer.putByte(19, (byte)9);
        assertEquals(RtpPacketFlyweight.ERR_PADDING, packet.wrap(buffer, 0, 20));
        buffer.putByte(19, (byte)8);
        assertEquals(RtpPacketFlyweight.OK, packet.wrap(buffer, 0, 20));
        assertEquals(0, packet.payloadLength());
    }
}
