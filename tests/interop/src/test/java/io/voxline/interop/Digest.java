package io.voxline.interop;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Digest credentials computed here, independently of io.voxline.sip.auth, for the peers that cannot compute
 * them (SIPp 3.6.1 has no SHA-256): RFC 7616 §3.4.1 with qop=auth, over a nonce the proxy handed out.
 */
final class Digest
{
    private static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    private Digest()
    {
    }

    /** Hex of the digest ("MD5" or "SHA-256") of text in UTF-8. */
    static String hex(final String algorithm, final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** HA1 = H(user:realm:password), what a users file may keep instead of the password. */
    static String ha1(final String algorithm, final String user, final String realm, final String password)
    {
        return hex(algorithm, user + ":" + realm + ":" + password);
    }

    /** The value of an Authorization / Proxy-Authorization header for method on uri, nonce count 1. */
    static String credentials(final String algorithm, final String ha1, final String user, final String realm,
        final String nonce, final String method, final String uri)
    {
        final String cnonce = Long.toHexString(ThreadLocalRandom.current().nextLong());
        final String nc = "00000001";
        final String ha2 = hex(algorithm, method + ":" + uri);
        final String response = hex(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri +
            "\", response=\"" + response + "\", algorithm=" + algorithm + ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
    }

    /** A fresh nonce from the proxy: the one in the 401 to a REGISTER for domain (the proxy keeps no nonce table). */
    static String nonce(final int proxyPort, final String domain) throws IOException
    {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Ports.HOST, 0)))
        {
            s.setSoTimeout(1_000);
            final String callId = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@" + Ports.HOST;
            final String register = "REGISTER sip:" + domain + " SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP " + Ports.HOST + ":" + s.getLocalPort() + ";branch=z9hG4bK" + callId.hashCode() + ";rport\r\n" +
                "From: <sip:nonce@" + domain + ">;tag=n1\r\n" +
                "To: <sip:nonce@" + domain + ">\r\n" +
                "Call-ID: " + callId + "\r\n" +
                "CSeq: 1 REGISTER\r\n" +
                "Max-Forwards: 70\r\n" +
                "Content-Length: 0\r\n\r\n";
            final byte[] out = register.getBytes(StandardCharsets.US_ASCII);
            final byte[] in = new byte[8192];
            for (int attempt = 0; attempt < 5; attempt++)
            {
                s.send(new DatagramPacket(out, out.length, new InetSocketAddress(Ports.HOST, proxyPort)));
                try
                {
                    final DatagramPacket p = new DatagramPacket(in, in.length);
                    s.receive(p);
                    final String answer = new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                    final Matcher m = NONCE.matcher(answer);
                    if (answer.startsWith("SIP/2.0 401") && m.find())
                    {
                        return m.group(1);
                    }
                    throw new IllegalStateException("the proxy answered a REGISTER without a challenge:\n" + answer);
                }
                catch (final SocketTimeoutException again)
                {
                    // lost or not up yet: send again
                }
            }
            throw new IOException("no 401 from the proxy on " + Ports.HOST + ":" + proxyPort);
        }
    }
}
