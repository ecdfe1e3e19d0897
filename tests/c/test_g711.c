/* G.711 against the ITU-T G.191 reference (STL g711.c), transcribed here on its own: every one of the
 * 65,536 16-bit inputs must give the reference's code, and every code the reference's sample. */
#include "vxb_dsp.h"
#include "vxb_test.h"

/* G.191 ulaw_compress for one sample: one's complement for negatives, 33 the A-law/mu-law bias. */
static int ref_ulaw_compress(short lin)
{
    short absno = lin < 0 ? (short)(((~lin) >> 2) + 33) : (short)((lin >> 2) + 33);
    if (absno > 0x1FFF)
    {
        absno = 0x1FFF;
    }
    short i = (short)(absno >> 6);
    short segno = 1;
    while (i != 0)
    {
        segno++;
        i >>= 1;
    }
    short high_nibble = (short)(0x0008 - segno);
    short low_nibble = (short)(0x000F - ((absno >> segno) & 0x000F));
    short log = (short)((high_nibble << 4) | low_nibble);
    if (lin >= 0)
    {
        log = (short)(log | 0x0080);
    }
    return log;
}

/* G.191 ulaw_expand for one code (14-bit left-justified result). */
static int ref_ulaw_expand(short log)
{
    short sign = log < 0x0080 ? -1 : 1;
    short mantissa = (short)~log;
    short exponent = (short)((mantissa >> 4) & 0x0007);
    short segment = (short)(exponent + 1);
    mantissa = (short)(mantissa & 0x000F);
    short step = (short)(4 << segment);
    return sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33);
}

/* G.191 alaw_compress for one sample. */
static int ref_alaw_compress(short lin)
{
    short ix = lin < 0 ? (short)((~lin) >> 4) : (short)(lin >> 4);
    if (ix > 15)
    {
        short iexp = 1;
        while (ix > 16 + 15)
        {
            ix >>= 1;
            iexp++;
        }
        ix = (short)(ix - 16);
        ix = (short)(ix + (iexp << 4));
    }
    if (lin >= 0)
    {
        ix = (short)(ix | 0x0080);
    }
    return ix ^ 0x0055;
}

/* G.191 alaw_expand for one code. */
static int ref_alaw_expand(short log)
{
    short ix = (short)((log ^ 0x0055) & 0x007F);
    short iexp = (short)(ix >> 4);
    short mant = (short)(ix & 0x000F);
    if (iexp > 0)
    {
        mant = (short)(mant + 16);
    }
    mant = (short)((mant << 4) + 0x0008);
    if (iexp > 1)
    {
        mant = (short)(mant << (iexp - 1));
    }
    return log > 127 ? mant : -mant;
}

int main(void)
{
    int ulaw_off = 0, alaw_off = 0;
    for (int v = -32768; v <= 32767; v++)
    {
        int u = vxb_linear_to_ulaw((int16_t)v);
        int a = vxb_linear_to_alaw((int16_t)v);
        int ru = ref_ulaw_compress((short)v);
        int ra = ref_alaw_compress((short)v);
        if (u != ru && ulaw_off++ < 5)
        {
            fprintf(stderr, "mu-law %d: 0x%02X, G.191 0x%02X\n", v, u, ru);
        }
        if (a != ra && alaw_off++ < 5)
        {
            fprintf(stderr, "A-law %d: 0x%02X, G.191 0x%02X\n", v, a, ra);
        }
    }
    CHECK(ulaw_off == 0, "%d of 65536 inputs encode to another mu-law code than G.191's", ulaw_off);
    CHECK(alaw_off == 0, "%d of 65536 inputs encode to another A-law code than G.191's", alaw_off);

    for (int c = 0; c < 256; c++)
    {
        CHECK(vxb_ulaw_to_linear((uint8_t)c) == ref_ulaw_expand((short)c), "mu-law code 0x%02X: %d, G.191 %d", c,
              vxb_ulaw_to_linear((uint8_t)c), ref_ulaw_expand((short)c));
        CHECK(vxb_alaw_to_linear((uint8_t)c) == ref_alaw_expand((short)c), "A-law code 0x%02X: %d, G.191 %d", c,
              vxb_alaw_to_linear((uint8_t)c), ref_alaw_expand((short)c));
    }

    /* the block coders are the sample coders */
    int16_t pcm[4] = {-32768, -4, 5, 32767};
    uint8_t out[4];
    vxb_encode(VXB_FMT_PCMU, pcm, 4, out);
    for (int i = 0; i < 4; i++)
    {
        CHECK(out[i] == ref_ulaw_compress(pcm[i]), "vxb_encode PCMU sample %d", i);
    }
    vxb_encode(VXB_FMT_PCMA, pcm, 4, out);
    for (int i = 0; i < 4; i++)
    {
        CHECK(out[i] == ref_alaw_compress(pcm[i]), "vxb_encode PCMA sample %d", i);
    }
    TEST_DONE();
}
