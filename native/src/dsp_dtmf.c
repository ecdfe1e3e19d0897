/*
 * DTMF: digit frequencies, and a Goertzel detector over blocks of 205 samples (25.6 ms at 8 kHz, the
 * classic size that puts all eight DTMF frequencies near bin centres). Two banks of blocks run half a
 * block apart, so there is a decision every 12.8 ms and a 40 ms digit always spans two of them.
 * A block holds a digit when one row and one column tone stand out: both above a minimum level, twist
 * within limits, each 6 dB above the other tones of its group, and together carrying a large part of
 * the block's energy (which rejects speech and call-progress tones; 40% because a tone 1.5% off
 * frequency loses up to 5 dB in its Goertzel filter, and must still be accepted). A press is reported
 * once: DOWN when two consecutive blocks agree, UP at the first block without it, with its length.
 * The same blocks look for fax calling (1100 Hz) and answer (2100 Hz) tones.
 */
#include <math.h>
#include <string.h>

#include "vxb_dsp.h"

static const double FREQS[10] = {697, 770, 852, 941, 1209, 1336, 1477, 1633, 1100, 2100};
static const char KEYS[4][4] = {
    {'1', '2', '3', 'A'},
    {'4', '5', '6', 'B'},
    {'7', '8', '9', 'C'},
    {'*', '0', '#', 'D'},
};

/* Per tone at least -33 dBm0, as block energy (rms^2 * N). */
#define TONE_MIN_DBM0 (-33.0)
#define FORWARD_TWIST_DB 4.0 /* column (high group) above row */
#define REVERSE_TWIST_DB 8.0 /* row above column */
#define RELATIVE_PEAK 4.0    /* 6 dB over the rest of the group */
#define ENERGY_FRACTION 0.40
#define SINGLE_FRACTION 0.70 /* a fax tone is a lone sine */
#define CNG_BLOCKS 28 /* ~360 ms of 1100 Hz (in 12.8 ms steps) */
#define CED_BLOCKS 40 /* ~510 ms of 2100 Hz */

static double coef(int i)
{
    return 2.0 * cos(6.283185307179586 * FREQS[i] / VXB_FS);
}

static double tone_min(void)
{
    double rms = VXB_DBM0_RMS * pow(10.0, TONE_MIN_DBM0 / 20.0);
    return rms * rms * VXB_DTMF_BLOCK;
}

int vxb_dtmf_freqs(char digit, int *row_hz, int *col_hz)
{
    if (digit >= 'a' && digit <= 'd')
    {
        digit = (char)(digit - 'a' + 'A');
    }
    for (int r = 0; r < 4; r++)
    {
        for (int c = 0; c < 4; c++)
        {
            if (KEYS[r][c] == digit)
            {
                *row_hz = (int)FREQS[r];
                *col_hz = (int)FREQS[4 + c];
                return 1;
            }
        }
    }
    return 0;
}

/* p: normalised Goertzel power (energy-equivalent) of the 10 frequencies; e: block energy. */
static char classify(const double *p, double e)
{
    int r = 0;
    int c = 4;
    for (int i = 1; i < 4; i++)
    {
        if (p[i] > p[r])
        {
            r = i;
        }
        if (p[4 + i] > p[c])
        {
            c = 4 + i;
        }
    }
    double min = tone_min();
    if (p[r] < min || p[c] < min)
    {
        return 0;
    }
    if (p[c] > p[r] * pow(10.0, FORWARD_TWIST_DB / 10.0) || p[r] > p[c] * pow(10.0, REVERSE_TWIST_DB / 10.0))
    {
        return 0;
    }
    for (int i = 0; i < 4; i++)
    {
        if ((i != r && p[i] * RELATIVE_PEAK > p[r]) || (4 + i != c && p[4 + i] * RELATIVE_PEAK > p[c]))
        {
            return 0;
        }
    }
    if (p[r] + p[c] < ENERGY_FRACTION * e)
    {
        return 0;
    }
    return KEYS[r][c - 4];
}

static int single_tone(const double *p, int i, double e)
{
    return p[i] >= tone_min() && p[i] >= SINGLE_FRACTION * e;
}

char vxb_dtmf_classify_block(const double *x)
{
    double p[10];
    double e = 0.0;
    for (int i = 0; i < 10; i++)
    {
        double k = coef(i);
        double s1 = 0.0;
        double s2 = 0.0;
        for (int n = 0; n < VXB_DTMF_BLOCK; n++)
        {
            double s0 = x[n] + k * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        p[i] = (s1 * s1 + s2 * s2 - k * s1 * s2) * 2.0 / VXB_DTMF_BLOCK;
    }
    for (int n = 0; n < VXB_DTMF_BLOCK; n++)
    {
        e += x[n] * x[n];
    }
    return classify(p, e);
}

void vxb_dtmf_det_reset(vxb_dtmf_det_t *d)
{
    memset(d, 0, sizeof(*d));
    for (int i = 0; i < 10; i++)
    {
        d->coef[i] = coef(i);
    }
    d->n[1] = -VXB_DTMF_HOP;
}

/* A tone of length D is present in about D / hop blocks (counting those it mostly covers). */
static int32_t block_ms(int blocks)
{
    return (int32_t)lrint(blocks * (double)VXB_DTMF_BLOCK * 500.0 / VXB_FS);
}

int vxb_dtmf_det_flush(vxb_dtmf_det_t *d, vxb_det_result_t *r)
{
    int flags = 0;
    if (d->down)
    {
        r->up_digit = d->down;
        r->up_ms = block_ms(d->hits);
        flags = VXB_DET_UP;
    }
    vxb_dtmf_det_reset(d);
    return flags;
}

static int decide(vxb_dtmf_det_t *d, const double *p, double e, vxb_det_result_t *r)
{
    int flags = 0;
    char digit = classify(p, e);
    if (d->down)
    {
        if (digit == d->down)
        {
            d->hits++;
        }
        else
        {
            r->up_digit = d->down;
            r->up_ms = block_ms(d->hits);
            flags |= VXB_DET_UP;
            d->down = 0;
            d->hits = 0;
        }
    }
    if (!d->down && digit != 0 && digit == d->last)
    {
        d->down = digit;
        d->hits = 2;
        r->down_digit = digit;
        flags |= VXB_DET_DOWN;
    }
    d->last = digit;

    d->cng_blocks = single_tone(p, 8, e) ? d->cng_blocks + 1 : 0;
    d->ced_blocks = single_tone(p, 9, e) ? d->ced_blocks + 1 : 0;
    if (d->cng_blocks == CNG_BLOCKS)
    {
        r->fax = VXB_FAX_CNG;
        flags |= VXB_DET_FAX;
    }
    else if (d->ced_blocks == CED_BLOCKS)
    {
        r->fax = VXB_FAX_CED;
        flags |= VXB_DET_FAX;
    }
    return flags;
}

int vxb_dtmf_det_feed(vxb_dtmf_det_t *d, double x, vxb_det_result_t *r)
{
    int flags = 0;
    for (int b = 0; b < 2; b++)
    {
        if (d->n[b] < 0)
        {
            d->n[b]++; /* bank 1's first half block */
            continue;
        }
        double *s1 = d->s1[b];
        double *s2 = d->s2[b];
        for (int i = 0; i < 10; i++)
        {
            double s0 = x + d->coef[i] * s1[i] - s2[i];
            s2[i] = s1[i];
            s1[i] = s0;
        }
        d->energy[b] += x * x;
        if (++d->n[b] < VXB_DTMF_BLOCK)
        {
            continue;
        }
        double p[10];
        for (int i = 0; i < 10; i++)
        {
            double k = d->coef[i];
            p[i] = (s1[i] * s1[i] + s2[i] * s2[i] - k * s1[i] * s2[i]) * 2.0 / VXB_DTMF_BLOCK;
            s1[i] = 0.0;
            s2[i] = 0.0;
        }
        double e = d->energy[b];
        d->energy[b] = 0.0;
        d->n[b] = 0;
        flags |= decide(d, p, e, r);
    }
    return flags;
}
