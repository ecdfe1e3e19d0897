package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a gateway runs from, already validated (the app's TOML loader names file, line and key for
 * anything wrong). Lines are numbered from 1 as the user sees them; board lines are number - 1.
 */
public record GatewayConfig(
    InetSocketAddress sipListen,
    String boardUri,
    List<Line> lines,
    Media media,
    Path journalDir,
    Dialing dialing,
    int registerExpiresSeconds,
    Keepalive keepalive)
{
    public GatewayConfig
    {
        lines = List.copyOf(lines);
        keepalive = keepalive == null ? Keepalive.OFF : keepalive;
    }

    /** As before keepalives existed: none sent, the registrar not pinged ({@link Keepalive#OFF}). */
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

    /** One FXS line's SIP identity. proxy is the registrar and outbound proxy (an IP literal and port). */
    public record Line(int number, String user, String domain, InetSocketAddress proxy, String password, String displayName)
    {
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
