package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.SipChars;

/**
 * The option-tag check of RFC 3261 §8.2.2.3 (Require, at a UAS) and §16.3 step 5 (Proxy-Require, at a
 * proxy): which tags a request names in every entry of a header (comma lists, several lines) that the
 * element does not support (tags compare without case, §19.2). Counting allocates nothing, so it can run
 * on every request; writing the Unsupported header is for the 420 Bad Extension answer.
 */
public final class OptionTags
{
    private OptionTags()
    {
    }

    /** How many option tags in m's name headers are not in supported; 0 when all are (or none is named). */
    public static int countUnsupported(final SipMessage m, final HeaderName name, final String... supported)
    {
        return scan(m, name, supported, null);
    }

    /**
     * Writes one header {@code Unsupported: tag, tag} naming every option tag of m's name headers that is not
     * in supported, in the order they came; writes nothing when there is none. Returns how many it named.
     */
    public static int writeUnsupported(
        final SipMessageWriter w, final SipMessage m, final HeaderName name, final String... supported)
    {
        final int n = scan(m, name, supported, null);
        if (n > 0)
        {
            w.startHeader(HeaderName.UNSUPPORTED);
            scan(m, name, supported, w);
            w.endHeader();
        }
        return n;
    }

    private static int scan(final SipMessage m, final HeaderName name, final String[] supported, final SipMessageWriter w)
    {
        final DirectBuffer buf = m.buffer();
        int count = 0;
        for (int i = m.first(name); i >= 0; i = m.next(name, i))
        {
            final int end = m.valueOffset(i) + m.valueLength(i);
            int p = m.valueOffset(i);
            while (p < end)
            {
                int comma = SipChars.indexOf(buf, p, end, (byte)',');
                if (comma < 0)
                {
                    comma = end;
                }
                final int start = SipChars.skipLws(buf, p, comma);
                final int stop = SipChars.trimLwsEnd(buf, start, comma);
                if (stop > start && !isSupported(buf, start, stop - start, supported))
                {
                    if (w != null)
                    {
                        if (count > 0)
                        {
                            w.append(", ");
                        }
                        w.append(buf, start, stop - start);
                    }
                    count++;
                }
                p = comma + 1;
            }
        }
        return count;
    }

    private static boolean isSupported(final DirectBuffer buf, final int off, final int len, final String[] supported)
    {
        for (final String tag : supported)
        {
            if (SipChars.equalsIgnoreCase(buf, off, len, tag))
            {
                return true;
            }
        }
        return false;
    }
}
