package io.voxline.sip.fuzz;

import java.util.PriorityQueue;

import org.agrona.concurrent.EpochClock;

import io.voxline.sip.transaction.TimerService;

/**
 * Timers on a clock that moves only when the script says so: {@link #advance} jumps from deadline to deadline,
 * firing each timer at its own time, so hours pass in a few steps. A timer that keeps rescheduling itself
 * without time passing is a finding, not a hang. Shared by the proxy's and the gateway's targets.
 */
public final class FuzzTimers implements TimerService, EpochClock
{
    /** Timers fired by one advance at most. */
    public static final int MAX_FIRED = 100_000;

    private record Entry(long deadline, long id, Handler handler) implements Comparable<Entry>
    {
        @Override
        public int compareTo(final Entry o)
        {
            return deadline != o.deadline ? Long.compare(deadline, o.deadline) : Long.compare(id, o.id);
        }
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long now;
    private long nextId = 1;

    public FuzzTimers(final long startMs)
    {
        now = startMs;
    }

    @Override
    public long nowMs()
    {
        return now;
    }

    @Override
    public long time()
    {
        return now;
    }

    @Override
    public long schedule(final long delayMs, final Handler handler)
    {
        final long id = nextId++;
        queue.add(new Entry(now + Math.max(0, delayMs), id, handler));
        return id;
    }

    @Override
    public void cancel(final long timerId)
    {
        if (timerId != NO_TIMER)
        {
            queue.removeIf(e -> e.id() == timerId);
        }
    }

    /** Moves time forward by ms, firing the timers due on the way. */
    public void advance(final long ms)
    {
        final long end = now + ms;
        int fired = 0;
        while (!queue.isEmpty() && queue.peek().deadline() - end <= 0)
        {
            if (++fired > MAX_FIRED)
            {
                throw new AssertionError("more than " + MAX_FIRED + " timers fired in " + ms + " ms: a timer storm");
            }
            final Entry e = queue.poll();
            now = Math.max(now, e.deadline());
            e.handler().onTimer(e.id());
        }
        now = end;
    }

    public int pending()
    {
        return queue.size();
    }
}
