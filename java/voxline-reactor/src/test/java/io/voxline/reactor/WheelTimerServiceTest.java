package io.voxline.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

class WheelTimerServiceTest
{
    private final CachedEpochClock clock = new CachedEpochClock();
    private final List<String> fired = new ArrayList<>();

    @Test
    void firesInDeadlineOrderWhenTheClockIsStepped()
    {
        clock.update(1_000);
        final WheelTimerService timers = new WheelTimerService(clock);
        timers.schedule(500, id -> fired.add("A"));
        timers.schedule(32_000, id -> fired.add("B"));
        timers.schedule(4_000, id -> fired.add("C"));

        clock.advance(499);
        timers.poll();
        assertTrue(fired.isEmpty(), "nothing is due before 500 ms");

        clock.advance(20);
        timers.poll();
        assertEquals(List.of("A"), fired);

        clock.advance(40_000); // one big step must catch up with every tick
        timers.poll();
        assertEquals(List.of("A", "C", "B"), fired);
        assertEquals(0, timers.timerCount());
    }

    @Test
    void cancelledTimersDoNotFire()
    {
        final WheelTimerService timers = new WheelTimerService(clock);
        final long id = timers.schedule(100, t -> fired.add("X"));
        timers.cancel(id);
        timers.cancel(id);
        timers.cancel(WheelTimerService.NO_TIMER);
        clock.advance(1_000);
        timers.poll();
        assertTrue(fired.isEmpty());
    }

    @Test
    void aHandlerMayScheduleTheNextRetransmission()
    {
        final WheelTimerService timers = new WheelTimerService(clock);
        final long[] interval = {500};
        timers.schedule(interval[0], new WheelTimerService.Handler()
        {
            @Override
            public void onTimer(final long timerId)
            {
                fired.add("E" + interval[0]);
                interval[0] = Math.min(interval[0] * 2, 4000);
                if (fired.size() < 5)
                {
                    timers.schedule(interval[0], this);
                }
            }
        });
        for (int i = 0; i < 200; i++)
        {
            clock.advance(100);
            timers.poll();
        }
        assertEquals(List.of("E500", "E1000", "E2000", "E4000", "E4000"), fired);
    }
}
