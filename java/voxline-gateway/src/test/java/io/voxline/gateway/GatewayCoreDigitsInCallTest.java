package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.BoardEventType;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;
import io.voxline.media.MediaEvents;

/**
 * Keys pressed during a call: with telephone-event negotiated they go to the media agent as RFC 4733 key-down /
 * key-up commands, else they stay in the voice (in-band) and nothing is commanded; digits received as RFC 4733
 * are kept for the line's call. The line stays connected and no SIP is sent either way.
 */
class GatewayCoreDigitsInCallTest
{
    private static final String SDP_WITHOUT_EVENTS = PEER_SDP.replace("RTP/AVP 0 101", "RTP/AVP 0")
        .replace("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n", "");

    private final CoreRig rig = new CoreRig();

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    /** Line 1 calls 201, which answers with peerSdp. */
    private void connectedOutgoing(final String peerSdp)
    {
        rig.hook(1, true);
        rig.dial(1, "201");
        final Sent invite = rig.transport.requests("INVITE").get(0);
        rig.deliver(response(invite, 200, "OK", "bt", peerSdp, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        rig.media.commands.clear();
        rig.transport.clear();
    }

    private void key(final char digit, final int durationMs)
    {
        rig.core.onBoardEvent(BoardEventType.DTMF_DOWN.ordinal(), 0, digit, 0);
        rig.core.onBoardEvent(BoardEventType.DTMF_UP.ordinal(), 0, digit, durationMs);
    }

    @Test
    void withTelephoneEventNegotiatedKeysGoAsRfc4733Events()
    {
        connectedOutgoing(PEER_SDP);
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=20", rig.media.started[0]);
        key('5', 120);
        key('#', 80);
        assertEquals(List.of("key down 0 5", "key up 0 5 120ms", "key down 0 #", "key up 0 # 80ms"), rig.media.commands);
        assertEquals(LineState.CONNECTED, rig.state(1), "keys in a call are media, not line events");
        assertTrue(rig.transport.sent.isEmpty(), "no SIP for a key: " + rig.transport.sent);
    }

    @Test
    void withoutTelephoneEventKeysStayInBandAndNothingIsCommanded()
    {
        connectedOutgoing(SDP_WITHOUT_EVENTS);
        assertEquals("127.0.0.1:30000 pt=0 te=-1 ptime=20", rig.media.started[0]);
        key('5', 120);
        assertEquals(List.of(), rig.media.commands, "the tone is in the voice the media agent sends");
        assertEquals(LineState.CONNECTED, rig.state(1));
        assertTrue(rig.transport.sent.isEmpty());
    }

    @Test
    void anAnsweredIncomingCallSendsKeysAsEventsToo()
    {
        rig.deliver(rig.invite("101", "in-keys@127.0.0.1", PEER_SDP), PROXY);
        rig.hook(1, true);
        assertEquals(LineState.CONNECTED, rig.state(1));
        rig.media.commands.clear();
        key('9', 100);
        assertEquals(List.of("key down 0 9", "key up 0 9 100ms"), rig.media.commands);
    }

    @Test
    void aKeyUpWithoutItsKeyDownIsNotSentAndALostKeyUpIsEndedByTheNextKey()
    {
        connectedOutgoing(PEER_SDP);
        rig.core.onBoardEvent(BoardEventType.DTMF_UP.ordinal(), 0, '3', 90);
        rig.core.onBoardEvent(BoardEventType.DTMF_DOWN.ordinal(), 0, '1', 0);
        rig.core.onBoardEvent(BoardEventType.DTMF_DOWN.ordinal(), 0, '2', 0);
        rig.core.onBoardEvent(BoardEventType.DTMF_UP.ordinal(), 0, '1', 90);
        rig.core.onBoardEvent(BoardEventType.DTMF_UP.ordinal(), 0, '2', 70);
        assertEquals(List.of("key down 0 1", "key up 0 1 0ms", "key down 0 2", "key up 0 2 70ms"), rig.media.commands);
    }

    @Test
    void keysBeforeTheAnswerAreNotSentAnywhere()
    {
        rig.hook(1, true);
        rig.dial(1, "201");
        assertEquals(LineState.CALLING, rig.state(1));
        rig.media.commands.clear();
        key('7', 100);
        assertEquals(List.of(), rig.media.commands);
        assertEquals(LineState.CALLING, rig.state(1));
    }

    @Test
    void digitsReceivedAsEventsAreKeptForTheLinesCall()
    {
        connectedOutgoing(PEER_SDP);
        assertEquals("", rig.core.digitsReceived(1));
        rig.core.onMediaEvent(MediaEvents.DTMF_DIGIT, 0, '4', 100);
        rig.core.onMediaEvent(MediaEvents.DTMF_DIGIT, 0, '2', 100);
        rig.core.onMediaEvent(MediaEvents.DTMF_DIGIT, 5, '9', 100);
        assertEquals("42", rig.core.digitsReceived(1));
        assertEquals(null, rig.core.digitsReceived(7));
        for (int i = 0; i < 70; i++)
        {
            rig.core.onMediaEvent(MediaEvents.DTMF_DIGIT, 0, '0' + i % 10, 100);
        }
        assertEquals(GatewayCore.DIGITS_KEPT, rig.core.digitsReceived(1).length());
        assertTrue(rig.core.digitsReceived(1).endsWith("6789"));
    }
}
