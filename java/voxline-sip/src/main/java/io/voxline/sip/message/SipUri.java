package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over a URI (RFC 3261 §19.1, RFC 3966 for tel:): offsets only, no allocation.
 * {@code sip:user:password@host:port;params?headers}; {@code sips:} alike; {@code tel:number;params}
 * (the number is {@link #user()}, there is no host); any other scheme is kept opaque.
 *
 * <p>The parse follows the grammar of RFC 3261 §25.1: the user part is unreserved, escaped or one of
 * {@code &=+$,;?/} (so {@code sip:user;par=u%40example.net@example.com} has the user
 * {@code user;par=u%40example.net}: the first '@' ends the userinfo, which no later part may contain), the host is
 * a hostname, IPv4 address or IPv6 reference (RFC 5954), parameters and headers use their character sets with
 * valid %-escapes, and no whitespace or control byte appears anywhere. An opaque URI is scheme ":" uric text.
 * Views return the text as written, escapes included: compare them with
 * {@link BufferView#equalsDecoded} or compare whole URIs with {@link #equivalent}.
 *
 * <p>Views are reused per accessor: valid until the next call of that accessor or the next parse.
 * Absent parts are null (views) or -1 (port).
 */
public final class SipUri
{
    public enum Scheme
    {
        SIP,
        SIPS,
        TEL,
        OTHER
    }

    private final ParamList params = new ParamList();
    private final ParamList headerList = new ParamList();
    private final BufferView textView = new BufferView();
    private final BufferView schemeView = new BufferView();
    private final BufferView userView = new BufferView();
    private final BufferView passwordView = new BufferView();
    private final BufferView hostView = new BufferView();
    private final BufferView headersView = new BufferView();
    private final BufferView opaqueView = new BufferView();
    private final BufferView paramView = new BufferView();
    private final BufferView headerView = new BufferView();
    private final BufferView transportView = new BufferView();
    private final BufferView maddrView = new BufferView();

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean valid;
    private Scheme scheme = Scheme.OTHER;
    private int schemeLength;
    private int userOffset;
    private int userLength;
    private int passwordOffset;
    private int passwordLength;
    private int hostOffset;
    private int hostLength;
    private HostType hostType;
    private int port;
    private int headersOffset;
    private int headersLength;

    /** Parses [off, off+len) (surrounding LWS ignored); false when it is not a URI this flyweight accepts. */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        reset();
        if (buf == null || off < 0 || len <= 0 || off > buf.capacity() - len)
        {
            return false;
        }
        buffer = buf;
        final int start = SipChars.skipLws(buf, off, off + len);
        final int end = SipChars.trimLwsEnd(buf, start, off + len);
        offset = start;
        length = end - start;
        for (int p = start; p < end; p++)
        {
            final int b = buf.getByte(p) & 0xFF;
            if (b <= 0x20 || b >= 0x7F || b == '<' || b == '>' || b == '"')
            {
                return false;
            }
        }
        if (start >= end || !SipChars.isAlpha(buf.getByte(start)))
        {
            return false;
        }
        int p = start + 1;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (!(SipChars.isAlpha(b) || SipChars.isDigit(b) || b == '+' || b == '-' || b == '.'))
            {
                break;
            }
            p++;
        }
        if (p >= end || buf.getByte(p) != ':')
        {
            return false;
        }
        schemeLength = p - start;
        scheme = schemeOf(buf, start, schemeLength);
        final int rest = p + 1;
        if (rest >= end)
        {
            return false;
        }
        switch (scheme)
        {
            case OTHER:
                valid = SipChars.isUric(buf, rest, end);
                return valid;
            case TEL:
                valid = parseTel(buf, rest, end);
                return valid;
            default:
                valid = parseSip(buf, rest, end);
                return valid;
        }
    }

    /** RFC 3966 telephone-subscriber, loosely: '+'? then hex digits, '*', '#' escaped, visual separators -.(). */
    private boolean parseTel(final DirectBuffer buf, final int rest, final int end)
    {
        final int semi = SipChars.indexOf(buf, rest, end, (byte)';');
        final int numberEnd = semi < 0 ? end : semi;
        if (numberEnd == rest)
        {
            return false;
        }
        for (int p = buf.getByte(rest) == '+' ? rest + 1 : rest; p < numberEnd; p++)
        {
            final byte b = buf.getByte(p);
            if (b == '%')
            {
                if (!SipChars.hasValidEscapes(buf, p, Math.min(p + 3, numberEnd)))
                {
                    return false;
                }
                p += 2;
            }
            else if (!(SipChars.isHexDigit(b) || b == '*' || b == '-' || b == '.' || b == '(' || b == ')'))
            {
                return false;
            }
        }
        userOffset = rest;
        userLength = numberEnd - rest;
        return params.parseUriParams(buf, numberEnd, end);
    }

    private boolean parseSip(final DirectBuffer buf, final int rest, final int end)
    {
        // no part after the userinfo may hold a raw '@', so the first one ends it (the user may hold '?' and ';')
        final int at = SipChars.indexOf(buf, rest, end, (byte)'@');
        int hp = rest;
        if (at >= 0)
        {
            final int colon = SipChars.indexOf(buf, rest, at, (byte)':');
            final int userEnd = colon < 0 ? at : colon;
            if (!SipChars.isUser(buf, rest, userEnd) || (colon >= 0 && !SipChars.isPassword(buf, colon + 1, at)))
            {
                return false;
            }
            userOffset = rest;
            userLength = userEnd - rest;
            if (colon >= 0)
            {
                passwordOffset = colon + 1;
                passwordLength = at - colon - 1;
            }
            hp = at + 1;
        }
        final int hostEnd = SipChars.scanHost(buf, hp, end);
        if (hostEnd < 0)
        {
            return false;
        }
        hostOffset = hp;
        hostLength = hostEnd - hp;
        hostType = SipChars.hostType(buf, hostOffset, hostLength);
        final int pp = SipChars.parsePort(buf, hostEnd, end);
        if (pp == -2)
        {
            return false;
        }
        port = pp;
        final int paramsStart = pp >= 0 ? SipChars.scanDigits(buf, hostEnd + 1, end) : hostEnd;
        final int q = SipChars.indexOf(buf, paramsStart, end, (byte)'?');
        final int paramsEnd = q < 0 ? end : q;
        if (!params.parseUriParams(buf, paramsStart, paramsEnd) || !wellKnownParams())
        {
            return false;
        }
        if (q >= 0)
        {
            if (!headerList.parseUriHeaders(buf, q + 1, end))
            {
                return false;
            }
            headersOffset = q + 1;
            headersLength = end - q - 1;
        }
        return true;
    }

    /** ttl is 1–3 digits up to 255, maddr a host, transport/user/method tokens (RFC 3261 §25.1 uri-parameter). */
    private boolean wellKnownParams()
    {
        for (int i = 0; i < params.count(); i++)
        {
            final int vo = params.valueOffset(i);
            final int vl = params.valueLength(i);
            final int no = params.nameOffset(i);
            final int nl = params.nameLength(i);
            if (SipChars.equalsIgnoreCase(buffer, no, nl, "ttl"))
            {
                if (vl < 1 || vl > 3 || SipChars.parseDigits(buffer, vo, vo + vl, 255) < 0)
                {
                    return false;
                }
            }
            else if (SipChars.equalsIgnoreCase(buffer, no, nl, "maddr"))
            {
                if (vl < 1 || SipChars.scanHost(buffer, vo, vo + vl) != vo + vl)
                {
                    return false;
                }
            }
            else if (SipChars.equalsIgnoreCase(buffer, no, nl, "transport") ||
                SipChars.equalsIgnoreCase(buffer, no, nl, "user") || SipChars.equalsIgnoreCase(buffer, no, nl, "method"))
            {
                if (vl < 1 || !SipChars.isToken(buffer, vo, vo + vl))
                {
                    return false;
                }
            }
        }
        return true;
    }

    private static Scheme schemeOf(final DirectBuffer buf, final int off, final int len)
    {
        if (SipChars.equalsIgnoreCase(buf, off, len, "sip"))
        {
            return Scheme.SIP;
        }
        if (SipChars.equalsIgnoreCase(buf, off, len, "sips"))
        {
            return Scheme.SIPS;
        }
        if (SipChars.equalsIgnoreCase(buf, off, len, "tel"))
        {
            return Scheme.TEL;
        }
        return Scheme.OTHER;
    }

    private void reset()
    {
        buffer = null;
        valid = false;
        offset = 0;
        length = 0;
        scheme = Scheme.OTHER;
        schemeLength = 0;
        userOffset = 0;
        userLength = -1;
        passwordOffset = 0;
        passwordLength = -1;
        hostOffset = 0;
        hostLength = -1;
        hostType = null;
        port = -1;
        headersOffset = 0;
        headersLength = -1;
        params.reset();
        headerList.reset();
    }

    /** True after a successful parse. */
    public boolean isValid()
    {
        return valid;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** Where the URI text starts in the buffer (after any leading LWS). */
    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** The whole URI as written. */
    public BufferView text()
    {
        return textView.wrap(buffer, offset, length);
    }

    public Scheme scheme()
    {
        return scheme;
    }

    /** The scheme as written, e.g. "sip". */
    public BufferView schemeName()
    {
        return schemeView.wrap(buffer, offset, schemeLength);
    }

    /** For OTHER schemes: everything after "scheme:". Null for SIP, SIPS and TEL. */
    public BufferView opaquePart()
    {
        return !valid || scheme != Scheme.OTHER ? null :
            opaqueView.wrap(buffer, offset + schemeLength + 1, length - schemeLength - 1);
    }

    /** The user part (for tel:, the number), as written (escapes not decoded); null when absent. */
    public BufferView user()
    {
        return userLength < 0 ? null : userView.wrap(buffer, userOffset, userLength);
    }

    /** The password of user:password@, null when absent. */
    public BufferView password()
    {
        return passwordLength < 0 ? null : passwordView.wrap(buffer, passwordOffset, passwordLength);
    }

    /** The host as written (an IPv6 reference keeps its brackets); null for tel: and opaque URIs. */
    public BufferView host()
    {
        return hostLength < 0 ? null : hostView.wrap(buffer, hostOffset, hostLength);
    }

    /** The host without IPv6 brackets, as a view of the caller's (for socket addresses); null without a host. */
    public BufferView hostAddress(final BufferView into)
    {
        if (hostLength < 0)
        {
            return null;
        }
        return hostType == HostType.IPV6 ? into.wrap(buffer, hostOffset + 1, hostLength - 2) :
            into.wrap(buffer, hostOffset, hostLength);
    }

    public HostType hostType()
    {
        return hostType;
    }

    /** The explicit port, or -1. */
    public int port()
    {
        return port;
    }

    /** The explicit port, else 5061 for sips: and 5060 otherwise. */
    public int portOrDefault()
    {
        return port >= 0 ? port : (scheme == Scheme.SIPS ? 5061 : 5060);
    }

    /** URI parameters (";lr", ";transport=udp", …). */
    public ParamList params()
    {
        return params;
    }

    public boolean hasParam(final CharSequence name)
    {
        return params.has(name);
    }

    /** The value of parameter name; null when absent or a flag (see {@link #hasParam}). */
    public BufferView param(final CharSequence name)
    {
        final int i = params.indexOf(name);
        return i < 0 ? null : params.value(i, paramView);
    }

    /** The transport parameter (e.g. "udp", "tcp"), or null. */
    public BufferView transport()
    {
        final int i = params.indexOf("transport");
        return i < 0 ? null : params.value(i, transportView);
    }

    /** The maddr parameter, or null. */
    public BufferView maddr()
    {
        final int i = params.indexOf("maddr");
        return i < 0 ? null : params.value(i, maddrView);
    }

    /** True when the URI has the lr flag (a loose router, RFC 3261 §16.12). */
    public boolean isLooseRouting()
    {
        return params.has("lr");
    }

    /** The headers part after '?', or null. */
    public BufferView headers()
    {
        return headersLength < 0 ? null : headersView.wrap(buffer, headersOffset, headersLength);
    }

    /**
     * The URI headers ({@code ?Route=%3Csip:a%3E&Subject=x}) as a list: names compare decoded and without
     * case, values are as written (decode with {@link BufferView#equalsDecoded}). Empty when there are none.
     */
    public ParamList headerParams()
    {
        return headerList;
    }

    /** The value of URI header name as written (escapes kept), or null. */
    public BufferView header(final CharSequence name)
    {
        final int i = headerList.indexOf(name);
        return i < 0 ? null : headerList.value(i, headerView);
    }

    // ------------------------------------------------------------------------------------------ comparison

    /**
     * URI equality of RFC 3261 §19.1.4, as a proxy needs it to recognise itself in a Route or Request-URI.
     * Schemes must be the same (sip is not sips). SIP and SIPS: user and password compared with case and the
     * host without it (IPv4 and IPv6 addresses by value, so {@code [::1]} equals {@code [0:0::1]}); a part, port
     * included, present in only one differs; escapes of unreserved characters equal the characters; a user, ttl,
     * method, maddr or transport parameter in only one differs, other parameters in only one are ignored, and
     * parameters in both must have equal values (without case); URI headers must be the same set in both.
     * tel: the numbers without visual separators and the parameters as for SIP. Other schemes: the same text,
     * escapes decoded. Invalid URIs never equal anything. Allocates nothing.
     */
    public static boolean equivalent(final SipUri a, final SipUri b)
    {
        if (a == null || b == null || !a.valid || !b.valid || a.scheme != b.scheme)
        {
            return false;
        }
        switch (a.scheme)
        {
            case OTHER:
                return SipChars.equalsEscaped(a.buffer, a.offset, a.schemeLength, b.buffer, b.offset, b.schemeLength, true) &&
                    SipChars.equalsEscaped(a.buffer, a.offset + a.schemeLength + 1, a.length - a.schemeLength - 1,
                        b.buffer, b.offset + b.schemeLength + 1, b.length - b.schemeLength - 1, false);
            case TEL:
                return telNumbersEqual(a, b) && paramsEquivalent(a, b) && paramsEquivalent(b, a);
            default:
                return partEquals(a.buffer, a.userOffset, a.userLength, b.buffer, b.userOffset, b.userLength, false) &&
                    partEquals(a.buffer, a.passwordOffset, a.passwordLength, b.buffer, b.passwordOffset, b.passwordLength, false) &&
                    hostsEqual(a, b) && a.port == b.port &&
                    paramsEquivalent(a, b) && paramsEquivalent(b, a) &&
                    headersContained(a, b) && headersContained(b, a);
        }
    }

    private static boolean partEquals(
        final DirectBuffer ab, final int ao, final int al, final DirectBuffer bb, final int bo, final int bl, final boolean ignoreCase)
    {
        if (al < 0 || bl < 0)
        {
            return al < 0 && bl < 0;
        }
        return SipChars.equalsEscaped(ab, ao, al, bb, bo, bl, ignoreCase);
    }

    private static boolean hostsEqual(final SipUri a, final SipUri b)
    {
        if (a.hostType != b.hostType)
        {
            return false;
        }
        switch (a.hostType)
        {
            case IPV4:
                return SipChars.ipv4Value(a.buffer, a.hostOffset, a.hostLength) ==
                    SipChars.ipv4Value(b.buffer, b.hostOffset, b.hostLength);
            case IPV6:
                return SipChars.ipv6Half(a.buffer, a.hostOffset + 1, a.hostLength - 2, true) ==
                    SipChars.ipv6Half(b.buffer, b.hostOffset + 1, b.hostLength - 2, true) &&
                    SipChars.ipv6Half(a.buffer, a.hostOffset + 1, a.hostLength - 2, false) ==
                    SipChars.ipv6Half(b.buffer, b.hostOffset + 1, b.hostLength - 2, false);
            default:
                return partEquals(a.buffer, a.hostOffset, a.hostLength, b.buffer, b.hostOffset, b.hostLength, true);
        }
    }

    /** Every parameter of a matches b's of the same name; one only a has must be one that may be left out. */
    private static boolean paramsEquivalent(final SipUri a, final SipUri b)
    {
        final ParamList pa = a.params;
        final ParamList pb = b.params;
        for (int i = 0; i < pa.count(); i++)
        {
            final int j = indexOfParam(pb, pa.buffer(), pa.nameOffset(i), pa.nameLength(i));
            if (j < 0)
            {
                if (mustMatch(pa.buffer(), pa.nameOffset(i), pa.nameLength(i)))
                {
                    return false;
                }
                continue;
            }
            if (!partEquals(pa.buffer(), pa.valueOffset(i), pa.valueLength(i), pb.buffer(), pb.valueOffset(j), pb.valueLength(j), true))
            {
                return false;
            }
        }
        return true;
    }

    private static int indexOfParam(final ParamList list, final DirectBuffer buf, final int off, final int len)
    {
        for (int j = 0; j < list.count(); j++)
        {
            if (SipChars.equalsEscaped(list.buffer(), list.nameOffset(j), list.nameLength(j), buf, off, len, true))
            {
                return j;
            }
        }
        return -1;
    }

    private static boolean mustMatch(final DirectBuffer buf, final int off, final int len)
    {
        return SipChars.equalsDecoded(buf, off, len, "user", true) || SipChars.equalsDecoded(buf, off, len, "ttl", true) ||
            SipChars.equalsDecoded(buf, off, len, "method", true) || SipChars.equalsDecoded(buf, off, len, "maddr", true) ||
            SipChars.equalsDecoded(buf, off, len, "transport", true);
    }

    /** Every URI header of a is in b with the same value (names without case, values with case, both decoded). */
    private static boolean headersContained(final SipUri a, final SipUri b)
    {
        final ParamList ha = a.headerList;
        final ParamList hb = b.headerList;
        for (int i = 0; i < ha.count(); i++)
        {
            boolean found = false;
            for (int j = 0; j < hb.count() && !found; j++)
            {
                found = SipChars.equalsEscaped(ha.buffer(), ha.nameOffset(i), ha.nameLength(i),
                    hb.buffer(), hb.nameOffset(j), hb.nameLength(j), true) &&
                    SipChars.equalsEscaped(ha.buffer(), ha.valueOffset(i), ha.valueLength(i),
                        hb.buffer(), hb.valueOffset(j), hb.valueLength(j), false);
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /** tel: numbers equal once visual separators are left out (RFC 3966 §4), hex digits without case. */
    private static boolean telNumbersEqual(final SipUri a, final SipUri b)
    {
        int p = a.userOffset;
        int q = b.userOffset;
        final int pe = a.userOffset + a.userLength;
        final int qe = b.userOffset + b.userLength;
        while (true)
        {
            while (p < pe && isVisualSeparator(a.buffer.getByte(p)))
            {
                p++;
            }
            while (q < qe && isVisualSeparator(b.buffer.getByte(q)))
            {
                q++;
            }
            if (p == pe || q == qe)
            {
                return p == pe && q == qe;
            }
            if (SipChars.toLower(a.buffer.getByte(p) & 0xFF) != SipChars.toLower(b.buffer.getByte(q) & 0xFF))
            {
                return false;
            }
            p++;
            q++;
        }
    }

    private static boolean isVisualSeparator(final byte b)
    {
        return b == '-' || b == '.' || b == '(' || b == ')';
    }

    /** The URI text (allocates): for logs and tests. */
    @Override
    public String toString()
    {
        return valid ? text().toString() : "<invalid uri>";
    }
}
