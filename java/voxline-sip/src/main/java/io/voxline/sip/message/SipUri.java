package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over a URI (RFC 3261 §19.1, RFC 3966 for tel:): offsets only, no allocation.
 * {@code sip:user:password@host:port;params?headers}; {@code sips:} alike; {@code tel:number;params}
 * (the number is {@link #user()}, there is no host); any other scheme is kept opaque.
 * Views are reused per accessor: valid until the next call of that accessor or the next parse.
 * Absent parts are null (views) or -1 (port).
 */
public final class SipUri
{
    public enum Scheme
    {
        SIP,
        SIPS,
        TEL,
        OTHER
    }

    private final ParamList params = new ParamList();
    private final BufferView textView = new BufferView();
    private final BufferView schemeView = new BufferView();
    private final BufferView userView = new BufferView();
    private final BufferView passwordView = new BufferView();
    private final BufferView hostView = new BufferView();
    private final BufferView headersView = new BufferView();
    private final BufferView opaqueView = new BufferView();
    private final BufferView paramView = new BufferView();
    private final BufferView transportView = new BufferView();
    private final BufferView maddrView = new BufferView();

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean valid;
    private Scheme scheme = Scheme.OTHER;
    private int schemeLength;
    private int userOffset;
    private int userLength;
    private int passwordOffset;
    private int passwordLength;
    private int hostOffset;
    private int hostLength;
    private HostType hostType;
    private int port;
    private int headersOffset;
    private int headersLength;

    /** Parses [off, off+len) (surrounding LWS ignored); false when it is not a URI this flyweight accepts. */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        reset();
        if (buf == null || off < 0 || len <= 0 || off > buf.capacity() - len)
        {
            return false;
        }
        buffer = buf;
        final int start = SipChars.skipLws(buf, off, off + len);
        final int end = SipChars.trimLwsEnd(buf, start, off + len);
        offset = start;
        length = end - start;
        for (int p = start; p < end; p++)
        {
            final int b = buf.getByte(p) & 0xFF;
            if (b <= 0x20 || b == 0x7F || b == '<' || b == '>' || b == '"')
            {
                return false;
            }
        }
        if (start >= end || !SipChars.isAlpha(buf.getByte(start)))
        {
            return false;
        }
        int p = start + 1;
        while (p < end)
        {
            final byte b = buf.getByte(p);
            if (!(SipChars.isAlpha(b) || SipChars.isDigit(b) || b == '+' || b == '-' || b == '.'))
            {
                break;
            }
            p++;
        }
        if (p >= end || buf.getByte(p) != ':')
        {
            return false;
        }
        schemeLength = p - start;
        scheme = schemeOf(buf, start, schemeLength);
        final int rest = p + 1;
        if (rest >= end)
        {
            return false;
        }
        switch (scheme)
        {
            case OTHER:
                valid = true;
                return true;
            case TEL:
                valid = parseTel(buf, rest, end);
                return valid;
            default:
                valid = parseSip(buf, rest, end);
                return valid;
        }
    }

    private boolean parseTel(final DirectBuffer buf, final int rest, final int end)
    {
        final int semi = SipChars.indexOf(buf, rest, end, (byte)';');
        final int numberEnd = semi < 0 ? end : semi;
        if (numberEnd == rest)
        {
            return false;
        }
        userOffset = rest;
        userLength = numberEnd - rest;
        return params.parse(buf, numberEnd, end);
    }

    private boolean parseSip(final DirectBuffer buf, final int rest, final int end)
    {
        // '?' may appear in a user part too, but '@' inside URI headers (un-escaped Replaces) is the commoner sin
        final int q = SipChars.indexOf(buf, rest, end, (byte)'?');
        final int hdrStart = q < 0 ? end : q;
        final int at = SipChars.indexOf(buf, rest, hdrStart, (byte)'@');
        int hp = rest;
        if (at >= 0)
        {
            final int colon = SipChars.indexOf(buf, rest, at, (byte)':');
            final int userEnd = colon < 0 ? at : colon;
            if (userEnd == rest)
            {
                return false;
            }
            userOffset = rest;
            userLength = userEnd - rest;
            if (colon >= 0)
            {
                passwordOffset = colon + 1;
                passwordLength = at - colon - 1;
            }
            hp = at + 1;
        }
        final int hostEnd = SipChars.scanHost(buf, hp, hdrStart);
        if (hostEnd < 0)
        {
            return false;
        }
        hostOffset = hp;
        hostLength = hostEnd - hp;
        hostType = SipChars.hostType(buf, hostOffset, hostLength);
        final int pp = SipChars.parsePort(buf, hostEnd, hdrStart);
        if (pp == -2)
        {
            return false;
        }
        port = pp;
        final int paramsStart = pp >= 0 ? SipChars.scanDigits(buf, hostEnd + 1, hdrStart) : hostEnd;
        if (!params.parse(buf, paramsStart, hdrStart))
        {
            return false;
        }
        if (q >= 0)
        {
            headersOffset = q + 1;
            headersLength = end - q - 1;
        }
        return true;
    }

    private static Scheme schemeOf(final DirectBuffer buf, final int off, final int len)
    {
        if (SipChars.equalsIgnoreCase(buf, off, len, "sip"))
        {
            return Scheme.SIP;
        }
        if (SipChars.equalsIgnoreCase(buf, off, len, "sips"))
        {
            return Scheme.SIPS;
        }
        if (SipChars.equalsIgnoreCase(buf, off, len, "tel"))
        {
            return Scheme.TEL;
        }
        return Scheme.OTHER;
    }

    private void reset()
    {
        buffer = null;
        valid = false;
        offset = 0;
        length = 0;
        scheme = Scheme.OTHER;
        schemeLength = 0;
        userOffset = 0;
        userLength = -1;
        passwordOffset = 0;
        passwordLength = -1;
        hostOffset = 0;
        hostLength = -1;
        hostType = null;
        port = -1;
        headersOffset = 0;
        headersLength = -1;
        params.reset();
    }

    /** True after a successful parse. */
    public boolean isValid()
    {
        return valid;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** Where the URI text starts in the buffer (after any leading LWS). */
    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** The whole URI as written. */
    public BufferView text()
    {
        return textView.wrap(buffer, offset, length);
    }

    public Scheme scheme()
    {
        return scheme;
    }

    /** The scheme as written, e.g. "sip". */
    public BufferView schemeName()
    {
        return schemeView.wrap(buffer, offset, schemeLength);
    }

    /** For OTHER schemes: everything after "scheme:". Null for SIP, SIPS and TEL. */
    public BufferView opaquePart()
    {
        return !valid || scheme != Scheme.OTHER ? null :
            opaqueView.wrap(buffer, offset + schemeLength + 1, length - schemeLength - 1);
    }

    /** The user part (for tel:, the number), as written (escapes not decoded); null when absent. */
    public BufferView user()
    {
        return userLength < 0 ? null : userView.wrap(buffer, userOffset, userLength);
    }

    /** The password of user:password@, null when absent. */
    public BufferView password()
    {
        return passwordLength < 0 ? null : passwordView.wrap(buffer, passwordOffset, passwordLength);
    }

    /** The host as written (an IPv6 reference keeps its brackets); null for tel: and opaque URIs. */
    public BufferView host()
    {
        return hostLength < 0 ? null : hostView.wrap(buffer, hostOffset, hostLength);
    }

    /** The host without IPv6 brackets, as a view of the caller's (for socket addresses); null without a host. */
    public BufferView hostAddress(final BufferView into)
    {
        if (hostLength < 0)
        {
            return null;
        }
        return hostType == HostType.IPV6 ? into.wrap(buffer, hostOffset + 1, hostLength - 2) :
            into.wrap(buffer, hostOffset, hostLength);
    }

    public HostType hostType()
    {
        return hostType;
    }

    /** The explicit port, or -1. */
    public int port()
    {
        return port;
    }

    /** The explicit port, else 5061 for sips: and 5060 otherwise. */
    public int portOrDefault()
    {
        return port >= 0 ? port : (scheme == Scheme.SIPS ? 5061 : 5060);
    }

    /** URI parameters (";lr", ";transport=udp", …). */
    public ParamList params()
    {
        return params;
    }

    public boolean hasParam(final CharSequence name)
    {
        return params.has(name);
    }

    /** The value of parameter name; null when absent or a flag (see {@link #hasParam}). */
    public BufferView param(final CharSequence name)
    {
        final int i = params.indexOf(name);
        return i < 0 ? null : params.value(i, paramView);
    }

    /** The transport parameter (e.g. "udp", "tcp"), or null. */
    public BufferView transport()
    {
        final int i = params.indexOf("transport");
        return i < 0 ? null : params.value(i, transportView);
    }

    /** The maddr parameter, or null. */
    public BufferView maddr()
    {
        final int i = params.indexOf("maddr");
        return i < 0 ? null : params.value(i, maddrView);
    }

    /** True when the URI has the lr flag (a loose router, RFC 3261 §16.12). */
    public boolean isLooseRouting()
    {
        return params.has("lr");
    }

    /** The headers part after '?', or null. */
    public BufferView headers()
    {
        return headersLength < 0 ? null : headersView.wrap(buffer, headersOffset, headersLength);
    }

    /** The URI text (allocates): for logs and tests. */
    @Override
    public String toString()
    {
        return valid ? text().toString() : "<invalid uri>";
    }
}
