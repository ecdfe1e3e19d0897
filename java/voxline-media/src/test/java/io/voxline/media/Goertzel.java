package io.voxline.media;

/** Signal power at one frequency (the Goertzel algorithm), for checking what an earpiece heard. */
final class Goertzel
{
    private Goertzel()
    {
    }

    /** Power of the component at hz in samples (8 kHz), normalised by the length. */
    static double power(final short[] samples, final double hz)
    {
        final double coeff = 2 * Math.cos(2 * Math.PI * hz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        for (final short x : samples)
        {
            final double s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        final double p = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return p / ((double)samples.length * samples.length);
    }

    /** The RMS of the samples. */
    static double rms(final short[] samples)
    {
        double sum = 0;
        for (final short x : samples)
        {
            sum += (double)x * x;
        }
        return Math.sqrt(sum / samples.length);
    }
}
