package io.voxline.journal;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Allocation-free UTF-8 between CharSequences and Agrona buffers (Agrona's own UTF-8 helpers take Strings
 * and allocate). A text longer than its limit is cut at a character boundary; an unpaired surrogate is
 * written as U+FFFD, and malformed bytes read back as U+FFFD.
 */
final class Utf8
{
    static final char REPLACEMENT = '\uFFFD';

    private Utf8()
    {
    }

    /** Bytes the text takes in UTF-8, stopping before the first character that would pass maxBytes. */
    static int encodedLength(final CharSequence s, final int maxBytes)
    {
        int bytes = 0;
        final int n = s.length();
        for (int i = 0; i < n; i++)
        {
            final char c = s.charAt(i);
            final int w = width(s, i, c);
            if (bytes + w > maxBytes)
            {
                break;
            }
            bytes += w;
            if (w == 4)
            {
                i++;
            }
        }
        return bytes;
    }

    /** True when the whole text fits in maxBytes of UTF-8. */
    static boolean fits(final CharSequence s, final int maxBytes)
    {
        int bytes = 0;
        final int n = s.length();
        for (int i = 0; i < n; i++)
        {
            final char c = s.charAt(i);
            final int w = width(s, i, c);
            bytes += w;
            if (bytes > maxBytes)
            {
                return false;
            }
            if (w == 4)
            {
                i++;
            }
        }
        return true;
    }

    /** Writes exactly byteLength bytes (a value from {@link #encodedLength}) of the text at index. */
    static void encode(final CharSequence s, final int byteLength, final MutableDirectBuffer buffer, final int index)
    {
        int at = index;
        final int end = index + byteLength;
        for (int i = 0; at < end; i++)
        {
            final char c = s.charAt(i);
            final int w = width(s, i, c);
            switch (w)
            {
                case 1:
                    buffer.putByte(at, (byte)c);
                    break;
                case 2:
                    buffer.putByte(at, (byte)(0xC0 | (c >> 6)));
                    buffer.putByte(at + 1, (byte)(0x80 | (c & 0x3F)));
                    break;
                case 3:
                {
                    final char v = Character.isSurrogate(c) ? REPLACEMENT : c;
                    buffer.putByte(at, (byte)(0xE0 | (v >> 12)));
                    buffer.putByte(at + 1, (byte)(0x80 | ((v >> 6) & 0x3F)));
                    buffer.putByte(at + 2, (byte)(0x80 | (v & 0x3F)));
                    break;
                }
                default:
                {
                    final int cp = Character.toCodePoint(c, s.charAt(++i));
                    buffer.putByte(at, (byte)(0xF0 | (cp >> 18)));
                    buffer.putByte(at + 1, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                    buffer.putByte(at + 2, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                    buffer.putByte(at + 3, (byte)(0x80 | (cp & 0x3F)));
                    break;
                }
            }
            at += w;
        }
    }

    /** Replaces the builder's contents with the UTF-8 text of length bytes at index. */
    static void decode(final DirectBuffer buffer, final int index, final int length, final StringBuilder out)
    {
        out.setLength(0);
        int i = index;
        final int end = index + length;
        while (i < end)
        {
            final int b0 = buffer.getByte(i) & 0xFF;
            if (b0 < 0x80)
            {
                out.append((char)b0);
                i++;
                continue;
            }
            final int extra = b0 >= 0xF0 && b0 < 0xF8 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : -1;
            if (extra < 0 || i + extra >= end)
            {
                out.append(REPLACEMENT);
                i++;
                continue;
            }
            int cp = b0 & (0x3F >> extra);
            boolean ok = true;
            for (int k = 1; k <= extra; k++)
            {
                final int b = buffer.getByte(i + k) & 0xFF;
                if ((b & 0xC0) != 0x80)
                {
                    ok = false;
                    break;
                }
                cp = (cp << 6) | (b & 0x3F);
            }
            if (!ok || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF))
            {
                out.append(REPLACEMENT);
                i++;
                continue;
            }
            out.appendCodePoint(cp);
            i += extra + 1;
        }
    }

    private static int width(final CharSequence s, final int i, final char c)
    {
        if (c < 0x80)
        {
            return 1;
        }
        if (c < 0x800)
        {
            return 2;
        }
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
        {
            return 4;
        }
        return 3;
    }
}
