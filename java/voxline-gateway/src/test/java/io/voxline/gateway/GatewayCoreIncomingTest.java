package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.Tone;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;
import io.voxline.sip.sdp.SdpParser;
import io.voxline.sip.sdp.SessionDescription;

/** Calls that arrive: ringing, answering, the far end's BYE and CANCEL, and the refusals. */
class GatewayCoreIncomingTest
{
    private final CoreRig rig = new CoreRig();

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    /** An INVITE for 101 that rings line 1; returns the 180. */
    private Sent ring()
    {
        rig.deliver(rig.invite("101", "in-1@127.0.0.1", PEER_SDP), PROXY);
        final List<Sent> ringing = rig.transport.responses(180, "INVITE");
        assertEquals(1, ringing.size(), rig.transport.sent.toString());
        return ringing.get(0);
    }

    @Test
    void anInviteRingsTheLineWithCallerIdAndAnswers180()
    {
        final Sent ringing = ring();
        assertEquals(PROXY, ringing.destination(), "rport: back to where it came from");
        assertTrue(ringing.header("To").startsWith("<sip:101@a.test>;tag="), ringing.header("To"));
        assertEquals("<sip:101@127.0.0.1:5062>", ringing.header("Contact"));
        assertTrue(ringing.header("Via").contains("rport=5070"), ringing.header("Via"));
        assertTrue(rig.board.ringing[0]);
        assertEquals("201/Bob B", rig.board.callerId[0]);
        assertEquals(LineState.RINGING, rig.state(1));
        assertEquals("call=ringing peer=sip:201@b.test", rig.core.describe(1));
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test"), rig.log.calls);
        assertTrue(rig.transport.responses(100, "INVITE").isEmpty(), "answered within 200 ms: no 100 needed");
    }

    @Test
    void offHookAnswersWithTheSdpAnswerAndMediaStarts()
    {
        final Sent ringing = ring();
        rig.hook(1, true); // ring trip: the board stopped the bell itself
        assertEquals(LineState.CONNECTED, rig.state(1));
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        assertEquals(ringing.header("To"), ok.header("To"), "the same To tag");
        assertEquals("<sip:101@127.0.0.1:5062>", ok.header("Contact"));
        final SessionDescription answer = SdpParser.parse(ok.body()).description();
        assertNotNull(answer);
        assertEquals(40000, answer.media().get(0).port());
        assertEquals(List.of("0", "101"), answer.media().get(0).formats());
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=20", rig.media.started[0]);
        assertFalse(rig.board.ringing[0]);
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "answered 1"), rig.log.calls);

        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-1"), CoreRig.PEER);
        rig.transport.clear();
        rig.advance(40_000);
        assertTrue(rig.transport.responses(200, "INVITE").isEmpty(), "acknowledged: no more 2xx");
        assertEquals(LineState.CONNECTED, rig.state(1));
    }

    @Test
    void theRecordRouteOfTheInviteRidesBackOn180And200InOrder()
    {
        final String invite = rig.invite("101", "in-rr@127.0.0.1", PEER_SDP).replace("Max-Forwards: 70\r\n",
            "Max-Forwards: 68\r\nRecord-Route: <sip:127.0.0.13:5060;lr>\r\nRecord-Route: <sip:127.0.0.12:5060;lr>\r\n");
        rig.deliver(invite, PROXY);
        rig.hook(1, true);
        for (final Sent answer : List.of(rig.transport.responses(180, "INVITE").get(0), rig.transport.responses(200, "INVITE").get(0)))
        {
            final io.voxline.sip.message.SipMessage m = answer.message();
            final List<String> rr = new java.util.ArrayList<>();
            for (int i = m.first(io.voxline.sip.message.HeaderName.RECORD_ROUTE); i >= 0;
                i = m.next(io.voxline.sip.message.HeaderName.RECORD_ROUTE, i))
            {
                rr.add(m.value(i).toString());
            }
            assertEquals(List.of("<sip:127.0.0.13:5060;lr>", "<sip:127.0.0.12:5060;lr>"), rr,
                "RFC 3261 12.1.1: the caller builds its route set from these");
        }
    }

    @Test
    void aPeerAsking60MsPacketsGetsTheLongestBoardFrame()
    {
        rig.deliver(rig.invite("101", "in-60@127.0.0.1", PEER_SDP.replace("a=ptime:20", "a=ptime:60")), PROXY);
        rig.hook(1, true);
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=30", rig.media.started[0], "the board runs 10/20/30 ms frames");
    }

    @Test
    void theFarEndsByeGets200AndTheLineHearsReorderUntilOnHook()
    {
        ring();
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-1"), CoreRig.PEER);
        rig.deliver(rig.inDialog("BYE", ok, 11, "z9hG4bK-bye-1"), CoreRig.PEER);
        final Sent byeOk = rig.transport.responses(200, "BYE").get(0);
        assertEquals(CoreRig.PEER.getAddress(), byeOk.destination().getAddress());
        assertEquals(LineState.DISCONNECTED, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertNull(rig.media.started[0]);
        assertEquals(0, rig.media.open[0]);
        assertEquals("ended 1 remote hangup", rig.log.calls.get(2));
        assertEquals(0, rig.core.dialogCount());
        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertNull(rig.board.tone[0]);
        assertTrue(rig.transport.requests("BYE").isEmpty());
    }

    @Test
    void hangingUpAnAnsweredCallSendsBye()
    {
        ring();
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-1"), CoreRig.PEER);
        rig.hook(1, false);
        final Sent bye = rig.transport.requests("BYE").get(0);
        assertEquals(CoreRig.PEER, bye.destination(), "to the caller's Contact");
        assertEquals("sip:201@127.0.0.1:5080", bye.message().requestUri().toString());
        assertEquals("1 BYE", bye.header("CSeq"));
        assertEquals(ok.header("To"), bye.header("From"));
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals("ended 1 local hangup", rig.log.calls.get(2));
    }

    @Test
    void the2xxIsRetransmittedUntilTheAckAndGivenUpAfter64T1()
    {
        ring();
        rig.hook(1, true);
        final long t0 = rig.timers.time();
        final List<Long> resent = new java.util.ArrayList<>();
        long byeAt = -1;
        for (int ms = 0; ms < 40_000; ms += 100)
        {
            final int before = rig.transport.responses(200, "INVITE").size();
            rig.advance(100);
            if (rig.transport.responses(200, "INVITE").size() > before)
            {
                resent.add(rig.timers.time() - t0);
            }
            if (byeAt < 0 && !rig.transport.requests("BYE").isEmpty())
            {
                byeAt = rig.timers.time() - t0;
            }
        }
        // T1 doubling to T2: 500, 1500, 3500, 7500, then every 4 s until 32 s
        assertEquals(List.of(500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L), resent);
        assertEquals(32_000L, byeAt, "given up at 64*T1 by its own timer, not at the next retransmission (35.5 s)");
        assertEquals(1, rig.transport.requests("BYE").stream().map(b -> b.header("Via")).distinct().count(),
            "no ACK within 64*T1: the call is ended (one BYE, retransmitted while unanswered)");
        assertEquals(LineState.DISCONNECTED, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertEquals("ended 1 failed no ACK", rig.log.calls.get(2));
    }

    @Test
    void hangingUpBeforeTheAckWaitsForItToSendBye()
    {
        ring();
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertTrue(rig.transport.requests("BYE").isEmpty(), "RFC 3261 15: no BYE before the ACK");
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-1"), CoreRig.PEER);
        assertEquals(1, rig.transport.requests("BYE").size());
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "answered 1", "ended 1 local hangup"),
            rig.log.calls);
    }

    @Test
    void aHangUpBeforeTheAckThenTheCallersByeEndTheCallInTheJournalOnce()
    {
        ring();
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.hook(1, false); // waits for the ACK to send its BYE
        rig.deliver(rig.inDialog("BYE", ok, 11, "z9hG4bK-bye-race"), CoreRig.PEER);
        assertEquals(1, rig.transport.responses(200, "BYE").size());
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-late"), CoreRig.PEER);
        rig.advance(64_000);
        assertTrue(rig.transport.requests("BYE").isEmpty(), "the caller ended it: nothing left for us to end");
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "answered 1", "ended 1 local hangup"),
            rig.log.calls);
        assertEquals(0, rig.core.dialogCount());
        assertEquals(LineState.IDLE, rig.state(1));
    }

    @Test
    void theCallersByeThenAHangUpEndTheCallInTheJournalOnce()
    {
        ring();
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.deliver(rig.inDialog("BYE", ok, 11, "z9hG4bK-bye-first"), CoreRig.PEER); // before its ACK
        assertEquals(LineState.DISCONNECTED, rig.state(1));
        rig.hook(1, false);
        rig.advance(64_000);
        assertTrue(rig.transport.requests("BYE").isEmpty());
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "answered 1", "ended 1 remote hangup"),
            rig.log.calls);
    }

    @Test
    void aHangUpBeforeAnAckThatNeverComesEndsTheCallInTheJournalOnce()
    {
        ring();
        rig.hook(1, true);
        rig.hook(1, false);
        rig.advance(32_000);
        assertEquals(1, rig.transport.requests("BYE").size(), "64*T1 without the ACK: the BYE goes now");
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "answered 1", "ended 1 local hangup"),
            rig.log.calls);
    }

    @Test
    void aCallNobodyAnswersStopsRingingAfterTheLimitWith480()
    {
        final Sent ringing = ring();
        rig.advance(GatewayCore.RING_NO_ANSWER_MS - 1);
        assertTrue(rig.board.ringing[0]);
        assertTrue(rig.transport.responses(480, "INVITE").isEmpty());
        rig.advance(1);
        final Sent unavailable = rig.transport.responses(480, "INVITE").get(0);
        assertEquals(ringing.header("To"), unavailable.header("To"), "the tag of our 180");
        assertEquals(PROXY, unavailable.destination());
        assertEquals("Q.850;cause=19;text=\"no answer\"", unavailable.header("Reason"));
        assertFalse(rig.board.ringing[0], "the bell stops");
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(0, rig.media.open[0], "the RTP port is given back");
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "ended 1 no answer"), rig.log.calls);
        assertTrue(rig.log.signals.contains("line 1 ringing -> idle (no_answer)"), rig.log.signals.toString());
        assertEquals(0, rig.core.dialogCount());
        rig.hook(1, true);
        assertEquals(LineState.DIALTONE, rig.state(1), "a lift after the limit is a new call");
        assertTrue(rig.transport.responses(200, "INVITE").isEmpty());
    }

    @Test
    void theInvitesExpiresShortensTheRingLimit()
    {
        rig.deliver(rig.invite("101", "in-exp@127.0.0.1", PEER_SDP).replace("CSeq: 10 INVITE\r\n",
            "CSeq: 10 INVITE\r\nExpires: 30\r\n"), PROXY);
        assertTrue(rig.board.ringing[0]);
        rig.advance(29_999);
        assertTrue(rig.board.ringing[0]);
        rig.advance(1);
        assertEquals(1, rig.transport.responses(480, "INVITE").size());
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals("ended 1 no answer", rig.log.calls.get(1));

        final CoreRig longer = new CoreRig();
        longer.deliver(longer.invite("101", "in-exp2@127.0.0.1", PEER_SDP).replace("CSeq: 10 INVITE\r\n",
            "CSeq: 10 INVITE\r\nExpires: 3600\r\n"), PROXY);
        longer.advance(GatewayCore.RING_NO_ANSWER_MS - 1);
        assertTrue(longer.board.ringing[0], "a longer Expires does not lift the limit");
        longer.advance(1);
        assertEquals(LineState.IDLE, longer.state(1));
    }

    @Test
    void anAnsweredCallIsNotCutByTheRingLimit()
    {
        ring();
        rig.advance(GatewayCore.RING_NO_ANSWER_MS - 1_000);
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-1"), CoreRig.PEER);
        rig.advance(10_000);
        assertEquals(LineState.CONNECTED, rig.state(1));
        assertTrue(rig.transport.responses(480, "INVITE").isEmpty());
    }

    @Test
    void aRequiredExtensionWeDoNotSupportGets420()
    {
        final String invite = rig.invite("101", "in-req@127.0.0.1", PEER_SDP).replace("CSeq: 10 INVITE\r\n",
            "CSeq: 10 INVITE\r\nRequire: 100rel, timer\r\nRequire: precondition\r\nSupported: replaces\r\n");
        rig.deliver(invite, PROXY);
        final Sent bad = rig.transport.responses(420, "INVITE").get(0);
        assertEquals("100rel, timer, precondition", bad.header("Unsupported"));
        assertTrue(bad.header("To").contains(";tag="));
        assertEquals(PROXY, bad.destination());
        assertTrue(rig.transport.responses(180, "INVITE").isEmpty(), "RFC 3261 8.2.2.3: not rung, not answered");
        assertFalse(rig.board.ringing[0]);
        assertEquals(LineState.IDLE, rig.state(1));
        assertTrue(rig.log.calls.isEmpty());
        assertEquals(0, rig.media.open[0]);

        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-opt-req",
            "From: <sip:monitor@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: opt-req@127.0.0.1",
            "CSeq: 1 OPTIONS",
            "Require: foo"), null), CoreRig.PEER);
        assertEquals("foo", rig.transport.responses(420, "OPTIONS").get(0).header("Unsupported"));

        // Supported alone asks for nothing: the call rings
        rig.deliver(rig.invite("101", "in-sup@127.0.0.1", PEER_SDP).replace("CSeq: 10 INVITE\r\n",
            "CSeq: 10 INVITE\r\nSupported: 100rel\r\n"), PROXY);
        assertEquals(1, rig.transport.responses(180, "INVITE").size());
    }

    @Test
    void aCancelWhileRingingStopsTheBellAndAnswers487()
    {
        final Sent ringing = ring();
        final Sent inviteVia = ringing; // the CANCEL carries the INVITE's Via, From, To, Call-ID and CSeq number
        rig.deliver(CoreRig.sip("CANCEL sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-in-1;rport",
            "Max-Forwards: 70",
            "From: \"Bob B\" <sip:201@b.test>;tag=bobtag",
            "To: <sip:101@a.test>",
            "Call-ID: in-1@127.0.0.1",
            "CSeq: 10 CANCEL"), null), PROXY);
        assertEquals(1, rig.transport.responses(200, "CANCEL").size());
        final Sent terminated = rig.transport.responses(487, "INVITE").get(0);
        assertEquals(inviteVia.header("To"), terminated.header("To"), "the tag of our 180");
        assertFalse(rig.board.ringing[0]);
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(0, rig.media.open[0]);
        assertEquals("ended 1 cancelled", rig.log.calls.get(1));
        assertEquals(0, rig.core.dialogCount());
        // the ringing is over: off-hook now gives dial tone, not a call
        rig.hook(1, true);
        assertEquals(LineState.DIALTONE, rig.state(1));
    }

    @Test
    void aBusyLineAnswers486()
    {
        rig.hook(1, true);
        rig.deliver(rig.invite("101", "in-2@127.0.0.1", PEER_SDP), PROXY);
        final Sent busy = rig.transport.responses(486, "INVITE").get(0);
        assertTrue(busy.header("To").contains(";tag="));
        assertEquals(LineState.DIALTONE, rig.state(1), "the line is not disturbed");
        assertEquals(Tone.DIAL, rig.board.tone[0]);
        assertTrue(rig.media.commands.isEmpty(), "its media is not touched");
        assertEquals(List.of("started 1 IN sip:101@a.test sip:201@b.test", "ended 1 rejected 486"), rig.log.calls);
        // a ringing line is busy to a second caller too
        rig.deliver(rig.invite("102", "in-3@127.0.0.1", PEER_SDP), PROXY);
        rig.deliver(rig.invite("102", "in-4@127.0.0.1", PEER_SDP), PROXY);
        assertEquals(1, rig.transport.responses(180, "INVITE").size());
        assertEquals(2, rig.transport.responses(486, "INVITE").size());
        assertTrue(rig.board.ringing[1]);
    }

    @Test
    void noCommonCodecAnswers488AndGivesThePortBack()
    {
        rig.deliver(rig.invite("101", "in-5@127.0.0.1", CoreRig.G729_SDP), PROXY);
        assertEquals(1, rig.transport.responses(488, "INVITE").size());
        assertEquals(LineState.IDLE, rig.state(1));
        assertFalse(rig.board.ringing[0]);
        assertEquals(0, rig.media.open[0]);
        assertEquals("ended 1 rejected 488", rig.log.calls.get(1));
        rig.deliver(rig.invite("101", "in-6@127.0.0.1", null), PROXY);
        assertEquals(2, rig.transport.responses(488, "INVITE").size(), "no offer: not supported yet");
    }

    @Test
    void anUnknownUserGets404()
    {
        rig.deliver(rig.invite("999", "in-7@127.0.0.1", PEER_SDP), PROXY);
        assertEquals(1, rig.transport.responses(404, "INVITE").size());
        assertTrue(rig.log.calls.isEmpty());
    }

    @Test
    void inDialogRequestsForNoCall481AndOptions200()
    {
        rig.deliver(CoreRig.sip("BYE sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-stray",
            "From: <sip:201@b.test>;tag=x",
            "To: <sip:101@a.test>;tag=y",
            "Call-ID: nothing@127.0.0.1",
            "CSeq: 5 BYE"), null), CoreRig.PEER);
        assertEquals(1, rig.transport.responses(481, "BYE").size());
        rig.deliver(CoreRig.sip("INFO sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-info",
            "From: <sip:201@b.test>;tag=x",
            "To: <sip:101@a.test>;tag=y",
            "Call-ID: nothing@127.0.0.1",
            "CSeq: 6 INFO"), null), CoreRig.PEER);
        assertEquals(1, rig.transport.responses(481, "INFO").size());
        rig.deliver(CoreRig.sip("INVITE sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-reinv",
            "From: <sip:201@b.test>;tag=x",
            "To: <sip:101@a.test>;tag=y",
            "Call-ID: nothing@127.0.0.1",
            "Contact: <sip:201@127.0.0.1:5080>",
            "CSeq: 7 INVITE"), PEER_SDP), CoreRig.PEER);
        assertEquals(1, rig.transport.responses(481, "INVITE").size());
        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-opt",
            "From: <sip:monitor@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: opt@127.0.0.1",
            "CSeq: 1 OPTIONS"), null), CoreRig.PEER);
        final Sent ok = rig.transport.responses(200, "OPTIONS").get(0);
        assertEquals(GatewayCore.ALLOW, ok.header("Allow"));
        rig.deliver(CoreRig.sip("REGISTER sip:a.test SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-reg",
            "From: <sip:201@a.test>;tag=x",
            "To: <sip:201@a.test>",
            "Call-ID: reg@127.0.0.1",
            "CSeq: 1 REGISTER",
            "Contact: <sip:201@127.0.0.1:5080>"), null), CoreRig.PEER);
        assertEquals(GatewayCore.ALLOW, rig.transport.responses(405, "REGISTER").get(0).header("Allow"),
            "a gateway is no registrar");
    }

    @Test
    void aReInviteInTheCallIsRefusedAndTheCallGoesOn()
    {
        ring();
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-ack-1"), CoreRig.PEER);
        final String reInvite = rig.inDialog("INVITE", ok, 11, "z9hG4bK-reinvite").replace("CSeq: 11 INVITE",
            "CSeq: 11 INVITE\r\nContact: <sip:201@127.0.0.1:5080>");
        rig.deliver(reInvite, CoreRig.PEER);
        assertEquals(1, rig.transport.responses(488, "INVITE").size());
        assertEquals(LineState.CONNECTED, rig.state(1));
        rig.deliver(rig.inDialog("BYE", ok, 11, "z9hG4bK-bye-old"), CoreRig.PEER);
        assertEquals(1, rig.transport.responses(500, "BYE").size(), "CSeq must rise");
        assertEquals(LineState.CONNECTED, rig.state(1));
    }
}
