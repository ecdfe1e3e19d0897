package io.voxline.sip.message;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over one Via value (RFC 3261 §20.42, RFC 3581 rport):
 * {@code SIP/2.0/UDP host[:port];branch=z9hG4bK…;received=…;rport[=port];maddr=…;ttl=…}.
 * No allocation; views reused per accessor; absent views are null, absent numbers -1.
 *
 * <p>Checked as RFC 3261 §25.1 via-parm: sent-protocol tokens (LWS allowed around '/'), LWS, a sent-by host
 * (hostname, IPv4, IPv6 reference) and port, generic parameters, and the known ones by their own rules:
 * branch a token, ttl 0–255, maddr a host, received an IPv4 or IPv6 address (bracketed or not, RFC 5118 §4.5)
 * or — leniently, as some servers write it — a host name, which routing ignores; rport a flag or a port.
 */
public final class Via
{
    /** The magic cookie that marks an RFC 3261 branch (§8.1.1.7). */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final ParamList params = new ParamList();
    private final BufferView textView = new BufferView();
    private final BufferView protocolNameView = new BufferView();
    private final BufferView protocolVersionView = new BufferView();
    private final BufferView transportView = new BufferView();
    private final BufferView hostView = new BufferView();
    private final BufferView branchView = new BufferView();
    private final BufferView receivedView = new BufferView();
    private final BufferView maddrView = new BufferView();
    private final BufferView paramView = new BufferView();

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean valid;
    private int nameOffset;
    private int nameLength;
    private int versionOffset;
    private int versionLength;
    private int transportOffset;
    private int transportLength;
    private int hostOffset;
    private int hostLength;
    private HostType hostType;
    private int port;
    private int branchIndex;
    private int receivedIndex;
    private int rportIndex;
    private int maddrIndex;

    /** Parses entry i of a message (e.g. {@code msg.first(HeaderName.VIA)}); false when i is out of range. */
    public boolean parse(final SipMessage msg, final int i)
    {
        if (i < 0 || i >= msg.headerCount())
        {
            reset();
            return false;
        }
        return parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i));
    }

    /** Parses one via-parm in [off, off+len); false when it is malformed. */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        reset();
        if (buf == null || off < 0 || len <= 0 || off > buf.capacity() - len)
        {
            return false;
        }
        buffer = buf;
        final int end = SipChars.trimLwsEnd(buf, off, off + len);
        int p = SipChars.skipLws(buf, off, end);
        offset = p;
        length = end - p;

        nameOffset = p;
        p = SipChars.scanToken(buf, p, end);
        nameLength = p - nameOffset;
        p = expectSlash(buf, p, end);
        if (nameLength == 0 || p < 0)
        {
            return false;
        }
        versionOffset = p;
        p = SipChars.scanToken(buf, p, end);
        versionLength = p - versionOffset;
        p = expectSlash(buf, p, end);
        if (versionLength == 0 || p < 0)
        {
            return false;
        }
        transportOffset = p;
        p = SipChars.scanToken(buf, p, end);
        transportLength = p - transportOffset;
        final int hostStart = SipChars.skipLws(buf, p, end);
        if (transportLength == 0 || hostStart == p)
        {
            return false;
        }
        final int hostEnd = SipChars.scanHost(buf, hostStart, end);
        if (hostEnd < 0)
        {
            return false;
        }
        hostOffset = hostStart;
        hostLength = hostEnd - hostStart;
        hostType = SipChars.hostType(buf, hostOffset, hostLength);
        p = SipChars.skipLws(buf, hostEnd, end);
        if (p < end && buf.getByte(p) == ':')
        {
            // LWS around the ':' is allowed by the grammar (COLON = SWS ":" SWS)
            final int ds = SipChars.skipLws(buf, p + 1, end);
            final int de = SipChars.scanDigits(buf, ds, end);
            final long v = SipChars.parseDigits(buf, ds, de, 65535);
            if (v < 0)
            {
                return false;
            }
            port = (int)v;
            p = de;
        }
        if (!params.parse(buf, p, end))
        {
            return false;
        }
        branchIndex = params.indexOf("branch");
        receivedIndex = params.indexOf("received");
        rportIndex = params.indexOf("rport");
        maddrIndex = params.indexOf("maddr");
        if (branchIndex >= 0 && !tokenValue(branchIndex))
        {
            return false;
        }
        if (rportIndex >= 0 && params.valueLength(rportIndex) >= 0 && rport() < 0)
        {
            return false;
        }
        final int ttl = params.indexOf("ttl");
        if (ttl >= 0 && (params.valueLength(ttl) < 1 || params.valueLength(ttl) > 3 || ttl() < 0))
        {
            return false;
        }
        if (maddrIndex >= 0 && (params.valueLength(maddrIndex) < 1 ||
            SipChars.scanHost(buf, params.valueOffset(maddrIndex), params.valueOffset(maddrIndex) + params.valueLength(maddrIndex)) !=
            params.valueOffset(maddrIndex) + params.valueLength(maddrIndex)))
        {
            return false;
        }
        if (receivedIndex >= 0 && !isAddress(buf, params.valueOffset(receivedIndex), params.valueLength(receivedIndex)))
        {
            return false;
        }
        valid = true;
        return true;
    }

    private boolean tokenValue(final int i)
    {
        final int off = params.valueOffset(i);
        return params.valueLength(i) > 0 && SipChars.isToken(buffer, off, off + params.valueLength(i));
    }

    /** received = IPv4address / IPv6address (RFC 3261), an IPv6 reference (RFC 5118 §4.5), or a name (lenient). */
    private static boolean isAddress(final DirectBuffer buf, final int off, final int len)
    {
        if (len <= 0)
        {
            return false;
        }
        if (buf.getByte(off) == '[')
        {
            return len > 2 && buf.getByte(off + len - 1) == ']' && SipChars.isIpv6Address(buf, off + 1, len - 2);
        }
        return SipChars.isIpv6Address(buf, off, len) || SipChars.scanHost(buf, off, off + len) == off + len;
    }

    private static int expectSlash(final DirectBuffer buf, final int pos, final int end)
    {
        final int p = SipChars.skipLws(buf, pos, end);
        if (p >= end || buf.getByte(p) != '/')
        {
            return -1;
        }
        return SipChars.skipLws(buf, p + 1, end);
    }

    /** Forgets the last parse (isValid() becomes false). */
    void clear()
    {
        reset();
    }

    private void reset()
    {
        buffer = null;
        offset = 0;
        length = 0;
        valid = false;
        nameLength = 0;
        versionLength = 0;
        transportLength = 0;
        hostLength = 0;
        hostType = null;
        port = -1;
        branchIndex = -1;
        receivedIndex = -1;
        rportIndex = -1;
        maddrIndex = -1;
        params.reset();
    }

    public boolean isValid()
    {
        return valid;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int length()
    {
        return length;
    }

    /** The whole via-parm as parsed. */
    public BufferView text()
    {
        return textView.wrap(buffer, offset, length);
    }

    /** "SIP". */
    public BufferView protocolName()
    {
        return protocolNameView.wrap(buffer, nameOffset, nameLength);
    }

    /** "2.0". */
    public BufferView protocolVersion()
    {
        return protocolVersionView.wrap(buffer, versionOffset, versionLength);
    }

    /** "UDP", "TCP", "TLS", … as written. */
    public BufferView transport()
    {
        return transportView.wrap(buffer, transportOffset, transportLength);
    }

    /** The sent-by host as written (an IPv6 reference keeps its brackets). */
    public BufferView host()
    {
        return hostView.wrap(buffer, hostOffset, hostLength);
    }

    public int hostOffset()
    {
        return hostOffset;
    }

    public int hostLength()
    {
        return hostLength;
    }

    public HostType hostType()
    {
        return hostType;
    }

    /** The sent-by port, or -1 when absent. */
    public int port()
    {
        return port;
    }

    /** The sent-by port, else 5061 for TLS and 5060 otherwise (RFC 3261 §18.2.2). */
    public int portOrDefault()
    {
        if (port >= 0)
        {
            return port;
        }
        return SipChars.equalsIgnoreCase(buffer, transportOffset, transportLength, "TLS") ? 5061 : 5060;
    }

    /** The branch parameter, or null. */
    public BufferView branch()
    {
        return branchIndex < 0 ? null : params.value(branchIndex, branchView);
    }

    /** True when the branch starts with the magic cookie z9hG4bK (case-sensitive, RFC 3261 §8.1.1.7). */
    public boolean isRfc3261Branch()
    {
        if (branchIndex < 0 || params.valueLength(branchIndex) < MAGIC_COOKIE.length())
        {
            return false;
        }
        return SipChars.equals(buffer, params.valueOffset(branchIndex), MAGIC_COOKIE.length(), MAGIC_COOKIE);
    }

    /** The received parameter, or null. */
    public BufferView received()
    {
        return receivedIndex < 0 ? null : params.value(receivedIndex, receivedView);
    }

    /** The received address without IPv6 brackets, into a view of the caller's; null when absent. */
    public BufferView receivedAddress(final BufferView into)
    {
        if (receivedIndex < 0)
        {
            return null;
        }
        final int off = params.valueOffset(receivedIndex);
        final int len = params.valueLength(receivedIndex);
        return buffer.getByte(off) == '[' ? into.wrap(buffer, off + 1, len - 2) : into.wrap(buffer, off, len);
    }

    /** True when rport is present, with or without a value. */
    public boolean hasRport()
    {
        return rportIndex >= 0;
    }

    /** The rport value, or -1 when absent or a bare flag (a request asking for it). */
    public int rport()
    {
        if (rportIndex < 0 || params.valueLength(rportIndex) < 0)
        {
            return -1;
        }
        final int off = params.valueOffset(rportIndex);
        return (int)SipChars.parseDigits(buffer, off, off + params.valueLength(rportIndex), 65535);
    }

    /** Index of the rport parameter in {@link #params()}, or -1 (for writers that fill it in). */
    public int rportParamIndex()
    {
        return rportIndex;
    }

    /** The maddr parameter, or null. */
    public BufferView maddr()
    {
        return maddrIndex < 0 ? null : params.value(maddrIndex, maddrView);
    }

    /** The ttl parameter, or -1. */
    public int ttl()
    {
        return (int)params.getLong("ttl", 255);
    }

    /** All parameters, in order. */
    public ParamList params()
    {
        return params;
    }

    /** The value of parameter name; null when absent or a flag. */
    public BufferView param(final CharSequence name)
    {
        final int i = params.indexOf(name);
        return i < 0 ? null : params.value(i, paramView);
    }

    @Override
    public String toString()
    {
        return valid ? text().toString() : "<invalid via>";
    }
}
