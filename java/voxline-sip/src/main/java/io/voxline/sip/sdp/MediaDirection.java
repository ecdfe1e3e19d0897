package io.voxline.sip.sdp;

/** The direction attributes of RFC 3264 §5.1, from the point of view of whoever wrote the SDP. */
public enum MediaDirection
{
    SENDRECV(true, true),
    SENDONLY(true, false),
    RECVONLY(false, true),
    INACTIVE(false, false);

    private final boolean sends;
    private final boolean receives;

    MediaDirection(final boolean sends, final boolean receives)
    {
        this.sends = sends;
        this.receives = receives;
    }

    public boolean sends()
    {
        return sends;
    }

    public boolean receives()
    {
        return receives;
    }

    /** The attribute name: "sendrecv", "sendonly", "recvonly", "inactive". */
    public String attribute()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The other side's view: sendonly ↔ recvonly; sendrecv and inactive stay. */
    public MediaDirection mirror()
    {
        return of(receives, sends);
    }

    /** Both allow it: what an answer may say given the offer (mirrored) and what we want. */
    public MediaDirection and(final MediaDirection other)
    {
        return of(sends && other.sends, receives && other.receives);
    }

    public static MediaDirection of(final boolean sends, final boolean receives)
    {
        if (sends)
        {
            return receives ? SENDRECV : SENDONLY;
        }
        return receives ? RECVONLY : INACTIVE;
    }

    /** The direction named by an attribute, or null when it is not one. */
    public static MediaDirection fromAttribute(final String name)
    {
        for (final MediaDirection d : values())
        {
            if (d.attribute().equals(name))
            {
                return d;
            }
        }
        return null;
    }
}
