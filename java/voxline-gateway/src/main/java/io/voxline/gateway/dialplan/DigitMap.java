package io.voxline.gateway.dialplan;

import java.util.ArrayList;
import java.util.List;

/**
 * A digit map in the style of RFC 3435 §2.1.5: alternatives separated by '|', optionally wrapped in
 * parentheses; each alternative a sequence of elements —
 * <ul>
 * <li>a DTMF symbol {@code 0-9 * # A-D} (case ignored) matching itself,</li>
 * <li>{@code x} (or {@code X}) matching any digit 0-9,</li>
 * <li>{@code [...]} matching one symbol of a set of symbols and ranges, e.g. {@code [1-9]}, {@code [0-5]},
 * {@code [13*]},</li>
 * <li>{@code .} after an element: that element zero or more times,</li>
 * <li>{@code T}: the alternative matches only once the inter-digit timer expired.</li>
 * </ul>
 * Spaces are ignored. {@link #match} says what the digits collected so far mean: {@link Match#COMPLETE} when an
 * alternative without T matches them exactly and no alternative could match a longer string (dial now);
 * {@link Match#PARTIAL} when more digits could still make (or extend) a match; {@link Match#NONE} when no
 * alternative can ever match. The line dials on COMPLETE, on '#', or when the inter-digit timer expires.
 * Immutable; matching allocates nothing but a small scratch array per call, which runs once per digit.
 */
public final class DigitMap
{
    /** What the digits so far mean. */
    public enum Match
    {
        /** No alternative can match, however many digits follow. */
        NONE,
        /** More digits may complete or extend a match: keep collecting (the timer still ends dialing). */
        PARTIAL,
        /** An alternative matched exactly and none could match more digits: dial now. */
        COMPLETE
    }

    private static final String SYMBOLS = "0123456789*#ABCD";
    private static final int DIGITS_ONLY = 0x3FF;

    /** One alternative: per element the set of symbols it takes (bit i = SYMBOLS[i]) and whether it repeats. */
    private record Pattern(int[] sets, boolean[] repeat, boolean timer)
    {
    }

    private final String text;
    private final List<Pattern> patterns;

    private DigitMap(final String text, final List<Pattern> patterns)
    {
        this.text = text;
        this.patterns = patterns;
    }

    /**
     * Parses a digit map.
     *
     * @throws IllegalArgumentException with the reason (see {@link #check}) when it is malformed
     */
    public static DigitMap of(final String text)
    {
        final List<Pattern> patterns = new ArrayList<>();
        final String error = parse(text, patterns);
        if (error != null)
        {
            throw new IllegalArgumentException("bad digit map '" + text + "': " + error);
        }
        return new DigitMap(text, List.copyOf(patterns));
    }

    /** Null when text is a valid digit map, else why not (for configuration errors). */
    public static String check(final String text)
    {
        return parse(text, new ArrayList<>());
    }

    /** The map as written. */
    public String text()
    {
        return text;
    }

    /** What digits (DTMF symbols as dialed, without the terminating '#') mean against this map. */
    public Match match(final CharSequence digits)
    {
        boolean exact = false;
        boolean longer = false;
        for (final Pattern p : patterns)
        {
            final int state = run(p, digits);
            if ((state & 1) != 0 && !p.timer())
            {
                exact = true;
            }
            if ((state & 2) != 0 || ((state & 1) != 0 && p.timer()))
            {
                longer = true;
            }
        }
        if (exact && !longer)
        {
            return Match.COMPLETE;
        }
        return exact || longer ? Match.PARTIAL : Match.NONE;
    }

    /** True when some alternative (with or without T) matches digits exactly: what a timer expiry would dial. */
    public boolean matchesOnTimeout(final CharSequence digits)
    {
        for (final Pattern p : patterns)
        {
            if ((run(p, digits) & 1) != 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the pattern as an NFA over element positions; returns bit 0 = matched exactly (the end position is
     * reachable), bit 1 = some element position is still reachable (more digits could be taken).
     */
    private static int run(final Pattern p, final CharSequence digits)
    {
        final int n = p.sets().length;
        boolean[] current = new boolean[n + 1];
        boolean[] next = new boolean[n + 1];
        current[0] = true;
        closure(p, current);
        for (int i = 0; i < digits.length(); i++)
        {
            final int symbol = SYMBOLS.indexOf(Character.toUpperCase(digits.charAt(i)));
            java.util.Arrays.fill(next, false);
            boolean any = false;
            for (int pos = 0; pos < n; pos++)
            {
                if (current[pos] && symbol >= 0 && (p.sets()[pos] & (1 << symbol)) != 0)
                {
                    if (p.repeat()[pos])
                    {
                        next[pos] = true;
                    }
                    else
                    {
                        next[pos + 1] = true;
                    }
                    any = true;
                }
            }
            if (!any)
            {
                return 0;
            }
            closure(p, next);
            final boolean[] t = current;
            current = next;
            next = t;
        }
        int state = current[n] ? 1 : 0;
        for (int pos = 0; pos < n; pos++)
        {
            if (current[pos])
            {
                state |= 2;
                break;
            }
        }
        return state;
    }

    /** A repeated element may occur zero times: whoever stands on it may also stand after it. */
    private static void closure(final Pattern p, final boolean[] at)
    {
        for (int pos = 0; pos < p.sets().length; pos++)
        {
            if (at[pos] && p.repeat()[pos])
            {
                at[pos + 1] = true;
            }
        }
    }

    private static String parse(final String text, final List<Pattern> out)
    {
        if (text == null)
        {
            return "no digit map";
        }
        String s = text.replace(" ", "").replace("\t", "");
        if (s.startsWith("(") && s.endsWith(")"))
        {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty())
        {
            return "empty digit map";
        }
        final String[] alternatives = s.split("\\|", -1);
        for (int a = 0; a < alternatives.length; a++)
        {
            final String alt = alternatives[a];
            if (alt.isEmpty())
            {
                return "alternative " + (a + 1) + " is empty";
            }
            final List<Integer> sets = new ArrayList<>();
            final List<Boolean> repeats = new ArrayList<>();
            boolean timer = false;
            int i = 0;
            while (i < alt.length())
            {
                final char c = alt.charAt(i);
                if (c == 'T' || c == 't')
                {
                    timer = true;
                    i++;
                    continue;
                }
                if (c == '.')
                {
                    if (sets.isEmpty() || repeats.get(repeats.size() - 1))
                    {
                        return "'.' at " + (i + 1) + " of '" + alt + "' repeats nothing";
                    }
                    repeats.set(repeats.size() - 1, true);
                    i++;
                    continue;
                }
                if (c == 'x' || c == 'X')
                {
                    sets.add(DIGITS_ONLY);
                    repeats.add(false);
                    i++;
                    continue;
                }
                if (c == '[')
                {
                    final int close = alt.indexOf(']', i);
                    if (close < 0)
                    {
                        return "'[' at " + (i + 1) + " of '" + alt + "' is not closed";
                    }
                    final String body = alt.substring(i + 1, close);
                    int set = 0;
                    for (int k = 0; k < body.length(); k++)
                    {
                        final int from = symbol(body.charAt(k));
                        if (from < 0)
                        {
                            return "'" + body.charAt(k) + "' in [" + body + "] is not a DTMF symbol";
                        }
                        if (k + 2 < body.length() && body.charAt(k + 1) == '-')
                        {
                            final int to = symbol(body.charAt(k + 2));
                            if (from > 9 || to < 0 || to > 9 || to < from)
                            {
                                return "range " + body.substring(k, k + 3) + " in [" + body + "] is not a digit range";
                            }
                            for (int d = from; d <= to; d++)
                            {
                                set |= 1 << d;
                            }
                            k += 2;
                        }
                        else
                        {
                            set |= 1 << from;
                        }
                    }
                    if (set == 0)
                    {
                        return "[] matches nothing";
                    }
                    sets.add(set);
                    repeats.add(false);
                    i = close + 1;
                    continue;
                }
                final int sym = symbol(c);
                if (sym < 0)
                {
                    return "'" + c + "' at " + (i + 1) + " of '" + alt + "' is not a digit map element";
                }
                sets.add(1 << sym);
                repeats.add(false);
                i++;
            }
            if (sets.isEmpty())
            {
                return "alternative '" + alt + "' matches no digits";
            }
            final int[] setArray = new int[sets.size()];
            final boolean[] repeatArray = new boolean[sets.size()];
            for (int k = 0; k < setArray.length; k++)
            {
                setArray[k] = sets.get(k);
                repeatArray[k] = repeats.get(k);
            }
            out.add(new Pattern(setArray, repeatArray, timer));
        }
        return null;
    }

    private static int symbol(final char c)
    {
        return SYMBOLS.indexOf(Character.toUpperCase(c));
    }

    @Override
    public String toString()
    {
        return text;
    }
}
