package io.voxline.sip.auth;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;

/**
 * The client side of digest authentication for one identity (RFC 3261 §22.2–22.3, RFC 7616, RFC 8760): takes the
 * challenges of a 401/407 ({@link #onChallenge}), keeps one per realm and kind (WWW or proxy) — the best algorithm
 * offered: SHA-256, then SHA-512-256, then MD5, the -sess forms after their plain ones — and writes an
 * Authorization or Proxy-Authorization for each kept challenge into every request it is asked to sign
 * ({@link #writeCredentials}, {@link #writeRetry}): qop=auth with a fresh cnonce and an nc that counts up per nonce
 * (or the RFC 2069 form when the challenge had no qop). A kept nonce is reused for later requests (a REGISTER
 * refresh) until a new challenge replaces it, saving a round trip while the server still takes it.
 *
 * <p>How many times to answer is the caller's rule (RFC 3261 §22.2: once; again only for stale=true, see
 * {@link #isStale()}). So is whom to answer: a digest response can be cracked offline, so a caller that may be
 * challenged by a party it does not trust takes challenges only for its own realm and only with qop
 * ({@link #onChallenge(SipMessage, CharSequence, boolean)}). Not for hot paths (it allocates per challenge and per
 * signature); on the owner's thread.
 */
public final class DigestClient
{
    /** Challenges kept at most (one per realm and kind); the oldest goes first. */
    public static final int MAX_KEPT = 4;

    /** One kept challenge: its values copied out of the response, as quoted-string content. */
    private static final class Kept
    {
        boolean proxy;
        DigestAlgorithm algorithm;
        boolean qop;
        final BufferView realm = new BufferView();
        final BufferView nonce = new BufferView();
        BufferView opaque;
        long nc;
    }

    private final String username;
    private final String password;
    private final RandomGenerator random;
    private final DigestChallenge challenge = new DigestChallenge();
    private final DigestChallenge other = new DigestChallenge();
    private final DigestCalculator calculator = new DigestCalculator();
    private final Kept[] kept = new Kept[MAX_KEPT];
    private final byte[] ha1 = new byte[DigestCalculator.MAX_HEX];
    private final byte[] response = new byte[DigestCalculator.MAX_HEX];
    private final StringBuilder nc = new StringBuilder(8);
    private final StringBuilder cnonce = new StringBuilder(32);
    private int keptCount;
    private boolean stale;
    /** While {@link #onChallenge} runs: the only realm taken (null: any), and whether the RFC 2069 form is. */
    private CharSequence onlyRealm;
    private boolean withoutQopTaken = true;
    /** What the last {@link #onChallenge} took: the realm of its first challenge, and whether any lacked qop. */
    private String lastRealm;
    private boolean lastWithoutQop;

    public DigestClient(final String username, final String password)
    {
        this(username, password, new SplittableRandom(new SecureRandom().nextLong()));
    }

    /** With the generator of cnonces (tests seed it). */
    public DigestClient(final String username, final String password, final RandomGenerator random)
    {
        this.username = username;
        this.password = password;
        this.random = random;
    }

    public String username()
    {
        return username;
    }

    /**
     * Takes the usable Digest challenges of a 401/407 (WWW-Authenticate and Proxy-Authenticate alike): per realm
     * and kind the best algorithm we can answer with qop=auth (or without qop). Each replaces the challenge kept
     * for its realm and kind; a new nonce restarts nc. True when at least one was taken.
     */
    public boolean onChallenge(final SipMessage response)
    {
        return onChallenge(response, null, true);
    }

    /**
     * As {@link #onChallenge(SipMessage)}, taking only the challenges whose realm is realm (null: any) and, unless
     * withoutQop, only those with qop (the RFC 2069 form without qop lets whoever chose the nonce precompute its
     * dictionary). A response with nothing else changes nothing that is kept and returns false.
     */
    public boolean onChallenge(final SipMessage response, final CharSequence realm, final boolean withoutQop)
    {
        onlyRealm = realm;
        withoutQopTaken = withoutQop;
        try
        {
            return takeChallenges(response);
        }
        finally
        {
            onlyRealm = null;
            withoutQopTaken = true;
        }
    }

    /** The realm (unescaped) of the first challenge the last {@link #onChallenge} took, or null when it took none. */
    public String lastRealm()
    {
        return lastRealm;
    }

    /** True when the last {@link #onChallenge} took a challenge without qop (the RFC 2069 form). */
    public boolean lastWithoutQop()
    {
        return lastWithoutQop;
    }

    private boolean takeChallenges(final SipMessage response)
    {
        stale = false;
        lastRealm = null;
        lastWithoutQop = false;
        boolean any = false;
        for (int kind = 0; kind < 2; kind++)
        {
            final HeaderName header = kind == 0 ? HeaderName.WWW_AUTHENTICATE : HeaderName.PROXY_AUTHENTICATE;
            for (int i = response.first(header); i >= 0; i = response.next(header, i))
            {
                if (rank(response, i) < 0 || betterLater(response, header, i))
                {
                    continue;
                }
                challenge.parse(response, i);
                keep(kind == 1);
                if (lastRealm == null)
                {
                    lastRealm = Quoted.unescape(challenge.realm().toString());
                }
                lastWithoutQop |= !challenge.hasQop();
                stale |= challenge.isStale();
                any = true;
            }
        }
        return any;
    }

    /** The rank of the challenge at entry i (lower is better), or -1 when we cannot answer it. Parses into challenge. */
    private int rank(final SipMessage response, final int i)
    {
        return rank(challenge, response, i);
    }

    private int rank(final DigestChallenge c, final SipMessage response, final int i)
    {
        if (!c.parse(response, i) || c.algorithm() == null || (c.hasQop() && !c.offersQopAuth()) ||
            (!c.hasQop() && (c.algorithm().isSession() || !withoutQopTaken)) ||
            (onlyRealm != null && !Quoted.equalsUnescaped(c.realm(), onlyRealm)))
        {
            return -1;
        }
        return switch (c.algorithm())
        {
            case SHA_256 -> 0;
            case SHA_256_SESS -> 1;
            case SHA_512_256 -> 2;
            case SHA_512_256_SESS -> 3;
            case MD5 -> 4;
            case MD5_SESS -> 5;
        };
    }

    /**
     * True when another challenge of the same kind and realm in this response ranks better than entry i, or as
     * well and comes first (the server's order breaks ties).
     */
    private boolean betterLater(final SipMessage response, final HeaderName header, final int i)
    {
        final int mine = rank(challenge, response, i);
        for (int j = response.first(header); j >= 0; j = response.next(header, j))
        {
            if (j == i)
            {
                continue;
            }
            final int theirs = rank(other, response, j);
            challenge.parse(response, i);
            if (theirs >= 0 && (theirs < mine || (theirs == mine && j < i)) &&
                Quoted.equalsUnescaped(other.realm(), challenge.realm()))
            {
                return true;
            }
        }
        return false;
    }

    private void keep(final boolean proxy)
    {
        Kept k = null;
        for (int i = 0; i < keptCount; i++)
        {
            if (kept[i].proxy == proxy && Quoted.equalsUnescaped(kept[i].realm, challenge.realm()))
            {
                k = kept[i];
                break;
            }
        }
        if (k == null)
        {
            if (keptCount == MAX_KEPT)
            {
                System.arraycopy(kept, 1, kept, 0, MAX_KEPT - 1);
                keptCount--;
            }
            k = new Kept();
            k.proxy = proxy;
            copy(challenge.realm(), k.realm);
            kept[keptCount++] = k;
        }
        if (!k.nonce.contentEquals(challenge.nonce()))
        {
            copy(challenge.nonce(), k.nonce);
            k.nc = 0;
        }
        k.algorithm = challenge.algorithm();
        k.qop = challenge.hasQop();
        final BufferView opaque = challenge.opaque();
        k.opaque = opaque == null ? null : copy(opaque, new BufferView());
    }

    private static BufferView copy(final BufferView from, final BufferView into)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[Math.max(1, from.length())]);
        from.getBytes(b, 0);
        return into.wrap(b, 0, from.length());
    }

    /** True when the last {@link #onChallenge} took a challenge with stale=true. */
    public boolean isStale()
    {
        return stale;
    }

    /** True when a challenge is kept: requests are signed. */
    public boolean hasChallenge()
    {
        return keptCount > 0;
    }

    /** Forgets every kept challenge. */
    public void forget()
    {
        for (int i = 0; i < keptCount; i++)
        {
            kept[i] = null;
        }
        keptCount = 0;
    }

    /**
     * Writes one Authorization (WWW challenges) or Proxy-Authorization (proxy challenges) per kept challenge for a
     * request with this method and Request-URI, each with the next nc of its nonce and a fresh cnonce. Returns
     * false when the writer failed; writes nothing when nothing is kept.
     */
    public boolean writeCredentials(final SipMessageWriter w, final CharSequence method, final CharSequence uri)
    {
        for (int i = 0; i < keptCount; i++)
        {
            final Kept k = kept[i];
            k.nc = (k.nc + 1) & 0xFFFF_FFFFL;
            nc.setLength(0);
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                nc.append(DigestCalculator.HEX[(int)(k.nc >>> shift) & 0xF]);
            }
            cnonce.setLength(0);
            for (int j = 0; j < 2; j++)
            {
                final long r = random.nextLong();
                for (int shift = 60; shift >= 0; shift -= 4)
                {
                    cnonce.append(DigestCalculator.HEX[(int)(r >>> shift) & 0xF]);
                }
            }
            calculator.ha1(k.algorithm.base(), username, k.realm, password, ha1);
            final int n = calculator.response(k.algorithm, ha1, k.nonce, nc, cnonce, k.qop ? "auth" : null, method, uri,
                response);
            DigestCredentials.write(w, k.proxy ? HeaderName.PROXY_AUTHORIZATION : HeaderName.AUTHORIZATION, username,
                k.realm, k.nonce, uri, new String(response, 0, n, java.nio.charset.StandardCharsets.US_ASCII), k.algorithm,
                k.qop ? cnonce : null, k.nc, k.opaque);
        }
        return !w.hasFailed();
    }

    /**
     * The request original again, signed (RFC 3261 §22.2: CSeq raised, new branch): the same request line, headers
     * and body, with the top Via's branch replaced by branch, CSeq number cseq, the old Authorization and
     * Proxy-Authorization dropped and fresh credentials for every kept challenge added. Returns the message length,
     * or -1 when the writer failed.
     */
    public int writeRetry(final SipMessageWriter w, final SipMessage original, final long cseq, final CharSequence branch)
    {
        final DirectBuffer buf = original.buffer();
        w.requestLine(original.methodName(), original.requestUri());
        final int top = original.first(HeaderName.VIA);
        for (int i = 0; i < original.headerCount(); i++)
        {
            final HeaderName name = original.headerName(i);
            if (i == top)
            {
                final Via via = original.topVia();
                final BufferView oldBranch = via.branch();
                final int start = via.offset();
                final int end = via.offset() + via.length();
                w.startHeader(HeaderName.VIA);
                if (oldBranch == null)
                {
                    w.append(buf, start, end - start).append(";branch=").append(branch);
                }
                else
                {
                    final int b = oldBranch.offset();
                    w.append(buf, start, b - start).append(branch).append(buf, b + oldBranch.length(), end - b - oldBranch.length());
                }
                w.endHeader();
            }
            else if (name == HeaderName.CSEQ)
            {
                w.startHeader(HeaderName.CSEQ).append(cseq).append(' ').append(original.cseqMethodName()).endHeader();
            }
            else if (name != HeaderName.AUTHORIZATION && name != HeaderName.PROXY_AUTHORIZATION &&
                name != HeaderName.CONTENT_LENGTH)
            {
                w.copyEntry(original, i);
            }
        }
        writeCredentials(w, original.methodName(), original.requestUri());
        return original.bodyLength() > 0 ? w.body(null, buf, original.bodyOffset(), original.bodyLength()) : w.endHeaders();
    }
}
