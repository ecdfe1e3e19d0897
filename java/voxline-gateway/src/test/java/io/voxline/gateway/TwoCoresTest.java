package io.voxline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.BoardEventType;
import io.voxline.board.Tone;
import io.voxline.gateway.line.LineState;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transport.SipTransport;

/**
 * Two gateway cores wired back to back, without sockets or threads: both sides' view of the same call, step by
 * step, on one stepped clock. Each line's proxy is the other core.
 */
class TwoCoresTest
{
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5062);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 5064);

    /** Carries what a core sends to the other one's queue; {@link #pump} delivers until nothing moves. */
    private final class Wire implements SipTransport
    {
        private final InetSocketAddress local;

        Wire(final InetSocketAddress local)
        {
            this.local = local;
        }

        @Override
        public String protocol()
        {
            return "UDP";
        }

        @Override
        public InetSocketAddress localAddress()
        {
            return local;
        }

        @Override
        public boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            queue.add(new Object[] {local, destination, copy});
            final SipMessage m = new SipMessage();
            m.parse(new UnsafeBuffer(copy), 0, length);
            if (m.cseqMethod() != io.voxline.sip.message.SipMethod.REGISTER)
            {
                ladder.add((local.equals(A) ? "A>B " : "B>A ") +
                    (m.isRequest() ? m.methodName().toString() : m.statusCode() + " " + m.cseqMethodName()));
            }
            return true;
        }
    }

    private final ArrayDeque<Object[]> queue = new ArrayDeque<>();
    private final List<String> ladder = new ArrayList<>();
    private final SteppedTimers timers = new SteppedTimers(5_000_000);
    private final FakeBoard boardA = new FakeBoard(1);
    private final FakeBoard boardB = new FakeBoard(1);
    private final FakeMedia mediaA = new FakeMedia(1);
    private final FakeMedia mediaB = new FakeMedia(1);
    private final RecordingCallLog logA = new RecordingCallLog();
    private final RecordingCallLog logB = new RecordingCallLog();
    private final GatewayCore a = core(A, "101", "a.test", B, boardA, mediaA, logA, 1);
    private final GatewayCore b = core(B, "201", "b.test", A, boardB, mediaB, logB, 2);

    private GatewayCore core(final InetSocketAddress local, final String user, final String domain,
        final InetSocketAddress peer, final FakeBoard board, final FakeMedia media, final RecordingCallLog log, final long seed)
    {
        final GatewayConfig config = new GatewayConfig(local, "mock:lines=1,region=us",
            List.of(new GatewayConfig.Line(1, user, domain, peer, null, null)),
            new GatewayConfig.Media("127.0.0.1", 16000, 16999, List.of("PCMU", "PCMA")), Path.of("unused"),
            GatewayConfig.Dialing.DEFAULT, 3600);
        return new GatewayCore(config, board, new Wire(local), timers, timers::poll, timers, media, log,
            new SipIds(new SplittableRandom(seed)));
    }

    private void pump()
    {
        Object[] p;
        while ((p = queue.poll()) != null)
        {
            final byte[] bytes = (byte[])p[2];
            final GatewayCore to = p[1].equals(A) ? a : p[1].equals(B) ? b : null;
            if (to != null)
            {
                to.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, false, (InetSocketAddress)p[0]);
            }
        }
    }

    private void board(final GatewayCore core, final BoardEventType type, final char digit)
    {
        core.onBoardEvent(type.ordinal(), 0, digit);
        pump();
    }

    private void dialB()
    {
        board(a, BoardEventType.OFF_HOOK, (char)0);
        for (final char d : "201".toCharArray())
        {
            board(a, BoardEventType.DTMF_DOWN, d);
        }
    }

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, a.errorCount());
        assertEquals(0, b.errorCount());
    }

    @Test
    void aCallAnsweredAndEndedByTheCallee()
    {
        dialB();
        assertEquals(LineState.RINGBACK, a.lineState(1));
        assertEquals(Tone.RINGBACK, boardA.tone[0]);
        assertEquals(LineState.RINGING, b.lineState(1));
        assertEquals("101/null", boardB.callerId[0]);

        board(b, BoardEventType.OFF_HOOK, (char)0);
        assertEquals(LineState.CONNECTED, a.lineState(1));
        assertEquals(LineState.CONNECTED, b.lineState(1));
        assertEquals("127.0.0.1:40000 pt=0 te=101 ptime=20", mediaA.started[0]);
        assertEquals("127.0.0.1:40000 pt=0 te=101 ptime=20", mediaB.started[0]);

        timers.advance(10_000);
        pump();
        assertEquals(List.of("A>B INVITE", "B>A 180 INVITE", "B>A 200 INVITE", "A>B ACK"), ladder,
            "the ACK stopped B's retransmissions");

        board(b, BoardEventType.ON_HOOK, (char)0);
        assertEquals(LineState.IDLE, b.lineState(1));
        assertEquals(LineState.DISCONNECTED, a.lineState(1));
        assertEquals(Tone.REORDER, boardA.tone[0]);
        assertNull(mediaA.started[0]);
        assertEquals(List.of("B>A BYE", "A>B 200 BYE"), ladder.subList(4, 6));
        assertEquals(0, a.dialogCount());
        assertEquals(0, b.dialogCount());
        assertEquals("ended 1 remote hangup", logA.calls.get(2));
        assertEquals("ended 1 local hangup", logB.calls.get(2));
    }

    @Test
    void theCallerHangsUpWhileItRings()
    {
        dialB();
        assertTrue(boardB.ringing[0]);
        board(a, BoardEventType.ON_HOOK, (char)0);
        // A's view: idle at once, CANCEL sent, the 487 acknowledged
        assertEquals(LineState.IDLE, a.lineState(1));
        assertNull(boardA.tone[0]);
        assertEquals(0, mediaA.open[0]);
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 cancelled"), logA.calls);
        // B's view: the bell stops, the INVITE is answered 487
        assertFalse(boardB.ringing[0]);
        assertEquals(LineState.IDLE, b.lineState(1));
        assertEquals(0, mediaB.open[0]);
        assertEquals(List.of("started 1 IN sip:201@b.test sip:101@a.test", "ended 1 cancelled"), logB.calls);
        assertEquals(List.of("A>B INVITE", "B>A 180 INVITE", "A>B CANCEL", "B>A 200 CANCEL", "B>A 487 INVITE", "A>B ACK"),
            ladder);
        timers.advance(40_000);
        pump();
        assertEquals(6, ladder.size(), "nothing more: every transaction settled");
        assertEquals(0, a.dialogCount());
        assertEquals(0, b.dialogCount());
        assertEquals(0, a.transactionLayer().clientTransactionCount());
        assertEquals(0, b.transactionLayer().serverTransactionCount());
    }

    @Test
    void callingABusyLineGivesBusyTone()
    {
        board(b, BoardEventType.OFF_HOOK, (char)0);
        dialB();
        assertEquals(LineState.BUSY, a.lineState(1));
        assertEquals(Tone.BUSY, boardA.tone[0]);
        assertEquals(LineState.DIALTONE, b.lineState(1));
        assertEquals(Tone.DIAL, boardB.tone[0]);
        assertEquals(List.of("A>B INVITE", "B>A 486 INVITE", "A>B ACK"), ladder);
        assertEquals("ended 1 busy", logA.calls.get(1));
        assertEquals("ended 1 rejected 486", logB.calls.get(1));
    }
}
