package io.voxline.sip.auth;

/** Plain text to UTF-8 bytes without allocating (user names and realms as the users file and HMACs see them). */
final class Utf8
{
    private Utf8()
    {
    }

    /** Encodes s into dst; returns the length, or -1 when dst is too small. Lone surrogates become '?'. */
    static int encode(final CharSequence s, final byte[] dst)
    {
        int n = 0;
        final int len = s.length();
        for (int k = 0; k < len; k++)
        {
            final char c = s.charAt(k);
            final int cp;
            if (Character.isHighSurrogate(c) && k + 1 < len && Character.isLowSurrogate(s.charAt(k + 1)))
            {
                cp = Character.toCodePoint(c, s.charAt(++k));
            }
            else
            {
                cp = Character.isSurrogate(c) ? '?' : c;
            }
            final int need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (n + need > dst.length)
            {
                return -1;
            }
            switch (need)
            {
                case 1 -> dst[n++] = (byte)cp;
                case 2 ->
                {
                    dst[n++] = (byte)(0xC0 | (cp >> 6));
                    dst[n++] = (byte)(0x80 | (cp & 0x3F));
                }
                case 3 ->
                {
                    dst[n++] = (byte)(0xE0 | (cp >> 12));
                    dst[n++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    dst[n++] = (byte)(0x80 | (cp & 0x3F));
                }
                default ->
                {
                    dst[n++] = (byte)(0xF0 | (cp >> 18));
                    dst[n++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    dst[n++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    dst[n++] = (byte)(0x80 | (cp & 0x3F));
                }
            }
        }
        return n;
    }
}
