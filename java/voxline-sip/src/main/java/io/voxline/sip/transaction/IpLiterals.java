package io.voxline.sip.transaction;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Socket addresses from IP literals only: Voxline never resolves a name. IPv4 is decoded by hand; IPv6 is
 * handed to the JDK in brackets, which makes it a literal or an error, never a DNS query.
 */
public final class IpLiterals
{
    private IpLiterals()
    {
    }

    /** host (dotted quad, or IPv6 with or without brackets) and port; null when host is not an IP literal or port is out of range. */
    public static InetSocketAddress socketAddress(final CharSequence host, final int port)
    {
        final InetAddress address = address(host);
        // port 0 parses but nobody can be reached there
        return address == null || port < 1 || port > 65535 ? null : new InetSocketAddress(address, port);
    }

    /** The address of an IP literal, or null when host is a name or malformed. */
    public static InetAddress address(final CharSequence host)
    {
        if (host == null || host.length() == 0)
        {
            return null;
        }
        final byte[] v4 = ipv4(host);
        if (v4 != null)
        {
            try
            {
                return InetAddress.getByAddress(v4);
            }
            catch (final UnknownHostException ex)
            {
                return null;
            }
        }
        return ipv6(host);
    }

    /** An address as written for a URI or Via host: dotted quad, or IPv6 in brackets (RFC 3261 §25.1). */
    public static String uriHost(final InetAddress address)
    {
        final String text = address.getHostAddress();
        return text.indexOf(':') >= 0 ? "[" + text + "]" : text;
    }

    private static byte[] ipv4(final CharSequence s)
    {
        final byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c >= '0' && c <= '9')
            {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255)
                {
                    return null;
                }
            }
            else if (c == '.' && value >= 0 && part < 3)
            {
                out[part++] = (byte)value;
                value = -1;
            }
            else
            {
                return null;
            }
        }
        if (part != 3 || value < 0)
        {
            return null;
        }
        out[3] = (byte)value;
        return out;
    }

    private static InetAddress ipv6(final CharSequence s)
    {
        int start = 0;
        int end = s.length();
        if (s.charAt(0) == '[')
        {
            if (end < 3 || s.charAt(end - 1) != ']')
            {
                return null;
            }
            start = 1;
            end--;
        }
        boolean colon = false;
        for (int i = start; i < end; i++)
        {
            final char c = s.charAt(i);
            final boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
            if (!ok)
            {
                return null;
            }
            colon |= c == ':';
        }
        if (!colon)
        {
            return null;
        }
        try
        {
            // in brackets the JDK accepts only a literal: a malformed one is an error, not a lookup
            return InetAddress.getByName("[" + s.subSequence(start, end) + "]");
        }
        catch (final UnknownHostException ex)
        {
            return null;
        }
    }
}
