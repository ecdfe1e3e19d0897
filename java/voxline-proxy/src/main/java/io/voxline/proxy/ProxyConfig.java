package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A proxy/registrar: where it listens, the domains it is responsible for, its route table (first match wins),
 * whether it Record-Routes, and how much traffic it takes from one source. With no domains it serves requests
 * addressed to its own listen addresses only.
 */
public record ProxyConfig(
    List<InetSocketAddress> listen, List<String> domains, List<Route> routes, boolean recordRoute, Limits limits)
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

    /** With the default per-source limits ({@link Limits#DEFAULT}). */
    public ProxyConfig(final List<InetSocketAddress> listen, final List<String> domains, final List<Route> routes, final boolean recordRoute)
    {
        this(listen, domains, routes, recordRoute, Limits.DEFAULT);
    }

    /** The same proxy with other limits. */
    public ProxyConfig withLimits(final Limits other)
    {
        return new ProxyConfig(listen, domains, routes, recordRoute, other);
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
