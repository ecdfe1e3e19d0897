package io.voxline.media.dtmf;

import org.agrona.DirectBuffer;

import io.voxline.media.rtp.RtpSequence;

/**
 * Turns received RFC 4733 packets into one report per event. An event is identified by its RTP timestamp
 * (its start); it is reported when its first end packet arrives, and the two redundant end packets that
 * follow are ignored. If every end packet is lost, the event is reported when the next event starts or
 * after {@code timeoutMs} without packets. Long events split into segments (RFC 4733 2.5.1.3) are joined.
 * One owner thread; no allocation.
 */
public final class TelephoneEventReceiver
{
    public static final int MALFORMED = -1;
    /** A retransmitted end packet, or a packet of an event already over. */
    public static final int IGNORED = 0;
    public static final int STARTED = 1;
    public static final int CONTINUED = 2;
    public static final int REPORTED = 3;

    public static final long DEFAULT_TIMEOUT_MS = 400;

    private final TelephoneEventListener listener;
    private final long timeoutMs;

    private boolean active;
    private boolean reported;
    private int eventTimestamp;
    private int event;
    private int duration;
    private int earlierSegments;
    private long lastPacketMs;
    private long eventsReported;

    public TelephoneEventReceiver(final TelephoneEventListener listener)
    {
        this(listener, DEFAULT_TIMEOUT_MS);
    }

    public TelephoneEventReceiver(final TelephoneEventListener listener, final long timeoutMs)
    {
        this.listener = listener;
        this.timeoutMs = timeoutMs;
    }

    /** Forgets the current event without reporting it (a new stream). */
    public void reset()
    {
        active = false;
        reported = false;
        duration = 0;
        earlierSegments = 0;
    }

    /** One telephone-event packet: its RTP timestamp and payload. Returns what it did (STARTED ... MALFORMED). */
    public int onPacket(final int rtpTimestamp, final DirectBuffer buffer, final int offset, final int length, final long nowMs)
    {
        if (length < TelephoneEvent.PAYLOAD_LENGTH)
        {
            return MALFORMED;
        }
        final int ev = TelephoneEvent.event(buffer, offset);
        final boolean end = TelephoneEvent.end(buffer, offset);
        final int dur = TelephoneEvent.duration(buffer, offset);

        if (active)
        {
            final int age = RtpSequence.timestampDistance(eventTimestamp, rtpTimestamp);
            if (age == 0)
            {
                if (reported)
                {
                    return IGNORED;
                }
                lastPacketMs = nowMs;
                duration = Math.max(duration, dur);
                if (end)
                {
                    report(true);
                    return REPORTED;
                }
                return CONTINUED;
            }
            if (age < 0)
            {
                return IGNORED;
            }
            if (!reported)
            {
                if (ev == event && age == duration)
                {
                    // the next segment of a long event: same event, starting where the last one ended
                    earlierSegments += duration;
                    eventTimestamp = rtpTimestamp;
                    duration = dur;
                    lastPacketMs = nowMs;
                    if (end)
                    {
                        report(true);
                        return REPORTED;
                    }
                    return CONTINUED;
                }
                report(false);
            }
        }

        active = true;
        reported = false;
        eventTimestamp = rtpTimestamp;
        event = ev;
        duration = dur;
        earlierSegments = 0;
        lastPacketMs = nowMs;
        if (end)
        {
            report(true);
            return REPORTED;
        }
        return STARTED;
    }

    /** Closes an event whose end packets never came; returns true when it reported one. */
    public boolean poll(final long nowMs)
    {
        if (active && !reported && nowMs - lastPacketMs >= timeoutMs)
        {
            report(false);
            return true;
        }
        return false;
    }

    private void report(final boolean endSeen)
    {
        reported = true;
        eventsReported++;
        listener.onTelephoneEvent(event, earlierSegments + duration, endSeen);
    }

    /** True while an event has started and not yet been reported. */
    public boolean inEvent()
    {
        return active && !reported;
    }

    public long eventsReported()
    {
        return eventsReported;
    }
}
