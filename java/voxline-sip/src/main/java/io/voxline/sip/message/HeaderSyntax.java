package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * Checks one header value (one list element for list headers) against its grammar in RFC 3261 §25.1 and the
 * RFCs {@link HeaderName} names. Owned by one {@link SipMessage}: the scratch flyweights are reused, so nothing
 * is allocated. Each check answers {@link ParseError#NONE} or the kind of fault, which the message reports with
 * the header's name.
 */
final class HeaderSyntax
{
    private final Via via = new Via();
    private final NameAddr addr = new NameAddr();
    private final ParamList params = new ParamList();
    private final MediaType mediaType = new MediaType();

    /** The fault of [off, off+len) as a value of header h, or NONE. */
    ParseError check(final HeaderName h, final DirectBuffer buf, final int off, final int len)
    {
        final HeaderName.Syntax syntax = h.syntax();
        final int end = off + len;
        if (len == 0)
        {
            return h.mayBeEmpty() || syntax == HeaderName.Syntax.TEXT ? ParseError.NONE : ParseError.BAD_HEADER_VALUE;
        }
        if (syntax.quotes())
        {
            final ParseError balance = balance(buf, off, end, syntax.angles());
            if (balance != ParseError.NONE)
            {
                return balance;
            }
        }
        switch (syntax)
        {
            case TEXT:
            case CSEQ:
                return ParseError.NONE;
            case VIA:
                return ok(via.parse(buf, off, len));
            case ADDRESS:
                return ok(addr.parse(buf, off, len) && !addr.isWildcard());
            case CONTACT:
                return ok(addr.parse(buf, off, len));
            case ROUTE:
                return ok(addr.parse(buf, off, len) && !addr.isWildcard() && addr.hasAngleBrackets());
            case INFO:
                return ok(addr.parse(buf, off, len) && !addr.isWildcard() && addr.hasAngleBrackets() &&
                    addr.displayName() == null);
            case CALL_ID:
                return ok(isCallId(buf, off, end));
            case NUMBER:
                return number(buf, off, end, h == HeaderName.MAX_FORWARDS ? 255 : SipMessage.MAX_UINT32);
            case TOKEN:
                return ok(SipChars.isToken(buf, off, end));
            case TOKEN_PARAMS:
            {
                final int t = SipChars.scanToken(buf, off, end);
                return ok(t > off && params.parse(buf, t, end));
            }
            case DELTA_PARAMS:
            {
                final int d = SipChars.scanDigits(buf, off, end);
                final ParseError n = number(buf, off, d, SipMessage.MAX_UINT32);
                return n != ParseError.NONE ? n : ok(params.parse(buf, d, end));
            }
            case MEDIA_TYPE:
            case MEDIA_RANGE:
                return ok(mediaType.parse(buf, off, len));
            case DATE:
                return ok(isSipDate(buf, off, end));
            case RETRY_AFTER:
                return retryAfter(buf, off, end);
            case WARNING:
                return ok(isWarning(buf, off, end));
            case TIMESTAMP:
                return ok(isTimestamp(buf, off, end));
            case MIME_VERSION:
            {
                final int d = SipChars.scanDigits(buf, off, end);
                return ok(d > off && d < end && buf.getByte(d) == '.' && SipChars.isDigits(buf, d + 1, end));
            }
            case AUTH:
                return ok(isAuth(buf, off, end));
            default:
                return ParseError.NONE;
        }
    }

    private static ParseError ok(final boolean valid)
    {
        return valid ? ParseError.NONE : ParseError.BAD_HEADER_VALUE;
    }

    /** 1*DIGIT up to max: NEGATIVE_NUMBER for "-5", NUMBER_OUT_OF_RANGE for too many, else BAD_HEADER_VALUE. */
    static ParseError number(final DirectBuffer buf, final int off, final int end, final long max)
    {
        if (SipChars.parseDigits(buf, off, end, max) >= 0)
        {
            return ParseError.NONE;
        }
        if (SipChars.isDigits(buf, off, end))
        {
            return ParseError.NUMBER_OUT_OF_RANGE;
        }
        return SipChars.isNegativeNumber(buf, off, end) ? ParseError.NEGATIVE_NUMBER : ParseError.BAD_HEADER_VALUE;
    }

    /**
     * Quoted strings closed and, when angles, '&lt;' '&gt;' paired outside them, not nested: NONE,
     * UNTERMINATED_QUOTE or UNBALANCED_ANGLE_BRACKETS.
     */
    static ParseError balance(final DirectBuffer buf, final int off, final int end, final boolean angles)
    {
        int depth = 0;
        int p = off;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == '"')
            {
                p = SipChars.skipQuoted(buf, p, end);
                if (p < 0)
                {
                    return ParseError.UNTERMINATED_QUOTE;
                }
                continue;
            }
            if (angles && b == '<')
            {
                if (++depth > 1)
                {
                    return ParseError.UNBALANCED_ANGLE_BRACKETS;
                }
            }
            else if (angles && b == '>')
            {
                if (--depth < 0)
                {
                    return ParseError.UNBALANCED_ANGLE_BRACKETS;
                }
            }
            p++;
        }
        return depth == 0 ? ParseError.NONE : ParseError.UNBALANCED_ANGLE_BRACKETS;
    }

    /** callid = word [ "@" word ] (RFC 3261 §25.1). */
    static boolean isCallId(final DirectBuffer buf, final int off, final int end)
    {
        int at = -1;
        for (int p = off; p < end; p++)
        {
            final byte b = buf.getByte(p);
            if (b == '@')
            {
                if (at >= 0 || p == off || p == end - 1)
                {
                    return false;
                }
                at = p;
            }
            else if (!SipChars.isWordChar(b))
            {
                return false;
            }
        }
        return end > off;
    }

    private static final String[] WKDAY = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] MONTH = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    /**
     * SIP-date = rfc1123-date: {@code wkday "," SP 2DIGIT SP month SP 4DIGIT SP 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "GMT"};
     * a run of LWS stands for each SP (a folded line), names without case. Any zone but GMT is refused
     * (RFC 4475 baddate).
     */
    static boolean isSipDate(final DirectBuffer buf, final int off, final int end)
    {
        int p = off;
        if (end - p < 3 || !oneOf(buf, p, WKDAY))
        {
            return false;
        }
        p += 3;
        if (p >= end || buf.getByte(p) != ',')
        {
            return false;
        }
        p = space(buf, p + 1, end);
        p = digits(buf, p, end, 2);
        p = space(buf, p, end);
        if (p < 0 || end - p < 3 || !oneOf(buf, p, MONTH))
        {
            return false;
        }
        p = space(buf, p + 3, end);
        p = digits(buf, p, end, 4);
        p = space(buf, p, end);
        p = digits(buf, p, end, 2);
        p = colon(buf, p, end);
        p = digits(buf, p, end, 2);
        p = colon(buf, p, end);
        p = digits(buf, p, end, 2);
        p = space(buf, p, end);
        return p >= 0 && end - p == 3 && SipChars.equalsIgnoreCase(buf, p, 3, "GMT");
    }

    private static boolean oneOf(final DirectBuffer buf, final int p, final String[] names)
    {
        for (final String n : names)
        {
            if (SipChars.equalsIgnoreCase(buf, p, 3, n))
            {
                return true;
            }
        }
        return false;
    }

    /** At least one LWS byte at p: the index after the run, else -1 (-1 in, -1 out). */
    private static int space(final DirectBuffer buf, final int p, final int end)
    {
        if (p < 0 || p >= end || !SipChars.isLws(buf.getByte(p)))
        {
            return -1;
        }
        return SipChars.skipLws(buf, p, end);
    }

    private static int digits(final DirectBuffer buf, final int p, final int end, final int n)
    {
        if (p < 0 || end - p < n)
        {
            return -1;
        }
        return SipChars.scanDigits(buf, p, p + n) == p + n ? p + n : -1;
    }

    private static int colon(final DirectBuffer buf, final int p, final int end)
    {
        return p < 0 || p >= end || buf.getByte(p) != ':' ? -1 : p + 1;
    }

    /** Retry-After = delta-seconds [ comment ] *( SEMI retry-param ). */
    private ParseError retryAfter(final DirectBuffer buf, final int off, final int end)
    {
        final int d = SipChars.scanDigits(buf, off, end);
        final ParseError n = number(buf, off, d == off ? end : d, SipMessage.MAX_UINT32);
        if (n != ParseError.NONE)
        {
            return n;
        }
        int p = SipChars.skipLws(buf, d, end);
        if (p < end && buf.getByte(p) == '(')
        {
            p = skipComment(buf, p, end);
            if (p < 0)
            {
                return ParseError.BAD_HEADER_VALUE;
            }
        }
        return ok(params.parse(buf, p, end));
    }

    /** With p at '(': the index after the matching ')' (nested comments and quoted-pairs), or -1. */
    static int skipComment(final DirectBuffer buf, final int pos, final int end)
    {
        int depth = 0;
        int p = pos;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (b == '\\')
            {
                p += 2;
                continue;
            }
            if (b == '(')
            {
                depth++;
            }
            else if (b == ')' && --depth == 0)
            {
                return p + 1;
            }
            p++;
        }
        return -1;
    }

    /** warning-value = warn-code SP warn-agent SP warn-text: 3DIGIT, a host[:port] or token, a quoted string. */
    private static boolean isWarning(final DirectBuffer buf, final int off, final int end)
    {
        int p = digits(buf, off, end, 3);
        p = space(buf, p, end);
        if (p < 0)
        {
            return false;
        }
        final int agentEnd = SipChars.scanHost(buf, p, end);
        int q = agentEnd < 0 ? SipChars.scanToken(buf, p, end) : agentEnd;
        if (q == p)
        {
            return false;
        }
        if (agentEnd >= 0 && q < end && buf.getByte(q) == ':')
        {
            final int d = SipChars.scanDigits(buf, q + 1, end);
            if (SipChars.parseDigits(buf, q + 1, d, 65535) < 0)
            {
                return false;
            }
            q = d;
        }
        p = space(buf, q, end);
        return p >= 0 && p < end && buf.getByte(p) == '"' && SipChars.skipQuoted(buf, p, end) == end;
    }

    /** Timestamp = 1*DIGIT [ "." *DIGIT ] [ LWS delay ], delay = *DIGIT [ "." *DIGIT ]. */
    private static boolean isTimestamp(final DirectBuffer buf, final int off, final int end)
    {
        int p = SipChars.scanDigits(buf, off, end);
        if (p == off)
        {
            return false;
        }
        if (p < end && buf.getByte(p) == '.')
        {
            p = SipChars.scanDigits(buf, p + 1, end);
        }
        if (p == end)
        {
            return true;
        }
        p = space(buf, p, end);
        if (p < 0)
        {
            return false;
        }
        p = SipChars.scanDigits(buf, p, end);
        if (p < end && buf.getByte(p) == '.')
        {
            p = SipChars.scanDigits(buf, p + 1, end);
        }
        return p == end;
    }

    /** credentials / challenge: auth-scheme LWS auth-param *(COMMA auth-param), auth-param = token EQUAL (token / quoted-string). */
    private static boolean isAuth(final DirectBuffer buf, final int off, final int end)
    {
        int p = SipChars.scanToken(buf, off, end);
        if (p == off)
        {
            return false;
        }
        p = space(buf, p, end);
        if (p < 0)
        {
            return false;
        }
        while (true)
        {
            final int name = p;
            p = SipChars.scanToken(buf, p, end);
            if (p == name)
            {
                return false;
            }
            p = SipChars.skipLws(buf, p, end);
            if (p >= end || buf.getByte(p) != '=')
            {
                return false;
            }
            p = SipChars.skipLws(buf, p + 1, end);
            if (p < end && buf.getByte(p) == '"')
            {
                p = SipChars.skipQuoted(buf, p, end);
                if (p < 0)
                {
                    return false;
                }
            }
            else
            {
                final int v = p;
                p = SipChars.scanToken(buf, p, end);
                if (p == v)
                {
                    return false;
                }
            }
            p = SipChars.skipLws(buf, p, end);
            if (p == end)
            {
                return true;
            }
            if (buf.getByte(p) != ',')
            {
                return false;
            }
            p = SipChars.skipLws(buf, p + 1, end);
        }
    }
}
