package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A proxy/registrar: where it listens, the domains it is responsible for, and its route table (first
 * match wins). With no domains it serves requests addressed to its own listen addresses only.
 */
public record ProxyConfig(List<InetSocketAddress> listen, List<String> domains, List<Route> routes, boolean recordRoute)
{
    public ProxyConfig
    {
        listen = List.copyOf(listen);
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
    }

    /**
     * PATTERN=URI: PATTERN is a domain ("b.test"), a user prefix ("2*") or "*"; URI is the next hop
     * ("sip:127.0.0.1:5080"), an IP literal and port, never a name to resolve.
     */
    public record Route(String pattern, InetSocketAddress nextHop, String uri)
    {
    }
}
