package io.voxline.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.SourceKey;

/** The limiter's buckets on their own: what a source is, and which bucket a new source takes when its slots are full. */
class SourceRateLimiterTest
{
    private final SourceRateLimiter limiter = new SourceRateLimiter(new ProxyConfig.Limits(10, 20));

    private static InetAddress ip(final String literal) throws Exception
    {
        // literals only: parsed, never looked up
        return InetAddress.getByName(literal);
    }

    /** Takes the whole burst of a's bucket at nowMs; true when exactly the burst was admitted. */
    private boolean drain(final InetAddress a, final long nowMs)
    {
        int admitted = 0;
        while (limiter.admit(a, nowMs))
        {
            admitted++;
        }
        return admitted == 20;
    }

    @Test
    void anIpv6HostIsOneSourceAcrossItsSlash64AndAnIpv4AddressIsOneSource() throws Exception
    {
        assertTrue(drain(ip("2001:db8:0:1::1"), 0));
        assertFalse(limiter.admit(ip("2001:db8:0:1::2"), 0), "another address of the same /64 shares the bucket");
        assertFalse(limiter.admit(ip("2001:db8:0:1:dead:beef:0:7"), 0));
        assertTrue(limiter.admit(ip("2001:db8:0:2::1"), 0), "the next /64 is another source");

        assertTrue(drain(ip("192.0.2.1"), 0));
        assertTrue(limiter.admit(ip("192.0.2.2"), 0), "IPv4 sources are single addresses");
        assertEquals(3 + 1, limiter.limited());
    }

    @Test
    void aNewSourceWhoseSlotsAreFullTakesTheBucketSeenLeastRecently() throws Exception
    {
        // PROBE + 1 sources that all start at the same slot
        final List<InetAddress> same = new ArrayList<>();
        final int home = SourceRateLimiter.home(SourceKey.of(ip("10.0.0.1")));
        for (int n = 1; same.size() <= SourceRateLimiter.PROBE; n++)
        {
            final InetAddress a = InetAddress.getByAddress(new byte[] {10, (byte)(n >>> 16), (byte)(n >>> 8), (byte)n});
            if (SourceRateLimiter.home(SourceKey.of(a)) == home)
            {
                same.add(a);
            }
        }
        // all drained at t=0 (the refill after 1 ms is 10/1000 of a token: still refused); then the first is seen
        // again, so the second is the one seen least recently
        for (int i = 0; i < SourceRateLimiter.PROBE; i++)
        {
            assertTrue(drain(same.get(i), 0));
        }
        assertFalse(limiter.admit(same.get(0), 1));
        assertTrue(limiter.admit(same.get(SourceRateLimiter.PROBE), 2), "the newcomer gets a bucket");
        assertFalse(limiter.admit(same.get(0), 2), "the recently seen one kept its empty bucket");
        assertTrue(limiter.admit(same.get(1), 2), "the least recently seen one was forgotten and starts full");
    }
}
