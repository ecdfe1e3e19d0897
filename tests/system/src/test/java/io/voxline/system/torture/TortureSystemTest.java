package io.voxline.system.torture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.gateway.Gateway;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayOptions;
import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;
import io.voxline.sip.message.HeaderElements;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.transport.PacketTap;

/**
 * The torture suite (our own messages for every case of RFC 4475 and RFC 5118, src/test/resources/torture) sent
 * over real UDP on 127.0.0.1 to a running proxy and to a running gateway on the mock board. Each answer is
 * checked against the manifest (400/505 with the parser's reason phrase, the semantic status, or silence), and
 * after every case an OPTIONS must still be answered 200. Nothing may be sent anywhere but 127.0.0.1: a tap on
 * each element checks it (RFC 4475 bcast names the broadcast address).
 *
 * <p>The peer is this test's socket: the sent-by of each request's top Via is rewritten to its address (a real
 * peer's Via names itself), nothing else. A final non-2xx answer to an INVITE is ACKed, and an INVITE left ringing
 * is CANCELled, as a user agent would. Responses are told apart by Call-ID, so a late retransmission of an earlier
 * case's answer is not taken for this one's.
 */
class TortureSystemTest
{
    private static final Pattern TOP_VIA = Pattern.compile(
        "(\\n(?:via|v)[ \\t]*:\\s*SIP\\s*/\\s*[0-9.]+\\s*/\\s*[A-Za-z0-9-]+\\s+)(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(\\s*:\\s*[0-9]+)?",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern CALL_ID = Pattern.compile("\\n(?:call-id|i)[ \\t]*:[ \\t]*(\\S+)", Pattern.CASE_INSENSITIVE);
    private static final long ANSWER_MS = 3_000;
    private static final long SILENCE_MS = 500;
    private static final long RINGING_MS = 1_000;

    @TempDir
    Path journal;

    @Test
    void everyCaseAgainstTheProxy() throws IOException
    {
        final List<TortureCase> cases = TortureCase.all();
        final Set<InetSocketAddress> offBox = new LinkedHashSet<>();
        final ProxyConfig config = new ProxyConfig(List.of(new InetSocketAddress("127.0.0.1", 0)), domains(cases), List.of(), true);
        try (ProxyServer proxy = ProxyServer.start(config, loopbackOnly(offBox)))
        {
            run("proxy", proxy.listenAddresses().get(0), cases, offBox);
        }
    }

    @Test
    void everyCaseAgainstTheGateway() throws IOException
    {
        final List<TortureCase> cases = TortureCase.all();
        final Set<InetSocketAddress> offBox = new LinkedHashSet<>();
        // the line registers with a socket of ours that never answers: its registration is not under test
        try (DatagramSocket registrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            Board board = Boards.open("mock:lines=1,region=us"))
        {
            final InetSocketAddress registrarAddress = (InetSocketAddress)registrar.getLocalSocketAddress();
            final GatewayConfig config = new GatewayConfig(new InetSocketAddress("127.0.0.1", 0), "mock:lines=1,region=us",
                List.of(new GatewayConfig.Line(1, "j.user", "example.com", registrarAddress, null, "Torture")),
                new GatewayConfig.Media("127.0.0.1", 17_100, 17_199, List.of("PCMU", "PCMA")),
                journal, GatewayConfig.Dialing.DEFAULT, 3600);
            final PacketTap sip = loopbackOnly(offBox);
            final GatewayOptions options = GatewayOptions.DEFAULT.withSipTap(sip)
                .withRtpTap((source, destination, buffer, offset, length) -> sip.onPacket(source, destination, buffer, offset, length));
            try (Gateway gateway = Gateway.start(config, board, options))
            {
                run("gateway", gateway.sipAddress(), cases, offBox);
            }
        }
    }

    /** The proxy serves every host the valid requests name, so it routes none of them off the machine. */
    private static List<String> domains(final List<TortureCase> cases)
    {
        final Set<String> domains = new LinkedHashSet<>(List.of("example.com"));
        final SipMessage m = new SipMessage();
        for (final TortureCase c : cases)
        {
            final UnsafeBuffer b = new UnsafeBuffer(c.bytes());
            if (c.isRequest() && m.parse(b, 0, b.capacity()) && m.parsedRequestUri() != null && m.parsedRequestUri().host() != null)
            {
                domains.add(m.parsedRequestUri().host().toString());
            }
        }
        return List.copyOf(domains);
    }

    private static PacketTap loopbackOnly(final Set<InetSocketAddress> offBox)
    {
        return (source, destination, buffer, offset, length) ->
        {
            if (!destination.getAddress().isLoopbackAddress())
            {
                synchronized (offBox)
                {
                    offBox.add(destination);
                }
            }
        };
    }

    private void run(final String element, final InetSocketAddress target, final List<TortureCase> cases,
        final Set<InetSocketAddress> offBox) throws IOException
    {
        final List<String> failures = new ArrayList<>();
        final List<String> report = new ArrayList<>();
        try (Peer peer = new Peer(target))
        {
            for (final TortureCase c : cases)
            {
                final TortureCase.Expectation expected = c.expectation(element);
                final Outcome outcome = peer.send(c, expected);
                final String verdict = judge(c, expected, outcome);
                report.add(String.format("%-30s %-28s %s", c.name(), outcome, verdict == null ? "ok" : "FAIL " + verdict));
                if (verdict != null)
                {
                    failures.add(c.name() + ": " + verdict);
                }
                final String alive = peer.probe();
                if (alive != null)
                {
                    failures.add(c.name() + ": after it, " + alive);
                }
            }
        }
        System.out.println("torture suite against the " + element + " at " + target + ":");
        report.forEach(line -> System.out.println("  " + line));
        synchronized (offBox)
        {
            assertTrue(offBox.isEmpty(), "the " + element + " sent datagrams off the machine: " + offBox);
        }
        assertTrue(failures.isEmpty(), element + ":\n  " + String.join("\n  ", failures));
    }

    private static String judge(final TortureCase c, final TortureCase.Expectation expected, final Outcome outcome)
    {
        if (expected.none())
        {
            return outcome.status == 0 ? null : "answered " + outcome + " where no answer is due";
        }
        if (outcome.status == 0)
        {
            return "no answer, expected " + expected;
        }
        if (!expected.accepts(outcome.status))
        {
            return "answered " + outcome + ", expected " + expected;
        }
        if (expected.reason() != null && !expected.reason().equals(outcome.reason))
        {
            return "reason phrase \"" + outcome.reason + "\", expected \"" + expected.reason() + "\"";
        }
        if (expected.unsupported() != null && outcome.status == 420 && !expected.unsupported().equals(outcome.unsupported))
        {
            return "Unsupported: " + outcome.unsupported + ", expected " + expected.unsupported();
        }
        if (expected.accept() != null && !listed(outcome.accept, expected.accept()))
        {
            return "Accept: " + outcome.accept + ", expected it to list " + expected.accept();
        }
        if (expected.warning() != null && !warns(outcome.warning, expected.warning()))
        {
            return "Warning: " + outcome.warning + ", expected warn-code " + expected.warning();
        }
        return null;
    }

    /** Whether the comma-separated list names value (media parameters aside, without case). */
    private static boolean listed(final String list, final String value)
    {
        if (list == null)
        {
            return false;
        }
        for (final String element : list.split(","))
        {
            final String bare = element.strip();
            final int semi = bare.indexOf(';');
            if ((semi < 0 ? bare : bare.substring(0, semi).strip()).equalsIgnoreCase(value))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether one of the Warning values carries warn-code code. */
    private static boolean warns(final String warnings, final String code)
    {
        if (warnings == null)
        {
            return false;
        }
        for (final String w : warnings.split(","))
        {
            if (w.strip().startsWith(code + " "))
            {
                return true;
            }
        }
        return false;
    }

    /** What an element answered: the final status (0: none), or the provisional one an INVITE was cancelled at. */
    static final class Outcome
    {
        int status;
        String reason = "";
        String unsupported;
        String accept;
        String warning;
        boolean cancelled;

        @Override
        public String toString()
        {
            return status == 0 ? "(no answer)" : status + " " + reason + (cancelled ? " (cancelled)" : "");
        }
    }

    /** This test as a SIP peer: one UDP socket on 127.0.0.1. */
    private static final class Peer implements AutoCloseable
    {
        private final DatagramSocket socket;
        private final InetSocketAddress target;
        private final String sentBy;
        private final Set<String> callIds = new HashSet<>();
        private final byte[] receiveBuffer = new byte[65_535];
        private final UnsafeBuffer out = new UnsafeBuffer(new byte[65_535]);
        private final SipMessageWriter writer = new SipMessageWriter();
        private int probes;

        Peer(final InetSocketAddress target) throws IOException
        {
            this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            this.target = target;
            this.sentBy = "127.0.0.1:" + socket.getLocalPort();
        }

        Outcome send(final TortureCase c, final TortureCase.Expectation expected) throws IOException
        {
            final byte[] bytes = c.isRequest() ? rewriteTopVia(c.bytes()) : c.bytes();
            final String text = new String(bytes, StandardCharsets.ISO_8859_1);
            final Matcher id = CALL_ID.matcher(text);
            final String callId = id.find() ? id.group(1) : null;
            final SipMessage sent = new SipMessage();
            final boolean valid = sent.parse(new UnsafeBuffer(bytes), 0, bytes.length);
            final boolean invite = valid && sent.method() == SipMethod.INVITE;
            socket.send(new DatagramPacket(bytes, bytes.length, target));

            final Outcome outcome = new Outcome();
            final long deadline = System.currentTimeMillis() + (expected.none() ? SILENCE_MS : ANSWER_MS);
            long ringingSince = 0;
            while (true)
            {
                final long now = System.currentTimeMillis();
                long wait = deadline - now;
                if (ringingSince > 0)
                {
                    wait = Math.min(wait, ringingSince + RINGING_MS - now);
                }
                final SipMessage answer = wait > 0 ? receive(wait, callId) : null;
                if (answer == null)
                {
                    if (ringingSince > 0)
                    {
                        // an INVITE that rings: hang it up as its caller would, and take the ringing as the answer
                        cancel(sent, outcome, callId);
                    }
                    break;
                }
                final int status = answer.statusCode();
                if (status < 200)
                {
                    if (status > 100 && invite && ringingSince == 0)
                    {
                        ringingSince = System.currentTimeMillis();
                        outcome.status = status;
                        outcome.reason = answer.reasonPhrase().toString();
                    }
                    continue;
                }
                outcome.status = status;
                outcome.reason = answer.reasonPhrase().toUtf8String();
                outcome.unsupported = elements(answer, HeaderName.UNSUPPORTED);
                outcome.accept = elements(answer, HeaderName.ACCEPT);
                outcome.warning = elements(answer, HeaderName.WARNING);
                if (invite)
                {
                    ack(sent, answer);
                }
                break;
            }
            if (callId != null)
            {
                callIds.add(callId);
            }
            return outcome;
        }

        /** OPTIONS to the element; null when it answered 200, else what went wrong. */
        String probe() throws IOException
        {
            final String callId = "probe-" + (++probes) + "-" + System.nanoTime();
            final String host = target.getAddress().getHostAddress() + ":" + target.getPort();
            final String options = "OPTIONS sip:" + host + " SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP " + sentBy + ";branch=z9hG4bKprobe" + probes + "x" + System.nanoTime() + "\r\n" +
                "Max-Forwards: 70\r\nFrom: <sip:probe@" + sentBy + ">;tag=p" + probes + "\r\nTo: <sip:" + host + ">\r\n" +
                "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            final byte[] b = options.getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(b, b.length, target));
            final long deadline = System.currentTimeMillis() + ANSWER_MS;
            long wait;
            while ((wait = deadline - System.currentTimeMillis()) > 0)
            {
                final SipMessage answer = receive(wait, callId);
                if (answer != null && answer.statusCode() >= 200)
                {
                    callIds.add(callId);
                    return answer.statusCode() == 200 ? null : "OPTIONS answered " + answer.statusCode();
                }
            }
            return "OPTIONS not answered: the element stopped answering";
        }

        /** The next response with this Call-ID (or, without one, with no Call-ID seen before); null at the timeout. */
        private SipMessage receive(final long waitMs, final String callId) throws IOException
        {
            final long deadline = System.currentTimeMillis() + waitMs;
            long wait;
            while ((wait = deadline - System.currentTimeMillis()) > 0)
            {
                socket.setSoTimeout((int)Math.max(1, wait));
                final DatagramPacket p = new DatagramPacket(receiveBuffer, receiveBuffer.length);
                try
                {
                    socket.receive(p);
                }
                catch (final SocketTimeoutException ex)
                {
                    return null;
                }
                final SipMessage m = new SipMessage();
                if (!m.parse(new UnsafeBuffer(receiveBuffer.clone()), 0, p.getLength()) || !m.isResponse())
                {
                    throw new AssertionError("the element sent something that is not a valid response (" + m.errorReason() + "):\n" +
                        new String(receiveBuffer, 0, p.getLength(), StandardCharsets.ISO_8859_1));
                }
                final String id = m.callId().toString();
                if (callId != null ? id.equals(callId) : !callIds.contains(id))
                {
                    return m;
                }
            }
            return null;
        }

        private byte[] rewriteTopVia(final byte[] original)
        {
            final String text = new String(original, StandardCharsets.ISO_8859_1);
            final Matcher m = TOP_VIA.matcher(text);
            if (!m.find())
            {
                return original;
            }
            return (text.substring(0, m.start(2)) + sentBy + text.substring(m.end())).getBytes(StandardCharsets.ISO_8859_1);
        }

        /** The ACK a client transaction sends for a final non-2xx answer to its INVITE (RFC 3261 17.1.1.3). */
        private void ack(final SipMessage invite, final SipMessage answer) throws IOException
        {
            if (answer.statusCode() >= 300 && SipRequests.writeAckForNon2xx(writer.wrap(out, 0), invite, answer))
            {
                sendOut(writer.endHeaders());
            }
        }

        /** CANCEL the ringing INVITE, wait for its 487 (the outcome stays the provisional status) and ACK it. */
        private void cancel(final SipMessage invite, final Outcome outcome, final String callId) throws IOException
        {
            outcome.cancelled = true;
            if (!SipRequests.writeCancel(writer.wrap(out, 0), invite))
            {
                return;
            }
            sendOut(writer.endHeaders());
            final long deadline = System.currentTimeMillis() + ANSWER_MS;
            long wait;
            while ((wait = deadline - System.currentTimeMillis()) > 0)
            {
                final SipMessage answer = receive(wait, callId);
                if (answer != null && answer.cseqMethod() == SipMethod.INVITE && answer.statusCode() >= 300)
                {
                    ack(invite, answer);
                    return;
                }
            }
            throw new AssertionError("a cancelled INVITE got no final answer");
        }

        private void sendOut(final int len) throws IOException
        {
            if (len > 0)
            {
                final byte[] b = new byte[len];
                out.getBytes(0, b);
                socket.send(new DatagramPacket(b, len, target));
            }
        }

        private static String elements(final SipMessage m, final HeaderName name)
        {
            final StringBuilder sb = new StringBuilder();
            final HeaderElements e = new HeaderElements();
            for (e.start(m, name); e.next(); )
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(e.value());
            }
            return sb.length() == 0 ? null : sb.toString();
        }

        @Override
        public void close()
        {
            socket.close();
        }
    }
}
