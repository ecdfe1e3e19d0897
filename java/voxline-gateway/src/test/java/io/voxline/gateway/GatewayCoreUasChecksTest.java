package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER;
import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;

/**
 * The UAS checks of RFC 3261 §8.2 before a request is acted on: the Request-URI's scheme (416), merged requests
 * (482), the body's type and encoding (415 with Accept / Accept-Encoding), and an Accept that rules out the SDP our
 * answer must carry (406 with a 399 Warning, RFC 4475 3.3.15). A refused INVITE never rings the line.
 */
class GatewayCoreUasChecksTest
{
    private final CoreRig rig = new CoreRig();

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    /** An INVITE for 101 from the proxy, its body typed as given (contentType null: no Content-Type). */
    private static String invite(final String callId, final String branch, final String contentType, final String body,
        final String... extra)
    {
        final StringBuilder sb = new StringBuilder("INVITE sip:101@127.0.0.1:5062 SIP/2.0\r\n")
            .append("Via: SIP/2.0/UDP 127.0.0.1:5070;branch=").append(branch).append(";rport\r\n")
            .append("Max-Forwards: 70\r\n")
            .append("From: \"Bob B\" <sip:201@b.test>;tag=bobtag\r\n")
            .append("To: <sip:101@a.test>\r\n")
            .append("Call-ID: ").append(callId).append("\r\n")
            .append("CSeq: 10 INVITE\r\n")
            .append("Contact: <sip:201@127.0.0.1:5080>\r\n");
        for (final String h : extra)
        {
            sb.append(h).append("\r\n");
        }
        if (contentType != null)
        {
            sb.append("Content-Type: ").append(contentType).append("\r\n");
        }
        return sb.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n")
            .append(body).toString();
    }

    private static String options(final String requestUri, final String callId, final String branch)
    {
        return CoreRig.sip("OPTIONS " + requestUri + " SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=" + branch,
            "Max-Forwards: 70",
            "From: <sip:monitor@b.test>;tag=mon",
            "To: <sip:101@a.test>",
            "Call-ID: " + callId,
            "CSeq: 7 OPTIONS"), null);
    }

    private Sent only(final int code, final String method)
    {
        final List<Sent> answers = rig.transport.responses(code, method);
        assertEquals(1, answers.size(), rig.transport.sent.toString());
        return answers.get(0);
    }

    private void notRung()
    {
        assertTrue(rig.transport.responses(180, "INVITE").isEmpty(), rig.transport.sent.toString());
        assertFalse(rig.board.ringing[0]);
        assertEquals(LineState.IDLE, rig.state(1));
        assertTrue(rig.log.calls.isEmpty(), rig.log.calls.toString());
        assertEquals(0, rig.media.open[0], "no RTP port opened");
    }

    // ------------------------------------------------------------------------------------------ 416

    @Test
    void aRequestUriOfASchemeWeDoNotServeGets416()
    {
        rig.deliver(options("nobodyKnowsThisScheme:totallyopaquecontent", "unkscm@x", "z9hG4bK-s1"), PEER);
        rig.deliver(options("soap.beep://192.0.2.103:3002", "novelsc@x", "z9hG4bK-s2"), PEER);
        rig.deliver(options("tel:+15551234", "tel@x", "z9hG4bK-s3"), PEER);
        final List<Sent> refused = rig.transport.responses(416, "OPTIONS");
        assertEquals(3, refused.size(), rig.transport.sent.toString());
        for (final Sent s : refused)
        {
            assertEquals("Unsupported URI Scheme", s.message().reasonPhrase().toString());
            assertTrue(s.header("To").contains(";tag="), "a final answer outside a dialog carries our tag");
        }
        assertTrue(rig.transport.responses(200, "OPTIONS").isEmpty());

        rig.deliver(options("sip:101@127.0.0.1:5062", "sip@x", "z9hG4bK-s4"), PEER);
        assertEquals(1, rig.transport.responses(200, "OPTIONS").size(), "sip: is ours");
    }

    @Test
    void aSipsInviteWithoutATlsListenerGets416AndDoesNotRing()
    {
        rig.deliver(rig.invite("101", "in-sips@127.0.0.1", PEER_SDP).replace("INVITE sip:101@", "INVITE sips:101@"), PROXY);
        only(416, "INVITE");
        notRung();
    }

    @Test
    void anUnknownMethodIsStill405WhateverItsScheme()
    {
        rig.deliver(CoreRig.sip("PUBLISH tel:+15551234 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-pub",
            "From: <sip:monitor@b.test>;tag=p",
            "To: <tel:+15551234>",
            "Call-ID: pub@x",
            "CSeq: 1 PUBLISH"), null), PEER);
        only(405, "PUBLISH");
    }

    // ------------------------------------------------------------------------------------------ 415

    @Test
    void anInviteWhoseBodyIsNotSdpGets415WithAccept()
    {
        rig.deliver(invite("invut@x", "z9hG4bK-u1", "application/unknownformat", "<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n"),
            PROXY);
        final Sent refused = only(415, "INVITE");
        assertEquals("Unsupported Media Type", refused.message().reasonPhrase().toString());
        assertEquals("application/sdp", refused.header("Accept"));
        assertEquals(PROXY, refused.destination());
        notRung();
    }

    @Test
    void aMultipartBodyWithoutAnSdpPartGets415()
    {
        final String body = "--b1\r\nContent-Type: text/plain\r\n\r\nHi there\r\n--b1--\r\n";
        rig.deliver(invite("mp-none@x", "z9hG4bK-m1", "multipart/mixed;boundary=b1", body), PROXY);
        assertEquals("application/sdp", only(415, "INVITE").header("Accept"));
        notRung();
    }

    @Test
    void aMultipartBodyWithAnSdpPartRingsAndIsAnsweredFromThatPart()
    {
        final String body = "--b2\r\nContent-Type: text/plain\r\n\r\nHi there\r\n" +
            "--b2\r\nContent-Type: application/sdp\r\n\r\n" + PEER_SDP + "\r\n--b2--\r\n";
        rig.deliver(invite("mp-sdp@x", "z9hG4bK-m2", "multipart/mixed;boundary=b2", body), PROXY);
        only(180, "INVITE");
        rig.hook(1, true);
        only(200, "INVITE");
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=20", rig.media.started[0], "media to the SDP part's address");
    }

    @Test
    void aRequiredPartWeCannotReadGets415EvenBesideSdp()
    {
        final String body = "--b3\r\nContent-Type: application/sdp\r\n\r\n" + PEER_SDP + "\r\n" +
            "--b3\r\nContent-Type: application/x-secret\r\nContent-Disposition: signal;handling=required\r\n\r\nxyz\r\n--b3--\r\n";
        rig.deliver(invite("mp-req@x", "z9hG4bK-m3", "multipart/mixed;boundary=b3", body), PROXY);
        only(415, "INVITE");
        notRung();
    }

    @Test
    void anEncodingWeCannotReadGets415WithAcceptEncoding()
    {
        rig.deliver(invite("gz@x", "z9hG4bK-e1", "application/sdp", PEER_SDP, "Content-Encoding: gzip"), PROXY);
        final Sent refused = only(415, "INVITE");
        assertEquals("identity", refused.header("Accept-Encoding"));
        assertNull(refused.header("Accept"));
        notRung();
    }

    @Test
    void sdpWithoutContentTypeOrWithIdentityEncodingRings()
    {
        rig.deliver(invite("untyped@x", "z9hG4bK-t1", null, PEER_SDP, "Content-Encoding: identity"), PROXY);
        only(180, "INVITE");
    }

    // ------------------------------------------------------------------------------------------ 406

    @Test
    void anAcceptThatRulesOutSdpGets406WithA399Warning()
    {
        rig.deliver(invite("sdp01@x", "z9hG4bK-a1", "application/sdp", PEER_SDP, "Accept: text/nobodyKnowsThis"), PROXY);
        final Sent refused = only(406, "INVITE");
        assertEquals("Not Acceptable", refused.message().reasonPhrase().toString());
        final String warning = refused.header("Warning");
        assertTrue(warning.startsWith("399 127.0.0.1:5062 \""), warning);
        notRung();
    }

    @Test
    void sdpAcceptedAtZeroQualityOrAnEmptyAcceptIs406()
    {
        rig.deliver(invite("q0@x", "z9hG4bK-a2", "application/sdp", PEER_SDP, "Accept: application/sdp;q=0.0, text/html"), PROXY);
        rig.deliver(invite("empty@x", "z9hG4bK-a3", "application/sdp", PEER_SDP, "Accept: "), PROXY);
        assertEquals(2, rig.transport.responses(406, "INVITE").size(), rig.transport.sent.toString());
        notRung();
    }

    @Test
    void anAcceptThatAllowsSdpRings()
    {
        rig.deliver(invite("wild@x", "z9hG4bK-a4", "application/sdp", PEER_SDP, "Accept: text/plain, application/*;q=0.5"), PROXY);
        only(180, "INVITE");
    }

    // ------------------------------------------------------------------------------------------ 482

    @Test
    void theSameInviteByAnotherBranchWhileRingingIsAMergedRequest()
    {
        rig.deliver(invite("merge@x", "z9hG4bK-first", "application/sdp", PEER_SDP), PROXY);
        only(180, "INVITE");
        rig.deliver(invite("merge@x", "z9hG4bK-second", "application/sdp", PEER_SDP), PEER);
        final Sent loop = only(482, "INVITE");
        assertEquals("Loop Detected", loop.message().reasonPhrase().toString());
        assertTrue(loop.header("Via").contains("z9hG4bK-second"), "the answer is the merged request's");
        assertEquals(PEER, loop.destination());
        assertEquals(LineState.RINGING, rig.state(1), "the first one still rings");
        assertEquals(1, rig.log.calls.size(), rig.log.calls.toString());

        // a retransmission of the first (same branch) is absorbed by its transaction, not merged
        rig.transport.clear();
        rig.deliver(invite("merge@x", "z9hG4bK-first", "application/sdp", PEER_SDP), PROXY);
        assertTrue(rig.transport.responses(482, "INVITE").isEmpty(), rig.transport.sent.toString());

        rig.hook(1, true);
        assertEquals(1, rig.transport.responses(200, "INVITE").size());
    }

    @Test
    void aMergedOptionsIs482WhileItsTwinLivesAndAnsweredOnceItHasEnded()
    {
        rig.deliver(options("sip:101@127.0.0.1:5062", "twin@x", "z9hG4bK-o1"), PEER);
        only(200, "OPTIONS");
        // the first transaction is completed, not over (timer J): a copy by another path merges with it
        rig.deliver(options("sip:101@127.0.0.1:5062", "twin@x", "z9hG4bK-o2"), PROXY);
        assertTrue(only(482, "OPTIONS").header("Via").contains("z9hG4bK-o2"));

        // another CSeq, or another From tag, is another request
        rig.deliver(options("sip:101@127.0.0.1:5062", "twin@x", "z9hG4bK-o3").replace("7 OPTIONS", "8 OPTIONS"), PROXY);
        rig.deliver(options("sip:101@127.0.0.1:5062", "twin@x", "z9hG4bK-o4").replace("tag=mon", "tag=other"), PROXY);
        assertEquals(3, rig.transport.responses(200, "OPTIONS").size());

        rig.advance(40_000); // timer J: every transaction has ended
        rig.transport.clear();
        rig.deliver(options("sip:101@127.0.0.1:5062", "twin@x", "z9hG4bK-o5"), PROXY);
        only(200, "OPTIONS");
    }

    @Test
    void aRequestInsideADialogIsNeverAMergedOne()
    {
        rig.deliver(invite("dlg@x", "z9hG4bK-d1", "application/sdp", PEER_SDP), PROXY);
        rig.hook(1, true);
        final Sent ok = rig.transport.responses(200, "INVITE").get(0);
        rig.deliver(rig.inDialog("ACK", ok, 10, "z9hG4bK-d-ack"), PEER);
        rig.deliver(rig.inDialog("BYE", ok, 11, "z9hG4bK-d-bye1"), PEER);
        rig.deliver(rig.inDialog("BYE", ok, 11, "z9hG4bK-d-bye2"), PROXY);
        assertTrue(rig.transport.responses(482, "BYE").isEmpty(), rig.transport.sent.toString());
        assertEquals(LineState.DISCONNECTED, rig.state(1));
    }

    @Test
    void theTableOfLiveTransactionsIsSweptAsItGrows()
    {
        for (int i = 0; i < 300; i++)
        {
            rig.deliver(options("sip:101@127.0.0.1:5062", "many-" + i + "@x", "z9hG4bK-many-" + i), PEER);
            rig.advance(1_000);
        }
        assertEquals(300, rig.transport.responses(200, "OPTIONS").size());
        assertTrue(rig.core.mergedRequestsTracked() < 130, "ended transactions are forgotten: " + rig.core.mergedRequestsTracked());
    }
}
