package io.voxline.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.SipChars;

/**
 * Header names Voxline knows, with their canonical full names (what the writer emits) and compact forms
 * (RFC 3261 §7.3.3 and later RFCs). Lookup is case-insensitive. List headers are those whose grammar is a
 * comma-separated list ({@link #hasListGrammar()}); the address lists among them are split into one entry per
 * element ({@link #isList()}). Single-value headers may appear
 * once (RFC 3261 §7.3.1: only list headers may repeat; the authorization headers repeat as whole lines).
 * Each known header's value is checked against its grammar by the parser ({@link Syntax}).
 */
public enum HeaderName
{
    VIA("Via", 'v', F.LIST | F.SPLIT, Syntax.VIA),
    FROM("From", 'f', F.SINGLE, Syntax.ADDRESS),
    TO("To", 't', F.SINGLE, Syntax.ADDRESS),
    CALL_ID("Call-ID", 'i', F.SINGLE, Syntax.CALL_ID),
    CSEQ("CSeq", (char)0, F.SINGLE, Syntax.CSEQ),
    CONTACT("Contact", 'm', F.LIST | F.SPLIT, Syntax.CONTACT),
    MAX_FORWARDS("Max-Forwards", (char)0, F.SINGLE, Syntax.NUMBER),
    ROUTE("Route", (char)0, F.LIST | F.SPLIT, Syntax.ROUTE),
    RECORD_ROUTE("Record-Route", (char)0, F.LIST | F.SPLIT, Syntax.ROUTE),
    CONTENT_TYPE("Content-Type", 'c', F.SINGLE, Syntax.MEDIA_TYPE),
    CONTENT_LENGTH("Content-Length", 'l', F.SINGLE, Syntax.NUMBER),
    EXPIRES("Expires", (char)0, F.SINGLE, Syntax.NUMBER),
    MIN_EXPIRES("Min-Expires", (char)0, F.SINGLE, Syntax.NUMBER),
    USER_AGENT("User-Agent", (char)0, F.SINGLE, Syntax.TEXT),
    SERVER("Server", (char)0, F.SINGLE, Syntax.TEXT),
    ALLOW("Allow", (char)0, F.LIST | F.EMPTY, Syntax.TOKEN),
    SUPPORTED("Supported", 'k', F.LIST | F.EMPTY, Syntax.TOKEN),
    REQUIRE("Require", (char)0, F.LIST, Syntax.TOKEN),
    PROXY_REQUIRE("Proxy-Require", (char)0, F.LIST, Syntax.TOKEN),
    UNSUPPORTED("Unsupported", (char)0, F.LIST, Syntax.TOKEN),
    AUTHORIZATION("Authorization", (char)0, 0, Syntax.AUTH),
    PROXY_AUTHORIZATION("Proxy-Authorization", (char)0, 0, Syntax.AUTH),
    WWW_AUTHENTICATE("WWW-Authenticate", (char)0, 0, Syntax.AUTH),
    PROXY_AUTHENTICATE("Proxy-Authenticate", (char)0, 0, Syntax.AUTH),
    EVENT("Event", 'o', F.SINGLE, Syntax.TOKEN_PARAMS),
    ALLOW_EVENTS("Allow-Events", 'u', F.LIST, Syntax.TOKEN),
    SUBJECT("Subject", 's', F.SINGLE | F.EMPTY, Syntax.TEXT),
    REFER_TO("Refer-To", 'r', F.SINGLE, Syntax.ADDRESS),
    REASON("Reason", (char)0, F.LIST, Syntax.TOKEN_PARAMS),
    WARNING("Warning", (char)0, F.LIST, Syntax.WARNING),
    RETRY_AFTER("Retry-After", (char)0, F.SINGLE, Syntax.RETRY_AFTER),
    DATE("Date", (char)0, F.SINGLE, Syntax.DATE),
    ACCEPT("Accept", (char)0, F.LIST | F.EMPTY, Syntax.MEDIA_RANGE),
    CONTENT_ENCODING("Content-Encoding", 'e', F.LIST, Syntax.TOKEN),
    SESSION_EXPIRES("Session-Expires", 'x', F.SINGLE, Syntax.DELTA_PARAMS),
    ACCEPT_ENCODING("Accept-Encoding", (char)0, F.LIST | F.EMPTY, Syntax.TOKEN_PARAMS),
    ACCEPT_LANGUAGE("Accept-Language", (char)0, F.LIST | F.EMPTY, Syntax.TOKEN_PARAMS),
    ALERT_INFO("Alert-Info", (char)0, F.LIST, Syntax.INFO),
    CALL_INFO("Call-Info", (char)0, F.LIST, Syntax.INFO),
    ERROR_INFO("Error-Info", (char)0, F.LIST, Syntax.INFO),
    CONTENT_DISPOSITION("Content-Disposition", (char)0, F.SINGLE, Syntax.TOKEN_PARAMS),
    CONTENT_LANGUAGE("Content-Language", (char)0, F.LIST, Syntax.TOKEN),
    IN_REPLY_TO("In-Reply-To", (char)0, F.LIST, Syntax.CALL_ID),
    MIME_VERSION("MIME-Version", (char)0, F.SINGLE, Syntax.MIME_VERSION),
    ORGANIZATION("Organization", (char)0, F.SINGLE | F.EMPTY, Syntax.TEXT),
    PRIORITY("Priority", (char)0, F.SINGLE, Syntax.TOKEN),
    REPLY_TO("Reply-To", (char)0, F.SINGLE, Syntax.ADDRESS),
    TIMESTAMP("Timestamp", (char)0, F.SINGLE, Syntax.TIMESTAMP),
    /** RFC 3327. */
    PATH("Path", (char)0, F.LIST | F.SPLIT, Syntax.ROUTE),
    /** RFC 3608. */
    SERVICE_ROUTE("Service-Route", (char)0, F.LIST | F.SPLIT, Syntax.ROUTE),
    /** RFC 3892. */
    REFERRED_BY("Referred-By", 'b', F.SINGLE, Syntax.ADDRESS),
    /** RFC 3841. */
    ACCEPT_CONTACT("Accept-Contact", 'a', F.LIST, Syntax.TOKEN_PARAMS),
    /** RFC 3841. */
    REJECT_CONTACT("Reject-Contact", 'j', F.LIST, Syntax.TOKEN_PARAMS),
    /** RFC 3841. */
    REQUEST_DISPOSITION("Request-Disposition", 'd', F.LIST, Syntax.TOKEN),
    /** RFC 8224 (compact form from RFC 4474). */
    IDENTITY("Identity", 'y', F.SINGLE, Syntax.TEXT),
    /** RFC 4474. */
    IDENTITY_INFO("Identity-Info", 'n', F.SINGLE, Syntax.TEXT),
    /** Any other header: its name as written is {@link SipMessage#headerNameText(int)}. */
    OTHER("", (char)0, 0, Syntax.TEXT);

    /** The grammar a known header's value is checked against (RFC 3261 §25.1 and the RFCs named). */
    enum Syntax
    {
        /** Any text (TEXT-UTF8, product, comment): only control bytes are refused. */
        TEXT,
        VIA,
        /** name-addr or addr-spec with header parameters, no wildcard. */
        ADDRESS,
        /** As ADDRESS, or "*" alone. */
        CONTACT,
        /** name-addr only (angle brackets required). */
        ROUTE,
        /** "&lt;" absoluteURI "&gt;" with parameters. */
        INFO,
        CALL_ID,
        CSEQ,
        /** 1*DIGIT, bounded per header. */
        NUMBER,
        /** One token per list element. */
        TOKEN,
        /** A token and header parameters. */
        TOKEN_PARAMS,
        /** delta-seconds and header parameters. */
        DELTA_PARAMS,
        MEDIA_TYPE,
        MEDIA_RANGE,
        DATE,
        RETRY_AFTER,
        WARNING,
        TIMESTAMP,
        MIME_VERSION,
        /** credentials / challenge: auth-scheme LWS auth-param *(COMMA auth-param). */
        AUTH;

        /** Quoted strings occur in this grammar (a quoted-pair there may escape a control byte). */
        boolean quotes()
        {
            return this != TEXT && this != CALL_ID && this != CSEQ && this != NUMBER && this != TOKEN &&
                this != DATE && this != TIMESTAMP && this != MIME_VERSION;
        }

        /** Angle brackets enclose URIs in this grammar. */
        boolean angles()
        {
            return this == ADDRESS || this == CONTACT || this == ROUTE || this == INFO;
        }
    }

    /** Flags of the constants (a nested class: enum constants may not name the enum's own static fields). */
    private static final class F
    {
        static final int LIST = 1;
        static final int SINGLE = 2;
        static final int EMPTY = 4;
        static final int SPLIT = 8;
    }

    private static final HeaderName[] ALL = values();
    private static final HeaderName[] BY_COMPACT = new HeaderName[128];

    static
    {
        for (final HeaderName h : ALL)
        {
            if (h.compact != 0)
            {
                BY_COMPACT[h.compact] = h;
            }
        }
    }

    private final String canonical;
    private final char compact;
    private final boolean list;
    private final boolean split;
    private final boolean single;
    private final boolean mayBeEmpty;
    private final Syntax syntax;
    private final byte[] bytes;
    private final byte[] lower;
    private final String malformed;
    private final String duplicate;
    private final String outOfRange;
    private final String negative;
    private final String unterminatedQuote;
    private final String unbalancedAngle;
    private final String emptyElement;

    HeaderName(final String canonical, final char compact, final int flags, final Syntax syntax)
    {
        this.canonical = canonical;
        this.compact = compact;
        this.list = (flags & F.LIST) != 0;
        this.split = (flags & F.SPLIT) != 0;
        this.single = (flags & F.SINGLE) != 0;
        this.mayBeEmpty = (flags & F.EMPTY) != 0;
        this.syntax = syntax;
        this.bytes = canonical.getBytes(StandardCharsets.US_ASCII);
        this.lower = canonical.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        // reason phrases made once, so naming the header in a 400 allocates nothing
        final boolean named = !canonical.isEmpty();
        this.malformed = named ? "Malformed " + canonical + " Header" : "Malformed Header";
        this.duplicate = named ? "Duplicate " + canonical + " Header" : "Duplicate Header";
        this.outOfRange = named ? canonical + " Out Of Range" : "Number Out Of Range";
        this.negative = named ? "Negative " + canonical : "Negative Number";
        this.unterminatedQuote = named ? "Unterminated Quoted String In " + canonical + " Header" : "Unterminated Quoted String";
        this.unbalancedAngle = named ? "Unbalanced Angle Brackets In " + canonical + " Header" : "Unbalanced Angle Brackets";
        this.emptyElement = named ? "Empty Element In " + canonical + " Header" : "Empty List Element";
    }

    /** The canonical full name, e.g. "Call-ID"; empty for OTHER. */
    public String canonicalName()
    {
        return canonical;
    }

    /** The compact form in lower case, or 0 when there is none. */
    public char compactForm()
    {
        return compact;
    }

    /**
     * True for the address lists whose comma-separated elements the parser splits into one entry each: Via,
     * Contact, Route, Record-Route, Path, Service-Route.
     */
    public boolean isList()
    {
        return split;
    }

    /**
     * True for every header whose grammar is a comma-separated list: the address lists of {@link #isList()} and
     * Allow, Supported, Require, Proxy-Require, Unsupported, Accept, Accept-Encoding, Warning, Reason, … Each
     * element is checked on its own; a line of these stays one entry, and {@link HeaderElements} walks the
     * elements of every line.
     */
    public boolean hasListGrammar()
    {
        return list;
    }

    /** True for headers that may appear only once in a message (RFC 3261 §7.3.1). */
    public boolean isSingle()
    {
        return single;
    }

    /** True when the header's grammar allows an empty value (Allow, Supported, Accept, Subject, …). */
    public boolean mayBeEmpty()
    {
        return mayBeEmpty;
    }

    Syntax syntax()
    {
        return syntax;
    }

    /** The reason phrase for a per-header parse error (a constant made once; see {@link ParseError#isAboutHeader}). */
    String reason(final ParseError error)
    {
        switch (error)
        {
            case DUPLICATE_HEADER:
                return duplicate;
            case NUMBER_OUT_OF_RANGE:
                return outOfRange;
            case NEGATIVE_NUMBER:
                return negative;
            case UNTERMINATED_QUOTE:
                return unterminatedQuote;
            case UNBALANCED_ANGLE_BRACKETS:
                return unbalancedAngle;
            case EMPTY_LIST_ELEMENT:
                return emptyElement;
            case BAD_HEADER_VALUE:
                return malformed;
            default:
                return error.reason();
        }
    }

    /** Canonical name as ASCII bytes, for writers. Do not modify. */
    byte[] bytes()
    {
        return bytes;
    }

    /** The header named by bytes [off, off+len) — full name or compact form, any case — or OTHER. */
    public static HeaderName lookup(final DirectBuffer buf, final int off, final int len)
    {
        if (len <= 0)
        {
            return OTHER;
        }
        if (len == 1)
        {
            final int c = SipChars.toLower(buf.getByte(off) & 0xFF);
            final HeaderName h = c < 128 ? BY_COMPACT[c] : null;
            return h == null ? OTHER : h;
        }
        final int first = SipChars.toLower(buf.getByte(off) & 0xFF);
        for (final HeaderName h : ALL)
        {
            final byte[] l = h.lower;
            if (l.length == len && l[0] == first && SipChars.equalsIgnoreCase(buf, off, len, l))
            {
                return h;
            }
        }
        return OTHER;
    }

    /** The header named s (full or compact, any case), or OTHER. */
    public static HeaderName lookup(final CharSequence s)
    {
        if (s.length() == 1)
        {
            final int c = SipChars.toLower(s.charAt(0));
            final HeaderName h = c < 128 ? BY_COMPACT[c] : null;
            return h == null ? OTHER : h;
        }
        for (final HeaderName h : ALL)
        {
            if (h != OTHER && equalsIgnoreCase(h.canonical, s))
            {
                return h;
            }
        }
        return OTHER;
    }

    private static boolean equalsIgnoreCase(final String a, final CharSequence b)
    {
        if (a.length() != b.length())
        {
            return false;
        }
        for (int i = 0; i < a.length(); i++)
        {
            if (SipChars.toLower(a.charAt(i)) != SipChars.toLower(b.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }
}
