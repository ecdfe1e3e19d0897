package io.voxline.sip.sdp;

/**
 * The outcome of an offer/answer for the audio stream, from this side's point of view: the codec and
 * the payload type to send it with, where to send RTP, the telephone-event payload type (-1 when not
 * agreed), the packet time to send (the peer's a=ptime, else 20 ms) and whether we send and/or receive.
 * remoteAddress "0.0.0.0" (old-style hold) never has us sending.
 */
public record NegotiatedAudio(
    AudioCodec codec,
    int payloadType,
    String remoteAddress,
    int remotePort,
    int telephoneEventPayloadType,
    int ptime,
    MediaDirection direction)
{
}
