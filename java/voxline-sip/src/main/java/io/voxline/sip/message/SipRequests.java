package io.voxline.sip.message;

/**
 * Builds the requests a client transaction derives from its INVITE. Like {@link SipResponses} these
 * leave the headers open: add what else you need, then {@link SipMessageWriter#endHeaders()}.
 */
public final class SipRequests
{
    /**
     * Max-Forwards for requests Voxline originates (RFC 3261 §8.1.1.6), and the value a proxy assumes for a
     * request that has none (§16.6 step 3): 70 in both places.
     */
    public static final int DEFAULT_MAX_FORWARDS = 70;

    private SipRequests()
    {
    }

    /**
     * CANCEL for a pending request (RFC 3261 §9.1): same Request-URI, top Via (same branch), Route,
     * From, To, Call-ID and CSeq number, method CANCEL. False when request is not a parsed request.
     */
    public static boolean writeCancel(final SipMessageWriter w, final SipMessage request)
    {
        return writeDerived(w, request, request, SipMethod.CANCEL);
    }

    /**
     * ACK for a non-2xx final response to INVITE (RFC 3261 §17.1.1.3): as the INVITE's Request-URI,
     * top Via, Route, From, Call-ID and CSeq number, method ACK, with the To of the response (it
     * carries the UAS's tag). A 2xx is ACKed by the dialog layer as a new transaction instead.
     */
    public static boolean writeAckForNon2xx(final SipMessageWriter w, final SipMessage invite, final SipMessage response)
    {
        if (response.isRequest() || response.first(HeaderName.TO) < 0)
        {
            return false;
        }
        return writeDerived(w, invite, response, SipMethod.ACK);
    }

    private static boolean writeDerived(
        final SipMessageWriter w, final SipMessage request, final SipMessage toSource, final SipMethod method)
    {
        if (!request.isRequest() || request.error() != ParseError.NONE || request.cseqNumber() < 0)
        {
            return false;
        }
        w.requestLine(method, request.requestUri());
        w.copyEntry(request, request.first(HeaderName.VIA));
        for (int i = request.first(HeaderName.ROUTE); i >= 0; i = request.next(HeaderName.ROUTE, i))
        {
            w.copyEntry(request, i);
        }
        w.header(HeaderName.MAX_FORWARDS, DEFAULT_MAX_FORWARDS);
        w.copyEntry(request, request.first(HeaderName.FROM));
        w.copyEntry(toSource, toSource.first(HeaderName.TO));
        w.copyEntry(request, request.first(HeaderName.CALL_ID));
        w.startHeader(HeaderName.CSEQ).append(request.cseqNumber()).append(' ').append(method.name()).endHeader();
        return !w.hasFailed();
    }
}
