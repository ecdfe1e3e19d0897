package io.voxline.gateway.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

class RegistrationTimerTest
{
    @Test
    void refreshesBeforeExpiry()
    {
        final RegistrationTimer t = new RegistrationTimer(new SplittableRandom(1));
        assertEquals(3_240_000, t.onSuccess(0, 3600), "an hour: refresh 10 % early");
        assertEquals(54_000, t.onSuccess(0, 60), "a minute: 10 % (6 s) early");
        assertEquals(25_000, t.onSuccess(0, 30), "half a minute: at least 5 s early");
        assertEquals(1_000, t.onSuccess(0, 3), "tiny grants still wait a second");
        assertTrue(t.isRegistered(2_999));
        assertFalse(t.isRegistered(3_000));
    }

    @Test
    void backsOffExponentiallyToAMinuteAndResetsOnSuccess()
    {
        final RegistrationTimer t = new RegistrationTimer(new SplittableRandom(1));
        final long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        for (final long e : expected)
        {
            assertWithinJitter(e, t.onFailure(0));
        }
        assertEquals(expected.length, t.failures());
        assertFalse(t.isRegistered(0));
        t.onSuccess(0, 120);
        assertEquals(0, t.failures());
        assertWithinJitter(1_000, t.onFailure(10));
    }

    private static void assertWithinJitter(final long nominal, final long actual)
    {
        assertTrue(actual >= nominal * 0.9 && actual <= nominal * 1.1, actual + " is not " + nominal + " ± 10 %");
    }

    @Test
    void jitterSpreadsRetriesOverTheWholeTenPercentBothWays()
    {
        final RegistrationTimer t = new RegistrationTimer(new SplittableRandom(42));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 2_000; i++)
        {
            final long d = t.jittered(60_000);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 54_000 && min < 54_600, "reaches down to -10 %: " + min);
        assertTrue(max <= 66_000 && max > 65_400, "reaches up to +10 %: " + max);
    }

    @Test
    void routersWithDifferentSeedsDoNotRetryInStep()
    {
        // a hundred routers failing together: without jitter their sixth REGISTERs would all go at 31 s
        final java.util.Map<Long, Integer> perSlot = new java.util.HashMap<>();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int router = 0; router < 100; router++)
        {
            final RegistrationTimer t = new RegistrationTimer(new SplittableRandom(router * 7919L));
            long at = 0;
            for (int k = 0; k < 5; k++)
            {
                at += t.onFailure(at);
            }
            first = Math.min(first, at);
            last = Math.max(last, at);
            perSlot.merge(at / 100, 1, Integer::sum); // 100 ms slots
        }
        assertTrue(last - first > 2_000, "spread over " + (last - first) + " ms");
        assertTrue(perSlot.values().stream().allMatch(n -> n <= 10), "no 100 ms slot holds more than ten: " + perSlot);
    }

    @Test
    void jitterNeverGoesBelowAMillisecondEvenAtTheExtremes()
    {
        final RandomGenerator low = () -> 0L; // nextDouble() = 0: the full -10 %
        assertEquals(900, new RegistrationTimer(low).onFailure(0));
        assertEquals(1, new RegistrationTimer(low).jittered(1));
    }

    @Test
    void urgentReRegistrationsAreSpacedByHalfAMinute()
    {
        final RegistrationTimer t = new RegistrationTimer(new SplittableRandom(1));
        assertEquals(0, t.onUrgent(1_000), "the first goes at once");
        assertEquals(20_000, t.onUrgent(11_000), "the next waits for the spacing");
        assertEquals(30_000, t.onUrgent(31_000), "and the one after for the next slot");
        assertEquals(0, t.onUrgent(200_000), "long after, at once again");
    }

    @Test
    void aBindingHoldsUntilItsExpiryWhileRefreshesFail()
    {
        final RegistrationTimer t = new RegistrationTimer(new SplittableRandom(1));
        t.onSuccess(0, 60);
        t.onFailure(55_000);
        assertTrue(t.isRegistered(56_000));
        t.onFailure(60_000);
        assertFalse(t.isRegistered(60_001));
        assertEquals(-1, t.onSuccess(70_000, 0), "expires 0: unbound");
        assertFalse(t.isRegistered(70_000));
    }
}
