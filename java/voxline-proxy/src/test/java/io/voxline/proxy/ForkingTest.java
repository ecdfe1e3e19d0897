package io.voxline.proxy;

import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.UA_B;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.sip.transaction.TransactionLayer;

/**
 * Parallel forking (RFC 3261 16.6, 16.7): 301@b.test is registered at two phones, B and C; a request for it goes
 * to both at once, each on its own branch, and the caller gets the best answer: every 2xx at once, else a 6xx,
 * else the lowest class, challenges of all 401/407s in one response, a 503 as 500. Losers are CANCELled.
 */
class ForkingTest
{
    static final InetSocketAddress UA_C = Harness.addr(5066);

    private final Harness h = new Harness(List.of("b.test"), List.of());
    private final TransactionLayer layer = h.core.transactionLayer(0);

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    private void registerBoth()
    {
        int n = 0;
        for (final InetSocketAddress phone : List.of(UA_B, UA_C))
        {
            n++;
            h.receive(msg(
                "REGISTER sip:b.test SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + phone.getPort() + ";branch=z9hG4bKfreg" + n,
                "From: <sip:301@b.test>;tag=r" + n,
                "To: <sip:301@b.test>",
                "Call-ID: freg-" + n,
                "CSeq: 1 REGISTER",
                "Contact: <sip:301@127.0.0.1:" + phone.getPort() + ">"), phone);
            assertEquals("SIP/2.0 200 OK", h.take(phone).startLine());
            h.advance(10); // C registered last: the most recent
        }
        assertEquals(2, h.core.registrations());
    }

    private static String request(final String method, final String branch)
    {
        final String[] lines = {
            method + " sip:301@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=" + branch + ";rport",
            "Max-Forwards: 70",
            "From: \"A\" <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>",
            "Call-ID: " + branch + "@127.0.0.1",
            "CSeq: 1 " + method,
            "Contact: <sip:101@127.0.0.1:5062>",
            "Content-Type: application/sdp"};
        return withBody(ForwardingTest.SDP, lines);
    }

    /** The INVITE sent to B and the one sent to C, after the 100 Trying to A. */
    private Harness.Sent[] inviteBoth(final String branch)
    {
        registerBoth();
        h.receive(request("INVITE", branch), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        return takeBoth();
    }

    private Harness.Sent[] takeBoth()
    {
        final Harness.Sent first = h.take();
        final Harness.Sent second = h.take();
        h.assertNothingSent();
        final Harness.Sent toB = first.destination().equals(UA_B) ? first : second;
        final Harness.Sent toC = first.destination().equals(UA_C) ? first : second;
        assertEquals(UA_B, toB.destination());
        assertEquals(UA_C, toC.destination());
        return new Harness.Sent[] {toB, toC};
    }

    /** A phone's answer to the request it got, with its own To tag and any extra header lines. */
    static String answer(final Harness.Sent forwarded, final int code, final String reason, final String tag, final String... extra)
    {
        final StringBuilder sb = new StringBuilder("SIP/2.0 " + code + " " + reason + "\r\n");
        for (final String via : forwarded.headers("Via"))
        {
            sb.append("Via: ").append(via).append("\r\n");
        }
        for (final String rr : forwarded.headers("Record-Route"))
        {
            sb.append("Record-Route: ").append(rr).append("\r\n");
        }
        sb.append("From: ").append(forwarded.header("From")).append("\r\n");
        sb.append("To: ").append(forwarded.header("To")).append(";tag=").append(tag).append("\r\n");
        sb.append("Call-ID: ").append(forwarded.header("Call-ID")).append("\r\n");
        sb.append("CSeq: ").append(forwarded.header("CSeq")).append("\r\n");
        for (final String e : extra)
        {
            sb.append(e).append("\r\n");
        }
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
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

    private static List<String> startLines(final List<Harness.Sent> sent, final InetSocketAddress to)
    {
        return sent.stream().filter(s -> s.destination().equals(to)).map(Harness.Sent::startLine).toList();
    }

    @Test
    void aRequestForAUserWithTwoContactsGoesToBothOnTheirOwnBranches()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk1");
        assertEquals("INVITE sip:301@127.0.0.1:5064 SIP/2.0", out[0].startLine());
        assertEquals("INVITE sip:301@127.0.0.1:5066 SIP/2.0", out[1].startLine());
        final String viaB = out[0].headers("Via").get(0);
        final String viaC = out[1].headers("Via").get(0);
        assertNotEquals(viaB, viaC, "a branch each");
        assertEquals(viaB.substring(0, viaB.indexOf('-')), viaC.substring(0, viaC.indexOf('-')), "the same loop hash");
        assertEquals(out[0].header("Record-Route"), out[1].header("Record-Route"));
        assertTrue(out[1].text().endsWith(ForwardingTest.SDP));
        assertEquals(2, layer.clientTransactionCount());
    }

    @Test
    void the2xxGoesUpAtOnceAndTheOtherPhoneIsCancelled()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk2");
        h.receive(answer(out[0], 180, "Ringing", "tb"), UA_B);
        h.receive(answer(out[1], 180, "Ringing", "tc"), UA_C);
        assertEquals(List.of("SIP/2.0 180 Ringing", "SIP/2.0 180 Ringing"), startLines(drain(), UA_A), "both ringing go up");

        h.receive(answer(out[0], 200, "OK", "tb"), UA_B);
        final List<Harness.Sent> sent = drain();
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(sent, UA_A));
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5066 SIP/2.0"), startLines(sent, UA_C), "the loser stops ringing");
        final Harness.Sent cancel = sent.stream().filter(s -> s.destination().equals(UA_C)).findFirst().orElseThrow();
        assertEquals(out[1].headers("Via").get(0), cancel.headers("Via").get(0));

        h.receive(answer(cancel, 200, "OK", "tc"), UA_C);
        h.receive(answer(out[1], 487, "Request Terminated", "tc"), UA_C);
        final List<Harness.Sent> after = drain();
        assertEquals(List.of("ACK sip:301@127.0.0.1:5066 SIP/2.0"), startLines(after, UA_C), "the proxy ACKs the 487");
        assertTrue(startLines(after, UA_A).isEmpty(), "the caller has its answer: the 487 stays here");
    }

    @Test
    void every2xxGoesUpWhenBothPhonesAnswer()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk3");
        h.receive(answer(out[0], 200, "OK", "tb"), UA_B);
        drain();
        h.receive(answer(out[1], 200, "OK", "tc"), UA_C);
        final List<Harness.Sent> up = drain();
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(up, UA_A), "the second 2xx too (RFC 3261 16.7 step 5)");
        assertTrue(up.get(0).header("To").endsWith(";tag=tc"));
    }

    @Test
    void aLaterForksAnswerAndItsRetransmissionGoUpThroughTheAcceptedServerTransaction()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk9");
        h.receive(answer(out[1], 180, "Ringing", "tc"), UA_C);
        drain();
        h.receive(answer(out[0], 200, "OK", "tb"), UA_B);
        final List<Harness.Sent> first = drain();
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(first, UA_A));
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5066 SIP/2.0"), startLines(first, UA_C));

        // C answered before our CANCEL reached it; its 200 comes 5 s later, and again (no ACK from A yet)
        h.advance(5_000);
        drain();
        final String fromC = answer(out[1], 200, "OK", "tc");
        h.receive(fromC, UA_C);
        final List<Harness.Sent> second = drain();
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(second, UA_A), "RFC 6026: through the server transaction");
        assertTrue(second.get(0).header("To").endsWith(";tag=tc"));
        h.receive(fromC, UA_C);
        final List<Harness.Sent> third = drain();
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(third, UA_A));
        assertEquals(second.get(0).text(), third.get(0).text());
        assertEquals(0, layer.counters().strayResponses(), "none of them stray");
        // C's two 200s through the Accepted server transaction, and the second through C's Accepted client one
        assertEquals(3, layer.counters().acceptedPassThrough());

        // 64*T1 after the first 2xx the server transaction is gone, and C's client transaction 5 s later
        h.advance(26_900);
        drain();
        assertEquals(1, layer.answeredInviteCount());
        h.advance(200);
        assertEquals(0, layer.answeredInviteCount());
        h.receive(fromC, UA_C);
        assertTrue(startLines(drain(), UA_A).isEmpty(), "timer L ran out: nothing carries it up any more");
        h.advance(5_000);
        drain();
        assertEquals(0, layer.clientTransactionCount());
        assertEquals(0, layer.serverTransactionCount());
    }

    @Test
    void a6xxCancelsTheOthersAndWinsOverTheir487()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk4");
        h.receive(answer(out[1], 180, "Ringing", "tc"), UA_C);
        drain();
        h.receive(answer(out[0], 603, "Decline", "tb"), UA_B);
        final List<Harness.Sent> sent = drain();
        assertEquals(List.of("ACK sip:301@127.0.0.1:5064 SIP/2.0"), startLines(sent, UA_B));
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5066 SIP/2.0"), startLines(sent, UA_C));
        assertTrue(startLines(sent, UA_A).isEmpty(), "not forwarded before the other branch ends");
        h.receive(answer(out[1], 487, "Request Terminated", "tc"), UA_C);
        final List<String> up = startLines(drain(), UA_A);
        assertEquals(List.of("SIP/2.0 603 Decline"), up);
    }

    @Test
    void theLowestClassWinsAndWithinItTheFirst()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk5");
        h.receive(answer(out[0], 500, "Server Error", "tb"), UA_B);
        assertTrue(startLines(drain(), UA_A).isEmpty(), "waits for the other branch");
        h.receive(answer(out[1], 486, "Busy Here", "tc"), UA_C);
        assertEquals(List.of("SIP/2.0 486 Busy Here"), startLines(drain(), UA_A));
    }

    @Test
    void a503ChosenGoesUpAs500()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk6");
        h.receive(answer(out[0], 503, "Service Unavailable", "tb"), UA_B);
        h.receive(answer(out[1], 503, "Service Unavailable", "tc", "Retry-After: 30"), UA_C);
        final List<Harness.Sent> up = drain().stream().filter(s -> s.destination().equals(UA_A)).toList();
        assertEquals(1, up.size());
        assertEquals("SIP/2.0 500 Server Internal Error", up.get(0).startLine());
        assertEquals(List.of("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKfk6;rport=5062;received=127.0.0.1"), up.get(0).headers("Via"));
    }

    @Test
    void challengesFromBothBranchesGoUpInOneResponse()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk7");
        h.receive(answer(out[0], 404, "Not Found", "tb"), UA_B);
        h.receive(answer(out[1], 407, "Proxy Authentication Required", "tc",
            "Proxy-Authenticate: Digest realm=\"c1\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\""), UA_C);
        final List<Harness.Sent> up = drain().stream().filter(x -> x.destination().equals(UA_A)).toList();
        assertEquals(1, up.size());
        assertEquals("SIP/2.0 407 Proxy Authentication Required", up.get(0).startLine(), "a challenge beats 404");
        assertEquals(List.of("Digest realm=\"c1\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\""),
            up.get(0).headers("Proxy-Authenticate"));
    }

    @Test
    void a401AndA407AreAggregatedAndPreferredOverOther4xx()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk8");
        h.receive(answer(out[0], 486, "Busy Here", "tb"), UA_B);
        h.receive(answer(out[1], 401, "Unauthorized", "tc",
            "WWW-Authenticate: Digest realm=\"c\", nonce=\"nc\", algorithm=MD5"), UA_C);
        final List<Harness.Sent> up = drain().stream().filter(s -> s.destination().equals(UA_A)).toList();
        assertEquals(1, up.size());
        assertEquals("SIP/2.0 401 Unauthorized", up.get(0).startLine(), "a challenge the caller can answer beats 486");
        assertEquals(List.of("Digest realm=\"c\", nonce=\"nc\", algorithm=MD5"), up.get(0).headers("WWW-Authenticate"));
    }

    @Test
    void twoChallengesBecomeOne()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk9");
        h.receive(answer(out[0], 407, "Proxy Authentication Required", "tb",
            "Proxy-Authenticate: Digest realm=\"b\", nonce=\"nb\", algorithm=SHA-256, qop=\"auth\"",
            "Proxy-Authenticate: Digest realm=\"b\", nonce=\"nb2\", algorithm=MD5, qop=\"auth\""), UA_B);
        h.receive(answer(out[1], 401, "Unauthorized", "tc",
            "WWW-Authenticate: Digest realm=\"c\", nonce=\"nc\""), UA_C);
        final List<Harness.Sent> up = drain().stream().filter(s -> s.destination().equals(UA_A)).toList();
        assertEquals(1, up.size());
        final Harness.Sent answer = up.get(0);
        assertEquals("SIP/2.0 407 Proxy Authentication Required", answer.startLine(), "the first of the same rank");
        assertEquals(List.of("Digest realm=\"b\", nonce=\"nb\", algorithm=SHA-256, qop=\"auth\"",
            "Digest realm=\"b\", nonce=\"nb2\", algorithm=MD5, qop=\"auth\""), answer.headers("Proxy-Authenticate"));
        assertEquals(List.of("Digest realm=\"c\", nonce=\"nc\""), answer.headers("WWW-Authenticate"));
        assertTrue(answer.header("To").endsWith(";tag=tb"));
        answer.parse();
    }

    @Test
    void aCancelFromTheCallerCancelsEveryBranchAndOne487GoesUp()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk10");
        h.receive(answer(out[0], 180, "Ringing", "tb"), UA_B);
        h.receive(answer(out[1], 180, "Ringing", "tc"), UA_C);
        drain();
        h.receive(msg(
            "CANCEL sip:301@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKfk10;rport",
            "Max-Forwards: 70",
            "From: \"A\" <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>",
            "Call-ID: z9hG4bKfk10@127.0.0.1",
            "CSeq: 1 CANCEL"), UA_A);
        final List<Harness.Sent> sent = drain();
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(sent, UA_A));
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5064 SIP/2.0"), startLines(sent, UA_B));
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5066 SIP/2.0"), startLines(sent, UA_C));
        h.receive(answer(out[0], 487, "Request Terminated", "tb"), UA_B);
        assertTrue(startLines(drain(), UA_A).isEmpty());
        h.receive(answer(out[1], 487, "Request Terminated", "tc"), UA_C);
        assertEquals(List.of("SIP/2.0 487 Request Terminated"), startLines(drain(), UA_A));
    }

    @Test
    void timerCRunsPerBranch()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk11");
        h.receive(answer(out[0], 180, "Ringing", "tb"), UA_B);
        h.receive(answer(out[1], 180, "Ringing", "tc"), UA_C);
        drain();
        h.advance(150_000);
        h.receive(answer(out[0], 183, "Session Progress", "tb"), UA_B);
        drain();
        h.advance(ProxyCore.TIMER_C_MS - 150_000 + 100); // C's timer C: over 3 minutes without news
        List<Harness.Sent> sent = drain();
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5066 SIP/2.0"), startLines(sent, UA_C));
        assertTrue(startLines(sent, UA_A).isEmpty(), "B still rings");
        h.receive(answer(out[1], 487, "Request Terminated", "tc"), UA_C);
        drain();
        h.advance(150_000); // B's, timer C after its 183
        sent = drain();
        assertEquals(List.of("CANCEL sip:301@127.0.0.1:5064 SIP/2.0"), startLines(sent, UA_B));
        assertEquals(List.of("SIP/2.0 408 Request Timeout"), startLines(sent, UA_A));
    }

    @Test
    void aBranchThatNeverAnswersCountsAs408()
    {
        final Harness.Sent[] out = inviteBoth("z9hG4bKfk12");
        h.receive(answer(out[0], 486, "Busy Here", "tb"), UA_B);
        drain();
        h.advance(32_100); // timer B of C's branch
        final List<String> up = startLines(drain(), UA_A);
        assertEquals(List.of("SIP/2.0 486 Busy Here"), up, "486 came first, 408 is of the same class");
    }

    @Test
    void aNonInviteIsForkedTooAndTheFirst2xxAnswersIt()
    {
        registerBoth();
        h.receive(request("MESSAGE", "z9hG4bKfk13"), UA_A);
        final Harness.Sent[] out = takeBoth();
        assertEquals("MESSAGE sip:301@127.0.0.1:5064 SIP/2.0", out[0].startLine());
        h.receive(answer(out[1], 200, "OK", "tc"), UA_C);
        assertEquals(List.of("SIP/2.0 200 OK"), startLines(drain(), UA_A));
        h.receive(answer(out[0], 200, "OK", "tb"), UA_B);
        h.assertNothingSent(); // one final answer per non-INVITE: the second is dropped
    }
}
