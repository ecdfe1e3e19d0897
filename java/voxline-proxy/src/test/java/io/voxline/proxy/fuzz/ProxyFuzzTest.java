package io.voxline.proxy.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyCore;
import io.voxline.sip.fuzz.CheckingTransport;
import io.voxline.sip.fuzz.FuzzScript;
import io.voxline.sip.fuzz.FuzzTimers;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * Jazzer target over the proxy's whole input path: a {@link FuzzScript} of datagrams and clock steps drives a
 * {@link ProxyCore} with a checking transport and stepped timers, no threads, no sockets. After every step
 * nothing was caught inside the core and every datagram it sent parses; afterwards an OPTIONS is still answered
 * 200, and once a day has passed without traffic no transaction or registration is left.
 */
class ProxyFuzzTest
{
    static final InetSocketAddress PROXY = addr(1, 5070);
    static final InetSocketAddress UA_A = addr(1, 5062);
    static final InetSocketAddress UA_B = addr(1, 5064);
    static final InetSocketAddress NEXT_HOP = addr(1, 5080);
    /** Where the liveness probes come from: a source the script cannot have used up. */
    static final InetSocketAddress MONITOR = addr(200, 5999);
    /** Longer than the longest registration (a day) and every transaction and timer C. */
    static final long QUIET_MS = 86_400_000L + 600_000L;

    private CheckingTransport transport;
    private FuzzTimers timers;
    private ProxyCore core;
    private long datagrams;
    private long dropped;
    private int probes;

    /** A datagram, a clock step or a retransmission per script line; see {@link FuzzScript}. */
    @FuzzTest(maxDuration = "40s")
    void inputPath(final byte[] input)
    {
        transport = new CheckingTransport(PROXY, "UDP");
        timers = new FuzzTimers(1_000_000);
        // the proxy of the seed call: domain a.test, users 3xx at a next hop, Record-Route on
        final ProxyConfig config = new ProxyConfig(List.of(PROXY), List.of("a.test"),
            List.of(new ProxyConfig.Route("3*", NEXT_HOP, "sip:127.0.0.1:5080")), true);
        core = new ProxyCore(config, List.of(transport), timers, TransactionConfig.RFC3261, new SipIds(new SplittableRandom(7)));
        datagrams = 0;
        dropped = 0;
        probes = 0;

        FuzzScript.run(input, new FuzzScript.Driver()
        {
            @Override
            public void datagram(final char source, final byte[] bytes)
            {
                deliver(source(source), bytes);
            }

            @Override
            public void advance(final long ms)
            {
                timers.advance(ms);
                checkCounters();
            }

            @Override
            public void board(final byte[] command)
            {
                // a proxy has no phone lines
            }
        });

        assertAnswersOptions();
        timers.advance(QUIET_MS);
        checkCounters();
        final TransactionLayer layer = core.transactionLayer(0);
        assertEquals(0, layer.clientTransactionCount(), "client transactions left after a quiet day");
        assertEquals(0, layer.serverTransactionCount(), "server transactions left after a quiet day");
        assertEquals(0, core.registrations(), "registrations left after a quiet day");
        assertAnswersOptions();
    }

    private void deliver(final InetSocketAddress from, final byte[] raw)
    {
        final CheckingTransport.Sent last = transport.lastTo(from);
        final byte[] bytes = last == null ? raw : FuzzScript.expand(raw, last::header, last::lines);
        // inside a larger buffer, as a ring slot holds it
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 32]);
        buffer.putBytes(16, bytes);
        datagrams++;
        core.onPacket(buffer, 16, bytes.length, from, 0);
        checkCounters();
    }

    private void checkCounters()
    {
        assertEquals(0, core.failures(), "a failure was caught inside the proxy core (see the log above)");
        assertTrue(core.dropped() >= dropped && core.dropped() <= datagrams, () -> "dropped " + core.dropped() + " of " + datagrams);
        dropped = core.dropped();
        assertTrue(core.registrations() >= 0);
    }

    /** A monitor's OPTIONS to the proxy itself gets exactly one 200 back. */
    private void assertAnswersOptions()
    {
        final String callId = "liveness-" + (++probes) + "@127.0.0.200";
        final String options = "OPTIONS sip:127.0.0.1:5070 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.200:5999;branch=z9hG4bK-liveness-" + probes + ";rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:monitor@127.0.0.200>;tag=liveness\r\n" +
            "To: <sip:127.0.0.1:5070>\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        final int before = transport.sent.size();
        deliver(MONITOR, options.getBytes(StandardCharsets.ISO_8859_1));
        final List<CheckingTransport.Sent> answers = transport.sent.subList(before, transport.sent.size());
        assertEquals(1, answers.size(), "one answer to a liveness OPTIONS");
        final CheckingTransport.Sent answer = answers.get(0);
        assertEquals(MONITOR, answer.destination());
        assertEquals(200, answer.message().statusCode(), () -> "the liveness OPTIONS got:\n" + answer.text());
        assertEquals(callId, answer.header("Call-ID"));
    }

    /** A, B and N are the seed call's user agents and next hop; any other byte is a source of its own. */
    private static InetSocketAddress source(final char c)
    {
        return switch (c)
        {
            case 'A' -> UA_A;
            case 'B' -> UA_B;
            case 'N' -> NEXT_HOP;
            default -> addr(2 + (c & 0x7F), 5000 + (c & 0xFF));
        };
    }

    private static InetSocketAddress addr(final int last, final int port)
    {
        return new InetSocketAddress("127.0.0." + last, port);
    }
}
