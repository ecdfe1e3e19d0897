package io.voxline.sip.dialog;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * A dialog (RFC 3261 §12): Call-ID, local and remote tag, local and remote URI, remote target, route set, local
 * and remote CSeq. Created by a UAC from the INVITE it sent and a response with a To tag (early on 1xx, confirmed
 * on 2xx), or by a UAS from the INVITE it received and its own tag. It builds in-dialog requests (loose routing,
 * or the strict-routing form when the first route lacks ;lr), names the next hop (IP literals only: a name is an
 * error, never resolved), and checks requests that arrive in it.
 *
 * <p>Header values are kept as copied bytes (once per dialog) and written back verbatim, so display names and
 * parameters survive exactly. Owned by one thread.
 */
public final class Dialog
{
    public enum State
    {
        EARLY,
        CONFIRMED,
        TERMINATED
    }

    private static final BufferView[] NO_ROUTES = new BufferView[0];

    private final boolean uac;
    private final String callId;
    private final String localTag;
    private final String remoteTag;
    private final String id;
    private final BufferView callIdView;
    private final BufferView localParty;
    private final BufferView remoteParty;
    private final BufferView localUri;
    private final BufferView remoteUri;
    private final BufferView localContact;
    private final NameAddr scratchAddr = new NameAddr();
    private final SipUri scratchUri = new SipUri();
    private BufferView remoteTarget;
    private BufferView[] routeSet = NO_ROUTES;
    private boolean strictFirstRoute;
    private BufferView strictRequestUri;
    private InetSocketAddress nextHop;
    private long localCSeq;
    private long remoteCSeq;
    private State state;

    private Dialog(
        final boolean uac,
        final String callId,
        final String localTag,
        final String remoteTag,
        final BufferView localParty,
        final BufferView remoteParty,
        final BufferView localUri,
        final BufferView remoteUri,
        final BufferView localContact)
    {
        this.uac = uac;
        this.callId = callId;
        this.localTag = localTag;
        this.remoteTag = remoteTag;
        this.id = callId + '|' + localTag + '|' + remoteTag;
        this.callIdView = text(callId);
        this.localParty = localParty;
        this.remoteParty = remoteParty;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
        this.localContact = localContact;
    }

    // ------------------------------------------------------------------------------------------ creation

    /**
     * The UAC's dialog from the INVITE it sent and a 101–299 response carrying a To tag (RFC 3261 12.1.2): early
     * on 1xx, confirmed on 2xx. Route set = Record-Route reversed; remote target = the response's Contact (the
     * INVITE's Request-URI when a provisional response has none). localContact is the Contact value of our
     * requests (e.g. {@code <sip:101@127.0.0.1:5062>}). Null when no dialog can be made.
     */
    public static Dialog createUac(final SipMessage invite, final SipMessage response, final CharSequence localContact)
    {
        if (invite == null || response == null || !invite.isRequest() || invite.method() != SipMethod.INVITE ||
            !response.isResponse() || response.statusCode() <= 100 || response.statusCode() >= 300 ||
            response.cseqMethod() != SipMethod.INVITE || response.cseqNumber() != invite.cseqNumber())
        {
            return null;
        }
        final BufferView fromTag = invite.fromTag();
        final BufferView toTag = response.toTag();
        final BufferView callId = invite.callId();
        if (fromTag == null || fromTag.length() == 0 || toTag == null || toTag.length() == 0 || callId == null ||
            !callId.contentEquals(response.callId()) || !fromTag.contentEquals(response.fromTag()))
        {
            return null;
        }
        final Dialog d = new Dialog(
            true,
            callId.toString(),
            fromTag.toString(),
            toTag.toString(),
            copyOf(invite.from().text()),
            copyOf(response.to().text()),
            copyOf(invite.from().uriText()),
            copyOf(response.to().uriText()),
            localContact == null ? null : text(localContact));
        d.localCSeq = invite.cseqNumber();
        d.remoteCSeq = -1;
        d.state = response.statusCode() < 200 ? State.EARLY : State.CONFIRMED;
        d.setRouteSet(response, true);
        if (!d.setRemoteTarget(response))
        {
            if (response.statusCode() >= 200)
            {
                return null;
            }
            d.remoteTarget = copyOf(invite.requestUri());
            d.updateNextHop();
        }
        return d;
    }

    /**
     * The UAS's dialog from the INVITE it received and its own To tag (RFC 3261 12.1.1), early until
     * {@link #confirm()} (when the 2xx is sent). Route set = Record-Route in order; remote target = the INVITE's
     * Contact; remote CSeq = the INVITE's. Null when the INVITE has no usable Contact (answer it 400).
     */
    public static Dialog createUas(final SipMessage invite, final CharSequence localTag, final CharSequence localContact)
    {
        if (invite == null || !invite.isRequest() || invite.method() != SipMethod.INVITE || localTag == null ||
            localTag.length() == 0 || invite.callId() == null || !invite.to().isValid() || !invite.from().isValid())
        {
            return null;
        }
        final BufferView fromTag = invite.fromTag();
        final BufferView to = invite.to().text();
        final BufferView localParty = invite.to().hasParam("tag") ? copyOf(to) : concat(to, ";tag=", localTag);
        final Dialog d = new Dialog(
            false,
            invite.callId().toString(),
            localTag.toString(),
            fromTag == null ? "" : fromTag.toString(),
            localParty,
            copyOf(invite.from().text()),
            copyOf(invite.to().uriText()),
            copyOf(invite.from().uriText()),
            localContact == null ? null : text(localContact));
        d.localCSeq = -1;
        d.remoteCSeq = invite.cseqNumber();
        d.state = State.EARLY;
        d.setRouteSet(invite, false);
        return d.setRemoteTarget(invite) ? d : null;
    }

    // ------------------------------------------------------------------------------------------ state

    public State state()
    {
        return state;
    }

    public boolean isEarly()
    {
        return state == State.EARLY;
    }

    public boolean isConfirmed()
    {
        return state == State.CONFIRMED;
    }

    public boolean isTerminated()
    {
        return state == State.TERMINATED;
    }

    /** The UAS sent its 2xx (or the UAC got one): early becomes confirmed. */
    public void confirm()
    {
        if (state == State.EARLY)
        {
            state = State.CONFIRMED;
        }
    }

    /** BYE sent or received, or the early dialog got a non-2xx final response. */
    public void terminate()
    {
        state = State.TERMINATED;
    }

    /**
     * A response to an INVITE (or UPDATE) the UAC sent in this dialog. On a 2xx an early dialog is confirmed and
     * its route set recomputed (RFC 3261 13.2.2.4); every 2xx with a Contact refreshes the remote target
     * (12.2.1.2); a non-2xx final response ends an early dialog. False when it does not belong to this dialog.
     */
    public boolean onResponse(final SipMessage response)
    {
        if (!matchesResponse(response) || state == State.TERMINATED)
        {
            return false;
        }
        final int code = response.statusCode();
        final boolean targetRefresh = response.cseqMethod() == SipMethod.INVITE || response.cseqMethod() == SipMethod.UPDATE;
        if (code >= 200 && code < 300)
        {
            if (state == State.EARLY && uac)
            {
                setRouteSet(response, true);
                state = State.CONFIRMED;
            }
            if (targetRefresh)
            {
                setRemoteTarget(response);
            }
        }
        else if (code >= 300 && state == State.EARLY && response.cseqMethod() == SipMethod.INVITE)
        {
            state = State.TERMINATED;
        }
        else if (code > 100 && code < 200 && state == State.EARLY && targetRefresh)
        {
            setRemoteTarget(response);
        }
        return true;
    }

    /**
     * Checks a request received in this dialog (RFC 3261 12.2.2): Call-ID, To tag = local tag, From tag = remote
     * tag, else {@link InDialogCheck#NO_DIALOG} (481); its CSeq must rise above the last one from the peer, else
     * {@link InDialogCheck#OUT_OF_ORDER} (500) — ACK and CANCEL carry their INVITE's number and are not counted.
     * When OK the remote CSeq becomes the request's.
     */
    public InDialogCheck checkRequest(final SipMessage request)
    {
        if (state == State.TERMINATED || !matchesRequest(request))
        {
            return InDialogCheck.NO_DIALOG;
        }
        final SipMethod method = request.method();
        if (method == SipMethod.ACK || method == SipMethod.CANCEL)
        {
            return InDialogCheck.OK;
        }
        final long n = request.cseqNumber();
        if (remoteCSeq >= 0 && n <= remoteCSeq)
        {
            return InDialogCheck.OUT_OF_ORDER;
        }
        remoteCSeq = n;
        return InDialogCheck.OK;
    }

    /** A target refresh request (re-INVITE, UPDATE) was accepted: its Contact becomes the remote target. */
    public boolean refreshRemoteTarget(final SipMessage request)
    {
        return setRemoteTarget(request);
    }

    /** True when request carries this dialog's Call-ID, our tag in To and the peer's in From. */
    public boolean matchesRequest(final SipMessage request)
    {
        return request != null && request.isRequest() && sameCallId(request) && tagEquals(request.toTag(), localTag) &&
            tagEquals(request.fromTag(), remoteTag);
    }

    /** True when response carries this dialog's Call-ID, our tag in From and the peer's in To. */
    public boolean matchesResponse(final SipMessage response)
    {
        return response != null && response.isResponse() && sameCallId(response) &&
            tagEquals(response.fromTag(), localTag) && tagEquals(response.toTag(), remoteTag);
    }

    // ------------------------------------------------------------------------------------------ requests

    /** The local CSeq for the next request (the first one of a UAS dialog is 1). */
    public long nextLocalCSeq()
    {
        localCSeq = localCSeq < 0 ? 1 : localCSeq + 1;
        return localCSeq;
    }

    /**
     * Starts an in-dialog request (RFC 3261 12.2.1.1): Request-URI and Route by the route set (loose routing; the
     * strict-routing form when the first route lacks ;lr), Via {@code viaPrefix;branch=branch;rport},
     * Max-Forwards 70, From, To, Call-ID, {@code CSeq: cseq METHOD}, and Contact (not in ACK, BYE, CANCEL). The
     * headers are left open: add a body or more headers, then end the message. False when the writer failed.
     */
    public boolean startRequest(
        final SipMessageWriter w, final SipMethod method, final long cseq, final CharSequence viaPrefix, final CharSequence branch)
    {
        w.requestLine(method, strictFirstRoute ? strictRequestUri : remoteTarget);
        w.startHeader(HeaderName.VIA).append(viaPrefix).append(";branch=").append(branch).append(";rport").endHeader();
        for (int i = strictFirstRoute ? 1 : 0; i < routeSet.length; i++)
        {
            w.header(HeaderName.ROUTE, routeSet[i]);
        }
        if (strictFirstRoute)
        {
            w.startHeader(HeaderName.ROUTE).append('<').append(remoteTarget).append('>').endHeader();
        }
        w.header(HeaderName.MAX_FORWARDS, SipRequests.DEFAULT_MAX_FORWARDS);
        w.header(HeaderName.FROM, localParty);
        w.header(HeaderName.TO, remoteParty);
        w.header(HeaderName.CALL_ID, callIdView);
        w.startHeader(HeaderName.CSEQ).append(cseq).append(' ').append(method.name()).endHeader();
        if (localContact != null && method != SipMethod.ACK && method != SipMethod.BYE && method != SipMethod.CANCEL)
        {
            w.header(HeaderName.CONTACT, localContact);
        }
        return !w.hasFailed();
    }

    /** A complete BYE with the next local CSeq, the layer's Via and a fresh branch; its length or -1. */
    public int writeBye(final SipMessageWriter w, final TransactionLayer layer)
    {
        return startRequest(w, SipMethod.BYE, nextLocalCSeq(), layer.viaPrefix(), layer.newBranch()) ? w.endHeaders() : -1;
    }

    /**
     * Starts the ACK for a 2xx (RFC 3261 13.2.2.4): built like any in-dialog request, with the INVITE's CSeq
     * number and method ACK, a fresh branch. Add the SDP answer if the 2xx carried an offer, then end it.
     */
    public boolean startAck(final SipMessageWriter w, final long inviteCSeq, final CharSequence viaPrefix, final CharSequence branch)
    {
        return startRequest(w, SipMethod.ACK, inviteCSeq, viaPrefix, branch);
    }

    /** A complete ACK for the 2xx to the INVITE with CSeq inviteCSeq, with a fresh branch; its length or -1. */
    public int writeAck(final SipMessageWriter w, final long inviteCSeq, final TransactionLayer layer)
    {
        return startAck(w, inviteCSeq, layer.viaPrefix(), layer.newBranch()) ? w.endHeaders() : -1;
    }

    /**
     * Where in-dialog requests go: the first route's URI if there is a route set, else the remote target (host and
     * port, 5060 by default; maddr and DNS SRV are not used). Null when that host is a name: Voxline never resolves one.
     */
    public InetSocketAddress nextHop()
    {
        return nextHop;
    }

    // ------------------------------------------------------------------------------------------ accessors

    public boolean isUac()
    {
        return uac;
    }

    /** callId|localTag|remoteTag: a map key for the TU. */
    public String id()
    {
        return id;
    }

    /** The dialog id a received request belongs to: callId|To tag|From tag (null parts as ""). */
    public static String idOfRequest(final SipMessage request)
    {
        return key(request.callId(), request.toTag(), request.fromTag());
    }

    /** The dialog id a response to our request belongs to: callId|From tag|To tag. */
    public static String idOfResponse(final SipMessage response)
    {
        return key(response.callId(), response.fromTag(), response.toTag());
    }

    public String callId()
    {
        return callId;
    }

    public String localTag()
    {
        return localTag;
    }

    /** The peer's tag ("" when an RFC 2543 peer sent none). */
    public String remoteTag()
    {
        return remoteTag;
    }

    public CharSequence localUri()
    {
        return localUri;
    }

    public CharSequence remoteUri()
    {
        return remoteUri;
    }

    /** The whole From value of our requests (with our tag). */
    public CharSequence localParty()
    {
        return localParty;
    }

    /** The whole To value of our requests (with the peer's tag). */
    public CharSequence remoteParty()
    {
        return remoteParty;
    }

    public CharSequence remoteTarget()
    {
        return remoteTarget;
    }

    /** The route set as header values, in the order our requests carry them (allocates). */
    public List<String> routeSet()
    {
        final List<String> out = new ArrayList<>(routeSet.length);
        for (final BufferView r : routeSet)
        {
            out.add(r.toString());
        }
        return Collections.unmodifiableList(out);
    }

    /** True when the first route is a strict router (no ;lr): requests use the RFC 2543 form. */
    public boolean isStrictRouting()
    {
        return strictFirstRoute;
    }

    /** The CSeq of the last request we sent in this dialog, -1 when none yet. */
    public long localCSeq()
    {
        return localCSeq;
    }

    /** The CSeq of the last request the peer sent, -1 when none yet. */
    public long remoteCSeq()
    {
        return remoteCSeq;
    }

    @Override
    public String toString()
    {
        return (uac ? "UAC " : "UAS ") + state + " " + id + " target=" + remoteTarget + " routes=" + routeSet();
    }

    // ------------------------------------------------------------------------------------------ internals

    private void setRouteSet(final SipMessage msg, final boolean reverse)
    {
        final int n = msg.count(HeaderName.RECORD_ROUTE);
        final BufferView[] routes = n == 0 ? NO_ROUTES : new BufferView[n];
        int k = 0;
        for (int i = msg.first(HeaderName.RECORD_ROUTE); i >= 0 && k < n; i = msg.next(HeaderName.RECORD_ROUTE, i))
        {
            routes[reverse ? n - 1 - k : k] = copyOf(msg.buffer(), msg.valueOffset(i), msg.valueLength(i));
            k++;
        }
        routeSet = routes;
        strictFirstRoute = false;
        strictRequestUri = null;
        if (routes.length > 0)
        {
            final NameAddr first = scratchAddr;
            if (first.parse(routes[0].buffer(), routes[0].offset(), routes[0].length()) && !first.uri().isLooseRouting())
            {
                strictFirstRoute = true;
                strictRequestUri = requestUriForm(first.uri());
            }
        }
        updateNextHop();
    }

    private boolean setRemoteTarget(final SipMessage msg)
    {
        final int c = msg.first(HeaderName.CONTACT);
        final NameAddr contact = scratchAddr;
        if (c < 0 || !contact.parse(msg, c) || contact.isWildcard())
        {
            return false;
        }
        remoteTarget = copyOf(contact.uriText());
        updateNextHop();
        return true;
    }

    private void updateNextHop()
    {
        nextHop = null;
        if (routeSet.length > 0)
        {
            final NameAddr first = scratchAddr;
            if (first.parse(routeSet[0].buffer(), routeSet[0].offset(), routeSet[0].length()))
            {
                nextHop = hostPort(first.uri());
            }
        }
        else if (remoteTarget != null && scratchUri.parse(remoteTarget.buffer(), remoteTarget.offset(), remoteTarget.length()))
        {
            nextHop = hostPort(scratchUri);
        }
    }

    private static InetSocketAddress hostPort(final SipUri uri)
    {
        if (!uri.isValid() || uri.host() == null || uri.hostType() == HostType.NAME)
        {
            return null;
        }
        return IpLiterals.socketAddress(uri.host(), uri.portOrDefault());
    }

    /** The URI without its headers and method parameter (RFC 3261 19.1.1: not allowed in a Request-URI). */
    private static BufferView requestUriForm(final SipUri uri)
    {
        String text = uri.text().toString();
        final int q = text.indexOf('?');
        if (q >= 0)
        {
            text = text.substring(0, q);
        }
        final byte[] bytes = text.replaceAll("(?i);method=[^;]*", "").getBytes(StandardCharsets.ISO_8859_1);
        return new BufferView(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private boolean sameCallId(final SipMessage msg)
    {
        final BufferView c = msg.callId();
        return c != null && c.contentEquals(callId);
    }

    private static boolean tagEquals(final BufferView tag, final String expected)
    {
        return tag == null ? expected.isEmpty() : tag.contentEquals(expected);
    }

    private static String key(final BufferView callId, final BufferView a, final BufferView b)
    {
        final StringBuilder sb = new StringBuilder(64);
        if (callId != null)
        {
            sb.append(callId);
        }
        sb.append('|');
        if (a != null)
        {
            sb.append(a);
        }
        sb.append('|');
        if (b != null)
        {
            sb.append(b);
        }
        return sb.toString();
    }

    private static BufferView copyOf(final BufferView v)
    {
        return copyOf(v.buffer(), v.offset(), v.length());
    }

    private static BufferView copyOf(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new BufferView(new UnsafeBuffer(bytes), 0, length);
    }

    /** Our own copy of s: a BufferView's bytes as they are, any other text as UTF-8 (what the writer would write). */
    private static BufferView text(final CharSequence s)
    {
        if (s instanceof BufferView)
        {
            return copyOf((BufferView)s);
        }
        final byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
        return new BufferView(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static BufferView concat(final CharSequence a, final CharSequence b, final CharSequence c)
    {
        final BufferView x = text(a);
        final BufferView y = text(b);
        final BufferView z = text(c);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[x.length() + y.length() + z.length()]);
        x.getBytes(out, 0);
        y.getBytes(out, x.length());
        z.getBytes(out, x.length() + y.length());
        return new BufferView(out, 0, out.capacity());
    }
}
