package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.List;

import io.voxline.sip.auth.CredentialStore;

/**
 * A proxy/registrar: where it listens, the domains it is responsible for, its route table (first match wins),
 * whether it Record-Routes, how much traffic it takes from one source, and whom it serves (auth null: anyone,
 * an open proxy for a lab or a closed LAN). With no domains it serves requests addressed to its own listen
 * addresses only.
 */
public record ProxyConfig(
    List<InetSocketAddress> listen, List<String> domains, List<Route> routes, boolean recordRoute, Limits limits, Auth auth)
{
    public ProxyConfig
    {
        listen = List.copyOf(listen);
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
        if (limits == null)
        {
            limits = Limits.DEFAULT;
        }
    }

    /** Open (no auth), with the default per-source limits ({@link Limits#DEFAULT}). */
    public ProxyConfig(final List<InetSocketAddress> listen, final List<String> domains, final List<Route> routes, final boolean recordRoute)
    {
        this(listen, domains, routes, recordRoute, Limits.DEFAULT, null);
    }

    /** Open (no auth), with these limits. */
    public ProxyConfig(
        final List<InetSocketAddress> listen, final List<String> domains, final List<Route> routes, final boolean recordRoute,
        final Limits limits)
    {
        this(listen, domains, routes, recordRoute, limits, null);
    }

    /** The same proxy with other limits. */
    public ProxyConfig withLimits(final Limits other)
    {
        return new ProxyConfig(listen, domains, routes, recordRoute, other, auth);
    }

    /** The same proxy serving only the users given (null: open). */
    public ProxyConfig withAuth(final Auth other)
    {
        return new ProxyConfig(listen, domains, routes, recordRoute, limits, other);
    }

    /**
     * The digest realm: the one given with the users, else the first domain, else the host of the first listen
     * address as written in URIs (an IP literal). Phones are configured with it, and stored hashes are made for it.
     */
    public String realm()
    {
        if (auth != null && auth.realm() != null)
        {
            return auth.realm();
        }
        if (!domains.isEmpty())
        {
            return domains.get(0);
        }
        return io.voxline.sip.transaction.IpLiterals.uriHost(listen.get(0).getAddress());
    }

    /**
     * Digest authentication (RFC 3261 22, RFC 8760) for the users of a users file: REGISTER must answer a 401,
     * anything else the proxy forwards for its own users a 407 — but a call from outside to a user registered here
     * and a request inside a dialog this proxy Record-Routed. realm null: see {@link ProxyConfig#realm()}.
     */
    public record Auth(CredentialStore users, String realm)
    {
        public Auth
        {
            if (users == null)
            {
                throw new IllegalArgumentException("auth needs a credential store (CredentialStore.empty() for nobody)");
            }
        }
    }

    /**
     * PATTERN=URI: PATTERN is a domain ("b.test"), a user prefix ("2*") or "*"; URI is the next hop
     * ("sip:127.0.0.1:5080"), an IP literal and port, never a name to resolve.
     */
    public record Route(String pattern, InetSocketAddress nextHop, String uri)
    {
    }

    /**
     * What one source IP address may send (a token bucket per address, checked before a datagram is parsed):
     * {@code perSecond} datagrams a second on average, up to {@code burst} at once. perSecond 0 turns the limit
     * off. The defaults suit a home router: a phone sends a few messages a second at most, a scanner or a flood
     * hundreds or thousands.
     */
    public record Limits(int perSecond, int burst)
    {
        public static final Limits DEFAULT = new Limits(50, 200);
        public static final Limits OFF = new Limits(0, 0);

        public Limits
        {
            if (perSecond < 0 || burst < 0 || (perSecond > 0 && burst < 1))
            {
                throw new IllegalArgumentException("a rate limit needs perSecond >= 0 and, when on, burst >= 1");
            }
        }

        public boolean enabled()
        {
            return perSecond > 0;
        }
    }
}
