package io.voxline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;
import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/** The proxy's command line as a ProxyConfig: listeners and TLS, rate limits, the users file, and their errors. */
class ProxyCommandTest
{
    private static final String PASSWORD = "test-only";

    @TempDir
    Path dir;

    private static ProxyCommand parse(final String... args)
    {
        final ProxyCommand command = new ProxyCommand();
        command.environment = Map.of("VX_TLS_PASSWORD", PASSWORD);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    /** A keystore with a self-signed certificate for 127.0.0.1, made now by the JDK's keytool. */
    private Path keystore() throws Exception
    {
        final Path store = dir.resolve("proxy.p12");
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "proxy", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=voxline-app-test",
            "-validity", "2", "-ext", "SAN=ip:127.0.0.1", "-keystore", store.toString(), "-storetype", "PKCS12",
            "-storepass", PASSWORD, "-keypass", PASSWORD));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finishes");
        assertEquals(0, p.exitValue(), output);
        return store;
    }

    @Test
    void listenersNameTheirTransportAndTlsTakesItsKeystoreWithThePasswordFromTheEnvironment() throws Exception
    {
        final Path store = keystore();
        final ProxyConfig config = parse("--listen", "udp:127.0.0.1:5070", "--listen", "tcp:127.0.0.1:5070", "--listen", "tls:127.0.0.1",
            "--tls-keystore", store.toString(), "--tls-keystore-password", "env:VX_TLS_PASSWORD",
            "--tcp-max-connections", "32", "--tcp-max-per-source", "40", "--tcp-idle-timeout", "60").config();
        assertEquals(List.of(
            new ProxyConfig.Listener(TransportKind.UDP, new InetSocketAddress("127.0.0.1", 5070)),
            new ProxyConfig.Listener(TransportKind.TCP, new InetSocketAddress("127.0.0.1", 5070)),
            new ProxyConfig.Listener(TransportKind.TLS, new InetSocketAddress("127.0.0.1", 5061))), config.listeners());
        assertEquals(store, config.tls().keystorePath());
        assertEquals(32, config.stream().maxConnections());
        assertEquals(40, config.stream().maxConnectionsPerSource());
        assertEquals(16, parse().config().stream().maxConnectionsPerSource(), "the default");
        assertThrows(ParameterException.class, () -> parse("--tcp-max-per-source", "0").config());
        assertEquals(60_000, config.stream().idleTimeoutMs());
        assertEquals(List.of(new ProxyConfig.Listener(TransportKind.UDP, new InetSocketAddress("127.0.0.1", 5060))), parse().config().listeners(),
            "UDP stays the default");
    }

    @Test
    void tlsOptionsThatCannotWorkSayWhyAndNeverShowThePassword() throws Exception
    {
        final Path store = keystore();
        assertTrue(assertThrows(ParameterException.class, () -> parse("--listen", "tls:127.0.0.1:0").config()).getMessage()
            .contains("a tls: --listen needs --tls-keystore"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--tls-keystore", store.toString()).config()).getMessage()
            .contains("need a tls: --listen"));
        assertTrue(assertThrows(ParameterException.class,
            () -> parse("--listen", "tls:127.0.0.1:0", "--tls-keystore", store.toString()).config()).getMessage()
            .contains("--tls-keystore-password is needed: env:VAR, file:PATH or pass:TEXT"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--listen", "tls:127.0.0.1:0", "--tls-keystore", store.toString(),
            "--tls-keystore-password", "env:NOT_SET_ANYWHERE").config()).getMessage().contains("NOT_SET_ANYWHERE is not set"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--listen", "tls:127.0.0.1:0", "--tls-keystore", store.toString(),
            "--tls-keystore-password", PASSWORD).config()).getMessage().contains("must be env:VAR, file:PATH or pass:TEXT"));

        final Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "hunter2\n");
        final ParameterException bad = assertThrows(ParameterException.class, () -> parse("--listen", "tls:127.0.0.1:0",
            "--tls-keystore", store.toString(), "--tls-keystore-password", "file:" + wrong).config());
        assertTrue(bad.getMessage().contains("cannot read TLS keystore " + store), bad.getMessage());
        assertFalse(bad.getMessage().contains("hunter2"), "never a password in a message");
        assertTrue(assertThrows(ParameterException.class, () -> parse("--listen", "tcp:127.0.0.1:0", "--tcp-idle-timeout", "0").config())
            .getMessage().contains("--tcp-idle-timeout"));
        assertTrue(assertThrows(ParameterException.class, () -> parse("--route", "*=sips:127.0.0.1;transport=udp").config())
            .getMessage().contains("cannot go over UDP"));
        assertEquals(new InetSocketAddress("127.0.0.1", 5061), parse("--route", "*=sips:127.0.0.1").config().routes().get(0).nextHop());
    }

    @Test
    void aProxyStartedFromTheCommandLineAnswersOverTcpAndTls() throws Exception
    {
        final Path store = keystore();
        final Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        final ProxyConfig config = parse("--listen", "udp:127.0.0.1:0", "--listen", "tcp:127.0.0.1:0", "--listen", "tls:127.0.0.1:0",
            "--tls-keystore", store.toString(), "--tls-keystore-password", "file:" + passwordFile, "--rate-limit", "0").config();
        try (ProxyServer server = ProxyServer.start(config, null))
        {
            try (Socket tcp = new Socket())
            {
                tcp.connect(server.address(TransportKind.TCP), 5000);
                assertEquals("SIP/2.0 200 OK", ask(tcp, "TCP"));
            }
            final SSLSocket tls = (SSLSocket)TlsConfig.withoutKeystore().trustAllForTests().context().getSocketFactory().createSocket();
            try (tls)
            {
                tls.connect(server.address(TransportKind.TLS), 5000);
                tls.startHandshake();
                assertEquals("SIP/2.0 200 OK", ask(tls, "TLS"));
            }
        }
    }

    /** An OPTIONS for the proxy itself on socket; the status line of the answer that comes back on it. */
    private static String ask(final Socket socket, final String transport) throws IOException
    {
        socket.setSoTimeout(5000);
        final InetSocketAddress proxy = (InetSocketAddress)socket.getRemoteSocketAddress();
        final String options = "OPTIONS sip:127.0.0.1:" + proxy.getPort() + ";transport=" + transport.toLowerCase(java.util.Locale.ROOT) +
            " SIP/2.0\r\n" +
            "Via: SIP/2.0/" + transport + " 127.0.0.1:" + socket.getLocalPort() + ";branch=z9hG4bKopt" + transport + "\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: opt-" + transport + "\r\n" +
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        socket.getOutputStream().write(options.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
    }

    @Test
    void theRateLimitDefaultsSuitAHomeRouterAndCanBeChangedOrTurnedOff()
    {
        assertEquals(ProxyConfig.Limits.DEFAULT, parse().config().limits());
        assertEquals(new ProxyConfig.Limits(5, 20), parse("--rate-limit", "5", "--rate-burst", "20").config().limits());
        assertFalse(parse("--rate-limit", "0").config().limits().enabled());
    }

    @Test
    void aBadRateLimitSaysWhy()
    {
        final ParameterException bad = assertThrows(ParameterException.class, () -> parse("--rate-limit", "-1").config());
        assertTrue(bad.getMessage().contains("--rate-limit"), bad.getMessage());
        assertThrows(ParameterException.class, () -> parse("--rate-burst", "0").config());
    }

    @Test
    void withoutUsersTheProxyIsOpenAndSaysSo()
    {
        final ProxyConfig config = parse().config();
        assertEquals(null, config.auth());
        assertTrue(ProxyCommand.authLine(config, null).contains("OPEN"), ProxyCommand.authLine(config, null));
    }

    @Test
    void aUsersFileTurnsDigestAuthOnWithTheFirstDomainAsRealm() throws IOException
    {
        final Path file = dir.resolve("users");
        Files.writeString(file, "# the phones\n101:secret\n102:md5:0123456789abcdef0123456789abcdef\n");
        final ProxyConfig config = parse("--users", file.toString(), "--domain", "a.test", "--domain", "b.test").config();
        assertEquals(2, config.auth().users().size());
        assertEquals("a.test", config.realm());
        assertEquals("voxline proxy: digest auth for 2 user(s), realm \"a.test\"", ProxyCommand.authLine(config, config.realm()));

        final ProxyConfig bare = parse("--users", file.toString(), "--listen", "udp:127.0.0.1:5099").config();
        assertEquals("127.0.0.1", bare.realm());
        assertTrue(ProxyCommand.authLine(bare, bare.realm()).endsWith("(no --domain: the realm is the proxy's own address)"));
    }

    @Test
    void aBadUsersFileIsNamedWithItsLine() throws IOException
    {
        final Path file = dir.resolve("users");
        Files.writeString(file, "101:secret\nno-colon-here\n");
        final ParameterException bad = assertThrows(ParameterException.class, () -> parse("--users", file.toString()).config());
        assertTrue(bad.getMessage().startsWith("--users " + file + ":2: "), bad.getMessage());
        assertFalse(bad.getMessage().contains("secret"), "never a password in a message");
        final ParameterException missing = assertThrows(ParameterException.class,
            () -> parse("--users", dir.resolve("none").toString()).config());
        assertTrue(missing.getMessage().contains("cannot read"), missing.getMessage());
    }

    @Test
    void aProxyWithUsersChallengesARegisterOnTheWire() throws IOException
    {
        final Path file = dir.resolve("users");
        Files.writeString(file, "101:secret\n");
        final ProxyConfig config = parse("--users", file.toString(), "--domain", "a.test", "--listen", "udp:127.0.0.1:0").config();
        try (ProxyServer server = ProxyServer.start(config, null); DatagramSocket phone = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            phone.setSoTimeout(5000);
            final String register = "REGISTER sip:a.test SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.1:" + phone.getLocalPort() + ";branch=z9hG4bKpc1;rport\r\n" +
                "Max-Forwards: 70\r\nFrom: <sip:101@a.test>;tag=1\r\nTo: <sip:101@a.test>\r\nCall-ID: pc1\r\n" +
                "CSeq: 1 REGISTER\r\nContact: <sip:101@127.0.0.1:" + phone.getLocalPort() + ">\r\nContent-Length: 0\r\n\r\n";
            final byte[] bytes = register.getBytes(StandardCharsets.ISO_8859_1);
            phone.send(new DatagramPacket(bytes, bytes.length, server.listenAddresses().get(0)));
            final DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
            phone.receive(answer);
            final String text = new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("SIP/2.0 401 Unauthorized\r\n"), text);
            assertTrue(text.contains("WWW-Authenticate: Digest realm=\"a.test\""), text);
            assertEquals(0, server.registrations());
        }
    }
}
