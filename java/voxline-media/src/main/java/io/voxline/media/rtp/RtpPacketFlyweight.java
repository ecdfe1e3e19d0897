package io.voxline.media.rtp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A view over one RTP packet (RFC 3550 5.1) in an Agrona buffer, for reading a received datagram or writing
 * one to send. Reading: {@link #wrap} checks the header and returns {@link #OK} or an error code, never throws;
 * getters are valid only after OK. Writing: {@link #wrapForWrite} then {@link #writeHeader}; the payload goes at
 * {@link #payloadOffset()}. Reused for every packet: no allocation.
 */
public final class RtpPacketFlyweight
{
    public static final int VERSION = 2;
    public static final int HEADER_LENGTH = 12;
    public static final int MAX_PAYLOAD_TYPE = 127;

    public static final int OK = 0;
    public static final int ERR_TOO_SHORT = 1;
    public static final int ERR_VERSION = 2;
    public static final int ERR_CSRC_OVERRUN = 3;
    public static final int ERR_EXTENSION_OVERRUN = 4;
    public static final int ERR_PADDING = 5;

    private static final ByteOrder NET = ByteOrder.BIG_ENDIAN;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutable;
    private int offset;
    private int length;
    private int payloadOffset;
    private int payloadLength;

    /** Why {@link #wrap} refused a packet. */
    public static String reason(final int error)
    {
        return switch (error)
        {
            case OK -> "ok";
            case ERR_TOO_SHORT -> "shorter than the 12-byte RTP header";
            case ERR_VERSION -> "RTP version is not 2";
            case ERR_CSRC_OVERRUN -> "CSRC list runs past the end of the packet";
            case ERR_EXTENSION_OVERRUN -> "header extension runs past the end of the packet";
            case ERR_PADDING -> "padding count is zero or larger than the payload";
            default -> "unknown error " + error;
        };
    }

    /** Views a received packet of {@code length} bytes at {@code offset}; returns OK or an ERR_* code. */
    public int wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.mutable = buffer instanceof MutableDirectBuffer m ? m : null;
        this.offset = offset;
        this.length = length;
        payloadOffset = 0;
        payloadLength = 0;
        if (length < HEADER_LENGTH)
        {
            return ERR_TOO_SHORT;
        }
        final int b0 = buffer.getByte(offset) & 0xFF;
        if ((b0 >>> 6) != VERSION)
        {
            return ERR_VERSION;
        }
        int headerLength = HEADER_LENGTH + 4 * (b0 & 0x0F);
        if (headerLength > length)
        {
            return ERR_CSRC_OVERRUN;
        }
        if ((b0 & 0x10) != 0)
        {
            // 16-bit profile word, 16-bit length in 32-bit words, then the words (RFC 3550 5.3.1)
            if (headerLength + 4 > length)
            {
                return ERR_EXTENSION_OVERRUN;
            }
            final int words = buffer.getShort(offset + headerLength + 2, NET) & 0xFFFF;
            headerLength += 4 + 4 * words;
            if (headerLength > length)
            {
                return ERR_EXTENSION_OVERRUN;
            }
        }
        int padding = 0;
        if ((b0 & 0x20) != 0)
        {
            padding = buffer.getByte(offset + length - 1) & 0xFF;
            if (padding == 0 || headerLength + padding > length)
            {
                return ERR_PADDING;
            }
        }
        payloadOffset = offset + headerLength;
        payloadLength = length - headerLength - padding;
        return OK;
    }

    /** Prepares to write a packet at {@code offset}; call {@link #writeHeader} next. */
    public RtpPacketFlyweight wrapForWrite(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutable = buffer;
        this.offset = offset;
        this.length = HEADER_LENGTH;
        payloadOffset = offset + HEADER_LENGTH;
        payloadLength = 0;
        return this;
    }

    /** Writes a 12-byte header (V=2, no padding, extension or CSRC); returns the header length. */
    public int writeHeader(final int payloadType, final boolean marker, final int sequence, final int timestamp, final int ssrc)
    {
        mutable.putByte(offset, (byte)(VERSION << 6));
        mutable.putByte(offset + 1, (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F)));
        mutable.putShort(offset + 2, (short)sequence, NET);
        mutable.putInt(offset + 4, timestamp, NET);
        mutable.putInt(offset + 8, ssrc, NET);
        payloadOffset = offset + HEADER_LENGTH;
        return HEADER_LENGTH;
    }

    /** Records the payload length just written at {@link #payloadOffset()}; returns the packet's total length. */
    public int payloadWritten(final int payloadLength)
    {
        this.payloadLength = payloadLength;
        this.length = payloadOffset - offset + payloadLength;
        return length;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    /** The whole packet's length in bytes. */
    public int length()
    {
        return length;
    }

    public int version()
    {
        return (buffer.getByte(offset) & 0xFF) >>> 6;
    }

    public boolean padding()
    {
        return (buffer.getByte(offset) & 0x20) != 0;
    }

    public boolean extension()
    {
        return (buffer.getByte(offset) & 0x10) != 0;
    }

    public int csrcCount()
    {
        return buffer.getByte(offset) & 0x0F;
    }

    /** The i-th contributing source (0 <= i < csrcCount). */
    public int csrc(final int i)
    {
        return buffer.getInt(offset + HEADER_LENGTH + 4 * i, NET);
    }

    public boolean marker()
    {
        return (buffer.getByte(offset + 1) & 0x80) != 0;
    }

    public int payloadType()
    {
        return buffer.getByte(offset + 1) & 0x7F;
    }

    /** In [0, 65535]. */
    public int sequence()
    {
        return buffer.getShort(offset + 2, NET) & 0xFFFF;
    }

    /** The raw 32 bits; compare with {@link RtpSequence#timestampDistance}. */
    public int timestamp()
    {
        return buffer.getInt(offset + 4, NET);
    }

    public int ssrc()
    {
        return buffer.getInt(offset + 8, NET);
    }

    /** The extension header's profile-defined word, or -1 without an extension. */
    public int extensionProfile()
    {
        return extension() ? buffer.getShort(offset + HEADER_LENGTH + 4 * csrcCount(), NET) & 0xFFFF : -1;
    }

    public int payloadOffset()
    {
        return payloadOffset;
    }

    public int payloadLength()
    {
        return payloadLength;
    }

    public RtpPacketFlyweight marker(final boolean marker)
    {
        final int b1 = mutable.getByte(offset + 1) & 0x7F;
        mutable.putByte(offset + 1, (byte)(marker ? b1 | 0x80 : b1));
        return this;
    }

    public RtpPacketFlyweight payloadType(final int payloadType)
    {
        final int b1 = mutable.getByte(offset + 1) & 0x80;
        mutable.putByte(offset + 1, (byte)(b1 | (payloadType & 0x7F)));
        return this;
    }

    public RtpPacketFlyweight sequence(final int sequence)
    {
        mutable.putShort(offset + 2, (short)sequence, NET);
        return this;
    }

    public RtpPacketFlyweight timestamp(final int timestamp)
    {
        mutable.putInt(offset + 4, timestamp, NET);
        return this;
    }

    public RtpPacketFlyweight ssrc(final int ssrc)
    {
        mutable.putInt(offset + 8, ssrc, NET);
        return this;
    }
}
