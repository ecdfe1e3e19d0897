package io.voxline.sip.transport;

import io.voxline.sip.message.SipUri;
import io.voxline.sip.message.Via;

/**
 * The transports Voxline speaks, and how routing picks one: from a URI (RFC 3263 §4.1 without DNS, since every
 * host is an IP literal: the transport parameter, else TLS for sips: and UDP for sip:) and from a Via's
 * sent-protocol (where a response goes back, RFC 3261 §18.2.2). Ports default to 5060, and to 5061 for TLS.
 */
public enum TransportKind
{
    UDP("UDP", 5060, false),
    TCP("TCP", 5060, true),
    TLS("TLS", 5061, true);

    private final String protocol;
    private final int defaultPort;
    private final boolean reliable;

    TransportKind(final String protocol, final int defaultPort, final boolean reliable)
    {
        this.protocol = protocol;
        this.defaultPort = defaultPort;
        this.reliable = reliable;
    }

    /** As written in Via and in {@link SipTransport#protocol()}: "UDP", "TCP", "TLS". */
    public String protocol()
    {
        return protocol;
    }

    /** The lower-case value of a URI's transport parameter: "udp", "tcp", "tls". */
    public String uriParam()
    {
        return switch (this)
        {
            case UDP -> "udp";
            case TCP -> "tcp";
            case TLS -> "tls";
        };
    }

    public int defaultPort()
    {
        return defaultPort;
    }

    /** Reliable transports: no retransmissions (timers A, E, G off), Content-Length framing. */
    public boolean isReliable()
    {
        return reliable;
    }

    public boolean isSecure()
    {
        return this == TLS;
    }

    /** "udp", "TCP", "Tls"…: the kind, or null for a protocol Voxline does not speak (SCTP, WS, …) or null. */
    public static TransportKind fromProtocol(final CharSequence name)
    {
        if (name == null)
        {
            return null;
        }
        for (final TransportKind k : values())
        {
            if (equalsIgnoreCase(name, k.protocol))
            {
                return k;
            }
        }
        return null;
    }

    /** The transport of an element's transport (by its {@link SipTransport#protocol()}). */
    public static TransportKind of(final SipTransport transport)
    {
        return transport == null ? null : fromProtocol(transport.protocol());
    }

    /** The Via's sent-protocol transport ("SIP/2.0/TCP"); null when the Via is invalid or names another one. */
    public static TransportKind fromVia(final Via via)
    {
        return via == null || !via.isValid() ? null : fromProtocol(via.transport());
    }

    /**
     * The transport a request to uri goes on: its transport parameter, else TLS for sips: and UDP for sip:
     * (RFC 3263 §4.1 for an IP literal target). A sips: URI goes on TLS whatever it says, except that
     * transport=udp cannot be secure (RFC 3261 §26.2.2): null then, as for a transport Voxline does not speak
     * and for URIs that are not sip: or sips:.
     */
    public static TransportKind forUri(final SipUri uri)
    {
        if (uri == null || !uri.isValid())
        {
            return null;
        }
        final SipUri.Scheme scheme = uri.scheme();
        if (scheme != SipUri.Scheme.SIP && scheme != SipUri.Scheme.SIPS)
        {
            return null;
        }
        final CharSequence param = uri.transport();
        final TransportKind named = param == null ? null : fromProtocol(param);
        if (param != null && named == null)
        {
            return null;
        }
        if (scheme == SipUri.Scheme.SIPS)
        {
            return named == UDP ? null : TLS;
        }
        return named == null ? UDP : named;
    }

    /** The port of uri for kind: the explicit one, else the kind's default (5061 for TLS, 5060 otherwise). */
    public static int portFor(final SipUri uri, final TransportKind kind)
    {
        final int port = uri == null ? -1 : uri.port();
        return port > 0 ? port : kind.defaultPort;
    }

    private static boolean equalsIgnoreCase(final CharSequence a, final String b)
    {
        if (a.length() != b.length())
        {
            return false;
        }
        for (int i = 0; i < b.length(); i++)
        {
            if (Character.toUpperCase(a.charAt(i)) != b.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
