package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over a media type (RFC 3261 §20.15 Content-Type, an Accept media-range, a MIME part's
 * Content-Type): {@code type/subtype;attribute=value} with LWS allowed around '/' and the parameters; a value is
 * a token or a quoted string. "*" is a token, so <code>*&#47;*</code> and <code>text&#47;*</code> parse too. Types and attributes
 * compare without case. No allocation; views reused per accessor.
 */
public final class MediaType
{
    private final ParamList params = new ParamList();
    private final BufferView typeView = new BufferView();
    private final BufferView subtypeView = new BufferView();
    private final BufferView paramView = new BufferView();
    private final BufferView boundaryView = new BufferView();

    private DirectBuffer buffer;
    private boolean valid;
    private int typeOffset;
    private int typeLength;
    private int subtypeOffset;
    private int subtypeLength;

    /** Parses [off, off+len) (surrounding LWS ignored); false when it is not a media type. */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        valid = false;
        params.reset();
        buffer = buf;
        if (buf == null || off < 0 || len <= 0 || off > buf.capacity() - len)
        {
            return false;
        }
        final int end = off + len;
        int p = SipChars.skipLws(buf, off, end);
        typeOffset = p;
        p = SipChars.scanToken(buf, p, end);
        typeLength = p - typeOffset;
        p = SipChars.skipLws(buf, p, end);
        if (typeLength == 0 || p >= end || buf.getByte(p) != '/')
        {
            return false;
        }
        p = SipChars.skipLws(buf, p + 1, end);
        subtypeOffset = p;
        p = SipChars.scanToken(buf, p, end);
        subtypeLength = p - subtypeOffset;
        if (subtypeLength == 0 || !params.parse(buf, p, end))
        {
            return false;
        }
        valid = true;
        return true;
    }

    public boolean isValid()
    {
        return valid;
    }

    /** "application" of application/sdp. */
    public BufferView type()
    {
        return valid ? typeView.wrap(buffer, typeOffset, typeLength) : null;
    }

    /** "sdp" of application/sdp. */
    public BufferView subtype()
    {
        return valid ? subtypeView.wrap(buffer, subtypeOffset, subtypeLength) : null;
    }

    /** True when this is type/subtype, without case. */
    public boolean is(final CharSequence type, final CharSequence subtype)
    {
        return valid && SipChars.equalsIgnoreCase(buffer, typeOffset, typeLength, type) &&
            SipChars.equalsIgnoreCase(buffer, subtypeOffset, subtypeLength, subtype);
    }

    /** True for multipart/* (RFC 2046 §5.1). */
    public boolean isMultipart()
    {
        return valid && SipChars.equalsIgnoreCase(buffer, typeOffset, typeLength, "multipart");
    }

    public ParamList params()
    {
        return params;
    }

    /** The value of parameter name as written (a quoted value keeps its quotes), or null. */
    public BufferView param(final CharSequence name)
    {
        final int i = params.indexOf(name);
        return i < 0 ? null : params.value(i, paramView);
    }

    /** The boundary parameter without its quotes, or null (a multipart body needs one). */
    public BufferView boundary()
    {
        final int i = params.indexOf("boundary");
        if (i < 0 || params.valueLength(i) <= 0)
        {
            return null;
        }
        final int off = params.valueOffset(i);
        final int len = params.valueLength(i);
        return buffer.getByte(off) == '"' ? boundaryView.wrap(buffer, off + 1, len - 2) : boundaryView.wrap(buffer, off, len);
    }

    @Override
    public String toString()
    {
        return valid ? type() + "/" + subtype() : "<invalid media type>";
    }
}
