package io.voxline.proxy.registrar;

import java.net.InetSocketAddress;
import java.util.List;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipResponses;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.parse.BufferView;

/**
 * Answers REGISTER (RFC 3261 §10.3, at working depth): the address-of-record is the To URI, whose domain
 * must be one this registrar serves (any when none is configured, and always its own IP); each Contact is
 * bound for its expires parameter, else the Expires header, else {@value #DEFAULT_EXPIRES} s, capped at
 * {@value #MAX_EXPIRES} s; expiry 0 removes it, {@code Contact: *} with {@code Expires: 0} removes them all;
 * a REGISTER without Contact only asks. The 200 lists every current contact with its remaining expiry.
 * The request is checked whole before anything changes, so a bad REGISTER changes nothing.
 */
public final class Registrar
{
    public static final long DEFAULT_EXPIRES = 3600;
    public static final long MAX_EXPIRES = 86_400;

    private static final int MAX_CONTACTS = 64;

    private final LocationService location;
    private final List<String> domains;
    private final List<String> ownHosts;
    private final SipIds ids;
    private final NameAddr contact = new NameAddr();
    private final String[] contactUris = new String[MAX_CONTACTS];
    private final long[] contactExpires = new long[MAX_CONTACTS];

    /**
     * @param domains  the domains served (empty: any)
     * @param ownHosts this element's own IP literals as written in URIs (IPv6 in brackets): always served
     */
    public Registrar(final LocationService location, final List<String> domains, final List<String> ownHosts, final SipIds ids)
    {
        this.location = location;
        this.domains = List.copyOf(domains);
        this.ownHosts = List.copyOf(ownHosts);
        this.ids = ids;
    }

    public LocationService location()
    {
        return location;
    }

    /** True when this registrar accepts AORs of host. */
    public boolean servesDomain(final CharSequence host)
    {
        return domains.isEmpty() || contains(domains, host) || contains(ownHosts, host);
    }

    private static boolean contains(final List<String> names, final CharSequence host)
    {
        for (int i = 0; i < names.size(); i++)
        {
            if (names.get(i).contentEquals(host) || names.get(i).equalsIgnoreCase(host.toString()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Handles a parsed REGISTER received from source: updates the bindings and writes the complete answer
     * (200 or an error) into w. Returns the answer's length, or -1 when nothing could be written.
     */
    public int onRegister(final SipMessage request, final InetSocketAddress source, final SipMessageWriter w)
    {
        return onRegister(request, source, -1, 0, w);
    }

    /**
     * As above, for a REGISTER that came in on the element's transport transportIndex and, over TCP/TLS, on
     * connection connectionId (else 0): each binding keeps both, so the proxy can reach the phone down the
     * connection it registered on.
     */
    public int onRegister(
        final SipMessage request, final InetSocketAddress source, final int transportIndex, final long connectionId,
        final SipMessageWriter w)
    {
        final String sourceIp = source.getAddress().getHostAddress();
        final int sourcePort = source.getPort();
        if (request.method() != SipMethod.REGISTER)
        {
            return reject(w, request, 405, null, sourceIp, sourcePort);
        }
        final SipUri to = request.to().uri();
        final BufferView user = to.user();
        final BufferView host = to.host();
        if ((to.scheme() != SipUri.Scheme.SIP && to.scheme() != SipUri.Scheme.SIPS) || host == null ||
            user == null || user.length() == 0)
        {
            return reject(w, request, 404, "Address-Of-Record Not Valid Here", sourceIp, sourcePort);
        }
        if (!servesDomain(host))
        {
            return reject(w, request, 403, "Domain Not Served Here", sourceIp, sourcePort);
        }
        final String aor = LocationService.aor(user, host);
        final String callId = request.callId().toString();
        final long cseq = request.cseqNumber();

        // check everything first: a bad REGISTER changes nothing
        int count = 0;
        boolean wildcard = false;
        int fresh = 0;
        for (int i = request.first(HeaderName.CONTACT); i >= 0; i = request.next(HeaderName.CONTACT, i))
        {
            if (!contact.parse(request, i))
            {
                return reject(w, request, 400, "Malformed Contact Header", sourceIp, sourcePort);
            }
            if (contact.isWildcard())
            {
                wildcard = true;
                continue;
            }
            if (count == MAX_CONTACTS)
            {
                return reject(w, request, 403, "Too Many Contacts", sourceIp, sourcePort);
            }
            final SipUri.Scheme scheme = contact.uri().scheme();
            if ((scheme != SipUri.Scheme.SIP && scheme != SipUri.Scheme.SIPS) || contact.uri().host() == null)
            {
                return reject(w, request, 400, "Contact Must Be A SIP URI", sourceIp, sourcePort);
            }
            final long fromParam = contact.expires();
            final long seconds = fromParam >= 0 ? fromParam : (request.expires() >= 0 ? request.expires() : DEFAULT_EXPIRES);
            contactUris[count] = contact.uriText().toString();
            contactExpires[count] = Math.min(seconds, MAX_EXPIRES);
            final Binding existing = location.find(aor, contactUris[count]);
            if (existing != null && existing.callId().equals(callId) && cseq <= existing.cseq())
            {
                return reject(w, request, 500, "Registration Out Of Order", sourceIp, sourcePort);
            }
            if (existing == null && contactExpires[count] > 0)
            {
                fresh++;
            }
            count++;
        }
        if (wildcard && (count > 0 || request.expires() != 0))
        {
            return reject(w, request, 400, "Wildcard Contact Needs Expires 0 Alone", sourceIp, sourcePort);
        }
        if (!location.hasRoom(aor, fresh))
        {
            return reject(w, request, 503, "Too Many Registrations", sourceIp, sourcePort);
        }

        if (wildcard)
        {
            location.unbindAll(aor);
        }
        for (int k = 0; k < count; k++)
        {
            if (contactExpires[k] == 0)
            {
                final Binding b = location.find(aor, contactUris[k]);
                if (b != null)
                {
                    location.unbind(b);
                }
            }
            else
            {
                location.bind(aor, contactUris[k], contactExpires[k], source, transportIndex, connectionId, callId, cseq);
            }
            contactUris[k] = null;
        }

        if (!SipResponses.writeResponse(w, request, 200, "OK", ids.newTag(), sourceIp, sourcePort))
        {
            return -1;
        }
        final long now = location.nowMs();
        final List<Binding> bound = location.bindings(aor);
        for (int i = 0; i < bound.size(); i++)
        {
            final Binding b = bound.get(i);
            w.startHeader(HeaderName.CONTACT).append('<').append(b.contactUri()).append(">;expires=")
                .append(b.remainingSeconds(now)).endHeader();
        }
        return w.endHeaders();
    }

    private int reject(
        final SipMessageWriter w, final SipMessage request, final int code, final String reason,
        final String sourceIp, final int sourcePort)
    {
        if (!SipResponses.writeResponse(w, request, code, reason, ids.newTag(), sourceIp, sourcePort))
        {
            return -1;
        }
        return w.endHeaders();
    }
}
