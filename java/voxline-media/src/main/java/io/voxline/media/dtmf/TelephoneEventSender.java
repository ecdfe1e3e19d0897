package io.voxline.media.dtmf;

import org.agrona.MutableDirectBuffer;

/**
 * Turns queued events into RFC 4733 packets, one per frame tick in place of the voice packet: the first
 * with the marker bit, updates with a growing duration, then the end packet three times (RFC 4733 2.5.1.4).
 * Every packet of an event carries the timestamp of the frame where it began. An event has a length known
 * up front ({@link #enqueue}), or lasts while a key is held ({@link #begin} at key-down, {@link #end} at
 * key-up, as a DSP reports them). One owner thread; a small fixed queue, no allocation.
 */
public final class TelephoneEventSender
{
    public static final int END_PACKETS = 3;
    /**
     * A key held longer than this without its key-up (a lost report) ends on its own: 5 s, far longer than
     * anyone keys a digit, and below the 16-bit duration field (8.19 s at 8 kHz) so one event never wraps.
     */
    public static final int MAX_HELD_SAMPLES = 5 * 8000;
    private static final int QUEUE = 16;
    /** A queued length meaning "until its key-up". */
    private static final int HELD = -1;

    private final int[] queuedEvent = new int[QUEUE];
    private final int[] queuedSamples = new int[QUEUE];
    private int head;
    private int tail;

    private boolean active;
    private int event;
    private int volume = TelephoneEvent.DEFAULT_VOLUME;
    private int targetSamples;
    /** The active event waits for its key-up (its target is only the safety limit). */
    private boolean held;
    private int duration;
    private int timestamp;
    private int endsLeft;
    private boolean marker;
    /** One voice frame between events, so each has its own start. */
    private boolean gap;
    private long eventsSent;

    public void reset()
    {
        head = 0;
        tail = 0;
        active = false;
        held = false;
        gap = false;
    }

    /** Queues an event of durationMs; returns false when the queue is full or the event is unknown. */
    public boolean enqueue(final int event, final int durationMs)
    {
        if (event < 0 || event > 255 || tail - head == QUEUE)
        {
            return false;
        }
        queuedEvent[tail & (QUEUE - 1)] = event;
        queuedSamples[tail & (QUEUE - 1)] = Math.min(TelephoneEvent.MAX_DURATION, Math.max(1, durationMs) * 8);
        tail++;
        return true;
    }

    /** Queues an event that lasts until {@link #end}; false when the queue is full or the event is unknown. */
    public boolean begin(final int event)
    {
        if (event < 0 || event > 255 || tail - head == QUEUE)
        {
            return false;
        }
        queuedEvent[tail & (QUEUE - 1)] = event;
        queuedSamples[tail & (QUEUE - 1)] = HELD;
        tail++;
        return true;
    }

    /**
     * The key of a {@link #begin} event went up after durationMs: the event runs to at least that length (it
     * began a frame or two after the key went down) and then sends its ends. False when no held event of that
     * code is sending or queued (it ended at the safety limit, or it was never begun).
     */
    public boolean end(final int event, final int durationMs)
    {
        final int samples = Math.min(MAX_HELD_SAMPLES, Math.max(1, durationMs) * 8);
        if (active && held && this.event == event)
        {
            held = false;
            targetSamples = Math.max(duration, samples);
            return true;
        }
        for (int i = tail - 1; i - head >= 0; i--)
        {
            if (queuedSamples[i & (QUEUE - 1)] == HELD && queuedEvent[i & (QUEUE - 1)] == event)
            {
                queuedSamples[i & (QUEUE - 1)] = samples;
                return true;
            }
        }
        return false;
    }

    /** True when this frame tick sends an event packet (call {@link #writePacket} then) instead of voice. */
    public boolean wantsFrame()
    {
        if (active)
        {
            return true;
        }
        if (gap)
        {
            gap = false;
            return false;
        }
        return head != tail;
    }

    /**
     * Writes this tick's payload at offset; {@code frameTimestamp} is the RTP timestamp the voice frame would
     * have had and {@code frameSamples} its length. Read {@link #marker()} and {@link #timestamp()} after.
     * Returns the payload length.
     */
    public int writePacket(final int frameTimestamp, final int frameSamples, final MutableDirectBuffer buffer, final int offset)
    {
        if (!active)
        {
            event = queuedEvent[head & (QUEUE - 1)];
            final int samples = queuedSamples[head & (QUEUE - 1)];
            held = samples == HELD;
            targetSamples = held ? MAX_HELD_SAMPLES : samples;
            head++;
            active = true;
            timestamp = frameTimestamp;
            duration = 0;
            endsLeft = END_PACKETS;
            marker = true;
        }
        else
        {
            marker = false;
        }
        if (duration < targetSamples)
        {
            duration = Math.min(targetSamples, duration + frameSamples);
        }
        final boolean end = duration >= targetSamples;
        if (end && --endsLeft == 0)
        {
            active = false;
            held = false;
            gap = true;
            eventsSent++;
        }
        return TelephoneEvent.write(buffer, offset, event, end, volume, duration);
    }

    public boolean marker()
    {
        return marker;
    }

    /** The RTP timestamp of the packet just written: the start of its event. */
    public int timestamp()
    {
        return timestamp;
    }

    public boolean isActive()
    {
        return active;
    }

    public int queued()
    {
        return tail - head;
    }

    public long eventsSent()
    {
        return eventsSent;
    }

    public void volume(final int volume)
    {
        this.volume = volume;
    }
}
