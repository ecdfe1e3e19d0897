package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.voxline.sip.auth.CredentialStore;
import io.voxline.sip.transport.StreamConfig;
import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * A proxy/registrar: where it listens (UDP, TCP, TLS: one transport per listener, its index its place in the
 * list), the domains it is responsible for, its route table (first match wins), whether it Record-Routes, how
 * much traffic it takes from one source, whom it serves (auth null: anyone, an open proxy for a lab or a closed
 * LAN), the TLS identity and trust (needed when a listener is TLS) and the limits of TCP/TLS connections. With
 * no domains it serves requests addressed to its own listen addresses only.
 */
public record ProxyConfig(
    List<Listener> listeners, List<String> domains, List<Route> routes, boolean recordRoute, Limits limits, Auth auth,
    TlsConfig tls, StreamConfig stream)
{
    public ProxyConfig
    {
        listeners = List.copyOf(listeners);
        domains = List.copyOf(domains);
        routes = List.copyOf(routes);
        if (limits == null)
        {
            limits = Limits.DEFAULT;
        }
        if (stream == null)
        {
            stream = StreamConfig.DEFAULTS;
        }
        for (final Listener l : listeners)
        {
            if (l.kind() == TransportKind.TLS && tls == null)
            {
                throw new IllegalArgumentException("a TLS listener (" + l + ") needs a keystore (TlsConfig)");
            }
        }
    }

    /** UDP listeners, open (no auth), with these limits and auth. */
    public ProxyConfig(
        final List<InetSocketAddress> listen, final List<String> domains, final List<Route> routes, final boolean recordRoute,
        final Limits limits, final Auth auth)
    {
        this(Listener.udp(listen), domains, routes, recordRoute, limits, auth, null, null);
    }

    /** UDP listeners, open (no auth), with the default per-source limits ({@link Limits#DEFAULT}). */
    public ProxyConfig(final List<InetSocketAddress> listen, final List<String> domains, final List<Route> routes, final boolean recordRoute)
    {
        this(listen, domains, routes, recordRoute, Limits.DEFAULT, null);
    }

    /** UDP listeners, open (no auth), with these limits. */
    public ProxyConfig(
        final List<InetSocketAddress> listen, final List<String> domains, final List<Route> routes, final boolean recordRoute,
        final Limits limits)
    {
        this(listen, domains, routes, recordRoute, limits, null);
    }

    /** The listen addresses, in order (whatever their transports). */
    public List<InetSocketAddress> listen()
    {
        final List<InetSocketAddress> addresses = new ArrayList<>(listeners.size());
        for (final Listener l : listeners)
        {
            addresses.add(l.address());
        }
        return addresses;
    }

    /** The same proxy listening here instead. */
    public ProxyConfig withListeners(final List<Listener> other)
    {
        return new ProxyConfig(other, domains, routes, recordRoute, limits, auth, tls, stream);
    }

    /** The same proxy with this TLS identity and trust (null: none, then no listener may be TLS). */
    public ProxyConfig withTls(final TlsConfig other)
    {
        return new ProxyConfig(listeners, domains, routes, recordRoute, limits, auth, other, stream);
    }

    /** The same proxy with these TCP/TLS connection limits (null: {@link StreamConfig#DEFAULTS}). */
    public ProxyConfig withStream(final StreamConfig other)
    {
        return new ProxyConfig(listeners, domains, routes, recordRoute, limits, auth, tls, other);
    }

    /** The same proxy with other limits. */
    public ProxyConfig withLimits(final Limits other)
    {
        return new ProxyConfig(listeners, domains, routes, recordRoute, other, auth, tls, stream);
    }

    /** The same proxy serving only the users given (null: open). */
    public ProxyConfig withAuth(final Auth other)
    {
        return new ProxyConfig(listeners, domains, routes, recordRoute, limits, other, tls, stream);
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
        return io.voxline.sip.transaction.IpLiterals.uriHost(listeners.get(0).address().getAddress());
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

    /** One listen address and the transport served there ("tcp:127.0.0.1:5060"). */
    public record Listener(TransportKind kind, InetSocketAddress address)
    {
        public Listener
        {
            if (kind == null || address == null)
            {
                throw new IllegalArgumentException("a listener needs a transport and an address");
            }
        }

        public static Listener udp(final InetSocketAddress address)
        {
            return new Listener(TransportKind.UDP, address);
        }

        public static Listener tcp(final InetSocketAddress address)
        {
            return new Listener(TransportKind.TCP, address);
        }

        public static Listener tls(final InetSocketAddress address)
        {
            return new Listener(TransportKind.TLS, address);
        }

        static List<Listener> udp(final List<InetSocketAddress> addresses)
        {
            final List<Listener> list = new ArrayList<>(addresses.size());
            for (final InetSocketAddress a : addresses)
            {
                list.add(udp(a));
            }
            return list;
        }

        @Override
        public String toString()
        {
            final String ip = address.getAddress().getHostAddress();
            return kind.uriParam() + ":" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
        }
    }

    /**
     * PATTERN=URI: PATTERN is a domain ("b.test"), a user prefix ("2*") or "*"; URI is the next hop
     * ("sip:127.0.0.1:5080"; "sip:…;transport=tcp" or "sips:…" to reach it over TCP or TLS), an IP literal and
     * port, never a name to resolve; nextHop is its address (the port defaulting to 5061 for TLS).
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
