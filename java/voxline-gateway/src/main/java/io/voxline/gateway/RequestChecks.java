package io.voxline.gateway;

import org.agrona.DirectBuffer;

import io.voxline.sip.message.HeaderElements;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.MediaType;
import io.voxline.sip.message.MultipartBody;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * What the UAS core checks in a request before acting on it (RFC 3261 §8.2.2.1, §8.2.3): the Request-URI scheme,
 * the body's type and encoding, and whether the Accept header allows the SDP our answer must carry. The gateway
 * understands one body type, application/sdp, alone or as a part of a multipart body (RFC 5621). One instance on
 * the reactor thread; its cursors are reused, so a check allocates nothing.
 */
final class RequestChecks
{
    /** What a request's body is to us. */
    enum Body
    {
        /** No body. */
        NONE,
        /** An SDP body, or a multipart body with an SDP part: {@link #sdpOffset()} and {@link #sdpLength()}. */
        SDP,
        /** A Content-Type we do not understand, or a multipart body without SDP or with a required part we do not (415). */
        UNSUPPORTED_TYPE,
        /** A Content-Encoding other than identity (415 with Accept-Encoding). */
        UNSUPPORTED_ENCODING
    }

    static final String ACCEPT = "application/sdp";
    static final String ACCEPT_ENCODING = "identity";

    private final MediaType type = new MediaType();
    private final MultipartBody parts = new MultipartBody();
    private final HeaderElements elements = new HeaderElements();
    private final ParamList disposition = new ParamList();
    private DirectBuffer sdpBuffer;
    private int sdpOffset;
    private int sdpLength;

    /**
     * RFC 3261 8.2.2.1: the schemes we serve in a Request-URI: sip, and sips when a TLS listener makes it reachable
     * securely. Anything else (tel, unknown schemes) is answered 416.
     */
    static boolean servesScheme(final SipUri uri, final boolean tls)
    {
        if (uri == null)
        {
            return false;
        }
        return switch (uri.scheme())
        {
            case SIP -> true;
            case SIPS -> tls;
            case TEL, OTHER -> false;
        };
    }

    /**
     * Classifies msg's body (RFC 3261 8.2.3): a body without a Content-Type is taken as SDP (the only kind a
     * call carries); multipart: its first application/sdp part, unless a part we do not understand is marked
     * handling=required (RFC 3204, RFC 5621 §5).
     */
    Body body(final SipMessage msg)
    {
        sdpBuffer = null;
        sdpOffset = 0;
        sdpLength = 0;
        if (msg.bodyLength() <= 0)
        {
            return Body.NONE;
        }
        if (!identityEncoding(msg))
        {
            return Body.UNSUPPORTED_ENCODING;
        }
        final BufferView ct = msg.firstValue(HeaderName.CONTENT_TYPE);
        if (ct == null)
        {
            return sdp(msg.buffer(), msg.bodyOffset(), msg.bodyLength());
        }
        if (!type.parse(ct.buffer(), ct.offset(), ct.length()))
        {
            return Body.UNSUPPORTED_TYPE;
        }
        if (type.is("application", "sdp"))
        {
            return sdp(msg.buffer(), msg.bodyOffset(), msg.bodyLength());
        }
        if (!type.isMultipart() || !parts.wrap(msg))
        {
            return Body.UNSUPPORTED_TYPE;
        }
        boolean found = false;
        while (parts.next())
        {
            final MediaType part = parts.partMediaType();
            if (part != null && part.is("application", "sdp"))
            {
                if (!found)
                {
                    found = true;
                    sdpBuffer = msg.buffer();
                    sdpOffset = parts.partBodyOffset();
                    sdpLength = parts.partBodyLength();
                }
            }
            else if (required(parts.partHeader("Content-Disposition")))
            {
                return Body.UNSUPPORTED_TYPE;
            }
        }
        return found && sdpLength > 0 ? Body.SDP : Body.UNSUPPORTED_TYPE;
    }

    /** After {@link #body} said SDP: where the SDP is. */
    DirectBuffer sdpBuffer()
    {
        return sdpBuffer;
    }

    int sdpOffset()
    {
        return sdpOffset;
    }

    int sdpLength()
    {
        return sdpLength;
    }

    /**
     * RFC 3261 20.1: whether the request's Accept allows application/sdp, the type of our answer's body. No Accept
     * header means application/sdp; an empty one means nothing is acceptable; a media range with q=0 excludes.
     */
    boolean acceptsSdp(final SipMessage msg)
    {
        if (msg.first(HeaderName.ACCEPT) < 0)
        {
            return true;
        }
        for (elements.start(msg, HeaderName.ACCEPT); elements.next(); )
        {
            final BufferView range = elements.value();
            if (!type.parse(range.buffer(), range.offset(), range.length()))
            {
                continue;
            }
            final boolean matches = (type.is("*", "*") || type.is("application", "*") || type.is("application", "sdp")) &&
                !zeroQ(type.param("q"));
            if (matches)
            {
                return true;
            }
        }
        return false;
    }

    private Body sdp(final DirectBuffer buffer, final int offset, final int length)
    {
        sdpBuffer = buffer;
        sdpOffset = offset;
        sdpLength = length;
        return Body.SDP;
    }

    /** True unless a Content-Encoding other than identity is named (RFC 3261 20.12). */
    private boolean identityEncoding(final SipMessage msg)
    {
        for (elements.start(msg, HeaderName.CONTENT_ENCODING); elements.next(); )
        {
            if (!elements.value().equalsIgnoreCase(ACCEPT_ENCODING))
            {
                return false;
            }
        }
        return true;
    }

    /** A Content-Disposition value with handling=required: the part must be understood (RFC 3204 §3.1). */
    private boolean required(final BufferView value)
    {
        if (value == null)
        {
            return false;
        }
        final DirectBuffer b = value.buffer();
        final int end = value.offset() + value.length();
        final int p = SipChars.scanToken(b, SipChars.skipLws(b, value.offset(), end), end);
        if (!disposition.parse(b, p, end))
        {
            return false;
        }
        final int i = disposition.indexOf("handling");
        return i >= 0 && disposition.valueLength(i) > 0 &&
            SipChars.equalsIgnoreCase(b, disposition.valueOffset(i), disposition.valueLength(i), "required");
    }

    /** A qvalue of 0 ("0", "0.", "0.000"): not acceptable. */
    private static boolean zeroQ(final BufferView q)
    {
        if (q == null || q.length() == 0 || q.charAt(0) != '0')
        {
            return false;
        }
        for (int i = 1; i < q.length(); i++)
        {
            final char ch = q.charAt(i);
            if (ch != '0' && !(i == 1 && ch == '.'))
            {
                return false;
            }
        }
        return true;
    }
}
