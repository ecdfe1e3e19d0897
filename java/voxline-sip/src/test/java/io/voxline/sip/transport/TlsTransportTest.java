package io.voxline.sip.transport;

import static io.voxline.sip.transport.StreamHarness.await;
import static io.voxline.sip.transport.StreamHarness.readMessage;
import static io.voxline.sip.transport.TcpTransportTest.ok;
import static io.voxline.sip.transport.TcpTransportTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.sip.transport.StreamHarness.Received;

/** TLS with certificates made at run time by the JDK's keytool: nothing secret is kept in the repository. */
class TlsTransportTest
{
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final String PASSWORD = "test-only";

    @TempDir
    static Path dir;
    private static Path serverKeys;
    private static Path serverTrust;
    private static Path strangerTrust;
    private static Path jksKeys;
    /** Trusted by identityTrust, but naming 127.0.0.2 only. */
    private static Path otherIpKeys;
    /** Trusted by identityTrust, CN=127.0.0.1 but only a DNS subjectAltName: a CN is never taken as the identity. */
    private static Path dnsOnlyKeys;
    private static Path identityTrust;

    private final StreamHarness harness = new StreamHarness();
    private final List<SSLSocket> sockets = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception
    {
        final TestCertificates.Stores server = TestCertificates.forLoopback(dir, "voxline", "CN=voxline-test", PASSWORD, "PKCS12");
        serverKeys = server.keystore();
        serverTrust = server.truststore();

        // a certificate nobody here presents: trusting only it trusts none of ours
        final Path strangerKeys = TestCertificates.keystore(dir, "stranger", "CN=stranger", null, PASSWORD);
        strangerTrust = dir.resolve("stranger-trust.p12");
        TestCertificates.trust(dir, strangerKeys, "stranger", strangerTrust, "PKCS12", PASSWORD);

        jksKeys = dir.resolve("server.jks");
        TestCertificates.keytool("-genkeypair", "-alias", "voxline", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=voxline-jks",
            "-validity", "2", "-keystore", jksKeys.toString(), "-storetype", "JKS", "-storepass", PASSWORD, "-keypass", PASSWORD);

        identityTrust = dir.resolve("identity-trust.p12");
        otherIpKeys = trustedCertificate("other-ip", "CN=voxline-other", "SAN=ip:127.0.0.2");
        dnsOnlyKeys = trustedCertificate("dns-only", "CN=127.0.0.1", "SAN=dns:voxline.test");
    }

    /** A self-signed certificate with this subjectAltName, its keystore returned and the certificate added to identityTrust. */
    private static Path trustedCertificate(final String alias, final String dname, final String san) throws Exception
    {
        final Path keys = TestCertificates.keystore(dir, alias, dname, san, PASSWORD);
        TestCertificates.trust(dir, keys, alias, identityTrust, "PKCS12", PASSWORD);
        return keys;
    }

    private static TlsConfig serverTls()
    {
        return TlsConfig.keystore(serverKeys, PASSWORD, "PKCS12");
    }

    private static TlsConfig trustingClient()
    {
        return TlsConfig.withoutKeystore().truststore(serverTrust, PASSWORD, "PKCS12");
    }

    @AfterEach
    void tearDown() throws IOException
    {
        for (final SSLSocket s : sockets)
        {
            s.close();
        }
        harness.close();
    }

    private void answerRequests(final StreamTransport... byIndex)
    {
        harness.responder(r ->
        {
            if (!r.text().startsWith("SIP/2.0"))
            {
                final String answer = r.text().contains("Content-Length: 0") ? ok(r.text()) :
                    "SIP/2.0 200 OK\r\nContent-Length: " + r.text().length() + "\r\n\r\n" + r.text();
                assertTrue(byIndex[r.transportIndex()].send(StreamHarness.buffer(answer), 0, answer.length(), r.remote()));
            }
        });
    }

    private SSLSocket jdkClient(final StreamTransport server) throws IOException
    {
        final SSLSocket s = (SSLSocket)trustingClient().context().getSocketFactory().createSocket();
        sockets.add(s);
        s.setSoTimeout((int)StreamHarness.WAIT_S * 1000);
        s.connect(server.localAddress());
        s.startHandshake();
        return s;
    }

    private static void write(final SSLSocket s, final String text) throws IOException
    {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Test
    void aJdkClientHandshakesWithTheRunTimeCertificateAndGetsItsAnswerOnTheSameConnection() throws Exception
    {
        final TlsTransport server = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS, serverTls()), 2);
        answerRequests(null, null, server);
        final SSLSocket client = jdkClient(server);
        assertEquals("TLSv1.3", client.getSession().getProtocol());
        assertEquals("CN=voxline-test", client.getSession().getPeerPrincipal().getName());

        write(client, request("OPTIONS", "s1"));
        final Received r = harness.take();
        assertEquals(2, r.transportIndex());
        assertEquals(request("OPTIONS", "s1"), r.text());
        assertEquals(client.getLocalPort(), r.remote().getPort());
        assertEquals(ok(request("OPTIONS", "s1")), readMessage(client.getInputStream()));
        assertEquals("TLS", server.protocol());

        write(client, "\r\n\r\n");
        assertEquals('\r', client.getInputStream().read(), "a pong over TLS");
        assertEquals('\n', client.getInputStream().read());
        write(client, request("OPTIONS", "s2") + request("INFO", "s3"));
        assertEquals(request("OPTIONS", "s2"), harness.take().text());
        assertEquals(request("INFO", "s3"), harness.take().text());
    }

    @Test
    void twoTlsTransportsTalkOverOneReusedConnectionWithMessagesLargerThanOneTlsRecord() throws Exception
    {
        final StreamConfig big = StreamConfig.DEFAULTS.withMaxMessageBytes(48 * 1024);
        final TlsTransport a = harness.add(TlsTransport.bind(ANY_LOOPBACK, big, trustingClient()), 0);
        final TlsTransport b = harness.add(TlsTransport.bind(ANY_LOOPBACK, big, serverTls()), 1);
        answerRequests(a, b);

        final String large = "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nCall-ID: big\r\nContent-Length: 30000\r\n\r\n" +
            "0123456789".repeat(3000);
        assertTrue(harness.send(a, request("OPTIONS", "t1"), b.localAddress()));
        assertTrue(harness.send(a, large, b.localAddress()));
        final List<Received> requests = new ArrayList<>();
        final List<Received> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final Received r = harness.take();
            (r.transportIndex() == 1 ? requests : responses).add(r);
        }
        assertEquals(List.of(request("OPTIONS", "t1"), large), List.of(requests.get(0).text(), requests.get(1).text()));
        assertEquals(requests.get(0).connectionId(), requests.get(1).connectionId());
        assertEquals(ok(request("OPTIONS", "t1")), responses.get(0).text());
        assertEquals(large.length() + "SIP/2.0 200 OK\r\nContent-Length: 00000\r\n\r\n".length(), responses.get(1).text().length());
        assertEquals(responses.get(0).connectionId(), responses.get(1).connectionId());
        assertEquals(1, a.connected());
        assertEquals(1, b.accepted());
        assertEquals(0, a.tlsFailures() + b.tlsFailures());
    }

    @Test
    void aSlowTlsReaderGetsEveryByteInOrderWhenCiphertextOnlyPartlyGoesOut() throws Exception
    {
        final TlsTransport server = harness.add(TlsTransport.bind(ANY_LOOPBACK,
            StreamConfig.DEFAULTS.withMaxMessageBytes(48 * 1024).withOutboundQueueBytes(8 << 20), serverTls()), 0);
        final SSLSocket client = (SSLSocket)trustingClient().context().getSocketFactory().createSocket();
        sockets.add(client);
        client.setReceiveBufferSize(64 * 1024);
        client.setSoTimeout((int)StreamHarness.WAIT_S * 1000);
        client.connect(server.localAddress());
        write(client, request("SUBSCRIBE", "slow"));
        final Received r = harness.take();
        final InputStream in = new BufferedInputStream(client.getInputStream());
        int n = 0;
        for (int burst = 0; burst < 2; burst++)
        {
            final int first = n;
            final long stalls = server.writeStalls();
            // more than the kernel buffers on both sides take, less than the queue
            assertTrue(harness.onOwner(() ->
            {
                for (int i = first; i < first + 130; i++)
                {
                    // three TLS records each: a full socket stops the wrap inside a message as often as not
                    final String m = TcpTransportTest.numbered(i, 40_000);
                    if (!server.send(StreamHarness.buffer(m), 0, m.length(), r.remote()))
                    {
                        return false;
                    }
                }
                return true;
            }));
            await("the socket fills up: the rest waits in the queue", () -> server.writeStalls() > stalls);
            for (int i = 0; i < 130; i++, n++)
            {
                assertEquals(TcpTransportTest.numbered(n, 40_000), readMessage(in), "message " + n);
            }
        }
        assertEquals(0, server.queueOverflows() + server.tlsFailures());
    }

    @Test
    void aServerWhoseCertificateIsNotTrustedIsRefusedAndNothingIsSent() throws Exception
    {
        final TlsTransport server = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS, serverTls()), 0);
        final TlsTransport client = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.withoutKeystore().truststore(strangerTrust, PASSWORD, "PKCS12")), 1);
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        harness.onOwner(() ->
        {
            client.listener((t, id, remote, inbound, reason) -> reasons.add(reason));
            return null;
        });
        assertTrue(harness.send(client, request("INVITE", "u1"), server.localAddress()), "queued until the handshake");
        await("the handshake fails", () -> reasons.size() == 1);
        assertEquals(List.of(CloseReason.TLS_FAILURE), reasons);
        assertEquals(1, client.tlsFailures());
        await("the server's side closes too", () -> server.openConnections() == 0);
        assertEquals(0, server.messagesReceived(), "the INVITE never left in the clear or otherwise");
        assertFalse(harness.onOwner(() -> client.hasConnection(server.localAddress())));

        // the same peer with trust-all (tests only) goes through: it was the trust that refused it
        final TlsTransport careless = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.withoutKeystore().trustAllForTests()), 2);
        assertTrue(harness.send(careless, request("INVITE", "u2"), server.localAddress()));
        assertEquals(request("INVITE", "u2"), harness.take().text());
    }

    @Test
    void aServerWithATrustedCertificateForAnotherAddressIsRefusedAndNothingIsSent() throws Exception
    {
        final TlsTransport client = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.withoutKeystore().truststore(identityTrust, PASSWORD, "PKCS12")), 0);
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        harness.onOwner(() ->
        {
            client.listener((t, id, remote, inbound, reason) -> reasons.add(reason));
            return null;
        });
        // the chain is trusted; what the certificate names is not where we connected (a CN alone names nothing)
        final TlsTransport otherIp = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.keystore(otherIpKeys, PASSWORD, "PKCS12")), 1);
        final TlsTransport dnsOnly = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.keystore(dnsOnlyKeys, PASSWORD, "PKCS12")), 2);
        assertTrue(harness.send(client, request("INVITE", "w1"), otherIp.localAddress()));
        await("the handshake with 127.0.0.2's certificate at 127.0.0.1 fails", () -> reasons.size() == 1);
        assertTrue(harness.send(client, request("INVITE", "w2"), dnsOnly.localAddress()));
        await("the handshake with a DNS-only certificate fails", () -> reasons.size() == 2);
        assertEquals(List.of(CloseReason.TLS_FAILURE, CloseReason.TLS_FAILURE), reasons);
        assertEquals(2, client.tlsFailures());
        assertEquals(0, client.messagesReceived() + otherIp.messagesReceived() + dnsOnly.messagesReceived());
        assertFalse(harness.onOwner(() -> client.hasConnection(otherIp.localAddress()) || client.hasConnection(dnsOnly.localAddress())));
        assertTrue(harness.received.isEmpty(), "neither INVITE arrived");

        // trust-all (tests only) skips the identity check as well as the chain's
        final TlsTransport careless = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.withoutKeystore().trustAllForTests()), 3);
        assertTrue(harness.send(careless, request("INVITE", "w3"), otherIp.localAddress()));
        assertEquals(request("INVITE", "w3"), harness.take().text());
    }

    @Test
    void aServerWhoseCertificateNamesTheAddressWeConnectedToIsAccepted() throws Exception
    {
        // the same certificate that is refused at 127.0.0.1 passes where it belongs: the check is the peer's IP
        final TlsTransport server = harness.add(TlsTransport.bind(new InetSocketAddress("127.0.0.2", 0), StreamConfig.DEFAULTS,
            TlsConfig.keystore(otherIpKeys, PASSWORD, "PKCS12")), 1);
        final TlsTransport client = harness.add(TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS,
            TlsConfig.withoutKeystore().truststore(identityTrust, PASSWORD, "PKCS12")), 0);
        answerRequests(client, server);
        assertTrue(harness.send(client, request("OPTIONS", "m1"), server.localAddress()));
        final Received request = harness.take();
        assertEquals(1, request.transportIndex());
        assertEquals(request("OPTIONS", "m1"), request.text());
        assertEquals(ok(request("OPTIONS", "m1")), harness.take().text());
        assertEquals(0, client.tlsFailures() + server.tlsFailures());
    }

    @Test
    void anIdleTlsConnectionIsClosedWithCloseNotify() throws Exception
    {
        final TlsTransport server = harness.add(TlsTransport.bind(ANY_LOOPBACK,
            StreamConfig.DEFAULTS.withIdleTimeoutMs(60_000), serverTls()), 0);
        final SSLSocket client = jdkClient(server);
        write(client, request("OPTIONS", "c1"));
        harness.take();
        harness.advance(60_001);
        final InputStream in = client.getInputStream();
        assertEquals(-1, in.read(), "a clean end of stream: close_notify arrived");
        assertEquals(1, server.idleCloses());
    }

    @Test
    void aTlsClientThatNeverCompletesTheHandshakeIsClosedAfterTheHeaderTimeout() throws Exception
    {
        final TlsTransport server = harness.add(TlsTransport.bind(ANY_LOOPBACK,
            StreamConfig.DEFAULTS.withHeaderTimeoutMs(5_000), serverTls()), 0);
        try (java.net.Socket raw = new java.net.Socket())
        {
            raw.setSoTimeout((int)StreamHarness.WAIT_S * 1000);
            raw.connect(server.localAddress());
            raw.getOutputStream().write(new byte[] {0x16, 0x03, 0x01});
            await("accepted", () -> server.openConnections() == 1 && server.bytesReceived() == 3);
            harness.advance(5_001);
            await("closed", () -> server.openConnections() == 0);
            assertEquals(1, server.headerTimeouts());
        }
    }

    @Test
    void storesLoadFromPkcs12AndJksAndABadOneIsNamed()
    {
        TlsConfig.keystore(jksKeys, PASSWORD, "jks").truststore(serverTrust, PASSWORD, "PKCS12").context();
        final IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
            () -> TlsConfig.keystore(serverKeys, "wrong", "PKCS12").context());
        assertTrue(wrong.getMessage().contains(serverKeys.toString()), wrong.getMessage());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> TlsTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS, TlsConfig.keystore(dir.resolve("none.p12"), PASSWORD, "PKCS12")));
        assertTrue(missing.getMessage().contains("none.p12"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.keystore(serverKeys, PASSWORD, "PEM"));
        assertFalse(TlsConfig.withoutKeystore().trustsAll(), "trusting everyone is never the default");
    }
}
