package io.voxline.proxy;

import java.net.InetAddress;

/**
 * A token bucket per source IP address (the port is the sender's to change), so one source flooding the proxy
 * is dropped before parsing while every other source goes on. Fixed size and open addressing: a flood of
 * spoofed addresses cannot grow it; when the few slots an address may use are taken, the one idle longest is
 * reused (an idle bucket is a full bucket, so forgetting it gives nothing away). Tokens are kept in
 * thousandths. No allocation per datagram. Owning thread only.
 */
final class SourceRateLimiter
{
    static final int SLOTS = 4096;
    private static final int PROBE = 16;

    private final long ratePerSecond;
    private final long burstMilli;
    private final InetAddress[] keys = new InetAddress[SLOTS];
    private final long[] tokens = new long[SLOTS];
    private final long[] lastMs = new long[SLOTS];
    private long limited;

    SourceRateLimiter(final ProxyConfig.Limits limits)
    {
        this.ratePerSecond = limits.perSecond();
        this.burstMilli = limits.burst() * 1000L;
    }

    /** True when a datagram from address at nowMs is within its source's budget (it takes a token). */
    boolean admit(final InetAddress address, final long nowMs)
    {
        if (ratePerSecond <= 0)
        {
            return true;
        }
        final int home = spread(address.hashCode()) & (SLOTS - 1);
        int slot = -1;
        int oldest = home;
        for (int k = 0; k < PROBE; k++)
        {
            final int i = (home + k) & (SLOTS - 1);
            if (keys[i] == null || keys[i].equals(address))
            {
                slot = i;
                break;
            }
            if (lastMs[i] - lastMs[oldest] < 0)
            {
                oldest = i;
            }
        }
        if (slot < 0 || keys[slot] == null)
        {
            slot = slot < 0 ? oldest : slot;
            keys[slot] = address;
            tokens[slot] = burstMilli;
            lastMs[slot] = nowMs;
        }
        final long elapsed = nowMs - lastMs[slot];
        if (elapsed > 0)
        {
            // rate tokens a second is rate thousandths a millisecond
            tokens[slot] = elapsed >= burstMilli ? burstMilli : Math.min(burstMilli, tokens[slot] + elapsed * ratePerSecond);
            lastMs[slot] = nowMs;
        }
        if (tokens[slot] >= 1000)
        {
            tokens[slot] -= 1000;
            return true;
        }
        limited++;
        return false;
    }

    /** Datagrams refused so far. */
    long limited()
    {
        return limited;
    }

    private static int spread(final int h)
    {
        final int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
