package io.voxline.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.voxline.sip.message.SipUri;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transport.TransportKind;

/**
 * This proxy's own addresses (the bound listen addresses), as written in URIs and Via: how it recognises a
 * Route, a Request-URI or a Via that names itself. Hosts compare as text (IP literals, no DNS), ports with
 * the URI's default when absent (5061 for TLS, else 5060). Any transport's listener counts: UDP and TCP
 * usually share one port.
 */
final class OwnAddresses
{
    private final String[] hosts;
    private final int[] ports;
    private final String[] hostPorts;
    private final InetAddress[] addresses;

    OwnAddresses(final List<InetSocketAddress> bound)
    {
        final int n = bound.size();
        hosts = new String[n];
        ports = new int[n];
        hostPorts = new String[n];
        addresses = new InetAddress[n];
        for (int i = 0; i < n; i++)
        {
            addresses[i] = bound.get(i).getAddress();
            hosts[i] = IpLiterals.uriHost(bound.get(i).getAddress());
            ports[i] = bound.get(i).getPort();
            hostPorts[i] = TransactionLayer.hostPort(bound.get(i));
        }
    }

    int size()
    {
        return hosts.length;
    }

    /** The host of listen address i as written in URIs. */
    String host(final int i)
    {
        return hosts[i];
    }

    int port(final int i)
    {
        return ports[i];
    }

    /** "host:port" of listen address i. */
    String hostPort(final int i)
    {
        return hostPorts[i];
    }

    List<String> hosts()
    {
        final List<String> list = new ArrayList<>(hosts.length);
        for (final String h : hosts)
        {
            if (!list.contains(h))
            {
                list.add(h);
            }
        }
        return list;
    }

    /** True when uri is a SIP URI naming one of our listen addresses. */
    boolean isOurs(final SipUri uri)
    {
        if (uri == null || !uri.isValid() || (uri.scheme() != SipUri.Scheme.SIP && uri.scheme() != SipUri.Scheme.SIPS) ||
            uri.hostType() == null || uri.hostType() == HostType.NAME)
        {
            return false;
        }
        // the default port by the URI's transport: 5061 for sips: and transport=tls
        final TransportKind kind = TransportKind.forUri(uri);
        return matches(uri.host(), TransportKind.portFor(uri, kind == null ? TransportKind.UDP : kind));
    }

    /** True when the Via's sent-by names one of our listen addresses. */
    boolean isOurs(final Via via)
    {
        return via.isValid() && via.hostType() != HostType.NAME && matches(via.host(), via.portOrDefault());
    }

    /** True when host (an IP literal as written) is one of our listen hosts, whatever the port. */
    boolean isOurHost(final CharSequence host)
    {
        for (int i = 0; i < hosts.length; i++)
        {
            if (equalsIgnoreCase(host, hosts[i]))
            {
                return true;
            }
        }
        return false;
    }

    private boolean matches(final BufferView host, final int port)
    {
        boolean portMatches = false;
        for (int i = 0; i < hosts.length; i++)
        {
            if (ports[i] == port)
            {
                if (host.equalsIgnoreCase(hosts[i]))
                {
                    return true;
                }
                portMatches = true;
            }
        }
        // IPv6 has many spellings of one address ([::1], [0:0::1]): compare those by value (RFC 3261 19.1.4)
        if (portMatches && host.length() > 0 && host.charAt(0) == '[')
        {
            final InetAddress ip = IpLiterals.address(host);
            for (int i = 0; ip != null && i < addresses.length; i++)
            {
                if (ports[i] == port && ip.equals(addresses[i]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean equalsIgnoreCase(final CharSequence a, final String b)
    {
        if (a instanceof BufferView v)
        {
            return v.equalsIgnoreCase(b);
        }
        return b.equalsIgnoreCase(a.toString());
    }
}
