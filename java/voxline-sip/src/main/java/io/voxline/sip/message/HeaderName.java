package io.voxline.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.SipChars;

/**
 * Header names Voxline knows, with their canonical full names (what the writer emits) and compact forms
 * (RFC 3261 §7.3.3 and later RFCs). Lookup is case-insensitive. List headers are those whose
 * comma-separated values the parser splits into one entry per element.
 */
public enum HeaderName
{
    VIA("Via", 'v', true),
    FROM("From", 'f', false),
    TO("To", 't', false),
    CALL_ID("Call-ID", 'i', false),
    CSEQ("CSeq", (char)0, false),
    CONTACT("Contact", 'm', true),
    MAX_FORWARDS("Max-Forwards", (char)0, false),
    ROUTE("Route", (char)0, true),
    RECORD_ROUTE("Record-Route", (char)0, true),
    CONTENT_TYPE("Content-Type", 'c', false),
    CONTENT_LENGTH("Content-Length", 'l', false),
    EXPIRES("Expires", (char)0, false),
    MIN_EXPIRES("Min-Expires", (char)0, false),
    USER_AGENT("User-Agent", (char)0, false),
    SERVER("Server", (char)0, false),
    ALLOW("Allow", (char)0, false),
    SUPPORTED("Supported", 'k', false),
    REQUIRE("Require", (char)0, false),
    PROXY_REQUIRE("Proxy-Require", (char)0, false),
    UNSUPPORTED("Unsupported", (char)0, false),
    AUTHORIZATION("Authorization", (char)0, false),
    PROXY_AUTHORIZATION("Proxy-Authorization", (char)0, false),
    WWW_AUTHENTICATE("WWW-Authenticate", (char)0, false),
    PROXY_AUTHENTICATE("Proxy-Authenticate", (char)0, false),
    EVENT("Event", 'o', false),
    ALLOW_EVENTS("Allow-Events", 'u', false),
    SUBJECT("Subject", 's', false),
    REFER_TO("Refer-To", 'r', false),
    REASON("Reason", (char)0, false),
    WARNING("Warning", (char)0, false),
    RETRY_AFTER("Retry-After", (char)0, false),
    DATE("Date", (char)0, false),
    ACCEPT("Accept", (char)0, false),
    CONTENT_ENCODING("Content-Encoding", 'e', false),
    SESSION_EXPIRES("Session-Expires", 'x', false),
    /** Any other header: its name as written is {@link SipMessage#headerNameText(int)}. */
    OTHER("", (char)0, false);

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
    private final byte[] bytes;
    private final byte[] lower;

    HeaderName(final String canonical, final char compact, final boolean list)
    {
        this.canonical = canonical;
        this.compact = compact;
        this.list = list;
        this.bytes = canonical.getBytes(StandardCharsets.US_ASCII);
        this.lower = canonical.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
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

    /** True for headers whose comma-separated elements become separate entries (Via, Contact, Route, Record-Route). */
    public boolean isList()
    {
        return list;
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
