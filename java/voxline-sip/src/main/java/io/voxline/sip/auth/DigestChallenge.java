package io.voxline.sip.auth;

import org.agrona.DirectBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over one Digest challenge, the value of a WWW-Authenticate or Proxy-Authenticate header
 * (RFC 3261 §20.44/§20.28, RFC 7616 §3.3): realm, nonce, opaque, domain, algorithm, qop options, stale,
 * userhash. Quoted values are views of the content between the quotes, escapes included. {@link #parse} records
 * offsets only and returns false, with a reason, on a malformed value or when realm or nonce is missing; an
 * unknown algorithm parses (its {@link #algorithm()} is null) so a client can pass over it to the next challenge.
 */
public final class DigestChallenge
{
    public static final String MISSING_REALM = "Challenge without realm";
    public static final String MISSING_NONCE = "Challenge without nonce";

    private final AuthParams params = new AuthParams();
    private final BufferView realm = new BufferView();
    private final BufferView nonce = new BufferView();
    private final BufferView opaque = new BufferView();
    private final BufferView domain = new BufferView();
    private final BufferView algorithmName = new BufferView();
    private String error = AuthParams.NOT_DIGEST;
    private int realmIndex;
    private int nonceIndex;
    private int opaqueIndex;
    private int domainIndex;
    private int algorithmIndex;
    private DigestAlgorithm algorithm;
    private boolean hasQop;
    private boolean qopAuth;
    private boolean qopAuthInt;
    private boolean stale;
    private boolean userhash;

    /** Parses entry i of msg (a WWW-Authenticate or Proxy-Authenticate); false when out of range or malformed. */
    public boolean parse(final SipMessage msg, final int i)
    {
        if (i < 0 || i >= msg.headerCount())
        {
            error = AuthParams.NOT_DIGEST;
            return false;
        }
        return parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i));
    }

    /** Parses a challenge in [off, off+len). */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        realmIndex = -1;
        nonceIndex = -1;
        algorithm = null;
        hasQop = false;
        qopAuth = false;
        qopAuthInt = false;
        stale = false;
        userhash = false;
        error = params.parse(buf, off, len);
        if (error != null)
        {
            return false;
        }
        realmIndex = params.indexOf("realm");
        nonceIndex = params.indexOf("nonce");
        opaqueIndex = params.indexOf("opaque");
        domainIndex = params.indexOf("domain");
        algorithmIndex = params.indexOf("algorithm");
        if (realmIndex < 0)
        {
            return fail(MISSING_REALM);
        }
        if (nonceIndex < 0)
        {
            return fail(MISSING_NONCE);
        }
        algorithm = algorithmIndex < 0 ? DigestAlgorithm.MD5 :
            DigestAlgorithm.lookup(buf, params.valueOffset(algorithmIndex), params.valueLength(algorithmIndex));
        final int qop = params.indexOf("qop");
        if (qop >= 0)
        {
            hasQop = true;
            readQopOptions(buf, params.valueOffset(qop), params.valueOffset(qop) + params.valueLength(qop));
        }
        stale = isTrue(params.indexOf("stale"));
        userhash = isTrue(params.indexOf("userhash"));
        return true;
    }

    private void readQopOptions(final DirectBuffer buf, final int start, final int end)
    {
        int p = start;
        while (p < end)
        {
            p = SipChars.skipLws(buf, p, end);
            final int t = SipChars.scanToken(buf, p, end);
            if (SipChars.equalsIgnoreCase(buf, p, t - p, "auth"))
            {
                qopAuth = true;
            }
            else if (SipChars.equalsIgnoreCase(buf, p, t - p, "auth-int"))
            {
                qopAuthInt = true;
            }
            p = SipChars.skipLws(buf, t, end);
            // skip to past the next comma (and over anything that is not a token)
            while (p < end && buf.getByte(p) != ',')
            {
                p++;
            }
            p++;
        }
    }

    private boolean isTrue(final int i)
    {
        return i >= 0 && SipChars.equalsIgnoreCase(params.buffer(), params.valueOffset(i), params.valueLength(i), "true");
    }

    private boolean fail(final String why)
    {
        error = why;
        return false;
    }

    /** Null after a successful parse, else why it failed (a constant). */
    public String error()
    {
        return error;
    }

    public BufferView realm()
    {
        return params.value(realmIndex, realm);
    }

    public BufferView nonce()
    {
        return params.value(nonceIndex, nonce);
    }

    /** Null when absent. */
    public BufferView opaque()
    {
        return params.value(opaqueIndex, opaque);
    }

    /** Null when absent. */
    public BufferView domain()
    {
        return params.value(domainIndex, domain);
    }

    /** MD5 when absent; null when the challenge names an algorithm we do not know. */
    public DigestAlgorithm algorithm()
    {
        return algorithm;
    }

    /** The algorithm as written, or null when absent. */
    public BufferView algorithmName()
    {
        return params.value(algorithmIndex, algorithmName);
    }

    /** True when the challenge has a qop parameter (RFC 2617); false for an RFC 2069 challenge. */
    public boolean hasQop()
    {
        return hasQop;
    }

    public boolean offersQopAuth()
    {
        return qopAuth;
    }

    public boolean offersQopAuthInt()
    {
        return qopAuthInt;
    }

    /** stale=true: the previous credentials were right but their nonce was not accepted any more. */
    public boolean isStale()
    {
        return stale;
    }

    /** userhash=true (RFC 7616 §3.4.4). */
    public boolean isUserhash()
    {
        return userhash;
    }

    // ------------------------------------------------------------------------------------------ writing

    /**
     * Writes one challenge header: {@code Digest realm="R", nonce="N", algorithm=A, qop="auth"[, opaque="O"]
     * [, stale=true]} under name (WWW_AUTHENTICATE or PROXY_AUTHENTICATE). opaque null writes none. Returns
     * false when the writer failed.
     */
    public static boolean write(
        final SipMessageWriter w,
        final HeaderName name,
        final CharSequence realm,
        final CharSequence nonce,
        final DigestAlgorithm algorithm,
        final boolean stale,
        final CharSequence opaque)
    {
        w.startHeader(name).append("Digest realm=");
        Quoted.append(w, realm);
        w.append(", nonce=");
        Quoted.append(w, nonce);
        w.append(", algorithm=").append(algorithm.token()).append(", qop=\"auth\"");
        if (opaque != null)
        {
            w.append(", opaque=");
            Quoted.append(w, opaque);
        }
        if (stale)
        {
            w.append(", stale=true");
        }
        w.endHeader();
        return !w.hasFailed();
    }
}
