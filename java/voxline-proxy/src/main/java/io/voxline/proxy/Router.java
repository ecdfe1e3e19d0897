package io.voxline.proxy;

import java.net.InetSocketAddress;
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

/**
 * Decides where a request goes (RFC 3261 §16.3–16.5 at working depth), in this order:
 * <ol type="a">
 * <li>Max-Forwards 0: 483.</li>
 * <li>Loose routing: a top Route naming us is consumed; a Request-URI naming us with Routes left is a
 *     strict-routing previous hop: the last Route becomes the Request-URI and is consumed.</li>
 * <li>Routes left: to the first one's host:port, Request-URI unchanged.</li>
 * <li>Request-URI in one of our domains or at our own address: REGISTER to the registrar, OPTIONS without a
 *     user answered by us, a user registered as user@thathost to its contact. Without configured domains, a
 *     REGISTER for any domain name is the registrar's too.</li>
 * <li>Request-URI host an IP literal not ours: there (in-dialog requests to a UA's Contact).</li>
 * <li>The user registered under one of our domains (any domain when none is configured): its contact.</li>
 * <li>The first matching route table entry ("*", a user prefix "2*", or a domain): its next hop.</li>
 * <li>404.</li>
 * </ol>
 * Names are never resolved: a next hop that is not an IP literal is an error with a reason.
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
        InetSocketAddress destination;
        /** The new Request-URI, or null to keep the request's. */
        CharSequence requestUri;
        /** Route entries to leave out when forwarding (-1: none). */
        int skipRoute1;
        int skipRoute2;
        /** Which rule decided, for tests and logs: "route", "location", "ip", "number", "table", "local". */
        String rule;

        void reset()
        {
            action = Action.REJECT;
            status = 0;
            reason = null;
            destination = null;
            requestUri = null;
            skipRoute1 = -1;
            skipRoute2 = -1;
            rule = null;
        }

        boolean skips(final int entry)
        {
            return entry == skipRoute1 || entry == skipRoute2;
        }

        @Override
        public String toString()
        {
            return action == Action.REJECT ? status + " " + reason :
                action + " " + rule + (destination == null ? "" : " -> " + destination) +
                (requestUri == null ? "" : " uri " + requestUri);
        }
    }

    private final OwnAddresses own;
    private final List<String> domains;
    private final List<ProxyConfig.Route> routes;
    private final LocationService location;
    private final NameAddr routeAddr = new NameAddr();
    private final NameAddr strictAddr = new NameAddr();
    private final SipUri contactUri = new SipUri();
    private final BufferView strictUriView = new BufferView();
    private final BufferView contactView = new BufferView();
    private final BufferView hostView = new BufferView();

    Router(final OwnAddresses own, final List<String> domains, final List<ProxyConfig.Route> routes, final LocationService location)
    {
        this.own = own;
        this.domains = List.copyOf(domains);
        this.routes = List.copyOf(routes);
        this.location = location;
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
        if (m.maxForwards() == 0)
        {
            reject(d, 483, "Too Many Hops");
            return;
        }

        // (b) loose routing: consume a top Route that names us
        int remaining = m.count(HeaderName.ROUTE);
        final int top = m.first(HeaderName.ROUTE);
        if (top >= 0 && routeAddr.parse(m, top) && own.isOurs(routeAddr.uri()))
        {
            d.skipRoute1 = top;
            remaining--;
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
            d.requestUri = strictUriView.wrap(m.buffer(), strictAddr.uriOffset(), strictAddr.uriLength());
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
            final InetSocketAddress hop = address(routeAddr.uri());
            if (hop == null)
            {
                reject(d, 404, "Route Host Is Not An IP Literal");
                return;
            }
            forward(d, "route", hop);
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
            if (user != null && toBinding(d, "location", location.lookup(user, host)))
            {
                return;
            }
        }
        else if (host != null && target.hostType() != HostType.NAME)
        {
            // (e) an IP literal that is not ours: a UA's Contact, typically in-dialog
            final InetSocketAddress there = address(target);
            if (there != null)
            {
                forward(d, "ip", there);
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
            if (domains.isEmpty())
            {
                if (toBinding(d, "number", location.lookupUser(user)))
                {
                    return;
                }
            }
            else
            {
                for (int i = 0; i < domains.size(); i++)
                {
                    if (toBinding(d, "number", location.lookup(user, domains.get(i))))
                    {
                        return;
                    }
                }
            }
        }

        // (g) the route table; (h) nothing
        final ProxyConfig.Route r = match(user, host);
        if (r == null || (ours && user == null))
        {
            reject(d, 404, "Not Found");
            return;
        }
        forward(d, "table", r.nextHop());
        if (ours)
        {
            // a Request-URI naming us would come straight back: name the next hop instead
            d.requestUri = "sip:" + user + "@" + TransactionLayer.hostPort(r.nextHop());
        }
    }

    /** The first route table entry matching the user or host, or null. */
    ProxyConfig.Route match(final BufferView user, final BufferView host)
    {
        for (int i = 0; i < routes.size(); i++)
        {
            final ProxyConfig.Route r = routes.get(i);
            final String p = r.pattern();
            if (p.equals("*"))
            {
                return r;
            }
            if (p.endsWith("*"))
            {
                if (user != null && user.length() >= p.length() - 1 && startsWith(user, p, p.length() - 1))
                {
                    return r;
                }
            }
            else if (host != null && host.equalsIgnoreCase(p))
            {
                return r;
            }
        }
        return null;
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

    private boolean toBinding(final Decision d, final String rule, final Binding b)
    {
        if (b == null)
        {
            return false;
        }
        final int len = b.contactBytes().capacity();
        if (!contactUri.parse(b.contactBytes(), 0, len))
        {
            return false;
        }
        InetSocketAddress there = address(contactUri);
        if (there == null)
        {
            // a Contact with a name: reach the phone where it registered from
            there = b.source();
        }
        forward(d, rule, there);
        d.requestUri = contactView.wrap(b.contactBytes(), 0, len);
        return true;
    }

    /** host:port of a SIP URI when the host is an IP literal, else null (never resolves). */
    private InetSocketAddress address(final SipUri uri)
    {
        final BufferView host = uri.hostAddress(hostView);
        if (host == null || uri.hostType() == HostType.NAME)
        {
            return null;
        }
        return IpLiterals.socketAddress(host, uri.portOrDefault());
    }

    private static void forward(final Decision d, final String rule, final InetSocketAddress destination)
    {
        d.action = Action.FORWARD;
        d.rule = rule;
        d.destination = destination;
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
