package io.voxline.media.dtmf;

import org.agrona.MutableDirectBuffer;

/**
 * Turns queued events into RFC 4733 packets, one per frame tick in place of the voice packet: the first
 * with the marker bit, updates with a growing duration, then the end packet three times (RFC 4733 2.5.1.4).
 * Every packet of an event carries the timestamp of the frame where it began. One owner thread; a small
 * fixed queue, no allocation.
 */
public final class TelephoneEventSender
{
    public static final int END_PACKETS = 3;
    private static final int QUEUE = 16;

    private final int[] queuedEvent = new int[QUEUE];
    private final int[] queuedSamples = new int[QUEUE];
    private int head;
    private int tail;

    private boolean active;
    private int event;
    private int volume = TelephoneEvent.DEFAULT_VOLUME;
    private int targetSamples;
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
            targetSamples = queuedSamples[head & (QUEUE - 1)];
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
