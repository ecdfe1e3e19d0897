package io.voxline.app.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.voxline.sip.transport.TransportKind;

/**
 * Parses endpoints written by people: listen addresses ("udp:IP:PORT", "tcp:IP:PORT", "tls:IP:PORT") and next
 * hops ("sip:IP:PORT", "sip:IP:PORT;transport=tcp", "sips:IP:PORT"). IP literals only: names are never resolved.
 */
public final class Endpoints
{
    /** A listen address and the transport served there. */
    public record Listen(TransportKind kind, InetSocketAddress address)
    {
        @Override
        public String toString()
        {
            return kind.uriParam() + ":" + format(address);
        }
    }

    /** A next hop: the address of a sip: or sips: URI and the transport it asks for (RFC 3263 §4.1 for IP literals). */
    public record Hop(TransportKind kind, InetSocketAddress address)
    {
    }

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^:\\[\\]]+)(?::(\\d{1,5}))?");

    private Endpoints()
    {
    }

    /**
     * "udp:127.0.0.1:5060", "tcp:127.0.0.1:5060" or "tls:127.0.0.1:5061" → the transport and the address; without
     * a port, 5060 (5061 for TLS).
     */
    public static Listen listener(final String spec)
    {
        return listener(spec, false);
    }

    /** As {@link #listener(String)}; with portRequired a spec without a port is refused instead of taking the default. */
    public static Listen listener(final String spec, final boolean portRequired)
    {
        final int colon = spec.indexOf(':');
        final TransportKind kind = colon < 0 ? null : TransportKind.fromProtocol(spec.substring(0, colon));
        if (colon < 0)
        {
            throw new IllegalArgumentException("'" + spec + "' is not TRANSPORT:IP:PORT, e.g. udp:127.0.0.1:5060");
        }
        if (kind == null)
        {
            throw new IllegalArgumentException("transport '" + spec.substring(0, colon) + "' is not supported (udp, tcp or tls)");
        }
        return new Listen(kind, hostPort(spec.substring(colon + 1), portRequired ? -1 : kind.defaultPort(), spec));
    }

    /** "udp:127.0.0.1:5060" → the address; UDP only (where an element serves nothing else). */
    public static InetSocketAddress listen(final String spec)
    {
        final int colon = spec.indexOf(':');
        if (colon < 0)
        {
            throw new IllegalArgumentException("'" + spec + "' is not TRANSPORT:IP:PORT, e.g. udp:127.0.0.1:5060");
        }
        final String transport = spec.substring(0, colon);
        if (!transport.equalsIgnoreCase("udp"))
        {
            throw new IllegalArgumentException("transport '" + transport + "' is not supported (udp)");
        }
        return hostPort(spec.substring(colon + 1), -1, spec);
    }

    /**
     * "sip:127.0.0.1:5070", "sip:127.0.0.1:5070;transport=tcp", "sips:127.0.0.1:5071" (a next hop; the user part and
     * other parameters are ignored) → the address and transport: transport=, else TLS for sips:, else UDP; the port
     * 5060 by default, 5061 for TLS. sips: with transport=udp is refused (it could not be secure).
     */
    public static Hop nextHop(final String uri)
    {
        final boolean sips = uri.regionMatches(true, 0, "sips:", 0, 5);
        if (!sips && !uri.regionMatches(true, 0, "sip:", 0, 4))
        {
            throw new IllegalArgumentException("'" + uri + "' is not a sip: or sips: URI, e.g. sip:127.0.0.1:5070");
        }
        String rest = uri.substring(sips ? 5 : 4);
        final int at = rest.indexOf('@');
        if (at >= 0)
        {
            rest = rest.substring(at + 1);
        }
        TransportKind kind = sips ? TransportKind.TLS : TransportKind.UDP;
        final int semi = rest.indexOf(';');
        if (semi >= 0)
        {
            for (final String param : rest.substring(semi + 1).split(";"))
            {
                if (param.regionMatches(true, 0, "transport=", 0, 10))
                {
                    final TransportKind named = TransportKind.fromProtocol(param.substring(10));
                    if (named == null)
                    {
                        throw new IllegalArgumentException("'" + uri + "': transport '" + param.substring(10) +
                            "' is not supported (udp, tcp or tls)");
                    }
                    if (sips && named == TransportKind.UDP)
                    {
                        throw new IllegalArgumentException("'" + uri + "': a sips: URI cannot go over UDP");
                    }
                    kind = sips ? TransportKind.TLS : named;
                }
            }
            rest = rest.substring(0, semi);
        }
        return new Hop(kind, hostPort(rest, kind.defaultPort(), uri));
    }

    /** "sip:127.0.0.1:5070" (a next hop or proxy; user part and parameters are ignored), port 5060 by default. */
    public static InetSocketAddress sipUri(final String uri)
    {
        if (!uri.regionMatches(true, 0, "sip:", 0, 4))
        {
            throw new IllegalArgumentException("'" + uri + "' is not a sip: URI, e.g. sip:127.0.0.1:5070");
        }
        String rest = uri.substring(4);
        final int at = rest.indexOf('@');
        if (at >= 0)
        {
            rest = rest.substring(at + 1);
        }
        final int semi = rest.indexOf(';');
        if (semi >= 0)
        {
            rest = rest.substring(0, semi);
        }
        return hostPort(rest, 5060, uri);
    }

    private static InetSocketAddress hostPort(final String text, final int defaultPort, final String whole)
    {
        final Matcher m = HOST_PORT.matcher(text);
        if (!m.matches())
        {
            throw new IllegalArgumentException("'" + whole + "' has no HOST:PORT");
        }
        final String host = m.group(1);
        final int port;
        if (m.group(2) != null)
        {
            port = Integer.parseInt(m.group(2));
        }
        else if (defaultPort >= 0)
        {
            port = defaultPort;
        }
        else
        {
            throw new IllegalArgumentException("'" + whole + "' has no port");
        }
        if (port > 65535)
        {
            throw new IllegalArgumentException("'" + whole + "': port " + port + " is out of range");
        }
        return new InetSocketAddress(literal(host, whole), port);
    }

    /** An IPv4 or bracketed IPv6 literal, converted without any name lookup. */
    public static InetAddress literal(final String host, final String whole)
    {
        final Matcher v4 = IPV4.matcher(host);
        try
        {
            if (v4.matches())
            {
                final byte[] b = new byte[4];
                for (int i = 0; i < 4; i++)
                {
                    final int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255)
                    {
                        throw new IllegalArgumentException("'" + whole + "': " + host + " is not an IPv4 address");
                    }
                    b[i] = (byte)octet;
                }
                return InetAddress.getByAddress(b);
            }
            if (host.startsWith("[") && host.endsWith("]"))
            {
                // a literal with brackets is parsed, never looked up
                return InetAddress.getByName(host);
            }
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("'" + whole + "': " + host + " is not an IP address");
        }
        throw new IllegalArgumentException("'" + whole + "': '" + host + "' is a name; use an IP literal (names are never resolved)");
    }

    public static String format(final InetSocketAddress address)
    {
        final String ip = address.getAddress().getHostAddress();
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
    }
}
