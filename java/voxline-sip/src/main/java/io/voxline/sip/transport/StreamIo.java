package io.voxline.sip.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.agrona.concurrent.EpochClock;

/**
 * The stream I/O of one element: one selector for every {@link StreamTransport} it serves (listeners and
 * connections), stepped by one thread calling {@link #doWork} in a loop (the reactor's stream receiver) or by a
 * test. Messages go to the {@link StreamSink}; time comes from the injected clock, so tests step the idle and
 * header timeouts instead of waiting for them.
 */
public final class StreamIo implements AutoCloseable
{
    private final StreamSink sink;
    private final EpochClock clock;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Registration> pending = new ConcurrentLinkedQueue<>();
    private final ArrayList<StreamTransport> transports = new ArrayList<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Consumer<SelectionKey> onKey = this::onKey;
    private long now;
    private volatile boolean closed;

    private record Registration(StreamTransport transport, int transportIndex)
    {
    }

    public StreamIo(final StreamSink sink, final EpochClock clock)
    {
        this.sink = sink;
        this.clock = clock;
        try
        {
            this.selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Serves transport from now on (any thread); its messages reach the sink with transportIndex. A transport is
     * served by one loop only; it can send (and so connect) as soon as it is added.
     */
    public void add(final StreamTransport transport, final int transportIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("stream I/O closed");
        }
        transport.claim(this);
        pending.add(new Registration(transport, transportIndex));
        wakeup();
    }

    /** Makes a {@link #doWork} blocked in select return soon; cheap when called often (any thread). */
    public void wakeup()
    {
        if (!wakeupPending.getAndSet(true))
        {
            selector.wakeup();
        }
    }

    /**
     * One turn (the I/O thread only): new transports, the owners' connect and flush requests, timeouts, then
     * waits up to timeoutMs for sockets (not at all when there was work) and serves the ready ones. Returns the
     * work done.
     */
    public int doWork(final long timeoutMs) throws IOException
    {
        if (closed)
        {
            return 0;
        }
        wakeupPending.set(false);
        now = clock.time();
        Registration r;
        while ((r = pending.poll()) != null)
        {
            transports.add(r.transport());
            r.transport().attach(selector, r.transportIndex(), sink, now);
        }
        int work = 0;
        for (int i = 0; i < transports.size(); i++)
        {
            work += transports.get(i).ioWork(now);
        }
        try
        {
            final int ready = work > 0 ? selector.selectNow(onKey) : selector.select(onKey, Math.max(1, timeoutMs));
            return work + ready;
        }
        catch (final ClosedSelectorException ex)
        {
            return 0;
        }
    }

    private void onKey(final SelectionKey key)
    {
        final long t = clock.time();
        now = t;
        final Object attachment = key.attachment();
        try
        {
            if (attachment instanceof StreamTransport transport)
            {
                transport.onSelected(key, t);
            }
            else if (attachment instanceof StreamConnection connection)
            {
                connection.transport.onSelected(key, t);
            }
        }
        catch (final RuntimeException ex)
        {
            // a connection's own failures close only that connection; anything else must not stop the loop
            System.err.println("stream I/O: " + ex);
        }
    }

    /**
     * Closes every connection and listener of every transport, then the selector. Call it from the I/O thread, or
     * once that thread has stopped calling {@link #doWork}.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        Registration r;
        while ((r = pending.poll()) != null)
        {
            transports.add(r.transport());
        }
        for (final StreamTransport t : transports)
        {
            t.ioShutdown();
        }
        try
        {
            selector.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
    }
}
