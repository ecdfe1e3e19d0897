package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.LOCAL_TCP;
import static io.voxline.gateway.CoreRig.PEER;
import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.PROXY_TLS;
import static io.voxline.gateway.CoreRig.TCP;
import static io.voxline.gateway.CoreRig.TLS;
import static io.voxline.gateway.CoreRig.UDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;
import io.voxline.gateway.register.LineRegistration;
import io.voxline.gateway.register.RegistrationState;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * A gateway with UDP, TCP and TLS listeners (fake reliable transports: what they are asked to send is recorded),
 * line 1 reaching its proxy over TCP (or TLS), line 2 over UDP: each line registers, calls and is called on its
 * transport, Via and Contact name it, in-dialog requests follow the transport their next hop names, answers go
 * back on the transport (the connection) the request came on; the flow a line registered over is kept alive with
 * CRLF pings, and a missing pong or a closed connection re-registers at once, with back-off, never in a loop.
 */
class GatewayCoreStreamTest
{
    private static final GatewayConfig.Keepalive KEEPALIVE = new GatewayConfig.Keepalive(25, 0);

    private CoreRig rig = CoreRig.withStreams(TransportKind.TCP, GatewayConfig.Keepalive.OFF);

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    private Sent only(final RecordingTransport t, final String method)
    {
        final List<Sent> sent = t.requests(method);
        assertEquals(1, sent.size(), t.sent.toString());
        return sent.get(0);
    }

    /** Starts the rig and answers line 1's REGISTER on TCP 200, seen from our connection's port 40001. */
    private void registerOverTcp()
    {
        rig.core.onStart();
        final Sent register = only(rig.tcp, "REGISTER");
        rig.deliverOn(TCP, CoreRig.responseSeenFrom(register, "127.0.0.1", 40001, 200, "OK", "reg",
            "Contact: <sip:101@127.0.0.1:5064;transport=tcp>;expires=3600"), PROXY);
        // the Contact now names the connection's port: registered again with it, the listener's one removed
        final List<Sent> registers = rig.tcp.requests("REGISTER");
        assertEquals(2, registers.size(), rig.tcp.sent.toString());
        rig.deliverOn(TCP, CoreRig.responseSeenFrom(registers.get(1), "127.0.0.1", 40001, 200, "OK", "reg",
            "Contact: <sip:101@127.0.0.1:40001;transport=tcp>;expires=3600"), PROXY);
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));
        rig.tcp.clear();
    }

    // ------------------------------------------------------------------------------------------ registration

    @Test
    void aLineOnTcpRegistersOverTcpAndNamesTheTransport()
    {
        rig.core.onStart();
        final Sent register = only(rig.tcp, "REGISTER");
        assertEquals(PROXY, register.destination());
        assertTrue(register.header("Via").startsWith("SIP/2.0/TCP 127.0.0.1:5064;branch=z9hG4bK"), register.header("Via"));
        assertEquals("<sip:101@127.0.0.1:5064;transport=tcp>", register.header("Contact"));
        assertEquals("sip:a.test", register.message().requestUri().toString());
        // line 2 stays on UDP, and nothing of line 1 goes there
        final Sent udp = only(rig.transport, "REGISTER");
        assertTrue(udp.header("Via").startsWith("SIP/2.0/UDP 127.0.0.1:5062;"), udp.header("Via"));
        assertEquals("<sip:102@127.0.0.1:5062>", udp.header("Contact"));
        assertTrue(rig.tls.sent.isEmpty());
    }

    @Test
    void theContactFollowsThePortTheRegistrarSeesOurConnectionAt()
    {
        rig.core.onStart();
        final Sent first = only(rig.tcp, "REGISTER");
        rig.deliverOn(TCP, CoreRig.responseSeenFrom(first, "127.0.0.1", 40001, 200, "OK", "reg",
            "Contact: <sip:101@127.0.0.1:5064;transport=tcp>;expires=3600"), PROXY);
        final Sent second = rig.tcp.requests("REGISTER").get(1);
        assertTrue(second.text().contains(
            "\r\nContact: <sip:101@127.0.0.1:40001;transport=tcp>, <sip:101@127.0.0.1:5064;transport=tcp>;expires=0\r\n"),
            second.text());
        assertEquals("sip:101@127.0.0.1:40001;transport=tcp", rig.core.registration(1).contactUri());
        assertTrue(rig.log.signals.stream().anyMatch(l -> l.contains("the registrar sees our connection at 127.0.0.1:40001")),
            rig.log.signals.toString());
    }

    @Test
    void aLineOnTlsRegistersOverTls()
    {
        rig = CoreRig.withStreams(TransportKind.TLS, GatewayConfig.Keepalive.OFF);
        rig.core.onStart();
        final Sent register = only(rig.tls, "REGISTER");
        assertEquals(PROXY_TLS, register.destination());
        assertTrue(register.header("Via").startsWith("SIP/2.0/TLS 127.0.0.1:5065;"), register.header("Via"));
        assertEquals("<sip:101@127.0.0.1:5065;transport=tls>", register.header("Contact"));
        assertTrue(rig.tcp.sent.isEmpty());
    }

    @Test
    void aLineOnATransportWithoutAListenerIsRefused()
    {
        final GatewayConfig config = new GatewayConfig(CoreRig.LOCAL, "mock:lines=2,region=us",
            List.of(new GatewayConfig.Line(1, "101", "a.test", PROXY, null, null, TransportKind.TCP)),
            new GatewayConfig.Media("127.0.0.1", 16000, 16999, List.of("PCMU")), Path.of("unused"),
            GatewayConfig.Dialing.DEFAULT, 3600);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new GatewayCore(config,
            new FakeBoard(2), new RecordingTransport(CoreRig.LOCAL), new SteppedTimers(0), () -> { }, () -> 0,
            new FakeMedia(2), new RecordingCallLog(), new SipIds(new SplittableRandom(1)), TransactionConfig.RFC3261));
        assertEquals("line 1 reaches its proxy over TCP, but the gateway has no tcp: listener", ex.getMessage());
    }

    // ------------------------------------------------------------------------------------------ calls

    @Test
    void aCallFromTheTcpLineGoesOverTcpAndItsDialogFollowsTheRecordRoute()
    {
        registerOverTcp();
        rig.hook(1, true);
        rig.dial(1, "201#");
        final Sent invite = only(rig.tcp, "INVITE");
        assertEquals(PROXY, invite.destination());
        assertTrue(invite.header("Via").startsWith("SIP/2.0/TCP 127.0.0.1:5064;"), invite.header("Via"));
        assertEquals("<sip:127.0.0.1:5070;transport=tcp;lr>", invite.header("Route"));
        assertEquals("<sip:101@127.0.0.1:40001;transport=tcp>", invite.header("Contact"), "the connection's Contact");
        assertTrue(rig.transport.requests("INVITE").isEmpty());

        // the proxy record-routes on both sides (TCP towards us, UDP towards the callee)
        rig.deliverOn(TCP, CoreRig.response(invite, 200, "OK", "callee", PEER_SDP,
            "Record-Route: <sip:127.0.0.1:5070;lr>, <sip:127.0.0.1:5070;transport=tcp;lr>",
            "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        final Sent ack = only(rig.tcp, "ACK");
        assertEquals(PROXY, ack.destination());
        assertTrue(ack.header("Via").startsWith("SIP/2.0/TCP 127.0.0.1:5064;"), ack.header("Via"));

        rig.hook(1, false);
        final Sent bye = only(rig.tcp, "BYE");
        assertEquals(PROXY, bye.destination());
        assertTrue(rig.transport.requests("BYE").isEmpty());
        rig.deliverOn(TCP, CoreRig.response(bye, 200, "OK", null, null), PROXY);
        assertEquals(0, rig.core.dialogCount());
    }

    @Test
    void withoutRecordRouteTheDialogGoesStraightToTheCalleeOnTheTransportItsContactNames()
    {
        registerOverTcp();
        rig.hook(1, true);
        rig.dial(1, "201#");
        final Sent invite = only(rig.tcp, "INVITE");
        rig.deliverOn(TCP, CoreRig.response(invite, 200, "OK", "callee", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        final Sent ack = only(rig.transport, "ACK");
        assertEquals(PEER, ack.destination(), "a sip: URI without transport= is UDP");
        assertTrue(ack.header("Via").startsWith("SIP/2.0/UDP 127.0.0.1:5062;"), ack.header("Via"));
        assertTrue(rig.tcp.requests("ACK").isEmpty());
        rig.hook(1, false);
        assertEquals(PEER, only(rig.transport, "BYE").destination());
    }

    @Test
    void aCallToTheTcpLineIsAnsweredOnItsConnection()
    {
        registerOverTcp();
        rig.deliverOn(TCP, rig.invite("101", "in-tcp@127.0.0.1", PEER_SDP)
            .replace("Via: SIP/2.0/UDP 127.0.0.1:5070", "Record-Route: <sip:127.0.0.1:5070;transport=tcp;lr>\r\nVia: SIP/2.0/TCP 127.0.0.1:5070"),
            PROXY);
        final Sent ringing = rig.tcp.responses(180, "INVITE").get(0);
        assertEquals(PROXY, ringing.destination());
        assertEquals("<sip:101@127.0.0.1:40001;transport=tcp>", ringing.header("Contact"));
        assertTrue(rig.transport.sent.stream().noneMatch(s -> s.message().isResponse()), rig.transport.sent.toString());

        rig.hook(1, true);
        final Sent ok = rig.tcp.responses(200, "INVITE").get(0);
        assertEquals(PROXY, ok.destination());
        rig.deliverOn(TCP, rig.inDialog("ACK", ok, 10, "z9hG4bK-tcp-ack"), PROXY);
        rig.advance(40_000);
        assertEquals(1, rig.tcp.responses(200, "INVITE").size(), "acknowledged: not retransmitted");

        rig.hook(1, false);
        final Sent bye = only(rig.tcp, "BYE");
        assertEquals(PROXY, bye.destination(), "the BYE follows the Record-Route, down the connection");
        assertTrue(bye.header("Via").startsWith("SIP/2.0/TCP "), bye.header("Via"));
    }

    @Test
    void aCallForTheTcpLineArrivingOverUdpIsAnsweredOverUdpWithAUdpContact()
    {
        registerOverTcp();
        rig.deliver(rig.invite("101", "in-udp@127.0.0.1", PEER_SDP), PROXY);
        final Sent ringing = rig.transport.responses(180, "INVITE").get(0);
        assertEquals("<sip:101@127.0.0.1:5062>", ringing.header("Contact"));
        assertTrue(rig.tcp.sent.isEmpty(), rig.tcp.sent.toString());
    }

    @Test
    void aSipsRequestUriIsOursWithATlsListener()
    {
        rig.deliverOn(TLS, CoreRig.sip("OPTIONS sips:101@127.0.0.1:5065 SIP/2.0", List.of(
            "Via: SIP/2.0/TLS 127.0.0.1:5071;branch=z9hG4bK-sips-opt",
            "From: <sips:monitor@b.test>;tag=m",
            "To: <sips:101@a.test>",
            "Call-ID: sips-opt@x",
            "CSeq: 1 OPTIONS"), null), PROXY_TLS);
        final List<Sent> ok = rig.tls.responses(200, "OPTIONS");
        assertEquals(1, ok.size(), rig.tls.sent.toString());
        assertEquals(PROXY_TLS, ok.get(0).destination());
    }

    @Test
    void aMessageWithoutContentLengthOnAStreamGets400OnItsConnection()
    {
        final String options = CoreRig.sip("OPTIONS sip:101@127.0.0.1:5064 SIP/2.0", List.of(
            "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-ncl",
            "From: <sip:monitor@b.test>;tag=m",
            "To: <sip:101@a.test>",
            "Call-ID: ncl@x",
            "CSeq: 1 OPTIONS"), null).replace("Content-Length: 0\r\n", "");
        final InetSocketAddress connection = new InetSocketAddress("127.0.0.1", 41234);
        rig.deliverOn(TCP, options, connection);
        final Sent bad = rig.tcp.responses(400, "OPTIONS").get(0);
        assertEquals(connection, bad.destination());
        assertTrue(bad.message().reasonPhrase().toString().contains("Content-Length"), bad.text());
        assertEquals(1, rig.core.parseErrorCount());
    }

    // ------------------------------------------------------------------------------------------ the flow

    @Test
    void pingsKeepTheFlowAndAnsweredOnesChangeNothing()
    {
        rig = CoreRig.withStreams(TransportKind.TCP, KEEPALIVE);
        registerOverTcp();
        int answered = 0;
        for (int ms = 0; ms < 300_000; ms += 100)
        {
            rig.advance(100);
            if (rig.tcp.keepalives.size() > answered)
            {
                answered = rig.tcp.keepalives.size();
                rig.advance(50); // the round trip
                rig.core.onPong(TCP, PROXY);
            }
        }
        assertTrue(answered >= 12 && answered <= 15, "one ping every 20-25 s: " + answered);
        assertTrue(rig.tcp.keepalives.stream().allMatch(PROXY::equals));
        assertTrue(rig.tcp.requests("REGISTER").isEmpty(), "a live flow: nothing to register");
        assertTrue(rig.closed.isEmpty());
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));
    }

    @Test
    void aPingWithoutPongClosesTheFlowAndRegistersAgainAtOnce()
    {
        rig = CoreRig.withStreams(TransportKind.TCP, KEEPALIVE);
        registerOverTcp();
        while (rig.tcp.keepalives.isEmpty())
        {
            rig.advance(1);
        }
        rig.advance(LineRegistration.PONG_WAIT_MS - 1);
        assertTrue(rig.closed.isEmpty(), "the pong has 10 s");
        rig.advance(1);
        assertEquals(List.of("1 " + PROXY), rig.closed, "the silent flow is closed");
        final Sent again = only(rig.tcp, "REGISTER");
        assertEquals(PROXY, again.destination());
        assertTrue(rig.log.signals.stream().anyMatch(l -> l.contains("no pong")), rig.log.signals.toString());
    }

    @Test
    void withoutPongReportsAMissingPongIsNoFailure()
    {
        rig = CoreRig.withStreams(TransportKind.TCP, KEEPALIVE);
        rig.pongsReported = false;
        registerOverTcp();
        rig.advance(120_000);
        assertTrue(rig.tcp.keepalives.size() >= 4, "pings still keep the connection: " + rig.tcp.keepalives.size());
        assertTrue(rig.closed.isEmpty());
        assertTrue(rig.tcp.requests("REGISTER").isEmpty());
    }

    @Test
    void aClosedConnectionRegistersAgainAtOnceOverANewOne()
    {
        registerOverTcp();
        rig.core.onConnectionClosed(TCP, PROXY, false);
        final Sent again = only(rig.tcp, "REGISTER");
        assertEquals(PROXY, again.destination());
        // another connection closing (not the line's) changes nothing
        rig.tcp.clear();
        rig.transport.clear();
        rig.core.onConnectionClosed(TCP, new InetSocketAddress("127.0.0.1", 41000), false);
        rig.core.onConnectionClosed(UDP, PROXY, false);
        assertTrue(rig.tcp.requests("REGISTER").isEmpty());
        assertTrue(rig.transport.requests("REGISTER").isEmpty());
    }

    @Test
    void aRegistrarThatCannotBeReachedIsRetriedWithBackOffNeverInALoop()
    {
        registerOverTcp();
        // the registrar went away: every connection to it fails as soon as it is tried
        rig.core.onConnectionClosed(TCP, PROXY, false);
        for (int minute = 0; minute < 10; minute++)
        {
            for (int step = 0; step < 600; step++)
            {
                if (!rig.tcp.requests("REGISTER").isEmpty() && rig.core.transactionLayer(TCP).clientTransactionCount() > 0)
                {
                    rig.core.onConnectionClosed(TCP, PROXY, false);
                }
                rig.advance(100);
            }
        }
        final int registers = rig.tcp.requests("REGISTER").size();
        // 1 s, 2 s, 4 s ... 60 s: about 15 in ten minutes, never hundreds
        assertTrue(registers >= 8 && registers <= 20, "REGISTERs in 10 minutes: " + registers);
    }
}
