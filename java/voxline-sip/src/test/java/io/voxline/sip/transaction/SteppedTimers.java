package io.voxline.sip.transaction;

import java.util.ArrayList;
import java.util.List;

/** A TimerService on a clock the test steps: timers fire in deadline order (then scheduling order) as time advances. */
public final class SteppedTimers implements TimerService
{
    private static final class Entry
    {
        final long id;
        final long deadline;
        final Handler handler;

        Entry(final long id, final long deadline, final Handler handler)
        {
            this.id = id;
            this.deadline = deadline;
            this.handler = handler;
        }
    }

    private final List<Entry> pending = new ArrayList<>();
    private long now;
    private long nextId = 1;

    public SteppedTimers()
    {
        this(0);
    }

    public SteppedTimers(final long startMs)
    {
        this.now = startMs;
    }

    @Override
    public long nowMs()
    {
        return now;
    }

    @Override
    public long schedule(final long delayMs, final Handler handler)
    {
        final Entry e = new Entry(nextId++, now + Math.max(0, delayMs), handler);
        pending.add(e);
        return e.id;
    }

    @Override
    public void cancel(final long timerId)
    {
        pending.removeIf(e -> e.id == timerId);
    }

    /** Moves the clock forward by ms, firing every timer due on the way at its own deadline. */
    public void advance(final long ms)
    {
        advanceTo(now + ms);
    }

    public void advanceTo(final long target)
    {
        while (true)
        {
            Entry next = null;
            for (final Entry e : pending)
            {
                if (e.deadline <= target && (next == null || e.deadline < next.deadline))
                {
                    next = e;
                }
            }
            if (next == null)
            {
                break;
            }
            pending.remove(next);
            now = next.deadline;
            next.handler.onTimer(next.id);
        }
        now = target;
    }

    /** Fires what is due now (zero-delay timers). */
    public void poll()
    {
        advance(0);
    }

    public int pendingCount()
    {
        return pending.size();
    }
}
