package io.voxline.board.jna;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.board.Board;
import io.voxline.board.BoardEvent;
import io.voxline.board.BoardEventType;
import io.voxline.board.BoardException;
import io.voxline.board.FrameFormat;
import io.voxline.board.FrameHeader;
import io.voxline.board.LineFeed;
import io.voxline.board.MediaStats;
import io.voxline.board.MockPhones;
import io.voxline.board.Tone;

/**
 * A board in libvxb. Every method may be called from any thread (the library has a mutex per board).
 * The hot paths ({@link #pollEvent}, {@link #mediaRead}, {@link #mediaWrite}) allocate nothing: each thread
 * has its own pre-allocated native event and header structs and a re-aimable Pointer for buffer addresses.
 * Commands the board refuses throw {@link BoardException}; after {@link #close()} polls return false,
 * media calls return VXB_ERR_CLOSED and commands throw.
 */
public final class NativeBoard implements Board
{
    static
    {
        Abi.verify();
    }

    private static final BoardEventType[] EVENT_TYPES = BoardEventType.values();
    private static final int CLOSING = Integer.MIN_VALUE;
    private static final int MAX_FRAME_BYTES = 480;
    private static final int WHY_LEN = 256;
    private static final long CLOSE_WAIT_NS = TimeUnit.SECONDS.toNanos(5);

    private final Pointer handle;
    private final String uri;
    private final int lines;
    private final int capabilities;
    private final String boardName;
    private final String region;
    /** Calls in flight; CLOSING is added when close begins, so no new call enters. */
    private final AtomicInteger users = new AtomicInteger();
    /** vxb_close has run (it must run once, and only with no call inside the library). */
    private final AtomicBoolean freed = new AtomicBoolean();
    /** Set when close gave up waiting for calls in flight: the last of them to leave frees the board. */
    private volatile boolean freeOnLastExit;
    private volatile long closeWaitNs = CLOSE_WAIT_NS;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private final NativeMockPhones phones;

    /** One thread's native structs for the hot paths. */
    private static final class Scratch
    {
        final Memory event = new Memory(Abi.EVENT_SIZE);
        final UnsafeBuffer eventView = new UnsafeBuffer(Pointer.nativeValue(event), Abi.EVENT_SIZE);
        final Memory header = new Memory(Abi.HEADER_SIZE);
        final UnsafeBuffer headerView = new UnsafeBuffer(Pointer.nativeValue(header), Abi.HEADER_SIZE);
        final Pointer buffer = new Pointer(0);
        /* for heap buffers, which have no address to hand to C */
        final Memory bounce = new Memory(MAX_FRAME_BYTES);
        final UnsafeBuffer bounceView = new UnsafeBuffer(Pointer.nativeValue(bounce), MAX_FRAME_BYTES);
    }

    private NativeBoard(final String uri, final Pointer handle)
    {
        this.uri = uri;
        this.handle = handle;
        try (Memory info = new Memory(Abi.INFO_SIZE))
        {
            info.clear();
            check(Vxb.vxb_info(handle, info), "info", -1);
            lines = info.getInt(Abi.INFO_LINES);
            capabilities = info.getInt(Abi.INFO_CAPABILITIES);
            boardName = text(info, Abi.INFO_BOARD, Abi.INFO_BOARD_LEN);
            region = text(info, Abi.INFO_REGION, Abi.INFO_REGION_LEN);
        }
        phones = (capabilities & Abi.CAP_MOCK_PHONES) != 0 ? new NativeMockPhones(this) : null;
    }

    /**
     * Opens a board, e.g. {@code "mock:lines=2,region=us"}.
     *
     * @throws IllegalArgumentException for a malformed uri or unknown board type, saying why
     * @throws BoardException when the board cannot be opened for another reason
     */
    public static NativeBoard open(final String uri)
    {
        if (uri == null)
        {
            throw new IllegalArgumentException("board uri is missing (expected e.g. \"mock:lines=2,region=us\")");
        }
        try (Memory out = new Memory(Native.POINTER_SIZE); Memory why = new Memory(WHY_LEN))
        {
            out.clear();
            why.clear();
            final int rc = Vxb.vxb_open(uri, out, why, WHY_LEN);
            if (rc != Abi.OK)
            {
                final String reason = why.getString(0, "US-ASCII");
                final String message = "cannot open board \"" + uri + "\": " + Vxb.vxb_strerror(rc) +
                    (reason.isEmpty() ? "" : ": " + reason);
                if (rc == Abi.ERR_URI || rc == Abi.ERR_NOBOARD)
                {
                    throw new IllegalArgumentException(message);
                }
                throw new BoardException(rc, message);
            }
            return new NativeBoard(uri, out.getPointer(0));
        }
    }

    public String uri()
    {
        return uri;
    }

    /** The board type, e.g. "mock". */
    public String boardName()
    {
        return boardName;
    }

    /** The region the lines' tones and ring cadence came from, e.g. "us". */
    public String region()
    {
        return region;
    }

    /** True for a mock opened with clock=manual: time moves only by {@link NativeMockPhones#advance(int)}. */
    public boolean manualClock()
    {
        return (capabilities & Abi.CAP_MANUAL_CLOCK) != 0;
    }

    @Override
    public int lineCount()
    {
        return lines;
    }

    @Override
    public void ringStart(final int line, final String callerIdNumber, final String callerIdName)
    {
        try (Memory cid = callerIdNumber == null && callerIdName == null ? null : callerId(callerIdNumber, callerIdName))
        {
            enterOrThrow("ringStart");
            try
            {
                check(Vxb.vxb_ring_start(handle, line, null, cid), "ringStart", line);
            }
            finally
            {
                exit();
            }
        }
    }

    @Override
    public void ringStop(final int line)
    {
        enterOrThrow("ringStop");
        try
        {
            check(Vxb.vxb_ring_stop(handle, line), "ringStop", line);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void playTone(final int line, final Tone tone)
    {
        enterOrThrow("playTone");
        try
        {
            check(Vxb.vxb_play_tone(handle, line, tone.ordinal()), "playTone", line);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void stopTone(final int line)
    {
        enterOrThrow("stopTone");
        try
        {
            check(Vxb.vxb_stop_tone(handle, line), "stopTone", line);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void setFeed(final int line, final LineFeed feed)
    {
        enterOrThrow("setFeed");
        try
        {
            check(Vxb.vxb_set_feed(handle, line, feed.ordinal()), "setFeed", line);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public boolean pollEvent(final BoardEvent into, final int timeoutMs)
    {
        if (!enter())
        {
            return false;
        }
        try
        {
            final Scratch s = scratch.get();
            if (Vxb.vxb_event_wait(handle, s.event, timeoutMs) != 1)
            {
                return false;
            }
            final UnsafeBuffer ev = s.eventView;
            final int type = ev.getInt(Abi.EVENT_TYPE);
            into.type = type >= 0 && type < EVENT_TYPES.length ? EVENT_TYPES[type] : BoardEventType.FAULT;
            into.line = ev.getInt(Abi.EVENT_LINE);
            into.digit = (char)ev.getInt(Abi.EVENT_DIGIT);
            into.durationMs = ev.getInt(Abi.EVENT_DURATION);
            into.value = ev.getInt(Abi.EVENT_VALUE);
            into.timeMs = ((long)ev.getInt(Abi.EVENT_TIME_HI) << 32) | (ev.getInt(Abi.EVENT_TIME_LO) & 0xFFFF_FFFFL);
            return true;
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void wakeup()
    {
        if (enter())
        {
            try
            {
                Vxb.vxb_wakeup(handle);
            }
            finally
            {
                exit();
            }
        }
    }

    @Override
    public void mediaStart(final int line, final FrameFormat format, final int ptimeMs)
    {
        enterOrThrow("mediaStart");
        try
        {
            check(Vxb.vxb_media_start(handle, line, format.ordinal(), ptimeMs), "mediaStart", line);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public void mediaStop(final int line)
    {
        enterOrThrow("mediaStop");
        try
        {
            check(Vxb.vxb_media_stop(handle, line), "mediaStop", line);
        }
        finally
        {
            exit();
        }
    }

    /** Bytes in one frame of the line's started media, or a negative vxb error (not started). */
    public int mediaFrameBytes(final int line)
    {
        if (!enter())
        {
            return Abi.ERR_CLOSED;
        }
        try
        {
            return Vxb.vxb_media_frame_bytes(handle, line);
        }
        finally
        {
            exit();
        }
    }

    /** Returns the frame length, 0 when none is ready, or a negative vxb error (e.g. media not started). */
    @Override
    public int mediaRead(final int line, final MutableDirectBuffer dst, final int offset)
    {
        return read(line, dst, offset, null);
    }

    @Override
    public int mediaRead(final int line, final MutableDirectBuffer dst, final int offset, final FrameHeader header)
    {
        return read(line, dst, offset, header);
    }

    private int read(final int line, final MutableDirectBuffer dst, final int offset, final FrameHeader header)
    {
        final int cap = dst.capacity() - offset;
        if (offset < 0 || cap < 0)
        {
            return -1; /* VXB_ERR_INVAL */
        }
        if (!enter())
        {
            return Abi.ERR_CLOSED;
        }
        try
        {
            final Scratch s = scratch.get();
            final int n;
            if (dst.byteArray() == null)
            {
                Pointer.nativeValue(s.buffer, dst.addressOffset() + offset);
                n = Vxb.vxb_media_read(handle, line, s.header, s.buffer, cap);
            }
            else
            {
                n = Vxb.vxb_media_read(handle, line, s.header, s.bounce, Math.min(cap, MAX_FRAME_BYTES));
                if (n > 0)
                {
                    dst.putBytes(offset, s.bounceView, 0, n);
                }
            }
            if (header != null)
            {
                if (n > 0)
                {
                    final UnsafeBuffer h = s.headerView;
                    header.timestamp = h.getInt(Abi.HEADER_TIMESTAMP);
                    header.flags = h.getInt(Abi.HEADER_FLAGS);
                    header.length = h.getInt(Abi.HEADER_LENGTH);
                    header.seq = h.getInt(Abi.HEADER_SEQ);
                }
                else
                {
                    header.clear();
                }
            }
            return n;
        }
        finally
        {
            exit();
        }
    }

    /** Returns 0, or a negative vxb error (VXB_ERR_FRAME for a wrong length, VXB_ERR_STATE when not started). */
    @Override
    public int mediaWrite(final int line, final DirectBuffer src, final int offset, final int length)
    {
        if (offset < 0 || length < 0 || offset + length > src.capacity())
        {
            return -1; /* VXB_ERR_INVAL */
        }
        if (!enter())
        {
            return Abi.ERR_CLOSED;
        }
        try
        {
            final Scratch s = scratch.get();
            if (src.byteArray() == null)
            {
                Pointer.nativeValue(s.buffer, src.addressOffset() + offset);
                return Vxb.vxb_media_write(handle, line, null, s.buffer, length);
            }
            if (length > MAX_FRAME_BYTES)
            {
                return -8; /* VXB_ERR_FRAME: no frame is that long */
            }
            s.bounceView.putBytes(0, src, offset, length);
            return Vxb.vxb_media_write(handle, line, null, s.bounce, length);
        }
        finally
        {
            exit();
        }
    }

    @Override
    public MediaStats mediaStats(final int line)
    {
        try (Memory m = new Memory(Abi.STATS_SIZE))
        {
            m.clear();
            enterOrThrow("mediaStats");
            try
            {
                check(Vxb.vxb_media_stats(handle, line, m), "mediaStats", line);
            }
            finally
            {
                exit();
            }
            return new MediaStats(m.getInt(0), m.getInt(4), m.getInt(8), m.getInt(12), m.getInt(16), m.getInt(20),
                m.getInt(24));
        }
    }

    @Override
    public MockPhones mockPhones()
    {
        return phones;
    }

    /** The emulated phones with the mock-only extras (advance, speak PCM, faults), or null on a real board. */
    public NativeMockPhones nativeMockPhones()
    {
        return phones;
    }

    @Override
    public boolean isClosed()
    {
        return users.get() < 0;
    }

    /**
     * Closes the board: no new call enters; calls in flight finish (a blocked poll is woken); then the library
     * stops the board clock and frees it. If calls are still inside the library after 5 s, the board is not
     * freed under them (that would destroy the mutex they hold or wait on): the last of them to return frees
     * it, and if none ever returns the handle is leaked. Idempotent.
     */
    @Override
    public void close()
    {
        int current;
        do
        {
            current = users.get();
            if (current < 0)
            {
                return;
            }
        }
        while (!users.compareAndSet(current, current + CLOSING));

        final long deadline = System.nanoTime() + closeWaitNs;
        while (users.get() != CLOSING && System.nanoTime() - deadline < 0)
        {
            Vxb.vxb_wakeup(handle);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        if (users.get() == CLOSING)
        {
            free();
            return;
        }
        freeOnLastExit = true;
        final int inside = users.get() - CLOSING;
        if (inside > 0)
        {
            System.err.println(this + ": close gave up after " + TimeUnit.NANOSECONDS.toMillis(closeWaitNs) + " ms with " +
                inside + " call(s) still in libvxb; the board is freed when the last returns, never if it does not");
        }
        // the last one may have left between the check and the flag: then nobody else will free it
        if (users.get() == CLOSING)
        {
            free();
        }
    }

    private void free()
    {
        if (freed.compareAndSet(false, true))
        {
            Vxb.vxb_close(handle);
        }
    }

    /** For tests: how long close waits for calls in flight before leaving the board to the last of them. */
    void closeWait(final long nanos)
    {
        closeWaitNs = nanos;
    }

    /** For tests: vxb_close has run. */
    boolean freed()
    {
        return freed.get();
    }

    @Override
    public String toString()
    {
        return "NativeBoard(" + uri + ")";
    }

    /* ---- shared with NativeMockPhones ---- */

    Pointer handle()
    {
        return handle;
    }

    boolean enter()
    {
        if (users.incrementAndGet() < 0)
        {
            exit();
            return false;
        }
        return true;
    }

    void exit()
    {
        if (users.decrementAndGet() == CLOSING && freeOnLastExit)
        {
            free(); // close gave up waiting for us: we were the last inside
        }
    }

    void enterOrThrow(final String what)
    {
        if (!enter())
        {
            throw new BoardException(Abi.ERR_CLOSED, what + ": " + Vxb.vxb_strerror(Abi.ERR_CLOSED));
        }
    }

    /** Throws for a negative vxb result; returns it otherwise. */
    static int check(final int rc, final String what, final int line)
    {
        if (rc < 0)
        {
            throw new BoardException(rc, what + (line >= 0 ? "(line " + line + ")" : "") + ": " + Vxb.vxb_strerror(rc));
        }
        return rc;
    }

    static String text(final Pointer p, final int offset, final int max)
    {
        final byte[] bytes = p.getByteArray(offset, max);
        int n = 0;
        while (n < max && bytes[n] != 0)
        {
            n++;
        }
        return new String(bytes, 0, n, StandardCharsets.US_ASCII);
    }

    private static Memory callerId(final String number, final String name)
    {
        final Memory m = new Memory(Abi.CID_SIZE);
        m.clear();
        final boolean hasNumber = number != null && !number.isEmpty();
        putText(m, Abi.CID_NUMBER, hasNumber ? number : "");
        putText(m, Abi.CID_NAME, name == null ? "" : name);
        m.setInt(Abi.CID_PRESENTATION, hasNumber ? Abi.CID_ALLOWED : Abi.CID_UNAVAILABLE);
        m.setInt(Abi.CID_MONTH, 0); /* the board's local date and time */
        return m;
    }

    /** ASCII, NUL-terminated, truncated to the field; anything else becomes '?'. */
    private static void putText(final Memory m, final int offset, final String s)
    {
        final int n = Math.min(s.length(), Abi.CID_TEXT_LEN - 1);
        for (int i = 0; i < n; i++)
        {
            final char c = s.charAt(i);
            m.setByte(offset + i, (byte)(c >= 0x20 && c < 0x7F ? c : '?'));
        }
        m.setByte(offset + n, (byte)0);
    }
}
