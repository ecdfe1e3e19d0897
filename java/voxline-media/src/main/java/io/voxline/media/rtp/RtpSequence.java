package io.voxline.media.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers and 32-bit timestamps, both of which wrap around.
 * Sequence numbers are held as ints in [0, 65535]; timestamps as the raw 32 bits in an int.
 */
public final class RtpSequence
{
    public static final int MODULUS = 1 << 16;
    public static final int MASK = MODULUS - 1;

    private RtpSequence()
    {
    }

    public static int next(final int seq)
    {
        return (seq + 1) & MASK;
    }

    public static int add(final int seq, final int delta)
    {
        return (seq + delta) & MASK;
    }

    /** Signed distance from {@code from} to {@code to} in [-32768, 32767]: positive when {@code to} is newer. */
    public static int distance(final int from, final int to)
    {
        return (short)(to - from);
    }

    /** True when {@code a} comes after {@code b} (less than half the sequence space ahead). */
    public static boolean isNewer(final int a, final int b)
    {
        return distance(b, a) > 0;
    }

    /** Signed distance between two RTP timestamps, wrapping at 2^32. */
    public static int timestampDistance(final int from, final int to)
    {
        return to - from;
    }

    /** True when timestamp {@code a} comes after {@code b}. */
    public static boolean isNewerTimestamp(final int a, final int b)
    {
        return b - a < 0;
    }
}
