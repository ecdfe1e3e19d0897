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
    int registerExpiresSeconds)
{
    public GatewayConfig
    {
        lines = List.copyOf(lines);
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

    /** How digits end: '#', the inter-digit timeout, or a digit map match (RFC 3435 style, e.g. "xxx|*xx"). */
    public record Dialing(int interDigitTimeoutMs, String digitMap)
    {
        public static final Dialing DEFAULT = new Dialing(4000, "[1-9]xx|*xx");
    }
}
