package io.voxline.board.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.board.Board;
import io.voxline.board.BoardEvent;
import io.voxline.board.BoardEventType;
import io.voxline.board.BoardException;
import io.voxline.board.Boards;
import io.voxline.board.FrameFormat;
import io.voxline.board.FrameHeader;
import io.voxline.board.MediaStats;
import io.voxline.board.MockPhones;
import io.voxline.board.PhoneState;
import io.voxline.board.Tone;
import io.voxline.board.ToneReport;

class NativeBoardTest
{
    private static final String MANUAL = "mock:lines=2,region=us,clock=manual";

    /** Steps a manual board and collects what it reports. */
    private static List<BoardEvent> run(final NativeBoard board, final int ms)
    {
        final List<BoardEvent> events = new ArrayList<>();
        for (int t = 0; t < ms; t += 10)
        {
            board.nativeMockPhones().advance(10);
            BoardEvent ev = new BoardEvent();
            while (board.pollEvent(ev, 0))
            {
                events.add(ev);
                ev = new BoardEvent();
            }
        }
        return events;
    }

    @Test
    void opensAMockBoardWithItsPhones()
    {
        try (NativeBoard board = NativeBoard.open("mock:lines=3,region=de,clock=manual"))
        {
            assertEquals(3, board.lineCount());
            assertEquals("mock", board.boardName());
            assertEquals("de", board.region());
            assertTrue(board.manualClock());
            assertNotNull(board.mockPhones());
            assertFalse(board.isClosed());
        }
    }

    @Test
    void badUriGivesAClearError()
    {
        final IllegalArgumentException lines = assertThrows(IllegalArgumentException.class,
            () -> Boards.open("mock:lines=zero"));
        assertTrue(lines.getMessage().contains("bad board uri"), lines.getMessage());
        assertTrue(lines.getMessage().contains("lines=zero"), lines.getMessage());

        final IllegalArgumentException kind = assertThrows(IllegalArgumentException.class,
            () -> Boards.open("tapi:/dev/vmmc"));
        assertTrue(kind.getMessage().contains("no such board type"), kind.getMessage());

        final IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
            () -> Boards.open("mock:lines=2,colour=red"));
        assertTrue(option.getMessage().contains("unknown option \"colour\""), option.getMessage());

        assertThrows(IllegalArgumentException.class, () -> Boards.open(""));
        assertThrows(IllegalArgumentException.class, () -> Boards.open(null));
    }

    @Test
    void javaEnumsMatchTheLibrarysCodes()
    {
        for (final BoardEventType t : BoardEventType.values())
        {
            assertEquals(t.name(), Vxb.vxb_event_name(t.ordinal()));
        }
        assertEquals("?", Vxb.vxb_event_name(BoardEventType.values().length));
        for (final Tone t : Tone.values())
        {
            assertEquals(t.name(), Vxb.vxb_tone_name(t.ordinal()));
        }
        for (final FrameFormat f : FrameFormat.values())
        {
            assertEquals(f.name(), Vxb.vxb_format_name(f.ordinal()));
        }
    }

    @Test
    void aLayoutMismatchFailsLoudly()
    {
        Abi.verify();
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> Abi.check(Abi.ID_EVENT, "vxb_event_t", Abi.EVENT_SIZE + 4));
        assertTrue(ex.getMessage().contains("vxb_event_t is 32 bytes"), ex.getMessage());
    }

    @Test
    void everyFieldJavaReadsIsWhereTheLibrarySaysItIs()
    {
        for (final Abi.Field f : Abi.FIELDS)
        {
            assertEquals(f.offset(), Vxb.vxb_abi_offsetof(f.struct(), f.id()), f.structName() + "." + f.name());
        }
        assertEquals(-1, Vxb.vxb_abi_offsetof(Abi.ID_EVENT, 99), "unknown field: VXB_ERR_INVAL");
    }

    @Test
    void twoSwappedFieldsOfOneSizeFailLoudly()
    {
        // a library built from a vxb.h where event.line and event.digit changed places: same struct size
        final Abi.Layout swapped = new Abi.Layout()
        {
            @Override
            public int version()
            {
                return Abi.LIBRARY.version();
            }

            @Override
            public int sizeOf(final int struct)
            {
                return Abi.LIBRARY.sizeOf(struct);
            }

            @Override
            public int offsetOf(final int struct, final int field)
            {
                final int real = Abi.LIBRARY.offsetOf(struct, field);
                if (struct == Abi.ID_EVENT && real == Abi.EVENT_LINE)
                {
                    return Abi.EVENT_DIGIT;
                }
                if (struct == Abi.ID_EVENT && real == Abi.EVENT_DIGIT)
                {
                    return Abi.EVENT_LINE;
                }
                return real;
            }
        };
        assertEquals(Abi.EVENT_SIZE, swapped.sizeOf(Abi.ID_EVENT));
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> Abi.verify(swapped));
        assertEquals("libvxb ABI mismatch: vxb_event_t.line is at offset 8 in the library, at 4 in " +
            "io.voxline.board.jna.Abi", ex.getMessage());
    }

    @Test
    void offHookGivesOffHook()
    {
        try (NativeBoard board = NativeBoard.open(MANUAL))
        {
            board.mockPhones().hook(1, true);
            final List<BoardEvent> events = run(board, 50);
            assertEquals(1, events.size(), events.toString());
            assertEquals(BoardEventType.OFF_HOOK, events.get(0).type);
            assertEquals(1, events.get(0).line);
            assertTrue(board.mockPhones().state(1).offHook());

            board.mockPhones().hook(1, false);
            final List<BoardEvent> later = run(board, 1500);
            assertEquals(1, later.size(), later.toString());
            assertEquals(BoardEventType.ON_HOOK, later.get(0).type);
        }
    }

    @Test
    void dialledDigitsArriveAsDtmfEvents()
    {
        try (NativeBoard board = NativeBoard.open(MANUAL))
        {
            final MockPhones phones = board.mockPhones();
            phones.hook(0, true);
            run(board, 50);
            phones.dial(0, "123#", 100, 100);
            final List<BoardEvent> events = run(board, 1000);
            final StringBuilder downs = new StringBuilder();
            final StringBuilder ups = new StringBuilder();
            for (final BoardEvent ev : events)
            {
                assertEquals(0, ev.line);
                if (ev.type == BoardEventType.DTMF_DOWN)
                {
                    downs.append(ev.digit);
                }
                else if (ev.type == BoardEventType.DTMF_UP)
                {
                    ups.append(ev.digit);
                    assertTrue(Math.abs(ev.durationMs - 100) <= 30, ev.toString());
                }
            }
            assertEquals("123#", downs.toString(), events.toString());
            assertEquals("123#", ups.toString(), events.toString());
            assertTrue(events.get(0).timeMs > 50 && events.get(0).timeMs < 150, events.get(0).toString());
        }
    }

    @Test
    void dialToneIsHeardAs350And440()
    {
        try (NativeBoard board = NativeBoard.open(MANUAL))
        {
            final MockPhones phones = board.mockPhones();
            phones.hook(0, true);
            board.playTone(0, Tone.DIAL);
            run(board, 600);
            final ToneReport heard = phones.hear(0, 500);
            assertTrue(heard.contains(350, 10) && heard.contains(440, 10), heard.toString());
            assertEquals(-10.0, heard.levelDbm0(), 0.6);
            assertTrue(phones.hear(1, 500).silence(), "the other line hears nothing");

            board.stopTone(0);
            run(board, 300);
            assertTrue(phones.hear(0, 200).silence());
        }
    }

    @Test
    void ringingWithCallerIdIsSeenByThePhone()
    {
        try (NativeBoard board = NativeBoard.open(MANUAL))
        {
            board.ringStart(1, "5551234", "ALICE");
            final List<BoardEvent> events = run(board, 10);
            assertTrue(board.mockPhones().state(1).ringing(), "the bell rings from the next tick");
            events.addAll(run(board, 2390));
            assertNull(board.mockPhones().state(1).callerIdNumber(), "sent 500 ms after the first burst");
            run(board, 2600); /* FSK done by about 3.2 s; the second burst is at 6 s */
            assertEquals(BoardEventType.RING_BURST_START, events.get(0).type);
            assertEquals(BoardEventType.RING_BURST_END, events.get(1).type);
            assertEquals(2000, events.get(1).durationMs);
            final PhoneState state = board.mockPhones().state(1);
            assertEquals("5551234", state.callerIdNumber());
            assertEquals("ALICE", state.callerIdName());
            assertFalse(state.ringing(), "between bursts");

            board.mockPhones().hook(1, true);
            final List<BoardEvent> trip = run(board, 50);
            assertEquals(BoardEventType.OFF_HOOK, trip.get(0).type);
            assertThrows(BoardException.class, () -> board.ringStart(1, null, null), "ringing an off-hook line");
        }
    }

    @Test
    void mediaLoopFramesArriveOnTheBoardClockAndWrittenVoiceIsHeard() throws Exception
    {
        try (NativeBoard board = NativeBoard.open("mock:lines=1,region=us"))
        {
            final MockPhones phones = board.mockPhones();
            phones.hook(0, true);
            phones.speakTone(0, 1500);
            board.mediaStart(0, FrameFormat.PCMU, 20);
            assertEquals(160, board.mediaFrameBytes(0));
            final UnsafeBuffer in = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
            final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(160));
            final FrameHeader header = new FrameHeader();
            final double peak = 16069.0 * Math.sqrt(2) * Math.pow(10, -10 / 20.0);
            long n = 0;
            int frames = 0;
            int lastTimestamp = 0;
            final long start = System.nanoTime();
            long firstFrameNs = 0;
            long lastFrameNs = 0;
            while (System.nanoTime() - start < 1_200_000_000L)
            {
                final int len = board.mediaRead(0, in, 0, header);
                if (len > 0)
                {
                    assertEquals(160, len);
                    assertEquals(frames, header.seq);
                    assertFalse(header.has(FrameHeader.SILENCE), "the phone speaks 1500 Hz");
                    if (frames > 0)
                    {
                        assertEquals(160, header.timestamp - lastTimestamp, "20 ms of samples per frame");
                    }
                    else
                    {
                        firstFrameNs = System.nanoTime();
                    }
                    lastFrameNs = System.nanoTime();
                    lastTimestamp = header.timestamp;
                    frames++;
                    for (int i = 0; i < 160; i++, n++)
                    {
                        out.putByte(i, MuLaw.encode((short)Math.round(peak * Math.sin(2 * Math.PI * 1000 * n / 8000.0))));
                    }
                    assertEquals(0, board.mediaWrite(0, out, 0, 160));
                }
                else
                {
                    assertEquals(0, len);
                    Thread.sleep(1);
                }
            }
            /* paced by the board's own clock: one frame per 20 ms */
            final double msPerFrame = (lastFrameNs - firstFrameNs) / 1e6 / (frames - 1);
            assertTrue(frames >= 45 && frames <= 65, "frames in 1.2 s: " + frames);
            assertTrue(Math.abs(msPerFrame - 20.0) < 3.0, "ms per frame " + msPerFrame);

            final ToneReport heard = phones.hear(0, 500);
            assertTrue(heard.contains(1000, 10) && heard.f2() == 0, "the earpiece carries the written 1000 Hz: " + heard);
            final MediaStats stats = board.mediaStats(0);
            assertEquals(frames, stats.framesRead());
            assertEquals(frames, stats.framesWritten());
            assertEquals(0, stats.readOverruns());

            assertEquals(-8, board.mediaWrite(0, out, 0, 100), "VXB_ERR_FRAME for a short frame");
            board.mediaStop(0);
            assertEquals(-5, board.mediaRead(0, in, 0), "VXB_ERR_STATE when stopped");
        }
    }

    @Test
    void heapBuffersWorkThroughABounceBuffer()
    {
        try (NativeBoard board = NativeBoard.open(MANUAL))
        {
            board.mediaStart(0, FrameFormat.LINEAR16, 10);
            run(board, 30);
            final UnsafeBuffer heap = new UnsafeBuffer(new byte[400]);
            assertEquals(160, board.mediaRead(0, heap, 40));
            assertEquals(0, board.mediaWrite(0, heap, 40, 160));
        }
    }

    @Test
    void hotPathsAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (NativeBoard board = NativeBoard.open(MANUAL))
        {
            final NativeMockPhones phones = board.nativeMockPhones();
            board.mediaStart(0, FrameFormat.LINEAR16, 20);
            phones.hook(0, true);
            phones.speakTone(0, 800);
            final UnsafeBuffer in = new UnsafeBuffer(ByteBuffer.allocateDirect(640).order(ByteOrder.nativeOrder()));
            final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(320));
            final BoardEvent ev = new BoardEvent();
            final FrameHeader header = new FrameHeader();
            // the JIT may allocate a few bytes in a window while it compiles; one allocation per round would be
            // at least 320,000 bytes in every window: every window stays tiny and a later one is exactly 0
            long bytes = Long.MAX_VALUE;
            long worst = 0;
            int frames = 0;
            for (int round = 0; round < 6 && bytes != 0; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++)
                {
                    if (i % 2 == 0)
                    {
                        phones.advance(10);
                    }
                    while (board.pollEvent(ev, 0))
                    {
                        frames += 0;
                    }
                    if (board.mediaRead(0, in, 0, header) > 0)
                    {
                        frames++;
                        board.mediaWrite(0, out, 0, 320);
                    }
                }
                bytes = threads.getCurrentThreadAllocatedBytes() - before;
                worst = round == 0 ? 0 : Math.max(worst, bytes); // round 0 is warm-up
            }
            assertTrue(frames >= 10_000, "frames moved: " + frames);
            assertTrue(worst < 4096, "at most JIT noise in any measured window: " + worst);
            assertEquals(0, bytes, "bytes allocated by 20000 poll/read/write rounds");
        }
    }

    @Test
    void closeIsFinalAndIdempotent() throws Exception
    {
        final NativeBoard board = NativeBoard.open("mock:lines=1");
        final Thread waiter = new Thread(() -> board.pollEvent(new BoardEvent(), -1));
        waiter.start();
        Thread.sleep(50);
        final long t0 = System.nanoTime();
        board.close();
        waiter.join(2000);
        assertFalse(waiter.isAlive(), "a poll blocked forever is released by close");
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        assertTrue(board.isClosed());
        board.close();
        assertFalse(board.pollEvent(new BoardEvent(), 10));
        final BoardException ex = assertThrows(BoardException.class, () -> board.playTone(0, Tone.DIAL));
        assertEquals(-9, ex.code());
        assertEquals(-9, board.mediaRead(0, new UnsafeBuffer(ByteBuffer.allocateDirect(160)), 0));
    }

    @Test
    void closeDoesNotFreeTheBoardUnderACallStillInsideTheLibrary()
    {
        final NativeBoard board = NativeBoard.open(MANUAL);
        board.closeWait(50_000_000L);
        assertTrue(board.enter(), "a call in flight (e.g. a native call that does not return in time)");
        board.close();
        assertTrue(board.isClosed(), "no new call enters");
        assertFalse(board.freed(), "the board (and its mutex) must outlive the call inside");
        assertFalse(board.pollEvent(new BoardEvent(), 0));
        try (com.sun.jna.Memory info = new com.sun.jna.Memory(Abi.INFO_SIZE))
        {
            // the call in flight still works on a live board
            assertEquals(0, Vxb.vxb_info(board.handle(), info));
            assertEquals(2, info.getInt(Abi.INFO_LINES));
        }
        board.exit();
        assertTrue(board.freed(), "the last call out frees it");
        board.close();
        assertTrue(board.freed());
    }

    @Test
    void refusedCommandsSayWhy()
    {
        try (Board board = Boards.open(MANUAL))
        {
            final BoardException line = assertThrows(BoardException.class, () -> board.playTone(5, Tone.BUSY));
            assertTrue(line.getMessage().contains("no such line"), line.getMessage());
            final BoardException onHook = assertThrows(BoardException.class,
                () -> board.mockPhones().dial(0, "1", 100, 100));
            assertTrue(onHook.getMessage().contains("on-hook"), onHook.getMessage());
            final BoardException media = assertThrows(BoardException.class,
                () -> board.mediaStart(0, FrameFormat.PCMA, 25));
            assertTrue(media.getMessage().contains("invalid argument"), media.getMessage());
            assertNull(board.mockPhones().state(0).callerIdNumber());
        }
    }

    /** G.711 mu-law encoder for the test's frames (the media module owns the real codec). */
    private static final class MuLaw
    {
        static byte encode(final short pcm)
        {
            int v = pcm / 4;
            int mask = 0xFF;
            if (v < 0)
            {
                v = -v;
                mask = 0x7F;
            }
            v = Math.min(v, 8159) + 0x21;
            int seg = 0;
            for (int end = 0x3F; v > end && seg < 8; end = (end << 1) | 1)
            {
                seg++;
            }
            if (seg >= 8)
            {
                return (byte)(0x7F ^ mask);
            }
            return (byte)(((seg << 4) | ((v >> (seg + 1)) & 0x0F)) ^ mask);
        }
    }
}
