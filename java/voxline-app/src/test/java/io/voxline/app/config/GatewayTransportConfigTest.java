package io.voxline.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayConfig.Listener;
import io.voxline.sip.transport.TestCertificates;
import io.voxline.sip.transport.TransportKind;

/**
 * The gateway's transports in its TOML file: [sip] listen as one address or a list, the [tls] table (stores read at
 * load, passwords as env:VAR, file:PATH or pass:TEXT), each line's transport from its proxy URI, and every mistake
 * named FILE:LINE: KEY without ever showing a password.
 */
class GatewayTransportConfigTest
{
    private static final String PASSWORD = "test-only";
    private static final Map<String, String> ENV = Map.of("VX_GW_TLS", PASSWORD);

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path truststore;
    private static Path passwordFile;

    /** A self-signed certificate for 127.0.0.1 and a truststore holding it, made now by the JDK's keytool. */
    @BeforeAll
    static void stores() throws Exception
    {
        final TestCertificates.Stores stores = TestCertificates.forLoopback(dir, "gateway", "CN=voxline-gateway-test", PASSWORD, "JKS");
        keystore = stores.keystore();
        truststore = stores.truststore();
        passwordFile = dir.resolve("tls-password");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    /** Line 1: [sip], 2: listen, 3: [tls], 4-7: its keys, 8: [[line]], 9-11, 12: proxy, 13: [[line]], 14-16, 17: proxy. */
    private static String config(final String listen, final String tls, final String proxy1, final String proxy2)
    {
        return "[sip]\n" +
            "listen = " + listen + "\n" +
            tls +
            "[[line]]\nnumber = 1\nuser = \"101\"\ndomain = \"a.test\"\nproxy = \"" + proxy1 + "\"\n" +
            "[[line]]\nnumber = 2\nuser = \"102\"\ndomain = \"a.test\"\nproxy = \"" + proxy2 + "\"\n";
    }

    private static String tls(final String keystorePassword)
    {
        return "[tls]\n" +
            "keystore = '" + keystore + "'\n" +
            "keystore_password = \"" + keystorePassword + "\"\n" +
            "truststore = '" + truststore + "'\n" +
            "truststore_password = \"file:" + passwordFile + "\"\n";
    }

    private static final String ALL_THREE = "[\"udp:127.0.0.1:5062\", \"tcp:127.0.0.1:5062\", \"tls:127.0.0.1:5063\"]";

    private static GatewayConfig parse(final String toml)
    {
        return GatewayConfigLoader.parse("g.toml", toml, ENV);
    }

    private static String error(final String toml)
    {
        return assertThrows(ConfigException.class, () -> parse(toml)).getMessage();
    }

    private static void assertError(final String prefix, final String toml)
    {
        final String message = error(toml);
        assertTrue(message.startsWith(prefix), "expected '" + prefix + "' but got '" + message + "'");
        assertFalse(message.contains(PASSWORD), "never a password in a message: " + message);
        assertFalse(message.contains("hunter2"), "never a password in a message: " + message);
    }

    @Test
    void aListOfListenersTlsStoresAndEachLinesTransportFromItsProxyUri()
    {
        final GatewayConfig c = parse(config(ALL_THREE, tls("env:VX_GW_TLS"), "sip:127.0.0.1:5070;transport=tcp", "sips:127.0.0.1"));
        assertEquals(List.of(Listener.udp(new InetSocketAddress("127.0.0.1", 5062)), Listener.tcp(new InetSocketAddress("127.0.0.1", 5062)),
            Listener.tls(new InetSocketAddress("127.0.0.1", 5063))), c.listeners());
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), c.sipListen(), "the UDP listener is the gateway's own address");
        assertEquals(keystore, c.tls().keystorePath());
        assertEquals(truststore, c.tls().truststorePath());
        assertFalse(c.tls().trustsAll());

        assertEquals(TransportKind.TCP, c.lines().get(0).transport());
        assertEquals(new InetSocketAddress("127.0.0.1", 5070), c.lines().get(0).proxy());
        assertEquals(TransportKind.TLS, c.lines().get(1).transport());
        assertEquals(new InetSocketAddress("127.0.0.1", 5061), c.lines().get(1).proxy(), "sips: defaults to port 5061");

        final GatewayConfig passwords = parse(config(ALL_THREE, tls("file:" + passwordFile), "sip:127.0.0.1:5070", "sip:127.0.0.1:5070;transport=TLS"));
        assertEquals(TransportKind.UDP, passwords.lines().get(0).transport(), "a plain sip: URI stays on UDP");
        assertEquals(TransportKind.TLS, passwords.lines().get(1).transport());
        assertEquals(new InetSocketAddress("127.0.0.1", 5070), passwords.lines().get(1).proxy());
        assertEquals(keystore, parse(config(ALL_THREE, tls("pass:" + PASSWORD), "sip:127.0.0.1:5070", "sip:127.0.0.1:5070"))
            .tls().keystorePath());
    }

    @Test
    void theSingleAddressKeyStillWorksAndUdpStaysTheDefault()
    {
        final GatewayConfig one = parse(config("\"udp:127.0.0.1:5064\"", "", "sip:127.0.0.1:5070", "sip:127.0.0.1:5070"));
        assertEquals(List.of(Listener.udp(new InetSocketAddress("127.0.0.1", 5064))), one.listeners());
        assertNull(one.tls());
        assertEquals(TransportKind.UDP, one.lines().get(1).transport());

        final GatewayConfig none = parse("[[line]]\nuser = \"101\"\ndomain = \"a.test\"\nproxy = \"sip:127.0.0.1:5070\"\n");
        assertEquals(List.of(Listener.udp(new InetSocketAddress("127.0.0.1", 5062))), none.listeners(), "default udp:127.0.0.1:5062");

        final GatewayConfig tcpOnly = parse(config("\"tcp:127.0.0.2:5066\"", "", "sip:127.0.0.1:5070;transport=tcp",
            "sip:127.0.0.1:5070;transport=tcp"));
        assertEquals(List.of(Listener.tcp(new InetSocketAddress("127.0.0.2", 5066))), tcpOnly.listeners());
        assertEquals(new InetSocketAddress("127.0.0.2", 5066), tcpOnly.sipListen());
        assertEquals("127.0.0.2", tcpOnly.media().ip(), "media binds where the gateway listens");
        assertEquals(List.of(Listener.tcp(new InetSocketAddress("127.0.0.1", 0)), Listener.udp(new InetSocketAddress("127.0.0.1", 0))),
            parse(config("[\"tcp:127.0.0.1:0\", \"udp:127.0.0.1:0\"]", "", "sip:127.0.0.1:5070", "sip:127.0.0.1:5070")).listeners(),
            "port 0 (a free port) for tests, and TCP and UDP may share a number");
    }

    @Test
    void badListenersNameTheirLine()
    {
        final String lines = "\n[[line]]\nuser = \"101\"\ndomain = \"a.test\"\nproxy = \"sip:127.0.0.1:5070\"\n";
        // tomlj places every element of an array on the line the array starts: the key's line
        assertError("g.toml:2: sip.listen: transport 'sctp' is not supported (udp, tcp or tls)",
            "[sip]\nlisten = [\"udp:127.0.0.1:5062\",\n  \"sctp:127.0.0.1:5062\"]" + lines);
        assertError("g.toml:2: sip.listen: 'udp:127.0.0.1' has no port", "[sip]\nlisten = [\"udp:127.0.0.1\"]" + lines);
        assertError("g.toml:2: sip.listen: 'tcp:127.0.0.1' has no port", "[sip]\nlisten = \"tcp:127.0.0.1\"" + lines);
        assertError("g.toml:2: sip.listen: 'tcp:router.lan:5062': 'router.lan' is a name", "[sip]\nlisten = [\"tcp:router.lan:5062\"]" + lines);
        assertError("g.toml:2: sip.listen: must name at least one listener", "[sip]\nlisten = []" + lines);
        assertError("g.toml:2: sip.listen: '5062' is not a string", "[sip]\nlisten = [5062]" + lines);
        assertError("g.toml:2: sip.listen: must be a string or an array of strings", "[sip]\nlisten = 5062" + lines);
        assertError("g.toml:2: sip.listen: udp:127.0.0.1:5062 is listed twice",
            "[sip]\nlisten = [\"udp:127.0.0.1:5062\", \"udp:127.0.0.1:5062\"]" + lines);
        assertError("g.toml:2: sip.listen: tls:127.0.0.1:5062 and tcp:127.0.0.1:5062 would share one TCP port",
            "[sip]\nlisten = [\"tcp:127.0.0.1:5062\", \"tls:127.0.0.1:5062\"]\n[tls]\nkeystore = 'x.p12'\nkeystore_password = \"pass:x\"" + lines);
    }

    @Test
    void aLineOnATransportTheGatewayDoesNotListenOnOrABadTransportWordIsNamed()
    {
        final String udpTcp = "[\"udp:127.0.0.1:5062\", \"tcp:127.0.0.1:5062\"]";
        assertError("g.toml:12: line[1].proxy: 'sips:127.0.0.1:5071' goes over TLS, and sip.listen has no tls: listener",
            config(udpTcp, "", "sip:127.0.0.1:5070;transport=tcp", "sips:127.0.0.1:5071"));
        assertError("g.toml:7: line[0].proxy: 'sip:127.0.0.1:5070;transport=tcp' goes over TCP, and sip.listen has no tcp: listener",
            config("\"udp:127.0.0.1:5062\"", "", "sip:127.0.0.1:5070;transport=tcp", "sip:127.0.0.1:5070"));
        assertError("g.toml:7: line[0].proxy: 'sip:127.0.0.1:5070' goes over UDP, and sip.listen has no udp: listener",
            config("\"tcp:127.0.0.1:5062\"", "", "sip:127.0.0.1:5070", "sip:127.0.0.1:5070"));
        assertError("g.toml:7: line[0].proxy: 'sip:127.0.0.1:5070;transport=sctp': transport 'sctp' is not supported (udp, tcp or tls)",
            config(udpTcp, "", "sip:127.0.0.1:5070;transport=sctp", "sip:127.0.0.1:5070"));
        assertError("g.toml:7: line[0].proxy: 'sips:127.0.0.1;transport=udp': a sips: URI cannot go over UDP",
            config(udpTcp, "", "sips:127.0.0.1;transport=udp", "sip:127.0.0.1:5070"));
    }

    @Test
    void tlsTableMistakesAreNamedAndNoPasswordIsEverShown() throws Exception
    {
        final String withTls = "[\"udp:127.0.0.1:5062\", \"tls:127.0.0.1:5063\"]";
        final String udp = "\"udp:127.0.0.1:5062\"";
        final String p = "sip:127.0.0.1:5070";
        assertError("g.toml:2: sip.listen: a tls: listener needs a [tls] table with keystore and keystore_password",
            config(withTls, "", p, p));
        assertError("g.toml:3: tls: [tls] serves a tls: listener, and sip.listen has none", config(udp, tls("env:VX_GW_TLS"), p, p));
        assertError("g.toml:3: tls.keystore_password: is needed: env:VAR, file:PATH or pass:TEXT",
            config(withTls, "[tls]\nkeystore = '" + keystore + "'\n", p, p));
        assertError("g.toml:4: tls.keystore: is required", config(withTls, "[tls]\nkeystore_password = \"env:VX_GW_TLS\"\n", p, p));
        assertError("g.toml:5: tls.keystore_password: must be env:VAR, file:PATH or pass:TEXT", config(withTls, tls("hunter2"), p, p));
        assertError("g.toml:5: tls.keystore_password: environment variable VX_NOT_SET is not set", config(withTls, tls("env:VX_NOT_SET"), p, p));
        assertError("g.toml:5: tls.keystore_password: cannot read " + dir.resolve("missing") + " (NoSuchFileException)",
            config(withTls, tls("file:" + dir.resolve("missing")), p, p));
        assertError("g.toml:4: tls.keystore: cannot read TLS keystore " + keystore + " (PKCS12)", config(withTls, tls("pass:hunter2"), p, p));
        assertError("g.toml:4: tls.keystore: cannot read TLS keystore " + dir.resolve("nowhere.p12") + " (PKCS12)",
            config(withTls, tls("env:VX_GW_TLS").replace(keystore.toString(), dir.resolve("nowhere.p12").toString()), p, p));
        final Path wrong = dir.resolve("wrong-password");
        Files.writeString(wrong, "hunter2\n");
        assertError("g.toml:6: tls.truststore: cannot read TLS truststore " + truststore + " (JKS)",
            config(withTls, tls("env:VX_GW_TLS").replace(passwordFile.toString(), wrong.toString()), p, p));
        assertError("g.toml:6: tls.truststore_password: is only used with tls.truststore",
            config(withTls, "[tls]\nkeystore = '" + keystore + "'\nkeystore_password = \"env:VX_GW_TLS\"\ntruststore_password = \"pass:x\"\n", p, p));
        assertError("g.toml:7: tls.cert: unknown key", config(withTls, tls("env:VX_GW_TLS").replace("truststore_password", "cert"), p, p));
    }

    @Test
    void aLaterProblemWithATlsKeyStillPointsAtItsLine() throws Exception
    {
        final Path file = dir.resolve("g.toml");
        Files.writeString(file, config(ALL_THREE, tls("env:VX_GW_TLS"), "sip:127.0.0.1:5070", "sip:127.0.0.1:5070"));
        assertEquals(file + ":4: tls.keystore", GatewayConfigLoader.where(file, "tls.keystore"));
        assertEquals(keystore, GatewayConfigLoader.load(file, ENV).tls().keystorePath());
    }
}
