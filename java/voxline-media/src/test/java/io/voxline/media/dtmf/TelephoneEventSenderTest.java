package io.voxline.media.dtmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** A key held on the phone as RFC 4733 packets: from key-down to key-up, then three ends, then voice again. */
class TelephoneEventSenderTest
{
    private final TelephoneEventSender sender = new TelephoneEventSender();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4]);
    private final List<String> packets = new ArrayList<>();
    private int frameTs = 8000;

    /** One 20 ms frame tick: what goes out, as "M ts event [E] duration" or "voice ts". */
    private void tick(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (sender.wantsFrame())
            {
                assertEquals(TelephoneEvent.PAYLOAD_LENGTH, sender.writePacket(frameTs, 160, out, 0));
                packets.add((sender.marker() ? "M " : "") + sender.timestamp() + " " + TelephoneEvent.event(out, 0) +
                    (TelephoneEvent.end(out, 0) ? " E " : " ") + TelephoneEvent.duration(out, 0));
            }
            else
            {
                packets.add("voice " + frameTs);
            }
            frameTs += 160;
        }
    }

    @Test
    void aHeldKeyGrowsUntilItsKeyUpThenEndsThreeTimesAtItsLength()
    {
        assertTrue(sender.begin(TelephoneEvent.eventForDigit('5')));
        tick(4);
        // the key was down 100 ms; the event began a frame after the key (detection): it runs to 100 ms
        assertTrue(sender.end(5, 100));
        tick(5);
        assertEquals(List.of(
            "M 8000 5 160", "8000 5 320", "8000 5 480", "8000 5 640",
            "8000 5 E 800", "8000 5 E 800", "8000 5 E 800",
            "voice 9120", "voice 9280"), packets);
        assertEquals(1, sender.eventsSent());
        assertFalse(sender.isActive());
    }

    @Test
    void aKeyUpShorterThanWhatWasSentEndsAtOnceWithoutShrinking()
    {
        sender.begin(TelephoneEvent.eventForDigit('#'));
        tick(6);
        assertTrue(sender.end(11, 60));
        tick(4);
        assertEquals(List.of(
            "M 8000 11 160", "8000 11 320", "8000 11 480", "8000 11 640", "8000 11 800", "8000 11 960",
            "8000 11 E 960", "8000 11 E 960", "8000 11 E 960", "voice 9440"), packets);
    }

    @Test
    void aKeyUpBeforeItsEventBeganFixesTheQueuedLength()
    {
        sender.enqueue(TelephoneEvent.eventForDigit('1'), 40);
        sender.begin(TelephoneEvent.eventForDigit('2'));
        assertTrue(sender.end(2, 60));
        assertFalse(sender.end(3, 60), "no key 3 is down");
        tick(12);
        assertEquals(List.of(
            "M 8000 1 160", "8000 1 E 320", "8000 1 E 320", "8000 1 E 320",
            "voice 8640",
            "M 8800 2 160", "8800 2 320", "8800 2 E 480", "8800 2 E 480", "8800 2 E 480",
            "voice 9600", "voice 9760"), packets);
        assertEquals(2, sender.eventsSent());
    }

    @Test
    void aLostKeyUpEndsAtTheSafetyLimit()
    {
        sender.begin(TelephoneEvent.eventForDigit('9'));
        final int frames = TelephoneEventSender.MAX_HELD_SAMPLES / 160;
        tick(frames + TelephoneEventSender.END_PACKETS + 1);
        assertEquals("M 8000 9 160", packets.get(0));
        assertEquals("8000 9 E " + TelephoneEventSender.MAX_HELD_SAMPLES, packets.get(frames - 1));
        assertEquals("8000 9 E " + TelephoneEventSender.MAX_HELD_SAMPLES, packets.get(frames + 1));
        assertTrue(packets.get(frames + 2).startsWith("voice"), packets.get(frames + 2));
        assertFalse(sender.end(9, 200), "the late key-up finds nothing to end");
        tick(1);
        assertTrue(packets.get(packets.size() - 1).startsWith("voice"));
    }

    @Test
    void everyPacketOfTheHeldKeyIsHeardAsOneDigitOfItsFullLength()
    {
        final List<String> heard = new ArrayList<>();
        final TelephoneEventReceiver receiver = new TelephoneEventReceiver(
            (event, duration, endSeen) -> heard.add(TelephoneEvent.digitForEvent(event) + "/" + duration + (endSeen ? "" : "?")),
            400);
        sender.begin(TelephoneEvent.eventForDigit('*'));
        for (int i = 0; i < 20; i++)
        {
            if (i == 7)
            {
                sender.end(10, 150);
            }
            if (sender.wantsFrame())
            {
                sender.writePacket(frameTs, 160, out, 0);
                receiver.onPacket(sender.timestamp(), out, 0, 4, i * 20L);
            }
            frameTs += 160;
        }
        assertEquals(List.of("*/1200"), heard);
    }
}
