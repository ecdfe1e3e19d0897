package io.voxline.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;

/**
 * The digest arithmetic of RFC 7616 §3.4.1–3.4.3 (and RFC 2617 §3.2.2), in lower-case hex:
 * <pre>
 *   HA1      = H(username ":" realm ":" password)                 ({@link #ha1}; what a users file may store)
 *   HA1-sess = H(HA1 ":" nonce ":" cnonce)                        (for the -sess algorithms)
 *   HA2      = H(method ":" uri)                                  (qop=auth, or no qop)
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)  (with qop; RFC 2069: H(HA1 ":" nonce ":" HA2))
 * </pre>
 * Text arguments follow the package rule: a {@link BufferView} is quoted-string content and is unescaped; any
 * other CharSequence is hashed as UTF-8. One instance per thread (it owns its MessageDigests and scratch); the
 * byte-array methods allocate nothing.
 */
public final class DigestCalculator
{
    static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The longest hex hash (SHA-256, SHA-512/256). */
    public static final int MAX_HEX = 64;

    private final MessageDigest md5;
    private final MessageDigest sha256;
    private final MessageDigest sha512256;
    private final byte[] chunk = new byte[256];
    private final byte[] raw = new byte[64];
    private final byte[] ha1Sess = new byte[MAX_HEX];
    private final byte[] ha2 = new byte[MAX_HEX];
    private int fill;

    public DigestCalculator()
    {
        try
        {
            md5 = MessageDigest.getInstance("MD5");
            sha256 = MessageDigest.getInstance("SHA-256");
            sha512256 = MessageDigest.getInstance("SHA-512/256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            // every Java SE runtime must provide these
            throw new IllegalStateException(ex);
        }
    }

    /** HA1 = H(username:realm:password) as hex into out[0, hexLength); returns the hex length. For -sess, the base HA1. */
    public int ha1(
        final DigestAlgorithm algorithm,
        final CharSequence username,
        final CharSequence realm,
        final CharSequence password,
        final byte[] out)
    {
        final MessageDigest md = digest(algorithm);
        md.reset();
        fill = 0;
        feed(md, username);
        feedByte(md, ':');
        feed(md, realm);
        feedByte(md, ':');
        feed(md, password);
        return finish(md, out);
    }

    /**
     * The response into out[0, hexLength), given HA1 (the base one, bytes [0, hexLength) of ha1) — the -sess step
     * is done here. qop null is the RFC 2069 form (nc and cnonce ignored, except that -sess still uses cnonce).
     * Returns the hex length.
     */
    public int response(
        final DigestAlgorithm algorithm,
        final byte[] ha1,
        final CharSequence nonce,
        final CharSequence nc,
        final CharSequence cnonce,
        final CharSequence qop,
        final CharSequence method,
        final CharSequence uri,
        final byte[] out)
    {
        final MessageDigest md = digest(algorithm);
        final int hex = algorithm.hexLength();
        byte[] key = ha1;
        if (algorithm.isSession())
        {
            md.reset();
            fill = 0;
            feed(md, ha1, hex);
            feedByte(md, ':');
            feed(md, nonce);
            feedByte(md, ':');
            feed(md, cnonce);
            finish(md, ha1Sess);
            key = ha1Sess;
        }
        md.reset();
        fill = 0;
        feed(md, method);
        feedByte(md, ':');
        feed(md, uri);
        finish(md, ha2);

        md.reset();
        fill = 0;
        feed(md, key, hex);
        feedByte(md, ':');
        feed(md, nonce);
        feedByte(md, ':');
        if (qop != null)
        {
            feed(md, nc);
            feedByte(md, ':');
            feed(md, cnonce);
            feedByte(md, ':');
            feed(md, qop);
            feedByte(md, ':');
        }
        feed(md, ha2, hex);
        return finish(md, out);
    }

    /** The whole response from a password, as a String (allocates): for clients and tests. */
    public String responseHex(
        final DigestAlgorithm algorithm,
        final CharSequence username,
        final CharSequence realm,
        final CharSequence password,
        final CharSequence nonce,
        final CharSequence nc,
        final CharSequence cnonce,
        final CharSequence qop,
        final CharSequence method,
        final CharSequence uri)
    {
        final byte[] h1 = new byte[MAX_HEX];
        ha1(algorithm, username, realm, password, h1);
        final byte[] out = new byte[MAX_HEX];
        final int n = response(algorithm, h1, nonce, nc, cnonce, qop, method, uri, out);
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    /** HA1 of plain text (allocates): what a users file stores as {@code USER:md5:HEX} or {@code USER:sha256:HEX}. */
    public static String ha1Hex(final DigestAlgorithm algorithm, final String username, final String realm, final String password)
    {
        final byte[] out = new byte[MAX_HEX];
        final int n = new DigestCalculator().ha1(algorithm, username, realm, password, out);
        return new String(out, 0, n, StandardCharsets.US_ASCII);
    }

    private MessageDigest digest(final DigestAlgorithm algorithm)
    {
        return switch (algorithm.base())
        {
            case MD5 -> md5;
            case SHA_256 -> sha256;
            default -> sha512256;
        };
    }

    private int finish(final MessageDigest md, final byte[] out)
    {
        flush(md);
        final int n = md.getDigestLength();
        try
        {
            md.digest(raw, 0, n);
        }
        catch (final DigestException ex)
        {
            // raw holds 64 bytes, more than any of our digests
            throw new IllegalStateException(ex);
        }
        for (int i = 0; i < n; i++)
        {
            out[2 * i] = (byte)HEX[(raw[i] >> 4) & 0xF];
            out[2 * i + 1] = (byte)HEX[raw[i] & 0xF];
        }
        return 2 * n;
    }

    private void feed(final MessageDigest md, final byte[] bytes, final int len)
    {
        for (int i = 0; i < len; i++)
        {
            feedByte(md, bytes[i]);
        }
    }

    private void feed(final MessageDigest md, final CharSequence s)
    {
        if (s == null)
        {
            return;
        }
        if (s instanceof BufferView v)
        {
            final DirectBuffer buf = v.buffer();
            final int end = v.offset() + v.length();
            for (int p = v.offset(); p < end; p++)
            {
                byte b = buf.getByte(p);
                if (b == '\\' && p + 1 < end)
                {
                    b = buf.getByte(++p);
                }
                feedByte(md, b);
            }
            return;
        }
        final int n = s.length();
        for (int k = 0; k < n; k++)
        {
            final char c = s.charAt(k);
            if (c < 0x80)
            {
                feedByte(md, c);
            }
            else if (c < 0x800)
            {
                feedByte(md, 0xC0 | (c >> 6));
                feedByte(md, 0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(s.charAt(k + 1)))
            {
                final int cp = Character.toCodePoint(c, s.charAt(++k));
                feedByte(md, 0xF0 | (cp >> 18));
                feedByte(md, 0x80 | ((cp >> 12) & 0x3F));
                feedByte(md, 0x80 | ((cp >> 6) & 0x3F));
                feedByte(md, 0x80 | (cp & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                feedByte(md, '?');
            }
            else
            {
                feedByte(md, 0xE0 | (c >> 12));
                feedByte(md, 0x80 | ((c >> 6) & 0x3F));
                feedByte(md, 0x80 | (c & 0x3F));
            }
        }
    }

    private void feedByte(final MessageDigest md, final int b)
    {
        if (fill == chunk.length)
        {
            flush(md);
        }
        chunk[fill++] = (byte)b;
    }

    private void flush(final MessageDigest md)
    {
        if (fill > 0)
        {
            md.update(chunk, 0, fill);
            fill = 0;
        }
    }
}
