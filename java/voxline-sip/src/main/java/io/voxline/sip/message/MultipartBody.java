package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable cursor over the parts of a multipart body (RFC 2046 §5.1, as SIP carries it: RFC 3261 §7.4,
 * RFC 5621; RFC 4475 mpart01): {@link #wrap(SipMessage)} finds the boundary in the message's Content-Type, then
 * each {@link #next()} moves to the next part, whose MIME headers ({@link #partContentType()},
 * {@link #partHeader}) and content ({@link #partBodyOffset()}, {@link #partBodyLength()}) it exposes. A part's
 * content ends before the CRLF that precedes the next delimiter. Bare LF line ends are taken too. Offsets
 * only, no allocation; views are reused per accessor.
 *
 * <pre>{@code
 * if (parts.wrap(msg)) {
 *     while (parts.next()) {
 *         if (parts.partMediaType() != null && parts.partMediaType().is("application", "sdp")) { ... }
 *     }
 *     boolean wellFormed = parts.isComplete();
 * }
 * }</pre>
 */
public final class MultipartBody
{
    private final MediaType messageType = new MediaType();
    private final MediaType partType = new MediaType();
    private final BufferView contentTypeView = new BufferView();
    private final BufferView headerView = new BufferView();

    private DirectBuffer buffer;
    private int end;
    private DirectBuffer boundaryBuffer;
    private int boundaryOffset;
    private int boundaryLength;
    /** Where the next part starts (just after a delimiter line), or -1 when there is none. */
    private int cursor;
    private boolean complete;
    private boolean malformed;
    private int index;
    private int partOffset;
    private int partLength;
    private int bodyOffset;
    private int bodyLength;
    private int contentTypeOffset;
    private int contentTypeLength;

    /**
     * Points at msg's body when its Content-Type is multipart/* with a boundary; false otherwise (not multipart,
     * no boundary, or no first delimiter in the body).
     */
    public boolean wrap(final SipMessage msg)
    {
        clear();
        final BufferView type = msg.firstValue(HeaderName.CONTENT_TYPE);
        if (type == null || !messageType.parse(type.buffer(), type.offset(), type.length()) || !messageType.isMultipart())
        {
            return false;
        }
        final BufferView boundary = messageType.boundary();
        if (boundary == null)
        {
            return false;
        }
        return wrap(msg.buffer(), msg.bodyOffset(), msg.bodyLength(), boundary.buffer(), boundary.offset(), boundary.length());
    }

    /** Points at the body [off, off+len) with the boundary in [bOff, bOff+bLen) of bBuf; false when there is no first delimiter. */
    public boolean wrap(
        final DirectBuffer buf, final int off, final int len, final DirectBuffer bBuf, final int bOff, final int bLen)
    {
        clear();
        if (buf == null || bBuf == null || len < 0 || bLen < 1 || bLen > 70)
        {
            return false;
        }
        buffer = buf;
        end = off + len;
        boundaryBuffer = bBuf;
        boundaryOffset = bOff;
        boundaryLength = bLen;
        // the first delimiter may open the body (no CRLF before it) or follow a preamble
        int d = isDelimiterAt(off) ? off : findDelimiter(off);
        if (d < 0)
        {
            malformed = true;
            return false;
        }
        cursor = afterDelimiter(d);
        return cursor >= 0;
    }

    private void clear()
    {
        buffer = null;
        cursor = -1;
        complete = false;
        malformed = false;
        index = -1;
        partOffset = 0;
        partLength = 0;
        bodyOffset = 0;
        bodyLength = 0;
        contentTypeOffset = 0;
        contentTypeLength = -1;
    }

    /** Moves to the next part; false when there is none (the close delimiter was reached, or the body is malformed). */
    public boolean next()
    {
        if (cursor < 0)
        {
            return false;
        }
        final int start = cursor;
        final int d = findDelimiter(start);
        if (d < 0)
        {
            malformed = true;
            cursor = -1;
            return false;
        }
        // the part ends before the line break that belongs to the delimiter
        int partEnd = d;
        if (partEnd > start && buffer.getByte(partEnd - 1) == SipChars.LF)
        {
            partEnd--;
            if (partEnd > start && buffer.getByte(partEnd - 1) == SipChars.CR)
            {
                partEnd--;
            }
        }
        index++;
        partOffset = start;
        partLength = partEnd - start;
        readHeaders(start, partEnd);
        cursor = afterDelimiter(d);
        return true;
    }

    /** True once the close delimiter ("--boundary--") was reached: every part was there. */
    public boolean isComplete()
    {
        return complete;
    }

    /** True when a delimiter was missing or malformed: the parts seen so far are all there is. */
    public boolean isMalformed()
    {
        return malformed;
    }

    /** The index of the current part, from 0 (-1 before the first {@link #next()}). */
    public int partIndex()
    {
        return index;
    }

    /** Where the current part (its headers and content) starts. */
    public int partOffset()
    {
        return partOffset;
    }

    public int partLength()
    {
        return partLength;
    }

    /** Where the current part's content starts (after its headers and blank line). */
    public int partBodyOffset()
    {
        return bodyOffset;
    }

    public int partBodyLength()
    {
        return bodyLength;
    }

    /** The current part's Content-Type as written, or null (RFC 2046: then text/plain). */
    public BufferView partContentType()
    {
        return contentTypeLength < 0 ? null : contentTypeView.wrap(buffer, contentTypeOffset, contentTypeLength);
    }

    /** The current part's Content-Type parsed, or null when it has none or it does not parse. */
    public MediaType partMediaType()
    {
        return contentTypeLength >= 0 && partType.parse(buffer, contentTypeOffset, contentTypeLength) ? partType : null;
    }

    /** The value of the current part's MIME header name (without case; folded values as written), or null. */
    public BufferView partHeader(final CharSequence name)
    {
        int line = partOffset;
        final int limit = bodyOffset;
        while (line < limit)
        {
            final int lineEnd = lineEnd(line, limit);
            if (lineEnd == line)
            {
                break;
            }
            final int nameEnd = SipChars.scanToken(buffer, line, lineEnd);
            int p = nameEnd;
            while (p < lineEnd && SipChars.isWsp(buffer.getByte(p)))
            {
                p++;
            }
            if (p < lineEnd && buffer.getByte(p) == ':' && SipChars.equalsIgnoreCase(buffer, line, nameEnd - line, name))
            {
                final int vs = SipChars.skipLws(buffer, p + 1, lineEnd);
                return headerView.wrap(buffer, vs, SipChars.trimLwsEnd(buffer, vs, lineEnd) - vs);
            }
            line = nextLine(lineEnd, limit);
        }
        return null;
    }

    /** Finds the part's blank line and its Content-Type. */
    private void readHeaders(final int start, final int partEnd)
    {
        contentTypeLength = -1;
        int line = start;
        while (line < partEnd)
        {
            final int lineEnd = lineEnd(line, partEnd);
            if (lineEnd == line)
            {
                // the blank line: the content follows
                line = nextLine(lineEnd, partEnd);
                break;
            }
            final int nameEnd = SipChars.scanToken(buffer, line, lineEnd);
            int p = nameEnd;
            while (p < lineEnd && SipChars.isWsp(buffer.getByte(p)))
            {
                p++;
            }
            if (p < lineEnd && buffer.getByte(p) == ':' &&
                HeaderName.lookup(buffer, line, nameEnd - line) == HeaderName.CONTENT_TYPE)
            {
                final int vs = SipChars.skipLws(buffer, p + 1, lineEnd);
                contentTypeOffset = vs;
                contentTypeLength = SipChars.trimLwsEnd(buffer, vs, lineEnd) - vs;
            }
            line = nextLine(lineEnd, partEnd);
        }
        bodyOffset = Math.min(line, partEnd);
        bodyLength = partEnd - bodyOffset;
    }

    /** The end of the logical line at p (continuation lines included), at its CR or LF, or limit. */
    private int lineEnd(final int p, final int limit)
    {
        int q = p;
        while (q < limit)
        {
            final byte b = buffer.getByte(q);
            if (b == SipChars.CR || b == SipChars.LF)
            {
                final int nl = b == SipChars.CR && q + 1 < limit && buffer.getByte(q + 1) == SipChars.LF ? q + 2 : q + 1;
                if (q > p && nl < limit && SipChars.isWsp(buffer.getByte(nl)))
                {
                    q = nl;
                    continue;
                }
                return q;
            }
            q++;
        }
        return limit;
    }

    private int nextLine(final int lineEnd, final int limit)
    {
        if (lineEnd >= limit)
        {
            return limit;
        }
        return buffer.getByte(lineEnd) == SipChars.CR && lineEnd + 1 < limit && buffer.getByte(lineEnd + 1) == SipChars.LF ?
            lineEnd + 2 : lineEnd + 1;
    }

    /** "--" boundary at p. */
    private boolean isDelimiterAt(final int p)
    {
        if (end - p < boundaryLength + 2 || buffer.getByte(p) != '-' || buffer.getByte(p + 1) != '-')
        {
            return false;
        }
        for (int i = 0; i < boundaryLength; i++)
        {
            if (buffer.getByte(p + 2 + i) != boundaryBuffer.getByte(boundaryOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    /** The next "--boundary" at the start of a line at or after from, or -1. */
    private int findDelimiter(final int from)
    {
        for (int p = from; p < end; p++)
        {
            if (buffer.getByte(p) == SipChars.LF && isDelimiterAt(p + 1))
            {
                return p + 1;
            }
        }
        return -1;
    }

    /**
     * With d at a delimiter: where the next part starts (after the delimiter line and its transport padding), or
     * -1 at the close delimiter ("--" after the boundary: {@link #isComplete()}) or a malformed one.
     */
    private int afterDelimiter(final int d)
    {
        int p = d + 2 + boundaryLength;
        if (p + 2 <= end && buffer.getByte(p) == '-' && buffer.getByte(p + 1) == '-')
        {
            complete = true;
            return -1;
        }
        while (p < end && SipChars.isWsp(buffer.getByte(p)))
        {
            p++;
        }
        if (p < end && buffer.getByte(p) == SipChars.CR)
        {
            p++;
        }
        if (p >= end || buffer.getByte(p) != SipChars.LF)
        {
            malformed = true;
            return -1;
        }
        return p + 1;
    }
}
