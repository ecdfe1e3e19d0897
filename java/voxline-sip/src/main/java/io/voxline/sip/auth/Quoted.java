package io.voxline.sip.auth;

import org.agrona.DirectBuffer;

import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.parse.BufferView;

/**
 * quoted-string content (RFC 3261 §25.1: {@code \} escapes the next byte). A {@link BufferView} handed around
 * in this package is content as it stood between the quotes, escapes included; plain Strings are unescaped text.
 */
final class Quoted
{
    private Quoted()
    {
    }

    /**
     * Unescapes [off, off+len) of buf into dst; returns the length, or -1 when dst is too small. A trailing lone
     * backslash cannot occur in a parsed quoted-string; it is kept.
     */
    static int unescape(final DirectBuffer buf, final int off, final int len, final byte[] dst)
    {
        int n = 0;
        final int end = off + len;
        for (int p = off; p < end; p++)
        {
            byte b = buf.getByte(p);
            if (b == '\\' && p + 1 < end)
            {
                b = buf.getByte(++p);
            }
            if (n == dst.length)
            {
                return -1;
            }
            dst[n++] = b;
        }
        return n;
    }

    /** The unescaped content of a view equals bytes [0, len) of s. */
    static boolean equalsUnescaped(final BufferView v, final byte[] s, final int len)
    {
        final DirectBuffer buf = v.buffer();
        final int end = v.offset() + v.length();
        int n = 0;
        for (int p = v.offset(); p < end; p++)
        {
            byte b = buf.getByte(p);
            if (b == '\\' && p + 1 < end)
            {
                b = buf.getByte(++p);
            }
            if (n == len || s[n] != b)
            {
                return false;
            }
            n++;
        }
        return n == len;
    }

    /** The unescaped content of a view equals the plain text s (compared as ISO-8859-1/ASCII chars). */
    static boolean equalsUnescaped(final BufferView v, final CharSequence s)
    {
        if (s instanceof BufferView other)
        {
            return unescapedEquals(v, other);
        }
        final DirectBuffer buf = v.buffer();
        final int end = v.offset() + v.length();
        int n = 0;
        for (int p = v.offset(); p < end; p++)
        {
            int b = buf.getByte(p) & 0xFF;
            if (b == '\\' && p + 1 < end)
            {
                b = buf.getByte(++p) & 0xFF;
            }
            if (n == s.length() || s.charAt(n) != b)
            {
                return false;
            }
            n++;
        }
        return n == s.length();
    }

    private static boolean unescapedEquals(final BufferView a, final BufferView b)
    {
        final DirectBuffer ba = a.buffer();
        final DirectBuffer bb = b.buffer();
        final int ea = a.offset() + a.length();
        final int eb = b.offset() + b.length();
        int p = a.offset();
        int q = b.offset();
        while (p < ea && q < eb)
        {
            byte x = ba.getByte(p);
            if (x == '\\' && p + 1 < ea)
            {
                x = ba.getByte(++p);
            }
            byte y = bb.getByte(q);
            if (y == '\\' && q + 1 < eb)
            {
                y = bb.getByte(++q);
            }
            if (x != y)
            {
                return false;
            }
            p++;
            q++;
        }
        return p == ea && q == eb;
    }

    /** Writes {@code "value"}: a BufferView verbatim (already quoted-string content), plain text escaped. */
    static void append(final SipMessageWriter w, final CharSequence value)
    {
        w.append('"');
        if (value instanceof BufferView)
        {
            w.append(value);
        }
        else if (value != null)
        {
            for (int i = 0; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if (c == '"' || c == '\\')
                {
                    w.append('\\');
                }
                w.append(c);
            }
        }
        w.append('"');
    }

    /** Escapes plain text for a quoted-string (allocates; for values kept by the client). */
    static String escape(final CharSequence s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** Unescapes quoted-string content (allocates; chars are the bytes, as BufferView gives them). */
    static String unescape(final CharSequence s)
    {
        final StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length())
            {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
