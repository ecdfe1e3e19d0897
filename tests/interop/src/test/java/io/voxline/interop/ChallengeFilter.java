package io.voxline.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP hop between one MD5-only client (SIPp 3.6.1, svcrack) and the proxy: everything passes unchanged, except
 * that the SHA-256 challenge of a 401/407 is dropped, so the client sees the proxy's MD5 challenge (same nonce)
 * alone — what an MD5-only client does with the list anyway (RFC 8760 §2.4: use the first one it supports), but
 * these tools instead give up on the first challenge. The client must put rport in its Via (RFC 3581) so the
 * proxy answers this hop; requests the proxy sends on its own go to the client's Contact, not through here.
 *
 * <p>It counts what it passed on: responses by status, and how many challenge lists offered SHA-256 before MD5.
 */
final class ChallengeFilter implements AutoCloseable
{
    private final DatagramSocket socket;
    private final InetSocketAddress proxy;
    private final Thread thread;
    private final Map<Integer, AtomicInteger> responses = new ConcurrentHashMap<>();
    private final AtomicInteger sha256First = new AtomicInteger();
    private final AtomicInteger challenges = new AtomicInteger();
    private volatile InetSocketAddress client;

    private ChallengeFilter(final int proxyPort) throws SocketException
    {
        socket = new DatagramSocket(new InetSocketAddress(Ports.HOST, 0));
        proxy = new InetSocketAddress(Ports.HOST, proxyPort);
        thread = new Thread(this::relay, "challenge-filter-" + socket.getLocalPort());
        thread.setDaemon(true);
    }

    /** A filter in front of the proxy listening on 127.0.0.1:proxyPort (UDP). */
    static ChallengeFilter start(final int proxyPort) throws SocketException
    {
        final ChallengeFilter f = new ChallengeFilter(proxyPort);
        f.thread.start();
        return f;
    }

    /** Where the client sends its requests. */
    int port()
    {
        return socket.getLocalPort();
    }

    /** Responses with this status passed to the client. */
    int responses(final int status)
    {
        final AtomicInteger n = responses.get(status);
        return n == null ? 0 : n.get();
    }

    /** 401/407 responses whose challenge list offered SHA-256 and then MD5. */
    int sha256FirstChallenges()
    {
        return sha256First.get();
    }

    /** 401/407 responses seen. */
    int challenges()
    {
        return challenges.get();
    }

    private void relay()
    {
        final byte[] buffer = new byte[65_535];
        final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed())
        {
            try
            {
                packet.setLength(buffer.length);
                socket.receive(packet);
                final InetSocketAddress from = (InetSocketAddress)packet.getSocketAddress();
                if (from.equals(proxy))
                {
                    final InetSocketAddress to = client;
                    if (to != null)
                    {
                        final byte[] out = fromProxy(new String(buffer, 0, packet.getLength(), StandardCharsets.ISO_8859_1));
                        socket.send(new DatagramPacket(out, out.length, to));
                    }
                }
                else
                {
                    client = from;
                    socket.send(new DatagramPacket(buffer, packet.getLength(), proxy));
                }
            }
            catch (final IOException ex)
            {
                if (socket.isClosed())
                {
                    return;
                }
            }
        }
    }

    /** The datagram for the client: a 401/407 without its SHA-256 challenge lines, anything else as it came. */
    private byte[] fromProxy(final String message)
    {
        if (!message.startsWith("SIP/2.0 "))
        {
            return message.getBytes(StandardCharsets.ISO_8859_1);
        }
        final int status = parseStatus(message);
        responses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status != 401 && status != 407)
        {
            return message.getBytes(StandardCharsets.ISO_8859_1);
        }
        challenges.incrementAndGet();
        final int end = message.indexOf("\r\n\r\n");
        final String head = end < 0 ? message : message.substring(0, end);
        final String rest = end < 0 ? "" : message.substring(end);
        final List<String> algorithms = new ArrayList<>();
        final StringBuilder kept = new StringBuilder(message.length());
        for (final String line : head.split("\r\n", -1))
        {
            final String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("www-authenticate:") || lower.startsWith("proxy-authenticate:"))
            {
                final String algorithm = lower.contains("algorithm=sha-256") || lower.contains("algorithm=\"sha-256\"") ? "SHA-256" :
                    lower.contains("algorithm=md5") || lower.contains("algorithm=\"md5\"") ? "MD5" : "other";
                algorithms.add(algorithm);
                if (algorithm.equals("SHA-256"))
                {
                    continue;
                }
            }
            if (kept.length() > 0)
            {
                kept.append("\r\n");
            }
            kept.append(line);
        }
        if (algorithms.size() >= 2 && algorithms.get(0).equals("SHA-256") && algorithms.contains("MD5"))
        {
            sha256First.incrementAndGet();
        }
        return kept.append(rest).toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int parseStatus(final String message)
    {
        try
        {
            return Integer.parseInt(message.substring(8, 11));
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        socket.close();
        thread.join(5_000);
    }
}
