package io.voxline.app.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes datagrams as a classic pcap file (LINKTYPE_RAW: an IPv4 and a UDP header before each payload). */
public final class PcapWriter
{
    private static final int LINKTYPE_RAW = 101;

    private PcapWriter()
    {
    }

    public static void write(final Path file, final List<CapturedPacket> packets) throws IOException
    {
        if (file.getParent() != null)
        {
            Files.createDirectories(file.getParent());
        }
        try (OutputStream out = Files.newOutputStream(file))
        {
            final ByteBuffer global = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            global.putInt(0xa1b2c3d4).putShort((short)2).putShort((short)4).putInt(0).putInt(0).putInt(65535).putInt(LINKTYPE_RAW);
            out.write(global.array());
            int ipId = 0;
            for (final CapturedPacket p : packets)
            {
                final int udpLength = 8 + p.payload().length;
                final int ipLength = 20 + udpLength;
                final ByteBuffer rec = ByteBuffer.allocate(16 + ipLength);
                rec.order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int)(p.epochMicros() / 1_000_000)).putInt((int)(p.epochMicros() % 1_000_000))
                    .putInt(ipLength).putInt(ipLength);
                rec.order(ByteOrder.BIG_ENDIAN);
                final int ipStart = rec.position();
                rec.put((byte)0x45).put((byte)0).putShort((short)ipLength).putShort((short)ipId++).putShort((short)0x4000)
                    .put((byte)64).put((byte)17).putShort((short)0)
                    .put(p.source().getAddress().getAddress()).put(p.destination().getAddress().getAddress());
                rec.putShort(ipStart + 10, checksum(rec.array(), ipStart, 20));
                rec.putShort((short)p.source().getPort()).putShort((short)p.destination().getPort())
                    .putShort((short)udpLength).putShort((short)0) // UDP checksum 0: not computed (allowed on IPv4)
                    .put(p.payload());
                out.write(rec.array());
            }
        }
    }

    private static short checksum(final byte[] b, final int off, final int len)
    {
        long sum = 0;
        for (int i = off; i < off + len; i += 2)
        {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (short)~sum;
    }
}
