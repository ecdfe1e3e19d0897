package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.voxline.proxy.registrar.Binding;
import io.voxline.proxy.registrar.LocationService;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transport.TransportKind;

/**
 * Decides where a request goes (RFC 3261 §16.4–16.6), once the core has validated it (§16.3), in this order:
 * <ol type="a">
 * <li>(Max-Forwards is the core's: it needs to know whether the request is for us, which this decides.)</li>
 * <li>Loose routing: a top Route naming us is consumed, and a second one right below it too (we Record-Routed
 *     twice where the request changed transport, RFC 5658); a Request-URI naming us with Routes left is a
 *     strict-routing previous hop: the last Route becomes the Request-URI and is consumed.</li>
 * <li>Routes left: to the first one's host:port, Request-URI unchanged; when that Route has no lr (a strict
 *     router next, RFC 3261 16.6 step 7), its URI becomes the Request-URI and the old Request-URI the last
 *     Route.</li>
 * <li>Request-URI in one of our domains or at our own address: REGISTER to the registrar, OPTIONS without a
 *     user answered by us, a user registered as user@thathost to every contact it has (parallel forking). Without configured domains, a
 *     REGISTER for any domain name is the registrar's too.</li>
 * <li>Request-URI host an IP literal not ours: there (in-dialog requests to a UA's Contact).</li>
 * <li>The user registered under one of our domains (any domain when none is configured): its contacts.</li>
 * <li>The first matching route table entry ("*", a user prefix "2*", or a domain): its next hop.</li>
 * <li>404.</li>
 * </ol>
 * Names are never resolved: a next hop that is not an IP literal is an error with a reason. Each target also gets
 * the transport its URI asks for (RFC 3263 §4.1 for IP literals: transport=, else TLS for sips:, else UDP) and,
 * for a registered contact, its binding; the core picks the transport and connection from those.
 */
final class Router
{
    enum Action
    {
        FORWARD,
        REGISTRAR,
        OPTIONS,
        REJECT
    }

    /** The outcome, reused per request; views in it point into the request or a binding. */
    static final class Decision
    {
        Action action;
        int status;
        String reason;
        /** Where to send it: one target, or one per contact of a registered user (forking). */
        final InetSocketAddress[] destinations = new InetSocketAddress[MAX_TARGETS];
        /** The Request-URI of each target, or null to keep the request's. */
        final CharSequence[] requestUris = new CharSequence[MAX_TARGETS];
        /** The transport each target's URI asks for; null when it names one Voxline does not speak. */
        final TransportKind[] kinds = new TransportKind[MAX_TARGETS];
        /** Whether that URI names its transport (transport= or sips:); else UDP is only the default. */
        final boolean[] explicitKinds = new boolean[MAX_TARGETS];
        /** The registration behind each target (rules "location" and "number"), or null. */
        final Binding[] bindings = new Binding[MAX_TARGETS];
        int targets;
        /** Route entries to leave out when forwarding (-1: none). */
        int skipRoute1;
        int skipRoute2;
        int skipRoute3;
        /** A second Route of ours right below the first, consumed too (a double Record-Route), or -1. */
        int skipRoute4;
        /**
         * The transport of the last Route of ours consumed: the side of us the dialog's next hop is on (our
         * Record-Route facing it named it), or null. It decides when the next hop's URI names no transport.
         */
        TransportKind routeKind;
        /** A Route to add last (the Request-URI a strict next hop gives up), or null. */
        CharSequence appendRoute;
        /** Which rule decided, for tests and logs: "route", "location", "ip", "number", "table", "local". */
        String rule;
        /** True when the targets are contacts registered here (a call for one of our users). */
        boolean local;
        /** The dialog token of our Route (or of our URI in the Request-URI, after a strict router), or null. */
        BufferView routeToken;

        void reset()
        {
            action = Action.REJECT;
            status = 0;
            reason = null;
            // slot 0 even without targets: a strict-routing rewrite may have filled it before a reject
            for (int i = 0; i < Math.max(targets, 1); i++)
            {
                destinations[i] = null;
                requestUris[i] = null;
                kinds[i] = null;
                explicitKinds[i] = false;
                bindings[i] = null;
            }
            targets = 0;
            skipRoute1 = -1;
            skipRoute2 = -1;
            skipRoute3 = -1;
            skipRoute4 = -1;
            routeKind = null;
            appendRoute = null;
            rule = null;
            local = false;
            routeToken = null;
        }

        /** The first target (the only one unless forking). */
        InetSocketAddress destination()
        {
            return destinations[0];
        }

        CharSequence requestUri()
        {
            return requestUris[0];
        }

        boolean skips(final int entry)
        {
            return entry >= 0 && (entry == skipRoute1 || entry == skipRoute2 || entry == skipRoute3 || entry == skipRoute4);
        }

        @Override
        public String toString()
        {
            if (action == Action.REJECT)
            {
                return status + " " + reason;
            }
            final StringBuilder sb = new StringBuilder().append(action).append(' ').append(rule);
            for (int i = 0; i < targets; i++)
            {
                sb.append(" -> ").append(kinds[i]).append(' ').append(destinations[i]);
                if (requestUris[i] != null)
                {
                    sb.append(" uri ").append(requestUris[i]);
                }
            }
            return sb.toString();
        }
    }

    /** At most one branch per contact a user may register. */
    static final int MAX_TARGETS = LocationService.MAX_CONTACTS_PER_AOR;

    private final OwnAddresses own;
    private final List<String> domains;
    private final List<ProxyConfig.Route> routes;
    private final TransportKind[] routeKinds;
    private final boolean[] routeKindsExplicit;
    private final LocationService location;
    private final NameAddr routeAddr = new NameAddr();
    private final NameAddr strictAddr = new NameAddr();
    private final SipUri contactUri = new SipUri();
    private final BufferView strictUriView = new BufferView();
    private final BufferView strictNextView = new BufferView();
    private final BufferView tokenView = new BufferView();
    private final BufferView[] contactViews = new BufferView[MAX_TARGETS];
    private final List<Binding> found = new ArrayList<>(MAX_TARGETS);
    private final BufferView hostView = new BufferView();

    Router(final OwnAddresses own, final List<String> domains, final List<ProxyConfig.Route> routes, final LocationService location)
    {
        this.own = own;
        this.domains = List.copyOf(domains);
        this.routes = List.copyOf(routes);
        this.location = location;
        for (int i = 0; i < MAX_TARGETS; i++)
        {
            contactViews[i] = new BufferView();
        }
        routeKinds = new TransportKind[this.routes.size()];
        routeKindsExplicit = new boolean[this.routes.size()];
        final SipUri parsed = new SipUri();
        for (int i = 0; i < routeKinds.length; i++)
        {
            final String uri = this.routes.get(i).uri();
            final byte[] bytes = uri == null ? new byte[0] : uri.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (bytes.length > 0 && parsed.parse(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length))
            {
                routeKinds[i] = TransportKind.forUri(parsed);
                routeKindsExplicit[i] = namesTransport(parsed);
            }
            else
            {
                routeKinds[i] = TransportKind.UDP;
            }
        }
    }

    /** A URI that names its transport: a transport parameter, or sips: (TLS). */
    static boolean namesTransport(final SipUri uri)
    {
        return uri.transport() != null || uri.scheme() == SipUri.Scheme.SIPS;
    }

    boolean isOurDomain(final CharSequence host)
    {
        if (host == null)
        {
            return false;
        }
        for (int i = 0; i < domains.size(); i++)
        {
            final String d = domains.get(i);
            if (host instanceof BufferView v ? v.equalsIgnoreCase(d) : d.equalsIgnoreCase(host.toString()))
            {
                return true;
            }
        }
        return false;
    }

    void route(final SipMessage m, final Decision d)
    {
        d.reset();
        // (b) loose routing: consume a top Route that names us
        int remaining = m.count(HeaderName.ROUTE);
        final int top = m.first(HeaderName.ROUTE);
        if (top >= 0 && routeAddr.parse(m, top) && own.isOurs(routeAddr.uri()))
        {
            d.skipRoute1 = top;
            remaining--;
            d.routeToken = token(routeAddr.uri());
            d.routeKind = TransportKind.forUri(routeAddr.uri());
            // where the request changed transport here we Record-Routed twice (RFC 5658): the second one is ours too
            final int second = m.next(HeaderName.ROUTE, top);
            if (second >= 0 && routeAddr.parse(m, second) && own.isOurs(routeAddr.uri()))
            {
                d.skipRoute4 = second;
                remaining--;
                d.routeKind = TransportKind.forUri(routeAddr.uri());
            }
        }
        SipUri target = m.parsedRequestUri();
        if (target == null)
        {
            reject(d, 416, "Unsupported URI Scheme");
            return;
        }
        if (remaining > 0 && own.isOurs(target))
        {
            // a strict router before us put our Record-Route into the Request-URI (RFC 3261 16.4)
            if (d.routeToken == null)
            {
                d.routeToken = token(target);
            }
            int last = -1;
            for (int i = top; i >= 0; i = m.next(HeaderName.ROUTE, i))
            {
                if (!d.skips(i))
                {
                    last = i;
                }
            }
            if (!strictAddr.parse(m, last))
            {
                reject(d, 400, "Malformed Route Header");
                return;
            }
            d.skipRoute2 = last;
            remaining--;
            d.requestUris[0] = strictUriView.wrap(m.buffer(), strictAddr.uriOffset(), strictAddr.uriLength());
            target = strictAddr.uri();
        }

        // (c) the remaining route set decides
        if (remaining > 0)
        {
            int next = -1;
            for (int i = top; i >= 0 && next < 0; i = m.next(HeaderName.ROUTE, i))
            {
                if (!d.skips(i))
                {
                    next = i;
                }
            }
            if (!routeAddr.parse(m, next) || routeAddr.uri().host() == null)
            {
                reject(d, 400, "Malformed Route Header");
                return;
            }
            final TransportKind kind = TransportKind.forUri(routeAddr.uri());
            final InetSocketAddress hop = address(routeAddr.uri(), kind);
            if (hop == null)
            {
                reject(d, 404, "Route Host Is Not An IP Literal");
                return;
            }
            forward(d, "route", hop, kind, namesTransport(routeAddr.uri()));
            if (!routeAddr.uri().isLooseRouting())
            {
                // a strict router next (RFC 3261 16.6 step 7): it routes by the Request-URI, so its URI goes
                // there and the Request-URI we would have sent becomes the last Route
                d.appendRoute = d.requestUris[0] != null ? d.requestUris[0] : m.requestUri();
                d.requestUris[0] = strictNextView.wrap(m.buffer(), routeAddr.uriOffset(), routeAddr.uriLength());
                d.skipRoute3 = next;
            }
            return;
        }

        if (target.scheme() == SipUri.Scheme.OTHER)
        {
            reject(d, 416, "Unsupported URI Scheme");
            return;
        }
        final BufferView user = target.user();
        final BufferView host = target.host();
        final boolean ours = own.isOurs(target);

        // (d) for us: our own address or one of our domains
        if (ours || isOurDomain(host))
        {
            if (m.method() == SipMethod.REGISTER)
            {
                local(d, Action.REGISTRAR);
                return;
            }
            if (m.method() == SipMethod.OPTIONS && user == null)
            {
                local(d, Action.OPTIONS);
                return;
            }
            if (user != null)
            {
                found.clear();
                location.collect(user, host, found, MAX_TARGETS);
                if (toBindings(d, "location"))
                {
                    return;
                }
            }
        }
        else if (host != null && target.hostType() != HostType.NAME)
        {
            // (e) an IP literal that is not ours: a UA's Contact, typically in-dialog
            final TransportKind kind = TransportKind.forUri(target);
            final InetSocketAddress there = address(target, kind);
            if (there != null)
            {
                forward(d, "ip", there, kind, namesTransport(target));
                return;
            }
        }
        else if (domains.isEmpty() && m.method() == SipMethod.REGISTER)
        {
            // a registrar configured without domains serves any domain
            local(d, Action.REGISTRAR);
            return;
        }

        // (f) "number routing": the user is registered here under one of our domains
        if (user != null)
        {
            found.clear();
            if (domains.isEmpty())
            {
                location.collectUser(user, found, MAX_TARGETS);
            }
            else
            {
                for (int i = 0; i < domains.size() && found.isEmpty(); i++)
                {
                    location.collect(user, domains.get(i), found, MAX_TARGETS);
                }
            }
            if (toBindings(d, "number"))
            {
                return;
            }
        }

        // (g) the route table; (h) nothing
        final int entry = matchIndex(user, host);
        if (entry < 0 || (ours && user == null))
        {
            reject(d, 404, "Not Found");
            return;
        }
        final ProxyConfig.Route r = routes.get(entry);
        forward(d, "table", r.nextHop(), routeKinds[entry], routeKindsExplicit[entry]);
        if (ours)
        {
            // a Request-URI naming us would come straight back: name the next hop instead
            d.requestUris[0] = "sip:" + user + "@" + TransactionLayer.hostPort(r.nextHop());
        }
    }

    /** The dialog token parameter of one of our URIs, copied out of the flyweight that will be reused; or null. */
    private BufferView token(final SipUri ours)
    {
        final BufferView v = ours.param(DialogTokens.PARAM);
        return v == null ? null : tokenView.wrap(v.buffer(), v.offset(), v.length());
    }

    /** The first route table entry matching the user or host, or null. */
    ProxyConfig.Route match(final BufferView user, final BufferView host)
    {
        final int i = matchIndex(user, host);
        return i < 0 ? null : routes.get(i);
    }

    /** The index of the first route table entry matching the user or host, or -1. */
    private int matchIndex(final BufferView user, final BufferView host)
    {
        for (int i = 0; i < routes.size(); i++)
        {
            final String p = routes.get(i).pattern();
            if (p.equals("*"))
            {
                return i;
            }
            if (p.endsWith("*"))
            {
                if (user != null && user.length() >= p.length() - 1 && startsWith(user, p, p.length() - 1))
                {
                    return i;
                }
            }
            else if (host != null && host.equalsIgnoreCase(p))
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(final BufferView s, final String prefix, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            if (s.charAt(i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Forwards to every usable contact in found (most recent first); false when there is none. */
    private boolean toBindings(final Decision d, final String rule)
    {
        for (int i = 0; i < found.size() && d.targets < MAX_TARGETS; i++)
        {
            final Binding b = found.get(i);
            final int len = b.contactBytes().capacity();
            if (!contactUri.parse(b.contactBytes(), 0, len))
            {
                continue;
            }
            final TransportKind kind = TransportKind.forUri(contactUri);
            InetSocketAddress there = address(contactUri, kind);
            if (there == null)
            {
                // a Contact with a name: reach the phone where it registered from
                there = b.source();
            }
            d.destinations[d.targets] = there;
            d.requestUris[d.targets] = contactViews[d.targets].wrap(b.contactBytes(), 0, len);
            d.kinds[d.targets] = kind;
            d.explicitKinds[d.targets] = namesTransport(contactUri);
            d.bindings[d.targets] = b;
            d.targets++;
        }
        found.clear();
        if (d.targets == 0)
        {
            return false;
        }
        d.action = Action.FORWARD;
        d.rule = rule;
        d.local = true;
        return true;
    }

    /**
     * host:port of a SIP URI when the host is an IP literal, else null (never resolves); without a port, the
     * default of its transport (5061 for TLS, else 5060).
     */
    private InetSocketAddress address(final SipUri uri, final TransportKind kind)
    {
        final BufferView host = uri.hostAddress(hostView);
        if (host == null || uri.hostType() == HostType.NAME)
        {
            return null;
        }
        return IpLiterals.socketAddress(host, TransportKind.portFor(uri, kind == null ? TransportKind.UDP : kind));
    }

    private static void forward(
        final Decision d, final String rule, final InetSocketAddress destination, final TransportKind kind, final boolean explicit)
    {
        d.action = Action.FORWARD;
        d.rule = rule;
        d.destinations[0] = destination;
        d.kinds[0] = kind;
        d.explicitKinds[0] = explicit;
        d.targets = 1;
    }

    private static void local(final Decision d, final Action action)
    {
        d.action = action;
        d.rule = "local";
    }

    private static void reject(final Decision d, final int status, final String reason)
    {
        d.action = Action.REJECT;
        d.status = status;
        d.reason = reason;
    }
}
