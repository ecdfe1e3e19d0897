package io.voxline.app.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacketCaptureTest
{
    @TempDir
    Path dir;

    @Test
    void everyPacketFromManySendersIsKeptOnceWhileSomeoneReadsAlong() throws Exception
    {
        final int senders = 4;
        final int each = 5_000;
        try (PacketCapture capture = new PacketCapture())
        {
            final CountDownLatch done = new CountDownLatch(senders);
            for (int s = 0; s < senders; s++)
            {
                final int sender = s;
                new Thread(() ->
                {
                    final InetSocketAddress src = new InetSocketAddress("127.0.0.1", 10_000 + sender);
                    final InetSocketAddress dst = new InetSocketAddress("127.0.0.2", 20_000);
                    final UnsafeBuffer b = new UnsafeBuffer(new byte[8]);
                    for (int i = 0; i < each; i++)
                    {
                        b.putInt(0, sender);
                        b.putInt(4, i);
                        capture.onPacket(src, dst, b, 0, 8);
                        if (i % 500 == 0)
                        {
                            Thread.yield();
                        }
                    }
                    done.countDown();
                }).start();
            }
            while (done.getCount() > 0)
            {
                capture.packets(); // a reader catching up while the drain thread drains too
            }
            final List<CapturedPacket> all = capture.packets();
            final Set<Long> unique = new HashSet<>();
            for (final CapturedPacket p : all)
            {
                final ByteBuffer bb = ByteBuffer.wrap(p.payload()).order(ByteOrder.nativeOrder());
                unique.add(((long)bb.getInt(0) << 32) | bb.getInt(4));
            }
            assertEquals(senders * each - capture.dropped(), all.size(), "no packet twice, none lost but those counted as dropped");
            assertEquals(all.size(), unique.size());
        }
    }

    @Test
    void aPcapFileHasTheClassicHeaderAndOneRecordPerPacket() throws Exception
    {
        final Path file = dir.resolve("x.pcap");
        final byte[] payload = "OPTIONS sip:a SIP/2.0\r\n\r\n".getBytes();
        PcapWriter.write(file, List.of(new CapturedPacket(1_700_000_000_123_456L,
            new InetSocketAddress("127.0.0.11", 5060), new InetSocketAddress("127.0.0.12", 5060), payload)));
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, b.getInt(0));
        assertEquals(101, b.getInt(20), "LINKTYPE_RAW");
        assertEquals(1_700_000_000, b.getInt(24));
        assertEquals(123_456, b.getInt(28));
        assertEquals(20 + 8 + payload.length, b.getInt(32), "IPv4 + UDP + payload");
        b.order(ByteOrder.BIG_ENDIAN);
        assertEquals(0x45, b.get(40) & 0xff);
        assertEquals(17, b.get(49), "UDP");
        assertEquals(5060, b.getShort(60) & 0xffff);
        assertTrue(Files.size(file) == 24 + 16 + 28 + payload.length);
    }
}
