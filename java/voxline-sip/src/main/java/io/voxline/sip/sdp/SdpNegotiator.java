package io.voxline.sip.sdp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offer/answer model of RFC 3264 for one audio stream over RTP/AVP.
 * <ul>
 * <li>{@link #offer}: one m=audio with our codecs in order, telephone-event with fmtp 0-16, ptime.</li>
 * <li>{@link #answer}: the first audio stream that is not disabled and has a codec in common gets our
 * port, the first codec of the offer's list that we support (with the offer's payload type number) and
 * telephone-event if offered (its payload type kept); every other stream is answered with port 0; the
 * direction is the offer's mirrored and limited to what we want. Nothing common → 488.</li>
 * <li>{@link #acceptAnswer}: the codec the answer chose among those we offered, its address and port,
 * telephone-event if kept.</li>
 * </ul>
 * Session ids and versions are the caller's: a dialog keeps its id and increments the version for each
 * new offer or answer it sends (RFC 3264 §8).
 */
public final class SdpNegotiator
{
    public static final String ORIGIN_USER = "voxline";

    private SdpNegotiator()
    {
    }

    /** An offer for local's codecs, sendrecv. */
    public static SessionDescription offer(final LocalAudio local, final long sessionId, final long sessionVersion)
    {
        return offer(local, sessionId, sessionVersion, MediaDirection.SENDRECV);
    }

    /** An offer with an explicit direction (SENDONLY to put the peer on hold, RFC 3264 §8.4). */
    public static SessionDescription offer(
        final LocalAudio local, final long sessionId, final long sessionVersion, final MediaDirection direction)
    {
        final List<String> formats = new ArrayList<>();
        final Map<Integer, RtpMap> maps = new LinkedHashMap<>();
        final Map<Integer, String> fmtps = new LinkedHashMap<>();
        for (final AudioCodec c : local.codecs())
        {
            formats.add(Integer.toString(c.staticPayloadType()));
            maps.put(c.staticPayloadType(), c.rtpMap());
        }
        if (local.supportsTelephoneEvent())
        {
            final int te = local.telephoneEventPayloadType();
            formats.add(Integer.toString(te));
            maps.put(te, new RtpMap(te, AudioCodec.TELEPHONE_EVENT, 8000, 1));
            fmtps.put(te, AudioCodec.TELEPHONE_EVENT_FMTP);
        }
        final MediaDescription audio = new MediaDescription("audio", local.port(), 1, MediaDescription.RTP_AVP, formats, null,
            maps, fmtps, local.ptime(), direction, List.of());
        return session(local, sessionId, sessionVersion, List.of(audio));
    }

    /** Answers offer as a sendrecv endpoint. */
    public static Negotiation answer(
        final SessionDescription offer, final LocalAudio local, final long sessionId, final long sessionVersion)
    {
        return answer(offer, local, sessionId, sessionVersion, MediaDirection.SENDRECV);
    }

    /** Answers offer; wanted limits the direction (e.g. SENDONLY when we hold the call). */
    public static Negotiation answer(
        final SessionDescription offer,
        final LocalAudio local,
        final long sessionId,
        final long sessionVersion,
        final MediaDirection wanted)
    {
        if (offer.media().isEmpty())
        {
            return Negotiation.rejected("No media offered");
        }
        final List<MediaDescription> answered = new ArrayList<>(offer.media().size());
        NegotiatedAudio chosen = null;
        String why = "No audio stream offered";
        for (final MediaDescription m : offer.media())
        {
            if (chosen != null || !m.isAudioRtp() || m.port() == 0)
            {
                answered.add(m.rejected());
                continue;
            }
            final String address = offer.addressOf(m);
            final int[] pick = pickCodec(m, local);
            if (address == null)
            {
                why = "No connection address for audio";
            }
            else if (pick == null)
            {
                why = "No common codec";
            }
            if (address == null || pick == null)
            {
                answered.add(m.rejected());
                continue;
            }
            final int pt = pick[0];
            final AudioCodec codec = AudioCodec.values()[pick[1]];
            final int te = local.supportsTelephoneEvent() ? telephoneEvent(m) : -1;
            final MediaDirection ours = offer.directionOf(m).mirror().and(wanted);
            final List<String> formats = new ArrayList<>();
            final Map<Integer, RtpMap> maps = new LinkedHashMap<>();
            final Map<Integer, String> fmtps = new LinkedHashMap<>();
            formats.add(Integer.toString(pt));
            maps.put(pt, new RtpMap(pt, codec.encodingName(), codec.clockRate(), 1));
            if (te >= 0)
            {
                formats.add(Integer.toString(te));
                maps.put(te, new RtpMap(te, AudioCodec.TELEPHONE_EVENT, 8000, 1));
                fmtps.put(te, AudioCodec.TELEPHONE_EVENT_FMTP);
            }
            answered.add(new MediaDescription("audio", local.port(), 1, m.proto(), formats, null, maps, fmtps,
                local.ptime(), ours, List.of()));
            chosen = new NegotiatedAudio(codec, pt, address, m.port(), te, m.ptime() > 0 ? m.ptime() : 20,
                holdAware(ours, address));
        }
        if (chosen == null)
        {
            return Negotiation.rejected(why);
        }
        return Negotiation.accepted(session(local, sessionId, sessionVersion, answered), chosen);
    }

    /** What an answer to our offer settled: the codec, where to send, telephone-event. 488 when unusable. */
    public static Negotiation acceptAnswer(final SessionDescription offer, final SessionDescription answer)
    {
        final int n = Math.min(offer.media().size(), answer.media().size());
        for (int i = 0; i < n; i++)
        {
            final MediaDescription offered = offer.media().get(i);
            final MediaDescription m = answer.media().get(i);
            if (!offered.isAudioRtp() || offered.port() == 0 || m.port() == 0)
            {
                continue;
            }
            if (!m.isAudioRtp())
            {
                return Negotiation.rejected("Answer changed the audio stream");
            }
            final String address = answer.addressOf(m);
            if (address == null)
            {
                return Negotiation.rejected("No connection address in answer");
            }
            for (final int pt : m.payloadTypes())
            {
                final AudioCodec codec = AudioCodec.of(m.rtpMap(pt));
                if (codec != null && offered.payloadTypes().contains(pt) && codec == AudioCodec.of(offered.rtpMap(pt)))
                {
                    final int te = telephoneEvent(m);
                    final int ourTe = telephoneEvent(offered);
                    final MediaDirection ours = answer.directionOf(m).mirror().and(offer.directionOf(offered));
                    return Negotiation.accepted(null, new NegotiatedAudio(codec, pt, address, m.port(),
                        te >= 0 && te == ourTe ? te : -1, m.ptime() > 0 ? m.ptime() : 20, holdAware(ours, address)));
                }
            }
            return Negotiation.rejected("No offered codec in answer");
        }
        return Negotiation.rejected("Audio stream rejected");
    }

    /** {payload type, AudioCodec ordinal} of the first format in m's order that local supports, or null. */
    private static int[] pickCodec(final MediaDescription m, final LocalAudio local)
    {
        for (final int pt : m.payloadTypes())
        {
            final AudioCodec codec = AudioCodec.of(m.rtpMap(pt));
            if (codec != null && local.codecs().contains(codec))
            {
                return new int[] {pt, codec.ordinal()};
            }
        }
        return null;
    }

    /** The payload type of telephone-event/8000 among m's formats, or -1. */
    private static int telephoneEvent(final MediaDescription m)
    {
        for (final int pt : m.payloadTypes())
        {
            final RtpMap map = m.rtpMaps().get(pt);
            if (map != null && AudioCodec.TELEPHONE_EVENT.equalsIgnoreCase(map.encoding()) && map.clockRate() == 8000)
            {
                return pt;
            }
        }
        return -1;
    }

    /** c=0.0.0.0 is RFC 2543 hold: the peer wants nothing sent. */
    private static MediaDirection holdAware(final MediaDirection ours, final String address)
    {
        return "0.0.0.0".equals(address) ? ours.and(MediaDirection.RECVONLY) : ours;
    }

    private static SessionDescription session(
        final LocalAudio local, final long sessionId, final long sessionVersion, final List<MediaDescription> media)
    {
        return new SessionDescription(ORIGIN_USER, Long.toString(sessionId), Long.toString(sessionVersion), local.address(),
            "-", local.address(), "0 0", null, List.of(), media);
    }
}
