package io.voxline.sip.sdp;

/** Small helpers shared by the SDP classes. */
final class Sdp
{
    private Sdp()
    {
    }

    /** A non-negative decimal of at most 9 digits up to max, or -1. */
    static int parseInt(final String s, final int max)
    {
        if (s.isEmpty() || s.length() > 9)
        {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c < '0' || c > '9')
            {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > max ? -1 : v;
    }

    /** "IP6" for an address with a ':', else "IP4". */
    static String addressType(final String address)
    {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }
}
