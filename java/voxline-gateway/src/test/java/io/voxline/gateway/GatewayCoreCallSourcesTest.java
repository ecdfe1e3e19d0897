package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.voxline.gateway.GatewayConfig.CallSources;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;

/**
 * Ghost calls: a line takes new calls only from its proxy unless set to take them from anyone; a stranger (a
 * scanner on the router's WAN port) gets the same 403 whatever user it asks for, rings no phone, opens no media
 * port and leaves nothing in the journal.
 */
class GatewayCoreCallSourcesTest
{
    private static final InetSocketAddress STRANGER = new InetSocketAddress("127.0.0.2", 5060);

    private static void assertOnlyAnswer(final CoreRig rig, final int code, final int count)
    {
        final List<Sent> answers = rig.transport.sent.stream().filter(s -> s.message().isResponse()).toList();
        assertEquals(count, answers.size(), answers::toString);
        assertTrue(answers.stream().allMatch(s -> s.message().statusCode() == code), answers::toString);
    }

    @Test
    void byDefaultAStrangersInviteIsRefused403WhateverTheUser()
    {
        final CoreRig rig = new CoreRig();
        rig.deliver(rig.invite("101", "scan-1@127.0.0.2", PEER_SDP), STRANGER);
        rig.deliver(rig.invite("102", "scan-2@127.0.0.2", PEER_SDP), STRANGER);
        rig.deliver(rig.invite("999", "scan-3@127.0.0.2", PEER_SDP), STRANGER);
        rig.deliver(rig.invite("101", "scan-4@127.0.0.2", null), STRANGER);
        assertOnlyAnswer(rig, 403, 4);
        assertFalse(rig.board.ringing[0]);
        assertFalse(rig.board.ringing[1]);
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(0, rig.media.open[0]);
        assertTrue(rig.log.calls.isEmpty(), "a scan does not fill the journal");
        assertEquals(4, rig.core.strangerCallCount());
        assertEquals(0, rig.core.dialogCount());
        assertEquals(0, rig.core.errorCount());
    }

    @Test
    void theProxysAddressRingsTheLineFromAnyOfItsPorts()
    {
        final CoreRig rig = new CoreRig();
        rig.deliver(rig.invite("101", "in-1@127.0.0.1", PEER_SDP), new InetSocketAddress("127.0.0.1", 5999));
        assertEquals(1, rig.transport.responses(180, "INVITE").size());
        assertTrue(rig.board.ringing[0]);
        rig.deliver(rig.invite("999", "in-2@127.0.0.1", PEER_SDP), PROXY);
        assertEquals(1, rig.transport.responses(404, "INVITE").size(), "the proxy may learn what it knows anyway");
        assertEquals(0, rig.core.strangerCallCount());
    }

    @Test
    void aLineThatTakesCallsFromAnyoneRingsTheOthersStillRefuse()
    {
        final CoreRig rig = CoreRig.withCallSources(CallSources.ANY, CallSources.PROXY);
        rig.deliver(rig.invite("102", "scan-1@127.0.0.2", PEER_SDP), STRANGER);
        assertEquals(1, rig.transport.responses(403, "INVITE").size(), "line 2 takes calls only from its proxy");
        assertFalse(rig.board.ringing[1]);
        rig.deliver(rig.invite("101", "peer-1@127.0.0.2", PEER_SDP), STRANGER);
        assertEquals(1, rig.transport.responses(180, "INVITE").size(), "line 1 takes calls from anyone");
        assertTrue(rig.board.ringing[0]);
        assertEquals(0, rig.core.errorCount());
    }

    @Test
    void inDialogRequestsAndOptionsAreNotNewCalls()
    {
        final CoreRig rig = new CoreRig();
        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-probe",
            "Max-Forwards: 70",
            "From: <sip:probe@127.0.0.2>;tag=p",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: probe@127.0.0.2",
            "CSeq: 1 OPTIONS"), null), STRANGER);
        assertEquals(1, rig.transport.responses(200, "OPTIONS").size());
        rig.deliver(CoreRig.sip("BYE sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK-stray",
            "Max-Forwards: 70",
            "From: <sip:201@b.test>;tag=x",
            "To: <sip:101@a.test>;tag=y",
            "Call-ID: nothing@127.0.0.2",
            "CSeq: 2 BYE"), null), STRANGER);
        assertEquals(1, rig.transport.responses(481, "BYE").size());
        assertEquals(0, rig.core.strangerCallCount());
    }
}
