package io.voxline.sip.auth;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.SipChars;

/**
 * The digest algorithms (RFC 7616 §3.3, RFC 8760 for SIP): the hash, its hex length, and whether HA1 is the
 * session form H(H(user:realm:password):nonce:cnonce). A challenge or credentials without {@code algorithm}
 * mean MD5. Names compare without case.
 */
public enum DigestAlgorithm
{
    MD5("MD5", "MD5", false, 32),
    MD5_SESS("MD5-sess", "MD5", true, 32),
    SHA_256("SHA-256", "SHA-256", false, 64),
    SHA_256_SESS("SHA-256-sess", "SHA-256", true, 64),
    SHA_512_256("SHA-512-256", "SHA-512/256", false, 64),
    SHA_512_256_SESS("SHA-512-256-sess", "SHA-512/256", true, 64);

    private static final DigestAlgorithm[] ALL = values();

    private final String token;
    private final String jcaName;
    private final boolean session;
    private final int hexLength;

    DigestAlgorithm(final String token, final String jcaName, final boolean session, final int hexLength)
    {
        this.token = token;
        this.jcaName = jcaName;
        this.session = session;
        this.hexLength = hexLength;
    }

    /** The name as written in the algorithm parameter, e.g. "SHA-256-sess". */
    public String token()
    {
        return token;
    }

    /** The JCA MessageDigest name of the hash. */
    public String jcaName()
    {
        return jcaName;
    }

    /** True for the -sess forms. */
    public boolean isSession()
    {
        return session;
    }

    /** Hex digits of a hash: 32 for MD5, 64 for the others. */
    public int hexLength()
    {
        return hexLength;
    }

    /** The same hash without -sess (whose HA1 a stored hash is). */
    public DigestAlgorithm base()
    {
        return switch (this)
        {
            case MD5_SESS -> MD5;
            case SHA_256_SESS -> SHA_256;
            case SHA_512_256_SESS -> SHA_512_256;
            default -> this;
        };
    }

    /** The algorithm named by [off, off+len), any case; null when unknown. */
    public static DigestAlgorithm lookup(final DirectBuffer buf, final int off, final int len)
    {
        for (final DigestAlgorithm a : ALL)
        {
            if (SipChars.equalsIgnoreCase(buf, off, len, a.token))
            {
                return a;
            }
        }
        return null;
    }

    /** The algorithm named s, any case; null when unknown. */
    public static DigestAlgorithm lookup(final CharSequence s)
    {
        for (final DigestAlgorithm a : ALL)
        {
            if (a.token.length() == s.length())
            {
                int i = 0;
                while (i < s.length() && SipChars.toLower(a.token.charAt(i)) == SipChars.toLower(s.charAt(i)))
                {
                    i++;
                }
                if (i == s.length())
                {
                    return a;
                }
            }
        }
        return null;
    }
}
