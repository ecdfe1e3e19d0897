/* Levels and G.711 (mu-law and A-law, the classic segment coders of ITU-T G.711). */
#include <math.h>
#include <string.h>

#include "vxb_dsp.h"

double vxb_dbm0_to_peak(double dbm0)
{
    return VXB_DBM0_RMS * sqrt(2.0) * pow(10.0, dbm0 / 20.0);
}

double vxb_rms_dbm0(const int16_t *x, int n)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
    {
        sum += (double)x[i] * (double)x[i];
    }
    if (n <= 0 || sum <= 0.0)
    {
        return -99.0;
    }
    double db = 20.0 * log10(sqrt(sum / n) / VXB_DBM0_RMS);
    return db < -99.0 ? -99.0 : db;
}

int16_t vxb_clip16(double v)
{
    if (v >= 32767.0)
    {
        return 32767;
    }
    if (v <= -32768.0)
    {
        return -32768;
    }
    return (int16_t)lrint(v);
}

static int segment(int value, const int *ends)
{
    for (int i = 0; i < 8; i++)
    {
        if (value <= ends[i])
        {
            return i;
        }
    }
    return 8;
}

static const int ALAW_ENDS[8] = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};

/*
 * G.191 ulaw_compress: the 14-bit magnitude of a negative sample is its one's complement shifted (not
 * pcm / 4, which rounds toward zero and puts 130 of the 65,536 inputs one code off), plus the bias 33.
 */
uint8_t vxb_linear_to_ulaw(int16_t pcm)
{
    int absno = pcm < 0 ? ((~(int)pcm) >> 2) + 33 : ((int)pcm >> 2) + 33;
    if (absno > 0x1FFF)
    {
        absno = 0x1FFF;
    }
    int segno = 1;
    for (int i = absno >> 6; i != 0; i >>= 1)
    {
        segno++;
    }
    int code = ((0x8 - segno) << 4) | (0xF - ((absno >> segno) & 0xF));
    if (pcm >= 0)
    {
        code |= 0x80;
    }
    return (uint8_t)code;
}

int16_t vxb_ulaw_to_linear(uint8_t u)
{
    int v = (~u) & 0xFF;
    int t = ((v & 0x0F) << 3) + 0x84;
    t <<= (v & 0x70) >> 4;
    return (int16_t)((v & 0x80) ? (0x84 - t) : (t - 0x84));
}

uint8_t vxb_linear_to_alaw(int16_t pcm)
{
    int v = pcm >> 3; /* 13-bit */
    int mask;
    if (v >= 0)
    {
        mask = 0xD5;
    }
    else
    {
        mask = 0x55;
        v = -v - 1;
    }
    int seg = segment(v, ALAW_ENDS);
    if (seg >= 8)
    {
        return (uint8_t)(0x7F ^ mask);
    }
    int a = seg << 4;
    a |= (seg < 2) ? ((v >> 1) & 0x0F) : ((v >> seg) & 0x0F);
    return (uint8_t)(a ^ mask);
}

int16_t vxb_alaw_to_linear(uint8_t a)
{
    int v = a ^ 0x55;
    int t = (v & 0x0F) << 4;
    int seg = (v & 0x70) >> 4;
    switch (seg)
    {
    case 0:
        t += 8;
        break;
    case 1:
        t += 0x108;
        break;
    default:
        t += 0x108;
        t <<= seg - 1;
        break;
    }
    return (int16_t)((v & 0x80) ? t : -t);
}

int vxb_format_sample_bytes(int32_t format)
{
    switch (format)
    {
    case VXB_FMT_LINEAR16:
        return 2;
    case VXB_FMT_PCMU:
    case VXB_FMT_PCMA:
        return 1;
    default:
        return 0;
    }
}

void vxb_encode(int32_t format, const int16_t *pcm, int n, uint8_t *out)
{
    for (int i = 0; i < n; i++)
    {
        switch (format)
        {
        case VXB_FMT_PCMU:
            out[i] = vxb_linear_to_ulaw(pcm[i]);
            break;
        case VXB_FMT_PCMA:
            out[i] = vxb_linear_to_alaw(pcm[i]);
            break;
        default:
            memcpy(out + 2 * i, &pcm[i], 2); /* the caller's buffer need not be aligned */
            break;
        }
    }
}

void vxb_decode(int32_t format, const uint8_t *in, int n, int16_t *pcm)
{
    for (int i = 0; i < n; i++)
    {
        switch (format)
        {
        case VXB_FMT_PCMU:
            pcm[i] = vxb_ulaw_to_linear(in[i]);
            break;
        case VXB_FMT_PCMA:
            pcm[i] = vxb_alaw_to_linear(in[i]);
            break;
        default:
            memcpy(&pcm[i], in + 2 * i, 2);
            break;
        }
    }
}
