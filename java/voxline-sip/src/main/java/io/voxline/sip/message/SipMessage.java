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
 * {@link #error()} / {@link #errorReason()} (and {@link #errorHeader()} for faults in one header).
 *
 * <h2>What it accepts (RFC 3261 §25)</h2>
 * Folded lines, compact header names, names in any case, LWS wherever the grammar allows it (around ':',
 * '/', ';', '=', ','), quoted strings with quoted-pairs (which may even escape a control byte, RFC 4475
 * intmeth), %-escapes in URIs (compare with {@link BufferView#equalsDecoded}), unknown methods, headers and
 * URI schemes, IPv6 references (RFC 5118, RFC 5954), any body (see {@link MultipartBody} for multipart).
 * Leading CRLFs are skipped (§7.5).
 *
 * <h2>Header entries</h2>
 * Each header line is one entry, except that the comma-separated elements of the address lists
 * ({@link HeaderName#isList()}: Via, Contact, Route, Record-Route, Path, Service-Route; commas inside quotes
 * and {@code <...>} do not split) become one entry each, in order. The other list headers (Allow, Supported,
 * Require, Proxy-Require, Unsupported, Accept, Warning, …: {@link HeaderName#hasListGrammar()}) keep a line per
 * entry, each element checked on its own; {@link HeaderElements} walks the elements of every line.
 * Names are matched without case and compact forms are accepted ({@link #headerName(int)} is the canonical
 * {@link HeaderName}). A value is trimmed of surrounding whitespace; a folded value (continuation lines) keeps
 * its CRLF + whitespace inside the value range ({@link #isFolded(int)}), which every flyweight here reads as
 * whitespace and the writer unfolds when copying.
 *
 * <h2>What it rejects</h2>
 * With 400 and a reason phrase naming the fault (see {@link ParseError}): a malformed request line (method not
 * a token, extra or missing spaces, whitespace in or around the Request-URI, a Request-URI that is not a URI
 * or carries headers), a malformed status line, a version other than SIP/2.0 ({@link ParseError#VERSION_NOT_SUPPORTED},
 * 505), control bytes or a bare CR outside quoted-pairs, malformed header lines, a missing Via, From, To,
 * Call-ID or CSeq, a second instance of any single-value header ({@link HeaderName#isSingle()}), a CSeq method
 * that is not the request's, negative or overlarge numbers (CSeq and Expires over 2^32-1, Max-Forwards over
 * 255), any known header whose value breaks its grammar (every Via; From, To, Contact, Route and Record-Route as
 * name-addr/addr-spec; Call-ID as word["@"word]; Content-Type and Accept as media types; Date as an
 * rfc1123-date in GMT; …), unterminated quoted strings and unbalanced angle brackets, empty list elements, a
 * body shorter than Content-Length, a missing Content-Length on a stream transport ({@link Framing#STREAM}).
 * Unknown headers are checked only for control bytes. A missing Max-Forwards is not an error (RFC 2543
 * peers): {@link #maxForwards()} is -1 and a proxy treats it as 70.
 *
 * <h2>Limits</h2>
 * A message of at most {@link #MAX_MESSAGE_SIZE} bytes (else 513), lines (start line, and each header line with
 * its continuations) of at most {@link #MAX_LINE_LENGTH} bytes, at most {@link #maxHeaders()} entries
 * (default {@value #DEFAULT_MAX_HEADERS}), at most {@link io.voxline.sip.parse.ParamList#MAX_PARAMS}
 * parameters per value.
 *
 * <h2>Body</h2>
 * The body starts after the blank line. With Content-Length, a longer datagram is cut to it (RFC 3261 §18.3:
 * the rest is discarded, RFC 4475 dblreq) and a shorter one is an error; without it (allowed on UDP only) the
 * body is the rest of the datagram. {@link #length()} covers the start line through the end of the body.
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
    /**
     * The largest message parsed, in bytes: the largest UDP payload (65,507) fits, and a stream message is held to
     * the same bound. Larger input is refused with 513 before anything is read.
     */
    public static final int MAX_MESSAGE_SIZE = 65_535;
    /** The longest start line, and the longest header line counted with its continuation lines, in bytes. */
    public static final int MAX_LINE_LENGTH = 8_192;

    /** How the message reached us: it decides whether Content-Length is mandatory (RFC 3261 §18.3, §20.14). */
    public enum Framing
    {
        /** UDP: the datagram bounds the message; Content-Length may be absent. */
        DATAGRAM,
        /** TCP/TLS: Content-Length frames the message and must be present (see {@link SipFraming}). */
        STREAM
    }

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
    private final Via scratchVia = new Via();
    private final NameAddr from = new NameAddr();
    private final NameAddr to = new NameAddr();
    private final NameAddr scratchAddr = new NameAddr();
    private final SipUri requestUri = new SipUri();
    private final HeaderSyntax syntax = new HeaderSyntax();

    private DirectBuffer buffer;
    private int inputOffset;
    private int inputLength;
    private int offset;
    private int length;
    private ParseError error = ParseError.NONE;
    private HeaderName errorHeader;
    private ParseError pending = ParseError.NONE;
    private HeaderName pendingHeader;
    private boolean answerable;
    private int headerCount;
    private boolean callIdValid;
    private boolean viasValid;

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
     * Parses the message (one datagram) in [offset, offset+length): {@link Framing#DATAGRAM}.
     * Returns true when the message is valid; otherwise {@link #error()} says why, and what was recorded before
     * the error stays readable (see {@link #isAnswerable()}).
     */
    public boolean parse(final DirectBuffer buf, final int offset, final int length)
    {
        return parse(buf, offset, length, Framing.DATAGRAM);
    }

    /**
     * Parses the message in [offset, offset+length) as it arrived by framing: on {@link Framing#STREAM} (one
     * message a framer cut from a TCP or TLS stream, see {@link SipFraming#frameLength}) Content-Length is
     * mandatory. Returns true when the message is valid.
     */
    public boolean parse(final DirectBuffer buf, final int offset, final int length, final Framing framing)
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
        if (length > MAX_MESSAGE_SIZE)
        {
            return fail(ParseError.MESSAGE_TOO_LARGE);
        }
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

        final int lf = SipChars.indexOf(buf, p, Math.min(end, p + MAX_LINE_LENGTH + 2), SipChars.LF);
        if (lf < 0)
        {
            return fail(end - p > MAX_LINE_LENGTH ? ParseError.LINE_TOO_LONG : ParseError.INCOMPLETE_START_LINE);
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
        if (lineEnd - p > MAX_LINE_LENGTH)
        {
            return fail(ParseError.LINE_TOO_LONG);
        }
        final boolean response = SipChars.startsWithIgnoreCase(buf, p, lineEnd - p, "SIP/");
        final ParseError startLine = response ? parseStatusLine(buf, p, lineEnd) : parseRequestLine(buf, p, lineEnd);
        if (response && startLine != ParseError.NONE && startLine != ParseError.VERSION_NOT_SUPPORTED)
        {
            // nobody answers a response: no need to read on
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
        report(startLine, null);
        validate(blankLine, framing);
        // the answer copies every Via, From, To, Call-ID and CSeq: answer only when they make a valid response
        answerable = request && method != SipMethod.ACK && viasValid && from.isValid() && to.isValid() &&
            callIdValid && cseqNumber >= 0;

        bodyOffset = bodyStart;
        bodyLength = end - bodyStart;
        if (contentLength >= 0)
        {
            if (contentLength > bodyLength)
            {
                report(ParseError.BODY_TOO_SHORT, HeaderName.CONTENT_LENGTH);
            }
            else
            {
                bodyLength = (int)contentLength;
            }
        }
        this.length = bodyOffset + bodyLength - this.offset;

        if (pending != ParseError.NONE)
        {
            error = pending;
            errorHeader = pendingHeader;
            return false;
        }
        return true;
    }

    /** Parses one message a stream framer cut out: {@link Framing#STREAM}. */
    public boolean parseStream(final DirectBuffer buf, final int offset, final int length)
    {
        return parse(buf, offset, length, Framing.STREAM);
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

    /**
     * Request-Line = Method SP Request-URI SP SIP-Version: one SP each, nothing around. Returns the first fault;
     * the headers are read either way, so a bad request line can still be answered.
     */
    private ParseError parseRequestLine(final DirectBuffer buf, final int p, final int lineEnd)
    {
        request = true;
        if (SipChars.isWsp(buf.getByte(p)) || SipChars.isWsp(buf.getByte(lineEnd - 1)))
        {
            return ParseError.REQUEST_LINE_WHITESPACE;
        }
        final int sp1 = SipChars.indexOf(buf, p, lineEnd, SipChars.SP);
        if (sp1 < 0)
        {
            return ParseError.BAD_REQUEST_LINE;
        }
        methodOffset = p;
        methodLength = sp1 - p;
        method = SipMethod.lookup(buf, p, methodLength);
        if (SipChars.scanToken(buf, p, sp1) != sp1)
        {
            return ParseError.BAD_METHOD;
        }
        int sp2 = lineEnd - 1;
        while (buf.getByte(sp2) != SipChars.SP)
        {
            sp2--;
        }
        if (sp2 == sp1)
        {
            // two elements only: no version, or no URI
            return ParseError.BAD_REQUEST_LINE;
        }
        final int uriStart = sp1 + 1;
        uriOffset = uriStart;
        uriLength = sp2 - uriStart;
        if (buf.getByte(uriStart) == SipChars.SP || buf.getByte(sp2 - 1) == SipChars.SP)
        {
            return ParseError.REQUEST_LINE_WHITESPACE;
        }
        for (int q = uriStart; q < sp2; q++)
        {
            if (SipChars.isLws(buf.getByte(q)))
            {
                return ParseError.WHITESPACE_IN_REQUEST_URI;
            }
        }
        final ParseError version = checkVersion(buf, sp2 + 1, lineEnd, ParseError.BAD_REQUEST_LINE);
        if (version == ParseError.BAD_REQUEST_LINE)
        {
            return version;
        }
        if (!isUriShape(buf, uriStart, sp2) || !requestUri.parse(buf, uriStart, sp2 - uriStart))
        {
            requestUriState = 2;
            return ParseError.BAD_REQUEST_URI;
        }
        requestUriState = 1;
        if (requestUri.headers() != null)
        {
            return ParseError.HEADERS_IN_REQUEST_URI;
        }
        return version;
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
        // "SIP/2.0 404" without the SP before an empty reason phrase is taken: harmless, and seen in the wild
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

    /** scheme ":" then at least one byte. */
    private static boolean isUriShape(final DirectBuffer buf, final int start, final int end)
    {
        if (start >= end || !SipChars.isAlpha(buf.getByte(start)))
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
        return p < end - 1;
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
        final HeaderName name = HeaderName.lookup(buf, nameStart, nameEnd - nameStart);
        // a quoted-pair may escape a control byte in a header whose grammar has quoted strings (RFC 4475 intmeth)
        final boolean quoting = name != HeaderName.OTHER && name.syntax().quotes();
        final int limit = Math.min(end, nameStart + MAX_LINE_LENGTH);
        final int valueStart = q + 1;
        boolean isFolded = false;
        boolean inQuote = false;
        boolean escaped = false;
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
            if (q >= limit)
            {
                failVoid(ParseError.LINE_TOO_LONG);
                return -1;
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
                    escaped = false;
                    q = nl + 1;
                    continue;
                }
                contentEnd = q;
                next = nl;
                break;
            }
            if (escaped)
            {
                escaped = false;
            }
            else if (SipChars.isControl(c))
            {
                failVoid(ParseError.CONTROL_CHARACTER);
                return -1;
            }
            else if (quoting && c == '"')
            {
                inQuote = !inQuote;
            }
            else if (quoting && inQuote && c == '\\')
            {
                escaped = true;
            }
            q++;
        }
        final int vs = SipChars.skipLws(buf, valueStart, contentEnd);
        final int ve = SipChars.trimLwsEnd(buf, vs, contentEnd);
        if (!name.isList() || ve == vs)
        {
            return addEntry(name, nameStart, nameEnd - nameStart, vs, ve, isFolded) ? next : -1;
        }
        int s = vs;
        while (true)
        {
            final int comma = SipChars.indexOfUnquoted(buf, s, ve, (byte)',', true);
            final int e = comma < 0 ? ve : comma;
            final int es = SipChars.skipLws(buf, s, e);
            final int ee = SipChars.trimLwsEnd(buf, es, e);
            if (ee == es)
            {
                report(ParseError.EMPTY_LIST_ELEMENT, name);
            }
            else if (!addEntry(name, nameStart, nameEnd - nameStart, es, ee, isFolded))
            {
                return -1;
            }
            if (comma < 0)
            {
                break;
            }
            s = comma + 1;
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

    /**
     * Every check after the lines are read; the first fault found is the one reported. The order: the blank
     * line, the mandatory headers, duplicates, Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length,
     * Expires, then every other known header in message order.
     */
    private void validate(final boolean blankLine, final Framing framing)
    {
        if (!blankLine)
        {
            report(ParseError.MISSING_BLANK_LINE, null);
        }
        once(HeaderName.VIA, ParseError.MISSING_VIA, ParseError.NONE);
        once(HeaderName.FROM, ParseError.MISSING_FROM, ParseError.DUPLICATE_FROM);
        once(HeaderName.TO, ParseError.MISSING_TO, ParseError.DUPLICATE_TO);
        once(HeaderName.CALL_ID, ParseError.MISSING_CALL_ID, ParseError.DUPLICATE_CALL_ID);
        once(HeaderName.CSEQ, ParseError.MISSING_CSEQ, ParseError.DUPLICATE_CSEQ);
        once(HeaderName.CONTENT_LENGTH, ParseError.NONE, ParseError.DUPLICATE_CONTENT_LENGTH);
        once(HeaderName.MAX_FORWARDS, ParseError.NONE, ParseError.DUPLICATE_MAX_FORWARDS);
        for (final HeaderName h : NAMES)
        {
            if (h.isSingle() && countOf[h.ordinal()] > 1)
            {
                report(ParseError.DUPLICATE_HEADER, h);
            }
        }
        if (framing == Framing.STREAM && countOf[HeaderName.CONTENT_LENGTH.ordinal()] == 0)
        {
            report(ParseError.MISSING_CONTENT_LENGTH, HeaderName.CONTENT_LENGTH);
        }

        final int via = firstIndex(HeaderName.VIA);
        viasValid = via >= 0;
        if (via >= 0)
        {
            topVia.parse(buffer, valueOffset[via], valueLength[via]);
            for (int i = via; i >= 0; i = next(HeaderName.VIA, i))
            {
                if (!(i == via ? topVia.isValid() : scratchVia.parse(buffer, valueOffset[i], valueLength[i])))
                {
                    viasValid = false;
                    addressFault(i, HeaderName.VIA, ParseError.BAD_VIA);
                }
            }
        }
        final int f = firstIndex(HeaderName.FROM);
        if (f >= 0 && !(from.parse(buffer, valueOffset[f], valueLength[f]) && !from.isWildcard() && from.tagWellFormed()))
        {
            from.clear();
            addressFault(f, HeaderName.FROM, ParseError.BAD_FROM);
        }
        final int t = firstIndex(HeaderName.TO);
        if (t >= 0 && !(to.parse(buffer, valueOffset[t], valueLength[t]) && !to.isWildcard() && to.tagWellFormed()))
        {
            to.clear();
            addressFault(t, HeaderName.TO, ParseError.BAD_TO);
        }
        final int c = firstIndex(HeaderName.CALL_ID);
        if (c >= 0)
        {
            callIdValid = HeaderSyntax.isCallId(buffer, valueOffset[c], valueOffset[c] + valueLength[c]);
            if (!callIdValid)
            {
                report(ParseError.BAD_CALL_ID, HeaderName.CALL_ID);
            }
        }
        final int cseq = firstIndex(HeaderName.CSEQ);
        if (cseq >= 0)
        {
            parseCSeq(valueOffset[cseq], valueOffset[cseq] + valueLength[cseq]);
        }
        final int mf = firstIndex(HeaderName.MAX_FORWARDS);
        if (mf >= 0)
        {
            final int s = valueOffset[mf];
            final int e = s + valueLength[mf];
            final long v = SipChars.parseDigits(buffer, s, e, 255);
            if (v < 0)
            {
                numberFault(s, e, HeaderName.MAX_FORWARDS, ParseError.BAD_MAX_FORWARDS);
            }
            maxForwards = (int)v;
        }
        final int cl = firstIndex(HeaderName.CONTENT_LENGTH);
        if (cl >= 0)
        {
            final int s = valueOffset[cl];
            final int e = s + valueLength[cl];
            contentLength = SipChars.parseDigits(buffer, s, e, MAX_UINT32);
            if (contentLength < 0)
            {
                numberFault(s, e, HeaderName.CONTENT_LENGTH, ParseError.BAD_CONTENT_LENGTH);
            }
        }
        final int ex = firstIndex(HeaderName.EXPIRES);
        if (ex >= 0)
        {
            final int s = valueOffset[ex];
            final int e = s + valueLength[ex];
            expires = SipChars.parseDigits(buffer, s, e, MAX_UINT32);
            if (expires < 0)
            {
                numberFault(s, e, HeaderName.EXPIRES, ParseError.BAD_EXPIRES);
            }
        }
        for (int i = 0; i < headerCount && pending == ParseError.NONE; i++)
        {
            final HeaderName h = entryName[i];
            if (h == HeaderName.OTHER || h == HeaderName.VIA || h == HeaderName.FROM || h == HeaderName.TO ||
                h == HeaderName.CALL_ID || h == HeaderName.CSEQ || h == HeaderName.MAX_FORWARDS ||
                h == HeaderName.CONTENT_LENGTH || h == HeaderName.EXPIRES)
            {
                continue;
            }
            checkEntry(h, i);
        }
    }

    /** Checks entry i of header h, element by element when it is a list line that was not split. */
    private void checkEntry(final HeaderName h, final int i)
    {
        final int start = valueOffset[i];
        final int end = start + valueLength[i];
        if (h.isList() || !h.hasListGrammar() || end == start)
        {
            report(syntax.check(h, buffer, start, end - start), h);
            return;
        }
        int s = start;
        while (true)
        {
            final int comma = SipChars.indexOfUnquoted(buffer, s, end, (byte)',', true);
            final int e = comma < 0 ? end : comma;
            final int es = SipChars.skipLws(buffer, s, e);
            final int ee = SipChars.trimLwsEnd(buffer, es, e);
            if (ee == es)
            {
                report(ParseError.EMPTY_LIST_ELEMENT, h);
                return;
            }
            report(syntax.check(h, buffer, es, ee - es), h);
            if (comma < 0)
            {
                return;
            }
            s = comma + 1;
        }
    }

    /** A From, To or Via that did not parse: an unclosed quote or unpaired '&lt;' is named as such. */
    private void addressFault(final int i, final HeaderName h, final ParseError malformed)
    {
        final ParseError balance = HeaderSyntax.balance(buffer, valueOffset[i], valueOffset[i] + valueLength[i], h != HeaderName.VIA);
        report(balance != ParseError.NONE ? balance : malformed, h);
    }

    /** A number that did not parse: negative, too large, or simply malformed. */
    private void numberFault(final int s, final int e, final HeaderName h, final ParseError malformed)
    {
        final ParseError kind = HeaderSyntax.number(buffer, s, e, h == HeaderName.MAX_FORWARDS ? 255 : MAX_UINT32);
        report(kind == ParseError.BAD_HEADER_VALUE || kind == ParseError.NONE ? malformed : kind, h);
    }

    /** CSeq = 1*DIGIT LWS Method; for a request, the method is the request's (RFC 3261 §8.1.1.5). */
    private void parseCSeq(final int start, final int end)
    {
        final int digitsEnd = SipChars.scanDigits(buffer, start, end);
        final int ms = SipChars.skipLws(buffer, digitsEnd, end);
        final int me = SipChars.scanToken(buffer, ms, end);
        if (digitsEnd == start && !SipChars.isNegativeNumber(buffer, start, SipChars.scanToken(buffer, start, end)))
        {
            report(ParseError.BAD_CSEQ, HeaderName.CSEQ);
            return;
        }
        if (ms == digitsEnd || me == ms || me != end)
        {
            final int numberEnd = digitsEnd == start ? SipChars.scanToken(buffer, start, end) : digitsEnd;
            final boolean negative = SipChars.isNegativeNumber(buffer, start, numberEnd);
            report(negative ? ParseError.NEGATIVE_NUMBER : ParseError.BAD_CSEQ, HeaderName.CSEQ);
            return;
        }
        final long n = SipChars.parseDigits(buffer, start, digitsEnd, MAX_UINT32);
        if (n < 0)
        {
            report(ParseError.NUMBER_OUT_OF_RANGE, HeaderName.CSEQ);
            return;
        }
        cseqNumber = n;
        cseqMethodOffset = ms;
        cseqMethodLength = me - ms;
        cseqMethod = SipMethod.lookup(buffer, ms, me - ms);
        if (request && !sameBytes(ms, cseqMethodLength, methodOffset, methodLength))
        {
            report(ParseError.CSEQ_METHOD_MISMATCH, HeaderName.CSEQ);
        }
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

    private void once(final HeaderName name, final ParseError missing, final ParseError duplicate)
    {
        final int n = countOf[name.ordinal()];
        report(n == 0 ? missing : (n > 1 ? duplicate : ParseError.NONE), name);
    }

    /** Keeps the first fault found (and the header it is about). */
    private void report(final ParseError e, final HeaderName h)
    {
        if (pending == ParseError.NONE && e != ParseError.NONE)
        {
            pending = e;
            pendingHeader = h;
        }
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
        errorHeader = null;
        pending = ParseError.NONE;
        pendingHeader = null;
        answerable = false;
        callIdValid = false;
        viasValid = false;
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

    /**
     * A constant reason phrase for the error ("OK" when there is none), usable in a 400/505: it names the header
     * for faults in one header ("Duplicate Content-Type Header", "Negative Content-Length").
     */
    public String errorReason()
    {
        return error.isAboutHeader() && errorHeader != null ? errorHeader.reason(error) : error.reason();
    }

    /** The header the error is about (null when it is about none, or after a successful parse). */
    public HeaderName errorHeader()
    {
        return errorHeader;
    }

    /** 400, 505 or 513 after a failed parse, 0 after a successful one. */
    public int errorStatus()
    {
        return error.status();
    }

    /**
     * True when a valid response can be built for this message with {@link SipResponses}: it is a
     * request other than ACK, all its header lines were read, every Via parses and the first From, To, Call-ID
     * and CSeq parse (the response copies them; a duplicate or a CSeq method that differs from the request's
     * does not matter there). After a failed parse this says whether to answer 400/505 or to drop the message:
     * a request whose Via, From, To, Call-ID or CSeq number is itself broken cannot be answered with a message
     * that would parse (RFC 4475 badinv01, insuf, quotbal, scalar02) and is dropped.
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

    /** The Request-URI parsed (during the parse), or null when it is not a URI SipUri accepts. */
    public SipUri parsedRequestUri()
    {
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
