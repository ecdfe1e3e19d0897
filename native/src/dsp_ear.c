/*
 * The ear: what a person (or a test) hears in a window of audio. A Hann-windowed FFT, zero-padded to
 * under 1 Hz per bin; the strongest spectral peak, and the next peak at least 30 Hz away (and outside the
 * first's main lobe) that is within 15 dB of it; each refined by Gaussian interpolation to well under
 * 10 Hz. Below -50 dBm0 the window is silence. Cadenced tones are heard too: gating only adds sidebands
 * close to the carrier, inside the exclusion zone or far below 15 dB.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "vxb_dsp.h"

#define SILENCE_DBM0 (-50.0)
#define SECOND_PEAK_DB 15.0
#define MIN_SEPARATION_HZ 30.0
#define LOW_HZ 60.0
#define HIGH_HZ 3900.0

static void fft(double *re, double *im, int n)
{
    for (int i = 1, j = 0; i < n; i++)
    {
        int bit = n >> 1;
        for (; j & bit; bit >>= 1)
        {
            j ^= bit;
        }
        j ^= bit;
        if (i < j)
        {
            double t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
    }
    for (int len = 2; len <= n; len <<= 1)
    {
        double ang = -6.283185307179586 / len;
        double wr = cos(ang);
        double wi = sin(ang);
        for (int i = 0; i < n; i += len)
        {
            double cr = 1.0;
            double ci = 0.0;
            for (int j = 0; j < len / 2; j++)
            {
                int a = i + j;
                int b = a + len / 2;
                double vr = re[b] * cr - im[b] * ci;
                double vi = re[b] * ci + im[b] * cr;
                re[b] = re[a] - vr;
                im[b] = im[a] - vi;
                re[a] += vr;
                im[a] += vi;
                double t = cr * wr - ci * wi;
                ci = cr * wi + ci * wr;
                cr = t;
            }
        }
    }
}

static double refine(const double *p, int k, double bin_hz)
{
    double a = log(p[k - 1] + 1e-30);
    double b = log(p[k] + 1e-30);
    double c = log(p[k + 1] + 1e-30);
    double den = a - 2.0 * b + c;
    double delta = den != 0.0 ? 0.5 * (a - c) / den : 0.0;
    if (delta > 0.5)
    {
        delta = 0.5;
    }
    if (delta < -0.5)
    {
        delta = -0.5;
    }
    return (k + delta) * bin_hz;
}

int vxb_analyze(const int16_t *x, int n, vxb_hear_t *out)
{
    memset(out, 0, sizeof(*out));
    double level = vxb_rms_dbm0(x, n);
    out->level_dbx10 = (int32_t)lrint(level * 10.0);
    if (n < 32 || level < SILENCE_DBM0)
    {
        out->silence = 1;
        return 0;
    }
    int m = 8192;
    while (m < n)
    {
        m <<= 1;
    }
    double *re = calloc((size_t)m, sizeof(double));
    double *im = calloc((size_t)m, sizeof(double));
    if (re == NULL || im == NULL)
    {
        free(re);
        free(im);
        return VXB_ERR_NOMEM;
    }
    for (int i = 0; i < n; i++)
    {
        re[i] = x[i] * (0.5 - 0.5 * cos(6.283185307179586 * i / (n - 1)));
    }
    fft(re, im, m);
    double *p = re; /* power spectrum, in place */
    for (int k = 0; k <= m / 2; k++)
    {
        p[k] = re[k] * re[k] + im[k] * im[k];
    }

    double bin_hz = (double)VXB_FS / m;
    int lo = (int)ceil(LOW_HZ / bin_hz);
    int hi = (int)floor(HIGH_HZ / bin_hz);
    int k1 = -1;
    for (int k = lo; k <= hi; k++)
    {
        if (p[k] > p[k - 1] && p[k] >= p[k + 1] && (k1 < 0 || p[k] > p[k1]))
        {
            k1 = k;
        }
    }
    if (k1 < 0)
    {
        free(re);
        free(im);
        out->silence = 1;
        return 0;
    }
    double sep_hz = 4.0 * VXB_FS / n; /* beyond the Hann main lobe (+-2 bins of the unpadded window) */
    if (sep_hz < MIN_SEPARATION_HZ)
    {
        sep_hz = MIN_SEPARATION_HZ;
    }
    int sep = (int)ceil(sep_hz / bin_hz);
    double floor2 = p[k1] * pow(10.0, -SECOND_PEAK_DB / 10.0);
    int k2 = -1;
    for (int k = lo; k <= hi; k++)
    {
        if (abs(k - k1) > sep && p[k] > p[k - 1] && p[k] >= p[k + 1] && p[k] >= floor2 && (k2 < 0 || p[k] > p[k2]))
        {
            k2 = k;
        }
    }
    int f1 = (int)lrint(refine(p, k1, bin_hz));
    int f2 = k2 >= 0 ? (int)lrint(refine(p, k2, bin_hz)) : 0;
    free(re);
    free(im);
    if (f2 != 0 && f2 < f1)
    {
        int t = f1;
        f1 = f2;
        f2 = t;
    }
    out->f1_hz = f1;
    out->f2_hz = f2;
    return 0;
}
