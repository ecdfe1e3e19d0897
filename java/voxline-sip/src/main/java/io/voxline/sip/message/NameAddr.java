package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over a name-addr or addr-spec with header parameters: the value of From, To,
 * Contact, Route, Record-Route, Refer-To (RFC 3261 §20.10). {@code "Alice" <sip:a@h;lr>;tag=x} or
 * {@code sip:a@h;tag=x} — without angle brackets the parameters belong to the header, not the URI.
 * Contact's {@code *} parses as {@link #isWildcard()}. No allocation; views reused per accessor.
 *
 * <p>To the letter of RFC 3261 §25.1: a display name is a quoted string (quoted-pairs allowed, see
 * {@link BufferView#equalsUnescaped}) or tokens separated by LWS, with or without LWS before '&lt;';
 * nothing but the URI stands between '&lt;' and '&gt;' (LAQUOT and RAQUOT take no inner whitespace); a URI
 * written without angle brackets may not contain '?' (§20: a URI with ',', '?' or ';' must be enclosed), and
 * its parameters are the header's.
 */
public final class NameAddr
{
    private final SipUri uri = new SipUri();
    private final ParamList params = new ParamList();
    private final BufferView textView = new BufferView();
    private final BufferView displayView = new BufferView();
    private final BufferView uriView = new BufferView();
    private final BufferView tagView = new BufferView();
    private final BufferView paramView = new BufferView();

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean valid;
    private boolean wildcard;
    private boolean angle;
    private boolean quotedName;
    private int displayOffset;
    private int displayLength;
    private int uriOffset;
    private int uriLength;

    /** Parses entry i of a message (e.g. {@code msg.first(HeaderName.CONTACT)}); false when i is out of range. */
    public boolean parse(final SipMessage msg, final int i)
    {
        if (i < 0 || i >= msg.headerCount())
        {
            reset();
            return false;
        }
        return parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i));
    }

    /** Parses [off, off+len); false when it is not a name-addr/addr-spec with valid parameters. */
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
        if (start >= end)
        {
            return false;
        }
        if (end - start == 1 && buf.getByte(start) == '*')
        {
            wildcard = true;
            valid = true;
            return true;
        }
        int p = start;
        int lt;
        if (buf.getByte(p) == '"')
        {
            final int close = SipChars.skipQuoted(buf, p, end);
            if (close < 0)
            {
                return false;
            }
            displayOffset = p + 1;
            displayLength = close - p - 2;
            quotedName = true;
            p = SipChars.skipLws(buf, close, end);
            if (p >= end || buf.getByte(p) != '<')
            {
                return false;
            }
            lt = p;
        }
        else
        {
            lt = SipChars.indexOf(buf, p, end, (byte)'<');
            if (lt >= 0)
            {
                // a display name of tokens and LWS, or none at all
                for (int i = p; i < lt; i++)
                {
                    final byte b = buf.getByte(i);
                    if (!SipChars.isToken(b) && !SipChars.isLws(b))
                    {
                        return false;
                    }
                }
                final int nameEnd = SipChars.trimLwsEnd(buf, p, lt);
                if (nameEnd > p)
                {
                    displayOffset = p;
                    displayLength = nameEnd - p;
                }
            }
        }
        int paramsStart;
        if (lt >= 0)
        {
            final int gt = SipChars.indexOf(buf, lt + 1, end, (byte)'>');
            if (gt < 0)
            {
                return false;
            }
            if (gt == lt + 1 || SipChars.isLws(buf.getByte(lt + 1)) || SipChars.isLws(buf.getByte(gt - 1)))
            {
                return false;
            }
            angle = true;
            uriOffset = lt + 1;
            uriLength = gt - lt - 1;
            paramsStart = gt + 1;
        }
        else
        {
            final int semi = SipChars.indexOf(buf, p, end, (byte)';');
            final int uriEnd = semi < 0 ? end : semi;
            uriOffset = p;
            uriLength = SipChars.trimLwsEnd(buf, p, uriEnd) - p;
            paramsStart = uriEnd;
            if (SipChars.indexOf(buf, uriOffset, uriOffset + uriLength, (byte)'?') >= 0)
            {
                // headers in a URI force the name-addr form (RFC 3261 §20)
                return false;
            }
        }
        if (uriLength <= 0 || !uri.parse(buf, uriOffset, uriLength) || !params.parse(buf, paramsStart, end))
        {
            return false;
        }
        valid = true;
        return true;
    }

    /** Forgets the last parse (isValid() becomes false). */
    void clear()
    {
        reset();
    }

    private void reset()
    {
        buffer = null;
        offset = 0;
        length = 0;
        valid = false;
        wildcard = false;
        angle = false;
        quotedName = false;
        displayOffset = 0;
        displayLength = -1;
        uriOffset = 0;
        uriLength = 0;
        params.reset();
    }

    public boolean isValid()
    {
        return valid;
    }

    /** Contact: * (only meaningful in REGISTER with Expires: 0). */
    public boolean isWildcard()
    {
        return wildcard;
    }

    /** True when the URI was written in angle brackets. */
    public boolean hasAngleBrackets()
    {
        return angle;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** The whole value as parsed (trimmed). */
    public BufferView text()
    {
        return textView.wrap(buffer, offset, length);
    }

    /**
     * The display name without its quotes (escapes kept as written), or the token form trimmed;
     * null when there is none.
     */
    public BufferView displayName()
    {
        return displayLength < 0 ? null : displayView.wrap(buffer, displayOffset, displayLength);
    }

    /** True when the display name was a quoted string: compare it with {@link BufferView#equalsUnescaped}. */
    public boolean isDisplayNameQuoted()
    {
        return quotedName;
    }

    /** The parsed URI (a flyweight owned by this one). */
    public SipUri uri()
    {
        return uri;
    }

    /** The URI text, without angle brackets. */
    public BufferView uriText()
    {
        return uriView.wrap(buffer, uriOffset, uriLength);
    }

    public int uriOffset()
    {
        return uriOffset;
    }

    public int uriLength()
    {
        return uriLength;
    }

    /** Header parameters (after the URI). */
    public ParamList params()
    {
        return params;
    }

    /** The tag parameter, or null. */
    public BufferView tag()
    {
        final int i = params.indexOf("tag");
        return i < 0 ? null : params.value(i, tagView);
    }

    /**
     * False when a tag parameter has no value (RFC 3261 25.1: tag-param = "tag" EQUAL token): the dialog would be
     * matched by nothing. A repeated tag is taken as its first, as peers that append one more are met.
     */
    public boolean tagWellFormed()
    {
        for (int i = 0; i < params.count(); i++)
        {
            if (params.valueLength(i) <= 0 &&
                SipChars.equalsIgnoreCase(params.buffer(), params.nameOffset(i), params.nameLength(i), "tag"))
            {
                return false;
            }
        }
        return true;
    }

    /** The expires parameter in seconds, or -1 when absent or not a number. */
    public long expires()
    {
        return params.getLong("expires", 0xFFFF_FFFFL);
    }

    /** The q parameter in thousandths (q=0.5 → 500), or -1 when absent or malformed. */
    public int q()
    {
        final int i = params.indexOf("q");
        if (i < 0 || params.valueLength(i) <= 0)
        {
            return -1;
        }
        final int off = params.valueOffset(i);
        final int end = off + params.valueLength(i);
        final byte first = buffer.getByte(off);
        if (first != '0' && first != '1')
        {
            return -1;
        }
        int value = (first - '0') * 1000;
        if (off + 1 == end)
        {
            return value;
        }
        if (buffer.getByte(off + 1) != '.' || end - off - 2 > 3)
        {
            return -1;
        }
        int scale = 100;
        for (int p = off + 2; p < end; p++)
        {
            final byte b = buffer.getByte(p);
            if (!SipChars.isDigit(b))
            {
                return -1;
            }
            value += (b - '0') * scale;
            scale /= 10;
        }
        return value > 1000 ? -1 : value;
    }

    public boolean hasParam(final CharSequence name)
    {
        return params.has(name);
    }

    /** The value of header parameter name; null when absent or a flag. */
    public BufferView param(final CharSequence name)
    {
        final int i = params.indexOf(name);
        return i < 0 ? null : params.value(i, paramView);
    }

    @Override
    public String toString()
    {
        return valid ? text().toString() : "<invalid name-addr>";
    }
}
