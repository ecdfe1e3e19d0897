package io.voxline.media.codec;

/**
 * The G.711 tables, built once from the ITU-T G.191 reference algorithms (alaw_compress, ulaw_compress
 * and their expanders) so that the table lookups give exactly the reference's answers.
 * µ-law looks at the 14 most significant bits of a 16-bit sample, A-law at the 12 most significant.
 */
final class G711Tables
{
    /** Indexed by (sample >> 2) & 0x3FFF. */
    static final byte[] ULAW_ENCODE = new byte[1 << 14];
    /** Indexed by (sample >> 4) & 0xFFF. */
    static final byte[] ALAW_ENCODE = new byte[1 << 12];
    static final short[] ULAW_DECODE = new short[256];
    static final short[] ALAW_DECODE = new short[256];

    static
    {
        for (int i = 0; i < ULAW_ENCODE.length; i++)
        {
            // the sign-extended 14-bit value, back at 16-bit scale: every sample with these top bits encodes alike
            final int sample = ((i << 18) >> 18) << 2;
            ULAW_ENCODE[i] = (byte)ulawCompress(sample);
        }
        for (int i = 0; i < ALAW_ENCODE.length; i++)
        {
            final int sample = ((i << 20) >> 20) << 4;
            ALAW_ENCODE[i] = (byte)alawCompress(sample);
        }
        for (int code = 0; code < 256; code++)
        {
            ULAW_DECODE[code] = (short)ulawExpand(code);
            ALAW_DECODE[code] = (short)alawExpand(code);
        }
    }

    private G711Tables()
    {
    }

    /** G.191 ulaw_compress for one 16-bit sample. */
    static int ulawCompress(final int sample)
    {
        // one's complement for negatives; 33 is the bias between the A-law and µ-law thresholds
        int absno = sample < 0 ? ((~sample) >> 2) + 33 : (sample >> 2) + 33;
        if (absno > 0x1FFF)
        {
            absno = 0x1FFF;
        }
        int i = absno >> 6;
        int segno = 1;
        while (i != 0)
        {
            segno++;
            i >>= 1;
        }
        final int highNibble = 0x8 - segno;
        final int lowNibble = 0xF - ((absno >> segno) & 0xF);
        int code = (highNibble << 4) | lowNibble;
        if (sample >= 0)
        {
            code |= 0x80;
        }
        return code;
    }

    /** G.191 ulaw_expand for one code. */
    static int ulawExpand(final int code)
    {
        final int sign = code < 0x80 ? -1 : 1;
        final int mantissa = ~code;
        final int exponent = (mantissa >> 4) & 0x7;
        final int segment = exponent + 1;
        final int step = 4 << segment;
        return sign * ((0x80 << exponent) + step * (mantissa & 0xF) + step / 2 - 4 * 33);
    }

    /** G.191 alaw_compress for one 16-bit sample. */
    static int alawCompress(final int sample)
    {
        int ix = sample < 0 ? (~sample) >> 4 : sample >> 4;
        if (ix > 15)
        {
            int iexp = 1;
            while (ix > 16 + 15)
            {
                ix >>= 1;
                iexp++;
            }
            ix -= 16;
            ix += iexp << 4;
        }
        if (sample >= 0)
        {
            ix |= 0x80;
        }
        return ix ^ 0x55;
    }

    /** G.191 alaw_expand for one code. */
    static int alawExpand(final int code)
    {
        final int ix = (code ^ 0x55) & 0x7F;
        final int iexp = ix >> 4;
        int mant = ix & 0xF;
        if (iexp > 0)
        {
            mant += 16;
        }
        mant = (mant << 4) + 8;
        if (iexp > 1)
        {
            mant <<= iexp - 1;
        }
        return code > 127 ? mant : -mant;
    }
}
