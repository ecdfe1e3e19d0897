package io.voxline.proxy;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;

/**
 * How a proxy rewrites what it forwards (RFC 3261 §16.6, §16.7): a request gets our Via on top, the received
 * Via completed with received/rport, Max-Forwards decremented, our Record-Route on top of any others, the
 * Routes it consumed left out and a new Request-URI when retargeted; a response loses our Via. Everything
 * else, the body and Content-Type included, is copied as it came.
 */
final class Forwarding
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Forwarding()
    {
    }

    /**
     * Writes the forwarded copy of request m into w.
     *
     * @param requestUri  the new Request-URI, or null to keep m's
     * @param via         our Via value ("SIP/2.0/UDP host:port;branch=…;rport")
     * @param recordRoute our Record-Route value, or null
     * @param sourceIp    where m came from (for received=)
     * @param skip1       a Route entry to leave out, or -1
     * @param skip2       another, or -1
     * @return the length, or -1 when the writer failed (too large)
     */
    static int writeRequest(
        final SipMessageWriter w, final SipMessage m, final CharSequence requestUri, final CharSequence via,
        final CharSequence recordRoute, final CharSequence sourceIp, final int sourcePort, final int skip1, final int skip2)
    {
        w.requestLine(m.methodName(), requestUri != null ? requestUri : m.requestUri());
        w.header(HeaderName.VIA, via);
        boolean first = true;
        for (int i = m.first(HeaderName.VIA); i >= 0; i = m.next(HeaderName.VIA, i))
        {
            if (first)
            {
                w.copyViaReceived(m, i, sourceIp, sourcePort);
                first = false;
            }
            else
            {
                w.copyEntry(m, i);
            }
        }
        if (recordRoute != null)
        {
            w.header(HeaderName.RECORD_ROUTE, recordRoute);
        }
        final int mf = m.maxForwards();
        // none: assume the originating default (RFC 3261 §16.6 step 3)
        w.header(HeaderName.MAX_FORWARDS, (mf < 0 ? SipRequests.DEFAULT_MAX_FORWARDS : mf) - 1);
        for (int i = 0; i < m.headerCount(); i++)
        {
            final HeaderName name = m.headerName(i);
            if (name == HeaderName.VIA || name == HeaderName.MAX_FORWARDS || i == skip1 || i == skip2)
            {
                continue;
            }
            w.copyEntry(m, i);
        }
        return w.body(null, m.buffer(), m.bodyOffset(), m.bodyLength());
    }

    /** Writes response r without its top Via (ours) into w; the length, or -1. */
    static int writeResponseWithoutTopVia(final SipMessageWriter w, final SipMessage r)
    {
        w.statusLine(r.statusCode(), r.reasonPhrase().length() == 0 ? "" : r.reasonPhrase());
        final int top = r.first(HeaderName.VIA);
        for (int i = 0; i < r.headerCount(); i++)
        {
            if (i != top)
            {
                w.copyEntry(r, i);
            }
        }
        return w.body(null, r.buffer(), r.bodyOffset(), r.bodyLength());
    }

    /**
     * A branch for a statelessly forwarded request (RFC 3261 §16.11): derived from the incoming top Via, so a
     * retransmission gets the same branch, and from our own address, so two proxies never make the same one.
     */
    static String statelessBranch(final Via incomingTop, final CharSequence ourHostPort)
    {
        long h = 0xcbf29ce484222325L;
        final BufferView text = incomingTop.isValid() ? incomingTop.text() : null;
        if (text != null)
        {
            for (int i = 0; i < text.length(); i++)
            {
                h = (h ^ text.byteAt(i)) * 0x100000001b3L;
            }
        }
        for (int i = 0; i < ourHostPort.length(); i++)
        {
            h = (h ^ ourHostPort.charAt(i)) * 0x100000001b3L;
        }
        final StringBuilder sb = new StringBuilder(Via.MAGIC_COOKIE.length() + 18).append(Via.MAGIC_COOKIE).append("sl");
        for (int i = 15; i >= 0; i--)
        {
            sb.append(HEX[(int)(h >>> (i * 4)) & 0xF]);
        }
        return sb.toString();
    }
}
