package io.voxline.reactor;

import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.EpochClock;

import io.voxline.sip.transaction.TimerService;

/**
 * Timers on an Agrona DeadlineTimerWheel, owned by one thread. The clock is injected: the reactor gives a
 * system clock, tests a stepped one and call {@link #poll()} themselves.
 */
public final class WheelTimerService implements TimerService
{
    private static final int TICK_RESOLUTION_MS = 8;
    private static final int TICKS_PER_WHEEL = 1024;

    private final EpochClock clock;
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<Handler> handlers = new Long2ObjectHashMap<>();
    private final DeadlineTimerWheel.TimerHandler expiry = this::onExpiry;

    public WheelTimerService(final EpochClock clock)
    {
        this.clock = clock;
        this.wheel = new DeadlineTimerWheel(TimeUnit.MILLISECONDS, clock.time(), TICK_RESOLUTION_MS, TICKS_PER_WHEEL);
    }

    @Override
    public long nowMs()
    {
        return clock.time();
    }

    @Override
    public long schedule(final long delayMs, final Handler handler)
    {
        final long id = wheel.scheduleTimer(clock.time() + Math.max(0, delayMs));
        handlers.put(id, handler);
        return id;
    }

    @Override
    public void cancel(final long timerId)
    {
        if (timerId != NO_TIMER && handlers.remove(timerId) != null)
        {
            wheel.cancelTimer(timerId);
        }
    }

    public int timerCount()
    {
        return handlers.size();
    }

    /** Fires every timer due by now; returns how many fired. */
    public int poll()
    {
        final long now = clock.time();
        int fired = 0;
        // one poll advances the wheel by at most one tick: repeat until it has caught up with now
        do
        {
            fired += wheel.poll(now, expiry, Integer.MAX_VALUE);
        }
        while (wheel.currentTickTime() <= now);
        return fired;
    }

    private boolean onExpiry(final TimeUnit unit, final long now, final long timerId)
    {
        final Handler h = handlers.remove(timerId);
        if (h != null)
        {
            h.onTimer(timerId);
        }
        return true;
    }
}
