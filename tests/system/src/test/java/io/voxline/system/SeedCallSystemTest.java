package io.voxline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.app.capture.CapturedPacket;
import io.voxline.app.demo.Element;
import io.voxline.app.demo.SeedCall;
import io.voxline.app.demo.SipHop;
import io.voxline.app.demo.StoryCheck;
import io.voxline.journal.CallDirection;
import io.voxline.journal.CallHistory;
import io.voxline.journal.CallRecord;

/** The story of issue 2, end to end on loopback: phones, boards, reactors, SIP, two proxies, voice. */
class SeedCallSystemTest
{
    @TempDir
    Path journal;

    @Test
    void phoneACallsPhoneBThroughTwoProxiesAndTheyTalk()
    {
        final StoryCheck wire;
        try (SeedCall story = new SeedCall(journal.resolve("router-a"), System.out))
        {
            assertTrue(story.playStory(), "every step the phones can observe: " + story.steps());
            wire = story.checkWire();
            assertTrue(wire.ok(), "what crossed the sockets: " + wire.failures() + "\nhops:\n" + describe(wire.hops()));
            assertEquals(7, wire.passed().size(), wire.passed().toString());

            final List<Element> elements = story.elements();
            final Element a = elements.get(0);
            final Element b = elements.get(3);
            final List<CapturedPacket> packets = story.packets();
            final long rtp = packets.stream().filter(CapturedPacket::isRtp).count();
            assertTrue(rtp > 50, "a few seconds of 20 ms voice frames crossed: " + rtp);
            for (final CapturedPacket p : packets)
            {
                if (p.isRtp())
                {
                    assertTrue((a.owns(p.source()) && b.owns(p.destination())) || (b.owns(p.source()) && a.owns(p.destination())),
                        "RTP only between the two gateways, never through a proxy: " + p.source() + " -> " + p.destination());
                }
            }
            for (final SipHop h : wire.hops())
            {
                assertTrue(h.viaCount() >= 1 && h.viaCount() <= 3, "Via stack of " + h.label() + ": " + h.viaSentBy());
            }
        }

        final CallRecord out = only(CallHistory.read(journal.resolve("router-a")).calls());
        final CallRecord in = only(CallHistory.read(SeedCall.journalOfB(journal.resolve("router-a"))).calls());
        assertEquals(CallDirection.OUT, out.direction());
        assertEquals(CallDirection.IN, in.direction());
        assertTrue(out.answered() && out.ended(), out.toString());
        assertTrue(in.answered() && in.ended(), in.toString());
        assertEquals(out.callId(), in.callId(), "both routers journal the same call");
        assertTrue(out.endReason().contains("local"), "A hung up: " + out.endReason());
        assertTrue(in.endReason().contains("remote"), "B saw the far end hang up: " + in.endReason());
    }

    private static CallRecord only(final List<CallRecord> calls)
    {
        assertEquals(1, calls.size(), calls.toString());
        return calls.get(0);
    }

    static String describe(final List<SipHop> hops)
    {
        final StringBuilder sb = new StringBuilder();
        for (final SipHop h : hops)
        {
            sb.append(String.format("  %-20s %-20s -> %-20s via=%s%n", h.label(), h.from().name(), h.to().name(), h.viaSentBy()));
        }
        return sb.toString();
    }
}
