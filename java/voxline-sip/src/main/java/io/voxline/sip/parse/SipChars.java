package io.voxline.sip.parse;

import org.agrona.DirectBuffer;

/**
 * Character classes and scanners of RFC 3261 §25 over a {@link DirectBuffer}. Positions are absolute
 * buffer indexes; a scan range is {@code [pos, end)} and the caller guarantees it lies inside the buffer.
 * Scanners return an index, or -1 when the bytes do not match; none allocates or throws.
 */
public final class SipChars
{
    public static final byte CR = '\r';
    public static final byte LF = '\n';
    public static final byte SP = ' ';
    public static final byte HTAB = '\t';

    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] HOST = new boolean[256];
    private static final boolean[] UNRESERVED = new boolean[256];
    private static final boolean[] RESERVED = new boolean[256];
    private static final boolean[] USER = new boolean[256];
    private static final boolean[] PASSWORD = new boolean[256];
    private static final boolean[] PARAM = new boolean[256];
    private static final boolean[] HNV = new boolean[256];
    private static final boolean[] URIC = new boolean[256];
    private static final boolean[] WORD = new boolean[256];

    static
    {
        for (int c = 'a'; c <= 'z'; c++)
        {
            TOKEN[c] = true;
            TOKEN[c - 32] = true;
            HOST[c] = true;
            HOST[c - 32] = true;
        }
        for (int c = '0'; c <= '9'; c++)
        {
            TOKEN[c] = true;
            HOST[c] = true;
        }
        for (final char c : "-.!%*_+`'~".toCharArray())
        {
            TOKEN[c] = true;
        }
        // reg-name as found in the wild: RFC 3261 allows alphanum, '-' and '.', underscores appear in practice
        HOST['-'] = true;
        HOST['.'] = true;
        HOST['_'] = true;
        for (int c = 0; c < 256; c++)
        {
            UNRESERVED[c] = isAlpha(c) || isDigit(c);
        }
        mark(UNRESERVED, "-_.!~*'()");
        mark(RESERVED, ";/?:@&=+$,");
        copy(UNRESERVED, USER, PASSWORD, PARAM, HNV, URIC, WORD);
        mark(USER, "&=+$,;?/");
        mark(PASSWORD, "&=+$,");
        mark(PARAM, "[]/:&+$");
        mark(HNV, "[]/?:+$");
        mark(URIC, ";/?:@&=+$,[]");
        mark(WORD, "%+`<>:\\\"/[]?{}");
    }

    private static void mark(final boolean[] table, final String chars)
    {
        for (int i = 0; i < chars.length(); i++)
        {
            table[chars.charAt(i)] = true;
        }
    }

    private static void copy(final boolean[] from, final boolean[]... to)
    {
        for (final boolean[] t : to)
        {
            System.arraycopy(from, 0, t, 0, from.length);
        }
    }

    private SipChars()
    {
    }

    /** RFC 3261 token character. */
    public static boolean isToken(final int b)
    {
        return TOKEN[b & 0xFF];
    }

    /** SP or HTAB. */
    public static boolean isWsp(final int b)
    {
        return b == SP || b == HTAB;
    }

    /** Linear white space as it can appear inside a (possibly folded) header value: SP, HTAB, CR, LF. */
    public static boolean isLws(final int b)
    {
        return b == SP || b == HTAB || b == CR || b == LF;
    }

    public static boolean isDigit(final int b)
    {
        return b >= '0' && b <= '9';
    }

    public static boolean isAlpha(final int b)
    {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    public static boolean isHexDigit(final int b)
    {
        return isDigit(b) || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    /** A byte that may not appear in a header line: controls other than HTAB (CR and LF are handled by the framer), and DEL. */
    public static boolean isControl(final int b)
    {
        final int u = b & 0xFF;
        return (u < 0x20 && u != HTAB) || u == 0x7F;
    }

    public static int toLower(final int b)
    {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    /** First index in [pos, end) that is not LWS, or end. */
    public static int skipLws(final DirectBuffer buf, final int pos, final int end)
    {
        int p = pos;
        while (p < end && isLws(buf.getByte(p)))
        {
            p++;
        }
        return p;
    }

    /** The end of [start, end) with trailing LWS removed. */
    public static int trimLwsEnd(final DirectBuffer buf, final int start, final int end)
    {
        int e = end;
        while (e > start && isLws(buf.getByte(e - 1)))
        {
            e--;
        }
        return e;
    }

    /** First index in [pos, end) that is not a token character, or end. */
    public static int scanToken(final DirectBuffer buf, final int pos, final int end)
    {
        int p = pos;
        while (p < end && isToken(buf.getByte(p)))
        {
            p++;
        }
        return p;
    }

    /** First index of byte c in [pos, end), or -1. */
    public static int indexOf(final DirectBuffer buf, final int pos, final int end, final byte c)
    {
        for (int p = pos; p < end; p++)
        {
            if (buf.getByte(p) == c)
            {
                return p;
            }
        }
        return -1;
    }

    /**
     * First index of byte c in [pos, end) outside quoted strings and, when {@code skipAngle}, outside
     * {@code <...>}; -1 when absent or when a quote is left open.
     */
    public static int indexOfUnquoted(final DirectBuffer buf, final int pos, final int end, final byte c, final boolean skipAngle)
    {
        int p = pos;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == c)
            {
                return p;
            }
            if (b == '"')
            {
                p = skipQuoted(buf, p, end);
                if (p < 0)
                {
                    return -1;
                }
                continue;
            }
            if (skipAngle && b == '<')
            {
                final int close = indexOf(buf, p + 1, end, (byte)'>');
                if (close < 0)
                {
                    return -1;
                }
                p = close + 1;
                continue;
            }
            p++;
        }
        return -1;
    }

    /**
     * With pos at an opening DQUOTE: the index after the closing DQUOTE, or -1 when the string is not closed
     * before end. A backslash escapes the next byte (quoted-pair), which may be any byte but CR or LF: a
     * backslash before CR, LF or end is -1 too.
     */
    public static int skipQuoted(final DirectBuffer buf, final int pos, final int end)
    {
        int p = pos + 1;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == '\\')
            {
                if (p + 1 >= end || buf.getByte(p + 1) == CR || buf.getByte(p + 1) == LF)
                {
                    return -1;
                }
                p += 2;
                continue;
            }
            if (b == '"')
            {
                return p + 1;
            }
            p++;
        }
        return -1;
    }

    /**
     * The decimal number in [off, end) — digits only, at least one, leading zeros allowed — or -1 when empty,
     * not all digits, or greater than max (which bounds overflow too).
     */
    public static long parseDigits(final DirectBuffer buf, final int off, final int end, final long max)
    {
        if (off >= end)
        {
            return -1;
        }
        int p = off;
        while (p < end - 1 && buf.getByte(p) == '0')
        {
            p++;
        }
        if (end - p > 18)
        {
            return -1;
        }
        long v = 0;
        for (; p < end; p++)
        {
            final byte b = buf.getByte(p);
            if (!isDigit(b))
            {
                return -1;
            }
            v = v * 10 + (b - '0');
        }
        return v > max ? -1 : v;
    }

    /** True when [off, end) is one or more digits. */
    public static boolean isDigits(final DirectBuffer buf, final int off, final int end)
    {
        if (off >= end)
        {
            return false;
        }
        for (int p = off; p < end; p++)
        {
            if (!isDigit(buf.getByte(p)))
            {
                return false;
            }
        }
        return true;
    }

    /** True when [off, end) is '-' followed by one or more digits: a negative number where none may be. */
    public static boolean isNegativeNumber(final DirectBuffer buf, final int off, final int end)
    {
        return end - off >= 2 && buf.getByte(off) == '-' && isDigits(buf, off + 1, end);
    }

    /** Index after the run of digits starting at pos (pos itself when none). */
    public static int scanDigits(final DirectBuffer buf, final int pos, final int end)
    {
        int p = pos;
        while (p < end && isDigit(buf.getByte(p)))
        {
            p++;
        }
        return p;
    }

    /** Bytes [off, off+len) equal s exactly (s taken as ISO-8859-1 chars). */
    public static boolean equals(final DirectBuffer buf, final int off, final int len, final CharSequence s)
    {
        if (s == null || s.length() != len)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if ((buf.getByte(off + i) & 0xFF) != s.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Bytes [off, off+len) equal s, ASCII letters compared without case. */
    public static boolean equalsIgnoreCase(final DirectBuffer buf, final int off, final int len, final CharSequence s)
    {
        if (s == null || s.length() != len)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if (toLower(buf.getByte(off + i) & 0xFF) != toLower(s.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /** Bytes [off, off+len) equal the lower-case ASCII bytes {@code lower}, without case. */
    public static boolean equalsIgnoreCase(final DirectBuffer buf, final int off, final int len, final byte[] lower)
    {
        if (lower.length != len)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if (toLower(buf.getByte(off + i) & 0xFF) != lower[i])
            {
                return false;
            }
        }
        return true;
    }

    /** Bytes [off, off+len) start with s, without case. */
    public static boolean startsWithIgnoreCase(final DirectBuffer buf, final int off, final int len, final CharSequence s)
    {
        final int n = s.length();
        if (n > len)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            if (toLower(buf.getByte(off + i) & 0xFF) != toLower(s.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Scans a host at pos (RFC 3261 host): an IPv6 reference {@code [..]} (RFC 3986 IPv6address as corrected
     * by RFC 5954, an IPv4 tail allowed), an IPv4address (four groups of 1–3 digits; values over 255 are
     * syntax RFC 3261 admits but {@link #hostType} calls them NAME), or a hostname: labels of alphanumerics and
     * '-' (not at either end) separated by '.', an optional final '.', the last label starting with a letter.
     * Underscores count as alphanumerics (found in the wild). Returns the index after it, or -1 when there is
     * none or it is malformed; scanning stops at the first byte that cannot be part of a host.
     */
    public static int scanHost(final DirectBuffer buf, final int pos, final int end)
    {
        if (pos >= end)
        {
            return -1;
        }
        if (buf.getByte(pos) == '[')
        {
            final int e = scanIpv6Address(buf, pos + 1, end);
            return e < 0 || e >= end || buf.getByte(e) != ']' ? -1 : e + 1;
        }
        int p = pos;
        while (p < end && HOST[buf.getByte(p) & 0xFF])
        {
            p++;
        }
        if (p == pos)
        {
            return -1;
        }
        return isIpv4Shape(buf, pos, p) || isHostname(buf, pos, p) ? p : -1;
    }

    /** Four groups of 1–3 digits separated by '.', the IPv4address of RFC 3261's grammar (values not checked). */
    private static boolean isIpv4Shape(final DirectBuffer buf, final int off, final int end)
    {
        int p = off;
        for (int part = 0; part < 4; part++)
        {
            final int d = scanDigits(buf, p, end);
            if (d == p || d - p > 3)
            {
                return false;
            }
            p = d;
            if (part < 3)
            {
                if (p >= end || buf.getByte(p) != '.')
                {
                    return false;
                }
                p++;
            }
        }
        return p == end;
    }

    /** RFC 3261 hostname over [off, end) of host characters (see {@link #scanHost}). */
    private static boolean isHostname(final DirectBuffer buf, final int off, final int end)
    {
        int e = end;
        if (e - off > 1 && buf.getByte(e - 1) == '.')
        {
            e--;
        }
        int labelStart = off;
        for (int p = off; p <= e; p++)
        {
            if (p == e || buf.getByte(p) == '.')
            {
                if (p == labelStart || buf.getByte(labelStart) == '-' || buf.getByte(p - 1) == '-')
                {
                    return false;
                }
                if (p == e && !isAlpha(buf.getByte(labelStart)))
                {
                    // the top label starts with a letter: "host.123" is neither a name nor an address
                    return false;
                }
                labelStart = p + 1;
            }
        }
        return true;
    }

    /**
     * Scans an IPv6address (RFC 3986 §3.2.2, the grammar RFC 5954 puts into RFC 3261) at pos, without
     * brackets: eight 16-bit groups of 1–4 hex digits, "::" at most once standing for one or more zero
     * groups, the last 32 bits optionally a dotted quad. Returns the index after it, or -1. Where the address
     * ends is decided greedily, so a caller checks what follows (']' for a reference). "2001:db8:::1" is -1.
     */
    public static int scanIpv6Address(final DirectBuffer buf, final int pos, final int end)
    {
        int p = pos;
        int groups = 0;
        boolean compressed = false;
        if (p + 1 < end && buf.getByte(p) == ':' && buf.getByte(p + 1) == ':')
        {
            compressed = true;
            p += 2;
            if (p >= end || !isHexDigit(buf.getByte(p)))
            {
                return p < end && buf.getByte(p) == ':' ? -1 : p;
            }
        }
        while (true)
        {
            int q = p;
            while (q < end && isHexDigit(buf.getByte(q)))
            {
                q++;
            }
            if (q == p)
            {
                return -1;
            }
            if (q < end && buf.getByte(q) == '.')
            {
                // an IPv4 tail: the last two groups
                int e = q;
                while (e < end && (isDigit(buf.getByte(e)) || buf.getByte(e) == '.'))
                {
                    e++;
                }
                if (!isIpv4(buf, p, e - p))
                {
                    return -1;
                }
                groups += 2;
                p = e;
                break;
            }
            if (q - p > 4)
            {
                return -1;
            }
            groups++;
            p = q;
            if (p + 1 < end && buf.getByte(p) == ':' && buf.getByte(p + 1) == ':')
            {
                if (compressed)
                {
                    return -1;
                }
                compressed = true;
                p += 2;
                if (p >= end || !isHexDigit(buf.getByte(p)))
                {
                    if (p < end && buf.getByte(p) == ':')
                    {
                        return -1;
                    }
                    break;
                }
                continue;
            }
            if (p < end && buf.getByte(p) == ':')
            {
                if (p + 1 >= end || !isHexDigit(buf.getByte(p + 1)))
                {
                    return -1;
                }
                p++;
                continue;
            }
            break;
        }
        return (compressed ? groups <= 7 : groups == 8) ? p : -1;
    }

    /** True when [off, off+len) is exactly an IPv6address (no brackets). */
    public static boolean isIpv6Address(final DirectBuffer buf, final int off, final int len)
    {
        return len > 0 && scanIpv6Address(buf, off, off + len) == off + len;
    }

    /** Classifies a host already accepted by {@link #scanHost}. */
    public static HostType hostType(final DirectBuffer buf, final int off, final int len)
    {
        if (len > 0 && buf.getByte(off) == '[')
        {
            return HostType.IPV6;
        }
        return isIpv4(buf, off, len) ? HostType.IPV4 : HostType.NAME;
    }

    /** Dotted quad with four parts of 1–3 digits, each at most 255. */
    public static boolean isIpv4(final DirectBuffer buf, final int off, final int len)
    {
        final int end = off + len;
        int p = off;
        for (int part = 0; part < 4; part++)
        {
            final int d = scanDigits(buf, p, end);
            if (d == p || d - p > 3 || parseDigits(buf, p, d, 255) < 0)
            {
                return false;
            }
            p = d;
            if (part < 3)
            {
                if (p >= end || buf.getByte(p) != '.')
                {
                    return false;
                }
                p++;
            }
        }
        return p == end;
    }

    /**
     * Parses an optional ":port" at pos. Returns the port (0–65535), -1 when there is no ':' at pos,
     * or -2 when the port is malformed. The end of the port is {@link #scanDigits}(pos + 1).
     */
    public static int parsePort(final DirectBuffer buf, final int pos, final int end)
    {
        if (pos >= end || buf.getByte(pos) != ':')
        {
            return -1;
        }
        final int d = scanDigits(buf, pos + 1, end);
        final long port = parseDigits(buf, pos + 1, d, 65535);
        return port < 0 ? -2 : (int)port;
    }

    // ------------------------------------------------------------------------------------------ URI characters

    /** RFC 2396 unreserved: alphanumerics and the marks -_.!~*'(). */
    public static boolean isUnreserved(final int b)
    {
        return UNRESERVED[b & 0xFF];
    }

    /** RFC 2396 reserved: ;/?:@&amp;=+$, */
    public static boolean isReserved(final int b)
    {
        return RESERVED[b & 0xFF];
    }

    /** A byte of a Call-ID word (RFC 3261 §25.1 word). */
    public static boolean isWordChar(final int b)
    {
        return WORD[b & 0xFF];
    }

    /** [off, end) is the user part of a SIP URI: unreserved, escaped, or one of &amp;=+$,;?/ — at least one byte. */
    public static boolean isUser(final DirectBuffer buf, final int off, final int end)
    {
        return off < end && allIn(buf, off, end, USER);
    }

    /** [off, end) is a SIP URI password (possibly empty): unreserved, escaped, or one of &amp;=+$, */
    public static boolean isPassword(final DirectBuffer buf, final int off, final int end)
    {
        return allIn(buf, off, end, PASSWORD);
    }

    /** [off, end) is a URI parameter name or value: paramchar (unreserved, escaped, []/:&amp;+$) — at least one. */
    public static boolean isParamChars(final DirectBuffer buf, final int off, final int end)
    {
        return off < end && allIn(buf, off, end, PARAM);
    }

    /** [off, end) is a URI header name or value (possibly empty): unreserved, escaped, or []/?:+$ */
    public static boolean isHeaderChars(final DirectBuffer buf, final int off, final int end)
    {
        return allIn(buf, off, end, HNV);
    }

    /** [off, end) is uric text (reserved, unreserved, escaped; '[' and ']' for IPv6 hosts): an opaque URI's rest. */
    public static boolean isUric(final DirectBuffer buf, final int off, final int end)
    {
        return off < end && allIn(buf, off, end, URIC);
    }

    /** [off, end) is one or more token characters. */
    public static boolean isToken(final DirectBuffer buf, final int off, final int end)
    {
        return off < end && scanToken(buf, off, end) == end;
    }

    /** Every byte of [off, end) is in table or starts a valid escape "%" HEX HEX. */
    private static boolean allIn(final DirectBuffer buf, final int off, final int end, final boolean[] table)
    {
        int p = off;
        while (p < end)
        {
            final int b = buf.getByte(p) & 0xFF;
            if (b == '%')
            {
                if (p + 2 >= end)
                {
                    return false;
                }
                if (!isHexDigit(buf.getByte(p + 1)) || !isHexDigit(buf.getByte(p + 2)))
                {
                    return false;
                }
                p += 3;
                continue;
            }
            if (!table[b])
            {
                return false;
            }
            p++;
        }
        return true;
    }

    /** True when every '%' in [off, end) starts "%" HEX HEX. */
    public static boolean hasValidEscapes(final DirectBuffer buf, final int off, final int end)
    {
        for (int p = off; p < end; p++)
        {
            if (buf.getByte(p) == '%')
            {
                if (p + 2 >= end || !isHexDigit(buf.getByte(p + 1)) || !isHexDigit(buf.getByte(p + 2)))
                {
                    return false;
                }
                p += 2;
            }
        }
        return true;
    }

    /** The value of a hex digit, or -1. */
    public static int hexValue(final int b)
    {
        if (b >= '0' && b <= '9')
        {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f')
        {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F')
        {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** The escape "%" HEX HEX at p decoded, or -1 when there is none there (p must be below end). */
    private static int escapeAt(final DirectBuffer buf, final int p, final int end)
    {
        if (buf.getByte(p) != '%' || p + 2 >= end)
        {
            return -1;
        }
        final int h = hexValue(buf.getByte(p + 1));
        final int l = hexValue(buf.getByte(p + 2));
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }

    /**
     * [off, off+len) with its %-escapes decoded equals s (chars taken as ISO-8859-1), optionally without ASCII
     * case. A '%' that does not start a valid escape stands for itself. Allocates nothing.
     */
    public static boolean equalsDecoded(
        final DirectBuffer buf, final int off, final int len, final CharSequence s, final boolean ignoreCase)
    {
        if (s == null)
        {
            return false;
        }
        final int end = off + len;
        final int n = s.length();
        int p = off;
        int i = 0;
        while (p < end)
        {
            int c = escapeAt(buf, p, end);
            if (c >= 0)
            {
                p += 3;
            }
            else
            {
                c = buf.getByte(p++) & 0xFF;
            }
            if (i >= n)
            {
                return false;
            }
            final int d = s.charAt(i++);
            if (ignoreCase ? toLower(c) != toLower(d) : c != d)
            {
                return false;
            }
        }
        return i == n;
    }

    /**
     * Writes [off, off+len) with its %-escapes decoded into dst at index; returns the decoded length (never
     * more than len). dst must have room for len bytes.
     */
    public static int decode(final DirectBuffer buf, final int off, final int len, final org.agrona.MutableDirectBuffer dst, final int index)
    {
        final int end = off + len;
        int p = off;
        int w = index;
        while (p < end)
        {
            final int c = escapeAt(buf, p, end);
            if (c >= 0)
            {
                dst.putByte(w++, (byte)c);
                p += 3;
            }
            else
            {
                dst.putByte(w++, buf.getByte(p++));
            }
        }
        return w - index;
    }

    /**
     * URI component equality of RFC 3261 §19.1.4: an escape of a character outside the reserved set equals the
     * character itself ("%61" is "a"), an escaped reserved character equals only the same escape (hex digits
     * without case), and ASCII letters compare without case when ignoreCase. Allocates nothing.
     */
    public static boolean equalsEscaped(
        final DirectBuffer a, final int aOff, final int aLen,
        final DirectBuffer b, final int bOff, final int bLen, final boolean ignoreCase)
    {
        final int aEnd = aOff + aLen;
        final int bEnd = bOff + bLen;
        int p = aOff;
        int q = bOff;
        while (p < aEnd && q < bEnd)
        {
            int x = escapeAt(a, p, aEnd);
            if (x >= 0)
            {
                p += 3;
                x = RESERVED[x] ? 0x100 | x : x;
            }
            else
            {
                x = a.getByte(p++) & 0xFF;
            }
            int y = escapeAt(b, q, bEnd);
            if (y >= 0)
            {
                q += 3;
                y = RESERVED[y] ? 0x100 | y : y;
            }
            else
            {
                y = b.getByte(q++) & 0xFF;
            }
            if (ignoreCase ? toLower(x) != toLower(y) : x != y)
            {
                return false;
            }
        }
        return p == aEnd && q == bEnd;
    }

    // ------------------------------------------------------------------------------------------ quoted strings

    /**
     * The content of a quoted string (between the quotes) with its quoted-pairs undone ("\x" is "x") equals s
     * (chars taken as ISO-8859-1). Allocates nothing.
     */
    public static boolean equalsUnescaped(final DirectBuffer buf, final int off, final int len, final CharSequence s)
    {
        if (s == null)
        {
            return false;
        }
        final int end = off + len;
        final int n = s.length();
        int p = off;
        int i = 0;
        while (p < end)
        {
            if (buf.getByte(p) == '\\' && p + 1 < end)
            {
                p++;
            }
            if (i >= n || (buf.getByte(p++) & 0xFF) != s.charAt(i++))
            {
                return false;
            }
        }
        return i == n;
    }

    /** Writes the content of a quoted string with its quoted-pairs undone into dst at index; returns the length. */
    public static int unescape(final DirectBuffer buf, final int off, final int len, final org.agrona.MutableDirectBuffer dst, final int index)
    {
        final int end = off + len;
        int p = off;
        int w = index;
        while (p < end)
        {
            if (buf.getByte(p) == '\\' && p + 1 < end)
            {
                p++;
            }
            dst.putByte(w++, buf.getByte(p++));
        }
        return w - index;
    }

    // ------------------------------------------------------------------------------------------ addresses as numbers

    /** The IPv4 address of a valid dotted quad as an unsigned 32-bit value, or -1 when it is not one. */
    public static long ipv4Value(final DirectBuffer buf, final int off, final int len)
    {
        if (!isIpv4(buf, off, len))
        {
            return -1;
        }
        final int end = off + len;
        long v = 0;
        int p = off;
        for (int part = 0; part < 4; part++)
        {
            final int d = scanDigits(buf, p, end);
            v = (v << 8) | parseDigits(buf, p, d, 255);
            p = d + 1;
        }
        return v;
    }

    /**
     * Half of the 128-bit value of the IPv6address [off, off+len) (no brackets; validate it first with
     * {@link #isIpv6Address}): the high 64 bits when high, else the low. Two calls read one address without
     * allocating.
     */
    public static long ipv6Half(final DirectBuffer buf, final int off, final int len, final boolean high)
    {
        final int end = off + len;
        // pass 1: how many groups stand before and after "::"
        int before = 0;
        int after = 0;
        boolean compressed = false;
        int p = off;
        while (p < end)
        {
            if (buf.getByte(p) == ':')
            {
                if (p + 1 < end && buf.getByte(p + 1) == ':')
                {
                    compressed = true;
                    p += 2;
                    continue;
                }
                p++;
                continue;
            }
            int q = p;
            boolean dotted = false;
            while (q < end && buf.getByte(q) != ':')
            {
                dotted |= buf.getByte(q) == '.';
                q++;
            }
            final int n = dotted ? 2 : 1;
            if (compressed)
            {
                after += n;
            }
            else
            {
                before += n;
            }
            p = q;
        }
        final int zeros = 8 - before - after;
        // pass 2: the groups in order, the run of zeros where "::" stood
        long hi = 0;
        long lo = 0;
        int group = 0;
        p = off;
        while (p < end)
        {
            if (buf.getByte(p) == ':')
            {
                if (p + 1 < end && buf.getByte(p + 1) == ':')
                {
                    group += zeros;
                    p += 2;
                    continue;
                }
                p++;
                continue;
            }
            int q = p;
            boolean dotted = false;
            while (q < end && buf.getByte(q) != ':')
            {
                dotted |= buf.getByte(q) == '.';
                q++;
            }
            if (dotted)
            {
                final long v4 = ipv4Value(buf, p, q - p);
                if (group < 4)
                {
                    hi |= ((v4 >>> 16) & 0xFFFF) << (16 * (3 - group));
                }
                else
                {
                    lo |= ((v4 >>> 16) & 0xFFFF) << (16 * (7 - group));
                }
                group++;
                if (group < 4)
                {
                    hi |= (v4 & 0xFFFF) << (16 * (3 - group));
                }
                else
                {
                    lo |= (v4 & 0xFFFF) << (16 * (7 - group));
                }
                group++;
            }
            else
            {
                long v = 0;
                for (int k = p; k < q; k++)
                {
                    v = (v << 4) | hexValue(buf.getByte(k));
                }
                if (group < 4)
                {
                    hi |= v << (16 * (3 - group));
                }
                else
                {
                    lo |= v << (16 * (7 - group));
                }
                group++;
            }
            p = q;
        }
        return high ? hi : lo;
    }
}
