package io.voxline.sip.auth;

import java.security.SecureRandom;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * The server side of digest authentication for one realm at a time (RFC 3261 §22.1–22.3, RFC 8760): reads the
 * Authorization (registrar/UAS, 401) or Proxy-Authorization (proxy, 407) credentials of a request for the given
 * realm and says
 * <ul>
 *   <li>{@link Verdict#OK}: the response is right for a known user, the nonce is ours, alive, and its nc is new;</li>
 *   <li>{@link Verdict#CHALLENGE}: no usable credentials for this realm (none, malformed, an algorithm or qop we
 *       did not offer) — or, with {@link #stale()} true, right credentials on a nonce that expired, is not ours
 *       (e.g. from before a restart) or whose nc was already used: answer 401/407 with
 *       {@link #writeChallenges};</li>
 *   <li>{@link Verdict#FORBIDDEN}: credentials for this realm whose response is wrong — a wrong password and an
 *       unknown user alike — or whose uri is not the Request-URI: answer 403 (or challenge again).</li>
 * </ul>
 * An unknown user is checked against a random secret with the same hashing as a real one, and responses are
 * compared in constant time, so from outside an unknown user and a wrong password differ in nothing: same
 * verdict, same challenge, similar time. Only a right response can earn stale=true.
 *
 * <p>Challenges offer SHA-256 first, then MD5 (RFC 8760 §2.4), both qop="auth", one fresh nonce. Never call this
 * for ACK or CANCEL (they cannot be challenged, RFC 3261 §22.1). One instance per reactor thread; after warm-up
 * {@link #verify} allocates nothing.
 */
public final class DigestVerifier
{
    public enum Verdict
    {
        OK,
        CHALLENGE,
        FORBIDDEN
    }

    static final String NO_CREDENTIALS = "no credentials for the realm";
    static final String MALFORMED = "malformed credentials";
    static final String NOT_OFFERED = "algorithm or qop not offered";
    static final String WRONG = "credentials do not match";
    static final String URI_MISMATCH = "uri is not the Request-URI";
    static final String STALE_NONCE = "right credentials on a stale, foreign or replayed nonce";
    static final String AUTHENTICATED = "authenticated";

    private final CredentialStore users;
    private final NonceManager nonces;
    private final DigestCredentials credentials = new DigestCredentials();
    private final DigestCalculator calculator = new DigestCalculator();
    private final String dummySecret;
    private final byte[] name = new byte[512];
    private final byte[] ha1 = new byte[DigestCalculator.MAX_HEX];
    private final byte[] expected = new byte[DigestCalculator.MAX_HEX];
    private final BufferView user = new BufferView();
    private final StringBuilder nonce = new StringBuilder(NonceManager.NONCE_LENGTH);
    private boolean stale;
    private boolean hasUser;
    private int entry = -1;
    private String reason = NO_CREDENTIALS;

    public DigestVerifier(final CredentialStore users, final NonceManager nonces)
    {
        this.users = users;
        this.nonces = nonces;
        final byte[] r = new byte[24];
        new SecureRandom().nextBytes(r);
        final StringBuilder sb = new StringBuilder();
        for (final byte b : r)
        {
            sb.append(DigestCalculator.HEX[(b >> 4) & 0xF]).append(DigestCalculator.HEX[b & 0xF]);
        }
        this.dummySecret = sb.toString();
    }

    /** 407 for a proxy, 401 for a registrar or UAS. */
    public static int challengeStatus(final boolean proxy)
    {
        return proxy ? 407 : 401;
    }

    /**
     * Verifies request's credentials for realm (plain text: the proxy's domain); proxy selects Proxy-Authorization
     * over Authorization. The details stay readable until the next call: {@link #stale()}, {@link #username()},
     * {@link #credentialsEntry()}, {@link #reason()}.
     */
    public Verdict verify(final SipMessage request, final CharSequence realm, final boolean proxy)
    {
        stale = false;
        hasUser = false;
        entry = -1;
        final HeaderName header = proxy ? HeaderName.PROXY_AUTHORIZATION : HeaderName.AUTHORIZATION;
        boolean malformed = false;
        for (int i = request.first(header); i >= 0; i = request.next(header, i))
        {
            if (!credentials.parse(request, i))
            {
                malformed = true;
                continue;
            }
            if (Quoted.equalsUnescaped(credentials.realm(), realm))
            {
                entry = i;
                break;
            }
        }
        if (entry < 0)
        {
            return verdict(Verdict.CHALLENGE, malformed ? MALFORMED : NO_CREDENTIALS);
        }
        final DigestCredentials c = credentials;
        user.wrap(c.username().buffer(), c.username().offset(), c.username().length());
        hasUser = true;
        final DigestAlgorithm algorithm = c.algorithm();
        final BufferView qop = c.qop();
        if (algorithm == null || (algorithm.base() != DigestAlgorithm.MD5 && algorithm.base() != DigestAlgorithm.SHA_256) ||
            qop == null || !qop.equalsIgnoreCase("auth") || c.isUserhash() || c.isExtendedUsername())
        {
            return verdict(Verdict.CHALLENGE, NOT_OFFERED);
        }
        final BufferView response = c.response();
        if (response.length() != algorithm.hexLength())
        {
            return verdict(Verdict.FORBIDDEN, WRONG);
        }
        if (!sameUri(c.uri(), request.requestUri()))
        {
            return verdict(Verdict.FORBIDDEN, URI_MISMATCH);
        }

        // the same work for every name: one HA1 from a password (the user's, or a random one nobody knows)
        final int nameLength = Quoted.unescape(user.buffer(), user.offset(), user.length(), name);
        final CredentialStore.Entry found = nameLength < 0 ? null : users.find(name, nameLength);
        final String secret = found != null && found.password != null ? found.password : dummySecret;
        calculator.ha1(algorithm.base(), user, realm, secret, ha1);
        final byte[] stored = found == null ? null : found.storedHa1(algorithm);
        final byte[] key = stored != null ? stored : ha1;
        final int n = calculator.response(algorithm, key, c.nonce(), c.ncText(), c.cnonce(), qop, request.methodName(), c.uri(),
            expected);
        final boolean right = constantTimeEquals(expected, n, response) &
            (found != null && (found.password != null || stored != null));
        if (!right)
        {
            return verdict(Verdict.FORBIDDEN, WRONG);
        }
        if (nonces.use(c.nonce(), realm, c.nc()) != NonceManager.Check.VALID)
        {
            stale = true;
            return verdict(Verdict.CHALLENGE, STALE_NONCE);
        }
        return verdict(Verdict.OK, AUTHENTICATED);
    }

    private Verdict verdict(final Verdict v, final String why)
    {
        reason = why;
        return v;
    }

    /** Lower-case hex expected[0, n) against the received response, any case, in time independent of where they differ. */
    private static boolean constantTimeEquals(final byte[] expected, final int n, final BufferView received)
    {
        int diff = received.length() ^ n;
        final int len = Math.min(n, received.length());
        for (int i = 0; i < len; i++)
        {
            diff |= expected[i] ^ SipChars.toLower(received.byteAt(i));
        }
        return diff == 0;
    }

    /** The uri the credentials were computed over is the Request-URI (exactly, or but for case). */
    private static boolean sameUri(final BufferView digestUri, final BufferView requestUri)
    {
        return Quoted.equalsUnescaped(digestUri, requestUri) ||
            SipChars.equalsIgnoreCase(digestUri.buffer(), digestUri.offset(), digestUri.length(), requestUri);
    }

    /** With CHALLENGE: true when the credentials were right but the nonce was not (answer with stale=true). */
    public boolean stale()
    {
        return stale;
    }

    /**
     * The user name the credentials claimed (quoted-string content, a view into the request), or null when none
     * was read. With OK it is the authenticated user; valid until the next verify and while the request's buffer is.
     */
    public BufferView username()
    {
        return hasUser ? user : null;
    }

    /** The header entry of the credentials used, -1 when none: a proxy drops its own credentials when forwarding. */
    public int credentialsEntry()
    {
        return entry;
    }

    /** Why the last verdict (a constant, for logs; never sent: it would tell an unknown user from a known one). */
    public String reason()
    {
        return reason;
    }

    /**
     * Writes the challenge headers of a 401 (WWW-Authenticate) or, for a proxy, 407 (Proxy-Authenticate): SHA-256
     * first, then MD5, both qop="auth", with one fresh nonce for realm, and stale=true when asked. Returns false
     * when the writer failed.
     */
    public boolean writeChallenges(final SipMessageWriter w, final CharSequence realm, final boolean proxy, final boolean stale)
    {
        final HeaderName header = proxy ? HeaderName.PROXY_AUTHENTICATE : HeaderName.WWW_AUTHENTICATE;
        nonce.setLength(0);
        nonces.newNonce(realm, nonce);
        DigestChallenge.write(w, header, realm, nonce, DigestAlgorithm.SHA_256, stale, null);
        DigestChallenge.write(w, header, realm, nonce, DigestAlgorithm.MD5, stale, null);
        return !w.hasFailed();
    }
}
