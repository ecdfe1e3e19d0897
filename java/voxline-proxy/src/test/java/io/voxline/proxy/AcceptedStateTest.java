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
 * RFC 6026 at the proxy, on a stepped clock: a 2xx to an INVITE leaves both the client transaction (timer M) and
 * the server transaction (timer L) Accepted for 64*T1, so 2xx retransmissions and later forks' answers go up
 * statefully through them, a retransmitted INVITE is absorbed, an ACK that matches goes on, and whatever matches
 * nothing once they are gone is discarded rather than forwarded statelessly.
 */
class AcceptedStateTest
{
    private final Harness h = new Harness(List.of("b.test"), List.of(route("2*", NEXT)));
    private final TransactionLayer layer = h.core.transactionLayer(0);

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    private static String invite(final String via)
    {
        return msg(
            "INVITE sip:201@b.test SIP/2.0",
            "Via: " + via,
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:201@b.test>",
            "Call-ID: accepted@127.0.0.1",
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:5062>");
    }

    /** A's INVITE (with this top Via) forwarded to NEXT, which rings; returns the INVITE NEXT got. */
    private Harness.Sent ringing(final String inviteText)
    {
        h.receive(inviteText, UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        final Harness.Sent out = h.take(NEXT);
        h.receive(ForwardingTest.response(out, 180, "Ringing"), NEXT);
        assertEquals("SIP/2.0 180 Ringing", h.take(UA_A).startLine());
        h.assertNothingSent();
        return out;
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
    void the2xxAgainGoesUpThroughBothAcceptedTransactionsUntilTimersLAndM()
    {
        final String inviteText = invite("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKacc1;rport");
        final Harness.Sent out = ringing(inviteText);
        final String ok = ForwardingTest.response(out, 200, "OK");
        h.receive(ok, NEXT);
        final Harness.Sent up = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", up.startLine());
        assertEquals(1, layer.clientTransactionCount(), "Accepted (timer M)");
        assertEquals(1, layer.serverTransactionCount(), "Accepted (timer L)");
        assertEquals(1, layer.answeredInviteCount());

        // A did not get the 200 yet and retransmits its INVITE: absorbed, not a second call, nothing sent
        h.receive(inviteText, UA_A);
        h.assertNothingSent();

        // B's UAS core retransmits its 200 (A's ACK was lost): up through the transactions, the same bytes
        h.advance(10_000);
        h.assertNothingSent(); // neither transaction retransmits anything on its own
        h.receive(ok, NEXT);
        assertEquals(up.text(), h.take(UA_A).text());
        assertEquals(0, layer.counters().strayResponses());

        h.advance(22_000 - 100); // the wheel's ticks: a timer fires within one of its deadline
        assertEquals(1, layer.clientTransactionCount());
        h.receive(ok, NEXT);
        assertEquals(up.text(), h.take(UA_A).text(), "to the last moment of 64*T1");
        h.advance(200);
        assertEquals(0, layer.clientTransactionCount(), "timer M");
        assertEquals(0, layer.serverTransactionCount(), "timer L");
        assertEquals(0, h.timers.timerCount());

        // a 2xx later than that matches nothing: a stateful proxy discards it (RFC 6026)
        final long dropped = h.core.dropped();
        h.receive(ok, NEXT);
        h.assertNothingSent();
        assertEquals(dropped + 1, h.core.dropped());
        assertEquals(1, layer.counters().strayResponses());
    }

    @Test
    void anAckFromAnRfc2543CallerMatchesTheAcceptedTransactionAndGoesOn()
    {
        // no branch: the INVITE and its ACK are matched by Request-URI, tags, Call-ID, CSeq and Via (17.2.3)
        final Harness.Sent out = ringing(invite("SIP/2.0/UDP 127.0.0.1:5062"));
        h.receive(ForwardingTest.response(out, 200, "OK"), NEXT);
        assertEquals("SIP/2.0 200 OK", h.take(UA_A).startLine());
        final String ack = msg(
            "ACK sip:201@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:201@b.test>;tag=tb",
            "Call-ID: accepted@127.0.0.1",
            "CSeq: 1 ACK");
        h.receive(ack, UA_A);
        final Harness.Sent on = h.take(NEXT);
        assertEquals("ACK sip:201@b.test SIP/2.0", on.startLine(), "RFC 6026: the ACK in Accepted goes to the TU");
        assertTrue(on.headers("Via").get(0).contains(";branch=z9hG4bKsl"), "forwarded statelessly: " + on.headers("Via"));
        assertEquals(0, layer.counters().strayAcks(), "it matched the Accepted transaction");
        h.receive(ack, UA_A);
        assertEquals(on.text(), h.take(NEXT).text(), "each ACK goes on, the same");
        h.assertNothingSent();
    }

    @Test
    void a2xxAfterTimerCsAnswerIsDiscardedNotForwardedStatelessly()
    {
        final Harness.Sent out = ringing(invite("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKacc3;rport"));
        h.advance(ProxyCore.TIMER_C_MS + 100);
        assertEquals("CANCEL sip:201@b.test SIP/2.0", h.take(NEXT).startLine());
        assertEquals("SIP/2.0 408 Request Timeout", h.take(UA_A).startLine());

        // B answered before our CANCEL got there: its client transaction takes the 2xx, but the caller already
        // has its final answer, and a server transaction that sent a 408 cannot carry a 2xx (RFC 6026 7.1)
        final long dropped = h.core.dropped();
        h.receive(ForwardingTest.response(out, 200, "OK"), NEXT);
        for (final Harness.Sent s : drain())
        {
            assertTrue(!s.startLine().startsWith("SIP/2.0 200"), "no 2xx goes up: " + s.startLine());
        }
        assertEquals(dropped + 1, h.core.dropped());
        assertEquals(0, layer.counters().strayResponses(), "it did match the client transaction");
        h.advance(40_000);
        drain();
        assertEquals(0, layer.clientTransactionCount());
        assertEquals(0, layer.serverTransactionCount());
    }
}
