package io.voxline.journal;

/** Which side placed the call: IN from the network towards the line, OUT from the line. */
public enum CallDirection
{
    IN,
    OUT;

    /** The direction named by the text, or null when it names none (journals are read, never trusted). */
    static CallDirection parse(final CharSequence text)
    {
        if (text == null)
        {
            return null;
        }
        for (final CallDirection d : values())
        {
            if (d.name().contentEquals(text))
            {
                return d;
            }
        }
        return null;
    }
}
