package io.voxline.sip.sdp;

import java.util.List;

/**
 * What this side offers or accepts: the RTP address and port it receives on, its codecs in order of
 * preference, the payload type for telephone-event (-1: do not offer or accept it) and the packet time.
 */
public record LocalAudio(String address, int port, List<AudioCodec> codecs, int telephoneEventPayloadType, int ptime)
{
    public LocalAudio
    {
        codecs = List.copyOf(codecs);
        if (codecs.isEmpty())
        {
            throw new IllegalArgumentException("at least one codec");
        }
        if (port < 1 || port > 65535)
        {
            throw new IllegalArgumentException("RTP port " + port);
        }
        if (telephoneEventPayloadType > 127 || (telephoneEventPayloadType >= 0 && telephoneEventPayloadType < 96))
        {
            throw new IllegalArgumentException("telephone-event payload type must be dynamic (96-127) or -1");
        }
    }

    /** PCMU, PCMA and telephone-event on 101, 20 ms. */
    public static LocalAudio of(final String address, final int port)
    {
        return new LocalAudio(address, port, List.of(AudioCodec.PCMU, AudioCodec.PCMA), AudioCodec.DEFAULT_TELEPHONE_EVENT_PT, 20);
    }

    public boolean supportsTelephoneEvent()
    {
        return telephoneEventPayloadType >= 0;
    }
}
