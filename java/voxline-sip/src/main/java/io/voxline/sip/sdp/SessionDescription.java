package io.voxline.sip.sdp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A parsed or built SDP body (RFC 4566). Session-level connection address and direction are null when
 * absent; {@link #addressOf} and {@link #directionOf} apply the session's defaults to a media section.
 * {@link #encode()} writes the lines in RFC 4566 order with CRLF, so parse(encode(d)) equals d.
 */
public record SessionDescription(
    String originUser,
    String sessionId,
    String sessionVersion,
    String originAddress,
    String sessionName,
    String connectionAddress,
    String timing,
    MediaDirection direction,
    List<String> attributes,
    List<MediaDescription> media)
{
    public SessionDescription
    {
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** The address RTP for section m goes to: its own c=, else the session's; null when neither. */
    public String addressOf(final MediaDescription m)
    {
        return m.connectionAddress() != null ? m.connectionAddress() : connectionAddress;
    }

    /** The direction of section m: its own, else the session's, else sendrecv. */
    public MediaDirection directionOf(final MediaDescription m)
    {
        if (m.direction() != null)
        {
            return m.direction();
        }
        return direction != null ? direction : MediaDirection.SENDRECV;
    }

    /** The SDP text, lines ending in CRLF. */
    public String encode()
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("v=0\r\n");
        sb.append("o=").append(originUser).append(' ').append(sessionId).append(' ').append(sessionVersion)
            .append(" IN ").append(Sdp.addressType(originAddress)).append(' ').append(originAddress).append("\r\n");
        sb.append("s=").append(sessionName.isEmpty() ? "-" : sessionName).append("\r\n");
        if (connectionAddress != null)
        {
            connection(sb, connectionAddress);
        }
        sb.append("t=").append(timing).append("\r\n");
        for (final String a : attributes)
        {
            sb.append("a=").append(a).append("\r\n");
        }
        if (direction != null)
        {
            sb.append("a=").append(direction.attribute()).append("\r\n");
        }
        for (final MediaDescription m : media)
        {
            sb.append("m=").append(m.media()).append(' ').append(m.port());
            if (m.portCount() > 1)
            {
                sb.append('/').append(m.portCount());
            }
            sb.append(' ').append(m.proto());
            for (final String f : m.formats())
            {
                sb.append(' ').append(f);
            }
            sb.append("\r\n");
            if (m.connectionAddress() != null)
            {
                connection(sb, m.connectionAddress());
            }
            for (final Map.Entry<Integer, RtpMap> e : m.rtpMaps().entrySet())
            {
                sb.append("a=rtpmap:").append(e.getKey()).append(' ').append(e.getValue().value()).append("\r\n");
            }
            for (final Map.Entry<Integer, String> e : m.fmtps().entrySet())
            {
                sb.append("a=fmtp:").append(e.getKey()).append(' ').append(e.getValue()).append("\r\n");
            }
            if (m.ptime() > 0)
            {
                sb.append("a=ptime:").append(m.ptime()).append("\r\n");
            }
            for (final String a : m.attributes())
            {
                sb.append("a=").append(a).append("\r\n");
            }
            if (m.direction() != null)
            {
                sb.append("a=").append(m.direction().attribute()).append("\r\n");
            }
        }
        return sb.toString();
    }

    /** {@link #encode()} as UTF-8 bytes, for a SIP body. */
    public byte[] toBytes()
    {
        return encode().getBytes(StandardCharsets.UTF_8);
    }

    private static void connection(final StringBuilder sb, final String address)
    {
        sb.append("c=IN ").append(Sdp.addressType(address)).append(' ').append(address).append("\r\n");
    }

    @Override
    public String toString()
    {
        return encode();
    }
}
