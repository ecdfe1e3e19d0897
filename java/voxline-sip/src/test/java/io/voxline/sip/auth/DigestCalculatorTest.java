package io.voxline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The arithmetic against the RFC examples and an independent computation. */
class DigestCalculatorTest
{
    private final DigestCalculator calc = new DigestCalculator();

    @Test
    void rfc7616Sha256Example()
    {
        assertEquals(Rfc.R7616_SHA256, calc.responseHex(DigestAlgorithm.SHA_256, "Mufasa", Rfc.R7616_REALM,
            Rfc.R7616_PASSWORD, Rfc.R7616_NONCE, "00000001", Rfc.R7616_CNONCE, "auth", "GET", "/dir/index.html"));
    }

    @Test
    void rfc7616Md5Example()
    {
        assertEquals(Rfc.R7616_MD5, calc.responseHex(DigestAlgorithm.MD5, "Mufasa", Rfc.R7616_REALM,
            Rfc.R7616_PASSWORD, Rfc.R7616_NONCE, "00000001", Rfc.R7616_CNONCE, "auth", "GET", "/dir/index.html"));
    }

    @Test
    void rfc2617Example()
    {
        assertEquals(Rfc.R2617_RESPONSE, calc.responseHex(DigestAlgorithm.MD5, "Mufasa", Rfc.R2617_REALM,
            Rfc.R2617_PASSWORD, Rfc.R2617_NONCE, "00000001", Rfc.R2617_CNONCE, "auth", "GET", "/dir/index.html"));
    }

    @Test
    void sessAndSha512256AgreeWithAnIndependentComputation()
    {
        for (final DigestAlgorithm a : DigestAlgorithm.values())
        {
            final String expected = Rfc.response(a.jcaName(), a.isSession(), "101", "a.test", "pa:ss\u00e9", "n0nce",
                "0000002a", "c1", "REGISTER", "sip:a.test");
            assertEquals(expected, calc.responseHex(a, "101", "a.test", "pa:ss\u00e9", "n0nce", "0000002a", "c1", "auth",
                "REGISTER", "sip:a.test"), a.token());
        }
    }

    @Test
    void rfc2069FormWithoutQop()
    {
        final String ha1 = Rfc.h("MD5", "u:r:p");
        final String ha2 = Rfc.h("MD5", "INVITE:sip:x@y");
        assertEquals(Rfc.h("MD5", ha1 + ":n:" + ha2),
            calc.responseHex(DigestAlgorithm.MD5, "u", "r", "p", "n", null, null, null, "INVITE", "sip:x@y"));
    }

    @Test
    void ha1OfStoredHashesAndQuotedContentIsUnescaped()
    {
        assertEquals(Rfc.h("SHA-256", "alice:a.test:secret"), DigestCalculator.ha1Hex(DigestAlgorithm.SHA_256, "alice",
            "a.test", "secret"));
        assertEquals(Rfc.h("MD5", "alice:a.test:secret"), DigestCalculator.ha1Hex(DigestAlgorithm.MD5_SESS, "alice",
            "a.test", "secret"), "a -sess algorithm's stored HA1 is the plain one");
        // a realm with an escaped quote, as it stands in a message: hashed as the unescaped text
        final byte[] out = new byte[64];
        final int n = calc.ha1(DigestAlgorithm.MD5, "u", Rfc.view("say \\\"hi\\\""), "p", out);
        assertEquals(Rfc.h("MD5", "u:say \"hi\":p"), new String(out, 0, n));
    }
}
