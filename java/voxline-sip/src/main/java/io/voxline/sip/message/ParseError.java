package io.voxline.sip.message;

/**
 * Why {@link SipMessage#parse} refused a message: the status code to answer with (400; 505 for a SIP
 * version other than 2.0; 513 for a message over {@link SipMessage#MAX_MESSAGE_SIZE}) and a constant reason
 * phrase saying what was wrong. The errors that are about one header ({@link #isAboutHeader}) name it in
 * {@link SipMessage#errorReason()} ("Duplicate Content-Type Header", "Negative Content-Length"); their own
 * {@link #reason()} is the generic phrase. Whether an answer can be addressed at all is
 * {@link SipMessage#isAnswerable()}.
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
    BODY_TOO_SHORT(400, "Body Shorter Than Content-Length"),
    BAD_METHOD(400, "Malformed Method"),
    /** Leading, trailing or doubled spaces between the request line's elements (RFC 4475 lwsstart, trws). */
    REQUEST_LINE_WHITESPACE(400, "Extra Whitespace In Request Line"),
    /** RFC 4475 lwsruri. */
    WHITESPACE_IN_REQUEST_URI(400, "Whitespace In Request-URI"),
    /** RFC 3261 §19.1.1: a Request-URI carries no headers (RFC 4475 escruri). */
    HEADERS_IN_REQUEST_URI(400, "Headers Not Allowed In Request-URI"),
    /** A stream transport frames by Content-Length, so it is mandatory there (RFC 3261 §18.3). */
    MISSING_CONTENT_LENGTH(400, "Missing Content-Length On Stream Transport"),
    MESSAGE_TOO_LARGE(513, "Message Too Large"),
    LINE_TOO_LONG(400, "Line Too Long"),
    BAD_HEADER_VALUE(400, "Malformed Header"),
    DUPLICATE_HEADER(400, "Duplicate Header"),
    NUMBER_OUT_OF_RANGE(400, "Number Out Of Range"),
    NEGATIVE_NUMBER(400, "Negative Number"),
    UNTERMINATED_QUOTE(400, "Unterminated Quoted String"),
    UNBALANCED_ANGLE_BRACKETS(400, "Unbalanced Angle Brackets"),
    EMPTY_LIST_ELEMENT(400, "Empty List Element");

    private final int status;
    private final String reason;

    ParseError(final int status, final String reason)
    {
        this.status = status;
        this.reason = reason;
    }

    /** True for the errors whose reason phrase names a header (see {@link SipMessage#errorHeader()}). */
    public boolean isAboutHeader()
    {
        switch (this)
        {
            case BAD_HEADER_VALUE:
            case DUPLICATE_HEADER:
            case NUMBER_OUT_OF_RANGE:
            case NEGATIVE_NUMBER:
            case UNTERMINATED_QUOTE:
            case UNBALANCED_ANGLE_BRACKETS:
            case EMPTY_LIST_ELEMENT:
                return true;
            default:
                return false;
        }
    }

    /** The status code to answer with: 400, 505 or 513; 0 for NONE. */
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
