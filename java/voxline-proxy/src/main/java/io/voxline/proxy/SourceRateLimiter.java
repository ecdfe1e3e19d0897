package io.voxline.proxy;

import java.net.InetAddress;

import io.voxline.sip.transport.SourceKey;

/**
 * A token bucket per source (the port is the sender's to change), so one source flooding the proxy is dropped
 * before parsing while every other source goes on. A source is an IPv4 address or an IPv6 /64
 * ({@link SourceKey}): a host holds a whole /64 and would otherwise get a fresh bucket per address. Fixed size,
 * open addressing: a flood of spoofed sources cannot grow it. A new source takes a free slot among the
 * {@value #PROBE} it may use, else the one of them seen least recently, whose source starts again with a full
 * bucket if it returns (so pushing a source out needs {@value #PROBE} sources landing on the same slots and
 * all seen since it). Tokens are kept in thousandths. No allocation per datagram while the source stays that of
 * the datagram before. Owning thread only.
 */
final class SourceRateLimiter
{
    static final int SLOTS = 4096;
    static final int PROBE = 16;

    private final long ratePerSecond;
    private final long burstMilli;
    private final long[] keys = new long[SLOTS];
    private final boolean[] used = new boolean[SLOTS];
    private final long[] tokens = new long[SLOTS];
    private final long[] lastMs = new long[SLOTS];
    private long limited;
    /** The previous datagram's address and its key: a flood or a call repeats its source, so the key is reused. */
    private InetAddress lastAddress;
    private long lastKey;

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
        if (!address.equals(lastAddress))
        {
            lastKey = SourceKey.of(address);
            lastAddress = address;
        }
        final long key = lastKey;
        final int home = home(key);
        int slot = -1;
        int oldest = home;
        for (int k = 0; k < PROBE; k++)
        {
            final int i = (home + k) & (SLOTS - 1);
            if (!used[i] || keys[i] == key)
            {
                slot = i;
                break;
            }
            if (lastMs[i] - lastMs[oldest] < 0)
            {
                oldest = i;
            }
        }
        if (slot < 0 || !used[slot])
        {
            slot = slot < 0 ? oldest : slot;
            used[slot] = true;
            keys[slot] = key;
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

    /** The first slot a source may use. */
    static int home(final long key)
    {
        return SourceKey.hash(key) & (SLOTS - 1);
    }
}
