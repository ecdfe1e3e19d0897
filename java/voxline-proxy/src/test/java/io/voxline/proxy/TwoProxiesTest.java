package io.voxline.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipMessage;

/**
 * The story of issue 2 over real UDP on loopback: proxy 1 (a.test, route 2* to proxy 2), proxy 2 (b.test),
 * phone B registered at proxy 2 as 201@b.test, phone A calling sip:201@a.test through proxy 1. Both phones
 * are raw datagram sockets in this test, so what is asserted is exactly what crossed the wire.
 */
class TwoProxiesTest
{
    /** A received datagram. */
    record Datagram(InetSocketAddress source, String text)
    {
        List<String> headers(final String name)
        {
            final List<String> values = new ArrayList<>();
            for (final String line : text.split("\r\n"))
            {
                if (line.startsWith(name + ": "))
                {
                    values.add(line.substring(name.length() + 2));
                }
            }
            return values;
        }

        String header(final String name)
        {
            return headers(name).get(0);
        }

        String startLine()
        {
            return text.substring(0, text.indexOf("\r\n"));
        }
    }

    /** A phone reduced to a UDP socket. */
    static final class RawUa implements AutoCloseable
    {
        final DatagramSocket socket;
        final InetSocketAddress address;

        RawUa() throws IOException
        {
            socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            socket.setSoTimeout(5000);
            address = (InetSocketAddress)socket.getLocalSocketAddress();
        }

        int port()
        {
            return address.getPort();
        }

        void send(final String text, final InetSocketAddress to) throws IOException
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(bytes, bytes.length, to));
        }

        /** The next datagram that is not a 100 Trying; each must parse. */
        Datagram receive() throws IOException
        {
            while (true)
            {
                final byte[] buf = new byte[65_535];
                final DatagramPacket p = new DatagramPacket(buf, buf.length);
                try
                {
                    socket.receive(p);
                }
                catch (final SocketTimeoutException ex)
                {
                    throw new AssertionError("nothing arrived at " + address);
                }
                final SipMessage m = new SipMessage();
                assertTrue(m.parse(new UnsafeBuffer(buf), 0, p.getLength()), m::errorReason);
                final Datagram d = new Datagram((InetSocketAddress)p.getSocketAddress(),
                    new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1));
                if (!d.startLine().startsWith("SIP/2.0 100 "))
                {
                    return d;
                }
            }
        }

        @Override
        public void close()
        {
            socket.close();
        }
    }

    private static String lines(final String... lines)
    {
        return String.join("\r\n", lines);
    }

    /** B's answer to a request: Vias and Record-Routes copied, a To tag, B's Contact. */
    private static String answer(final Datagram request, final int code, final String reason, final RawUa b)
    {
        final StringBuilder sb = new StringBuilder("SIP/2.0 " + code + " " + reason + "\r\n");
        request.headers("Via").forEach(v -> sb.append("Via: ").append(v).append("\r\n"));
        request.headers("Record-Route").forEach(r -> sb.append("Record-Route: ").append(r).append("\r\n"));
        final String to = request.header("To");
        sb.append("From: ").append(request.header("From")).append("\r\n")
            .append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=b201").append("\r\n")
            .append("Call-ID: ").append(request.header("Call-ID")).append("\r\n")
            .append("CSeq: ").append(request.header("CSeq")).append("\r\n")
            .append("Contact: <sip:201@127.0.0.1:").append(b.port()).append(">\r\n")
            .append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }

    @Test
    void theSeedCallCrossesBothProxies() throws Exception
    {
        final ProxyConfig config2 = new ProxyConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), List.of("b.test"), List.of(), true);
        try (ProxyServer proxy2 = ProxyServer.start(config2, null);
            ProxyServer proxy1 = ProxyServer.start(new ProxyConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), List.of("a.test"),
                List.of(new ProxyConfig.Route("2*", proxy2.listenAddresses().get(0),
                    "sip:127.0.0.1:" + proxy2.listenAddresses().get(0).getPort())), true), null);
            RawUa a = new RawUa();
            RawUa b = new RawUa())
        {
            final InetSocketAddress p1 = proxy1.listenAddresses().get(0);
            final InetSocketAddress p2 = proxy2.listenAddresses().get(0);
            final String p1Uri = "sip:127.0.0.1:" + p1.getPort();
            final String p2Uri = "sip:127.0.0.1:" + p2.getPort();
            assertTrue(p1.getPort() > 0 && p2.getPort() > 0);

            // B registers 201@b.test at proxy 2
            b.send(lines(
                "REGISTER sip:b.test SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + b.port() + ";branch=z9hG4bKregB1;rport",
                "Max-Forwards: 70",
                "From: <sip:201@b.test>;tag=rb",
                "To: <sip:201@b.test>",
                "Call-ID: regB@127.0.0.1",
                "CSeq: 1 REGISTER",
                "Contact: <sip:201@127.0.0.1:" + b.port() + ">",
                "Expires: 300",
                "Content-Length: 0", "", ""), p2);
            final Datagram registered = b.receive();
            assertEquals("SIP/2.0 200 OK", registered.startLine());
            assertEquals(List.of("<sip:201@127.0.0.1:" + b.port() + ">;expires=300"), registered.headers("Contact"));
            assertEquals(1, proxy2.registrations());
            assertEquals(0, proxy1.registrations());

            // A calls sip:201@a.test through proxy 1
            final String sdp = "v=0\r\no=a 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 16000 RTP/AVP 0\r\n";
            a.send(lines(
                "INVITE sip:201@a.test SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + a.port() + ";branch=z9hG4bKinvA1;rport",
                "Route: <" + p1Uri + ";lr>",
                "Max-Forwards: 70",
                "From: <sip:101@a.test>;tag=fa",
                "To: <sip:201@a.test>",
                "Call-ID: seed@127.0.0.1",
                "CSeq: 1 INVITE",
                "Contact: <sip:101@127.0.0.1:" + a.port() + ">",
                "Content-Type: application/sdp",
                "Content-Length: " + sdp.length(), "", sdp), p1);

            final Datagram invite = b.receive();
            assertEquals(p2, invite.source(), "the INVITE reaches B from proxy 2");
            assertEquals("INVITE sip:201@127.0.0.1:" + b.port() + " SIP/2.0", invite.startLine());
            final List<String> vias = invite.headers("Via");
            assertEquals(3, vias.size(), invite.text());
            assertTrue(vias.get(0).startsWith("SIP/2.0/UDP 127.0.0.1:" + p2.getPort() + ";branch=z9hG4bK"), vias.get(0));
            assertTrue(vias.get(1).startsWith("SIP/2.0/UDP 127.0.0.1:" + p1.getPort() + ";branch=z9hG4bK"), vias.get(1));
            assertTrue(vias.get(1).endsWith(";rport=" + p1.getPort() + ";received=127.0.0.1"), vias.get(1));
            assertEquals("SIP/2.0/UDP 127.0.0.1:" + a.port() + ";branch=z9hG4bKinvA1;rport=" + a.port() + ";received=127.0.0.1", vias.get(2));
            assertEquals(List.of("<" + p2Uri + ";lr>", "<" + p1Uri + ";lr>"), invite.headers("Record-Route"));
            assertTrue(invite.headers("Route").isEmpty(), "proxy 1 consumed its Route");
            assertEquals("68", invite.header("Max-Forwards"));
            assertTrue(invite.text().endsWith("\r\n\r\n" + sdp));

            // B rings and answers; each response comes back to A with only A's Via
            b.send(answer(invite, 180, "Ringing", b), invite.source());
            final Datagram ringing = a.receive();
            assertEquals("SIP/2.0 180 Ringing", ringing.startLine());
            assertEquals(p1, ringing.source());
            assertEquals(1, ringing.headers("Via").size());
            b.send(answer(invite, 200, "OK", b), invite.source());
            final Datagram ok = a.receive();
            assertEquals("SIP/2.0 200 OK", ok.startLine());
            assertEquals(List.of(vias.get(2)), ok.headers("Via"));
            final List<String> recordRoute = ok.headers("Record-Route");
            assertEquals(2, recordRoute.size());

            // A's route set is the Record-Route reversed; ACK and BYE go to B's Contact through both proxies
            final List<String> routeSet = new ArrayList<>(recordRoute);
            Collections.reverse(routeSet);
            final String target = ok.header("Contact").replaceAll("[<>]", "");
            final String toWithTag = ok.header("To");
            a.send(lines(
                "ACK " + target + " SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + a.port() + ";branch=z9hG4bKackA1;rport",
                "Route: " + String.join(", ", routeSet),
                "Max-Forwards: 70",
                "From: <sip:101@a.test>;tag=fa",
                "To: " + toWithTag,
                "Call-ID: seed@127.0.0.1",
                "CSeq: 1 ACK",
                "Content-Length: 0", "", ""), p1);
            final Datagram ack = b.receive();
            assertEquals("ACK " + target + " SIP/2.0", ack.startLine());
            assertEquals(p2, ack.source());
            assertEquals(3, ack.headers("Via").size(), ack.text());
            assertTrue(ack.headers("Route").isEmpty());

            a.send(lines(
                "BYE " + target + " SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + a.port() + ";branch=z9hG4bKbyeA1;rport",
                "Route: " + String.join(", ", routeSet),
                "Max-Forwards: 70",
                "From: <sip:101@a.test>;tag=fa",
                "To: " + toWithTag,
                "Call-ID: seed@127.0.0.1",
                "CSeq: 2 BYE",
                "Content-Length: 0", "", ""), p1);
            final Datagram bye = b.receive();
            assertEquals("BYE " + target + " SIP/2.0", bye.startLine());
            assertEquals(p2, bye.source());
            assertEquals(3, bye.headers("Via").size(), bye.text());
            assertTrue(bye.headers("Record-Route").isEmpty());
            b.send(answer(bye, 200, "OK", b), bye.source());
            final Datagram byeOk = a.receive();
            assertEquals("SIP/2.0 200 OK", byeOk.startLine());
            assertEquals("2 BYE", byeOk.header("CSeq"));
            assertEquals(1, byeOk.headers("Via").size());

            // a malformed datagram at proxy 1 gets its 400 and the proxy keeps working
            a.send(lines(
                "OPTIONS " + p1Uri + " SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + a.port() + ";branch=z9hG4bKbad1;rport",
                "From: <sip:101@a.test>;tag=fa",
                "To: <" + p1Uri + ">",
                "Call-ID: bad@127.0.0.1",
                "CSeq: 1 OPTIONS",
                "Max-Forwards: lots",
                "Content-Length: 0", "", ""), p1);
            assertEquals("SIP/2.0 400 Malformed Max-Forwards Header", a.receive().startLine());
            a.send(lines(
                "OPTIONS " + p1Uri + " SIP/2.0",
                "Via: SIP/2.0/UDP 127.0.0.1:" + a.port() + ";branch=z9hG4bKopt1;rport",
                "From: <sip:101@a.test>;tag=fa",
                "To: <" + p1Uri + ">",
                "Call-ID: opt@127.0.0.1",
                "CSeq: 1 OPTIONS",
                "Content-Length: 0", "", ""), p1);
            assertEquals("SIP/2.0 200 OK", a.receive().startLine());
        }
    }
}
