package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.SipChars;

/**
 * Cutting messages out of a stream (TCP, TLS): RFC 3261 §18.3 frames each message by its Content-Length, which a
 * stream message must carry. A reader calls {@link #keepAliveLength} to consume CRLF keep-alives (RFC 5626
 * §3.5.1), then {@link #frameLength} on what it has buffered: a positive result is one whole message, to be
 * parsed with {@link SipMessage#parseStream}; {@link #INCOMPLETE} asks for more bytes; a negative result means
 * the stream cannot be framed and the connection should be closed (after a 400 when one can be sent). Nothing
 * here allocates.
 */
public final class SipFraming
{
    /** More bytes are needed before a whole message is there. */
    public static final int INCOMPLETE = 0;
    /** The header section or the message would exceed {@link SipMessage#MAX_MESSAGE_SIZE}. */
    public static final int TOO_LARGE = -1;
    /** The header section is complete and has no Content-Length (or "l"). */
    public static final int NO_CONTENT_LENGTH = -2;
    /** Content-Length is not a number, or two of them disagree. */
    public static final int BAD_CONTENT_LENGTH = -3;

    private SipFraming()
    {
    }

    /** How many CR and LF bytes start [offset, offset+length): keep-alives to consume (and answer, for CRLFCRLF). */
    public static int keepAliveLength(final DirectBuffer buf, final int offset, final int length)
    {
        int p = offset;
        final int end = offset + length;
        while (p < end && (buf.getByte(p) == SipChars.CR || buf.getByte(p) == SipChars.LF))
        {
            p++;
        }
        return p - offset;
    }

    /**
     * The length of the first whole message in [offset, offset+length), leading CRLFs included: the header
     * section through its blank line plus Content-Length bytes of body. {@link #INCOMPLETE} when more is needed,
     * or {@link #TOO_LARGE}, {@link #NO_CONTENT_LENGTH}, {@link #BAD_CONTENT_LENGTH}.
     */
    public static int frameLength(final DirectBuffer buf, final int offset, final int length)
    {
        final int end = offset + length;
        final int start = offset + keepAliveLength(buf, offset, length);
        final int scanEnd = (int)Math.min(end, (long)start + SipMessage.MAX_MESSAGE_SIZE);
        int headersEnd = -1;
        for (int q = start; q < scanEnd && headersEnd < 0; q++)
        {
            if (buf.getByte(q) == SipChars.LF)
            {
                if (q + 1 < scanEnd && buf.getByte(q + 1) == SipChars.LF)
                {
                    headersEnd = q + 2;
                }
                else if (q + 2 < scanEnd && buf.getByte(q + 1) == SipChars.CR && buf.getByte(q + 2) == SipChars.LF)
                {
                    headersEnd = q + 3;
                }
            }
        }
        if (headersEnd < 0)
        {
            return scanEnd - start >= SipMessage.MAX_MESSAGE_SIZE ? TOO_LARGE : INCOMPLETE;
        }
        long contentLength = -1;
        int line = SipChars.indexOf(buf, start, headersEnd, SipChars.LF) + 1;
        while (line > 0 && line < headersEnd)
        {
            final int lineEnd = logicalLineEnd(buf, line, headersEnd);
            final int nameEnd = SipChars.scanToken(buf, line, lineEnd);
            int p = nameEnd;
            while (p < lineEnd && SipChars.isWsp(buf.getByte(p)))
            {
                p++;
            }
            final int len = nameEnd - line;
            if (p < lineEnd && buf.getByte(p) == ':' &&
                HeaderName.lookup(buf, line, len) == HeaderName.CONTENT_LENGTH)
            {
                final int vs = SipChars.skipLws(buf, p + 1, lineEnd);
                final int ve = SipChars.trimLwsEnd(buf, vs, lineEnd);
                final long v = SipChars.parseDigits(buf, vs, ve, SipMessage.MAX_MESSAGE_SIZE);
                if (v < 0)
                {
                    return SipChars.isDigits(buf, vs, ve) ? TOO_LARGE : BAD_CONTENT_LENGTH;
                }
                if (contentLength >= 0 && contentLength != v)
                {
                    return BAD_CONTENT_LENGTH;
                }
                contentLength = v;
            }
            line = lineEnd;
            while (line < headersEnd && buf.getByte(line) != SipChars.LF)
            {
                line++;
            }
            line++;
        }
        if (contentLength < 0)
        {
            return NO_CONTENT_LENGTH;
        }
        final long total = headersEnd - offset + contentLength;
        if (headersEnd - start + contentLength > SipMessage.MAX_MESSAGE_SIZE)
        {
            return TOO_LARGE;
        }
        return total > length ? INCOMPLETE : (int)total;
    }

    /** The end of the header line at p with its continuation lines (at its final CR or LF). */
    private static int logicalLineEnd(final DirectBuffer buf, final int p, final int end)
    {
        int q = p;
        while (q < end)
        {
            final byte b = buf.getByte(q);
            if (b == SipChars.LF)
            {
                if (q + 1 < end && SipChars.isWsp(buf.getByte(q + 1)))
                {
                    q++;
                    continue;
                }
                return q > p && buf.getByte(q - 1) == SipChars.CR ? q - 1 : q;
            }
            q++;
        }
        return end;
    }
}
