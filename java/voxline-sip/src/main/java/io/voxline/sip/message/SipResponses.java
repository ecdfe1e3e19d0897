package io.voxline.sip.message;

/**
 * Builds responses to a parsed request (RFC 3261 §8.2.6): the status line and the headers a response
 * must copy — every Via in order, From, To (with the UAS's tag added when absent), Call-ID, CSeq, and
 * Timestamp in a 100. The headers are left open: add Contact, Server, … then call
 * {@link SipMessageWriter#endHeaders()} or {@link SipMessageWriter#body}.
 */
public final class SipResponses
{
    private SipResponses()
    {
    }

    /**
     * Starts a response to request. reason null means the standard phrase; toTag null adds none (as for
     * 100 Trying, or when the To already has one). False, with nothing useful written, when the request
     * is not {@link SipMessage#isAnswerable() answerable} or the writer failed.
     */
    public static boolean writeResponse(
        final SipMessageWriter w, final SipMessage request, final int code, final CharSequence reason, final CharSequence toTag)
    {
        return writeResponse(w, request, code, reason, toTag, null, -1);
    }

    /**
     * As {@link #writeResponse(SipMessageWriter, SipMessage, int, CharSequence, CharSequence)}, with the
     * top Via completed as its receiver must: received=sourceIp and rport=sourcePort (see
     * {@link SipMessageWriter#copyViaReceived}). sourceIp null copies the top Via verbatim.
     */
    public static boolean writeResponse(
        final SipMessageWriter w,
        final SipMessage request,
        final int code,
        final CharSequence reason,
        final CharSequence toTag,
        final CharSequence sourceIp,
        final int sourcePort)
    {
        if (!request.isAnswerable())
        {
            return false;
        }
        w.statusLine(code, reason != null ? reason : reasonPhrase(code));
        boolean top = true;
        for (int i = request.first(HeaderName.VIA); i >= 0; i = request.next(HeaderName.VIA, i))
        {
            if (top && sourceIp != null)
            {
                w.copyViaReceived(request, i, sourceIp, sourcePort);
            }
            else
            {
                w.copyEntry(request, i);
            }
            top = false;
        }
        w.copyEntry(request, request.first(HeaderName.FROM));
        w.copyToWithTag(request, request.first(HeaderName.TO), toTag);
        w.copyEntry(request, request.first(HeaderName.CALL_ID));
        w.copyEntry(request, request.first(HeaderName.CSEQ));
        if (code == 100)
        {
            final int ts = request.find("Timestamp");
            if (ts >= 0)
            {
                w.copyEntry(request, ts);
            }
        }
        return !w.hasFailed();
    }

    /**
     * The whole answer to a request that failed to parse but is answerable: 400 (or 505) with the parse
     * error's reason phrase, no body. Returns the length, or -1 when it cannot be answered (drop it).
     */
    public static int writeParseError(
        final SipMessageWriter w, final SipMessage request, final CharSequence sourceIp, final int sourcePort)
    {
        if (request.error() == ParseError.NONE || request.error() == ParseError.EMPTY ||
            !writeResponse(w, request, request.errorStatus(), request.errorReason(), null, sourceIp, sourcePort))
        {
            return -1;
        }
        return w.endHeaders();
    }

    /** The RFC 3261 §21 reason phrase for code (and a few later ones), or a generic one per class. */
    public static String reasonPhrase(final int code)
    {
        switch (code)
        {
            case 100: return "Trying";
            case 180: return "Ringing";
            case 181: return "Call Is Being Forwarded";
            case 182: return "Queued";
            case 183: return "Session Progress";
            case 200: return "OK";
            case 202: return "Accepted";
            case 300: return "Multiple Choices";
            case 301: return "Moved Permanently";
            case 302: return "Moved Temporarily";
            case 305: return "Use Proxy";
            case 380: return "Alternative Service";
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 402: return "Payment Required";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 407: return "Proxy Authentication Required";
            case 408: return "Request Timeout";
            case 410: return "Gone";
            case 413: return "Request Entity Too Large";
            case 414: return "Request-URI Too Long";
            case 415: return "Unsupported Media Type";
            case 416: return "Unsupported URI Scheme";
            case 420: return "Bad Extension";
            case 421: return "Extension Required";
            case 423: return "Interval Too Brief";
            case 480: return "Temporarily Unavailable";
            case 481: return "Call/Transaction Does Not Exist";
            case 482: return "Loop Detected";
            case 483: return "Too Many Hops";
            case 484: return "Address Incomplete";
            case 485: return "Ambiguous";
            case 486: return "Busy Here";
            case 487: return "Request Terminated";
            case 488: return "Not Acceptable Here";
            case 491: return "Request Pending";
            case 493: return "Undecipherable";
            case 500: return "Server Internal Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Server Time-out";
            case 505: return "Version Not Supported";
            case 513: return "Message Too Large";
            case 600: return "Busy Everywhere";
            case 603: return "Decline";
            case 604: return "Does Not Exist Anywhere";
            case 606: return "Not Acceptable";
            default:
                break;
        }
        if (code >= 100 && code < 200)
        {
            return "Progress";
        }
        if (code >= 200 && code < 300)
        {
            return "Success";
        }
        if (code >= 300 && code < 400)
        {
            return "Redirection";
        }
        if (code >= 400 && code < 500)
        {
            return "Client Error";
        }
        return code >= 500 && code < 600 ? "Server Error" : "Global Failure";
    }
}
