package io.voxline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;

/** Challenges and credentials: parsing the RFC examples, escapes, lists, rejects, and writing them back. */
class DigestChallengeTest
{
    private final DigestChallenge challenge = new DigestChallenge();
    private final DigestCredentials credentials = new DigestCredentials();

    private boolean parse(final String value)
    {
        return challenge.parse(Rfc.buffer(value), 0, value.getBytes().length);
    }

    private boolean parseCredentials(final String value)
    {
        return credentials.parse(Rfc.buffer(value), 0, value.getBytes().length);
    }

    @Test
    void rfc7616Challenge()
    {
        assertTrue(parse("Digest\r\n realm=\"http-auth@example.org\",\r\n qop=\"auth, auth-int\",\r\n algorithm=SHA-256,\r\n" +
            " nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\",\r\n opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        assertNull(challenge.error());
        assertEquals(Rfc.R7616_REALM, challenge.realm().toString());
        assertEquals(Rfc.R7616_NONCE, challenge.nonce().toString());
        assertEquals(Rfc.R7616_OPAQUE, challenge.opaque().toString());
        assertSame(DigestAlgorithm.SHA_256, challenge.algorithm());
        assertTrue(challenge.hasQop());
        assertTrue(challenge.offersQopAuth());
        assertTrue(challenge.offersQopAuthInt());
        assertFalse(challenge.isStale());
        assertNull(challenge.domain());
    }

    @Test
    void rfc2617ChallengeDefaultsToMd5()
    {
        assertTrue(parse("Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", " +
            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        assertSame(DigestAlgorithm.MD5, challenge.algorithm());
        assertEquals(Rfc.R2617_NONCE, challenge.nonce().toString());
    }

    @Test
    void staleUnknownAlgorithmEscapesAndCase()
    {
        assertTrue(parse("digest REALM=\"a \\\"b\\\" c\",NONCE=abc/def=,Algorithm=sha-256-SESS,stale=TRUE,qop=auth"));
        assertEquals("a \\\"b\\\" c", challenge.realm().toString(), "the content with its escapes");
        assertEquals("abc/def=", challenge.nonce().toString(), "an unquoted nonce with '/' and '='");
        assertSame(DigestAlgorithm.SHA_256_SESS, challenge.algorithm());
        assertTrue(challenge.isStale());
        assertTrue(challenge.offersQopAuth());
        assertFalse(challenge.offersQopAuthInt());
        assertTrue(parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-1024"));
        assertNull(challenge.algorithm(), "parsed, but nothing we can answer");
        assertTrue(parse("Digest realm=\"r\", nonce=\"n\""));
        assertFalse(challenge.hasQop(), "an RFC 2069 challenge");
        assertTrue(parse("Digest realm=\"r\",, nonce=\"n\" ,"), "empty list elements are skipped");
    }

    @Test
    void malformedChallengesSayWhy()
    {
        assertFalse(parse("Basic realm=\"r\""));
        assertEquals(AuthParams.NOT_DIGEST, challenge.error());
        assertFalse(parse("Digestrealm=\"r\", nonce=\"n\""));
        assertEquals(AuthParams.NOT_DIGEST, challenge.error());
        assertFalse(parse("Digest realm=\"r\", nonce=\"n"));
        assertEquals(AuthParams.UNCLOSED_QUOTE, challenge.error());
        assertFalse(parse("Digest realm=\"r\", realm=\"s\", nonce=\"n\""));
        assertEquals(AuthParams.DUPLICATE, challenge.error());
        assertFalse(parse("Digest realm=\"r\" nonce=\"n\""));
        assertEquals(AuthParams.BAD_PARAM, challenge.error());
        assertFalse(parse("Digest realm=, nonce=\"n\""));
        assertFalse(parse("Digest nonce=\"n\""));
        assertEquals(DigestChallenge.MISSING_REALM, challenge.error());
        assertFalse(parse("Digest realm=\"r\""));
        assertEquals(DigestChallenge.MISSING_NONCE, challenge.error());
        assertFalse(parse(""));
        final StringBuilder many = new StringBuilder("Digest realm=\"r\", nonce=\"n\"");
        for (int i = 0; i < 30; i++)
        {
            many.append(", p").append(i).append("=x");
        }
        assertFalse(parse(many.toString()));
        assertEquals(AuthParams.TOO_MANY, challenge.error());
    }

    @Test
    void rfc7616CredentialsAndRfc2617Credentials()
    {
        assertTrue(parseCredentials("Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", " +
            "algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, " +
            "cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth, " +
            "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", " +
            "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        assertEquals("Mufasa", credentials.username().toString());
        assertEquals("/dir/index.html", credentials.uri().toString());
        assertEquals(1, credentials.nc());
        assertEquals("00000001", credentials.ncText().toString());
        assertEquals("auth", credentials.qop().toString());
        assertEquals(Rfc.R7616_SHA256, credentials.response().toString());
        assertSame(DigestAlgorithm.SHA_256, credentials.algorithm());
        assertEquals(Rfc.R7616_CNONCE, credentials.cnonce().toString());

        assertTrue(parseCredentials("Digest username=\"Mufasa\", realm=\"testrealm@host.com\", " +
            "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\", qop=auth, nc=0000001F, " +
            "cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""));
        assertSame(DigestAlgorithm.MD5, credentials.algorithm());
        assertEquals(31, credentials.nc());
    }

    @Test
    void credentialsLackingWhatTheyNeed()
    {
        final String base = "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:a\", response=\"00\"";
        assertTrue(parseCredentials(base));
        assertEquals(-1, credentials.nc());
        assertNull(credentials.qop());
        assertFalse(parseCredentials(base.replace("username=\"u\", ", "")));
        assertEquals(DigestCredentials.MISSING_USERNAME, credentials.error());
        assertFalse(parseCredentials(base.replace("uri=\"sip:a\", ", "")));
        assertEquals(DigestCredentials.MISSING_URI, credentials.error());
        assertFalse(parseCredentials(base.replace(", response=\"00\"", "")));
        assertEquals(DigestCredentials.MISSING_RESPONSE, credentials.error());
        assertFalse(parseCredentials(base + ", qop=auth, nc=00000001"));
        assertEquals(DigestCredentials.MISSING_CNONCE, credentials.error());
        assertFalse(parseCredentials(base + ", qop=auth, cnonce=\"c\", nc=1"));
        assertEquals(DigestCredentials.BAD_NC, credentials.error());
        assertFalse(parseCredentials(base + ", qop=auth, cnonce=\"c\", nc=0000000g"));
        assertEquals(DigestCredentials.BAD_NC, credentials.error());
        assertTrue(parseCredentials(base + ", qop=\"auth\", cnonce=\"c\", nc=\"ffffffff\""), "quoted where peers quote");
        assertEquals(0xFFFF_FFFFL, credentials.nc());
    }

    @Test
    void challengesAndCredentialsWrittenParseBack()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        final SipMessageWriter w = new SipMessageWriter(out);
        w.statusLine(407, "Proxy Authentication Required");
        w.header(HeaderName.VIA, "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKx");
        w.header(HeaderName.FROM, "<sip:101@a.test>;tag=1");
        w.header(HeaderName.TO, "<sip:201@a.test>;tag=2");
        w.header(HeaderName.CALL_ID, "c@1");
        w.header(HeaderName.CSEQ, "1 INVITE");
        assertTrue(DigestChallenge.write(w, HeaderName.PROXY_AUTHENTICATE, "my \"home\"", "n1", DigestAlgorithm.SHA_256, true, "op"));
        assertTrue(DigestCredentials.write(w, HeaderName.PROXY_AUTHORIZATION, "a\\b", Rfc.view("my \\\"home\\\""), "n1",
            "sip:201@a.test", "abcd", DigestAlgorithm.MD5_SESS, "cn", 0x1a, null));
        final int len = w.endHeaders();
        final SipMessage m = new SipMessage();
        assertTrue(m.parse(out, 0, len), m.errorReason());
        assertEquals("Digest realm=\"my \\\"home\\\"\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\", opaque=\"op\", stale=true",
            m.firstValue(HeaderName.PROXY_AUTHENTICATE).toString());
        assertTrue(challenge.parse(m, m.first(HeaderName.PROXY_AUTHENTICATE)));
        assertTrue(challenge.isStale());
        assertEquals("op", challenge.opaque().toString());
        assertTrue(credentials.parse(m, m.first(HeaderName.PROXY_AUTHORIZATION)), String.valueOf(credentials.error()));
        assertEquals("a\\\\b", credentials.username().toString());
        assertEquals("my \\\"home\\\"", credentials.realm().toString(), "a view is written verbatim");
        assertEquals(0x1a, credentials.nc());
        assertEquals("0000001a", credentials.ncText().toString());
        assertSame(DigestAlgorithm.MD5_SESS, credentials.algorithm());
        assertNull(credentials.opaque());
        assertFalse(challenge.parse(m, 99));
    }
}
