package io.voxline.media.rtp;

/**
 * What a receiver knows about one source (RFC 3550 appendix A.1 and A.8): the extended highest sequence
 * number, packets expected and received (so cumulative loss), and the interarrival jitter. Sequence
 * jumps beyond {@link #MAX_DROPOUT} restart the count once two packets in a row agree (the source restarted).
 * One owner thread; no allocation.
 */
public final class RtpReceptionStats
{
    public static final int MAX_DROPOUT = 3000;
    public static final int MAX_MISORDER = 100;

    private boolean started;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq;
    private long received;
    private boolean transitKnown;
    private int transit;
    /** Jitter in timestamp units, scaled by 16 (A.8's integer form). */
    private long jitterQ4;

    public void reset()
    {
        started = false;
        maxSeq = 0;
        cycles = 0;
        baseSeq = 0;
        badSeq = RtpSequence.MODULUS + 1;
        received = 0;
        transitKnown = false;
        transit = 0;
        jitterQ4 = 0;
    }

    public RtpReceptionStats()
    {
        reset();
    }

    /**
     * Counts one packet. Returns false for the first packet after a large jump (RFC 3550 A.1 treats it as
     * suspect until the next one follows it); true otherwise, including duplicates and reordered packets.
     */
    public boolean onPacket(final int seq)
    {
        if (!started)
        {
            restart(seq);
            received = 1;
            return true;
        }
        final int udelta = (seq - maxSeq) & RtpSequence.MASK;
        if (udelta < MAX_DROPOUT)
        {
            if (seq < maxSeq)
            {
                cycles += RtpSequence.MODULUS;
            }
            maxSeq = seq;
        }
        else if (udelta <= RtpSequence.MODULUS - MAX_MISORDER)
        {
            if (seq == badSeq)
            {
                // two sequential packets after a jump: the source restarted
                restart(seq);
            }
            else
            {
                badSeq = (seq + 1) & RtpSequence.MASK;
                return false;
            }
        }
        // else a duplicate or reordered packet: counted, max unchanged
        received++;
        return true;
    }

    /**
     * Updates the interarrival jitter from a packet's RTP timestamp and its arrival time in the same
     * units (samples of the clock rate).
     */
    public void onArrival(final int rtpTimestamp, final int arrivalTimestamp)
    {
        final int t = arrivalTimestamp - rtpTimestamp;
        if (transitKnown)
        {
            int d = t - transit;
            if (d < 0)
            {
                d = -d;
            }
            jitterQ4 += d - ((jitterQ4 + 8) >> 4);
        }
        transit = t;
        transitKnown = true;
    }

    private void restart(final int seq)
    {
        started = true;
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RtpSequence.MODULUS + 1;
        cycles = 0;
        received = 0;
    }

    public long extendedMaxSequence()
    {
        return cycles + maxSeq;
    }

    public long expected()
    {
        return started ? extendedMaxSequence() - baseSeq + 1 : 0;
    }

    public long received()
    {
        return received;
    }

    /** Cumulative packets lost: expected minus received, not below zero (duplicates can make it negative). */
    public long lost()
    {
        return Math.max(0, expected() - received);
    }

    /** Interarrival jitter in timestamp units. */
    public int jitter()
    {
        return (int)(jitterQ4 >> 4);
    }
}
