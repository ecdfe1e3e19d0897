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

    /** With pos at an opening DQUOTE: the index after the closing DQUOTE (backslash escapes honoured), or -1. */
    public static int skipQuoted(final DirectBuffer buf, final int pos, final int end)
    {
        int p = pos + 1;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == '\\')
            {
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
     * The decimal number in [off, end) — digits only, at least one — or -1 when empty, not all digits,
     * or greater than max (which bounds overflow too).
     */
    public static long parseDigits(final DirectBuffer buf, final int off, final int end, final long max)
    {
        if (off >= end || end - off > 18)
        {
            return -1;
        }
        long v = 0;
        for (int p = off; p < end; p++)
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
     * Scans a host at pos: an IPv6 reference {@code [..]} or a run of name characters (alphanumerics,
     * '-', '.', '_'). Returns the index after it, or -1 when there is none or the brackets are bad.
     */
    public static int scanHost(final DirectBuffer buf, final int pos, final int end)
    {
        if (pos >= end)
        {
            return -1;
        }
        if (buf.getByte(pos) == '[')
        {
            int p = pos + 1;
            int colons = 0;
            while (p < end)
            {
                final byte b = buf.getByte(p);
                if (b == ']')
                {
                    return (colons >= 2 && p > pos + 2) ? p + 1 : -1;
                }
                if (b == ':')
                {
                    colons++;
                }
                else if (!isHexDigit(b) && b != '.')
                {
                    return -1;
                }
                p++;
            }
            return -1;
        }
        int p = pos;
        while (p < end && HOST[buf.getByte(p) & 0xFF])
        {
            p++;
        }
        return p == pos ? -1 : p;
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
}
