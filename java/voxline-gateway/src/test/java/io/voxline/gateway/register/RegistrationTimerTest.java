package io.voxline.gateway.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistrationTimerTest
{
    @Test
    void refreshesBeforeExpiry()
    {
        final RegistrationTimer t = new RegistrationTimer();
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
        final RegistrationTimer t = new RegistrationTimer();
        final long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        for (final long e : expected)
        {
            assertEquals(e, t.onFailure(0));
        }
        assertEquals(expected.length, t.failures());
        assertFalse(t.isRegistered(0));
        t.onSuccess(0, 120);
        assertEquals(0, t.failures());
        assertEquals(1_000, t.onFailure(10), "a success resets the back-off");
    }

    @Test
    void aBindingHoldsUntilItsExpiryWhileRefreshesFail()
    {
        final RegistrationTimer t = new RegistrationTimer();
        t.onSuccess(0, 60);
        t.onFailure(55_000);
        assertTrue(t.isRegistered(56_000));
        t.onFailure(60_000);
        assertFalse(t.isRegistered(60_001));
        assertEquals(-1, t.onSuccess(70_000, 0), "expires 0: unbound");
        assertFalse(t.isRegistered(70_000));
    }
}
