package io.voxline.sip.sdp;

/** One a=rtpmap: payload type, encoding name, clock rate and channels (1 when not written). */
public record RtpMap(int payloadType, String encoding, int clockRate, int channels)
{
    /** The static assignments of RFC 3551 that matter here, for formats listed without an rtpmap. */
    public static RtpMap staticFor(final int payloadType)
    {
        switch (payloadType)
        {
            case 0: return new RtpMap(0, "PCMU", 8000, 1);
            case 3: return new RtpMap(3, "GSM", 8000, 1);
            case 4: return new RtpMap(4, "G723", 8000, 1);
            case 8: return new RtpMap(8, "PCMA", 8000, 1);
            case 9: return new RtpMap(9, "G722", 8000, 1);
            case 13: return new RtpMap(13, "CN", 8000, 1);
            case 18: return new RtpMap(18, "G729", 8000, 1);
            default: return null;
        }
    }

    /** "PCMU/8000", or "opus/48000/2" with channels. */
    public String value()
    {
        return channels == 1 ? encoding + "/" + clockRate : encoding + "/" + clockRate + "/" + channels;
    }

    /** Parses the value of a=rtpmap ("0 PCMU/8000"); null when malformed. */
    static RtpMap parse(final String value)
    {
        final int sp = value.indexOf(' ');
        if (sp <= 0)
        {
            return null;
        }
        final int pt = Sdp.parseInt(value.substring(0, sp), 127);
        final String[] parts = value.substring(sp + 1).trim().split("/", -1);
        if (pt < 0 || parts.length < 2 || parts.length > 3 || parts[0].isEmpty())
        {
            return null;
        }
        final int rate = Sdp.parseInt(parts[1], 10_000_000);
        final int channels = parts.length == 3 ? Sdp.parseInt(parts[2], 255) : 1;
        if (rate <= 0 || channels <= 0)
        {
            return null;
        }
        return new RtpMap(pt, parts[0], rate, channels);
    }
}
