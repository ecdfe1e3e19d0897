package io.voxline.media;

import org.agrona.BufferUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One line's media counters. Written only by the media agent (release stores), readable from any thread
 * (volatile loads), so a test or the console sees whole values. Cleared when a session starts.
 */
public final class MediaStats
{
    static final int PACKETS_SENT = 0;
    static final int OCTETS_SENT = 1;
    static final int PACKETS_RECEIVED = 2;
    static final int OCTETS_RECEIVED = 3;
    static final int PACKETS_LOST = 4;
    static final int LATE = 5;
    static final int DUPLICATES = 6;
    static final int FRAMES_PLAYED = 7;
    static final int CONCEALED = 8;
    static final int UNDERRUNS = 9;
    static final int JITTER = 10;
    static final int DISCARDED = 11;
    static final int DIGITS_RECEIVED = 12;
    static final int DIGITS_SENT = 13;
    static final int SEND_ERRORS = 14;
    static final int RECEIVE_ERRORS = 15;
    static final int BOARD_ERRORS = 16;
    static final int FRAMES_READ = 17;
    private static final int FIELDS = 18;

    private final AtomicBuffer counters = new UnsafeBuffer(BufferUtil.allocateDirectAligned(FIELDS * Long.BYTES, 64));

    void clear()
    {
        for (int i = 0; i < FIELDS; i++)
        {
            counters.putLongRelease(i * Long.BYTES, 0);
        }
    }

    void increment(final int field)
    {
        counters.addLongRelease(field * Long.BYTES, 1);
    }

    void add(final int field, final long delta)
    {
        counters.addLongRelease(field * Long.BYTES, delta);
    }

    void set(final int field, final long value)
    {
        counters.putLongRelease(field * Long.BYTES, value);
    }

    private long get(final int field)
    {
        return counters.getLongVolatile(field * Long.BYTES);
    }

    /** RTP packets sent (voice and telephone-event). */
    public long packetsSent()
    {
        return get(PACKETS_SENT);
    }

    /** RTP payload octets sent (RFC 3550's sender octet count). */
    public long octetsSent()
    {
        return get(OCTETS_SENT);
    }

    /** RTP packets accepted from the remote (right SSRC and payload type). */
    public long packetsReceived()
    {
        return get(PACKETS_RECEIVED);
    }

    public long octetsReceived()
    {
        return get(OCTETS_RECEIVED);
    }

    /** Cumulative packets lost per RFC 3550 A.3: expected (from the extended sequence) minus received. */
    public long packetsLost()
    {
        return get(PACKETS_LOST);
    }

    /** Voice packets that arrived after their playout time and were dropped. */
    public long late()
    {
        return get(LATE);
    }

    public long duplicates()
    {
        return get(DUPLICATES);
    }

    /** Received frames written to the earpiece. */
    public long framesPlayed()
    {
        return get(FRAMES_PLAYED);
    }

    /** Earpiece frames made up (repeat or silence) for a lost or missing packet. */
    public long concealed()
    {
        return get(CONCEALED);
    }

    public long underruns()
    {
        return get(UNDERRUNS);
    }

    /** Interarrival jitter (RFC 3550 A.8) in timestamp units (8 per ms). */
    public long jitter()
    {
        return get(JITTER);
    }

    public double jitterMs()
    {
        return jitter() / 8.0;
    }

    /** Datagrams dropped: malformed, unknown payload type, or a foreign SSRC. */
    public long discarded()
    {
        return get(DISCARDED);
    }

    public long digitsReceived()
    {
        return get(DIGITS_RECEIVED);
    }

    public long digitsSent()
    {
        return get(DIGITS_SENT);
    }

    public long sendErrors()
    {
        return get(SEND_ERRORS);
    }

    public long receiveErrors()
    {
        return get(RECEIVE_ERRORS);
    }

    public long boardErrors()
    {
        return get(BOARD_ERRORS);
    }

    /** Mouthpiece frames read from the board. */
    public long framesRead()
    {
        return get(FRAMES_READ);
    }

    @Override
    public String toString()
    {
        return "sent=" + packetsSent() + " received=" + packetsReceived() + " lost=" + packetsLost() +
            " late=" + late() + " dup=" + duplicates() + " played=" + framesPlayed() + " concealed=" + concealed() +
            " jitter=" + jitterMs() + "ms discarded=" + discarded() + " digitsRx=" + digitsReceived() +
            " digitsTx=" + digitsSent() + " errors=" + sendErrors() + "/" + receiveErrors() + "/" + boardErrors();
    }
}
