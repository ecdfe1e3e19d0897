package io.voxline.proxy;

import static io.voxline.proxy.Harness.addr;
import static io.voxline.proxy.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.proxy.registrar.Binding;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.transaction.TransactionConfig;

/**
 * The proxy with three listeners — UDP and TCP on 127.0.0.1:5070, TLS on 127.0.0.1:5071 — over recording
 * transports (no sockets; a reliable transport's connection is known by its remote address): the next hop's
 * transport from its URI or its registration, Via and Record-Route naming the transport (twice where it changes,
 * RFC 5658), responses on the request's connection, phones reached down the connection they registered on,
 * closed connections failing their branches.
 */
class TransportRoutingTest
{
    static final InetSocketAddress PROXY = addr(5070);
    static final InetSocketAddress PROXY_TLS = addr(5071);
    /** A caller on UDP. */
    static final InetSocketAddress CALLER = addr(5062);
    /** Connections' remote addresses: ephemeral ports, nobody listens there. */
    static final InetSocketAddress TCP_PHONE = addr(40002);
    static final InetSocketAddress TCP_CALLER = addr(40001);

    static final int UDP = 0;
    static final int TCP = 1;
    static final int TLS = 2;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final WheelTimerService timers;
    private final Harness.RecordingTransport udp = new Harness.RecordingTransport(PROXY, "UDP");
    private final Harness.RecordingTransport tcp = new Harness.RecordingTransport(PROXY, "TCP");
    private final Harness.RecordingTransport tls = new Harness.RecordingTransport(PROXY_TLS, "TLS");
    private final ProxyCore core;

    TransportRoutingTest()
    {
        clock.update(1_000_000);
        timers = new WheelTimerService(clock);
        core = new ProxyCore(new ProxyConfig(List.of(PROXY), List.of("b.test"), List.of(), true, ProxyConfig.Limits.OFF),
            List.of(udp, tcp, tls), timers, TransactionConfig.RFC3261, new SipIds(new SplittableRandom(7)));
    }

    @AfterEach
    void noFailuresInsideTheCore()
    {
        assertEquals(0, core.failures(), "failures caught inside the proxy core (see the log)");
    }

    private void receive(final String text, final InetSocketAddress from, final int transport, final long connection)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 32]);
        buffer.putBytes(16, bytes);
        core.onPacket(buffer, 16, bytes.length, from, transport, connection);
    }

    private static Harness.Sent take(final Harness.RecordingTransport t, final InetSocketAddress destination)
    {
        final Harness.Sent s = t.sent.poll();
        assertNotNull(s, () -> t.protocol + " sent nothing");
        assertEquals(destination, s.destination(), () -> t.protocol + " sent to the wrong place:\n" + s.text());
        return s;
    }

    private void assertNothingSent()
    {
        for (final Harness.RecordingTransport t : List.of(udp, tcp, tls))
        {
            assertTrue(t.sent.isEmpty(), () -> t.protocol + " sent: " + t.sent.peek().text());
        }
    }

    static String invite(final String ruri, final String via, final String callId)
    {
        return Harness.withBody("",
            "INVITE " + ruri + " SIP/2.0",
            "Via: " + via,
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <" + ruri + ">",
            "Call-ID: " + callId,
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:5062>");
    }

    /** The callee's answer to forwarded (its Via stack and Record-Route copied), with a To tag and a Contact. */
    static String answer(final Harness.Sent forwarded, final int code, final String reason, final String contact)
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
        sb.append("To: ").append(forwarded.header("To")).append(";tag=tb\r\n");
        sb.append("Call-ID: ").append(forwarded.header("Call-ID")).append("\r\n");
        sb.append("CSeq: ").append(forwarded.header("CSeq")).append("\r\n");
        sb.append("Contact: <").append(contact).append(">\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    private void register(final String user, final String contact, final InetSocketAddress from, final int transport, final long connection)
    {
        receive(Harness.withBody("",
            "REGISTER sip:b.test SIP/2.0",
            "Via: SIP/2.0/" + (transport == UDP ? "UDP" : "TCP") + " 127.0.0.1:5066;branch=z9hG4bKreg" + user + ";rport",
            "Max-Forwards: 70",
            "From: <sip:" + user + "@b.test>;tag=r",
            "To: <sip:" + user + "@b.test>",
            "Call-ID: reg-" + user + "-" + from.getPort(),
            "CSeq: 1 REGISTER",
            "Contact: <" + contact + ">"), from, transport, connection);
        assertEquals("SIP/2.0 200 OK", take(transport == UDP ? udp : tcp, from).startLine(), "answered on its own connection");
    }

    // ------------------------------------------------------------------------------------------ UDP in, TCP out

    @Test
    void aUdpCallToATcpUriLeavesOnTcpWithTwoRecordRoutesAndTheDialogFollowsThem()
    {
        receive(invite("sip:bob@127.0.0.1:5090;transport=tcp", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKu1;rport", "u2t"),
            CALLER, UDP, 0);
        assertEquals("SIP/2.0 100 Trying", take(udp, CALLER).startLine());
        final InetSocketAddress bob = addr(5090);
        final Harness.Sent out = take(tcp, bob);
        assertNothingSent();
        assertEquals("INVITE sip:bob@127.0.0.1:5090;transport=tcp SIP/2.0", out.startLine());
        assertTrue(out.headers("Via").get(0).matches("SIP/2\\.0/TCP 127\\.0\\.0\\.1:5070;branch=z9hG4bK[0-9a-f-]+;rport"),
            out.headers("Via").get(0));
        // the top one faces bob (TCP), the second faces the caller (UDP): RFC 3261 16.6 step 4, RFC 5658
        assertEquals(List.of("<sip:127.0.0.1:5070;transport=tcp;lr>", "<sip:127.0.0.1:5070;lr>"), out.headers("Record-Route"));

        // bob answers down the connection (from its remote address): the answers go up on UDP
        final String bobContact = "sip:bob@127.0.0.1:5090;transport=tcp";
        receive(answer(out, 180, "Ringing", bobContact), bob, TCP, 5);
        assertEquals("SIP/2.0 180 Ringing", take(udp, CALLER).startLine());
        receive(answer(out, 200, "OK", bobContact), bob, TCP, 5);
        final Harness.Sent ok = take(udp, CALLER);
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals(List.of("<sip:127.0.0.1:5070;transport=tcp;lr>", "<sip:127.0.0.1:5070;lr>"), ok.headers("Record-Route"));
        assertNothingSent();

        // the caller's ACK and BYE: its route set is the Record-Route reversed; both Routes are ours and consumed
        final String ack = msg(
            "ACK " + bobContact + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKu1ack;rport",
            "Route: <sip:127.0.0.1:5070;lr>, <sip:127.0.0.1:5070;transport=tcp;lr>",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:bob@127.0.0.1:5090;transport=tcp>;tag=tb",
            "Call-ID: u2t",
            "CSeq: 1 ACK");
        receive(ack, CALLER, UDP, 0);
        final Harness.Sent ackOut = take(tcp, bob);
        assertEquals("ACK " + bobContact + " SIP/2.0", ackOut.startLine());
        assertTrue(ackOut.headers("Route").isEmpty(), ackOut.text());
        assertTrue(ackOut.headers("Via").get(0).startsWith("SIP/2.0/TCP 127.0.0.1:5070;"), ackOut.text());

        // bob's BYE: its route set is the Record-Route as it came; the caller's Contact names no transport, and
        // our second Route (facing the caller) says UDP
        final String bye = Harness.withBody("",
            "BYE sip:101@127.0.0.1:5062 SIP/2.0",
            "Via: SIP/2.0/TCP 127.0.0.1:5090;branch=z9hG4bKbye1;rport",
            "Route: <sip:127.0.0.1:5070;transport=tcp;lr>",
            "Route: <sip:127.0.0.1:5070;lr>",
            "Max-Forwards: 70",
            "From: <sip:bob@127.0.0.1:5090;transport=tcp>;tag=tb",
            "To: <sip:101@a.test>;tag=fa",
            "Call-ID: u2t",
            "CSeq: 1 BYE");
        receive(bye, bob, TCP, 5);
        final Harness.Sent byeOut = take(udp, CALLER);
        assertEquals("BYE sip:101@127.0.0.1:5062 SIP/2.0", byeOut.startLine());
        assertTrue(byeOut.headers("Route").isEmpty(), byeOut.text());
        assertTrue(byeOut.headers("Record-Route").isEmpty(), "in-dialog requests are not Record-Routed");
        receive(answer(byeOut, 200, "OK", "sip:101@127.0.0.1:5062").replace(";tag=tb", ""), CALLER, UDP, 0);
        assertEquals("SIP/2.0 200 OK", take(tcp, bob).startLine(), "the BYE's answer goes back down bob's connection");
        assertNothingSent();
    }

    // ------------------------------------------------------------------------------------------ TCP in, UDP out

    @Test
    void aTcpCallIsAnsweredOnItsConnectionAndLeavesOnUdpWithTwoRecordRoutes()
    {
        // no rport: the Via names the caller's listening port; the answers still go back on the connection
        receive(invite("sip:bob@127.0.0.1:5064", "SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bKt1", "t2u"), TCP_CALLER, TCP, 3);
        assertEquals("SIP/2.0 100 Trying", take(tcp, TCP_CALLER).startLine());
        final InetSocketAddress bob = addr(5064);
        final Harness.Sent out = take(udp, bob);
        assertTrue(out.headers("Via").get(0).startsWith("SIP/2.0/UDP 127.0.0.1:5070;branch="), out.text());
        assertEquals("SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bKt1", out.headers("Via").get(1));
        assertEquals(List.of("<sip:127.0.0.1:5070;lr>", "<sip:127.0.0.1:5070;transport=tcp;lr>"), out.headers("Record-Route"));

        receive(answer(out, 486, "Busy Here", "sip:bob@127.0.0.1:5064"), bob, UDP, 0);
        assertEquals("ACK sip:bob@127.0.0.1:5064 SIP/2.0", take(udp, bob).startLine(), "the hop's ACK for the 486 on UDP");
        assertEquals("SIP/2.0 486 Busy Here", take(tcp, TCP_CALLER).startLine(), "on the caller's connection");
        assertNothingSent();
    }

    @Test
    void aCallThatStaysOnTcpIsRecordRoutedOnceNamingTcp()
    {
        receive(invite("sip:bob@127.0.0.1:5090;transport=tcp", "SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bKtt;rport", "t2t"),
            TCP_CALLER, TCP, 3);
        take(tcp, TCP_CALLER);
        final Harness.Sent out = take(tcp, addr(5090));
        assertEquals(List.of("<sip:127.0.0.1:5070;transport=tcp;lr>"), out.headers("Record-Route"));
    }

    @Test
    void aMessageThatDoesNotParseIsAnsweredOnItsConnection()
    {
        // Content-Length is mandatory on a stream (RFC 3261 18.3): the framer delivers it with an empty body
        receive(invite("sip:301@b.test", "SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bKnocl", "nocl").replace("Content-Length: 0\r\n", ""),
            TCP_CALLER, TCP, 3);
        assertEquals("SIP/2.0 400 Missing Content-Length On Stream Transport", take(tcp, TCP_CALLER).startLine());
        receive(invite("sip:301@b.test", "SIP/2.0/TCP 127.0.0.1:5062;branch=z9hG4bKbad", "bad").replace("Max-Forwards: 70",
            "Max-Forwards: many"), TCP_CALLER, TCP, 3);
        assertEquals("SIP/2.0 400 Malformed Max-Forwards Header", take(tcp, TCP_CALLER).startLine(), "not to the Via's port 5062");
        assertNothingSent();
    }

    // ------------------------------------------------------------------------------------------ registrations

    @Test
    void aPhoneRegisteredOverTcpIsCalledDownItsOwnConnection()
    {
        register("302", "sip:302@127.0.0.1:5066;transport=tcp", TCP_PHONE, TCP, 9);
        final Binding b = core.location().lookup("302", "b.test");
        assertEquals(TCP, b.transportIndex());
        assertEquals(9, b.connectionId());
        assertEquals(TCP_PHONE, b.source());

        receive(invite("sip:302@b.test", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKr1;rport", "call-302"), CALLER, UDP, 0);
        take(udp, CALLER);
        final Harness.Sent out = take(tcp, TCP_PHONE);
        assertEquals("INVITE sip:302@127.0.0.1:5066;transport=tcp SIP/2.0", out.startLine(), "to its Contact, down its connection");
        assertEquals(List.of("<sip:127.0.0.1:5070;transport=tcp;lr>", "<sip:127.0.0.1:5070;lr>"), out.headers("Record-Route"));
        assertNothingSent();

        receive(answer(out, 200, "OK", "sip:302@127.0.0.1:5066;transport=tcp"), TCP_PHONE, TCP, 9);
        assertEquals("SIP/2.0 200 OK", take(udp, CALLER).startLine());
    }

    @Test
    void aContactThatNamesNoTransportIsStillReachedWhereItRegisteredAndForkingMixesTransports()
    {
        // one phone on TCP whose Contact names no transport, one on UDP: one user, two branches, two transports
        register("303", "sip:303@127.0.0.1:5066", TCP_PHONE, TCP, 11);
        clock.advance(1000);
        register("303", "sip:303@127.0.0.1:5068", addr(5068), UDP, 0);
        receive(invite("sip:303@b.test", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKf1;rport", "fork-303"), CALLER, UDP, 0);
        take(udp, CALLER);
        final Harness.Sent onUdp = take(udp, addr(5068));
        final Harness.Sent onTcp = take(tcp, TCP_PHONE);
        assertEquals(List.of("<sip:127.0.0.1:5070;lr>"), onUdp.headers("Record-Route"), "UDP all the way: one Record-Route");
        assertEquals(List.of("<sip:127.0.0.1:5070;transport=tcp;lr>", "<sip:127.0.0.1:5070;lr>"), onTcp.headers("Record-Route"));
        assertTrue(onTcp.headers("Via").get(0).startsWith("SIP/2.0/TCP "));
        assertTrue(onUdp.headers("Via").get(0).startsWith("SIP/2.0/UDP "));
        assertNothingSent();
    }

    @Test
    void aContactThatNamesAnotherTransportIsReachedOnThatOne()
    {
        register("304", "sip:304@127.0.0.1:5066;transport=udp", TCP_PHONE, TCP, 12);
        receive(invite("sip:304@b.test", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKx1;rport", "call-304"), CALLER, UDP, 0);
        take(udp, CALLER);
        assertEquals("INVITE sip:304@127.0.0.1:5066;transport=udp SIP/2.0", take(udp, addr(5066)).startLine());
        assertNothingSent();
    }

    // ------------------------------------------------------------------------------------------ failing connections

    @Test
    void aConnectionThatClosesUnderAPendingCallFailsItsBranch()
    {
        register("302", "sip:302@127.0.0.1:5066;transport=tcp", TCP_PHONE, TCP, 9);
        receive(invite("sip:302@b.test", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKc1;rport", "closed-1"), CALLER, UDP, 0);
        take(udp, CALLER);
        take(tcp, TCP_PHONE);
        core.onConnectionClosed(TCP, TCP_PHONE, false);
        // as if it had answered 503 (RFC 3261 16.9); a 503 goes up as 500 (16.7 step 6)
        assertEquals("SIP/2.0 500 Next Hop Unreachable", take(udp, CALLER).startLine());
        assertNothingSent();

        receive(invite("sip:bob@127.0.0.1:5090;transport=tcp", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKc2;rport", "closed-2"),
            CALLER, UDP, 0);
        take(udp, CALLER);
        take(tcp, addr(5090));
        core.onConnectionClosed(TCP, addr(5090), true);
        assertEquals("SIP/2.0 408 Request Timeout", take(udp, CALLER).startLine(), "a connection not made in time");
        assertNothingSent();
        assertEquals(0, core.transactionLayer(TCP).clientTransactionCount());
    }

    // ------------------------------------------------------------------------------------------ TLS and sips:

    @Test
    void aSipsCallGoesOnTlsAndIsRecordRoutedAsSips()
    {
        receive(invite("sips:bob@127.0.0.1:5091", "SIP/2.0/TLS 127.0.0.1:5062;branch=z9hG4bKs1;rport", "sips-1"),
            TCP_CALLER, TLS, 4);
        assertEquals("SIP/2.0 100 Trying", take(tls, TCP_CALLER).startLine());
        final Harness.Sent out = take(tls, addr(5091));
        assertTrue(out.headers("Via").get(0).startsWith("SIP/2.0/TLS 127.0.0.1:5071;branch="), out.text());
        assertEquals(List.of("<sips:127.0.0.1:5071;lr>"), out.headers("Record-Route"));

        // without a port a sips: URI means 5061; transport=tls on a sip: URI goes on TLS too
        receive(invite("sips:bob@127.0.0.9", "SIP/2.0/TLS 127.0.0.1:5062;branch=z9hG4bKs2;rport", "sips-2"), TCP_CALLER, TLS, 4);
        take(tls, TCP_CALLER);
        take(tls, new InetSocketAddress("127.0.0.9", 5061));
        receive(invite("sip:bob@127.0.0.1:5091;transport=tls", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKs3;rport", "tls-3"),
            CALLER, UDP, 0);
        take(udp, CALLER);
        final Harness.Sent fromUdp = take(tls, addr(5091));
        assertEquals(List.of("<sip:127.0.0.1:5071;transport=tls;lr>", "<sip:127.0.0.1:5070;lr>"), fromUdp.headers("Record-Route"));
        assertNothingSent();
    }

    @Test
    void withoutATlsListenerSipsIs416AndATransportWeLackIsAFailedBranch()
    {
        final Harness plain = new Harness(List.of("b.test"), List.of());
        plain.receive(invite("sips:bob@127.0.0.1:5091", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKn1;rport", "no-tls"), CALLER);
        assertEquals("SIP/2.0 416 Unsupported URI Scheme", plain.take(CALLER).startLine());
        plain.receive(invite("sip:bob@127.0.0.1:5091;transport=tls", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKn2;rport", "no-tls2"),
            CALLER);
        assertEquals("SIP/2.0 100 Trying", plain.take(CALLER).startLine());
        assertEquals("SIP/2.0 500 No TLS Transport Here", plain.take(CALLER).startLine());
        plain.receive(invite("sip:bob@127.0.0.1:5091;transport=sctp", "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKn3;rport", "sctp"),
            CALLER);
        assertEquals("SIP/2.0 100 Trying", plain.take(CALLER).startLine());
        assertEquals("SIP/2.0 500 Unsupported Transport", plain.take(CALLER).startLine());
        plain.assertNothingSent();
        Harness.assertNoFailures();
    }
}
