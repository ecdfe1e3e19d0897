package io.voxline.media.jitter;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.media.rtp.RtpSequence;

/**
 * A fixed-depth jitter buffer of encoded frames, keyed by RTP sequence number. The owner inserts packets as
 * they arrive and takes them in order as its playout, on the board's clock, needs more audio (one per board
 * frame when the far end's packets match it, more or fewer when they do not).
 * <ul>
 * <li>Playout starts {@code playoutDelay} takes after the first packet, so that much jitter is absorbed.</li>
 * <li>A packet older than the one due next is late and dropped; one already buffered is a duplicate.</li>
 * <li>A frame missing while later ones wait is lost: the last frame is repeated once, then silence.</li>
 * <li>An empty buffer is an underrun: the frame is concealed but the position holds, as the packet is
 *     probably only late (this adds a frame of delay, which {@code maxLatency} bounds).</li>
 * <li>A packet too far ahead for the slots pushes the oldest out; after a long silence the buffer
 *     starts over with the next packet.</li>
 * </ul>
 * One owner thread; all storage is allocated in the constructor.
 */
public final class JitterBuffer
{
    public static final int ACCEPTED = 0;
    public static final int LATE = 1;
    public static final int DUPLICATE = 2;
    public static final int TOO_LARGE = 3;

    private static final int EMPTY = -1;
    /** Slot length meaning "this sequence number carried no audio" (e.g. a telephone-event): plays silence. */
    private static final int GAP = 0;

    private final int capacity;
    private final int mask;
    private final int maxFrameBytes;
    private final int playoutDelay;
    private final int maxLatency;
    private final int maxRepeats;
    private final UnsafeBuffer store;
    private final int lastFrameOffset;
    private final int[] slotSeq;
    private final int[] slotLen;

    private boolean started;
    private int playSeq;
    private int holdTakes;
    private int buffered;
    private int emptyTakes;
    private int consecutiveLate;
    private int lastFrameLength;
    private int repeatsLeft;

    private long received;
    private long played;
    private long late;
    private long duplicates;
    private long lost;
    private long concealed;
    private long underruns;
    private long dropped;
    private long restarts;

    /** A buffer whose delay may grow to half its slots beyond the playout delay before it is trimmed. */
    public JitterBuffer(final int capacity, final int maxFrameBytes, final int playoutDelay)
    {
        this(capacity, maxFrameBytes, playoutDelay, Math.min(capacity - 1, playoutDelay + capacity / 2));
    }

    /**
     * @param capacity      slots (a power of two): how far ahead of playout a packet may arrive
     * @param maxFrameBytes the largest payload a slot holds
     * @param playoutDelay  takes to wait after the first packet before playing (0 .. capacity - 1)
     * @param maxLatency    frames that may still wait after a take; beyond that the oldest are dropped
     *                      (playoutDelay .. capacity - 1)
     */
    public JitterBuffer(final int capacity, final int maxFrameBytes, final int playoutDelay, final int maxLatency)
    {
        if (capacity < 2 || Integer.bitCount(capacity) != 1 || capacity > 1024)
        {
            throw new IllegalArgumentException("capacity must be a power of two in [2, 1024]: " + capacity);
        }
        if (playoutDelay < 0 || playoutDelay >= capacity)
        {
            throw new IllegalArgumentException("playoutDelay must be in [0, " + (capacity - 1) + "]: " + playoutDelay);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxFrameBytes = maxFrameBytes;
        this.playoutDelay = playoutDelay;
        if (maxLatency < playoutDelay || maxLatency >= capacity)
        {
            throw new IllegalArgumentException("maxLatency must be in [" + playoutDelay + ", " + (capacity - 1) + "]: " + maxLatency);
        }
        this.maxLatency = maxLatency;
        this.maxRepeats = 1;
        this.store = new UnsafeBuffer(new byte[(capacity + 1) * maxFrameBytes]);
        this.lastFrameOffset = capacity * maxFrameBytes;
        this.slotSeq = new int[capacity];
        this.slotLen = new int[capacity];
        reset();
    }

    /** Forgets every frame and starts over with the next packet; counters are kept. */
    public void reset()
    {
        started = false;
        buffered = 0;
        emptyTakes = 0;
        consecutiveLate = 0;
        lastFrameLength = 0;
        repeatsLeft = 0;
        Arrays.fill(slotLen, EMPTY);
    }

    /** Zeroes the counters. */
    public void resetCounters()
    {
        received = 0;
        played = 0;
        late = 0;
        duplicates = 0;
        lost = 0;
        concealed = 0;
        underruns = 0;
        dropped = 0;
        restarts = 0;
    }

    /** Buffers a frame; returns ACCEPTED, LATE, DUPLICATE or TOO_LARGE. */
    public int insert(final int seq, final DirectBuffer src, final int offset, final int length)
    {
        if (length > maxFrameBytes)
        {
            return TOO_LARGE;
        }
        final int slot = place(seq);
        if (slot < 0)
        {
            return -slot;
        }
        if (length > 0)
        {
            store.putBytes(slot * maxFrameBytes, src, offset, length);
        }
        slotSeq[slot] = seq;
        slotLen[slot] = length;
        buffered++;
        received++;
        return ACCEPTED;
    }

    /**
     * Marks a sequence number that carried no audio (a telephone-event or comfort-noise packet of the same
     * stream), so playout moves past it on time with silence instead of counting it lost.
     */
    public int insertGap(final int seq)
    {
        final int slot = place(seq);
        if (slot < 0)
        {
            return -slot;
        }
        slotSeq[slot] = seq;
        slotLen[slot] = GAP;
        buffered++;
        return ACCEPTED;
    }

    /** Finds the slot for seq, making room if needed; a negative result is minus LATE or minus DUPLICATE. */
    private int place(final int seq)
    {
        if (!started)
        {
            start(seq);
        }
        int d = RtpSequence.distance(playSeq, seq);
        if (d < 0)
        {
            late++;
            if (++consecutiveLate < capacity)
            {
                return -LATE;
            }
            // a run of "late" packets means the sender's numbering moved back: follow it
            restart(seq);
            d = 0;
        }
        consecutiveLate = 0;
        if (d >= capacity)
        {
            if (buffered == 0)
            {
                // nothing waiting: jump straight to the new position
                playSeq = seq;
                restarts++;
            }
            else
            {
                advanceTo(RtpSequence.add(seq, 1 - capacity));
            }
        }
        final int slot = seq & mask;
        if (slotLen[slot] != EMPTY && slotSeq[slot] == seq)
        {
            duplicates++;
            return -DUPLICATE;
        }
        return slot;
    }

    private void start(final int seq)
    {
        started = true;
        playSeq = seq;
        holdTakes = playoutDelay;
        emptyTakes = 0;
    }

    private void restart(final int seq)
    {
        Arrays.fill(slotLen, EMPTY);
        buffered = 0;
        restarts++;
        start(seq);
    }

    /** Moves the playout position forward to seq, dropping whatever was buffered before it. */
    private void advanceTo(final int seq)
    {
        while (playSeq != seq)
        {
            final int slot = playSeq & mask;
            if (slotLen[slot] != EMPTY && slotSeq[slot] == playSeq)
            {
                slotLen[slot] = EMPTY;
                buffered--;
                dropped++;
            }
            playSeq = RtpSequence.next(playSeq);
        }
    }

    /**
     * Takes the frame due now into dst at offset. Returns its length (a received frame, or the last one
     * repeated to conceal a loss), or 0 when silence should be played instead.
     */
    public int take(final MutableDirectBuffer dst, final int offset)
    {
        if (!started)
        {
            return 0;
        }
        if (holdTakes > 0)
        {
            holdTakes--;
            return 0;
        }
        if (buffered - 1 > maxLatency)
        {
            // delay grew past the limit (underruns, a burst after a stall): drop the oldest to catch up
            advanceTo(RtpSequence.add(playSeq, buffered - 1 - maxLatency));
        }
        final int slot = playSeq & mask;
        if (slotLen[slot] != EMPTY && slotSeq[slot] == playSeq)
        {
            final int length = slotLen[slot];
            slotLen[slot] = EMPTY;
            buffered--;
            emptyTakes = 0;
            playSeq = RtpSequence.next(playSeq);
            if (length == GAP)
            {
                repeatsLeft = 0;
                return 0;
            }
            dst.putBytes(offset, store, slot * maxFrameBytes, length);
            store.putBytes(lastFrameOffset, store, slot * maxFrameBytes, length);
            lastFrameLength = length;
            repeatsLeft = maxRepeats;
            played++;
            return length;
        }
        if (buffered > 0)
        {
            lost++;
            playSeq = RtpSequence.next(playSeq);
            return conceal(dst, offset);
        }
        if (++emptyTakes > capacity)
        {
            // the far end went quiet (hold, silence suppression): start over with its next packet
            started = false;
            return 0;
        }
        underruns++;
        return conceal(dst, offset);
    }

    private int conceal(final MutableDirectBuffer dst, final int offset)
    {
        concealed++;
        if (repeatsLeft > 0 && lastFrameLength > 0)
        {
            repeatsLeft--;
            dst.putBytes(offset, store, lastFrameOffset, lastFrameLength);
            return lastFrameLength;
        }
        return 0;
    }

    public int capacity()
    {
        return capacity;
    }

    public int playoutDelay()
    {
        return playoutDelay;
    }

    /** Frames (and gaps) waiting to be played. */
    public int buffered()
    {
        return buffered;
    }

    /** The sequence number due next, meaningful once started. */
    public int nextSequence()
    {
        return playSeq;
    }

    public boolean isStarted()
    {
        return started;
    }

    /** Frames accepted into the buffer. */
    public long received()
    {
        return received;
    }

    /** Received frames played out. */
    public long played()
    {
        return played;
    }

    /** Packets that arrived after their playout time. */
    public long late()
    {
        return late;
    }

    public long duplicates()
    {
        return duplicates;
    }

    /** Frames missing at their playout time while later ones had arrived. */
    public long lost()
    {
        return lost;
    }

    /** Takes answered by repeating the last frame or by silence, for a loss or an underrun. */
    public long concealed()
    {
        return concealed;
    }

    /** Takes that found the buffer empty while playing. */
    public long underruns()
    {
        return underruns;
    }

    /** Buffered frames dropped to bound the delay. */
    public long dropped()
    {
        return dropped;
    }

    /** Times the buffer followed a jump in the sender's numbering. */
    public long restarts()
    {
        return restarts;
    }
}
