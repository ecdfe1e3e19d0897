package io.voxline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.auth.DigestVerifier.Verdict;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipResponses;

/** The server side: verdicts for every kind of credentials, and what a prober can (not) learn. */
class DigestVerifierTest
{
    private static final String REALM = "a.test";
    private static final String SHA = "SHA-256";

    private long now = 1_700_000_000_000L;
    private final NonceManager nonces = new NonceManager(() -> now, 300_000, 64);
    private final CredentialStore users = CredentialStore.parse("users", "101:secret\n" +
        "102:md5:" + DigestCalculator.ha1Hex(DigestAlgorithm.MD5, "102", REALM, "two") + "\n" +
        "103:sha256:" + DigestCalculator.ha1Hex(DigestAlgorithm.SHA_256, "103", REALM, "three") + "\n");
    private final DigestVerifier verifier = new DigestVerifier(users, nonces);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private final SipMessageWriter writer = new SipMessageWriter();

    /** A REGISTER (or, with proxy, an INVITE) carrying the given credential header lines. */
    private static SipMessage request(final String method, final String... auth)
    {
        final List<String> lines = new ArrayList<>(List.of(
            method + " sip:" + ("REGISTER".equals(method) ? "" : "201@") + "a.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bK1;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=f",
            "To: <sip:" + ("REGISTER".equals(method) ? "101" : "201") + "@a.test>",
            "Call-ID: c1@127.0.0.1",
            "CSeq: 2 " + method));
        lines.addAll(List.of(auth));
        return Rfc.message(lines.toArray(new String[0]));
    }

    /** Credentials computed independently of the code under test. */
    private static String creds(final String header, final String alg, final String user, final String password, final String realm,
        final String nonce, final String nc, final String method, final String uri)
    {
        final String jca = alg.startsWith("SHA") ? "SHA-256" : "MD5";
        final String response = Rfc.response(jca, alg.endsWith("-sess"), user, realm, password, nonce, nc, "c0ffee", method, uri);
        return header + ": Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri +
            "\", response=\"" + response + "\", algorithm=" + alg + ", cnonce=\"c0ffee\", qop=auth, nc=" + nc;
    }

    private static String register(final String alg, final String user, final String password, final String nonce, final String nc)
    {
        return creds("Authorization", alg, user, password, REALM, nonce, nc, "REGISTER", "sip:a.test");
    }

    /** The 401 the verifier would have us send, as text. */
    private String challengeResponse(final SipMessage request, final boolean stale)
    {
        writer.wrap(out, 0);
        assertTrue(SipResponses.writeResponse(writer, request, 401, null, "t"));
        assertTrue(verifier.writeChallenges(writer, REALM, false, stale));
        final int len = writer.endHeaders();
        final SipMessage m = new SipMessage();
        assertTrue(m.parse(out, 0, len));
        return m.toString();
    }

    private static String nonceOf(final String response)
    {
        final int i = response.indexOf("nonce=\"") + 7;
        return response.substring(i, response.indexOf('"', i));
    }

    private String freshNonce()
    {
        return nonceOf(challengeResponse(request("REGISTER"), false));
    }

    @Test
    void noCredentialsIsAChallengeOfferingSha256ThenMd5()
    {
        final SipMessage req = request("REGISTER");
        assertSame(Verdict.CHALLENGE, verifier.verify(req, REALM, false));
        assertFalse(verifier.stale());
        assertNull(verifier.username());
        assertEquals(-1, verifier.credentialsEntry());
        final SipMessage m = Rfc.message(challengeResponse(req, false).replace("Content-Length: 0\r\n\r\n", "").split("\r\n"));
        assertEquals(2, m.count(HeaderName.WWW_AUTHENTICATE));
        final DigestChallenge c = new DigestChallenge();
        assertTrue(c.parse(m, m.first(HeaderName.WWW_AUTHENTICATE)));
        assertSame(DigestAlgorithm.SHA_256, c.algorithm(), "SHA-256 first (RFC 8760)");
        assertTrue(c.offersQopAuth());
        assertEquals(REALM, c.realm().toString());
        final String nonce = c.nonce().toString();
        assertTrue(c.parse(m, m.next(HeaderName.WWW_AUTHENTICATE, m.first(HeaderName.WWW_AUTHENTICATE))));
        assertSame(DigestAlgorithm.MD5, c.algorithm());
        assertEquals(nonce, c.nonce().toString(), "one nonce for both");
        assertSame(NonceManager.Check.VALID, nonces.check(nonce, REALM));
        assertEquals(401, DigestVerifier.challengeStatus(false));
        assertEquals(407, DigestVerifier.challengeStatus(true));
    }

    @Test
    void rightCredentialsPassOnceEachNonceCountAndAReplayIsStale()
    {
        final String nonce = freshNonce();
        final SipMessage first = request("REGISTER", register(SHA, "101", "secret", nonce, "00000001"));
        assertSame(Verdict.OK, verifier.verify(first, REALM, false), verifier.reason());
        assertEquals("101", verifier.username().toString());
        assertEquals(first.first(HeaderName.AUTHORIZATION), verifier.credentialsEntry());

        assertSame(Verdict.CHALLENGE, verifier.verify(first, REALM, false), "the same nc again is a replay");
        assertTrue(verifier.stale(), "right credentials: the client may retry without asking anyone");
        assertTrue(challengeResponse(first, true).contains("stale=true"));

        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register(SHA, "101", "secret", nonce, "00000002")), REALM, false));
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register("MD5", "101", "secret", nonce, "00000003")), REALM, false));
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register("SHA-256-sess", "101", "secret", nonce, "00000004")),
            REALM, false));
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register("MD5-sess", "101", "secret", nonce, "00000005")),
            REALM, false));
    }

    @Test
    void anExpiredOrForeignNonceIsStaleOnlyForTheRightPassword()
    {
        final String nonce = freshNonce();
        now += 300_001;
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", register(SHA, "101", "secret", nonce, "00000001")),
            REALM, false));
        assertTrue(verifier.stale());
        assertSame(Verdict.FORBIDDEN, verifier.verify(request("REGISTER", register(SHA, "101", "wrong", nonce, "00000001")),
            REALM, false));
        assertFalse(verifier.stale());
        final String foreign = new NonceManager(() -> now).newNonce(REALM);
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", register(SHA, "101", "secret", foreign, "00000001")),
            REALM, false), "a nonce from before a restart");
        assertTrue(verifier.stale());
    }

    @Test
    void anUnknownUserAndAWrongPasswordLookTheSame()
    {
        final String nonce = freshNonce();
        final SipMessage wrong = request("REGISTER", register(SHA, "101", "guess", nonce, "00000001"));
        final SipMessage unknown = request("REGISTER", register(SHA, "999", "guess", nonce, "00000001"));
        assertSame(Verdict.FORBIDDEN, verifier.verify(wrong, REALM, false));
        final String whyWrong = verifier.reason();
        final String wrongChallenge = challengeResponse(wrong, verifier.stale());
        assertSame(Verdict.FORBIDDEN, verifier.verify(unknown, REALM, false));
        assertEquals(whyWrong, verifier.reason());
        final String unknownChallenge = challengeResponse(unknown, verifier.stale());
        assertEquals(wrongChallenge.replace(nonceOf(wrongChallenge), "N").replace("tag=f", "").length(),
            unknownChallenge.replace(nonceOf(unknownChallenge), "N").replace("tag=f", "").length());
        assertEquals(nonceOf(wrongChallenge).length(), nonceOf(unknownChallenge).length());
        // and without credentials nobody can tell a user from a non-user at all
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER"), REALM, false));
        // an unknown user with an expired nonce: never stale (that needs the right password)
        now += 400_000;
        assertSame(Verdict.FORBIDDEN, verifier.verify(unknown, REALM, false));
    }

    @Test
    void storedHashesServeTheirOwnAlgorithm()
    {
        final String nonce = freshNonce();
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register("MD5", "102", "two", nonce, "00000001")), REALM, false));
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register("MD5-sess", "102", "two", nonce, "00000002")),
            REALM, false));
        assertSame(Verdict.FORBIDDEN, verifier.verify(request("REGISTER", register(SHA, "102", "two", nonce, "00000003")),
            REALM, false), "no SHA-256 hash stored for 102");
        final String other = freshNonce();
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", register(SHA, "103", "three", other, "00000001")), REALM, false));
        assertSame(Verdict.FORBIDDEN, verifier.verify(request("REGISTER", register("MD5", "103", "three", other, "00000002")),
            REALM, false));
    }

    @Test
    void aProxyReadsProxyAuthorizationForItsOwnRealm()
    {
        final String nonce = freshNonce();
        final String mine = creds("Proxy-Authorization", SHA, "101", "secret", REALM, nonce, "00000001", "INVITE", "sip:201@a.test");
        final String theirs = creds("Proxy-Authorization", SHA, "101", "x", "b.test", nonce, "00000001", "INVITE", "sip:201@a.test");
        final SipMessage invite = request("INVITE", theirs, mine);
        assertSame(Verdict.OK, verifier.verify(invite, REALM, true), verifier.reason());
        assertEquals(invite.next(HeaderName.PROXY_AUTHORIZATION, invite.first(HeaderName.PROXY_AUTHORIZATION)),
            verifier.credentialsEntry(), "the entry to drop when forwarding");
        final String asWww = creds("Authorization", SHA, "101", "secret", REALM, nonce, "00000002", "INVITE", "sip:201@a.test");
        assertSame(Verdict.CHALLENGE, verifier.verify(request("INVITE", asWww), REALM, true), "a proxy reads Proxy-Authorization");
        assertSame(Verdict.CHALLENGE, verifier.verify(request("INVITE", theirs), REALM, true), "another realm's credentials");
    }

    @Test
    void whatWasNotOfferedIsChallengedAndAWrongUriForbidden()
    {
        final String nonce = freshNonce();
        final String good = register(SHA, "101", "secret", nonce, "00000001");
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", good.replace("algorithm=SHA-256", "algorithm=SHA-512-256")),
            REALM, false));
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", good.replace("qop=auth", "qop=auth-int")), REALM, false));
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", good.replace(", cnonce=\"c0ffee\", qop=auth, nc=00000001",
            "")), REALM, false), "no qop: no replay protection, so not accepted");
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", good + ", userhash=true"), REALM, false));
        assertSame(Verdict.CHALLENGE, verifier.verify(request("REGISTER", "Authorization: Digest username=\"101\""), REALM, false));
        assertEquals(DigestVerifier.MALFORMED, verifier.reason());
        final String elsewhere = creds("Authorization", SHA, "101", "secret", REALM, nonce, "00000001", "REGISTER", "sip:b.test");
        assertSame(Verdict.FORBIDDEN, verifier.verify(request("REGISTER", elsewhere), REALM, false));
        assertEquals(DigestVerifier.URI_MISMATCH, verifier.reason());
        assertSame(Verdict.OK, verifier.verify(request("REGISTER", good.replace(good.substring(good.indexOf("response=\"") + 10,
            good.indexOf("response=\"") + 74), good.substring(good.indexOf("response=\"") + 10,
            good.indexOf("response=\"") + 74).toUpperCase())), REALM, false), "upper-case hex is accepted");
    }

    @Test
    void verifyingAllocatesNothingAfterWarmUp()
    {
        final String nonce = freshNonce();
        final SipMessage right = request("REGISTER", register(SHA, "101", "secret", nonce, "00000001"));
        assertSame(Verdict.OK, verifier.verify(right, REALM, false));
        final SipMessage wrong = request("REGISTER", register("MD5", "999", "secret", nonce, "00000001"));
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++)
        {
            round(right, wrong);
        }
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < 3 && allocated != 0; window++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 5_000; i++)
            {
                round(right, wrong);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertTrue(allocated < 5_000, "allocated " + allocated + " bytes in 5,000 rounds");
    }

    private void round(final SipMessage replay, final SipMessage unknown)
    {
        if (verifier.verify(replay, REALM, false) != Verdict.CHALLENGE || verifier.verify(unknown, REALM, false) != Verdict.FORBIDDEN)
        {
            throw new AssertionError(verifier.reason());
        }
        writer.wrap(out, 0);
        writer.statusLine(401, "Unauthorized");
        verifier.writeChallenges(writer, REALM, false, true);
    }
}
