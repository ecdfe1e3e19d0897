package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * Everything a gateway runs from, already validated (the app's TOML loader names file, line and key for
 * anything wrong). Lines are numbered from 1 as the user sees them; board lines are number - 1.
 *
 * <p>Transports: the gateway listens on every {@link Listener} (UDP, TCP, TLS); {@link #sipListen()} is the
 * primary one's address (the first UDP listener, else the first), the gateway's own address in Via and Contact
 * where no other transport is in play. Each line reaches its registrar and outbound proxy on the transport its
 * {@link Line#transport()} names, which needs a listener of that kind here (TLS: and {@link #tls()}).
 */
public record GatewayConfig(
    InetSocketAddress sipListen,
    String boardUri,
    List<Line> lines,
    Media media,
    Path journalDir,
    Dialing dialing,
    int registerExpiresSeconds,
    Keepalive keepalive,
    List<Listener> listeners,
    TlsConfig tls)
{
    /**
     * listeners null or empty: one UDP listener at sipListen. Otherwise sipListen is taken from them (the primary
     * listener's address) and the one given is ignored. tls may be null unless a listener is TLS.
     */
    public GatewayConfig
    {
        lines = List.copyOf(lines);
        keepalive = keepalive == null ? Keepalive.OFF : keepalive;
        if (listeners == null || listeners.isEmpty())
        {
            if (sipListen == null)
            {
                throw new IllegalArgumentException("a gateway needs a SIP listen address");
            }
            listeners = List.of(Listener.udp(sipListen));
        }
        else
        {
            listeners = List.copyOf(listeners);
            sipListen = primary(listeners).address();
        }
    }

    /** UDP only, at sipListen. */
    public GatewayConfig(
        final InetSocketAddress sipListen,
        final String boardUri,
        final List<Line> lines,
        final Media media,
        final Path journalDir,
        final Dialing dialing,
        final int registerExpiresSeconds,
        final Keepalive keepalive)
    {
        this(sipListen, boardUri, lines, media, journalDir, dialing, registerExpiresSeconds, keepalive, null, null);
    }

    /** As before keepalives existed: none sent, the registrar not pinged ({@link Keepalive#OFF}); UDP only. */
    public GatewayConfig(
        final InetSocketAddress sipListen,
        final String boardUri,
        final List<Line> lines,
        final Media media,
        final Path journalDir,
        final Dialing dialing,
        final int registerExpiresSeconds)
    {
        this(sipListen, boardUri, lines, media, journalDir, dialing, registerExpiresSeconds, Keepalive.OFF);
    }

    /** The listener whose address is the gateway's own: the first UDP one, else the first. */
    public Listener primaryListener()
    {
        return primary(listeners);
    }

    private static Listener primary(final List<Listener> listeners)
    {
        for (final Listener l : listeners)
        {
            if (l.kind() == TransportKind.UDP)
            {
                return l;
            }
        }
        return listeners.get(0);
    }

    /** Where the gateway listens and on which transport (an IP literal; port 0 takes a free port). */
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

        /** "tcp:127.0.0.1:5062", as the configuration writes it. */
        @Override
        public String toString()
        {
            final String ip = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
            return kind.uriParam() + ":" + (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
        }
    }

    /**
     * One FXS line's SIP identity. proxy is the registrar and outbound proxy (an IP literal and port), reached on
     * transport (null: UDP): the line registers, calls and is called over it. acceptCallsFrom (null:
     * {@link CallSources#PROXY}) says who may ring it.
     */
    public record Line(int number, String user, String domain, InetSocketAddress proxy, String password, String displayName,
        TransportKind transport, CallSources acceptCallsFrom)
    {
        public Line
        {
            transport = transport == null ? TransportKind.UDP : transport;
            acceptCallsFrom = acceptCallsFrom == null ? CallSources.PROXY : acceptCallsFrom;
        }

        /** A line that takes new calls only from its proxy ({@link CallSources#PROXY}). */
        public Line(final int number, final String user, final String domain, final InetSocketAddress proxy,
            final String password, final String displayName, final TransportKind transport)
        {
            this(number, user, domain, proxy, password, displayName, transport, CallSources.PROXY);
        }

        /** A line that reaches its proxy over UDP and takes new calls only from it. */
        public Line(final int number, final String user, final String domain, final InetSocketAddress proxy,
            final String password, final String displayName)
        {
            this(number, user, domain, proxy, password, displayName, TransportKind.UDP);
        }

        /** This line with acceptCallsFrom replaced. */
        public Line withAcceptCallsFrom(final CallSources sources)
        {
            return new Line(number, user, domain, proxy, password, displayName, transport, sources);
        }
    }

    /**
     * Whom a line takes new calls (out-of-dialog INVITEs) from. PROXY: only its proxy (the request's source IP is the
     * proxy's, or it came down the line's own TCP/TLS connection to it); anyone else is answered 403, so a scanner
     * that reaches the router's SIP port rings no phone. ANY: from anywhere (calls straight from peers, no proxy).
     */
    public enum CallSources
    {
        PROXY,
        ANY;

        /** "proxy" or "any" as the configuration writes it, else null. */
        public static CallSources fromConfig(final String value)
        {
            return switch (value)
            {
                case "proxy" -> PROXY;
                case "any" -> ANY;
                default -> null;
            };
        }
    }

    /** RTP: the address to bind, the even-port range, the codecs offered in order ("PCMU", "PCMA"). */
    public record Media(String ip, int rtpPortLow, int rtpPortHigh, List<String> codecs)
    {
        public Media
        {
            codecs = List.copyOf(codecs);
        }
    }

    /**
     * What keeps a registered line reachable behind a NAT, in seconds, 0 for off: a CRLF keepalive to the registrar
     * every keepaliveSeconds (holds the NAT's UDP binding open), an OPTIONS ping every registrarPingSeconds (finds a
     * registrar that went away or restarted, so the line re-registers at once when it answers again).
     */
    public record Keepalive(int keepaliveSeconds, int registrarPingSeconds)
    {
        /**
         * 25 s: under the 30 s after which many home NATs forget an idle UDP binding. 60 s: a registrar that went
         * away is noticed within 60 s + 32 s (the ping's timer F) for one small OPTIONS a minute per line.
         */
        public static final Keepalive DEFAULT = new Keepalive(25, 60);
        public static final Keepalive OFF = new Keepalive(0, 0);

        public Keepalive
        {
            if (keepaliveSeconds < 0 || registrarPingSeconds < 0)
            {
                throw new IllegalArgumentException("keepalive intervals must be 0 (off) or positive");
            }
        }
    }

    /** How digits end: '#', the inter-digit timeout, or a digit map match (RFC 3435 style, e.g. "xxx|*xx"). */
    public record Dialing(int interDigitTimeoutMs, String digitMap)
    {
        public static final Dialing DEFAULT = new Dialing(4000, "[1-9]xx|*xx");
    }
}
