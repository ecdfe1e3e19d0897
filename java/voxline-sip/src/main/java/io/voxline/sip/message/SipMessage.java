package io.voxline.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable, zero-copy flyweight over one SIP message (RFC 3261 §7) in a {@link DirectBuffer}.
 * {@link #parse} records offsets only; nothing is copied and, after construction, nothing is allocated
 * (except by toString methods). It never throws on bad input: it returns false and says why in
 * {@link #error()} / {@link #errorReason()}.
 *
 * <h2>Header entries</h2>
 * Each header line is one entry, except that the comma-separated elements of list headers (Via,
 * Contact, Route, Record-Route; commas inside quotes and {@code <...>} do not split) become one entry
 * each, in order. Names are matched without case and compact forms are accepted
 * ({@link #headerName(int)} is the canonical {@link HeaderName}). A value is trimmed of surrounding
 * whitespace; a folded value (continuation lines) keeps its CRLF + whitespace inside the value range
 * ({@link #isFolded(int)}), which every flyweight here reads as whitespace and the writer unfolds when
 * copying. At most {@link #maxHeaders()} entries (default {@value #DEFAULT_MAX_HEADERS}): more is an error.
 *
 * <h2>Validation</h2>
 * Rejected with 400 (see {@link ParseError}): a malformed start line or Request-URI, control bytes or a
 * bare CR in the start line or headers, a malformed header line, missing or repeated Via/From/To/
 * Call-ID/CSeq (Via may repeat), a repeated Content-Length or Max-Forwards, a top Via, From or To that
 * does not parse, a CSeq whose method differs from the request's, non-numeric or overlarge CSeq
 * number (&gt; 2^32-1), Max-Forwards (&gt; 255), Content-Length, Expires (&gt; 2^32-1), a body shorter than
 * Content-Length. A version other than SIP/2.0 is {@link ParseError#VERSION_NOT_SUPPORTED} (505).
 * A missing Max-Forwards is not an error: {@link #maxForwards()} is -1 and a proxy treats it as 70.
 *
 * <h2>Body</h2>
 * The body starts after the blank line. With Content-Length, a longer datagram is cut to it and a
 * shorter one is an error; without it (allowed on UDP) the body is the rest of the datagram.
 * {@link #length()} covers the start line through the end of the body.
 *
 * <h2>Views and lifetime</h2>
 * Accessors returning {@link BufferView}, {@link Via}, {@link NameAddr} or {@link SipUri} hand out
 * objects owned by this flyweight, re-pointed on each call: a result is valid until the next call of
 * the same accessor or the next parse, and only while the buffer is unchanged. Do not re-parse the
 * returned flyweights. To keep a message beyond the life of its buffer (a ring slot), use
 * {@link #copyFrom} into storage of your own. Single-threaded, like everything on the reactor.
 */
public final class SipMessage
{
    public static final int DEFAULT_MAX_HEADERS = 64;
    /** Upper bound of CSeq numbers and Expires values: 2^32-1. */
    public static final long MAX_UINT32 = 0xFFFF_FFFFL;

    private static final HeaderName[] NAMES = HeaderName.values();
    private static final int NAME_COUNT = NAMES.length;

    private final int maxHeaders;
    private final HeaderName[] entryName;
    private final int[] nameOffset;
    private final int[] nameLength;
    private final int[] valueOffset;
    private final int[] valueLength;
    private final boolean[] folded;
    private final int[] firstIndex = new int[NAME_COUNT];
    private final int[] countOf = new int[NAME_COUNT];

    private final BufferView methodView = new BufferView();
    private final BufferView requestUriView = new BufferView();
    private final BufferView reasonView = new BufferView();
    private final BufferView valueView = new BufferView();
    private final BufferView nameView = new BufferView();
    private final BufferView firstValueView = new BufferView();
    private final BufferView callIdView = new BufferView();
    private final BufferView cseqMethodView = new BufferView();
    private final Via topVia = new Via();
    private final NameAddr from = new NameAddr();
    private final NameAddr to = new NameAddr();
    private final SipUri requestUri = new SipUri();

    private DirectBuffer buffer;
    private int inputOffset;
    private int inputLength;
    private int offset;
    private int length;
    private ParseError error = ParseError.NONE;
    private boolean answerable;
    private int headerCount;
    private boolean callIdValid;

    private boolean request;
    private SipMethod method;
    private int methodOffset;
    private int methodLength;
    private int uriOffset;
    private int uriLength;
    private int requestUriState;
    private int statusCode;
    private int reasonOffset;
    private int reasonLength;

    private long cseqNumber;
    private SipMethod cseqMethod;
    private int cseqMethodOffset;
    private int cseqMethodLength;
    private int maxForwards;
    private long contentLength;
    private long expires;
    private int bodyOffset;
    private int bodyLength;

    public SipMessage()
    {
        this(DEFAULT_MAX_HEADERS);
    }

    /** A flyweight accepting up to maxHeaders header entries. */
    public SipMessage(final int maxHeaders)
    {
        this.maxHeaders = maxHeaders;
        entryName = new HeaderName[maxHeaders];
        nameOffset = new int[maxHeaders];
        nameLength = new int[maxHeaders];
        valueOffset = new int[maxHeaders];
        valueLength = new int[maxHeaders];
        folded = new boolean[maxHeaders];
        reset();
    }

    // ------------------------------------------------------------------------------------------ parsing

    /**
     * Parses the message (one datagram, or one framed message of a stream) in [offset, offset+length).
     * Leading CRLFs are skipped (RFC 3261 §7.5). Returns true when the message is valid; otherwise
     * {@link #error()} says why, and what was recorded before the error stays readable
     * (see {@link #isAnswerable()}).
     */
    public boolean parse(final DirectBuffer buf, final int offset, final int length)
    {
        reset();
        if (buf == null || offset < 0 || length < 0 || offset > buf.capacity() - length)
        {
            return fail(ParseError.BAD_RANGE);
        }
        buffer = buf;
        inputOffset = offset;
        inputLength = length;
        this.offset = offset;
        this.length = length;
        final int end = offset + length;
        int p = offset;
        while (p < end && (buf.getByte(p) == SipChars.CR || buf.getByte(p) == SipChars.LF))
        {
            p++;
        }
        if (p == end)
        {
            return fail(ParseError.EMPTY);
        }
        this.offset = p;
        this.length = end - p;

        final int lf = SipChars.indexOf(buf, p, end, SipChars.LF);
        if (lf < 0)
        {
            return fail(ParseError.INCOMPLETE_START_LINE);
        }
        final int lineEnd = buf.getByte(lf - 1) == SipChars.CR ? lf - 1 : lf;
        for (int q = p; q < lineEnd; q++)
        {
            final byte b = buf.getByte(q);
            if (b == SipChars.CR)
            {
                return fail(ParseError.BARE_CR);
            }
            if (SipChars.isControl(b))
            {
                return fail(ParseError.CONTROL_CHARACTER);
            }
        }
        final ParseError startLine = SipChars.startsWithIgnoreCase(buf, p, lineEnd - p, "SIP/") ?
            parseStatusLine(buf, p, lineEnd) : parseRequestLine(buf, p, lineEnd);
        if (startLine != ParseError.NONE && startLine != ParseError.VERSION_NOT_SUPPORTED)
        {
            return fail(startLine);
        }

        p = lf + 1;
        boolean blankLine = false;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == SipChars.LF)
            {
                p++;
                blankLine = true;
                break;
            }
            if (b == SipChars.CR)
            {
                if (p + 1 < end && buf.getByte(p + 1) == SipChars.LF)
                {
                    p += 2;
                    blankLine = true;
                    break;
                }
                if (p + 1 < end)
                {
                    return fail(ParseError.BARE_CR);
                }
                p = end;
                break;
            }
            p = parseHeaderLine(buf, p, end);
            if (p < 0)
            {
                return false;
            }
        }
        final int bodyStart = p;
        final ParseError semantic = validate(blankLine);
        // the answer copies Via, From, To, Call-ID and CSeq: answer only when they make a valid response
        answerable = request && method != SipMethod.ACK && topVia.isValid() && from.isValid() && to.isValid() &&
            callIdValid && cseqNumber >= 0 && countOf[HeaderName.FROM.ordinal()] == 1 &&
            countOf[HeaderName.TO.ordinal()] == 1 && countOf[HeaderName.CALL_ID.ordinal()] == 1 &&
            countOf[HeaderName.CSEQ.ordinal()] == 1;

        bodyOffset = bodyStart;
        bodyLength = end - bodyStart;
        ParseError bodyError = ParseError.NONE;
        if (contentLength >= 0)
        {
            if (contentLength > bodyLength)
            {
                bodyError = ParseError.BODY_TOO_SHORT;
            }
            else
            {
                bodyLength = (int)contentLength;
            }
        }
        this.length = bodyOffset + bodyLength - this.offset;

        if (startLine != ParseError.NONE)
        {
            return fail(startLine);
        }
        if (semantic != ParseError.NONE)
        {
            return fail(semantic);
        }
        if (bodyError != ParseError.NONE)
        {
            return fail(bodyError);
        }
        return true;
    }

    /**
     * Copies src's message bytes ([src.offset(), src.offset()+src.length())) into storage at
     * storageOffset and parses the copy: how a transaction keeps a message beyond its ring slot.
     * Returns the parse result (BAD_RANGE when storage is too small or src holds nothing).
     */
    public boolean copyFrom(final SipMessage src, final MutableDirectBuffer storage, final int storageOffset)
    {
        if (src.buffer == null || storage == null || storageOffset < 0 ||
            storageOffset > storage.capacity() - src.length)
        {
            reset();
            return fail(ParseError.BAD_RANGE);
        }
        storage.putBytes(storageOffset, src.buffer, src.offset, src.length);
        return parse(storage, storageOffset, src.length);
    }

    private ParseError parseRequestLine(final DirectBuffer buf, final int p, final int lineEnd)
    {
        request = true;
        final int sp1 = SipChars.indexOf(buf, p, lineEnd, SipChars.SP);
        if (sp1 <= p || SipChars.scanToken(buf, p, sp1) != sp1)
        {
            return ParseError.BAD_REQUEST_LINE;
        }
        methodOffset = p;
        methodLength = sp1 - p;
        method = SipMethod.lookup(buf, p, methodLength);
        final int uriStart = sp1 + 1;
        final int sp2 = SipChars.indexOf(buf, uriStart, lineEnd, SipChars.SP);
        if (sp2 <= uriStart || SipChars.indexOf(buf, sp2 + 1, lineEnd, SipChars.SP) >= 0)
        {
            return ParseError.BAD_REQUEST_LINE;
        }
        uriOffset = uriStart;
        uriLength = sp2 - uriStart;
        if (!isUriShape(buf, uriStart, sp2))
        {
            return ParseError.BAD_REQUEST_URI;
        }
        return checkVersion(buf, sp2 + 1, lineEnd, ParseError.BAD_REQUEST_LINE);
    }

    private ParseError parseStatusLine(final DirectBuffer buf, final int p, final int lineEnd)
    {
        request = false;
        final int sp1 = SipChars.indexOf(buf, p, lineEnd, SipChars.SP);
        if (sp1 < 0)
        {
            return ParseError.BAD_STATUS_LINE;
        }
        final ParseError version = checkVersion(buf, p, sp1, ParseError.BAD_STATUS_LINE);
        if (version == ParseError.BAD_STATUS_LINE)
        {
            return version;
        }
        final int codeStart = sp1 + 1;
        final int codeEnd = codeStart + 3;
        if (codeEnd > lineEnd || (codeEnd < lineEnd && buf.getByte(codeEnd) != SipChars.SP))
        {
            return ParseError.BAD_STATUS_LINE;
        }
        final long code = SipChars.parseDigits(buf, codeStart, codeEnd, 699);
        if (code < 100)
        {
            return ParseError.BAD_STATUS_LINE;
        }
        statusCode = (int)code;
        reasonOffset = codeEnd < lineEnd ? codeEnd + 1 : lineEnd;
        reasonLength = lineEnd - reasonOffset;
        return version;
    }

    private static ParseError checkVersion(final DirectBuffer buf, final int p, final int end, final ParseError malformed)
    {
        final int len = end - p;
        if (SipChars.equalsIgnoreCase(buf, p, len, "SIP/2.0"))
        {
            return ParseError.NONE;
        }
        // SIP/<digits>.<digits>: a version we do not speak, answerable with 505
        if (!SipChars.startsWithIgnoreCase(buf, p, len, "SIP/"))
        {
            return malformed;
        }
        final int major = SipChars.scanDigits(buf, p + 4, end);
        if (major == p + 4 || major >= end || buf.getByte(major) != '.')
        {
            return malformed;
        }
        final int minor = SipChars.scanDigits(buf, major + 1, end);
        return (minor == major + 1 || minor != end) ? malformed : ParseError.VERSION_NOT_SUPPORTED;
    }

    /** scheme ":" then at least one visible byte, no LWS. */
    private static boolean isUriShape(final DirectBuffer buf, final int start, final int end)
    {
        if (!SipChars.isAlpha(buf.getByte(start)))
        {
            return false;
        }
        int p = start + 1;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == ':')
            {
                break;
            }
            if (!(SipChars.isAlpha(b) || SipChars.isDigit(b) || b == '+' || b == '-' || b == '.'))
            {
                return false;
            }
            p++;
        }
        if (p >= end - 1)
        {
            return false;
        }
        for (int q = p + 1; q < end; q++)
        {
            if (SipChars.isLws(buf.getByte(q)))
            {
                return false;
            }
        }
        return true;
    }

    /** Parses one logical header line at p; returns the index after it or -1 after fail(). */
    private int parseHeaderLine(final DirectBuffer buf, final int p, final int end)
    {
        if (SipChars.isWsp(buf.getByte(p)))
        {
            failVoid(ParseError.BAD_HEADER_LINE);
            return -1;
        }
        final int nameStart = p;
        final int nameEnd = SipChars.scanToken(buf, p, end);
        int q = nameEnd;
        while (q < end && SipChars.isWsp(buf.getByte(q)))
        {
            q++;
        }
        if (nameEnd == nameStart || q >= end || buf.getByte(q) != ':')
        {
            failVoid(ParseError.BAD_HEADER_LINE);
            return -1;
        }
        final int valueStart = q + 1;
        boolean isFolded = false;
        int contentEnd;
        int next;
        q = valueStart;
        while (true)
        {
            if (q >= end)
            {
                contentEnd = end;
                next = end;
                break;
            }
            final byte c = buf.getByte(q);
            if (c == SipChars.CR || c == SipChars.LF)
            {
                final int nl;
                if (c == SipChars.CR)
                {
                    if (q + 1 >= end)
                    {
                        nl = end;
                    }
                    else if (buf.getByte(q + 1) == SipChars.LF)
                    {
                        nl = q + 2;
                    }
                    else
                    {
                        failVoid(ParseError.BARE_CR);
                        return -1;
                    }
                }
                else
                {
                    nl = q + 1;
                }
                if (nl < end && SipChars.isWsp(buf.getByte(nl)))
                {
                    isFolded = true;
                    q = nl + 1;
                    continue;
                }
                contentEnd = q;
                next = nl;
                break;
            }
            if (SipChars.isControl(c))
            {
                failVoid(ParseError.CONTROL_CHARACTER);
                return -1;
            }
            q++;
        }
        final int vs = SipChars.skipLws(buf, valueStart, contentEnd);
        final int ve = SipChars.trimLwsEnd(buf, vs, contentEnd);
        final HeaderName name = HeaderName.lookup(buf, nameStart, nameEnd - nameStart);
        if (!name.isList())
        {
            return addEntry(name, nameStart, nameEnd - nameStart, vs, ve, isFolded) ? next : -1;
        }
        int s = vs;
        while (s < ve)
        {
            final int comma = SipChars.indexOfUnquoted(buf, s, ve, (byte)',', true);
            final int e = comma < 0 ? ve : comma;
            final int es = SipChars.skipLws(buf, s, e);
            final int ee = SipChars.trimLwsEnd(buf, es, e);
            if (ee > es && !addEntry(name, nameStart, nameEnd - nameStart, es, ee, isFolded))
            {
                return -1;
            }
            s = e + 1;
        }
        return next;
    }

    private boolean addEntry(
        final HeaderName name, final int nameOff, final int nameLen, final int vs, final int ve, final boolean isFolded)
    {
        if (headerCount == maxHeaders)
        {
            failVoid(ParseError.TOO_MANY_HEADERS);
            return false;
        }
        final int i = headerCount++;
        entryName[i] = name;
        nameOffset[i] = nameOff;
        nameLength[i] = nameLen;
        valueOffset[i] = vs;
        valueLength[i] = ve - vs;
        folded[i] = isFolded;
        final int o = name.ordinal();
        if (countOf[o]++ == 0)
        {
            firstIndex[o] = i;
        }
        return true;
    }

    private ParseError validate(final boolean blankLine)
    {
        ParseError e = blankLine ? ParseError.NONE : ParseError.MISSING_BLANK_LINE;
        e = first(e, once(HeaderName.VIA, ParseError.MISSING_VIA, ParseError.NONE));
        e = first(e, once(HeaderName.FROM, ParseError.MISSING_FROM, ParseError.DUPLICATE_FROM));
        e = first(e, once(HeaderName.TO, ParseError.MISSING_TO, ParseError.DUPLICATE_TO));
        e = first(e, once(HeaderName.CALL_ID, ParseError.MISSING_CALL_ID, ParseError.DUPLICATE_CALL_ID));
        e = first(e, once(HeaderName.CSEQ, ParseError.MISSING_CSEQ, ParseError.DUPLICATE_CSEQ));
        e = first(e, once(HeaderName.CONTENT_LENGTH, ParseError.NONE, ParseError.DUPLICATE_CONTENT_LENGTH));
        e = first(e, once(HeaderName.MAX_FORWARDS, ParseError.NONE, ParseError.DUPLICATE_MAX_FORWARDS));

        final int via = firstIndex(HeaderName.VIA);
        if (via >= 0 && !topVia.parse(buffer, valueOffset[via], valueLength[via]))
        {
            e = first(e, ParseError.BAD_VIA);
        }
        final int f = firstIndex(HeaderName.FROM);
        if (f >= 0 && !from.parse(buffer, valueOffset[f], valueLength[f]))
        {
            e = first(e, ParseError.BAD_FROM);
        }
        final int t = firstIndex(HeaderName.TO);
        if (t >= 0 && !to.parse(buffer, valueOffset[t], valueLength[t]))
        {
            e = first(e, ParseError.BAD_TO);
        }
        final int c = firstIndex(HeaderName.CALL_ID);
        if (c >= 0)
        {
            final int cs = valueOffset[c];
            final int ce = cs + valueLength[c];
            boolean ok = ce > cs;
            for (int q = cs; q < ce && ok; q++)
            {
                ok = !SipChars.isLws(buffer.getByte(q));
            }
            callIdValid = ok;
            if (!ok)
            {
                e = first(e, ParseError.BAD_CALL_ID);
            }
        }
        final int cseq = firstIndex(HeaderName.CSEQ);
        if (cseq >= 0)
        {
            e = first(e, parseCSeq(valueOffset[cseq], valueOffset[cseq] + valueLength[cseq]));
        }
        final int mf = firstIndex(HeaderName.MAX_FORWARDS);
        if (mf >= 0)
        {
            final long v = SipChars.parseDigits(buffer, valueOffset[mf], valueOffset[mf] + valueLength[mf], 255);
            if (v < 0)
            {
                e = first(e, ParseError.BAD_MAX_FORWARDS);
            }
            maxForwards = (int)v;
        }
        final int cl = firstIndex(HeaderName.CONTENT_LENGTH);
        if (cl >= 0)
        {
            contentLength = SipChars.parseDigits(buffer, valueOffset[cl], valueOffset[cl] + valueLength[cl], Integer.MAX_VALUE);
            if (contentLength < 0)
            {
                e = first(e, ParseError.BAD_CONTENT_LENGTH);
            }
        }
        final int ex = firstIndex(HeaderName.EXPIRES);
        if (ex >= 0)
        {
            expires = SipChars.parseDigits(buffer, valueOffset[ex], valueOffset[ex] + valueLength[ex], MAX_UINT32);
            if (expires < 0)
            {
                e = first(e, ParseError.BAD_EXPIRES);
            }
        }
        return e;
    }

    private ParseError parseCSeq(final int start, final int end)
    {
        final int digitsEnd = SipChars.scanDigits(buffer, start, end);
        final long n = SipChars.parseDigits(buffer, start, digitsEnd, MAX_UINT32);
        final int ms = SipChars.skipLws(buffer, digitsEnd, end);
        final int me = SipChars.scanToken(buffer, ms, end);
        if (n < 0 || ms == digitsEnd || me == ms || me != end)
        {
            return ParseError.BAD_CSEQ;
        }
        cseqNumber = n;
        cseqMethodOffset = ms;
        cseqMethodLength = me - ms;
        cseqMethod = SipMethod.lookup(buffer, ms, me - ms);
        if (request && !sameBytes(ms, cseqMethodLength, methodOffset, methodLength))
        {
            return ParseError.CSEQ_METHOD_MISMATCH;
        }
        return ParseError.NONE;
    }

    private boolean sameBytes(final int aOff, final int aLen, final int bOff, final int bLen)
    {
        if (aLen != bLen)
        {
            return false;
        }
        for (int i = 0; i < aLen; i++)
        {
            if (buffer.getByte(aOff + i) != buffer.getByte(bOff + i))
            {
                return false;
            }
        }
        return true;
    }

    private ParseError once(final HeaderName name, final ParseError missing, final ParseError duplicate)
    {
        final int n = countOf[name.ordinal()];
        return n == 0 ? missing : (n > 1 ? duplicate : ParseError.NONE);
    }

    private static ParseError first(final ParseError current, final ParseError next)
    {
        return current != ParseError.NONE ? current : next;
    }

    private int firstIndex(final HeaderName name)
    {
        return countOf[name.ordinal()] == 0 ? -1 : firstIndex[name.ordinal()];
    }

    private boolean fail(final ParseError e)
    {
        error = e;
        return false;
    }

    private void failVoid(final ParseError e)
    {
        error = e;
    }

    private void reset()
    {
        buffer = null;
        inputOffset = 0;
        inputLength = 0;
        offset = 0;
        length = 0;
        error = ParseError.NONE;
        answerable = false;
        callIdValid = false;
        headerCount = 0;
        Arrays.fill(countOf, 0);
        request = false;
        method = SipMethod.UNKNOWN;
        methodOffset = 0;
        methodLength = 0;
        uriOffset = 0;
        uriLength = 0;
        requestUriState = 0;
        statusCode = 0;
        reasonOffset = 0;
        reasonLength = 0;
        cseqNumber = -1;
        cseqMethod = SipMethod.UNKNOWN;
        cseqMethodOffset = 0;
        cseqMethodLength = 0;
        maxForwards = -1;
        contentLength = -1;
        expires = -1;
        bodyOffset = 0;
        bodyLength = 0;
        topVia.clear();
        from.clear();
        to.clear();
    }

    // ------------------------------------------------------------------------------------------ result

    /** NONE after a successful parse, else what was wrong. */
    public ParseError error()
    {
        return error;
    }

    /** A constant reason phrase for the error ("OK" when there is none), usable in a 400/505. */
    public String errorReason()
    {
        return error.reason();
    }

    /** 400 or 505 after a failed parse, 0 after a successful one. */
    public int errorStatus()
    {
        return error.status();
    }

    /**
     * True when a valid response can be built for this message with {@link SipResponses}: it is a
     * request other than ACK, all its header lines were read, and its top Via, From, To, Call-ID and
     * CSeq (one each) parse — the CSeq method may still differ from the request's. After a failed parse
     * this says whether to answer 400/505 or to drop the message.
     */
    public boolean isAnswerable()
    {
        return answerable;
    }

    /** The buffer of the last parse (null before the first, or after a bad range). */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** Where the message starts (after any leading CRLFs). */
    public int offset()
    {
        return offset;
    }

    /** Start line through the end of the body (as bounded by Content-Length). */
    public int length()
    {
        return length;
    }

    public int maxHeaders()
    {
        return maxHeaders;
    }

    // ------------------------------------------------------------------------------------------ start line

    public boolean isRequest()
    {
        return request;
    }

    public boolean isResponse()
    {
        return !request && statusCode != 0;
    }

    /** The request's method (UNKNOWN for others and for responses). */
    public SipMethod method()
    {
        return method;
    }

    /** The method as written. */
    public BufferView methodName()
    {
        return methodView.wrap(buffer, methodOffset, methodLength);
    }

    /** The Request-URI as written. */
    public BufferView requestUri()
    {
        return requestUriView.wrap(buffer, uriOffset, uriLength);
    }

    /** The Request-URI parsed (cached until the next parse), or null when it is not a URI SipUri accepts. */
    public SipUri parsedRequestUri()
    {
        if (requestUriState == 0)
        {
            requestUriState = request && uriLength > 0 && requestUri.parse(buffer, uriOffset, uriLength) ? 1 : 2;
        }
        return requestUriState == 1 ? requestUri : null;
    }

    /** The response's status code, 0 for requests. */
    public int statusCode()
    {
        return statusCode;
    }

    /** The reason phrase (may be empty). */
    public BufferView reasonPhrase()
    {
        return reasonView.wrap(buffer, reasonOffset, reasonLength);
    }

    // ------------------------------------------------------------------------------------------ entries

    public int headerCount()
    {
        return headerCount;
    }

    /** The known name of entry i (OTHER for the rest). */
    public HeaderName headerName(final int i)
    {
        return entryName[i];
    }

    /** The name of entry i as written (e.g. "v" for a compact Via). */
    public BufferView headerNameText(final int i)
    {
        return nameView.wrap(buffer, nameOffset[i], nameLength[i]);
    }

    public int nameOffset(final int i)
    {
        return nameOffset[i];
    }

    public int nameLength(final int i)
    {
        return nameLength[i];
    }

    public int valueOffset(final int i)
    {
        return valueOffset[i];
    }

    public int valueLength(final int i)
    {
        return valueLength[i];
    }

    /** True when entry i came from a folded line (its value holds CRLF + whitespace). */
    public boolean isFolded(final int i)
    {
        return folded[i];
    }

    /** The value of entry i; one shared view for all entries. */
    public BufferView value(final int i)
    {
        return valueView.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /** The index of the first entry named name, or -1. */
    public int first(final HeaderName name)
    {
        return firstIndex(name);
    }

    /** The index of the next entry named name after index after, or -1. */
    public int next(final HeaderName name, final int after)
    {
        for (int i = after + 1; i < headerCount; i++)
        {
            if (entryName[i] == name)
            {
                return i;
            }
        }
        return -1;
    }

    /** How many entries are named name (list elements count one each). */
    public int count(final HeaderName name)
    {
        return countOf[name.ordinal()];
    }

    /** The value of the first entry named name, or null; its own shared view. */
    public BufferView firstValue(final HeaderName name)
    {
        final int i = firstIndex(name);
        return i < 0 ? null : firstValueView.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /**
     * The first entry whose name is name without case: a known name (full or compact) goes by its
     * HeaderName, any other by the name as written (e.g. "RSeq", "P-Asserted-Identity"). -1 when absent.
     */
    public int find(final CharSequence name)
    {
        return findNext(name, -1);
    }

    /** As {@link #find}, for entries after index after. */
    public int findNext(final CharSequence name, final int after)
    {
        final HeaderName known = HeaderName.lookup(name);
        if (known != HeaderName.OTHER)
        {
            return next(known, after);
        }
        for (int i = after + 1; i < headerCount; i++)
        {
            if (entryName[i] == HeaderName.OTHER && SipChars.equalsIgnoreCase(buffer, nameOffset[i], nameLength[i], name))
            {
                return i;
            }
        }
        return -1;
    }

    /** Entry i's value as a number: its leading digits (e.g. Retry-After "120;duration=60" → 120); -1 when none or over 2^32-1. */
    public long leadingNumber(final int i)
    {
        final int s = valueOffset[i];
        final int e = SipChars.scanDigits(buffer, s, s + valueLength[i]);
        return SipChars.parseDigits(buffer, s, e, MAX_UINT32);
    }

    // ------------------------------------------------------------------------------------------ conveniences

    /** The Call-ID value; its own view. */
    public BufferView callId()
    {
        final int i = firstIndex(HeaderName.CALL_ID);
        return i < 0 ? null : callIdView.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /** The CSeq number, or -1 when it did not parse. */
    public long cseqNumber()
    {
        return cseqNumber;
    }

    /** The CSeq method (for a response, the method of the request it answers). */
    public SipMethod cseqMethod()
    {
        return cseqMethod;
    }

    /** The CSeq method as written. */
    public BufferView cseqMethodName()
    {
        return cseqMethodView.wrap(buffer, cseqMethodOffset, cseqMethodLength);
    }

    /** Max-Forwards, or -1 when absent (a proxy then uses 70). */
    public int maxForwards()
    {
        return maxForwards;
    }

    /** The Content-Length header's value, or -1 when absent. */
    public long contentLength()
    {
        return contentLength;
    }

    /** The Expires header's value in seconds, or -1 when absent. */
    public long expires()
    {
        return expires;
    }

    /** The top Via, parsed (valid after a successful parse). */
    public Via topVia()
    {
        return topVia;
    }

    /** From, parsed (valid after a successful parse). */
    public NameAddr from()
    {
        return from;
    }

    /** To, parsed (valid after a successful parse). */
    public NameAddr to()
    {
        return to;
    }

    /** The From tag, or null. */
    public BufferView fromTag()
    {
        return from.isValid() ? from.tag() : null;
    }

    /** The To tag, or null (absent in out-of-dialog requests). */
    public BufferView toTag()
    {
        return to.isValid() ? to.tag() : null;
    }

    /** Where the body starts (meaningful when bodyLength() &gt; 0). */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    public int bodyLength()
    {
        return bodyLength;
    }

    /** The message text decoded as UTF-8 (allocates): for logs and tests. After a failed parse, the whole input. */
    @Override
    public String toString()
    {
        if (buffer == null)
        {
            return "";
        }
        final int off = error == ParseError.NONE ? offset : inputOffset;
        final int len = error == ParseError.NONE ? length : inputLength;
        final byte[] bytes = new byte[len];
        buffer.getBytes(off, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
