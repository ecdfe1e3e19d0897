package io.voxline.proxy;

import static io.voxline.proxy.Harness.NEXT;
import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.UA_B;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.route;
import static io.voxline.proxy.Harness.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stateful forwarding through one proxy: what goes out, what comes back, CANCEL, ACK, stray responses, failures. */
class ForwardingTest
{
    static final String SDP = "v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 16000 RTP/AVP 0\r\n";

    private final Harness h = new Harness(List.of("b.test"), List.of(route("2*", NEXT)));

    /** The INVITE A sends: sip:301@b.test, 301 registered at B's address. */
    private static String invite(final String branch, final String... more)
    {
        final String[] head = {
            "INVITE sip:301@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=" + branch + ";rport",
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKolder",
            "Max-Forwards: 10",
            "Record-Route: <sip:10.0.0.1;lr>",
            "From: \"A\" <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>",
            "Call-ID: call-1@127.0.0.1",
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:5062>",
            "X-Custom: kept",
            "Content-Type: application/sdp"};
        final String[] all = new String[head.length + more.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(more, 0, all, head.length, more.length);
        return withBody(SDP, all);
    }

    private void register301()
    {
        h.receive(msg(
            "REGISTER sip:b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKreg301",
            "From: <sip:301@b.test>;tag=r",
            "To: <sip:301@b.test>",
            "Call-ID: reg-301",
            "CSeq: 1 REGISTER",
            "Contact: <sip:301@127.0.0.1:5064>"), UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
    }

    /** B's response to the forwarded INVITE (its Via stack copied), with a To tag and Record-Route. */
    static String response(final Harness.Sent forwarded, final int code, final String reason)
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
        sb.append("To: ").append(forwarded.header("To")).append(code > 100 ? ";tag=tb" : "").append("\r\n");
        sb.append("Call-ID: ").append(forwarded.header("Call-ID")).append("\r\n");
        sb.append("CSeq: ").append(forwarded.header("CSeq")).append("\r\n");
        sb.append("Contact: <sip:301@127.0.0.1:5064>\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    @Test
    void theForwardedInviteCarriesExactlyTheRightHeaders()
    {
        register301();
        h.receive(invite("z9hG4bKa1"), UA_A);
        final Harness.Sent trying = h.take(UA_A);
        assertEquals("SIP/2.0 100 Trying", trying.startLine(), "100 Trying at once");
        assertEquals(List.of("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa1;rport=5062;received=127.0.0.1",
            "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKolder"), trying.headers("Via"));

        final Harness.Sent out = h.take(UA_B);
        h.assertNothingSent();
        final List<String> lines = out.lines();
        assertEquals("INVITE sip:301@127.0.0.1:5064 SIP/2.0", lines.get(0), "retargeted to the contact");
        // the branch: the loop hash of the request, then a random part of its own (RFC 3261 16.6 step 8)
        assertTrue(lines.get(1).matches("Via: SIP/2\\.0/UDP 127\\.0\\.0\\.1:5070;branch=z9hG4bK[0-9a-f]{16}-[0-9a-f]{16};rport"), lines.get(1));
        assertEquals("Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa1;rport=5062;received=127.0.0.1", lines.get(2));
        assertEquals("Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKolder", lines.get(3));
        assertEquals("Record-Route: <sip:127.0.0.1:5070;lr>", lines.get(4), "ours on top of the others");
        assertEquals("Max-Forwards: 9", lines.get(5));
        assertEquals(List.of("<sip:127.0.0.1:5070;lr>", "<sip:10.0.0.1;lr>"), out.headers("Record-Route"));
        assertEquals(List.of("9"), out.headers("Max-Forwards"));
        assertEquals("\"A\" <sip:101@a.test>;tag=fa", out.header("From"));
        assertEquals("<sip:301@b.test>", out.header("To"));
        assertEquals("kept", out.header("X-Custom"));
        assertEquals("application/sdp", out.header("Content-Type"));
        assertEquals(String.valueOf(SDP.length()), out.header("Content-Length"));
        assertTrue(out.text().endsWith("\r\n\r\n" + SDP), "the body as it came");
        assertEquals(1, out.parse().count(io.voxline.sip.message.HeaderName.CONTENT_LENGTH));
    }

    @Test
    void withoutRecordRouteNoneIsAdded()
    {
        final Harness quiet = new Harness(List.of("b.test"), List.of(route("*", NEXT)), false, "UDP");
        quiet.receive(invite("z9hG4bKq"), UA_A);
        quiet.take(UA_A);
        assertEquals(List.of("<sip:10.0.0.1;lr>"), quiet.take(NEXT).headers("Record-Route"));
    }

    @Test
    void responsesLoseOurViaAndRetraceTheRest()
    {
        register301();
        h.receive(invite("z9hG4bKa1"), UA_A);
        h.take(UA_A);
        final Harness.Sent out = h.take(UA_B);

        h.receive(response(out, 100, "Trying"), UA_B);
        h.assertNothingSent(); // 100 is hop by hop
        h.receive(response(out, 180, "Ringing"), UA_B);
        final Harness.Sent ringing = h.take(UA_A);
        assertEquals("SIP/2.0 180 Ringing", ringing.startLine());
        assertEquals(List.of("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa1;rport=5062;received=127.0.0.1",
            "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKolder"), ringing.headers("Via"));
        assertEquals(List.of("<sip:127.0.0.1:5070;lr>", "<sip:10.0.0.1;lr>"), ringing.headers("Record-Route"));

        h.receive(response(out, 200, "OK"), UA_B);
        final Harness.Sent ok = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals(2, ok.headers("Via").size());
        assertEquals("<sip:301@b.test>;tag=tb", ok.header("To"));
        h.assertNothingSent();

        // B retransmits its 200: through both Accepted transactions (RFC 6026), the same bytes again
        h.receive(response(out, 200, "OK"), UA_B);
        final Harness.Sent again = h.take(UA_A);
        assertEquals(ok.text(), again.text());
        assertEquals(0, h.core.transactionLayer(0).counters().strayResponses());
    }

    @Test
    void aStrayResponseNotViaUsIsDropped()
    {
        final long before = h.core.dropped();
        h.receive(msg(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKnotours",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa;received=127.0.0.1;rport=5062",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:b@b.test>;tag=2",
            "Call-ID: stray",
            "CSeq: 1 INVITE"), UA_B);
        h.assertNothingSent();
        assertEquals(before + 1, h.core.dropped());
        // ours on top but nothing beneath: nowhere to go
        h.receive(msg(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKours",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:b@b.test>;tag=2",
            "Call-ID: stray",
            "CSeq: 1 INVITE"), UA_B);
        h.assertNothingSent();
        assertEquals(before + 2, h.core.dropped());
    }

    @Test
    void aStray2xxMatchingNoTransactionIsDiscarded()
    {
        // RFC 6026 (RFC 3261 18.1.2 as amended): only a stateless proxy forwards what matches no transaction; one
        // that did would send anything with our Via on top to wherever the Via below it points
        final long before = h.core.dropped();
        h.receive(msg(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKours",
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa;rport=40000;received=127.0.0.1",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:b@b.test>;tag=2",
            "Call-ID: stray",
            "CSeq: 1 INVITE"), UA_B);
        h.assertNothingSent();
        assertEquals(before + 1, h.core.dropped());
        // nor does a branch that only looks like one of our stateless ones
        h.receive(msg(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKsl0123456789abcdef",
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa;rport=40000;received=127.0.0.1",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:b@b.test>;tag=2",
            "Call-ID: stray",
            "CSeq: 1 CANCEL"), UA_B);
        h.assertNothingSent();
        assertEquals(before + 2, h.core.dropped());
    }

    @Test
    void anAnswerToAStatelessCancelWhoseViaWasChangedIsDiscarded()
    {
        final String cancel = msg(
            "CANCEL sip:201@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnone2;rport",
            "Max-Forwards: 70",
            "From: \"A\" <sip:101@a.test>;tag=fa",
            "To: <sip:201@b.test>",
            "Call-ID: call-11@127.0.0.1",
            "CSeq: 1 CANCEL");
        h.receive(cancel, UA_A);
        final Harness.Sent out = h.take(NEXT);
        final String ok = response(out, 200, "OK");
        // the Via below ours aimed at a third party: received, rport, sent-by, or the branch changed
        for (final String forged : List.of(
            ok.replace("received=127.0.0.1", "received=127.0.0.66"),
            ok.replace("rport=5062", "rport=5099"),
            ok.replace("127.0.0.1:5062;branch", "127.0.0.1:5063;branch"),
            ok.replace("branch=z9hG4bKnone2", "branch=z9hG4bKnone3"),
            ok.replace("Call-ID: call-11@", "Call-ID: call-12@")))
        {
            h.receive(forged, NEXT);
            h.assertNothingSent();
        }
        h.receive(ok, NEXT);
        assertEquals("SIP/2.0 200 OK", h.take(UA_A).startLine(), "the real answer goes on");
    }

    @Test
    void theAckFor2xxIsForwardedStatelesslyWithAStableBranch()
    {
        final String ack = msg(
            "ACK sip:301@127.0.0.1:5064 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKack1;rport",
            "Route: <sip:127.0.0.1:5070;lr>",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>;tag=tb",
            "Call-ID: call-1@127.0.0.1",
            "CSeq: 1 ACK");
        h.receive(ack, UA_A);
        final Harness.Sent out = h.take(UA_B);
        assertEquals("ACK sip:301@127.0.0.1:5064 SIP/2.0", out.startLine());
        final List<String> vias = out.headers("Via");
        assertEquals(2, vias.size());
        assertTrue(vias.get(0).startsWith("SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK"), vias.get(0));
        assertEquals("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKack1;rport=5062;received=127.0.0.1", vias.get(1));
        assertTrue(out.headers("Route").isEmpty());
        assertTrue(out.headers("Record-Route").isEmpty());
        assertEquals("69", out.header("Max-Forwards"));
        h.assertNothingSent(); // never answered

        h.receive(ack, UA_A);
        assertEquals(out.text(), h.take(UA_B).text(), "a retransmitted ACK goes out the same, same branch");
        h.receive(ack.replace("z9hG4bKack1", "z9hG4bKack2"), UA_A);
        assertNotEquals(vias.get(0), h.take(UA_B).headers("Via").get(0));

        // an ACK with nowhere to go is dropped, not answered
        h.receive(ack.replace("ACK sip:301@127.0.0.1:5064", "ACK sip:999@b.test").replace("Route: <sip:127.0.0.1:5070;lr>\r\n", ""), UA_A);
        h.assertNothingSent();
    }

    @Test
    void aByeIsForwardedStatefullyAndItsAnswerComesBack()
    {
        h.receive(msg(
            "BYE sip:301@127.0.0.1:5064 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKbye1;rport",
            "Route: <sip:127.0.0.1:5070;lr>",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>;tag=tb",
            "Call-ID: call-1@127.0.0.1",
            "CSeq: 2 BYE"), UA_A);
        final Harness.Sent bye = h.take(UA_B);
        h.assertNothingSent(); // no 100 for a non-INVITE
        assertTrue(bye.headers("Record-Route").isEmpty(), "no Record-Route in a BYE");
        h.advance(520); // T1 and the wheel's 8 ms tick
        assertEquals(bye.text(), h.take(UA_B).text(), "the client transaction retransmits (timer E)");
        h.receive(response(bye, 200, "OK"), UA_B);
        final Harness.Sent ok = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals(List.of("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKbye1;rport=5062;received=127.0.0.1"), ok.headers("Via"));
    }

    @Test
    void aCancelCancelsTheBranchAnd487ComesBack()
    {
        register301();
        h.receive(invite("z9hG4bKc1"), UA_A);
        h.take(UA_A);
        final Harness.Sent out = h.take(UA_B);
        h.receive(response(out, 180, "Ringing"), UA_B);
        h.take(UA_A);

        h.receive(msg(
            "CANCEL sip:301@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKc1;rport",
            "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKolder",
            "Max-Forwards: 70",
            "From: \"A\" <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>",
            "Call-ID: call-1@127.0.0.1",
            "CSeq: 1 CANCEL"), UA_A);
        final Harness.Sent cancelOk = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", cancelOk.startLine());
        assertEquals("1 CANCEL", cancelOk.header("CSeq"));
        final Harness.Sent cancel = h.take(UA_B);
        assertEquals("CANCEL sip:301@127.0.0.1:5064 SIP/2.0", cancel.startLine());
        assertEquals(out.headers("Via").get(0), cancel.headers("Via").get(0), "the branch of the INVITE it cancels");
        h.assertNothingSent();

        h.receive(response(cancel, 200, "OK"), UA_B);
        h.receive(response(out, 487, "Request Terminated"), UA_B);
        final List<Harness.Sent> sent = List.of(h.take(), h.take());
        h.assertNothingSent();
        final Harness.Sent ack = sent.stream().filter(s -> s.destination().equals(UA_B)).findFirst().orElseThrow();
        final Harness.Sent up = sent.stream().filter(s -> s.destination().equals(UA_A)).findFirst().orElseThrow();
        assertEquals("ACK sip:301@127.0.0.1:5064 SIP/2.0", ack.startLine(), "the proxy ACKs the 487 itself");
        assertEquals("SIP/2.0 487 Request Terminated", up.startLine());
        assertEquals(2, up.headers("Via").size());
    }

    @Test
    void aReceivedTheCallerWroteItselfIsReplacedNeverFollowed()
    {
        // RFC 3261 18.2.1: received is the receiving server's note; a sender's own one could aim our answers anywhere
        register301();
        h.receive(invite("z9hG4bKf1").replace("branch=z9hG4bKf1;rport", "branch=z9hG4bKf1;received=127.0.0.99"), UA_A);
        final Harness.Sent trying = h.take(UA_A); // the packet's source, with the sent-by port
        assertEquals("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKf1", trying.headers("Via").get(0));
        final Harness.Sent out = h.take(UA_B);
        assertEquals("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKf1", out.headers("Via").get(1), "not passed on either");
        h.receive(response(out, 180, "Ringing"), UA_B);
        assertEquals("SIP/2.0 180 Ringing", h.take(UA_A).startLine());
        h.assertNothingSent();
    }

    @Test
    void anUnmatchedCancelIsForwardedStatelesslyAndItsAnswerComesBack()
    {
        // RFC 3261 16.10: no INVITE here to cancel (an element before us may have forwarded it statelessly)
        final String cancel = msg(
            "CANCEL sip:201@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnone;rport",
            "Max-Forwards: 70",
            "From: \"A\" <sip:101@a.test>;tag=fa",
            "To: <sip:201@b.test>",
            "Call-ID: call-9@127.0.0.1",
            "CSeq: 1 CANCEL");
        h.receive(cancel, UA_A);
        final Harness.Sent out = h.take(NEXT);
        h.assertNothingSent(); // no 481, no 100: not answered here
        assertEquals("CANCEL sip:201@b.test SIP/2.0", out.startLine());
        final List<String> vias = out.headers("Via");
        assertEquals(2, vias.size());
        assertTrue(vias.get(0).matches("SIP/2\\.0/UDP 127\\.0\\.0\\.1:5070;branch=z9hG4bKsl[0-9a-f]{16};rport"), vias.get(0));
        assertEquals("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnone;rport=5062;received=127.0.0.1", vias.get(1));
        assertEquals("69", out.header("Max-Forwards"));
        assertEquals(0, h.core.transactionLayer(0).serverTransactionCount(), "stateless: nothing kept");
        assertEquals(0, h.core.transactionLayer(0).clientTransactionCount());

        h.receive(cancel, UA_A);
        assertEquals(out.text(), h.take(NEXT).text(), "a retransmission goes on again, same branch");
        h.receive(response(out, 200, "OK"), NEXT);
        final Harness.Sent ok = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals("1 CANCEL", ok.header("CSeq"));
        assertEquals(List.of(vias.get(1)), ok.headers("Via"));
        h.assertNothingSent();
    }

    @Test
    void anUnmatchedCancelWithNowhereToGoIsAnswered481()
    {
        h.receive(msg(
            "CANCEL sip:999@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnowhere;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:999@b.test>",
            "Call-ID: call-10@127.0.0.1",
            "CSeq: 1 CANCEL"), UA_A);
        final Harness.Sent answer = h.take(UA_A);
        assertEquals("SIP/2.0 481 Call/Transaction Does Not Exist", answer.startLine());
        assertEquals("1 CANCEL", answer.header("CSeq"));
        h.assertNothingSent();
    }

    @Test
    void proxyRequireWithTagsWeDoNotSupportIs420()
    {
        // RFC 3261 16.3 step 5: this proxy supports no option tag yet
        register301();
        h.receive(invite("z9hG4bKpr1", "Proxy-Require: foo, sec-agree", "Proxy-Require: bar"), UA_A);
        final Harness.Sent answer = h.take(UA_A);
        assertEquals("SIP/2.0 420 Bad Extension", answer.startLine());
        assertEquals("foo, sec-agree, bar", answer.header("Unsupported"));
        assertEquals("1 INVITE", answer.header("CSeq"));
        assertTrue(answer.header("To").contains(";tag="), answer.header("To"));
        h.assertNothingSent(); // not forwarded

        // Require is for the far end, not for us: forwarded
        h.receive(invite("z9hG4bKpr2", "Require: foo"), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        assertEquals("foo", h.take(UA_B).header("Require"));
    }

    @Test
    void noAnswerDownstreamIs408Upstream()
    {
        register301();
        h.receive(invite("z9hG4bKt1"), UA_A);
        h.take(UA_A);
        h.take(UA_B);
        h.advance(32_000 + 100);
        Harness.Sent last = null;
        for (Harness.Sent s = h.transport.sent.poll(); s != null; s = h.transport.sent.poll())
        {
            if (s.destination().equals(UA_A))
            {
                last = s;
            }
            else
            {
                assertTrue(s.startLine().startsWith("INVITE "), "only retransmissions go down");
            }
        }
        assertEquals("SIP/2.0 408 Request Timeout", last == null ? null : last.startLine());
    }

    @Test
    void aTransportErrorIs500Upstream()
    {
        // a reliable transport that refuses the next hop: the client transaction fails at once
        final Harness tcp = new Harness(List.of("b.test"), List.of(route("*", NEXT)), true, "TCP");
        tcp.transport.refuse = d -> d.equals(NEXT);
        tcp.receive(withBody("",
            "MESSAGE sip:301@c.test SIP/2.0",
            "Via: SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bKtcp1",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@c.test>",
            "Call-ID: tcp-1",
            "CSeq: 1 MESSAGE"), UA_A);
        tcp.advance(20);
        final Harness.Sent answer = tcp.take();
        // as if it had answered 503 (RFC 3261 16.9), and a 503 goes up as 500 (16.7 step 6)
        assertEquals("SIP/2.0 500 Next Hop Unreachable", answer.startLine());
    }

    @Test
    void malformedInputIsAnsweredOrDroppedAndTheCoreCarriesOn()
    {
        final long dropped = h.core.dropped();
        h.receive("this is not SIP\r\n\r\n", UA_A);
        h.receive("\r\n\r\n", UA_A);
        h.receive(msg(
            "SIP/2.0 200 OK",
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKx",
            "CSeq: 1 INVITE"), UA_A);
        h.receive(msg(
            "ACK sip:301@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKbadack",
            "Max-Forwards: many",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>;tag=x",
            "Call-ID: bad",
            "CSeq: 1 ACK"), UA_A);
        h.assertNothingSent();
        assertEquals(dropped + 4, h.core.dropped());

        h.receive(msg(
            "INVITE sip:301@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKbad;rport",
            "Max-Forwards: many",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@b.test>",
            "Call-ID: bad",
            "CSeq: 1 INVITE"), UA_A);
        final Harness.Sent bad = h.take(UA_A);
        assertEquals("SIP/2.0 400 Malformed Max-Forwards Header", bad.startLine());
        assertEquals("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKbad;rport=5062;received=127.0.0.1", bad.header("Via"));
        h.receive(withBody("", "OPTIONS sip:127.0.0.1:5070 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcut",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:127.0.0.1:5070>",
            "Call-ID: cut",
            "CSeq: 1 OPTIONS").replace("Content-Length: 0", "Content-Length: 50"), UA_A);
        assertEquals("SIP/2.0 400 Body Shorter Than Content-Length", h.take(UA_A).startLine());

        h.receive(RoutingTest.request("OPTIONS", "sip:127.0.0.1:5070"), UA_A);
        assertEquals("SIP/2.0 200 OK", h.take(UA_A).startLine(), "still working");
        assertEquals(0, h.core.failures());
    }

    @Test
    void aTruncatedDatagramIsDropped() throws Exception
    {
        final var ctor = io.voxline.reactor.ReactorEvent.class.getDeclaredConstructor(int.class);
        ctor.setAccessible(true);
        final io.voxline.reactor.ReactorEvent ev = ctor.newInstance(256);
        final byte[] options = RoutingTest.request("OPTIONS", "sip:127.0.0.1:5070").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ev.type = io.voxline.reactor.ReactorEvent.DATAGRAM;
        ev.buffer.putBytes(0, options, 0, Math.min(256, options.length));
        ev.length = Math.min(256, options.length);
        ev.truncated = true;
        ev.source = UA_A;
        final long dropped = h.core.dropped();
        io.voxline.reactor.Reactor.dispatch(h.core, ev);
        h.assertNothingSent();
        assertEquals(dropped + 1, h.core.dropped());

        ev.truncated = false;
        io.voxline.reactor.Reactor.dispatch(h.core, ev);
        assertFalse(h.transport.sent.isEmpty(), "the same bytes whole are answered");
    }
}
