package io.voxline.app.capture;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Collects datagrams from any number of sending threads (reactors, media agents) without locks: each tap
 * writes into a many-to-one ring, and a drain thread of its own moves them into a list.
 * IPv4 only, which is all a loopback run uses.
 */
public final class PacketCapture implements AutoCloseable
{
    private static final int MSG = 1;
    private static final int HEADER = 8 + 4 + 4 + 4 + 4;

    private final ManyToOneRingBuffer ring;
    private final List<CapturedPacket> packets = new ArrayList<>();
    private final long baseEpochMicros = System.currentTimeMillis() * 1000;
    private final long baseNanos = System.nanoTime();
    private final Thread drainer;
    private volatile boolean running = true;
    private volatile long dropped;

    public PacketCapture()
    {
        ring = new ManyToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect((4 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
        drainer = new Thread(this::drainLoop, "capture");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** The tap: safe from any thread, never blocks; a full ring drops the packet and counts it. */
    public void onPacket(final InetSocketAddress src, final InetSocketAddress dst, final DirectBuffer buf, final int off, final int len)
    {
        if (!(src.getAddress() instanceof Inet4Address) || !(dst.getAddress() instanceof Inet4Address))
        {
            return;
        }
        final int index = ring.tryClaim(MSG, HEADER + len);
        if (index <= 0)
        {
            dropped++;
            return;
        }
        final MutableDirectBuffer b = ring.buffer();
        b.putLong(index, baseEpochMicros + (System.nanoTime() - baseNanos) / 1000);
        b.putBytes(index + 8, src.getAddress().getAddress());
        b.putInt(index + 12, src.getPort());
        b.putBytes(index + 16, dst.getAddress().getAddress());
        b.putInt(index + 20, dst.getPort());
        b.putBytes(index + HEADER, buf, off, len);
        ring.commit(index);
    }

    private void drainLoop()
    {
        while (running)
        {
            if (drain() == 0)
            {
                try
                {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }
    }

    /** The ring has one reader at a time: the drain thread, or a caller catching up in packets(). */
    private synchronized int drain()
    {
        return ring.read((type, buffer, index, length) ->
        {
            final byte[] payload = new byte[length - HEADER];
            buffer.getBytes(index + HEADER, payload);
            final CapturedPacket p = new CapturedPacket(buffer.getLong(index),
                address(buffer, index + 8), address(buffer, index + 16), payload);
            packets.add(p);
        });
    }

    private static InetSocketAddress address(final DirectBuffer buffer, final int index)
    {
        final byte[] ip = new byte[4];
        buffer.getBytes(index, ip);
        try
        {
            return new InetSocketAddress(InetAddress.getByAddress(ip), buffer.getInt(index + 4));
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Everything captured so far, in the order it was sent. */
    public List<CapturedPacket> packets()
    {
        // let in-flight packets land before reading
        synchronized (this)
        {
            while (drain() > 0)
            {
                Thread.onSpinWait();
            }
            return List.copyOf(packets);
        }
    }

    public long dropped()
    {
        return dropped;
    }

    @Override
    public void close()
    {
        running = false;
        drainer.interrupt();
    }
}
