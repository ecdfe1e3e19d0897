package io.voxline.gateway;

import java.util.PriorityQueue;

import org.agrona.concurrent.EpochClock;

import io.voxline.sip.transaction.TimerService;

/** A TimerService and EpochClock whose time moves only when the test says so; timers fire in deadline order. */
final class SteppedTimers implements TimerService, EpochClock
{
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

    SteppedTimers(final long startMs)
    {
        now = startMs;
    }

    @Override
    public long time()
    {
        return now;
    }

    @Override
    public long nowMs()
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
        queue.removeIf(e -> e.id() == timerId);
    }

    /** Fires the timers due now. */
    void poll()
    {
        while (!queue.isEmpty() && queue.peek().deadline() - now <= 0)
        {
            final Entry e = queue.poll();
            e.handler().onTimer(e.id());
        }
    }

    /** Moves time forward by ms, firing each timer at its own deadline on the way. */
    void advance(final long ms)
    {
        final long end = now + ms;
        while (!queue.isEmpty() && queue.peek().deadline() - end <= 0)
        {
            final Entry e = queue.poll();
            now = Math.max(now, e.deadline());
            e.handler().onTimer(e.id());
        }
        now = end;
    }

    int pending()
    {
        return queue.size();
    }
}
