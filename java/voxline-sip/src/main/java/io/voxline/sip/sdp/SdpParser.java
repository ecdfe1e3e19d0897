package io.voxline.sip.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.DirectBuffer;

/**
 * Parses an SDP body (RFC 4566). Strict where Voxline depends on it — v=0 first, a well-formed o=, c= and
 * m= lines, rtpmap and fmtp — and lenient elsewhere: LF line ends, missing s= or t=, and i=, u=, e=, p=,
 * b=, r=, z=, k= lines (skipped). Never throws: a malformed body gives a {@link Result} with an error.
 */
public final class SdpParser
{
    public static final String CONTENT_TYPE = "application/sdp";
    static final int MAX_LINES = 2000;
    static final int MAX_MEDIA = 32;

    /** The description, or null and why not. */
    public record Result(SessionDescription description, String error)
    {
        public boolean ok()
        {
            return description != null;
        }
    }

    private SdpParser()
    {
    }

    /** Parses [offset, offset+length) of buffer (e.g. a SIP body: msg.buffer(), msg.bodyOffset(), msg.bodyLength()). */
    public static Result parse(final DirectBuffer buffer, final int offset, final int length)
    {
        if (buffer == null || offset < 0 || length < 0 || offset > buffer.capacity() - length)
        {
            return fail("Bad buffer range");
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return parse(bytes);
    }

    public static Result parse(final byte[] bytes)
    {
        return bytes == null ? fail("No SDP") : parse(new String(bytes, StandardCharsets.UTF_8));
    }

    public static Result parse(final String text)
    {
        try
        {
            return parseText(text);
        }
        catch (final RuntimeException ex)
        {
            // a bug here must not take the reactor down: report it as a malformed body
            return fail("Unparseable SDP: " + ex.getClass().getSimpleName());
        }
    }

    private static Result parseText(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return fail("Empty SDP");
        }
        final String[] lines = text.split("\n", MAX_LINES + 2);
        if (lines.length > MAX_LINES)
        {
            return fail("Too many SDP lines");
        }
        final Session s = new Session();
        MediaBuilder m = null;
        boolean first = true;
        for (final String raw : lines)
        {
            final String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (line.isEmpty())
            {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z')
            {
                return fail("Malformed SDP line");
            }
            final char type = line.charAt(0);
            final String value = line.substring(2);
            if (first)
            {
                if (type != 'v' || !"0".equals(value.trim()))
                {
                    return fail("SDP must start with v=0");
                }
                first = false;
                continue;
            }
            switch (type)
            {
                case 'v':
                    return fail("Repeated v= line");
                case 'o':
                    if (s.originUser != null || !s.origin(value))
                    {
                        return fail("Malformed o= line");
                    }
                    break;
                case 's':
                    s.sessionName = value.isEmpty() ? "-" : value;
                    break;
                case 'c':
                {
                    final String address = connectionAddress(value);
                    if (address == null)
                    {
                        return fail("Malformed c= line");
                    }
                    if (m != null)
                    {
                        m.connection = address;
                    }
                    else
                    {
                        s.connection = address;
                    }
                    break;
                }
                case 't':
                    if (s.timing == null)
                    {
                        s.timing = value.trim();
                    }
                    break;
                case 'm':
                    if (m != null)
                    {
                        s.media.add(m.build());
                    }
                    if (s.media.size() == MAX_MEDIA)
                    {
                        return fail("Too many m= lines");
                    }
                    m = MediaBuilder.parse(value);
                    if (m == null)
                    {
                        return fail("Malformed m= line");
                    }
                    break;
                case 'a':
                {
                    final String error = m != null ? m.attribute(value) : s.attribute(value);
                    if (error != null)
                    {
                        return fail(error);
                    }
                    break;
                }
                default:
                    // i=, u=, e=, p=, b=, r=, z=, k= and unknown types: not needed for voice
                    break;
            }
        }
        if (first)
        {
            return fail("Empty SDP");
        }
        if (s.originUser == null)
        {
            return fail("Missing o= line");
        }
        if (m != null)
        {
            s.media.add(m.build());
        }
        return new Result(new SessionDescription(s.originUser, s.sessionId, s.sessionVersion, s.originAddress,
            s.sessionName == null ? "-" : s.sessionName, s.connection, s.timing == null ? "0 0" : s.timing, s.direction,
            s.attributes, s.media), null);
    }

    private static Result fail(final String error)
    {
        return new Result(null, error);
    }

    /** "IN IP4 192.0.2.1[/ttl]" → the address, or null. */
    private static String connectionAddress(final String value)
    {
        final String[] f = value.trim().split(" +");
        if (f.length != 3 || !"IN".equals(f[0]) || !("IP4".equals(f[1]) || "IP6".equals(f[1])))
        {
            return null;
        }
        final int slash = f[2].indexOf('/');
        final String address = slash >= 0 ? f[2].substring(0, slash) : f[2];
        // visible characters only: a CR before "/ttl" would otherwise be kept (and lost by encode + parse)
        return address.isEmpty() || address.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7F) ? null : address;
    }

    private static final class Session
    {
        String originUser;
        String sessionId;
        String sessionVersion;
        String originAddress;
        String sessionName;
        String connection;
        String timing;
        MediaDirection direction;
        final List<String> attributes = new ArrayList<>();
        final List<MediaDescription> media = new ArrayList<>();

        boolean origin(final String value)
        {
            final String[] f = value.trim().split(" +");
            if (f.length != 6 || !"IN".equals(f[3]) || !("IP4".equals(f[4]) || "IP6".equals(f[4])))
            {
                return false;
            }
            originUser = f[0];
            sessionId = f[1];
            sessionVersion = f[2];
            originAddress = f[5];
            return true;
        }

        String attribute(final String value)
        {
            final MediaDirection d = MediaDirection.fromAttribute(value.trim());
            if (d != null)
            {
                direction = d;
            }
            else
            {
                attributes.add(value);
            }
            return null;
        }
    }

    private static final class MediaBuilder
    {
        String media;
        int port;
        int portCount;
        String proto;
        List<String> formats;
        String connection;
        final Map<Integer, RtpMap> rtpMaps = new LinkedHashMap<>();
        final Map<Integer, String> fmtps = new LinkedHashMap<>();
        int ptime = -1;
        MediaDirection direction;
        final List<String> attributes = new ArrayList<>();

        /** "audio 49170[/2] RTP/AVP 0 8 101" → a builder, or null. */
        static MediaBuilder parse(final String value)
        {
            final String[] f = value.trim().split(" +");
            if (f.length < 4 || f[0].isEmpty())
            {
                return null;
            }
            final MediaBuilder b = new MediaBuilder();
            b.media = f[0];
            final int slash = f[1].indexOf('/');
            b.port = Sdp.parseInt(slash >= 0 ? f[1].substring(0, slash) : f[1], 65535);
            b.portCount = slash >= 0 ? Sdp.parseInt(f[1].substring(slash + 1), 65535) : 1;
            if (b.port < 0 || b.portCount < 1)
            {
                return null;
            }
            b.proto = f[2];
            b.formats = new ArrayList<>(List.of(f).subList(3, f.length));
            return b;
        }

        String attribute(final String value)
        {
            final int colon = value.indexOf(':');
            final String name = colon < 0 ? value.trim() : value.substring(0, colon);
            final String arg = colon < 0 ? "" : value.substring(colon + 1);
            switch (name)
            {
                case "rtpmap":
                {
                    final RtpMap map = RtpMap.parse(arg.trim());
                    if (map == null)
                    {
                        return "Malformed a=rtpmap";
                    }
                    rtpMaps.put(map.payloadType(), map);
                    return null;
                }
                case "fmtp":
                {
                    final String a = arg.trim();
                    final int sp = a.indexOf(' ');
                    final int pt = Sdp.parseInt(sp < 0 ? a : a.substring(0, sp), 127);
                    if (pt < 0)
                    {
                        return "Malformed a=fmtp";
                    }
                    fmtps.put(pt, sp < 0 ? "" : a.substring(sp + 1).trim());
                    return null;
                }
                case "ptime":
                {
                    final int p = Sdp.parseInt(arg.trim(), 1000);
                    if (p > 0)
                    {
                        ptime = p;
                    }
                    else
                    {
                        attributes.add(value);
                    }
                    return null;
                }
                default:
                {
                    final MediaDirection d = colon < 0 ? MediaDirection.fromAttribute(name) : null;
                    if (d != null)
                    {
                        direction = d;
                    }
                    else
                    {
                        attributes.add(value);
                    }
                    return null;
                }
            }
        }

        MediaDescription build()
        {
            return new MediaDescription(media, port, portCount, proto, formats, connection, rtpMaps, fmtps, ptime,
                direction, attributes);
        }
    }
}
