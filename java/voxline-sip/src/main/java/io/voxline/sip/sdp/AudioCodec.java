package io.voxline.sip.sdp;

/** The voice codecs Voxline speaks (G.711), with their static RTP payload types (RFC 3551). */
public enum AudioCodec
{
    PCMU(0, "PCMU", 8000),
    PCMA(8, "PCMA", 8000);

    /** The encoding name of RFC 4733 events, offered beside a codec. */
    public static final String TELEPHONE_EVENT = "telephone-event";
    /** The payload type Voxline offers telephone-event on. */
    public static final int DEFAULT_TELEPHONE_EVENT_PT = 101;
    /** DTMF 0-9, *, #, A-D and flash. */
    public static final String TELEPHONE_EVENT_FMTP = "0-16";

    private final int payloadType;
    private final String encodingName;
    private final int clockRate;

    AudioCodec(final int payloadType, final String encodingName, final int clockRate)
    {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        this.clockRate = clockRate;
    }

    public int staticPayloadType()
    {
        return payloadType;
    }

    public String encodingName()
    {
        return encodingName;
    }

    public int clockRate()
    {
        return clockRate;
    }

    /** The rtpmap Voxline writes for this codec. */
    public RtpMap rtpMap()
    {
        return new RtpMap(payloadType, encodingName, clockRate, 1);
    }

    /** The codec an rtpmap describes (name without case, 8000 Hz, mono), or null. */
    public static AudioCodec of(final RtpMap map)
    {
        if (map == null || map.clockRate() != 8000 || map.channels() != 1)
        {
            return null;
        }
        for (final AudioCodec c : values())
        {
            if (c.encodingName.equalsIgnoreCase(map.encoding()))
            {
                return c;
            }
        }
        return null;
    }

    /** The codec named name (without case), or null: for configuration ("PCMU", "pcma"). */
    public static AudioCodec byName(final String name)
    {
        for (final AudioCodec c : values())
        {
            if (c.encodingName.equalsIgnoreCase(name))
            {
                return c;
            }
        }
        return null;
    }
}
