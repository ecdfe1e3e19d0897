package io.voxline.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * sipvicious against `voxline proxy --users`: svwar must enumerate no users, svcrack must find no password of a
 * real user in its default run. Every run's output is kept in target/interop/sipvicious/. Always with
 * -b 127.0.0.1 -x 127.0.0.1, never -R (reports to the internet) or -A (looks up an external address).
 *
 * <p>The proxy runs with --rate-limit 0, so the tools go at full speed and what they learn rests on the answers
 * alone, not on throttling. Users 101 and 150 have long passwords; 102 has "555", inside svcrack's default range
 * 100-999, as a control that svcrack, as run here, does find a weak password. User 150 has a phone registered (a
 * socket of the test), which no scan may ring.
 */
class SipviciousTest
{
    private static final String DOMAIN = "a.test";
    private static final Path DIR = Path.of("target", "interop", "sipvicious").toAbsolutePath();
    /** How svwar and svcrack report a find. */
    private static final Pattern FOUND_EXTENSION = Pattern.compile("extension '([^']*)' (exists|probably exists)");
    private static final Pattern TABLE_ROW = Pattern.compile("(?m)^\\|\\s*(\\S+)\\s*\\|\\s*(\\S+)\\s*\\|\\s*$");

    private static final String PASSWORD_150 = "another long one, 77 of them";

    private static ProxyProcess proxy;
    private static int port;
    private static DatagramSocket phone150;

    @BeforeAll
    static void startProxy() throws Exception
    {
        if (!Tools.installed("svwar") || !Tools.installed("svcrack"))
        {
            return; // each test says so (assumeTools)
        }
        Files.createDirectories(DIR);
        final Path users = DIR.resolve("users.txt");
        Files.writeString(users,
            "101:Kettle-Harbor-Quartz-71\n" +
            "150:" + PASSWORD_150 + "\n" +
            "102:555\n", StandardCharsets.UTF_8);
        port = Ports.free();
        proxy = ProxyProcess.start(DIR, "proxy",
            List.of("--listen", "udp:127.0.0.1:" + port, "--domain", DOMAIN, "--users", users.toString(), "--rate-limit", "0"));
        phone150 = new DatagramSocket(new InetSocketAddress(Ports.HOST, 0));
        registerPhone150();
    }

    @BeforeEach
    void assumeTools()
    {
        Tools.assumeInstalled("svwar", "sipvicious");
        Tools.assumeInstalled("svcrack", "sipvicious");
    }

    @AfterAll
    static void stopProxy() throws InterruptedException
    {
        if (phone150 != null)
        {
            phone150.close();
        }
        if (proxy != null)
        {
            proxy.close();
        }
    }

    @Test
    void svwarEnumeratesNoUsers() throws Exception
    {
        for (final String method : List.of("REGISTER", "OPTIONS", "INVITE"))
        {
            // as it comes: svwar checks first how an extension that cannot exist is answered
            final String plain = run("svwar-" + method, 30, "svwar", "-v", "-b", "127.0.0.1", "-x", "127.0.0.1",
                "-P", Integer.toString(Ports.free()), "-p", Integer.toString(port), "-m", method, "-e", "100-199", "127.0.0.1");
            assertNothingFound(plain);
            assertTrue(plain.contains("replied with an authentication request for an unknown extension"), plain);

            // told to go on anyway, with the proxy's own domain (the realm of its challenges)
            final String forced = run("svwar-" + method + "-force", 60, "svwar", "-v", "-b", "127.0.0.1", "-x", "127.0.0.1",
                "-P", Integer.toString(Ports.free()), "-p", Integer.toString(port), "-m", method, "-e", "100-199",
                "--force", "--domain", DOMAIN, "127.0.0.1");
            assertNothingFound(forced);
        }
        assertPhoneNotRung();
    }

    /**
     * svwar stops at the first answer that looks like the one for an extension that cannot exist, so it probes
     * few; the same requests for every extension of its range show there is nothing to tell them apart by.
     */
    @Test
    void aUserWhoExistsIsAnsweredLikeOneWhoDoesNot() throws Exception
    {
        for (final String method : List.of("REGISTER", "OPTIONS", "INVITE"))
        {
            final String existing = shape(probe(method, "101"));
            assertTrue(existing.startsWith("SIP/2.0 40"), existing);
            for (int ext = 100; ext <= 199; ext++)
            {
                assertEquals(existing, shape(probe(method, Integer.toString(ext))), method + " for " + ext + " vs 101");
            }
        }
        assertPhoneNotRung();
    }

    @Test
    void svcrackFindsNoPasswordOfARealUser() throws Exception
    {
        // straight at the proxy: svcrack reads the first challenge, SHA-256, and cannot compute it
        final String direct = run("svcrack-101-direct", 30, "svcrack", "-b", "127.0.0.1", "-x", "127.0.0.1",
            "-P", Integer.toString(Ports.free()), "-p", Integer.toString(port), "-u", "101", "--domain", DOMAIN, "127.0.0.1");
        assertNoPassword(direct);

        // as an MD5 client (ChallengeFilter), its whole default range 100-999
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final String md5 = run("svcrack-101-md5", 60, "svcrack", "-v", "-b", "127.0.0.1", "-x", "127.0.0.1",
                "-P", Integer.toString(Ports.free()), "-p", Integer.toString(filter.port()), "-u", "101", "--domain", DOMAIN, "127.0.0.1");
            assertNoPassword(md5);
            assertEquals(0, filter.responses(200), md5);
            assertTrue(filter.responses(401) >= 900, "every guess of 100-999 was answered with a new challenge, " +
                filter.responses(401) + " challenges:\n" + md5);
        }
    }

    @Test
    void svcrackAsRunHereDoesFindAWeakPassword() throws Exception
    {
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final String out = run("svcrack-102-control", 60, "svcrack", "-b", "127.0.0.1", "-x", "127.0.0.1",
                "-P", Integer.toString(Ports.free()), "-p", Integer.toString(filter.port()), "-u", "102", "--domain", DOMAIN, "127.0.0.1");
            assertTrue(rows(out).contains("102=555"), "the control password was found:\n" + out);
            assertTrue(filter.responses(200) >= 1, out);
        }
    }

    /** Registers 150 with SHA-256 credentials computed here, Contact the phone socket; asserts the 200. */
    private static void registerPhone150() throws IOException
    {
        final String nonce = Digest.nonce(port, DOMAIN);
        final String credentials = Digest.credentials("SHA-256", Digest.ha1("SHA-256", "150", DOMAIN, PASSWORD_150),
            "150", DOMAIN, nonce, "REGISTER", "sip:" + DOMAIN);
        final String local = Ports.HOST + ":" + phone150.getLocalPort();
        final String register = "REGISTER sip:" + DOMAIN + " SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bKphone150;rport\r\n" +
            "From: <sip:150@" + DOMAIN + ">;tag=p150\r\n" +
            "To: <sip:150@" + DOMAIN + ">\r\n" +
            "Call-ID: phone150@" + Ports.HOST + "\r\n" +
            "CSeq: 1 REGISTER\r\n" +
            "Contact: <sip:150@" + local + ">\r\n" +
            "Authorization: " + credentials + "\r\n" +
            "Expires: 600\r\n" +
            "Max-Forwards: 70\r\n" +
            "Content-Length: 0\r\n\r\n";
        final byte[] out = register.getBytes(StandardCharsets.UTF_8);
        phone150.setSoTimeout(2_000);
        phone150.send(new DatagramPacket(out, out.length, new InetSocketAddress(Ports.HOST, port)));
        final byte[] in = new byte[8192];
        final DatagramPacket p = new DatagramPacket(in, in.length);
        phone150.receive(p);
        final String answer = new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1);
        assertTrue(answer.startsWith("SIP/2.0 200"), "150's phone registered:\n" + answer);
    }

    /** Nothing reached 150's phone: no scan got through to a registered user. */
    private static void assertPhoneNotRung() throws IOException
    {
        phone150.setSoTimeout(200);
        final byte[] in = new byte[8192];
        final List<String> received = new ArrayList<>();
        try
        {
            while (true)
            {
                final DatagramPacket p = new DatagramPacket(in, in.length);
                phone150.receive(p);
                received.add(new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1));
            }
        }
        catch (final SocketTimeoutException drained)
        {
            assertEquals(List.of(), received, "requests reached 150's registered phone");
        }
    }

    private static void assertNothingFound(final String out)
    {
        final Matcher m = FOUND_EXTENSION.matcher(out);
        assertFalse(m.find(), "svwar found an extension:\n" + out);
        assertEquals(List.of(), rows(out), "svwar's result table:\n" + out);
        assertTrue(out.contains("found nothing"), out);
        assertFalse(out.contains("No server response"), "svwar never reached the proxy:\n" + out);
    }

    private static void assertNoPassword(final String out)
    {
        assertFalse(out.contains("The password for"), out);
        assertEquals(List.of(), rows(out), "svcrack's result table:\n" + out);
    }

    /** The rows of a result table (|EXT|VALUE|) as EXT=VALUE, without the heading. */
    private static List<String> rows(final String out)
    {
        final List<String> rows = new ArrayList<>();
        final Matcher m = TABLE_ROW.matcher(out);
        while (m.find())
        {
            if (!m.group(1).equals("Extension"))
            {
                rows.add(m.group(1) + "=" + m.group(2));
            }
        }
        return rows;
    }

    /** Runs a sipvicious command for at most seconds; its output (also kept in DIR/name.log). */
    private static String run(final String name, final int seconds, final String... cmd) throws IOException, InterruptedException
    {
        final Path log = DIR.resolve(name + ".log");
        Files.writeString(DIR.resolve(name + ".command.txt"), String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
        final Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS))
        {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            Files.writeString(log, "\n(stopped by the test after " + seconds + " s)\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** What svwar sends for ext (its shape: From = To = ext, Contact ext), and the first final answer. */
    private static String probe(final String method, final String ext) throws IOException
    {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Ports.HOST, 0)))
        {
            s.setSoTimeout(2_000);
            final String local = Ports.HOST + ":" + s.getLocalPort();
            final String request = method + " sip:" + ext + "@" + DOMAIN + " SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK" + method + ext + s.getLocalPort() + ";rport\r\n" +
                "Max-Forwards: 70\r\n" +
                "To: \"" + ext + "\"<sip:" + ext + "@" + DOMAIN + ">\r\n" +
                "From: \"" + ext + "\"<sip:" + ext + "@" + DOMAIN + ">;tag=" + ext + "x\r\n" +
                "Call-ID: " + method + ext + "-" + s.getLocalPort() + "\r\n" +
                "CSeq: 1 " + method + "\r\n" +
                "Contact: <sip:" + ext + "@" + local + ">\r\n" +
                "Content-Length: 0\r\n\r\n";
            final byte[] out = request.getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(out, out.length, new InetSocketAddress(Ports.HOST, port)));
            final byte[] in = new byte[8192];
            while (true)
            {
                final DatagramPacket p = new DatagramPacket(in, in.length);
                s.receive(p);
                final String answer = new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (!answer.startsWith("SIP/2.0 1"))
                {
                    return answer;
                }
            }
        }
    }

    /** An answer with what must differ between requests blanked: the tags, nonces, Call-ID, CSeq, From/To users. */
    private static String shape(final String answer)
    {
        final StringBuilder b = new StringBuilder();
        for (final String line : answer.split("\r\n"))
        {
            final String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("via:") || lower.startsWith("call-id:") || lower.startsWith("from:") || lower.startsWith("to:"))
            {
                b.append(line, 0, line.indexOf(':')).append(": …\n");
                continue;
            }
            b.append(line.replaceAll("nonce=\"[^\"]*\"", "nonce=…")).append('\n');
        }
        return b.toString();
    }
}
