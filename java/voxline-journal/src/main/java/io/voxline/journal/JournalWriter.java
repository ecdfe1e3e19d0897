package io.voxline.journal;

import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The reactor's handle on the journal: encodes each entry straight into a slot claimed on the journal
 * agent's ring, without allocating. Not thread-safe: one writer thread (the reactor), unless the journal
 * was configured for shared writers.
 *
 * <p>Every method returns false when the entry was not accepted (ring full, or journal closed) and counts
 * it in {@link #rejectedCount()}; the caller decides what that means. Text longer than
 * {@link #MAX_FIELD_BYTES} of UTF-8 is cut at a character boundary and counted in {@link #truncatedCount()}.
 * A null text is written as empty.
 *
 * <p>{@code line} is the 1-based FXS line, 0 when the entry is not about a line (the proxy). Call-IDs are
 * not unique per router: a call from line 1 to line 2 of the same router carries one Call-ID on both legs,
 * so answered and ended entries name the line as well.
 */
public final class JournalWriter
{
    /** Longest text field, in bytes of UTF-8. */
    public static final int MAX_FIELD_BYTES = 512;

    // entry layout on the ring: fixed fields, then text fields as (u16 length, UTF-8 bytes)
    static final int TIME_OFFSET = 0;
    static final int LINE_OFFSET = 8;
    static final int DIRECTION_OFFSET = 12;
    static final int TEXT_OFFSET = 16;
    static final int TEXT_LENGTH_SIZE = 2;
    static final int MAX_ENTRY_LENGTH = TEXT_OFFSET + 3 * (TEXT_LENGTH_SIZE + MAX_FIELD_BYTES);

    static final byte DIRECTION_NONE = 0;
    static final byte DIRECTION_IN = 1;
    static final byte DIRECTION_OUT = 2;

    private final RingBuffer ring;
    private final AtomicBuffer buffer;
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private volatile boolean closed;

    JournalWriter(final RingBuffer ring)
    {
        if (ring.maxMsgLength() < MAX_ENTRY_LENGTH)
        {
            throw new IllegalArgumentException(
                "journal ring too small: max message " + ring.maxMsgLength() + " < " + MAX_ENTRY_LENGTH);
        }
        this.ring = ring;
        this.buffer = ring.buffer();
    }

    /** A call leg began: an INVITE sent (OUT) or received (IN). */
    public boolean callStarted(
        final CharSequence callId,
        final int line,
        final CallDirection direction,
        final CharSequence localUri,
        final CharSequence remoteUri,
        final long timeMs)
    {
        final int callIdLength = textLength(callId);
        final int localLength = textLength(localUri);
        final int remoteLength = textLength(remoteUri);
        final int length = TEXT_OFFSET + 3 * TEXT_LENGTH_SIZE + callIdLength + localLength + remoteLength;
        final int index = claim(EntryKind.CALL_STARTED, length);
        if (index < 0)
        {
            return false;
        }
        boolean committed = false;
        try
        {
            putFixed(index, timeMs, line, direction == null ? DIRECTION_NONE :
                direction == CallDirection.IN ? DIRECTION_IN : DIRECTION_OUT);
            int at = index + TEXT_OFFSET;
            at = putText(at, callId, callIdLength);
            at = putText(at, localUri, localLength);
            putText(at, remoteUri, remoteLength);
            ring.commit(index);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                ring.abort(index);
            }
        }
        return true;
    }

    /** The call leg was answered (200 OK to the INVITE, sent or received). */
    public boolean callAnswered(final CharSequence callId, final int line, final long timeMs)
    {
        final int callIdLength = textLength(callId);
        final int index = claim(EntryKind.CALL_ANSWERED, TEXT_OFFSET + TEXT_LENGTH_SIZE + callIdLength);
        if (index < 0)
        {
            return false;
        }
        boolean committed = false;
        try
        {
            putFixed(index, timeMs, line, DIRECTION_NONE);
            putText(index + TEXT_OFFSET, callId, callIdLength);
            ring.commit(index);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                ring.abort(index);
            }
        }
        return true;
    }

    /**
     * The call leg ended; the reason is a short word or phrase ("local hangup", "remote hangup",
     * "cancelled", "busy", "no answer", "failed 404", "restart").
     */
    public boolean callEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence endReason)
    {
        final int callIdLength = textLength(callId);
        final int reasonLength = textLength(endReason);
        final int length = TEXT_OFFSET + 2 * TEXT_LENGTH_SIZE + callIdLength + reasonLength;
        final int index = claim(EntryKind.CALL_ENDED, length);
        if (index < 0)
        {
            return false;
        }
        boolean committed = false;
        try
        {
            putFixed(index, timeMs, line, DIRECTION_NONE);
            final int at = putText(index + TEXT_OFFSET, callId, callIdLength);
            putText(at, endReason, reasonLength);
            ring.commit(index);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                ring.abort(index);
            }
        }
        return true;
    }

    /** A signalling event (a state change), as one line of text. */
    public boolean signal(final long timeMs, final CharSequence text)
    {
        final int textLength = textLength(text);
        final int index = claim(EntryKind.SIGNAL, TEXT_OFFSET + TEXT_LENGTH_SIZE + textLength);
        if (index < 0)
        {
            return false;
        }
        boolean committed = false;
        try
        {
            putFixed(index, timeMs, 0, DIRECTION_NONE);
            putText(index + TEXT_OFFSET, text, textLength);
            ring.commit(index);
            committed = true;
        }
        finally
        {
            if (!committed)
            {
                ring.abort(index);
            }
        }
        return true;
    }

    /** Entries refused because the ring was full or the journal closed. */
    public long rejectedCount()
    {
        return rejected.get();
    }

    /** Text fields cut to {@link #MAX_FIELD_BYTES}. */
    public long truncatedCount()
    {
        return truncated.get();
    }

    /** After this every write is refused: the agent is draining for the last time. */
    void close()
    {
        closed = true;
    }

    private int claim(final EntryKind kind, final int length)
    {
        if (closed)
        {
            rejected.incrementAndGet();
            return -1;
        }
        final int index = ring.tryClaim(kind.typeId, length);
        if (index < 0)
        {
            rejected.incrementAndGet();
            return -1;
        }
        return index;
    }

    private int textLength(final CharSequence text)
    {
        if (text == null)
        {
            return 0;
        }
        final int length = Utf8.encodedLength(text, MAX_FIELD_BYTES);
        // only a text that reached within one character of the limit can have been cut
        if (length > MAX_FIELD_BYTES - 4 && !Utf8.fits(text, MAX_FIELD_BYTES))
        {
            truncated.incrementAndGet();
        }
        return length;
    }

    private void putFixed(final int index, final long timeMs, final int line, final byte direction)
    {
        buffer.putLong(index + TIME_OFFSET, timeMs);
        buffer.putInt(index + LINE_OFFSET, line);
        buffer.putByte(index + DIRECTION_OFFSET, direction);
    }

    private int putText(final int at, final CharSequence text, final int length)
    {
        buffer.putShort(at, (short)length);
        if (length > 0)
        {
            Utf8.encode(text, length, buffer, at + TEXT_LENGTH_SIZE);
        }
        return at + TEXT_LENGTH_SIZE + length;
    }
}
