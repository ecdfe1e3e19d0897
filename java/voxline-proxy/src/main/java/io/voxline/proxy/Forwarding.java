package io.voxline.proxy;

import java.util.List;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.Via;

/**
 * How a proxy rewrites what it forwards (RFC 3261 §16.6, §16.7): a request gets our Via on top, the received
 * Via completed with received/rport, Max-Forwards decremented, our Record-Route on top of any others (two of
 * them where the request changes transport here, RFC 5658), the Routes it consumed left out and a new
 * Request-URI when retargeted; a response loses our Via. Everything else, the body and Content-Type included,
 * is copied as it came.
 */
final class Forwarding
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Forwarding()
    {
    }

    /**
     * Writes the forwarded copy of request m into w.
     *
     * @param requestUri  the new Request-URI, or null to keep m's
     * @param via         our Via value ("SIP/2.0/UDP host:port;branch=…;rport")
     * @param recordRoute our Record-Route value (facing the next hop), or null
     * @param recordRoute2 our second Record-Route value, below the first (facing where the request came from,
     *                    when it changes transport here), or null
     * @param sourceIp    where m came from (for received=)
     * @param d           the routing decision: the Route entries it consumed are left out, its appendRoute added
     * @param skipOther   an entry of another header to leave out (our own Proxy-Authorization), or -1
     * @param skipOther2  another such entry (an Authorization in our realm), or -1
     * @return the length, or -1 when the writer failed (too large)
     */
    static int writeRequest(
        final SipMessageWriter w, final SipMessage m, final CharSequence requestUri, final CharSequence via,
        final CharSequence recordRoute, final CharSequence recordRoute2, final CharSequence sourceIp, final int sourcePort,
        final Router.Decision d, final int skipOther, final int skipOther2)
    {
        final CharSequence appendRoute = d.appendRoute;
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
            if (recordRoute2 != null)
            {
                w.header(HeaderName.RECORD_ROUTE, recordRoute2);
            }
        }
        final int mf = m.maxForwards();
        // none: assume the originating default (RFC 3261 §16.6 step 3)
        w.header(HeaderName.MAX_FORWARDS, (mf < 0 ? SipRequests.DEFAULT_MAX_FORWARDS : mf) - 1);
        for (int i = 0; i < m.headerCount(); i++)
        {
            final HeaderName name = m.headerName(i);
            if (name == HeaderName.VIA || name == HeaderName.MAX_FORWARDS || d.skips(i) || i == skipOther || i == skipOther2)
            {
                continue;
            }
            w.copyEntry(m, i);
        }
        if (appendRoute != null)
        {
            // after every other header, so after every other Route: the last one (RFC 3261 16.6 step 7)
            w.startHeader(HeaderName.ROUTE).append('<').append(appendRoute).append('>').endHeader();
        }
        return w.body(null, m.buffer(), m.bodyOffset(), m.bodyLength());
    }

    /** Writes response r without its top Via (ours) into w; the length, or -1. */
    static int writeResponseWithoutTopVia(final SipMessageWriter w, final SipMessage r)
    {
        return writeResponseWithoutTopVia(w, r, r.statusCode(), r.reasonPhrase(), List.of());
    }

    /**
     * Writes response r without its top Via, with another status line (a 503 chosen as best goes up as 500,
     * RFC 3261 16.7 step 6) and extra challenge headers (the other branches' 401/407 challenges), into w.
     */
    static int writeResponseWithoutTopVia(
        final SipMessageWriter w, final SipMessage r, final int code, final CharSequence reason,
        final List<ResponseContext.Challenge> extra)
    {
        w.statusLine(code, reason);
        final int top = r.first(HeaderName.VIA);
        for (int i = 0; i < r.headerCount(); i++)
        {
            if (i != top)
            {
                w.copyEntry(r, i);
            }
        }
        for (int i = 0; i < extra.size(); i++)
        {
            w.header(extra.get(i).name(), extra.get(i).value());
        }
        return w.body(null, r.buffer(), r.bodyOffset(), r.bodyLength());
    }

    /**
     * The loop-detection part of the branches of a request we forward (RFC 3261 16.6 step 8, 16.3 step 4): a
     * hash of what decides how it is routed, as received — Request-URI, From and To tags, Call-ID, CSeq number,
     * and every Route, Proxy-Require and Proxy-Authorization value, but the Routes we consume (skip1, skip2,
     * skip3: they are gone when the request comes back). Not the top Via: it changes on every hop, so a hash
     * over it would never see a loop. The same request back here is a loop; with any of these changed (another
     * Request-URI after a retarget) it is a spiral and goes on.
     */
    static long loopHash(final SipMessage m, final int skip1, final int skip2, final int skip3)
    {
        long h = FNV_OFFSET;
        h = mix(h, m.requestUri());
        h = mix(h, m.fromTag());
        h = mix(h, m.toTag());
        h = mix(h, m.callId());
        h = (h ^ m.cseqNumber()) * FNV_PRIME;
        for (int i = 0; i < m.headerCount(); i++)
        {
            final HeaderName n = m.headerName(i);
            if ((n == HeaderName.ROUTE && i != skip1 && i != skip2 && i != skip3) || n == HeaderName.PROXY_REQUIRE ||
                n == HeaderName.PROXY_AUTHORIZATION)
            {
                h = (h ^ n.ordinal()) * FNV_PRIME;
                h = mix(h, m.value(i));
            }
        }
        return h;
    }

    /** "z9hG4bK" + the loop hash in 16 hex digits + "-": every branch of a request starts so. */
    static String loopBranchPrefix(final long hash)
    {
        final StringBuilder sb = new StringBuilder(Via.MAGIC_COOKIE.length() + 17).append(Via.MAGIC_COOKIE);
        for (int i = 15; i >= 0; i--)
        {
            sb.append(HEX[(int)(hash >>> (i * 4)) & 0xF]);
        }
        return sb.append('-').toString();
    }

    private static long mix(final long seed, final CharSequence text)
    {
        long h = seed;
        if (text != null)
        {
            for (int i = 0; i < text.length(); i++)
            {
                h = (h ^ text.charAt(i)) * FNV_PRIME;
            }
        }
        // a separator, so ("ab", "c") and ("a", "bc") differ
        return (h ^ 0xFF) * FNV_PRIME;
    }
}
