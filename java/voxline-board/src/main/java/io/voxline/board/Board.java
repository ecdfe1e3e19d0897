package io.voxline.board;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One telephony board: its FXS lines, their signals (ringing, tones) and their media frames.
 * Lines are numbered from 0 here, as in vxb.h; users see them from 1.
 * Thread safety: every method may be called from any thread (the native library serialises);
 * in practice the reactor sends signals, the poller reads events and the media agent moves frames.
 */
public interface Board extends AutoCloseable
{
    int lineCount();

    /** Starts ringing with the region's cadence; caller ID (may be null) is sent as FSK after the first burst. */
    void ringStart(int line, String callerIdNumber, String callerIdName);

    void ringStop(int line);

    /** Plays a region tone on the line's earpiece, with the tone's own cadence, until stopped or replaced. */
    void playTone(int line, Tone tone);

    void stopTone(int line);

    /** Waits up to timeoutMs for the next event; fills {@code into} and returns true, or false on timeout or wakeup. */
    boolean pollEvent(BoardEvent into, int timeoutMs);

    /** Makes a blocked {@link #pollEvent} return early. */
    void wakeup();

    /** Starts the line's media stream: 8 kHz frames of ptimeMs (10 or 20) in the given format. */
    void mediaStart(int line, FrameFormat format, int ptimeMs);

    void mediaStop(int line);

    /**
     * Non-blocking: copies the next mouthpiece frame into dst (which must wrap direct memory) at offset.
     * Returns the frame's length in bytes, 0 when no frame is ready yet. Frames arrive on the board's clock.
     */
    int mediaRead(int line, MutableDirectBuffer dst, int offset);

    /** Queues one earpiece frame (same format and ptime as started); returns 0, or a negative vxb error. */
    int mediaWrite(int line, DirectBuffer src, int offset, int length);

    /**
     * As {@link #mediaRead(int, MutableDirectBuffer, int)}, also filling the frame's header (timestamp,
     * silence/DTMF/gap flags). Boards that keep no header leave it cleared but for the length.
     */
    default int mediaRead(final int line, final MutableDirectBuffer dst, final int offset, final FrameHeader header)
    {
        final int n = mediaRead(line, dst, offset);
        header.clear();
        header.length = Math.max(n, 0);
        return n;
    }

    /** The line's media counters, or null when the board keeps none. */
    default MediaStats mediaStats(final int line)
    {
        return null;
    }

    /** Sets the line feed (SLIC state). */
    default void setFeed(final int line, final LineFeed feed)
    {
        throw new UnsupportedOperationException("setFeed");
    }

    /** True once {@link #close()} has begun: pollers stop. */
    default boolean isClosed()
    {
        return false;
    }

    /** The emulated phones of a mock board, or null on a real board. */
    MockPhones mockPhones();

    @Override
    void close();
}
