package io.voxline.board;

import java.util.concurrent.TimeUnit;

import io.voxline.reactor.Reactor;
import io.voxline.reactor.ReactorEvent;

/**
 * The one thread that waits on a board's events and publishes each into the reactor ring as
 * {@code publish(BOARD, type.ordinal(), line, digit, arg2, timeMs)}, where arg2 is the duration for
 * DTMF_UP, RING_BURST_END and FLASH, and the value for the others (tone, fax tone, fault, burst number).
 * The wait times out every {@value #POLL_TIMEOUT_MS} ms so a stop is noticed; {@link #close()} also wakes it.
 * It allocates nothing per event.
 */
public final class BoardEventPoller implements AutoCloseable
{
    public static final int POLL_TIMEOUT_MS = 100;

    private final String name;
    private final Board board;
    private final Reactor reactor;
    private volatile boolean running;
    private volatile long published;
    private volatile long errors;
    private Thread thread;

    public BoardEventPoller(final String name, final Board board, final Reactor reactor)
    {
        this.name = name;
        this.board = board;
        this.reactor = reactor;
    }

    public synchronized void start()
    {
        if (thread != null)
        {
            return;
        }
        running = true;
        thread = new Thread(this::run, name + "-board-poller");
        thread.setDaemon(true);
        thread.start();
    }

    /** The value the reactor gets as arg2 for an event. */
    public static int arg2(final BoardEvent ev)
    {
        return switch (ev.type)
        {
            case DTMF_UP, RING_BURST_END, FLASH -> ev.durationMs;
            default -> ev.value;
        };
    }

    public long published()
    {
        return published;
    }

    /** Poll failures (the board threw); the poller carries on. */
    public long errors()
    {
        return errors;
    }

    private void run()
    {
        final BoardEvent ev = new BoardEvent();
        while (running && !board.isClosed())
        {
            try
            {
                if (board.pollEvent(ev, POLL_TIMEOUT_MS))
                {
                    reactor.publish(ReactorEvent.BOARD, ev.type.ordinal(), ev.line, ev.digit, arg2(ev), ev.timeMs);
                    published++;
                }
            }
            catch (final RuntimeException ex)
            {
                errors++;
                System.err.println(name + ": board poll failed: " + ex);
                try
                {
                    TimeUnit.MILLISECONDS.sleep(POLL_TIMEOUT_MS); /* do not spin on a broken board */
                }
                catch (final InterruptedException ie)
                {
                    return;
                }
            }
        }
    }

    /** Stops the thread and waits for it; the board stays open (close it after). */
    @Override
    public void close()
    {
        final Thread t;
        synchronized (this)
        {
            running = false;
            t = thread;
        }
        if (t == null)
        {
            return;
        }
        board.wakeup();
        try
        {
            t.join(TimeUnit.SECONDS.toMillis(2));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
