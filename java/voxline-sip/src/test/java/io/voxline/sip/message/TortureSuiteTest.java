package io.voxline.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.voxline.sip.parse.BufferView;

/**
 * Every message of the torture suite (tests/system/src/test/resources/torture: our own messages for each case
 * of RFC 4475 and RFC 5118, described in manifest.txt) through {@link SipMessage#parse}: the outcome, the
 * reason of a rejection, whether it is answerable, and the fields the manifest names. The system tests send
 * the same files to a running proxy and gateway.
 */
class TortureSuiteTest
{
    /** Every case of RFC 4475 (§3.1.1 to §3.4.1) and RFC 5118 (§4.1 to §4.10): the suite must hold them all. */
    private static final Set<String> RFC_CASES = Set.of(
        "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports", "mpart01",
        "unreason", "noreason", "badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal", "ltgtruri", "lwsruri", "lwsstart",
        "trws", "escruri", "baddate", "regbadct", "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode",
        "badbranch", "insuf", "unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "multi01", "mcl01", "bcast", "zeromf",
        "cparam01", "cparam02", "regescrt", "sdp01", "inv2543",
        "ipv6-good", "ipv6-bad", "port-ambiguous", "port-unambiguous", "via-received-param-with-delim",
        "via-received-param-no-delim", "ipv6-in-sdp", "mult-ip-in-header", "mult-ip-in-sdp", "ipv4-mapped-ipv6",
        "ipv6-bug-abnf-3-colons", "ipv6-correct-abnf-2-colons");

    /** One block of the manifest. */
    record Case(String name, Map<String, String> fields, List<String> checks)
    {
        String get(final String key)
        {
            return fields.get(key);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    static Path directory()
    {
        final Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return base.resolve("../../tests/system/src/test/resources/torture").normalize();
    }

    static List<Case> cases()
    {
        try
        {
            final List<Case> out = new ArrayList<>();
            String name = null;
            Map<String, String> fields = null;
            List<String> checks = null;
            for (final String raw : Files.readAllLines(directory().resolve("manifest.txt"), StandardCharsets.UTF_8))
            {
                final String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#"))
                {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]"))
                {
                    if (name != null)
                    {
                        out.add(new Case(name, fields, checks));
                    }
                    name = line.substring(1, line.length() - 1);
                    fields = new LinkedHashMap<>();
                    checks = new ArrayList<>();
                    continue;
                }
                final int eq = line.indexOf(" = ");
                final String key = line.substring(0, eq);
                final String value = line.substring(eq + 3);
                if (key.equals("check"))
                {
                    checks.add(value);
                }
                else
                {
                    fields.put(key, value);
                }
            }
            if (name != null)
            {
                out.add(new Case(name, fields, checks));
            }
            return out;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static byte[] bytes(final Case c)
    {
        try
        {
            return Files.readAllBytes(directory().resolve(c.name() + ".dat"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void theSuiteCoversEveryRfcCaseAndEveryFileIsDescribed() throws IOException
    {
        final Set<String> described = cases().stream().map(Case::name).collect(Collectors.toCollection(TreeSet::new));
        final Set<String> missing = new TreeSet<>(RFC_CASES);
        missing.removeAll(described);
        assertTrue(missing.isEmpty(), "no message for " + missing);
        try (Stream<Path> files = Files.list(directory()))
        {
            final Set<String> dat = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".dat"))
                .map(f -> f.substring(0, f.length() - 4)).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(described, dat, "one manifest block per .dat file");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachMessageGivesTheOutcomeItsCaseExpects(final Case c)
    {
        final byte[] data = bytes(c);
        // inside a larger buffer, as a ring slot holds a datagram
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[data.length + 2 * Messages.PAD]);
        buf.putBytes(Messages.PAD, data);
        final SipMessage m = new SipMessage();
        final boolean ok = m.parse(buf, Messages.PAD, data.length);
        final String outcome = c.get("outcome");
        switch (outcome)
        {
            case "parse-ok", "semantic" ->
            {
                assertTrue(ok, () -> c + " refused: " + m.errorReason());
                assertEquals(m.isRequest() && m.method() != SipMethod.ACK, m.isAnswerable());
            }
            case "reject-400", "reject-505" ->
            {
                assertFalse(ok, c + " accepted");
                assertEquals(ParseError.valueOf(c.get("error")), m.error(), c.name());
                assertEquals(c.get("reason"), m.errorReason(), c.name());
                assertEquals(outcome.equals("reject-505") ? 505 : 400, m.errorStatus());
                assertEquals(Boolean.parseBoolean(c.get("answerable")), m.isAnswerable(), c + " answerable");
                if (m.isAnswerable())
                {
                    final UnsafeBuffer out = new UnsafeBuffer(new byte[8192]);
                    final int len = SipResponses.writeParseError(new SipMessageWriter().wrap(out, 0), m, "192.0.2.99", 5060);
                    final SipMessage answer = new SipMessage();
                    assertTrue(len > 0 && answer.parse(out, 0, len), c + ": the answer parses");
                    assertEquals(m.errorStatus(), answer.statusCode());
                    assertTrue(answer.reasonPhrase().contentEquals(c.get("reason")));
                }
            }
            default -> throw new AssertionError(c + ": unknown outcome " + outcome);
        }
        for (final String check : c.checks())
        {
            final int eq = check.indexOf('=');
            final String key = check.substring(0, eq);
            assertEquals(check.substring(eq + 1), actual(m, key), c + ": " + key);
        }
    }

    // ------------------------------------------------------------------------------------------ field checks

    private static final UnsafeBuffer SCRATCH = new UnsafeBuffer(new byte[8192]);

    /** The value of a manifest key in m, as text; an absent value is "". */
    static String actual(final SipMessage m, final String key)
    {
        final String[] k = key.split("\\.");
        switch (k[0])
        {
            case "method":
                return k.length == 1 ? m.methodName().toString() : m.method().name();
            case "ruri":
                return uri(m.parsedRequestUri(), k, 1);
            case "to":
                return address(m.to(), k, 1);
            case "from":
                return address(m.from(), k, 1);
            case "maxforwards":
                return String.valueOf(m.maxForwards());
            case "cseq":
                return k.length == 1 ? String.valueOf(m.cseqNumber()) : m.cseqMethodName().toString();
            case "callid":
                return m.callId().toString();
            case "status":
                return String.valueOf(m.statusCode());
            case "reason":
                return k.length == 1 ? m.reasonPhrase().toString() : m.reasonPhrase().toUtf8String();
            case "body":
                return String.valueOf(m.bodyLength());
            case "length":
                return String.valueOf(m.length());
            case "via":
                return via(m, k);
            case "contact":
                return contact(m, k);
            case "header":
                return String.valueOf(countNamed(m, key.substring("header.".length(), key.length() - ".count".length())));
            case "elements":
                return String.valueOf(new HeaderElements().count(m, HeaderName.lookup(key.substring("elements.".length()))));
            case "mpart":
                return multipart(m, k);
            default:
                throw new AssertionError("unknown check key " + key);
        }
    }

    private static int countNamed(final SipMessage m, final String name)
    {
        int n = 0;
        for (int i = m.find(name); i >= 0; i = m.findNext(name, i))
        {
            n++;
        }
        return n;
    }

    private static String via(final SipMessage m, final String[] k)
    {
        if (k[1].equals("count"))
        {
            return String.valueOf(m.count(HeaderName.VIA));
        }
        final Via v = new Via();
        assertTrue(v.parse(m, nth(m, HeaderName.VIA, Integer.parseInt(k[1]))));
        switch (k[2])
        {
            case "branch":
                return text(v.branch());
            case "transport":
                return v.transport().toString();
            case "host":
                return v.host().toString();
            case "port":
                return String.valueOf(v.port());
            case "received":
                return k.length == 3 ? text(v.received()) : text(v.receivedAddress(new BufferView()));
            default:
                throw new AssertionError("unknown via key " + k[2]);
        }
    }

    private static String contact(final SipMessage m, final String[] k)
    {
        if (k[1].equals("count"))
        {
            return String.valueOf(m.count(HeaderName.CONTACT));
        }
        final NameAddr a = new NameAddr();
        assertTrue(a.parse(m, nth(m, HeaderName.CONTACT, Integer.parseInt(k[1]))));
        if (k[2].equals("q"))
        {
            return String.valueOf(a.q());
        }
        if (k[2].equals("param"))
        {
            return text(a.param(k[3]));
        }
        if (k[2].equals("header") && k[3].equals("params"))
        {
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < a.params().count(); i++)
            {
                sb.append(i == 0 ? "" : ",").append(a.params().name(i));
            }
            return sb.toString();
        }
        return address(a, k, 2);
    }

    private static int nth(final SipMessage m, final HeaderName h, final int n)
    {
        int i = m.first(h);
        for (int k = 0; k < n; k++)
        {
            i = m.next(h, i);
        }
        return i;
    }

    private static String address(final NameAddr a, final String[] k, final int at)
    {
        switch (k[at])
        {
            case "tag":
                return text(a.tag());
            case "display":
                if (k.length == at + 1)
                {
                    return text(a.displayName());
                }
                final int n = a.displayName().unescapeTo(SCRATCH, 0);
                return k.length == at + 2 ? SCRATCH.getStringWithoutLengthAscii(0, n) : hex(n);
            default:
                return uri(a.uri(), k, at);
        }
    }

    private static String uri(final SipUri u, final String[] k, final int at)
    {
        assertNotNull(u);
        switch (k[at])
        {
            case "scheme":
                return u.schemeName().toString();
            case "user":
                if (k.length == at + 1)
                {
                    return text(u.user());
                }
                final int n = u.user().decodeTo(SCRATCH, 0);
                return k.length == at + 2 ? new String(bytes(n), StandardCharsets.ISO_8859_1) : hex(n);
            case "password":
                return text(u.password());
            case "host":
                return text(u.host());
            case "hosttype":
                return u.hostType().name();
            case "port":
                return String.valueOf(u.port());
            case "params":
                return String.valueOf(u.params().count());
            case "lr":
                return String.valueOf(u.isLooseRouting());
            case "uri":
                return uri(u, k, at + 1);
            case "param":
            {
                if (k[at + 2].equals("present"))
                {
                    return String.valueOf(u.hasParam(k[at + 1]));
                }
                final int d = u.param(k[at + 1]).decodeTo(SCRATCH, 0);
                return new String(bytes(d), StandardCharsets.ISO_8859_1);
            }
            case "header":
            {
                final int d = u.header(k[at + 1]).decodeTo(SCRATCH, 0);
                return new String(bytes(d), StandardCharsets.ISO_8859_1);
            }
            default:
                throw new AssertionError("unknown uri key " + k[at]);
        }
    }

    private static String multipart(final SipMessage m, final String[] k)
    {
        final MultipartBody parts = new MultipartBody();
        assertTrue(parts.wrap(m));
        int n = 0;
        final int wanted = k[1].equals("parts") || k[1].equals("complete") ? -1 : Integer.parseInt(k[1]);
        while (parts.next())
        {
            if (n++ == wanted)
            {
                switch (k[2])
                {
                    case "type":
                        return text(parts.partContentType());
                    case "body":
                        if (k.length == 4)
                        {
                            return String.valueOf(parts.partBodyLength());
                        }
                        final byte[] b = new byte[parts.partBodyLength()];
                        m.buffer().getBytes(parts.partBodyOffset(), b);
                        return new String(b, StandardCharsets.ISO_8859_1);
                    default:
                        throw new AssertionError("unknown mpart key " + k[2]);
                }
            }
        }
        return k[1].equals("complete") ? String.valueOf(parts.isComplete()) : String.valueOf(n);
    }

    private static byte[] bytes(final int n)
    {
        final byte[] b = new byte[n];
        SCRATCH.getBytes(0, b);
        return b;
    }

    private static String hex(final int n)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes(n))
        {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }

    private static String text(final BufferView v)
    {
        return v == null ? "" : v.toString();
    }
}
