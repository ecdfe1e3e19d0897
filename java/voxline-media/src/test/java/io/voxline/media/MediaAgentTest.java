package io.voxline.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.media.codec.G711;
import io.voxline.media.rtp.RtpPacketFlyweight;

/** Two media agents on loopback, each over a fake board, stepped from the test thread. */
class MediaAgentTest
{
    static final InetAddress LOOPBACK = loopback();
    private static final int PT_EVENT = 101;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    static InetAddress loopback()
    {
        try
        {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    static MediaConfig anyPortConfig()
    {
        return new MediaConfig().localAddress(LOOPBACK).rtpPorts(0, 0).jitter(8, 2);
    }

    @AfterEach
    void closeAll() throws Exception
    {
        for (final AutoCloseable c : closeables)
        {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closeLater(final T c)
    {
        closeables.add(c);
        return c;
    }

    /** What a sink was told, as text. */
    static final class RecordingSink implements MediaEventSink
    {
        final List<String> events = new ArrayList<>();

        @Override
        public void onMediaEvent(final int code, final int line, final int arg1, final int arg2, final long timeMs)
        {
            events.add(code == MediaEvents.DTMF_DIGIT ?
                "digit line=" + line + " " + (char)arg1 + " " + arg2 + "ms" :
                MediaEvents.name(code) + " line=" + line + " " + arg1 + " " + arg2);
        }
    }

    private static void step(final FakeBoard a, final MediaEngine ea, final FakeBoard b, final MediaEngine eb, final int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            a.tick();
            b.tick();
            ea.invoke();
            eb.invoke();
        }
    }

    private static void assertHears(final short[] heard, final int hz, final double peak)
    {
        final double p = Goertzel.power(heard, hz);
        for (final int other : new int[] {300, 500, 700, hz / 2, hz + 300, 2 * hz, 3000})
        {
            final double q = Goertzel.power(heard, other);
            assertTrue(p > 1000 * q, hz + " Hz should dominate " + other + " Hz: " + p + " vs " + q);
        }
        final double rms = Goertzel.rms(heard);
        assertTrue(Math.abs(rms - peak / Math.sqrt(2)) < 0.05 * peak, "level " + rms);
    }

    private void callBetweenTwoAgents(final int payloadType, final int ptimeMs)
    {
        final FakeBoard boardA = new FakeBoard(2);
        final FakeBoard boardB = new FakeBoard(2);
        final RecordingSink sinkA = new RecordingSink();
        final RecordingSink sinkB = new RecordingSink();
        final MediaEngine a = closeLater(MediaEngine.invoker(boardA, sinkA, anyPortConfig()));
        final MediaEngine b = closeLater(MediaEngine.invoker(boardB, sinkB, anyPortConfig()));

        // line 0 on A calls line 1 on B
        final int portA = a.control().openPort(0);
        final int portB = b.control().openPort(1);
        assertTrue(portA > 0 && portB > 0);
        assertTrue(a.control().start(0, new InetSocketAddress(LOOPBACK, portB), payloadType, PT_EVENT, ptimeMs));
        assertTrue(b.control().start(1, new InetSocketAddress(LOOPBACK, portA), payloadType, PT_EVENT, ptimeMs));
        a.invoke();
        b.invoke();
        assertTrue(boardA.started(0));
        assertTrue(boardB.started(1));
        assertFalse(boardB.started(0));
        assertEquals(ptimeMs, boardA.ptime(0));

        boardA.speak(0, 1000, 8000);
        boardB.speak(1, 1500, 6000);
        final int ticks = 3000 / ptimeMs;
        step(boardA, a, boardB, b, ticks);

        assertHears(boardB.lastEarpiece(1, 4000), 1000, 8000);
        assertHears(boardA.lastEarpiece(0, 4000), 1500, 6000);
        assertEquals(ticks, boardB.framesWritten(1), "one earpiece frame per mouthpiece frame");
        assertEquals(2 * 8 * ptimeMs, boardB.lastWriteLength(1));

        final MediaStats sa = a.stats(0);
        final MediaStats sb = b.stats(1);
        assertEquals(ticks, sa.packetsSent());
        assertEquals(ticks * 8L * ptimeMs, sa.octetsSent());
        assertTrue(sb.packetsReceived() >= ticks - 1, sb.toString());
        assertEquals(0, sb.packetsLost() + sb.late() + sb.duplicates() + sb.discarded(), sb.toString());
        assertTrue(sb.framesPlayed() >= ticks - 4, sb.toString());
        assertTrue(sinkA.events.isEmpty() && sinkB.events.isEmpty(), sinkA.events + " " + sinkB.events);

        a.control().stop(0);
        b.control().stop(1);
        a.invoke();
        b.invoke();
        assertFalse(boardA.started(0));
        assertEquals(1, boardB.stopCount(1));
    }

    @Test
    void aSineSpokenAtAIsHeardAtBAndBackOverPcmu()
    {
        callBetweenTwoAgents(0, 20);
    }

    @Test
    void aSineSpokenAtAIsHeardAtBAndBackOverPcmaAt10Ms()
    {
        callBetweenTwoAgents(8, 10);
    }

    /**
     * Line 0 of A runs board frames of ptimeA, line 1 of B frames of ptimeB, so each receives packets of the
     * other's length; the board clocks tick on a common 10 ms step. Both earpieces must carry the other's
     * sine without a break.
     */
    private void callAcrossPtimes(final int ptimeA, final int ptimeB)
    {
        final FakeBoard boardA = new FakeBoard(2);
        final FakeBoard boardB = new FakeBoard(2);
        final RecordingSink sinkA = new RecordingSink();
        final RecordingSink sinkB = new RecordingSink();
        final MediaEngine a = closeLater(MediaEngine.invoker(boardA, sinkA, anyPortConfig()));
        final MediaEngine b = closeLater(MediaEngine.invoker(boardB, sinkB, anyPortConfig()));
        final int portA = a.control().openPort(0);
        final int portB = b.control().openPort(1);
        assertTrue(a.control().start(0, new InetSocketAddress(LOOPBACK, portB), 0, PT_EVENT, ptimeA));
        assertTrue(b.control().start(1, new InetSocketAddress(LOOPBACK, portA), 0, PT_EVENT, ptimeB));
        a.invoke();
        b.invoke();
        assertEquals(ptimeA, boardA.ptime(0));
        assertEquals(ptimeB, boardB.ptime(1));
        // 1004 Hz, the usual test tone: not a divisor of 8 kHz, so no sample pattern repeats within a frame
        boardA.speak(0, 1004, 8000);
        boardB.speak(1, 1504, 6000);
        for (int ms = 0; ms < 3000; ms += 10)
        {
            if (ms % ptimeA == 0)
            {
                boardA.tick(0);
            }
            if (ms % ptimeB == 0)
            {
                boardB.tick(1);
            }
            a.invoke();
            b.invoke();
        }
        assertTrue(sinkA.events.isEmpty() && sinkB.events.isEmpty(), sinkA.events + " " + sinkB.events);
        assertEquals(0, b.stats(1).discarded() + a.stats(0).discarded());
        assertPlaysContinuously(boardB.lastEarpiece(1, 16000), 1004, 8000, ptimeA + " ms packets into " + ptimeB + " ms frames");
        assertPlaysContinuously(boardA.lastEarpiece(0, 16000), 1504, 6000, ptimeB + " ms packets into " + ptimeA + " ms frames");
    }

    /** The last 2 s: the sine's energy is the same in every 10 ms window, and no run of silent samples. */
    private static void assertPlaysContinuously(final short[] heard, final int hz, final double peak, final String what)
    {
        assertHears(heard, hz, peak);
        final int window = 80;
        final double expected = peak * peak / 4;
        for (int at = 0; at + window <= heard.length; at += window)
        {
            final double p = Goertzel.power(java.util.Arrays.copyOfRange(heard, at, at + window), hz);
            assertTrue(Math.abs(p - expected) < 0.25 * expected,
                what + ": energy at " + hz + " Hz in the 10 ms from sample " + at + " is " + p + ", expected " + expected);
        }
        int run = 0;
        for (int i = 0; i < heard.length; i++)
        {
            run = heard[i] == 0 ? run + 1 : 0;
            assertTrue(run < 3, what + ": silent samples from " + (i - run + 1));
        }
    }

    @Test
    void aPeerSending30MsPacketsInto20MsFramesIsHeardWithoutABreakAndBack()
    {
        callAcrossPtimes(30, 20);
    }

    @Test
    void aPeerSending10MsPacketsInto20MsFramesIsHeardWithoutABreakAndBack()
    {
        callAcrossPtimes(10, 20);
    }

    @Test
    void aPtimeTheBoardCannotRunIsRefusedClearly()
    {
        final RecordingSink sink = new RecordingSink();
        final FakeBoard board = new FakeBoard(1);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, sink, anyPortConfig()));
        a.control().openPort(0);
        final InetSocketAddress remote = new InetSocketAddress(LOOPBACK, 4000);
        assertFalse(a.control().start(0, remote, 0, -1, 40), "40 ms: not a board frame");
        assertFalse(a.control().start(0, remote, 0, -1, 60), "60 ms: not a board frame");
        for (final int ms : new int[] {10, 20, 30})
        {
            assertTrue(MediaControl.isBoardFrameMs(ms));
        }
        assertFalse(MediaControl.isBoardFrameMs(40));
        // what to run the board at for a peer's a=ptime: the longest board frame not above it
        assertEquals(30, MediaControl.boardFrameMsFor(60));
        assertEquals(30, MediaControl.boardFrameMsFor(40));
        assertEquals(20, MediaControl.boardFrameMsFor(20));
        assertEquals(20, MediaControl.boardFrameMsFor(25));
        assertEquals(10, MediaControl.boardFrameMsFor(5));
        a.invoke();
        assertFalse(board.started(0));

        // a START that reaches the agent with such a ptime anyway is answered with the reason, not a board error
        a.agent().session(0).onStart(remote, 0, -1, 40);
        assertEquals(List.of("MEDIA_ERROR line=0 " + MediaEvents.ERROR_PTIME + " 40"), sink.events);
        assertFalse(board.started(0));
        assertEquals(0, board.startCount(0));
    }

    @Test
    void digitsSentByOneAgentAreReportedOnceByTheOther()
    {
        final FakeBoard boardA = new FakeBoard(1);
        final FakeBoard boardB = new FakeBoard(1);
        final RecordingSink sinkB = new RecordingSink();
        final MediaEngine a = closeLater(MediaEngine.invoker(boardA, MediaEventSink.NONE, anyPortConfig()));
        final MediaEngine b = closeLater(MediaEngine.invoker(boardB, sinkB, anyPortConfig()));
        final int portA = a.control().openPort(0);
        final int portB = b.control().openPort(0);
        a.control().start(0, new InetSocketAddress(LOOPBACK, portB), 0, PT_EVENT, 20);
        b.control().start(0, new InetSocketAddress(LOOPBACK, portA), 0, PT_EVENT, 20);
        a.invoke();
        b.invoke();
        boardA.speak(0, 1000, 8000);
        step(boardA, a, boardB, b, 10);

        assertTrue(a.control().sendDigit(0, '5', 100));
        assertTrue(a.control().sendDigit(0, '#', 60));
        step(boardA, a, boardB, b, 50);

        assertEquals(List.of("digit line=0 5 100ms", "digit line=0 # 60ms"), sinkB.events);
        assertEquals(2, a.stats(0).digitsSent());
        assertEquals(2, b.stats(0).digitsReceived());
        final MediaStats sb = b.stats(0);
        assertEquals(60, a.stats(0).packetsSent());
        assertEquals(0, sb.packetsLost() + sb.late() + sb.discarded(), sb.toString());
        // the event packets' sequence numbers played as silence, on time: the tone carries on afterwards
        assertHears(boardB.lastEarpiece(0, 2400), 1000, 8000);
    }

    @Test
    void sendDigitNeedsANegotiatedTelephoneEventType()
    {
        final FakeBoard board = new FakeBoard(1);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, MediaEventSink.NONE, anyPortConfig()));
        a.control().openPort(0);
        assertTrue(a.control().start(0, new InetSocketAddress(LOOPBACK, 9), 0, -1, 20));
        assertFalse(a.control().sendDigit(0, '1', 100));
        assertFalse(a.control().sendDigit(0, 'x', 100));
    }

    /** A key pressed on the phone: what a raw peer receives, one line per packet ("pt M seq+ ts+ [event E duration|level]"). */
    private List<String> keyPressOnTheWire(final int telephoneEventPt) throws IOException
    {
        final FakeBoard board = new FakeBoard(1);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, MediaEventSink.NONE, anyPortConfig()));
        final DatagramChannel peer = closeLater(DatagramChannel.open());
        peer.bind(new InetSocketAddress(LOOPBACK, 0));
        peer.configureBlocking(false);
        a.control().openPort(0);
        assertTrue(a.control().start(0, (InetSocketAddress)peer.getLocalAddress(), 0, telephoneEventPt, 20));
        a.invoke();
        board.speak(0, 1000, 8000);

        final ByteBuffer in = ByteBuffer.allocateDirect(1500);
        final UnsafeBuffer view = new UnsafeBuffer(in);
        final RtpPacketFlyweight packet = new RtpPacketFlyweight();
        final List<String> wire = new ArrayList<>();
        int firstSeq = -1;
        int firstTs = 0;
        for (int tick = 0; tick < 16; tick++)
        {
            // the board hears the key from tick 2 to 9; it reports key-down at tick 3 and key-up (100 ms) at tick 8
            board.keyHeard(0, tick >= 2 && tick < 9);
            if (tick == 3)
            {
                assertEquals(telephoneEventPt >= 0, a.control().keyDown(0, '7'));
            }
            if (tick == 8)
            {
                assertEquals(telephoneEventPt >= 0, a.control().keyUp(0, '7', 100));
            }
            board.tick();
            a.invoke();
            in.clear();
            if (peer.receive(in) == null)
            {
                wire.add("none");
                continue;
            }
            assertEquals(RtpPacketFlyweight.OK, packet.wrap(view, 0, in.position()));
            if (firstSeq < 0)
            {
                firstSeq = packet.sequence();
                firstTs = packet.timestamp();
            }
            final String head = packet.payloadType() + (packet.marker() ? " M " : " ") +
                ((packet.sequence() - firstSeq) & 0xFFFF) + " " + (packet.timestamp() - firstTs) + " ";
            final int at = packet.payloadOffset();
            if (packet.payloadType() == telephoneEventPt)
            {
                wire.add(head + io.voxline.media.dtmf.TelephoneEvent.event(view, at) +
                    (io.voxline.media.dtmf.TelephoneEvent.end(view, at) ? " E " : " ") +
                    io.voxline.media.dtmf.TelephoneEvent.duration(view, at));
            }
            else
            {
                final short[] pcm = new short[packet.payloadLength()];
                for (int i = 0; i < pcm.length; i++)
                {
                    pcm[i] = G711.PCMU.decode(view.getByte(at + i));
                }
                wire.add(head + (Goertzel.rms(pcm) > 1000 ? "tone" : "silence"));
            }
        }
        return wire;
    }

    @Test
    void aKeyHeldDuringTheCallGoesAsRfc4733EventsAndItsToneIsMuted() throws IOException
    {
        assertEquals(List.of(
            "0 M 0 0 tone", "0 1 160 tone",
            // the board hears the key before it reports it: muted, not sent twice
            "0 2 320 silence",
            // key-down: one event from the next frame, the same timestamp throughout, its duration growing
            "101 M 3 480 7 160", "101 4 480 7 320", "101 5 480 7 480", "101 6 480 7 640", "101 7 480 7 800",
            // key-up after 100 ms: the event already has 100 ms, three ends
            "101 8 480 7 E 800", "101 9 480 7 E 800", "101 10 480 7 E 800",
            // the voice carries on, numbering and clock unbroken
            "0 11 1760 tone", "0 12 1920 tone", "0 13 2080 tone", "0 14 2240 tone", "0 15 2400 tone"),
            keyPressOnTheWire(PT_EVENT));
    }

    @Test
    void withoutTelephoneEventsTheKeyStaysInBandInTheVoice() throws IOException
    {
        final List<String> wire = keyPressOnTheWire(-1);
        assertEquals(16, wire.size());
        for (int i = 0; i < wire.size(); i++)
        {
            assertEquals("0 " + (i == 0 ? "M " : "") + i + " " + 160 * i + " tone", wire.get(i));
        }
    }

    @Test
    void sendsWellFormedRtpToThePeerAndShowsItToTheTap() throws IOException
    {
        final List<String> tapped = new ArrayList<>();
        final FakeBoard board = new FakeBoard(1);
        final MediaConfig config = anyPortConfig().tap((src, dst, buf, off, len) ->
            tapped.add(src.getAddress().getHostAddress() + ":" + src.getPort() + ">" +
                dst.getAddress().getHostAddress() + ":" + dst.getPort() + " " + len));
        final MediaEngine a = closeLater(MediaEngine.invoker(board, MediaEventSink.NONE, config));
        final DatagramChannel peer = closeLater(DatagramChannel.open());
        peer.bind(new InetSocketAddress(LOOPBACK, 0));
        final int peerPort = ((InetSocketAddress)peer.getLocalAddress()).getPort();
        final int port = a.control().openPort(0);
        assertTrue(a.control().start(0, new InetSocketAddress(LOOPBACK, peerPort), 0, PT_EVENT, 20));
        a.invoke();
        board.speak(0, 1000, 8000);

        peer.configureBlocking(false);
        final ByteBuffer in = ByteBuffer.allocateDirect(1500);
        final UnsafeBuffer view = new UnsafeBuffer(in);
        final RtpPacketFlyweight packet = new RtpPacketFlyweight();
        int firstSeq = -1;
        int firstTs = 0;
        int ssrc = 0;
        int got = 0;
        final short[] decoded = new short[160 * 50];
        for (int tick = 0; tick < 50; tick++)
        {
            board.tick();
            a.invoke();
            in.clear();
            final InetSocketAddress from = (InetSocketAddress)peer.receive(in);
            if (from == null)
            {
                continue;
            }
            assertEquals(port, from.getPort());
            assertEquals(RtpPacketFlyweight.OK, packet.wrap(view, 0, in.position()));
            assertEquals(0, packet.payloadType());
            assertEquals(160, packet.payloadLength());
            if (firstSeq < 0)
            {
                assertTrue(packet.marker(), "marker on the first packet");
                firstSeq = packet.sequence();
                firstTs = packet.timestamp();
                ssrc = packet.ssrc();
            }
            else
            {
                assertFalse(packet.marker());
                assertEquals((firstSeq + got) & 0xFFFF, packet.sequence());
                assertEquals(firstTs + 160 * got, packet.timestamp());
                assertEquals(ssrc, packet.ssrc());
            }
            for (int i = 0; i < 160; i++)
            {
                decoded[160 * got + i] = G711.PCMU.decode(view.getByte(packet.payloadOffset() + i));
            }
            got++;
        }
        assertTrue(got >= 48, "packets " + got);
        assertHears(java.util.Arrays.copyOf(decoded, 160 * got), 1000, 8000);
        assertEquals(50, tapped.size());
        assertEquals("127.0.0.1:" + port + ">127.0.0.1:" + peerPort + " 172", tapped.get(0));
    }

    @Test
    void strangeDatagramsAreDiscardedAndTheSessionCarriesOn() throws IOException
    {
        final FakeBoard board = new FakeBoard(1);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, MediaEventSink.NONE, anyPortConfig()));
        final DatagramChannel peer = closeLater(DatagramChannel.open());
        peer.bind(new InetSocketAddress(LOOPBACK, 0));
        final int port = a.control().openPort(0);
        peer.connect(new InetSocketAddress(LOOPBACK, port));
        a.control().start(0, (InetSocketAddress)peer.getLocalAddress(), 0, PT_EVENT, 20);
        a.invoke();

        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(200));
        final RtpPacketFlyweight packet = new RtpPacketFlyweight();
        packet.wrapForWrite(out, 0).writeHeader(0, true, 1, 160, 0xCAFE);
        peer.write(out.byteBuffer().duplicate().limit(172));        // a good one: latches SSRC 0xCAFE
        peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));        // too short
        peer.write(ByteBuffer.wrap(new byte[20]));                // version 0
        packet.writeHeader(18, false, 2, 320, 0xCAFE);            // G.729: not negotiated
        peer.write(out.byteBuffer().duplicate().limit(32));
        packet.writeHeader(0, false, 3, 480, 0xBEEF);             // another source
        peer.write(out.byteBuffer().duplicate().limit(172));
        packet.writeHeader(0, false, 4, 640, 0xCAFE);
        peer.write(out.byteBuffer().duplicate().limit(172));
        board.tick();
        a.invoke();

        final MediaStats stats = a.stats(0);
        assertEquals(2, stats.packetsReceived(), stats.toString());
        assertEquals(4, stats.discarded(), stats.toString());
        assertEquals(1, stats.packetsSent());
    }

    @Test
    void portsAreEvenFromTheRangeAndReleasedOnStop() throws IOException
    {
        final int base = 47000 + 2 * (int)(ProcessHandle.current().pid() % 400);
        final FakeBoard board = new FakeBoard(2);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, MediaEventSink.NONE,
            anyPortConfig().rtpPorts(base, base + 99)));
        final MediaControl control = a.control();
        final int p0 = control.openPort(0);
        final int p1 = control.openPort(1);
        for (final int p : new int[] {p0, p1})
        {
            assertTrue(p >= base && p <= base + 99 && p % 2 == 0, "port " + p);
        }
        assertNotEquals(p0, p1);
        assertEquals(p0, control.openPort(0), "a line keeps its port");
        assertEquals(p0, control.port(0));
        assertFalse(control.start(0, new InetSocketAddress(LOOPBACK, 4000), 18, -1, 20), "not G.711");
        assertFalse(control.start(0, new InetSocketAddress(LOOPBACK, 4000), 0, 0, 20), "event type = voice type");
        assertFalse(control.start(0, new InetSocketAddress(LOOPBACK, 4000), 0, -1, 25), "ptime");
        assertFalse(control.start(0, InetSocketAddress.createUnresolved("x.test", 4000), 0, -1, 20), "a name");
        assertFalse(control.start(2, new InetSocketAddress(LOOPBACK, 4000), 0, -1, 20), "no such line");
        assertEquals(-1, control.openPort(5));
        assertTrue(control.start(0, new InetSocketAddress(LOOPBACK, 4000), 0, -1, 20));
        a.invoke();
        assertTrue(board.started(0));

        control.stop(0);
        assertEquals(0, control.port(0));
        assertFalse(control.start(0, new InetSocketAddress(LOOPBACK, 4000), 0, -1, 20), "no port any more");
        a.invoke();
        assertFalse(board.started(0));
        // the agent closed the socket: the port can be bound again
        try (DatagramChannel again = DatagramChannel.open())
        {
            again.bind(new InetSocketAddress(LOOPBACK, p0));
        }
        final int p2 = control.openPort(0);
        assertTrue(p2 != p0 && p2 % 2 == 0, "round robin: a fresh port " + p2);
    }

    @Test
    void anOccupiedPortIsSkipped() throws IOException
    {
        final int base = 48000 + 2 * (int)(ProcessHandle.current().pid() % 400);
        try (DatagramChannel squatter = DatagramChannel.open())
        {
            squatter.bind(new InetSocketAddress(LOOPBACK, base));
            final MediaEngine a = closeLater(MediaEngine.invoker(new FakeBoard(1), MediaEventSink.NONE,
                anyPortConfig().rtpPorts(base, base + 49)));
            final int port = a.control().openPort(0);
            assertTrue(port > base && port <= base + 49 && port % 2 == 0, "port " + port);
        }
    }

    @Test
    void startWithoutAnOpenPortOnTheAgentSideIsReported()
    {
        // a START that reaches a session with no port (here: stopped and restarted out of order by hand)
        final RecordingSink sink = new RecordingSink();
        final FakeBoard board = new FakeBoard(1);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, sink, anyPortConfig()));
        a.agent().session(0).onStart(new InetSocketAddress(LOOPBACK, 4000), 0, -1, 20);
        assertEquals(List.of("MEDIA_ERROR line=0 " + MediaEvents.ERROR_NO_PORT + " 0"), sink.events);
        assertFalse(board.started(0));
    }

    @Test
    void updateMovesTheStreamToANewRemote() throws IOException
    {
        final FakeBoard board = new FakeBoard(1);
        final MediaEngine a = closeLater(MediaEngine.invoker(board, MediaEventSink.NONE, anyPortConfig()));
        final DatagramChannel first = closeLater(DatagramChannel.open());
        final DatagramChannel second = closeLater(DatagramChannel.open());
        first.bind(new InetSocketAddress(LOOPBACK, 0)).configureBlocking(false);
        second.bind(new InetSocketAddress(LOOPBACK, 0)).configureBlocking(false);
        a.control().openPort(0);
        a.control().start(0, (InetSocketAddress)first.getLocalAddress(), 0, -1, 20);
        a.invoke();
        board.tick();
        a.invoke();
        assertTrue(a.control().update(0, (InetSocketAddress)second.getLocalAddress(), 8, -1, 20));
        board.tick();
        a.invoke();
        final ByteBuffer in = ByteBuffer.allocate(1500);
        assertTrue(first.receive(in) != null);
        in.clear();
        assertTrue(first.receive(in) == null, "nothing more to the old remote");
        assertTrue(second.receive(in) != null);
        assertEquals(8, in.get(1) & 0x7F, "PCMA after the update");
        assertEquals(1, board.startCount(0), "same ptime: the board stream carries on");
    }

    @Test
    void onItsOwnThreadTheAgentCarriesFramesAndClosesEverythingOnClose() throws Exception
    {
        final FakeBoard board = new FakeBoard(1);
        board.speak(0, 1000, 8000);
        final MediaEngine engine = MediaEngine.launch(board, MediaEventSink.NONE, anyPortConfig());
        final int port;
        try (DatagramChannel peer = DatagramChannel.open())
        {
            peer.bind(new InetSocketAddress(LOOPBACK, 0));
            port = engine.control().openPort(0);
            assertTrue(engine.control().start(0, (InetSocketAddress)peer.getLocalAddress(), 0, PT_EVENT, 20));
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (!board.started(0) && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertTrue(board.started(0), "the agent thread took the commands");
            peer.configureBlocking(false);
            final ByteBuffer in = ByteBuffer.allocate(1500);
            int received = 0;
            for (int tick = 0; tick < 20; tick++)
            {
                board.tick();
            }
            while (received < 20 && System.nanoTime() < deadline)
            {
                in.clear();
                if (peer.receive(in) != null)
                {
                    received++;
                }
                else
                {
                    Thread.sleep(1);
                }
            }
            assertEquals(20, received);
            assertEquals(20, engine.stats(0).packetsSent());
        }
        finally
        {
            engine.close();
        }
        assertEquals(1, board.stopCount(0), "close stops the line's media");
        try (DatagramChannel again = DatagramChannel.open())
        {
            again.bind(new InetSocketAddress(LOOPBACK, port));
        }
    }
}
