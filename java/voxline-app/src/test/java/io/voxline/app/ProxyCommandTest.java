package io.voxline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;

/** The proxy's command line as a ProxyConfig: rate limits, the users file, and their errors. */
class ProxyCommandTest
{
    @TempDir
    Path dir;

    private static ProxyCommand parse(final String... args)
    {
        final ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args);
        return command;
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
