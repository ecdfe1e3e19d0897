package io.voxline.sip.transport;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Who a source is, for limits kept per source (connections, rate): an IPv4 address, or an IPv6 address's /64,
 * since one subscriber or host holds a whole /64 and could otherwise take a fresh address for every attempt.
 * As one long, so tables of sources need no objects.
 */
public final class SourceKey
{
    /** IPv4 keys carry this tag in their upper half: ffff:ffff::/32 is reserved, no IPv6 source's /64 has it. */
    private static final long IPV4_TAG = 0xFFFF_FFFF_0000_0000L;

    private SourceKey()
    {
    }

    /** The key of address (copies its bytes once: callers compute it when a source first shows up, not per packet). */
    public static long of(final InetAddress address)
    {
        final byte[] b = address.getAddress();
        if (address instanceof Inet4Address)
        {
            return IPV4_TAG | ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
        }
        long key = 0;
        for (int i = 0; i < 8; i++)
        {
            key = key << 8 | (b[i] & 0xFFL);
        }
        return key;
    }

    /** A well-mixed hash of a key, for open addressing. */
    public static int hash(final long key)
    {
        final long x = key * 0x9E37_79B9_7F4A_7C15L;
        return (int)(x ^ (x >>> 32));
    }
}
