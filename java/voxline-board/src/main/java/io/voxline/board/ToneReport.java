package io.voxline.board;

/**
 * What an ear heard: silence, or the one or two strongest components (Hz, rounded) and their level.
 * f2 is 0 when only one component stands out.
 */
public record ToneReport(boolean silence, int f1, int f2, double levelDbm0)
{
    public static final ToneReport SILENCE = new ToneReport(true, 0, 0, -99.0);

    /** True when f (Hz) is one of the components heard, within tolerance Hz. */
    public boolean contains(final int f, final int toleranceHz)
    {
        return !silence && (Math.abs(f1 - f) <= toleranceHz || (f2 != 0 && Math.abs(f2 - f) <= toleranceHz));
    }

    @Override
    public String toString()
    {
        return silence ? "silence" : "tone " + f1 + (f2 != 0 ? "+" + f2 : "");
    }
}
