package io.voxline.sip.auth;

import org.agrona.DirectBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable flyweight over Digest credentials, the value of an Authorization or Proxy-Authorization header
 * (RFC 3261 §20.7/§20.28, RFC 7616 §3.4): username, realm, nonce, uri, response, algorithm, cnonce, opaque,
 * qop, nc, userhash. Quoted values are views of the content between the quotes, escapes included.
 * {@link #parse} returns false, with a reason, when the value is malformed or lacks username, realm, nonce,
 * uri or response; when it has qop it must have cnonce and an nc of 8 hex digits. Whether the algorithm and
 * qop are acceptable is the verifier's business: an unknown algorithm parses with {@link #algorithm()} null.
 */
public final class DigestCredentials
{
    public static final String MISSING_USERNAME = "Credentials without username";
    public static final String MISSING_REALM = "Credentials without realm";
    public static final String MISSING_NONCE = "Credentials without nonce";
    public static final String MISSING_URI = "Credentials without uri";
    public static final String MISSING_RESPONSE = "Credentials without response";
    public static final String MISSING_CNONCE = "Credentials with qop but without cnonce";
    public static final String BAD_NC = "Credentials with qop but without an nc of 8 hex digits";

    private final AuthParams params = new AuthParams();
    private final BufferView username = new BufferView();
    private final BufferView realm = new BufferView();
    private final BufferView nonce = new BufferView();
    private final BufferView uri = new BufferView();
    private final BufferView response = new BufferView();
    private final BufferView cnonce = new BufferView();
    private final BufferView opaque = new BufferView();
    private final BufferView qop = new BufferView();
    private final BufferView ncText = new BufferView();
    private String error = AuthParams.NOT_DIGEST;
    private int usernameIndex;
    private int realmIndex;
    private int nonceIndex;
    private int uriIndex;
    private int responseIndex;
    private int cnonceIndex;
    private int opaqueIndex;
    private int qopIndex;
    private int ncIndex;
    private DigestAlgorithm algorithm;
    private long nc;
    private boolean userhash;
    private boolean extendedUsername;

    /** Parses entry i of msg (an Authorization or Proxy-Authorization); false when out of range or malformed. */
    public boolean parse(final SipMessage msg, final int i)
    {
        if (i < 0 || i >= msg.headerCount())
        {
            error = AuthParams.NOT_DIGEST;
            return false;
        }
        return parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i));
    }

    /** Parses credentials in [off, off+len). */
    public boolean parse(final DirectBuffer buf, final int off, final int len)
    {
        usernameIndex = -1;
        realmIndex = -1;
        nonceIndex = -1;
        uriIndex = -1;
        responseIndex = -1;
        cnonceIndex = -1;
        opaqueIndex = -1;
        qopIndex = -1;
        ncIndex = -1;
        algorithm = null;
        nc = -1;
        userhash = false;
        extendedUsername = false;
        error = params.parse(buf, off, len);
        if (error != null)
        {
            return false;
        }
        usernameIndex = params.indexOf("username");
        if (usernameIndex < 0)
        {
            // RFC 7616 username* (RFC 5987 encoding): recognised, never verified
            usernameIndex = params.indexOf("username*");
            extendedUsername = usernameIndex >= 0;
        }
        realmIndex = params.indexOf("realm");
        nonceIndex = params.indexOf("nonce");
        uriIndex = params.indexOf("uri");
        responseIndex = params.indexOf("response");
        cnonceIndex = params.indexOf("cnonce");
        opaqueIndex = params.indexOf("opaque");
        qopIndex = params.indexOf("qop");
        ncIndex = params.indexOf("nc");
        final int algorithmIndex = params.indexOf("algorithm");
        if (usernameIndex < 0)
        {
            return fail(MISSING_USERNAME);
        }
        if (realmIndex < 0)
        {
            return fail(MISSING_REALM);
        }
        if (nonceIndex < 0)
        {
            return fail(MISSING_NONCE);
        }
        if (uriIndex < 0)
        {
            return fail(MISSING_URI);
        }
        if (responseIndex < 0)
        {
            return fail(MISSING_RESPONSE);
        }
        algorithm = algorithmIndex < 0 ? DigestAlgorithm.MD5 :
            DigestAlgorithm.lookup(buf, params.valueOffset(algorithmIndex), params.valueLength(algorithmIndex));
        if (qopIndex >= 0)
        {
            if (cnonceIndex < 0)
            {
                return fail(MISSING_CNONCE);
            }
            nc = ncIndex < 0 || params.valueLength(ncIndex) != 8 ? -1 : parseHex(buf, params.valueOffset(ncIndex), 8);
            if (nc < 0)
            {
                return fail(BAD_NC);
            }
        }
        final int uh = params.indexOf("userhash");
        userhash = uh >= 0 && SipChars.equalsIgnoreCase(buf, params.valueOffset(uh), params.valueLength(uh), "true");
        return true;
    }

    private static long parseHex(final DirectBuffer buf, final int off, final int len)
    {
        long v = 0;
        for (int i = 0; i < len; i++)
        {
            final int b = buf.getByte(off + i);
            final int d = b >= '0' && b <= '9' ? b - '0' : (b >= 'a' && b <= 'f' ? b - 'a' + 10 :
                (b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1));
            if (d < 0)
            {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
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

    public BufferView username()
    {
        return params.value(usernameIndex, username);
    }

    /** True when the name came as RFC 7616 {@code username*} (not supported by the verifier). */
    public boolean isExtendedUsername()
    {
        return extendedUsername;
    }

    public BufferView realm()
    {
        return params.value(realmIndex, realm);
    }

    public BufferView nonce()
    {
        return params.value(nonceIndex, nonce);
    }

    public BufferView uri()
    {
        return params.value(uriIndex, uri);
    }

    public BufferView response()
    {
        return params.value(responseIndex, response);
    }

    /** Null when absent. */
    public BufferView cnonce()
    {
        return params.value(cnonceIndex, cnonce);
    }

    /** Null when absent. */
    public BufferView opaque()
    {
        return params.value(opaqueIndex, opaque);
    }

    /** The qop chosen ("auth", "auth-int"), or null when absent (RFC 2069 credentials). */
    public BufferView qop()
    {
        return params.value(qopIndex, qop);
    }

    /** The nc as written (8 hex digits), or null when absent. */
    public BufferView ncText()
    {
        return params.value(ncIndex, ncText);
    }

    /** The nonce count, or -1 without qop. */
    public long nc()
    {
        return nc;
    }

    /** MD5 when absent; null when the credentials name an algorithm we do not know. */
    public DigestAlgorithm algorithm()
    {
        return algorithm;
    }

    public boolean isUserhash()
    {
        return userhash;
    }

    // ------------------------------------------------------------------------------------------ writing

    /**
     * Writes one credentials header under name (AUTHORIZATION or PROXY_AUTHORIZATION): {@code Digest
     * username="U", realm="R", nonce="N", uri="URI", response="HEX", algorithm=A[, cnonce="C", qop=auth,
     * nc=NNNNNNNN][, opaque="O"]}. cnonce null (an RFC 2069 challenge) writes no cnonce, qop or nc; opaque null
     * writes none. Returns false when the writer failed.
     */
    public static boolean write(
        final SipMessageWriter w,
        final HeaderName name,
        final CharSequence username,
        final CharSequence realm,
        final CharSequence nonce,
        final CharSequence uri,
        final CharSequence response,
        final DigestAlgorithm algorithm,
        final CharSequence cnonce,
        final long nc,
        final CharSequence opaque)
    {
        w.startHeader(name).append("Digest username=");
        Quoted.append(w, username);
        w.append(", realm=");
        Quoted.append(w, realm);
        w.append(", nonce=");
        Quoted.append(w, nonce);
        w.append(", uri=");
        Quoted.append(w, uri);
        w.append(", response=\"").append(response).append("\", algorithm=").append(algorithm.token());
        if (cnonce != null)
        {
            w.append(", cnonce=");
            Quoted.append(w, cnonce);
            w.append(", qop=auth, nc=");
            appendNc(w, nc);
        }
        if (opaque != null)
        {
            w.append(", opaque=");
            Quoted.append(w, opaque);
        }
        w.endHeader();
        return !w.hasFailed();
    }

    private static void appendNc(final SipMessageWriter w, final long nc)
    {
        for (int shift = 28; shift >= 0; shift -= 4)
        {
            w.append(DigestCalculator.HEX[(int)(nc >>> shift) & 0xF]);
        }
    }
}
