package io.voxline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.auth.DigestVerifier.Verdict;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;

/** The client: which challenge it answers, what it writes, and that the verifier accepts it. */
class DigestClientTest
{
    private long now = 1_700_000_000_000L;
    private final NonceManager nonces = new NonceManager(() -> now);
    private final DigestVerifier verifier = new DigestVerifier(CredentialStore.parse("u", "101:secret\n"), nonces);
    private final DigestClient client = new DigestClient("101", "secret", new SplittableRandom(1));
    private final DigestCredentials creds = new DigestCredentials();

    private static final String[] REGISTER = {
        "REGISTER sip:a.test SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKold;rport",
        "Max-Forwards: 70",
        "From: <sip:101@a.test>;tag=f",
        "To: <sip:101@a.test>",
        "Call-ID: c1@127.0.0.1",
        "CSeq: 1 REGISTER",
        "Contact: <sip:101@127.0.0.1:5062>",
        "Expires: 3600"};

    /** A 401/407 to REGISTER with the given challenge header lines. */
    private static SipMessage challenge(final int code, final String... challenges)
    {
        final String[] lines = new String[6 + challenges.length];
        lines[0] = "SIP/2.0 " + code + " Unauthorized";
        lines[1] = REGISTER[1];
        lines[2] = REGISTER[3];
        lines[3] = REGISTER[4] + ";tag=t";
        lines[4] = REGISTER[5];
        lines[5] = REGISTER[6];
        System.arraycopy(challenges, 0, lines, 6, challenges.length);
        return Rfc.message(lines);
    }

    /** The REGISTER signed by the client, parsed. */
    private SipMessage signedRegister()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final SipMessageWriter w = new SipMessageWriter(out);
        final SipMessage original = Rfc.message(REGISTER);
        final int len = client.writeRetry(w, original, 2, "z9hG4bKnew");
        final SipMessage m = new SipMessage();
        assertTrue(len > 0 && m.parse(out, 0, len), m.errorReason());
        return m;
    }

    private String www(final String algorithm, final String nonce)
    {
        return "WWW-Authenticate: Digest realm=\"a.test\", nonce=\"" + nonce + "\", algorithm=" + algorithm + ", qop=\"auth\"";
    }

    @Test
    void answersSha256WhenOfferedAndTheVerifierAgrees()
    {
        final String nonce = nonces.newNonce("a.test");
        assertFalse(client.hasChallenge());
        assertTrue(client.onChallenge(challenge(401, www("MD5", nonce), www("SHA-256", nonce))));
        assertFalse(client.isStale());
        final SipMessage signed = signedRegister();
        assertEquals(1, signed.count(HeaderName.AUTHORIZATION));
        assertTrue(creds.parse(signed, signed.first(HeaderName.AUTHORIZATION)));
        assertSame(DigestAlgorithm.SHA_256, creds.algorithm());
        assertEquals("auth", creds.qop().toString());
        assertEquals(1, creds.nc());
        assertEquals("sip:a.test", creds.uri().toString());
        assertEquals(Rfc.response("SHA-256", false, "101", "a.test", "secret", nonce, "00000001", creds.cnonce().toString(),
            "REGISTER", "sip:a.test"), creds.response().toString(), "computed independently");
        assertSame(Verdict.OK, verifier.verify(signed, "a.test", false), verifier.reason());

        // the kept nonce signs the next request too, with the next nc and a new cnonce
        final String cnonce = creds.cnonce().toString();
        final SipMessage again = signedRegister();
        assertTrue(creds.parse(again, again.first(HeaderName.AUTHORIZATION)));
        assertEquals(2, creds.nc());
        assertNotEquals(cnonce, creds.cnonce().toString());
        assertSame(Verdict.OK, verifier.verify(again, "a.test", false));
    }

    @Test
    void aNewNonceRestartsTheCountAndStaleIsReported()
    {
        final String first = nonces.newNonce("a.test");
        client.onChallenge(challenge(401, www("MD5", first)));
        signedRegister();
        signedRegister();
        final String second = nonces.newNonce("a.test");
        assertTrue(client.onChallenge(challenge(401, www("MD5", second) + ", stale=TRUE")));
        assertTrue(client.isStale());
        final SipMessage signed = signedRegister();
        assertEquals(1, signed.count(HeaderName.AUTHORIZATION), "one kept challenge per realm");
        assertTrue(creds.parse(signed, signed.first(HeaderName.AUTHORIZATION)));
        assertEquals(second, creds.nonce().toString());
        assertEquals(1, creds.nc());
        assertSame(DigestAlgorithm.MD5, creds.algorithm(), "MD5 when that is all that is offered");
        assertSame(Verdict.OK, verifier.verify(signed, "a.test", false));
    }

    @Test
    void whatCannotBeAnsweredIsNotTaken()
    {
        assertFalse(client.onChallenge(challenge(401)));
        assertFalse(client.onChallenge(challenge(401, "WWW-Authenticate: Digest realm=\"a.test\", nonce=\"n\", qop=\"auth-int\"")));
        assertFalse(client.onChallenge(challenge(401, "WWW-Authenticate: Digest realm=\"a.test\", nonce=\"n\", algorithm=SHA-1")));
        assertFalse(client.onChallenge(challenge(401, "WWW-Authenticate: Basic realm=\"a.test\"")));
        assertFalse(client.onChallenge(challenge(401, "WWW-Authenticate: Digest realm=\"a.test\", nonce=\"n\", algorithm=MD5-sess")),
            "-sess needs a cnonce, so qop");
        assertFalse(client.hasChallenge());
        final SipMessage unsigned = signedRegister();
        assertEquals(0, unsigned.count(HeaderName.AUTHORIZATION));
    }

    @Test
    void aRealmAndQopFilterTakesOnlyTheLinesOwnChallenges()
    {
        final String nonce = nonces.newNonce("a.test");
        final String foreign = "WWW-Authenticate: Digest realm=\"x\", nonce=\"chosen\", algorithm=SHA-256, qop=\"auth\"";
        final String legacy = "WWW-Authenticate: Digest realm=\"a.test\", nonce=\"chosen\", algorithm=MD5";
        assertFalse(client.onChallenge(challenge(401, foreign), "a.test", false), "another realm");
        assertFalse(client.onChallenge(challenge(401, legacy), "a.test", false), "no qop: the RFC 2069 form");
        assertFalse(client.hasChallenge(), "nothing refused is kept");
        assertNull(client.lastRealm());
        assertEquals(0, signedRegister().count(HeaderName.AUTHORIZATION));

        // the foreign one beside ours: only ours is kept and signed
        assertTrue(client.onChallenge(challenge(401, foreign, www("SHA-256", nonce)), "a.test", false));
        assertEquals("a.test", client.lastRealm());
        assertFalse(client.lastWithoutQop());
        final SipMessage signed = signedRegister();
        assertEquals(1, signed.count(HeaderName.AUTHORIZATION));
        assertTrue(creds.parse(signed, signed.first(HeaderName.AUTHORIZATION)));
        assertEquals("a.test", creds.realm().toString());
        assertSame(Verdict.OK, verifier.verify(signed, "a.test", false));

        // allowed (an old registrar challenged so itself), the RFC 2069 form is taken and reported
        assertTrue(client.onChallenge(challenge(401, legacy), "a.test", true));
        assertTrue(client.lastWithoutQop());
        // and without a filter, as before, any realm
        assertTrue(client.onChallenge(challenge(401, foreign)));
        assertEquals("x", client.lastRealm());
    }

    @Test
    void rfc2069ChallengeWithEscapedRealmAndOpaque()
    {
        assertTrue(client.onChallenge(challenge(401,
            "WWW-Authenticate: Digest realm=\"my \\\"home\\\"\", nonce=\"abc/def=\", opaque=\"op\\\\aque\"")));
        final SipMessage signed = signedRegister();
        assertTrue(creds.parse(signed, signed.first(HeaderName.AUTHORIZATION)));
        assertEquals("my \\\"home\\\"", creds.realm().toString(), "echoed as it was quoted");
        assertEquals("op\\\\aque", creds.opaque().toString());
        assertNull(creds.qop());
        assertNull(creds.cnonce());
        final String ha1 = Rfc.h("MD5", "101:my \"home\":secret");
        assertEquals(Rfc.h("MD5", ha1 + ":abc/def=:" + Rfc.h("MD5", "REGISTER:sip:a.test")), creds.response().toString());
    }

    @Test
    void theRetryIsTheSameRequestWithANewBranchCSeqAndCredentials()
    {
        final String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
        final String invite = "INVITE sip:201@a.test SIP/2.0\r\n" +
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKold;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "Route: <sip:127.0.0.1:5070;lr>\r\n" +
            "From: \"Alice\" <sip:101@a.test>;tag=f\r\n" +
            "To: <sip:201@a.test>\r\n" +
            "Call-ID: c2@127.0.0.1\r\n" +
            "CSeq: 1 INVITE\r\n" +
            "Proxy-Authorization: Digest username=\"101\", realm=\"a.test\", nonce=\"old\", uri=\"sip:201@a.test\", response=\"0\"\r\n" +
            "Contact: <sip:101@127.0.0.1:5062>\r\n" +
            "Content-Type: application/sdp\r\n" +
            "Content-Length: " + sdp.length() + "\r\n\r\n" + sdp;
        final SipMessage original = new SipMessage();
        assertTrue(original.parse(Rfc.buffer(invite), 0, invite.length()));
        final String nonce = nonces.newNonce("a.test");
        assertTrue(client.onChallenge(challenge(407, "Proxy-Authenticate: Digest realm=\"a.test\", nonce=\"" + nonce +
            "\", algorithm=SHA-256, qop=\"auth\"", "WWW-Authenticate: Digest realm=\"b.test\", nonce=\"x\", qop=\"auth\"")));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final int len = client.writeRetry(new SipMessageWriter(out), original, 2, "z9hG4bKnew");
        final SipMessage retry = new SipMessage();
        assertTrue(retry.parse(out, 0, len), retry.errorReason());
        final String text = retry.toString();
        assertTrue(text.startsWith("INVITE sip:201@a.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnew;rport\r\n"),
            text);
        assertEquals("2 INVITE", retry.firstValue(HeaderName.CSEQ).toString());
        assertEquals("c2@127.0.0.1", retry.callId().toString());
        assertEquals("f", retry.fromTag().toString());
        assertEquals("<sip:127.0.0.1:5070;lr>", retry.firstValue(HeaderName.ROUTE).toString());
        assertEquals(1, retry.count(HeaderName.PROXY_AUTHORIZATION), "the old credentials are gone");
        assertEquals(1, retry.count(HeaderName.AUTHORIZATION), "and the other realm's challenge answered too");
        assertEquals(1, retry.count(HeaderName.CONTENT_TYPE));
        assertEquals(sdp, text.substring(text.indexOf("\r\n\r\n") + 4));
        assertSame(Verdict.OK, verifier.verify(retry, "a.test", true), verifier.reason());
    }
}
