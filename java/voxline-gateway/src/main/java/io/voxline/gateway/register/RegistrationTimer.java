package io.voxline.gateway.register;

import java.util.random.RandomGenerator;

/**
 * When a line's registration is refreshed or retried, and whether it holds. Pure timing, no SIP, no clock of
 * its own: callers pass the time. A binding granted for E seconds is refreshed at E - max(5 s, 10 % of E)
 * (never sooner than 1 s, so a registrar granting tiny expiries cannot make a tight loop); a failure is retried
 * after 1 s, doubling up to 60 s, each delay moved by a random ±10 % so that many routers restarting together
 * (a power cut, a registrar coming back) spread out instead of retrying in step; a success resets the back-off.
 * A binding holds until its granted expiry, even while refreshes fail.
 *
 * <p>Re-registrations "at once" (our public address changed, the registrar came back, it lost our binding) are
 * {@link #onUrgent urgent}: the first goes now, a further one within {@link #URGENT_SPACING_MS} waits for the end
 * of that spacing, so no answer from a registrar, however odd, can make the line REGISTER in a loop.
 */
public final class RegistrationTimer
{
    public static final long FIRST_RETRY_MS = 1_000;
    public static final long MAX_RETRY_MS = 60_000;
    public static final long MIN_REFRESH_MARGIN_MS = 5_000;
    public static final long MIN_REFRESH_DELAY_MS = 1_000;
    /** A retry delay is moved by up to this fraction either way. */
    public static final double JITTER = 0.10;
    /** At most one urgent re-registration in this long. */
    public static final long URGENT_SPACING_MS = 30_000;

    private final RandomGenerator random;
    private long nextRetryMs = FIRST_RETRY_MS;
    private boolean bound;
    private long expiresAtMs;
    private int failures;
    private boolean urgentBefore;
    private long lastUrgentMs;
    private boolean flowLostBefore;
    private long lastFlowLostMs;

    /** random moves the retry delays (tests seed it). */
    public RegistrationTimer(final RandomGenerator random)
    {
        this.random = random;
    }

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
        final long delay = jittered(nextRetryMs);
        nextRetryMs = Math.min(MAX_RETRY_MS, nextRetryMs * 2);
        if (bound && expiresAtMs - nowMs <= 0)
        {
            bound = false;
        }
        return delay;
    }

    /**
     * A re-registration is wanted at once; returns how long it must wait: 0 when none went in the last
     * {@link #URGENT_SPACING_MS}, else until that spacing is over. Each call books its slot, so the caller asks
     * again only after the re-registration it was given has gone out.
     */
    public long onUrgent(final long nowMs)
    {
        final long slot = urgentBefore && lastUrgentMs + URGENT_SPACING_MS - nowMs > 0 ? lastUrgentMs + URGENT_SPACING_MS : nowMs;
        urgentBefore = true;
        lastUrgentMs = slot;
        return slot - nowMs;
    }

    /**
     * As {@link #onUrgent}, for a re-registration because the TCP/TLS connection the line registered over was lost:
     * with a spacing of its own, so a connection lost just after another urgent re-registration (a new Contact) is
     * still registered again at once, and a registrar that closes every connection it answers cannot make a loop.
     */
    public long onFlowLost(final long nowMs)
    {
        final long slot = flowLostBefore && lastFlowLostMs + URGENT_SPACING_MS - nowMs > 0 ?
            lastFlowLostMs + URGENT_SPACING_MS : nowMs;
        flowLostBefore = true;
        lastFlowLostMs = slot;
        return slot - nowMs;
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

    /** delayMs moved uniformly within ±{@link #JITTER}, never below 1 ms. */
    long jittered(final long delayMs)
    {
        final double factor = 1.0 + JITTER * (2.0 * random.nextDouble() - 1.0);
        return Math.max(1, Math.round(delayMs * factor));
    }

    static long refreshDelayMs(final long grantedMs)
    {
        final long margin = Math.max(MIN_REFRESH_MARGIN_MS, grantedMs / 10);
        return Math.max(MIN_REFRESH_DELAY_MS, grantedMs - margin);
    }
}
