package io.voxline.reactor;

import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import io.voxline.sip.transport.StreamTransport;

/**
 * One element's signalling thread: a multi-producer Disruptor ring, one consumer that owns all state and
 * dispatches to a {@link ReactorHandler}, a datagram receiver, a stream (TCP/TLS) receiver when a stream
 * transport is added, and a ticker. Nothing thrown by the handler
 * escapes: it is counted and reported, and the reactor carries on.
 */
public final class Reactor implements AutoCloseable
{
    public static final int DEFAULT_RING_SIZE = 512;
    /** Larger SIP messages belong on TCP (RFC 3261 18.1.1); a UDP datagram over this is dropped as truncated. */
    public static final int DEFAULT_MAX_DATAGRAM = 8192;
    public static final int DEFAULT_TICK_MS = 10;

    private final String name;
    private final ReactorHandler handler;
    private final EpochClock clock;
    private final Disruptor<ReactorEvent> disruptor;
    private final RingBuffer<ReactorEvent> ring;
    private final DatagramReceiver receiver;
    private final int maxDatagram;
    private volatile StreamReceiver streamReceiver;
    private final int tickMs;
    private volatile boolean running;
    private Thread ticker;
    private volatile Thread reactorThread;
    private volatile LatencyProbe latencyProbe;
    private long handlerErrors;

    public Reactor(final String name, final ReactorHandler handler)
    {
        this(name, handler, SystemEpochClock.INSTANCE, new BlockingWaitStrategy(), DEFAULT_RING_SIZE,
            DEFAULT_MAX_DATAGRAM, DEFAULT_TICK_MS);
    }

    public Reactor(
        final String name,
        final ReactorHandler handler,
        final EpochClock clock,
        final WaitStrategy waitStrategy,
        final int ringSize,
        final int maxDatagram,
        final int tickMs)
    {
        this.name = name;
        this.handler = handler;
        this.clock = clock;
        this.tickMs = tickMs;
        this.maxDatagram = maxDatagram;
        final ThreadFactory threads = r ->
        {
            final Thread t = new Thread(r, name + "-reactor");
            t.setDaemon(true);
            reactorThread = t;
            return t;
        };
        disruptor = new Disruptor<>(() -> new ReactorEvent(maxDatagram), ringSize, threads, ProducerType.MULTI, waitStrategy);
        disruptor.handleEventsWith(new Consumer());
        ring = disruptor.getRingBuffer();
        receiver = new DatagramReceiver(name, ring);
    }

    public String name()
    {
        return name;
    }

    public EpochClock clock()
    {
        return clock;
    }

    /** Registers a bound, non-blocking UDP channel; its datagrams arrive with the given transport index. */
    public void addDatagramChannel(final DatagramChannel channel, final int transportIndex)
    {
        receiver.register(channel, transportIndex);
    }

    /**
     * Serves a TCP or TLS transport on this reactor's stream I/O thread (created with the first one); its messages
     * arrive as DATAGRAM events with the transport index and their connection id, and its owner side (send,
     * sendResponse, sendOn) belongs to the reactor thread from now on. Its message limit must fit a ring slot.
     * Called while setting the element up (one thread), before or after {@link #start}.
     */
    public void addStreamTransport(final StreamTransport transport, final int transportIndex)
    {
        if (streamReceiver == null)
        {
            streamReceiver = new StreamReceiver(name, ring, clock, maxDatagram);
        }
        streamReceiver.register(transport, transportIndex);
        if (running)
        {
            streamReceiver.start();
        }
    }

    /**
     * Turns on the datagram-in to datagram-out measurement (before {@link #start}): UDP datagrams are stamped when
     * read and the probe knows which one the reactor is handling; give the probe to the transports as their tap.
     */
    public void latencyProbe(final LatencyProbe probe)
    {
        latencyProbe = probe;
        receiver.stamp(probe != null);
    }

    public void start()
    {
        running = true;
        disruptor.start();
        receiver.start();
        final StreamReceiver streams = streamReceiver;
        if (streams != null)
        {
            streams.start();
        }
        ticker = new Thread(this::tickLoop, name + "-ticker");
        ticker.setDaemon(true);
        ticker.start();
    }

    public boolean isReactorThread()
    {
        return Thread.currentThread() == reactorThread;
    }

    /** Runs the task on the reactor thread (or, from a test's invoker mode, wherever the ring is consumed). */
    public void execute(final Runnable task)
    {
        publishCommand(task);
    }

    public void publishCommand(final Object command)
    {
        final long seq = ring.next();
        try
        {
            final ReactorEvent ev = ring.get(seq);
            ev.reset();
            ev.type = ReactorEvent.COMMAND;
            ev.payload = command;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    /** Publishes a board (or, with type MEDIA, a media) event: a producer code and its arguments. */
    public void publish(final int type, final int code, final int line, final int arg1, final int arg2, final long timeMs)
    {
        final long seq = ring.next();
        try
        {
            final ReactorEvent ev = ring.get(seq);
            ev.reset();
            ev.type = type;
            ev.code = code;
            ev.line = line;
            ev.arg1 = arg1;
            ev.arg2 = arg2;
            ev.timeMs = timeMs;
        }
        finally
        {
            ring.publish(seq);
        }
    }

    public long handlerErrors()
    {
        return handlerErrors;
    }

    private void tickLoop()
    {
        while (running)
        {
            publish(ReactorEvent.TICK, 0, 0, 0, 0, clock.time());
            try
            {
                TimeUnit.MILLISECONDS.sleep(tickMs);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        receiver.close();
        final StreamReceiver streams = streamReceiver;
        if (streams != null)
        {
            streams.close();
        }
        if (ticker != null)
        {
            ticker.interrupt();
            try
            {
                ticker.join(1000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        try
        {
            disruptor.shutdown(2, TimeUnit.SECONDS);
        }
        catch (final com.lmax.disruptor.TimeoutException ex)
        {
            disruptor.halt();
        }
    }

    /** Dispatches one event to the handler; public so tests can drive a handler without threads. */
    public static void dispatch(final ReactorHandler handler, final ReactorEvent ev)
    {
        switch (ev.type)
        {
            case ReactorEvent.DATAGRAM -> handler.onDatagram(ev);
            case ReactorEvent.BOARD -> handler.onBoardEvent(ev);
            case ReactorEvent.MEDIA -> handler.onMediaEvent(ev);
            case ReactorEvent.TICK -> handler.onTick(ev.timeMs);
            case ReactorEvent.COMMAND ->
            {
                if (ev.payload instanceof Runnable task)
                {
                    task.run();
                }
                else
                {
                    handler.onCommand(ev.payload);
                }
            }
            default ->
            {
                // NONE: a claimed slot whose read found nothing
            }
        }
    }

    private final class Consumer implements EventHandler<ReactorEvent>
    {
        @Override
        public void onStart()
        {
            handler.onStart();
        }

        @Override
        public void onShutdown()
        {
            handler.onShutdown();
        }

        @Override
        public void onEvent(final ReactorEvent ev, final long sequence, final boolean endOfBatch)
        {
            final LatencyProbe probe = latencyProbe;
            if (probe != null && ev.type == ReactorEvent.DATAGRAM)
            {
                probe.begin(ev.receivedNanos);
            }
            try
            {
                dispatch(handler, ev);
            }
            catch (final Throwable t)
            {
                handlerErrors++;
                System.err.println(name + ": event " + ev.type + " failed: " + t);
                t.printStackTrace();
            }
            finally
            {
                ev.payload = null;
                ev.source = null;
                if (probe != null)
                {
                    probe.end();
                }
            }
            if (endOfBatch)
            {
                try
                {
                    handler.onEndOfBatch();
                }
                catch (final Throwable t)
                {
                    handlerErrors++;
                    System.err.println(name + ": end of batch failed: " + t);
                }
            }
        }
    }
}
