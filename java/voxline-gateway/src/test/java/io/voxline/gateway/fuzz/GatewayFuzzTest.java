package io.voxline.gateway.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.voxline.board.BoardEventType;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayCore;
import io.voxline.gateway.line.LineState;
import io.voxline.sip.fuzz.CheckingTransport;
import io.voxline.sip.fuzz.FuzzScript;
import io.voxline.sip.fuzz.FuzzTimers;
import io.voxline.sip.message.SipIds;

/**
 * Jazzer target over the gateway's whole input path: a {@link FuzzScript} of datagrams, clock steps and board
 * events ({@code !} commands, see {@link #boardEvent}) drives a {@link GatewayCore} with checking fakes, no
 * threads, no sockets. After every step nothing was caught inside the core, every datagram it sent parses, and
 * no line carries media while its phone is on-hook; afterwards an OPTIONS is answered 200, and once the phones
 * are hung up and six quiet minutes have passed every call has ended and every line is idle.
 */
class GatewayFuzzTest
{
    static final InetSocketAddress LOCAL = addr(1, 5062);
    static final InetSocketAddress PROXY = addr(1, 5070);
    static final InetSocketAddress PEER = addr(1, 5080);
    static final InetSocketAddress MONITOR = addr(200, 5999);
    /** Longer than ring-no-answer (3 min) and the 32 s transaction timeouts after it together. */
    static final long QUIET_MS = 360_000;
    static final int LINES = 2;
    /** Digits one "!Nd" command dials at most. */
    static final int MAX_DIGITS = 32;

    private static final BoardEventType[] EVENTS = BoardEventType.values();

    private CheckingTransport transport;
    private FuzzTimers timers;
    private FuzzBoard board;
    private FuzzMedia media;
    private CheckingCallLog log;
    private GatewayCore core;
    private long parseErrors;
    private int probes;

    /** A datagram, a clock step, a retransmission or a board event per script line; see {@link FuzzScript}. */
    @FuzzTest(maxDuration = "40s")
    void inputPath(final byte[] input)
    {
        transport = new CheckingTransport(LOCAL, "UDP");
        timers = new FuzzTimers(1_000_000);
        board = new FuzzBoard(LINES);
        media = new FuzzMedia(LINES);
        log = new CheckingCallLog();
        // the seed call's gateway: two lines registered at the proxy, the first with a password and taking calls from
        // anyone (so calls from every source reach deep), the second only from its proxy (strangers get 403)
        final GatewayConfig config = new GatewayConfig(LOCAL, "mock:lines=2,region=us",
            List.of(new GatewayConfig.Line(1, "101", "a.test", PROXY, "secret", "Alice")
                    .withAcceptCallsFrom(GatewayConfig.CallSources.ANY),
                new GatewayConfig.Line(2, "102", "a.test", PROXY, null, null)),
            new GatewayConfig.Media("127.0.0.1", 16000, 16999, List.of("PCMU", "PCMA")), Path.of("unused"),
            GatewayConfig.Dialing.DEFAULT, 3600);
        core = new GatewayCore(config, board, transport, timers, () -> { }, timers, media, log, new SipIds(new SplittableRandom(7)));
        parseErrors = 0;
        probes = 0;
        core.onStart();
        check();

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
                check();
            }

            @Override
            public void board(final byte[] command)
            {
                boardEvent(command);
                check();
            }
        });

        assertAnswersOptions();
        for (int line = 0; line < LINES; line++)
        {
            event(BoardEventType.ON_HOOK, line, 0);
        }
        timers.advance(QUIET_MS);
        check();
        assertEquals(0, core.dialogCount(), "dialogs left six minutes after both phones hung up");
        for (int line = 1; line <= LINES; line++)
        {
            assertEquals(LineState.IDLE, core.lineState(line), "line " + line + " six minutes after its phone hung up");
        }
        log.assertAllEnded();
        assertAnswersOptions();
    }

    /**
     * "!" LINE EVENT [ARGS]: LINE '1' or '2' (any other byte is a line the board does not have); EVENT 'o'
     * off-hook, 'h' on-hook, 'f' flash, 'd' dials the digits after it (key down and up each), 'D'/'u' one key
     * down/up, 'r'/'R' ring burst start/end, 't' tone done, 'x' fax tone, 'F' fault; any other byte is the raw
     * event code (byte &amp; 15, so also codes that do not exist).
     */
    private void boardEvent(final byte[] c)
    {
        if (c.length < 2)
        {
            return;
        }
        final int line = c[0] - '1';
        final int arg = c.length > 2 ? c[2] & 0xFF : 0;
        switch (c[1])
        {
            case 'o' -> event(BoardEventType.OFF_HOOK, line, 0);
            case 'h' -> event(BoardEventType.ON_HOOK, line, 0);
            case 'f' -> event(BoardEventType.FLASH, line, 0);
            case 'd' ->
            {
                for (int k = 2; k < c.length && k < 2 + MAX_DIGITS; k++)
                {
                    event(BoardEventType.DTMF_DOWN, line, c[k] & 0xFF);
                    event(BoardEventType.DTMF_UP, line, c[k] & 0xFF);
                }
            }
            case 'D' -> event(BoardEventType.DTMF_DOWN, line, arg);
            case 'u' -> event(BoardEventType.DTMF_UP, line, arg);
            case 'r' -> event(BoardEventType.RING_BURST_START, line, 0);
            case 'R' -> event(BoardEventType.RING_BURST_END, line, 0);
            case 't' -> event(BoardEventType.TONE_DONE, line, arg);
            case 'x' -> event(BoardEventType.FAX_TONE, line, arg);
            case 'F' -> event(BoardEventType.FAULT, line, arg);
            default ->
            {
                final int code = c[1] & 0x0F;
                if (code < EVENTS.length)
                {
                    event(EVENTS[code], line, arg);
                }
                else
                {
                    core.onBoardEvent(code, line, arg);
                }
            }
        }
    }

    private void event(final BoardEventType type, final int line, final int arg)
    {
        if (type == BoardEventType.OFF_HOOK || type == BoardEventType.ON_HOOK)
        {
            board.hook(line, type == BoardEventType.OFF_HOOK);
        }
        core.onBoardEvent(type.ordinal(), line, arg);
    }

    private void deliver(final InetSocketAddress from, final byte[] raw)
    {
        final CheckingTransport.Sent last = transport.lastTo(from);
        final byte[] bytes = last == null ? raw : FuzzScript.expand(raw, last::header, last::lines);
        // inside a larger buffer, as a ring slot holds it
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 32]);
        buffer.putBytes(16, bytes);
        core.onDatagram(buffer, 16, bytes.length, false, from);
        check();
    }

    private void check()
    {
        assertEquals(0, core.errorCount(), "an exception was caught inside the gateway core (see the log above)");
        assertTrue(core.parseErrorCount() >= parseErrors);
        parseErrors = core.parseErrorCount();
        for (int line = 0; line < LINES; line++)
        {
            assertTrue(board.offHook[line] || !media.running[line], "line " + (line + 1) + " carries media with its phone on-hook");
        }
    }

    /** A monitor's OPTIONS to the gateway gets exactly one 200 back. */
    private void assertAnswersOptions()
    {
        final String callId = "liveness-" + (++probes) + "@127.0.0.200";
        final String options = "OPTIONS sip:127.0.0.1:5062 SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.200:5999;branch=z9hG4bK-liveness-" + probes + ";rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:monitor@127.0.0.200>;tag=liveness\r\n" +
            "To: <sip:127.0.0.1:5062>\r\n" +
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

    /** P is the proxy (registrar, outbound proxy, where calls come from), N a peer user agent; any other byte a source of its own. */
    private static InetSocketAddress source(final char c)
    {
        return switch (c)
        {
            case 'P' -> PROXY;
            case 'N' -> PEER;
            default -> addr(2 + (c & 0x7F), 5000 + (c & 0xFF));
        };
    }

    private static InetSocketAddress addr(final int last, final int port)
    {
        return new InetSocketAddress("127.0.0." + last, port);
    }
}
