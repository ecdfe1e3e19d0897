package io.voxline.media.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class TelephoneEventTest
{
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[16]);
    private final List<String> heard = new ArrayList<>();
    private final TelephoneEventReceiver receiver = new TelephoneEventReceiver(
        (event, duration, endSeen) -> heard.add(TelephoneEvent.digitForEvent(event) + "/" + duration + (endSeen ? "" : "?")),
        400);

    private int packet(final int timestamp, final int event, final boolean end, final int duration, final long nowMs)
    {
        TelephoneEvent.write(payload, 0, event, end, 10, duration);
        return receiver.onPacket(timestamp, payload, 0, TelephoneEvent.PAYLOAD_LENGTH, nowMs);
    }

    @Test
    void payloadLayoutIsRfc4733()
    {
        TelephoneEvent.write(payload, 0, 11, true, 10, 1600);
        assertEquals(11, payload.getByte(0));
        assertEquals((byte)0x8A, payload.getByte(1));
        assertEquals(0x06, payload.getByte(2));
        assertEquals(0x40, payload.getByte(3));
        assertEquals(11, TelephoneEvent.event(payload, 0));
        assertTrue(TelephoneEvent.end(payload, 0));
        assertEquals(10, TelephoneEvent.volume(payload, 0));
        assertEquals(1600, TelephoneEvent.duration(payload, 0));
        assertEquals('#', TelephoneEvent.digitForEvent(11));
        assertEquals(15, TelephoneEvent.eventForDigit('d'));
        assertEquals(-1, TelephoneEvent.eventForDigit('x'));
        assertEquals(0, TelephoneEvent.digitForEvent(TelephoneEvent.FLASH));
    }

    @Test
    void aDigitIsReportedOnceThoughItsEndIsSentThreeTimes()
    {
        assertEquals(TelephoneEventReceiver.STARTED, packet(8000, 5, false, 160, 0));
        assertEquals(TelephoneEventReceiver.CONTINUED, packet(8000, 5, false, 320, 20));
        assertEquals(TelephoneEventReceiver.CONTINUED, packet(8000, 5, false, 480, 40));
        assertEquals(TelephoneEventReceiver.REPORTED, packet(8000, 5, true, 640, 60));
        assertEquals(TelephoneEventReceiver.IGNORED, packet(8000, 5, true, 640, 80));
        assertEquals(TelephoneEventReceiver.IGNORED, packet(8000, 5, true, 640, 100));
        assertFalse(receiver.poll(10_000));
        assertEquals(List.of("5/640"), heard);
    }

    @Test
    void theSameKeyPressedTwiceIsTwoEvents()
    {
        packet(8000, 1, false, 160, 0);
        packet(8000, 1, true, 800, 100);
        packet(8000, 1, true, 800, 120);
        packet(9600, 1, false, 160, 200);
        packet(9600, 1, true, 800, 300);
        assertEquals(List.of("1/800", "1/800"), heard);
    }

    @Test
    void whenEveryEndPacketIsLostTheNextEventOrATimeoutClosesIt()
    {
        packet(8000, 2, false, 160, 0);
        packet(8000, 2, false, 320, 20);
        packet(9600, 3, false, 160, 200);
        assertEquals(List.of("2/320?"), heard);
        assertFalse(receiver.poll(500));
        assertTrue(receiver.poll(600));
        assertEquals(List.of("2/320?", "3/160?"), heard);
        assertFalse(receiver.poll(5000));
    }

    @Test
    void packetsOfAnEarlierEventAreIgnored()
    {
        packet(9600, 4, false, 160, 0);
        assertEquals(TelephoneEventReceiver.IGNORED, packet(8000, 7, true, 800, 10));
        packet(9600, 4, true, 480, 20);
        assertEquals(List.of("4/480"), heard);
    }

    @Test
    void aLongEventSentInSegmentsIsOneEvent()
    {
        // RFC 4733 2.5.1.3: the second segment starts where the first one's duration ended
        packet(0, 9, false, 0xFFFF, 0);
        assertEquals(TelephoneEventReceiver.CONTINUED, packet(0xFFFF, 9, false, 800, 20));
        packet(0xFFFF, 9, true, 1600, 40);
        assertEquals(List.of("9/" + (0xFFFF + 1600)), heard);
    }

    @Test
    void aShortPayloadIsMalformed()
    {
        assertEquals(TelephoneEventReceiver.MALFORMED, receiver.onPacket(1, payload, 0, 3, 0));
        assertTrue(heard.isEmpty());
    }

    @Test
    void theSenderWritesStartUpdatesAndThreeEnds()
    {
        final TelephoneEventSender sender = new TelephoneEventSender();
        assertFalse(sender.wantsFrame());
        assertTrue(sender.enqueue(TelephoneEvent.eventForDigit('7'), 100));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4]);
        final List<String> packets = new ArrayList<>();
        int frameTs = 1000;
        for (int tick = 0; tick < 10; tick++)
        {
            if (sender.wantsFrame())
            {
                sender.writePacket(frameTs, 160, out, 0);
                packets.add((sender.marker() ? "M " : "") + sender.timestamp() + " " + TelephoneEvent.event(out, 0) +
                    (TelephoneEvent.end(out, 0) ? " E " : " ") + TelephoneEvent.duration(out, 0));
            }
            else
            {
                packets.add("voice " + frameTs);
            }
            frameTs += 160;
        }
        assertEquals(List.of(
            "M 1000 7 160", "1000 7 320", "1000 7 480", "1000 7 640", "1000 7 E 800", "1000 7 E 800", "1000 7 E 800",
            "voice 2120", "voice 2280", "voice 2440"), packets);
        assertEquals(1, sender.eventsSent());
    }

    @Test
    void queuedEventsAreSeparatedByAVoiceFrameAndReceivedOnceEach()
    {
        final TelephoneEventSender sender = new TelephoneEventSender();
        for (final char digit : "19#".toCharArray())
        {
            sender.enqueue(TelephoneEvent.eventForDigit(digit), 60);
        }
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4]);
        int frameTs = 0;
        int voiceFrames = 0;
        for (int tick = 0; tick < 40; tick++)
        {
            if (sender.wantsFrame())
            {
                sender.writePacket(frameTs, 160, out, 0);
                receiver.onPacket(sender.timestamp(), out, 0, 4, tick * 20L);
            }
            else
            {
                voiceFrames++;
            }
            frameTs += 160;
        }
        assertEquals(List.of("1/480", "9/480", "#/480"), heard);
        // each event: 160, 320, then 480 with the end bit three times = 5 packets
        assertEquals(40 - 3 * 5, voiceFrames);
        assertEquals(0, sender.queued());
    }
}
