package io.voxline.sip.message;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Makes Via branches, tags and Call-IDs (RFC 3261 §8.1.1.4, §8.1.1.7, §19.3): random, so globally
 * unique without coordination. One instance per owning thread (it is not thread-safe); each call
 * allocates one String, which is fine once per transaction or dialog. Tests inject a seeded generator.
 */
public final class SipIds
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final RandomGenerator random;

    /** Seeded once from SecureRandom; the stream itself is a fast non-blocking generator. */
    public SipIds()
    {
        this(new SplittableRandom(new SecureRandom().nextLong()));
    }

    public SipIds(final RandomGenerator random)
    {
        this.random = random;
    }

    /** "z9hG4bK" followed by 64 random bits in hex. */
    public String newBranch()
    {
        final StringBuilder sb = new StringBuilder(Via.MAGIC_COOKIE.length() + 16).append(Via.MAGIC_COOKIE);
        appendHex(sb, random.nextLong(), 16);
        return sb.toString();
    }

    /** A tag of 48 random bits in hex (RFC 3261 asks for at least 32). */
    public String newTag()
    {
        final StringBuilder sb = new StringBuilder(12);
        appendHex(sb, random.nextLong(), 12);
        return sb.toString();
    }

    /** 96 random bits in hex, then "@host" when host is given (an IP literal, not a secret). */
    public String newCallId(final CharSequence host)
    {
        final StringBuilder sb = new StringBuilder(48);
        appendHex(sb, random.nextLong(), 16);
        appendHex(sb, random.nextLong(), 8);
        if (host != null && host.length() > 0)
        {
            sb.append('@').append(host);
        }
        return sb.toString();
    }

    private static void appendHex(final StringBuilder sb, final long v, final int digits)
    {
        for (int i = digits - 1; i >= 0; i--)
        {
            sb.append(HEX[(int)(v >>> (i * 4)) & 0xF]);
        }
    }
}
