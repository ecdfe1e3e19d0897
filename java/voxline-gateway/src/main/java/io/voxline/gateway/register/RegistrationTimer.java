package io.voxline.gateway.register;

/**
 * When a line's registration is refreshed or retried, and whether it holds. Pure timing, no SIP, no clock of
 * its own: callers pass the time. A binding granted for E seconds is refreshed at E - max(5 s, 10 % of E)
 * (never sooner than 1 s, so a registrar granting tiny expiries cannot make a tight loop); a failure is retried
 * after 1 s, doubling up to 60 s, until a success resets the back-off. A binding holds until its granted
 * expiry, even while refreshes fail.
 */
public final class RegistrationTimer
{
    public static final long FIRST_RETRY_MS = 1_000;
    public static final long MAX_RETRY_MS = 60_000;
    public static final long MIN_REFRESH_MARGIN_MS = 5_000;
    public static final long MIN_REFRESH_DELAY_MS = 1_000;

    private long nextRetryMs = FIRST_RETRY_MS;
    private boolean bound;
    private long expiresAtMs;
    private int failures;

    /** The registrar granted expiresSeconds at nowMs; returns the delay until the refresh. 0 seconds means unbound. */
    public long onSuccess(final long nowMs, final long expiresSeconds)
    {
        nextRetryMs = FIRST_RETRY_MS;
        failures = 0;
        if (expiresSeconds <= 0)
        {
            bound = false;
            return -1;
        }
        final long grantedMs = expiresSeconds * 1000;
        bound = true;
        expiresAtMs = nowMs + grantedMs;
        return refreshDelayMs(grantedMs);
    }

    /** The attempt failed (error response, timeout, transport); returns the delay until the retry. */
    public long onFailure(final long nowMs)
    {
        failures++;
        final long delay = nextRetryMs;
        nextRetryMs = Math.min(MAX_RETRY_MS, nextRetryMs * 2);
        if (bound && expiresAtMs - nowMs <= 0)
        {
            bound = false;
        }
        return delay;
    }

    /** True while a granted binding has not expired. */
    public boolean isRegistered(final long nowMs)
    {
        return bound && expiresAtMs - nowMs > 0;
    }

    /** Failures since the last success. */
    public int failures()
    {
        return failures;
    }

    /** When the binding expires (meaningful while registered). */
    public long expiresAtMs()
    {
        return expiresAtMs;
    }

    static long refreshDelayMs(final long grantedMs)
    {
        final long margin = Math.max(MIN_REFRESH_MARGIN_MS, grantedMs / 10);
        return Math.max(MIN_REFRESH_DELAY_MS, grantedMs - margin);
    }
}
