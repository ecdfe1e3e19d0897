package io.voxline.sip.sdp;

/**
 * The result of {@link SdpNegotiator#answer} or {@link SdpNegotiator#acceptAnswer}. Accepted: status 200,
 * the audio outcome and (for answer) the SDP to send back. Rejected: status 488 (Not Acceptable Here)
 * and a reason saying why, for the response or the log.
 */
public record Negotiation(int status, String reason, SessionDescription answer, NegotiatedAudio audio)
{
    public static final int NOT_ACCEPTABLE_HERE = 488;

    public boolean isAccepted()
    {
        return status == 200;
    }

    static Negotiation accepted(final SessionDescription answer, final NegotiatedAudio audio)
    {
        return new Negotiation(200, "OK", answer, audio);
    }

    static Negotiation rejected(final String reason)
    {
        return new Negotiation(NOT_ACCEPTABLE_HERE, reason, null, null);
    }
}
