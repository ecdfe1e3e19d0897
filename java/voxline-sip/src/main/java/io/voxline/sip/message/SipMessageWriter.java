package io.voxline.sip.message;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * Writes one SIP message into a {@link MutableDirectBuffer}, without allocating. The order is:
 * a start line ({@link #requestLine} or {@link #statusLine}), header lines ({@link #header},
 * {@link #startHeader} … {@link #endHeader}, {@link #copyEntry}, {@link #copyViaReceived}), then
 * {@link #endHeaders()} or {@link #body} — these write Content-Length and the blank line (so never write
 * Content-Length yourself: startHeader refuses it and copyEntry skips it) and return the message length.
 *
 * <p>Known headers are written with their canonical full names. Text is written as follows: a
 * {@link BufferView} (a value read from a parsed message) is copied byte for byte; any other
 * CharSequence is encoded as UTF-8. In header values CR, LF and NUL become SP, so a value can never
 * split a header (this also unfolds folded values copied from a message).
 *
 * <p>It never throws for content: when the buffer is too small or the calls come in the wrong order the
 * writer is marked failed ({@link #hasFailed()}), later calls do nothing, and endHeaders()/body() return -1.
 * Reusable: {@link #wrap} starts a new message.
 */
public final class SipMessageWriter
{
    private static final byte[] SIP_VERSION = {'S', 'I', 'P', '/', '2', '.', '0'};
    private static final byte[] CONTENT_LENGTH = HeaderName.CONTENT_LENGTH.bytes();
    private static final byte[] CONTENT_TYPE = HeaderName.CONTENT_TYPE.bytes();
    private static final byte[] RECEIVED = {';', 'r', 'e', 'c', 'e', 'i', 'v', 'e', 'd', '='};
    private static final byte[] TAG = {';', 't', 'a', 'g', '='};

    private enum State
    {
        EMPTY,
        HEADERS,
        IN_HEADER,
        DONE
    }

    private final Via scratchVia = new Via();
    private final NameAddr scratchAddr = new NameAddr();
    private MutableDirectBuffer buffer;
    private int offset;
    private int limit;
    private int position;
    private boolean failed;
    private State state = State.EMPTY;

    public SipMessageWriter()
    {
    }

    public SipMessageWriter(final MutableDirectBuffer buffer)
    {
        wrap(buffer, 0);
    }

    /** Starts a new message at offset of buffer, which may be filled to its capacity. */
    public SipMessageWriter wrap(final MutableDirectBuffer buffer, final int offset)
    {
        return wrap(buffer, offset, buffer == null ? 0 : buffer.capacity() - offset);
    }

    /** Starts a new message at offset of buffer, using at most maxLength bytes. */
    public SipMessageWriter wrap(final MutableDirectBuffer buffer, final int offset, final int maxLength)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.position = offset;
        this.state = State.EMPTY;
        this.failed = buffer == null || offset < 0 || maxLength < 0 || offset > buffer.capacity() - maxLength;
        this.limit = failed ? offset : offset + maxLength;
        return this;
    }

    /** Starts over in the same buffer. */
    public SipMessageWriter reset()
    {
        return wrap(buffer, offset, limit - offset);
    }

    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    /** Bytes written so far. */
    public int length()
    {
        return position - offset;
    }

    /** True when the buffer ran out or calls came in the wrong order; the message is then unusable. */
    public boolean hasFailed()
    {
        return failed;
    }

    /** True once endHeaders() or body() completed the message. */
    public boolean isComplete()
    {
        return state == State.DONE && !failed;
    }

    // ------------------------------------------------------------------------------------------ start lines

    /** "METHOD uri SIP/2.0". */
    public SipMessageWriter requestLine(final SipMethod method, final CharSequence uri)
    {
        if (method == SipMethod.UNKNOWN)
        {
            failed = true;
            return this;
        }
        if (expect(State.EMPTY))
        {
            putBytes(method.bytes());
            finishRequestLine(uri);
        }
        return this;
    }

    /** A request line with a method given by name (extension methods). */
    public SipMessageWriter requestLine(final CharSequence method, final CharSequence uri)
    {
        if (expect(State.EMPTY))
        {
            putText(method, true);
            finishRequestLine(uri);
        }
        return this;
    }

    private void finishRequestLine(final CharSequence uri)
    {
        putByte(SipChars.SP);
        putText(uri, true);
        putByte(SipChars.SP);
        putBytes(SIP_VERSION);
        crlf();
        state = State.HEADERS;
    }

    /** "SIP/2.0 code reason". */
    public SipMessageWriter statusLine(final int code, final CharSequence reason)
    {
        if (code < 100 || code > 699)
        {
            failed = true;
            return this;
        }
        if (expect(State.EMPTY))
        {
            putBytes(SIP_VERSION);
            putByte(SipChars.SP);
            putLong(code);
            putByte(SipChars.SP);
            putText(reason, true);
            crlf();
            state = State.HEADERS;
        }
        return this;
    }

    // ------------------------------------------------------------------------------------------ headers

    public SipMessageWriter header(final HeaderName name, final CharSequence value)
    {
        return startHeader(name).append(value).endHeader();
    }

    public SipMessageWriter header(final CharSequence name, final CharSequence value)
    {
        return startHeader(name).append(value).endHeader();
    }

    public SipMessageWriter header(final HeaderName name, final long value)
    {
        return startHeader(name).append(value).endHeader();
    }

    /** Writes "Name: " for a known header; compose the value with append(…) and finish with endHeader(). */
    public SipMessageWriter startHeader(final HeaderName name)
    {
        if (name == HeaderName.OTHER || name == HeaderName.CONTENT_LENGTH)
        {
            // OTHER has no name; Content-Length is the writer's to write
            failed = true;
            return this;
        }
        if (expect(State.HEADERS))
        {
            putBytes(name.bytes());
            colon();
        }
        return this;
    }

    /** Writes "Name: " for a header given by name. */
    public SipMessageWriter startHeader(final CharSequence name)
    {
        if (name == null || name.length() == 0 || HeaderName.lookup(name) == HeaderName.CONTENT_LENGTH)
        {
            failed = true;
            return this;
        }
        if (expect(State.HEADERS))
        {
            putText(name, true);
            colon();
        }
        return this;
    }

    /** Appends text to the header value being composed (null appends nothing). */
    public SipMessageWriter append(final CharSequence value)
    {
        if (inHeader())
        {
            putText(value, true);
        }
        return this;
    }

    public SipMessageWriter append(final long value)
    {
        if (inHeader())
        {
            putLong(value);
        }
        return this;
    }

    public SipMessageWriter append(final char c)
    {
        if (inHeader())
        {
            putChar(c, true);
        }
        return this;
    }

    /** Appends bytes [off, off+len) of src verbatim (CR, LF and NUL become SP). */
    public SipMessageWriter append(final DirectBuffer src, final int off, final int len)
    {
        if (inHeader())
        {
            putValueBytes(src, off, len);
        }
        return this;
    }

    /** Ends the header being composed with CRLF. */
    public SipMessageWriter endHeader()
    {
        if (inHeader())
        {
            crlf();
            state = State.HEADERS;
        }
        return this;
    }

    /**
     * Writes entry i of msg as its own header line: the canonical name for known headers (the name as
     * written for others) and the value verbatim (unfolded). A Content-Length entry is skipped: the
     * writer writes its own. An index out of range fails the writer.
     */
    public SipMessageWriter copyEntry(final SipMessage msg, final int i)
    {
        if (i < 0 || i >= msg.headerCount())
        {
            failed = true;
            return this;
        }
        if (msg.headerName(i) == HeaderName.CONTENT_LENGTH)
        {
            return this;
        }
        copyEntryOpen(msg, i);
        return endHeader();
    }

    /**
     * Writes Via entry i of msg as its own line, as the receiver of that request must (RFC 3261 §18.2.1,
     * RFC 3581): {@code rport} (bare or not) gets the source port as its value, and
     * {@code ;received=sourceIp} is appended when the sent-by host differs from sourceIp (IPv6 brackets
     * ignored) or rport was present. A received or rport value the sender wrote itself is the sender's
     * claim, not our observation: it is replaced (or dropped), never kept, so it cannot steer where
     * responses go. Used for the Via of a response and for the Via a proxy keeps when it forwards. A Via
     * that does not parse is copied verbatim.
     */
    public SipMessageWriter copyViaReceived(final SipMessage msg, final int i, final CharSequence sourceIp, final int sourcePort)
    {
        if (i < 0 || i >= msg.headerCount() || msg.headerName(i) != HeaderName.VIA)
        {
            failed = true;
            return this;
        }
        final Via via = scratchVia;
        if (!via.parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i)))
        {
            return copyEntry(msg, i);
        }
        startHeader(HeaderName.VIA);
        if (!inHeader())
        {
            return this;
        }
        final DirectBuffer src = via.buffer();
        final ParamList params = via.params();
        final boolean haveSource = sourceIp != null && sourceIp.length() > 0;
        final int rport = via.rportParamIndex();
        final boolean fillRport = rport >= 0 && sourcePort > 0;
        int copied = via.offset();
        for (int k = 0; k < params.count(); k++)
        {
            final int nameEnd = params.nameOffset(k) + params.nameLength(k);
            final int paramEnd = params.valueLength(k) < 0 ? nameEnd : params.valueOffset(k) + params.valueLength(k);
            if (k == rport && fillRport)
            {
                putValueBytes(src, copied, nameEnd - copied);
                putByte((byte)'=');
                putLong(sourcePort);
                copied = paramEnd;
            }
            else if (haveSource && SipChars.equalsIgnoreCase(src, params.nameOffset(k), params.nameLength(k), "received"))
            {
                // ";received=…" from the ';' before it: ours is appended below when it is needed
                putValueBytes(src, copied, semicolonBefore(src, copied, params.nameOffset(k)) - copied);
                copied = paramEnd;
            }
        }
        final int end = via.offset() + via.length();
        putValueBytes(src, copied, end - copied);
        if (haveSource && (fillRport || !sameHost(via, sourceIp)))
        {
            putBytes(RECEIVED);
            putText(sourceIp, true);
        }
        return endHeader();
    }

    /** The ';' that opens the parameter whose name starts at nameOffset (LWS may stand between them). */
    private static int semicolonBefore(final DirectBuffer buf, final int from, final int nameOffset)
    {
        int p = nameOffset - 1;
        while (p > from && buf.getByte(p) != ';')
        {
            p--;
        }
        return p;
    }

    private static boolean sameHost(final Via via, final CharSequence ip)
    {
        int off = via.hostOffset();
        int len = via.hostLength();
        if (len >= 2 && via.buffer().getByte(off) == '[')
        {
            off++;
            len -= 2;
        }
        int ipStart = 0;
        int ipLen = ip.length();
        if (ipLen >= 2 && ip.charAt(0) == '[')
        {
            ipStart = 1;
            ipLen -= 2;
        }
        if (len != ipLen)
        {
            return false;
        }
        for (int k = 0; k < len; k++)
        {
            if (SipChars.toLower(via.buffer().getByte(off + k) & 0xFF) != SipChars.toLower(ip.charAt(ipStart + k)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes To entry i of msg with {@code ;tag=toTag} added when the To has no tag yet (a UAS answering
     * out of a dialog, RFC 3261 §8.2.6.2); verbatim when it has one or toTag is null.
     */
    public SipMessageWriter copyToWithTag(final SipMessage msg, final int i, final CharSequence toTag)
    {
        if (i < 0 || i >= msg.headerCount())
        {
            failed = true;
            return this;
        }
        copyEntryOpen(msg, i);
        if (toTag != null && toTag.length() > 0 && inHeader())
        {
            final NameAddr addr = scratchAddr;
            if (!addr.parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i)) || !addr.hasParam("tag"))
            {
                putBytes(TAG);
                putText(toTag, true);
            }
        }
        return endHeader();
    }

    private void copyEntryOpen(final SipMessage msg, final int i)
    {
        final HeaderName name = msg.headerName(i);
        if (name == HeaderName.OTHER)
        {
            if (expect(State.HEADERS))
            {
                putValueBytes(msg.buffer(), msg.nameOffset(i), msg.nameLength(i));
                colon();
            }
        }
        else
        {
            startHeader(name);
        }
        if (inHeader())
        {
            putValueBytes(msg.buffer(), msg.valueOffset(i), msg.valueLength(i));
        }
    }

    // ------------------------------------------------------------------------------------------ end

    /** Writes "Content-Length: 0" and the blank line; returns the message length, or -1 when failed. */
    public int endHeaders()
    {
        if (expect(State.HEADERS))
        {
            putBytes(CONTENT_LENGTH);
            colon();
            putByte((byte)'0');
            crlf();
            crlf();
            state = State.DONE;
        }
        return failed ? -1 : length();
    }

    /**
     * Writes Content-Type, Content-Length, the blank line and the body; returns the length, or -1 when
     * failed. contentType null writes no Content-Type: for a caller that copied the original one (a proxy
     * forwarding a body). An empty body writes no Content-Type either.
     */
    public int body(final CharSequence contentType, final byte[] body)
    {
        if (body == null)
        {
            failed = true;
            return -1;
        }
        if (writeBodyHeaders(contentType, body.length))
        {
            if (ensure(body.length))
            {
                buffer.putBytes(position, body);
                position += body.length;
            }
            state = State.DONE;
        }
        return failed ? -1 : length();
    }

    /** As {@link #body(CharSequence, byte[])} with the body in [off, off+len) of src. */
    public int body(final CharSequence contentType, final DirectBuffer src, final int off, final int len)
    {
        if (src == null || off < 0 || len < 0 || off > src.capacity() - len)
        {
            failed = true;
            return -1;
        }
        if (writeBodyHeaders(contentType, len))
        {
            if (ensure(len))
            {
                buffer.putBytes(position, src, off, len);
                position += len;
            }
            state = State.DONE;
        }
        return failed ? -1 : length();
    }

    private boolean writeBodyHeaders(final CharSequence contentType, final int len)
    {
        if (!expect(State.HEADERS))
        {
            return false;
        }
        if (len > 0 && contentType != null)
        {
            if (contentType.length() == 0)
            {
                failed = true;
                return false;
            }
            putBytes(CONTENT_TYPE);
            colon();
            putText(contentType, true);
            crlf();
        }
        putBytes(CONTENT_LENGTH);
        colon();
        putLong(len);
        crlf();
        crlf();
        return !failed;
    }

    // ------------------------------------------------------------------------------------------ bytes

    private boolean expect(final State s)
    {
        if (failed)
        {
            return false;
        }
        if (state != s)
        {
            failed = true;
            return false;
        }
        return true;
    }

    private boolean inHeader()
    {
        return !failed && state == State.IN_HEADER;
    }

    private void colon()
    {
        putByte((byte)':');
        putByte(SipChars.SP);
        state = State.IN_HEADER;
    }

    private void crlf()
    {
        putByte(SipChars.CR);
        putByte(SipChars.LF);
    }

    private boolean ensure(final int n)
    {
        if (failed || n > limit - position)
        {
            failed = true;
            return false;
        }
        return true;
    }

    private void putByte(final byte b)
    {
        if (ensure(1))
        {
            buffer.putByte(position++, b);
        }
    }

    private void putBytes(final byte[] bytes)
    {
        if (ensure(bytes.length))
        {
            buffer.putBytes(position, bytes);
            position += bytes.length;
        }
    }

    private void putLong(final long v)
    {
        long x = v;
        int digits = v < 0 ? 2 : 1;
        while ((x /= 10) != 0)
        {
            digits++;
        }
        if (ensure(digits))
        {
            position += buffer.putLongAscii(position, v);
        }
    }

    /** Bytes of a value: verbatim, except CR, LF and NUL become SP. */
    private void putValueBytes(final DirectBuffer src, final int off, final int len)
    {
        if (!ensure(len))
        {
            return;
        }
        buffer.putBytes(position, src, off, len);
        for (int k = 0; k < len; k++)
        {
            final byte b = buffer.getByte(position + k);
            if (b == SipChars.CR || b == SipChars.LF || b == 0)
            {
                buffer.putByte(position + k, SipChars.SP);
            }
        }
        position += len;
    }

    private void putText(final CharSequence s, final boolean sanitize)
    {
        if (s == null)
        {
            return;
        }
        if (s instanceof BufferView)
        {
            final BufferView v = (BufferView)s;
            if (v.buffer() != null)
            {
                putValueBytes(v.buffer(), v.offset(), v.length());
            }
            return;
        }
        final int n = s.length();
        for (int k = 0; k < n && !failed; k++)
        {
            final char c = s.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(s.charAt(k + 1)))
            {
                final int cp = Character.toCodePoint(c, s.charAt(++k));
                if (ensure(4))
                {
                    buffer.putByte(position++, (byte)(0xF0 | (cp >> 18)));
                    buffer.putByte(position++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                    buffer.putByte(position++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                    buffer.putByte(position++, (byte)(0x80 | (cp & 0x3F)));
                }
            }
            else
            {
                putChar(c, sanitize);
            }
        }
    }

    private void putChar(final char c, final boolean sanitize)
    {
        if (c < 0x80)
        {
            putByte(sanitize && (c == '\r' || c == '\n' || c == 0) ? SipChars.SP : (byte)c);
        }
        else if (c < 0x800)
        {
            if (ensure(2))
            {
                buffer.putByte(position++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(position++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        else if (ensure(3))
        {
            // a lone surrogate is written as '?'
            if (Character.isSurrogate(c))
            {
                buffer.putByte(position++, (byte)'?');
                return;
            }
            buffer.putByte(position++, (byte)(0xE0 | (c >> 12)));
            buffer.putByte(position++, (byte)(0x80 | ((c >> 6) & 0x3F)));
            buffer.putByte(position++, (byte)(0x80 | (c & 0x3F)));
        }
    }

    /** The message written so far, as text (allocates): for logs and tests. */
    @Override
    public String toString()
    {
        if (buffer == null)
        {
            return "";
        }
        final byte[] bytes = new byte[length()];
        buffer.getBytes(offset, bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
