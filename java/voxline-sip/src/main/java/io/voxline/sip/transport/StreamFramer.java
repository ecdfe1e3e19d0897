package io.voxline.sip.transport;

import org.agrona.DirectBuffer;

/**
 * Finds where SIP messages begin and end in a byte stream (RFC 3261 §18.3): the header ends at the first empty
 * line (CRLF or, as the parser also accepts, bare LF line ends), and Content-Length (or its compact form "l")
 * counts the body. Before a start line, CRLFCRLF is an RFC 5626 §3.5.1 keepalive ping (answered with one CRLF,
 * the pong) and any other CR or LF is skipped (RFC 3261 §7.5: a lone CRLF, e.g. a pong, is ignored).
 *
 * <p>One instance per I/O thread: {@link #scan} reports into fields, so framing allocates nothing. A message
 * without Content-Length is delivered with an empty body, so the parser's stream mode can answer it 400;
 * a Content-Length that is not a number, or two that disagree, cannot be framed and ends the connection.
 */
public final class StreamFramer
{
    public enum Result
    {
        /** A whole message of {@link #length()} bytes starts at the scan's start. */
        MESSAGE,
        /** A CRLFCRLF keepalive ping (4 bytes): answer with a CRLF pong. */
        PING,
        /** {@link #length()} bytes of CR/LF before a start line: ignore them. */
        SKIP,
        /** Not enough bytes yet; {@link #messageStarted()} says whether a message has begun. */
        NEED_MORE,
        /** The message (its header, or header and body) is over the size limit. */
        TOO_LARGE,
        /** Content-Length is not a number, or two disagree: the stream cannot be framed. */
        BAD_CONTENT_LENGTH
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HT = '\t';
    private static final long MISSING = -1;
    private static final long BAD = -2;

    private final int maxMessageBytes;
    private int length;
    private boolean started;
    private boolean contentLengthMissing;

    /** maxMessageBytes: the largest message (header and body) accepted. */
    public StreamFramer(final int maxMessageBytes)
    {
        if (maxMessageBytes < 64)
        {
            throw new IllegalArgumentException("a stream message limit under 64 bytes frames nothing: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    /** Bytes taken by the MESSAGE, PING or SKIP found. */
    public int length()
    {
        return length;
    }

    /** NEED_MORE: true when the pending bytes are the beginning of a message (not CR/LF between messages). */
    public boolean messageStarted()
    {
        return started;
    }

    /** MESSAGE: it had no Content-Length (mandatory on streams) and was framed with an empty body. */
    public boolean contentLengthMissing()
    {
        return contentLengthMissing;
    }

    /** Looks at the bytes [start, end) of buffer for the next unit of the stream. */
    public Result scan(final DirectBuffer buffer, final int start, final int end)
    {
        length = 0;
        started = false;
        contentLengthMissing = false;
        final int available = end - start;
        if (available <= 0)
        {
            return Result.NEED_MORE;
        }
        final byte first = buffer.getByte(start);
        if (first == CR || first == LF)
        {
            return scanKeepalive(buffer, start, available);
        }
        started = true;
        final int headerEnd = headerEnd(buffer, start, (int)Math.min(end, (long)start + maxMessageBytes), end);
        if (headerEnd < 0)
        {
            return available >= maxMessageBytes ? Result.TOO_LARGE : Result.NEED_MORE;
        }
        final long contentLength = contentLength(buffer, start, headerEnd);
        if (contentLength == BAD)
        {
            return Result.BAD_CONTENT_LENGTH;
        }
        contentLengthMissing = contentLength == MISSING;
        final long total = (long)(headerEnd - start) + Math.max(0, contentLength);
        if (total > maxMessageBytes)
        {
            return Result.TOO_LARGE;
        }
        if (total > available)
        {
            return Result.NEED_MORE;
        }
        length = (int)total;
        return Result.MESSAGE;
    }

    private Result scanKeepalive(final DirectBuffer buffer, final int start, final int available)
    {
        final int n = Math.min(available, 4);
        for (int i = 0; i < n; i++)
        {
            if (buffer.getByte(start + i) != ((i & 1) == 0 ? CR : LF))
            {
                length = 1;
                return Result.SKIP;
            }
        }
        if (n == 4)
        {
            length = 4;
            return Result.PING;
        }
        // a ping split across reads, or a lone pong: wait for what follows (not a message begun)
        return Result.NEED_MORE;
    }

    /** The index just after the empty line that ends the header, or -1 when none lies before searchEnd. */
    private static int headerEnd(final DirectBuffer buffer, final int start, final int searchEnd, final int end)
    {
        for (int i = start; i < searchEnd; i++)
        {
            if (buffer.getByte(i) != LF)
            {
                continue;
            }
            if (i + 1 >= end)
            {
                return -1;
            }
            final byte next = buffer.getByte(i + 1);
            if (next == LF)
            {
                return i + 2;
            }
            if (next == CR)
            {
                if (i + 2 >= end)
                {
                    return -1;
                }
                if (buffer.getByte(i + 2) == LF)
                {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** The Content-Length of the header [start, headerEnd): MISSING, BAD, or the value (capped above any limit). */
    private static long contentLength(final DirectBuffer buffer, final int start, final int headerEnd)
    {
        long found = MISSING;
        // the first line is the start line; each header line starts after an LF and not with SP/HT (folding)
        int line = nextLine(buffer, start, headerEnd);
        while (line >= 0 && line < headerEnd)
        {
            final byte b = buffer.getByte(line);
            if (b == CR || b == LF)
            {
                break;
            }
            final int colon = nameEnd(buffer, line, headerEnd);
            if (colon > 0 && isContentLength(buffer, line, colon))
            {
                final long value = number(buffer, colon + 1, headerEnd);
                if (value == BAD || (found != MISSING && found != value))
                {
                    return BAD;
                }
                found = value;
            }
            line = nextLine(buffer, line, headerEnd);
        }
        return found;
    }

    /** The start of the next logical header line after the one at pos (skipping folded continuations), or -1. */
    private static int nextLine(final DirectBuffer buffer, final int pos, final int headerEnd)
    {
        int i = pos;
        while (i < headerEnd)
        {
            if (buffer.getByte(i) == LF)
            {
                if (i + 1 >= headerEnd)
                {
                    return -1;
                }
                final byte next = buffer.getByte(i + 1);
                if (next != SP && next != HT)
                {
                    return i + 1;
                }
            }
            i++;
        }
        return -1;
    }

    /** The index of the ':' ending a header name at line (whitespace allowed before it), or -1. */
    private static int nameEnd(final DirectBuffer buffer, final int line, final int headerEnd)
    {
        for (int i = line; i < headerEnd; i++)
        {
            final byte b = buffer.getByte(i);
            if (b == ':')
            {
                return i;
            }
            if (b == CR || b == LF)
            {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isContentLength(final DirectBuffer buffer, final int line, final int colon)
    {
        int nameEnd = colon;
        while (nameEnd > line && (buffer.getByte(nameEnd - 1) == SP || buffer.getByte(nameEnd - 1) == HT))
        {
            nameEnd--;
        }
        final int n = nameEnd - line;
        if (n == 1)
        {
            return (buffer.getByte(line) | 0x20) == 'l';
        }
        final String name = "content-length";
        if (n != name.length())
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            final int c = buffer.getByte(line + i);
            final int lower = c >= 'A' && c <= 'Z' ? c + 32 : c;
            if (lower != name.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Digits between linear white space up to the end of the (possibly folded) header line; BAD otherwise. */
    private static long number(final DirectBuffer buffer, final int from, final int headerEnd)
    {
        long value = 0;
        int digits = 0;
        boolean after = false;
        for (int i = from; i < headerEnd; i++)
        {
            final byte b = buffer.getByte(i);
            if (b >= '0' && b <= '9')
            {
                if (after)
                {
                    return BAD;
                }
                // more than 10 digits is over any limit: keep a capped value so a long run of zeros still counts
                value = Math.min(value * 10 + (b - '0'), Integer.MAX_VALUE);
                digits++;
            }
            else if (b == SP || b == HT || b == CR)
            {
                after |= digits > 0;
            }
            else if (b == LF)
            {
                final boolean folded = i + 1 < headerEnd && (buffer.getByte(i + 1) == SP || buffer.getByte(i + 1) == HT);
                if (!folded)
                {
                    break;
                }
                after |= digits > 0;
            }
            else
            {
                return BAD;
            }
        }
        return digits == 0 ? BAD : value;
    }
}
