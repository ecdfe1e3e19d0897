package io.voxline.sip.message;

/**
 * Why {@link SipMessage#parse} refused a message: the status code to answer with (400, or 505 for a SIP
 * version other than 2.0) and a constant reason phrase saying what was wrong. Whether an answer can be
 * addressed at all is {@link SipMessage#isAnswerable()}.
 */
public enum ParseError
{
    NONE(0, "OK"),
    /** Only CRLFs (a keep-alive): ignore it, do not answer. */
    EMPTY(400, "Empty Message"),
    BAD_RANGE(400, "Bad Buffer Range"),
    INCOMPLETE_START_LINE(400, "Incomplete Start Line"),
    BAD_REQUEST_LINE(400, "Malformed Request Line"),
    BAD_REQUEST_URI(400, "Malformed Request-URI"),
    BAD_STATUS_LINE(400, "Malformed Status Line"),
    VERSION_NOT_SUPPORTED(505, "Version Not Supported"),
    CONTROL_CHARACTER(400, "Control Character In Message"),
    BARE_CR(400, "Bare CR In Message"),
    BAD_HEADER_LINE(400, "Malformed Header Line"),
    TOO_MANY_HEADERS(400, "Too Many Headers"),
    MISSING_BLANK_LINE(400, "Missing Blank Line After Headers"),
    MISSING_VIA(400, "Missing Via Header"),
    MISSING_FROM(400, "Missing From Header"),
    MISSING_TO(400, "Missing To Header"),
    MISSING_CALL_ID(400, "Missing Call-ID Header"),
    MISSING_CSEQ(400, "Missing CSeq Header"),
    DUPLICATE_FROM(400, "Duplicate From Header"),
    DUPLICATE_TO(400, "Duplicate To Header"),
    DUPLICATE_CALL_ID(400, "Duplicate Call-ID Header"),
    DUPLICATE_CSEQ(400, "Duplicate CSeq Header"),
    DUPLICATE_CONTENT_LENGTH(400, "Duplicate Content-Length Header"),
    DUPLICATE_MAX_FORWARDS(400, "Duplicate Max-Forwards Header"),
    BAD_VIA(400, "Malformed Via Header"),
    BAD_FROM(400, "Malformed From Header"),
    BAD_TO(400, "Malformed To Header"),
    BAD_CALL_ID(400, "Malformed Call-ID Header"),
    BAD_CSEQ(400, "Malformed CSeq Header"),
    CSEQ_METHOD_MISMATCH(400, "CSeq Method Does Not Match Request"),
    BAD_MAX_FORWARDS(400, "Malformed Max-Forwards Header"),
    BAD_CONTENT_LENGTH(400, "Malformed Content-Length Header"),
    BAD_EXPIRES(400, "Malformed Expires Header"),
    BODY_TOO_SHORT(400, "Body Shorter Than Content-Length");

    private final int status;
    private final String reason;

    ParseError(final int status, final String reason)
    {
        this.status = status;
        this.reason = reason;
    }

    /** The status code to answer with: 400 or 505; 0 for NONE. */
    public int status()
    {
        return status;
    }

    /** A constant reason phrase, usable as the answer's reason phrase. */
    public String reason()
    {
        return reason;
    }
}
