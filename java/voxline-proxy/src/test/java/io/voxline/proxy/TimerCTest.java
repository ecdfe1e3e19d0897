package io.voxline.proxy;

import static io.voxline.proxy.Harness.NEXT;
import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.sip.transaction.TransactionLayer;

/**
 * Timer C (RFC 3261 16.6 step 11, 16.7 step 2) on a stepped clock: an INVITE that rings but is never answered
 * (the CANCEL got lost, the caller rebooted) is cancelled downstream and answered 408 upstream, and then
 * every transaction of it ends.
 */
class TimerCTest
{
    private final Harness h = new Harness(List.of("b.test"), List.of(route("2*", NEXT)));
    private final TransactionLayer layer = h.core.transactionLayer(0);

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    /** A's INVITE goes to NEXT, which answers 180; returns the forwarded INVITE. */
    private Harness.Sent ringing(final String branch)
    {
        h.receive(msg(
            "INVITE sip:201@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=" + branch + ";rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:201@b.test>",
            "Call-ID: " + branch + "@127.0.0.1",
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:5062>"), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        final Harness.Sent invite = h.take(NEXT);
        h.receive(ForwardingTest.response(invite, 180, "Ringing"), NEXT);
        assertEquals("SIP/2.0 180 Ringing", h.take(UA_A).startLine());
        h.assertNothingSent();
        return invite;
    }

    private List<Harness.Sent> drain()
    {
        final List<Harness.Sent> all = new ArrayList<>();
        for (Harness.Sent s = h.transport.sent.poll(); s != null; s = h.transport.sent.poll())
        {
            all.add(s);
        }
        return all;
    }

    @Test
    void aRingingInviteNobodyAnswersIsCancelledAnd408AndThenNothingIsLeft()
    {
        final Harness.Sent invite = ringing("z9hG4bKtc1");
        assertEquals(1, layer.clientTransactionCount());
        assertEquals(1, layer.serverTransactionCount());

        h.advance(180_000 + 100);
        h.assertNothingSent(); // "larger than 3 minutes" (16.6 step 11); a ringing INVITE has no timer of its own
        h.advance(ProxyCore.TIMER_C_MS - 180_000 - 200);
        h.assertNothingSent();
        h.advance(200);
        final Harness.Sent cancel = h.take(NEXT);
        assertEquals("CANCEL sip:201@b.test SIP/2.0", cancel.startLine());
        assertEquals(invite.headers("Via").get(0), cancel.headers("Via").get(0), "the branch of the INVITE");
        assertEquals("SIP/2.0 408 Request Timeout", h.take(UA_A).startLine(), "the caller hears of it at once");

        // nobody answers anything (the far end is gone, the caller rebooted): 64*T1 later all is forgotten
        h.advance(32_000);
        for (final Harness.Sent s : drain())
        {
            assertTrue(s.startLine().startsWith(s.destination().equals(NEXT) ? "CANCEL " : "SIP/2.0 408 "), s.startLine());
        }
        assertEquals(0, layer.clientTransactionCount(), "INVITE and CANCEL client transactions");
        assertEquals(0, layer.serverTransactionCount(), "the INVITE server transaction");
        assertEquals(0, h.timers.timerCount(), "and no timer");
    }

    @Test
    void eachProvisionalButTryingGivesTheBranchAnother3Minutes()
    {
        final Harness.Sent invite = ringing("z9hG4bKtc2");
        h.advance(150_000);
        h.receive(ForwardingTest.response(invite, 183, "Session Progress"), NEXT);
        assertEquals("SIP/2.0 183 Session Progress", h.take(UA_A).startLine());
        h.advance(150_000);
        h.assertNothingSent(); // 300 s after the INVITE, 150 s after the 183
        h.receive(ForwardingTest.response(invite, 100, "Trying"), NEXT);
        h.advance(ProxyCore.TIMER_C_MS - 150_000 + 100); // a 100 says nothing of the far end: no restart
        assertEquals("CANCEL sip:201@b.test SIP/2.0", h.take(NEXT).startLine());
        assertEquals("SIP/2.0 408 Request Timeout", h.take(UA_A).startLine());
    }

    @Test
    void aFinalAnswerStopsTimerC()
    {
        final Harness.Sent invite = ringing("z9hG4bKtc3");
        h.receive(ForwardingTest.response(invite, 486, "Busy Here"), NEXT);
        assertEquals(List.of("ACK", "SIP/2.0"), drain().stream().map(s -> s.startLine().split(" ")[0]).sorted().toList());
        h.advance(ProxyCore.TIMER_C_MS + 1_000);
        for (final Harness.Sent s : drain())
        {
            assertEquals("SIP/2.0 486 Busy Here", s.startLine(), "only the 486 is retransmitted (no ACK from A)");
        }
        assertEquals(0, layer.clientTransactionCount());
        assertEquals(0, layer.serverTransactionCount());
        assertEquals(0, h.timers.timerCount());
    }
}
