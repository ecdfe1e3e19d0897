package io.voxline.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.sip.transport.TestCertificates;
import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * The proxy over real sockets on loopback with three listeners (UDP, TCP, TLS; the TLS certificate made at run
 * time by the JDK's keytool): a phone registers over TCP (or TLS) and keeps its connection; a caller on UDP calls
 * it; the INVITE, the ACK and the BYE reach the phone down that connection, and every answer goes back the way its
 * request came. The phones are raw sockets, so what is asserted is what crossed the wire.
 */
class StreamTransportsTest
{
    private static final String PASSWORD = "test-only";
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path truststore;

    private ProxyServer proxy;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void makeCertificate() throws Exception
    {
        final TestCertificates.Stores stores = TestCertificates.forLoopback(dir, "proxy", "CN=voxline-proxy-test", PASSWORD, "PKCS12");
        keystore = stores.keystore();
        truststore = stores.truststore();
    }

    @BeforeEach
    void startProxy()
    {
        final ProxyConfig config = new ProxyConfig(
            List.of(ProxyConfig.Listener.udp(ANY), ProxyConfig.Listener.tcp(ANY), ProxyConfig.Listener.tls(ANY)),
            List.of("b.test"), List.of(), true, ProxyConfig.Limits.OFF, null,
            TlsConfig.keystore(keystore, PASSWORD, "PKCS12"), null);
        proxy = ProxyServer.start(config, null);
    }

    @AfterEach
    void stop() throws Exception
    {
        for (final AutoCloseable c : open)
        {
            c.close();
        }
        proxy.close();
    }

    /** A phone on one TCP or TLS connection: reads and writes whole SIP messages. */
    final class StreamPhone implements AutoCloseable
    {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final String transport;

        StreamPhone(final Socket socket, final String transport) throws IOException
        {
            this.socket = socket;
            this.transport = transport;
            socket.setSoTimeout(5000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            open.add(this);
        }

        int port()
        {
            return socket.getLocalPort();
        }

        void send(final String text) throws IOException
        {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        TwoProxiesTest.Datagram receive() throws IOException
        {
            final StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0)
            {
                sb.append((char)c);
                if (sb.length() == 2 && sb.toString().equals("\r\n"))
                {
                    // an RFC 5626 keepalive or stray line break between messages
                    sb.setLength(0);
                }
                if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n"))
                {
                    break;
                }
            }
            assertTrue(c >= 0, "the proxy closed the connection");
            int length = 0;
            for (final String line : sb.toString().split("\r\n"))
            {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15))
                {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            for (int i = 0; i < length; i++)
            {
                sb.append((char)in.read());
            }
            return new TwoProxiesTest.Datagram((InetSocketAddress)socket.getRemoteSocketAddress(), sb.toString());
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }

    private StreamPhone tcpPhone() throws IOException
    {
        final Socket s = new Socket();
        s.bind(ANY);
        s.connect(proxy.address(TransportKind.TCP), 5000);
        return new StreamPhone(s, "TCP");
    }

    private StreamPhone tlsPhone() throws IOException
    {
        final TlsConfig trust = TlsConfig.withoutKeystore().truststore(truststore, PASSWORD, "PKCS12");
        final SSLSocket s = (SSLSocket)trust.context().getSocketFactory().createSocket();
        s.bind(ANY);
        s.connect(proxy.address(TransportKind.TLS), 5000);
        s.startHandshake();
        return new StreamPhone(s, "TLS");
    }

    private TwoProxiesTest.RawUa udpCaller() throws IOException
    {
        final TwoProxiesTest.RawUa ua = new TwoProxiesTest.RawUa();
        open.add(ua);
        return ua;
    }

    private static String register(final StreamPhone phone, final String user, final String contact)
    {
        return Harness.withBody("",
            "REGISTER sip:b.test SIP/2.0",
            "Via: SIP/2.0/" + phone.transport + " 127.0.0.1:" + phone.port() + ";branch=z9hG4bKreg" + user + ";rport",
            "Max-Forwards: 70",
            "From: <sip:" + user + "@b.test>;tag=r" + user,
            "To: <sip:" + user + "@b.test>",
            "Call-ID: reg-" + user,
            "CSeq: 1 REGISTER",
            "Contact: <" + contact + ">",
            "Expires: 300");
    }

    /** The answer of a phone to request: its Vias and Record-Routes copied, a To tag, its Contact. */
    private static String answer(final TwoProxiesTest.Datagram request, final int code, final String reason, final String contact)
    {
        final StringBuilder sb = new StringBuilder("SIP/2.0 " + code + " " + reason + "\r\n");
        for (final String via : request.headers("Via"))
        {
            sb.append("Via: ").append(via).append("\r\n");
        }
        for (final String rr : request.headers("Record-Route"))
        {
            sb.append("Record-Route: ").append(rr).append("\r\n");
        }
        sb.append("From: ").append(request.header("From")).append("\r\n");
        final String to = request.header("To");
        sb.append("To: ").append(to).append(to.contains(";tag=") ? "" : ";tag=callee").append("\r\n");
        sb.append("Call-ID: ").append(request.header("Call-ID")).append("\r\n");
        sb.append("CSeq: ").append(request.header("CSeq")).append("\r\n");
        if (contact != null)
        {
            sb.append("Contact: <").append(contact).append(">\r\n");
        }
        return sb.append("Content-Length: 0\r\n\r\n").toString();
    }

    @Test
    void aCallFromUdpReachesAPhoneRegisteredOverTcpDownItsConnectionThroughTheBye() throws Exception
    {
        final InetSocketAddress udpProxy = proxy.address(TransportKind.UDP);
        final StreamPhone phone = tcpPhone();
        final String phoneContact = "sip:302@127.0.0.1:" + phone.port() + ";transport=tcp";
        phone.send(register(phone, "302", phoneContact));
        final TwoProxiesTest.Datagram registered = phone.receive();
        assertEquals("SIP/2.0 200 OK", registered.startLine(), registered.text());
        assertEquals(1, proxy.registrations());

        final TwoProxiesTest.RawUa caller = udpCaller();
        final String callerContact = "sip:101@127.0.0.1:" + caller.port();
        caller.send(Harness.msg(
            "INVITE sip:302@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";branch=z9hG4bKcall1;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=caller",
            "To: <sip:302@b.test>",
            "Call-ID: tcp-call-1",
            "CSeq: 1 INVITE",
            "Contact: <" + callerContact + ">"), udpProxy);

        // the INVITE arrives down the phone's own connection
        final TwoProxiesTest.Datagram invite = phone.receive();
        assertEquals("INVITE " + phoneContact + " SIP/2.0", invite.startLine());
        assertTrue(invite.headers("Via").get(0).startsWith("SIP/2.0/TCP 127.0.0.1:" + proxy.address(TransportKind.TCP).getPort() + ";"),
            invite.text());
        final String rrTcp = "<sip:127.0.0.1:" + proxy.address(TransportKind.TCP).getPort() + ";transport=tcp;lr>";
        final String rrUdp = "<sip:127.0.0.1:" + udpProxy.getPort() + ";lr>";
        assertEquals(List.of(rrTcp, rrUdp), invite.headers("Record-Route"));

        phone.send(answer(invite, 180, "Ringing", phoneContact));
        phone.send(answer(invite, 200, "OK", phoneContact));
        assertEquals("SIP/2.0 180 Ringing", caller.receive().startLine());
        final TwoProxiesTest.Datagram ok = caller.receive();
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals(List.of(rrTcp, rrUdp), ok.headers("Record-Route"));

        // the caller's route set: the Record-Route reversed
        final String routes = "Route: " + rrUdp + ", " + rrTcp;
        caller.send(Harness.msg(
            "ACK " + phoneContact + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";branch=z9hG4bKack1;rport",
            routes,
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=caller",
            "To: " + ok.header("To"),
            "Call-ID: tcp-call-1",
            "CSeq: 1 ACK"), udpProxy);
        final TwoProxiesTest.Datagram ack = phone.receive();
        assertEquals("ACK " + phoneContact + " SIP/2.0", ack.startLine());
        assertTrue(ack.headers("Route").isEmpty(), ack.text());

        caller.send(Harness.msg(
            "BYE " + phoneContact + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";branch=z9hG4bKbye1;rport",
            routes,
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=caller",
            "To: " + ok.header("To"),
            "Call-ID: tcp-call-1",
            "CSeq: 2 BYE"), udpProxy);
        final TwoProxiesTest.Datagram bye = phone.receive();
        assertEquals("BYE " + phoneContact + " SIP/2.0", bye.startLine());
        phone.send(answer(bye, 200, "OK", null));
        final TwoProxiesTest.Datagram byeOk = caller.receive();
        assertEquals("SIP/2.0 200 OK", byeOk.startLine());
        assertEquals("2 BYE", byeOk.header("CSeq"));
        assertEquals(0, proxy.dropped());
    }

    @Test
    void overTlsAPhoneRegistersIsProbedAndIsCalledDownItsConnection() throws Exception
    {
        final StreamPhone phone = tlsPhone();
        final int tlsPort = proxy.address(TransportKind.TLS).getPort();
        final String phoneContact = "sip:303@127.0.0.1:" + phone.port() + ";transport=tls";
        phone.send(register(phone, "303", phoneContact));
        assertEquals("SIP/2.0 200 OK", phone.receive().startLine());

        phone.send(Harness.withBody("",
            "OPTIONS sips:127.0.0.1:" + tlsPort + " SIP/2.0",
            "Via: SIP/2.0/TLS 127.0.0.1:" + phone.port() + ";branch=z9hG4bKopt1",
            "Max-Forwards: 70",
            "From: <sips:303@b.test>;tag=o1",
            "To: <sips:127.0.0.1:" + tlsPort + ">",
            "Call-ID: tls-options",
            "CSeq: 1 OPTIONS"));
        final TwoProxiesTest.Datagram options = phone.receive();
        assertEquals("SIP/2.0 200 OK", options.startLine(), "a sips: request over TLS is ours to answer");

        final TwoProxiesTest.RawUa caller = udpCaller();
        caller.send(Harness.msg(
            "INVITE sip:303@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";branch=z9hG4bKcall2;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=caller2",
            "To: <sip:303@b.test>",
            "Call-ID: tls-call-1",
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:" + caller.port() + ">"), proxy.address(TransportKind.UDP));
        final TwoProxiesTest.Datagram invite = phone.receive();
        assertEquals("INVITE " + phoneContact + " SIP/2.0", invite.startLine());
        assertTrue(invite.headers("Via").get(0).startsWith("SIP/2.0/TLS 127.0.0.1:" + tlsPort + ";"), invite.text());
        assertEquals("<sip:127.0.0.1:" + tlsPort + ";transport=tls;lr>", invite.headers("Record-Route").get(0));

        phone.send(answer(invite, 486, "Busy Here", null));
        final TwoProxiesTest.Datagram ack = phone.receive();
        assertEquals("ACK " + phoneContact + " SIP/2.0", ack.startLine(), "the proxy's ACK for the 486, on the same connection");
        final TwoProxiesTest.Datagram busy = caller.receive();
        assertEquals("SIP/2.0 486 Busy Here", busy.startLine());
    }

    @Test
    void aPhoneThatHangsUpItsConnectionFailsTheCallAtOnce() throws Exception
    {
        final StreamPhone phone = tcpPhone();
        final String phoneContact = "sip:304@127.0.0.1:" + phone.port() + ";transport=tcp";
        phone.send(register(phone, "304", phoneContact));
        assertEquals("SIP/2.0 200 OK", phone.receive().startLine());

        final TwoProxiesTest.RawUa caller = udpCaller();
        caller.send(Harness.msg(
            "INVITE sip:304@b.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:" + caller.port() + ";branch=z9hG4bKcall3;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=caller3",
            "To: <sip:304@b.test>",
            "Call-ID: tcp-call-gone",
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:" + caller.port() + ">"), proxy.address(TransportKind.UDP));
        assertNotNull(phone.receive());
        phone.close();
        // long before timer C or B: the connection's close ends the branch (503, which goes up as 500)
        final TwoProxiesTest.Datagram failed = caller.receive();
        assertEquals("SIP/2.0 500 Next Hop Unreachable", failed.startLine());
    }
}
