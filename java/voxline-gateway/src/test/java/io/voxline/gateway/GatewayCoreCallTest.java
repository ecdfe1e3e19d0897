package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER;
import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.Tone;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;
import io.voxline.sip.sdp.SdpParser;
import io.voxline.sip.sdp.SessionDescription;

/** Outgoing calls, from off-hook to the end of the BYE, as the gateway core sees them. */
class GatewayCoreCallTest
{
    private final CoreRig rig = new CoreRig();

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    /** Off-hook, dial 201: returns the INVITE sent. */
    private Sent dial201()
    {
        rig.hook(1, true);
        rig.dial(1, "201");
        final List<Sent> invites = rig.transport.requests("INVITE");
        assertEquals(1, invites.size());
        return invites.get(0);
    }

    @Test
    void offHookGivesDialToneTheFirstDigitStopsItAndTheMapCompletesTheNumber()
    {
        rig.hook(1, true);
        assertEquals(Tone.DIAL, rig.board.tone[0]);
        assertEquals(LineState.DIALTONE, rig.state(1));
        rig.dial(1, "2");
        assertNull(rig.board.tone[0], "the first digit stops dial tone");
        assertEquals(LineState.DIALING, rig.state(1));
        rig.dial(1, "0");
        assertTrue(rig.transport.requests("INVITE").isEmpty());
        rig.dial(1, "1");
        assertEquals(LineState.CALLING, rig.state(1));
        assertEquals(1, rig.transport.requests("INVITE").size());
    }

    @Test
    void theInviteNamesTheNumberTheLineAndTheProxy()
    {
        final Sent invite = dial201();
        assertEquals(PROXY, invite.destination());
        assertEquals("sip:201@a.test", invite.message().requestUri().toString());
        assertTrue(invite.header("Via").startsWith("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK"), invite.header("Via"));
        assertTrue(invite.header("Via").endsWith(";rport"));
        assertEquals("70", invite.header("Max-Forwards"));
        assertEquals("<sip:127.0.0.1:5070;lr>", invite.header("Route"));
        assertTrue(invite.header("From").startsWith("\"Alice\" <sip:101@a.test>;tag="), invite.header("From"));
        assertEquals("<sip:201@a.test>", invite.header("To"));
        assertEquals("<sip:101@127.0.0.1:5062>", invite.header("Contact"));
        assertEquals("1 INVITE", invite.header("CSeq"));
        assertEquals("application/sdp", invite.header("Content-Type"));
        final SessionDescription offer = SdpParser.parse(invite.body()).description();
        assertNotNull(offer);
        assertEquals(40000, offer.media().get(0).port(), "the line's RTP port from the media port");
        assertEquals(List.of("0", "8", "101"), offer.media().get(0).formats());
        assertEquals("127.0.0.1", offer.connectionAddress());
        assertEquals(List.of("open 0"), rig.media.commands);
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test"), rig.log.calls);
        assertEquals("call=calling peer=sip:201@a.test", rig.core.describe(1));
    }

    @Test
    void ringbackThenAnswerThenByeOnHangUp()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 100, "Trying", null, null), PROXY);
        assertEquals(LineState.CALLING, rig.state(1));
        rig.deliver(response(invite, 180, "Ringing", "bt", null, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.RINGBACK, rig.state(1));
        assertEquals(Tone.RINGBACK, rig.board.tone[0]);

        rig.transport.clear();
        final String ok = response(invite, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>");
        rig.deliver(ok, PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        assertNull(rig.board.tone[0], "ringback stops");
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=20", rig.media.started[0]);
        final List<Sent> acks = rig.transport.requests("ACK");
        assertEquals(1, acks.size());
        final Sent ack = acks.get(0);
        assertEquals(PEER, ack.destination(), "no Record-Route: the ACK goes to the Contact");
        assertEquals("sip:201@127.0.0.1:5080", ack.message().requestUri().toString());
        assertEquals("1 ACK", ack.header("CSeq"));
        assertTrue(ack.header("To").endsWith(";tag=bt"));
        assertEquals("call=connected peer=sip:201@a.test", rig.core.describe(1));

        // the 2xx again (our ACK was lost): the ACK again
        rig.deliver(ok, PROXY);
        assertEquals(2, rig.transport.requests("ACK").size());
        assertEquals(ack.text(), rig.transport.requests("ACK").get(1).text());

        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertNull(rig.media.started[0]);
        assertEquals(0, rig.media.open[0]);
        final Sent bye = rig.transport.requests("BYE").get(0);
        assertEquals(PEER, bye.destination());
        assertEquals("2 BYE", bye.header("CSeq"));
        assertEquals("sip:201@127.0.0.1:5080", bye.message().requestUri().toString());
        assertEquals(1, rig.core.dialogCount(), "until the BYE is answered");
        rig.deliver(response(bye, 200, "OK", null, null), PEER);
        assertEquals(0, rig.core.dialogCount());
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "answered 1", "ended 1 local hangup"),
            rig.log.calls);
        assertEquals("call=idle peer=-", rig.core.describe(1));
    }

    @Test
    void theByeFollowsTheRecordRoutedPath()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Record-Route: <sip:127.0.0.1:5090;lr>",
            "Record-Route: <sip:127.0.0.1:5070;lr>", "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        final Sent ack = rig.transport.requests("ACK").get(0);
        assertEquals(PROXY, ack.destination(), "the first route of the reversed Record-Route");
        rig.hook(1, false);
        final Sent bye = rig.transport.requests("BYE").get(0);
        assertEquals(PROXY, bye.destination());
        assertEquals("sip:201@127.0.0.1:5080", bye.message().requestUri().toString());
        assertTrue(bye.text().indexOf("Route: <sip:127.0.0.1:5070;lr>") < bye.text().indexOf("Route: <sip:127.0.0.1:5090;lr>"),
            bye.text());
    }

    @Test
    void theFarEndHangsUpOurCall()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        rig.transport.clear();
        rig.deliver(CoreRig.fromCallee("BYE", invite, "bt", 1, "z9hG4bK-bye-1"), PEER);
        assertEquals(1, rig.transport.responses(200, "BYE").size());
        assertEquals(LineState.DISCONNECTED, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0], "reorder until on-hook");
        assertNull(rig.media.started[0]);
        assertEquals("ended 1 remote hangup", rig.log.calls.get(rig.log.calls.size() - 1));
        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertNull(rig.board.tone[0]);
        assertTrue(rig.transport.requests("BYE").isEmpty(), "nothing to end any more");
    }

    @Test
    void busyGivesBusyTone()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 486, "Busy Here", "bt", null), PROXY);
        assertEquals(LineState.BUSY, rig.state(1));
        assertEquals(Tone.BUSY, rig.board.tone[0]);
        assertEquals(1, rig.transport.requests("ACK").size(), "the transaction acknowledges the 486");
        assertEquals(0, rig.media.open[0], "the RTP port is given back");
        assertEquals("ended 1 busy", rig.log.calls.get(1));
        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertNull(rig.board.tone[0]);
    }

    @Test
    void busyEverywhereIsBusyToo()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 600, "Busy Everywhere", "bt", null), PROXY);
        assertEquals(LineState.BUSY, rig.state(1));
    }

    @Test
    void otherFailuresAndTimeoutsGiveReorder()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 404, "Not Found", "bt", null), PROXY);
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertEquals("ended 1 failed 404", rig.log.calls.get(1));

        final CoreRig quiet = new CoreRig();
        quiet.hook(1, true);
        quiet.dial(1, "201");
        quiet.advance(32_000); // timer B: nobody answered at all
        assertEquals(LineState.REORDER, quiet.state(1));
        assertEquals("ended 1 no answer", quiet.log.calls.get(1));
        assertEquals(0, quiet.media.open[0]);
    }

    @Test
    void hashAndTheInterDigitTimeoutEndDialing()
    {
        rig.hook(1, true);
        rig.dial(1, "07");
        assertTrue(rig.transport.requests("INVITE").isEmpty());
        rig.advance(3_999);
        assertTrue(rig.transport.requests("INVITE").isEmpty());
        rig.advance(1);
        assertEquals("sip:07@a.test", rig.transport.requests("INVITE").get(0).message().requestUri().toString());

        final CoreRig hash = new CoreRig();
        hash.hook(2, true);
        hash.dial(2, "0123#");
        assertEquals("sip:0123@a.test", hash.transport.requests("INVITE").get(0).message().requestUri().toString());
        assertTrue(hash.transport.requests("INVITE").get(0).header("From").startsWith("<sip:102@a.test>;tag="),
            "no display name configured");
    }

    @Test
    void noDigitAfterDialToneGivesReorder()
    {
        rig.hook(1, true);
        rig.advance(GatewayCore.FIRST_DIGIT_TIMEOUT_MS);
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertTrue(rig.transport.requests("INVITE").isEmpty());
        assertTrue(rig.log.calls.isEmpty());
    }

    @Test
    void noRtpPortMeansReorderAndNoInvite()
    {
        rig.media.refusePorts = true;
        rig.hook(1, true);
        rig.dial(1, "201");
        assertEquals(LineState.REORDER, rig.state(1));
        assertTrue(rig.transport.requests("INVITE").isEmpty());
    }

    @Test
    void hangingUpWhileRingingCancels()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 180, "Ringing", "bt", null), PROXY);
        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertNull(rig.board.tone[0], "ringback stops");
        assertEquals(0, rig.media.open[0]);
        final Sent cancel = rig.transport.requests("CANCEL").get(0);
        assertEquals(PROXY, cancel.destination());
        assertEquals(invite.header("Via"), cancel.header("Via"), "same branch as the INVITE");
        assertEquals("1 CANCEL", cancel.header("CSeq"));
        assertEquals("ended 1 cancelled", rig.log.calls.get(1));
        rig.deliver(response(cancel, 200, "OK", "bt", null), PROXY);
        rig.deliver(response(invite, 487, "Request Terminated", "bt", null), PROXY);
        assertEquals(1, rig.transport.requests("ACK").size(), "the 487 is acknowledged");
        assertEquals(2, rig.log.calls.size(), "nothing more journalled");
        assertTrue(rig.transport.requests("BYE").isEmpty());
        // the line is free for the next call at once
        rig.hook(1, true);
        assertEquals(LineState.DIALTONE, rig.state(1));
    }

    @Test
    void hangingUpBeforeAnyProvisionalCancelsOnceOneArrives()
    {
        final Sent invite = dial201();
        rig.hook(1, false);
        assertTrue(rig.transport.requests("CANCEL").isEmpty(), "RFC 3261 9.1: not before a provisional response");
        rig.deliver(response(invite, 100, "Trying", null, null), PROXY);
        assertEquals(1, rig.transport.requests("CANCEL").size());
    }

    @Test
    void anAnswerRacingTheCancelIsAcknowledgedThenEnded()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 180, "Ringing", "bt", null), PROXY);
        rig.hook(1, false);
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(1, rig.transport.requests("ACK").size());
        final List<Sent> byes = rig.transport.requests("BYE");
        assertEquals(1, byes.size());
        assertEquals(PEER, byes.get(0).destination());
        assertTrue(rig.transport.sent.indexOf(rig.transport.requests("ACK").get(0)) < rig.transport.sent.indexOf(byes.get(0)));
        assertNull(rig.media.started[0], "no media for a call the person left");
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 cancelled"), rig.log.calls);
        rig.deliver(response(byes.get(0), 200, "OK", null, null), PEER);
        assertEquals(0, rig.core.dialogCount());
    }

    @Test
    void anAnswerWithoutACommonCodecIsEnded()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", CoreRig.G729_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(1, rig.transport.requests("ACK").size());
        assertEquals(1, rig.transport.requests("BYE").size());
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals("ended 1 failed 488", rig.log.calls.get(1));
    }

    @Test
    void aCallNobodyAnswersIsCancelledAfterTheLimitWithReorder()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 180, "Ringing", "bt", null), PROXY);
        rig.advance(GatewayCore.RING_NO_ANSWER_MS - 1);
        assertEquals(LineState.RINGBACK, rig.state(1));
        assertTrue(rig.transport.requests("CANCEL").isEmpty());
        rig.advance(1);
        final Sent cancel = rig.transport.requests("CANCEL").get(0);
        assertEquals(invite.header("Via"), cancel.header("Via"), "the INVITE's branch");
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertEquals(0, rig.media.open[0], "the RTP port is given back");
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 no answer"), rig.log.calls);
        rig.deliver(response(cancel, 200, "OK", "bt", null), PROXY);
        rig.deliver(response(invite, 487, "Request Terminated", "bt", null), PROXY);
        assertEquals(1, rig.transport.requests("ACK").size(), "the 487 is acknowledged");
        assertEquals(2, rig.log.calls.size(), "nothing more journalled");
        rig.hook(1, false);
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(1, rig.transport.requests("CANCEL").size(), "on-hook in reorder has no call to release");

        // with only a 100 Trying, CALLING is given up the same way
        final CoreRig calling = new CoreRig();
        calling.hook(1, true);
        calling.dial(1, "201");
        calling.deliver(response(calling.transport.requests("INVITE").get(0), 100, "Trying", null, null), PROXY);
        calling.advance(GatewayCore.RING_NO_ANSWER_MS);
        assertEquals(1, calling.transport.requests("CANCEL").size());
        assertEquals(LineState.REORDER, calling.state(1));
        assertEquals("ended 1 no answer", calling.log.calls.get(1));
    }

    @Test
    void anAnsweredCallIsNotCancelledByTheLimit()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        rig.advance(GatewayCore.RING_NO_ANSWER_MS + 1_000);
        assertEquals(LineState.CONNECTED, rig.state(1));
        assertTrue(rig.transport.requests("CANCEL").isEmpty());
        assertEquals(2, rig.log.calls.size());
    }

    @Test
    void aForkedSecondAnswerIsAcknowledgedThenEndedAndTheCallGoesOn()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        rig.transport.clear();

        // another phone of the forked target answered too (RFC 3261 13.2.2.4)
        final String forked = response(invite, 200, "OK", "fork2", PEER_SDP, "Contact: <sip:201@127.0.0.1:5081>");
        rig.deliver(forked, PROXY);
        final InetSocketAddress fork = new InetSocketAddress("127.0.0.1", 5081);
        final List<Sent> acks = rig.transport.requests("ACK");
        assertEquals(1, acks.size(), rig.transport.sent.toString());
        assertEquals(fork, acks.get(0).destination());
        assertEquals("sip:201@127.0.0.1:5081", acks.get(0).message().requestUri().toString());
        assertTrue(acks.get(0).header("To").endsWith(";tag=fork2"), acks.get(0).header("To"));
        assertEquals("1 ACK", acks.get(0).header("CSeq"));
        final List<Sent> byes = rig.transport.requests("BYE");
        assertEquals(1, byes.size());
        assertEquals(fork, byes.get(0).destination());
        assertTrue(byes.get(0).header("To").endsWith(";tag=fork2"));
        assertEquals(invite.header("Call-ID"), byes.get(0).header("Call-ID"));
        assertTrue(rig.transport.sent.indexOf(acks.get(0)) < rig.transport.sent.indexOf(byes.get(0)), "ACK, then BYE");

        // the established call is left alone
        assertEquals(LineState.CONNECTED, rig.state(1));
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=20", rig.media.started[0]);
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "answered 1"), rig.log.calls);
        assertEquals(1, rig.core.dialogCount());

        // the fork's 2xx again: its ACK again, not another BYE
        rig.deliver(forked, PROXY);
        assertEquals(2, rig.transport.requests("ACK").size());
        assertEquals(acks.get(0).text(), rig.transport.requests("ACK").get(1).text());
        assertEquals(1, rig.transport.requests("BYE").size());
        rig.deliver(response(byes.get(0), 200, "OK", null, null), fork);

        // and our own call still ends normally
        rig.hook(1, false);
        final List<Sent> ours = rig.transport.requests("BYE");
        assertEquals(2, ours.size());
        assertEquals(PEER, ours.get(1).destination());
        assertTrue(ours.get(1).header("To").endsWith(";tag=bt"));
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "answered 1", "ended 1 local hangup"),
            rig.log.calls);
        assertEquals(0, rig.core.errorCount());
    }

    @Test
    void aForkedAnswerAfterOurCallEndedIsStillAcknowledgedAndEnded()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        rig.hook(1, false);
        rig.deliver(response(rig.transport.requests("BYE").get(0), 200, "OK", null, null), PEER);
        assertEquals(0, rig.core.dialogCount());
        rig.transport.clear();
        rig.deliver(response(invite, 200, "OK", "late", PEER_SDP, "Contact: <sip:201@127.0.0.1:5081>"), PROXY);
        assertEquals(1, rig.transport.requests("ACK").size());
        assertEquals(1, rig.transport.requests("BYE").size());
        assertEquals(3, rig.log.calls.size(), "the journal is untouched");
        // 64*T1 later the INVITE is history: a stray 2xx for it is not ours to answer any more
        rig.advance(32_000);
        rig.transport.clear();
        rig.deliver(response(invite, 200, "OK", "later", PEER_SDP, "Contact: <sip:201@127.0.0.1:5082>"), PROXY);
        assertTrue(rig.transport.sent.isEmpty(), rig.transport.sent.toString());
    }

    @Test
    void eachLineCallsAsItself()
    {
        final CoreRig r = new CoreRig();
        r.hook(2, true);
        r.dial(2, "101");
        assertEquals("<sip:102@127.0.0.1:5062>", r.transport.requests("INVITE").get(0).header("Contact"));
        assertFalse(r.transport.requests("INVITE").get(0).header("From").contains("Alice"));
    }
}
