package io.voxline.reactor;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.EpochClock;

import com.lmax.disruptor.RingBuffer;

import io.voxline.sip.transport.StreamIo;
import io.voxline.sip.transport.StreamSink;
import io.voxline.sip.transport.StreamTransport;

/**
 * The stream (TCP/TLS) counterpart of {@link DatagramReceiver}: one thread steps a {@link StreamIo} over every
 * stream transport of the element and publishes each framed message into a claimed ring event as a DATAGRAM
 * with its connection id (one copy, from the connection's reassembly buffer into the slot). Connection
 * openings and closings reach the transports' owner side as commands on the reactor thread, in order with the
 * messages.
 */
final class StreamReceiver implements StreamSink, Runnable
{
    private static final long SELECT_TIMEOUT_MS = 100;

    private final String name;
    private final RingBuffer<ReactorEvent> ring;
    private final StreamIo io;
    private final int slotCapacity;
    private volatile boolean running;
    private Thread thread;

    StreamReceiver(final String name, final RingBuffer<ReactorEvent> ring, final EpochClock clock, final int slotCapacity)
    {
        this.name = name;
        this.ring = ring;
        this.slotCapacity = slotCapacity;
        this.io = new StreamIo(this, clock);
    }

    void register(final StreamTransport transport, final int transportIndex)
    {
        if (transport.maxMessageBytes() > slotCapacity)
        {
            throw new IllegalArgumentException(transport + ": messages up to " + transport.maxMessageBytes() +
                " bytes do not fit the reactor's " + slotCapacity + "-byte ring slots");
        }
        io.add(transport, transportIndex);
    }

    void start()
    {
        if (running)
        {
            return;
        }
        running = true;
        thread = new Thread(this, name + "-stream-io");
        thread.setDaemon(true);
        thread.start();
    }

    boolean isStarted()
    {
        return running;
    }

    @Override
    public void run()
    {
        while (running)
        {
            try
            {
                io.doWork(SELECT_TIMEOUT_MS);
            }
            catch (final Exception ex)
            {
                if (running)
                {
                    System.err.println(name + ": stream I/O: " + ex);
                }
            }
        }
    }

    @Override
    public void onMessage(
        final int transportIndex, final long connectionId, final InetSocketAddress remote,
        final DirectBuffer buffer, final int offset, final int length)
    {
        final long seq = ring.next();
        try
        {
            final ReactorEvent ev = ring.get(seq);
            ev.reset();
            // the transport's limit is at most the slot size (checked in register)
            final int n = Math.min(length, ev.buffer.capacity());
            ev.buffer.putBytes(0, buffer, offset, n);
            ev.type = ReactorEvent.DATAGRAM;
            ev.length = n;
            ev.truncated = n < length;
            ev.source = remote;
            ev.transportIndex = transportIndex;
            ev.connectionId = connectionId;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    @Override
    public void execute(final Runnable task)
    {
        final long seq = ring.next();
        try
        {
            final ReactorEvent ev = ring.get(seq);
            ev.reset();
            ev.type = ReactorEvent.COMMAND;
            ev.payload = task;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /** Stops the thread, then closes every connection and listener it served. */
    void close()
    {
        running = false;
        io.wakeup();
        if (thread != null)
        {
            try
            {
                thread.join(2000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        io.close();
    }
}
