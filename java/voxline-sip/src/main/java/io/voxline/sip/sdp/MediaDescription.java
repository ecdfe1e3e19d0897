package io.voxline.sip.sdp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One m= section: media type, port (0 = rejected or disabled stream), proto, formats in preference
 * order, and the attributes Voxline interprets (rtpmap, fmtp, ptime, direction). Other attributes are
 * kept as written ("name" or "name:value") so they survive a round trip. connectionAddress and direction
 * are null when the section does not state them (the session's apply, see {@link SessionDescription}).
 */
public record MediaDescription(
    String media,
    int port,
    int portCount,
    String proto,
    List<String> formats,
    String connectionAddress,
    Map<Integer, RtpMap> rtpMaps,
    Map<Integer, String> fmtps,
    int ptime,
    MediaDirection direction,
    List<String> attributes)
{
    public static final String RTP_AVP = "RTP/AVP";

    public MediaDescription
    {
        formats = List.copyOf(formats);
        rtpMaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpMaps));
        fmtps = Collections.unmodifiableMap(new LinkedHashMap<>(fmtps));
        attributes = List.copyOf(attributes);
    }

    /** The formats that are RTP payload types, in order. */
    public List<Integer> payloadTypes()
    {
        final List<Integer> pts = new ArrayList<>(formats.size());
        for (final String f : formats)
        {
            final int pt = Sdp.parseInt(f, 127);
            if (pt >= 0)
            {
                pts.add(pt);
            }
        }
        return pts;
    }

    /** The rtpmap of payload type pt: the stated one, else the static assignment, else null. */
    public RtpMap rtpMap(final int pt)
    {
        final RtpMap map = rtpMaps.get(pt);
        return map != null ? map : RtpMap.staticFor(pt);
    }

    /** True for m=audio over RTP/AVP, the only kind Voxline takes part in. */
    public boolean isAudioRtp()
    {
        return "audio".equals(media) && RTP_AVP.equalsIgnoreCase(proto);
    }

    /** The same section with port 0: how an answer rejects a stream (RFC 3264 §6). */
    public MediaDescription rejected()
    {
        return new MediaDescription(media, 0, 1, proto, formats, null, Map.of(), Map.of(), -1, null, List.of());
    }
}
