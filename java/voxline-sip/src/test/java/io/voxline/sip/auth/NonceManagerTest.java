package io.voxline.sip.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.voxline.sip.auth.NonceManager.Check;

/** Stateless nonces: who made them, for which realm, how old; nonce-count replay; a bounded table. */
class NonceManagerTest
{
    private long now = 1_700_000_000_000L;
    private final byte[] key = new byte[32];
    private final NonceManager nonces = new NonceManager(() -> now, 60_000, 4, key);

    @Test
    void aFreshNonceIsValidForItsRealmOnly()
    {
        final String n = nonces.newNonce("a.test");
        assertEquals(NonceManager.NONCE_LENGTH, n.length());
        assertTrue(n.matches("[A-Za-z0-9_-]+"), n);
        assertNotEquals(n, nonces.newNonce("a.test"), "each nonce is new, even within one millisecond");
        assertSame(Check.VALID, nonces.check(n, "a.test"));
        assertSame(Check.VALID, nonces.check(Rfc.view(n), Rfc.view("a.test")), "views and Strings alike");
        assertSame(Check.INVALID, nonces.check(n, "b.test"));
        assertSame(Check.INVALID, nonces.check("garbage", "a.test"));
        assertSame(Check.INVALID, nonces.check(n.substring(1) + "!", "a.test"));
        final char[] c = n.toCharArray();
        c[20] = c[20] == 'A' ? 'B' : 'A';
        assertSame(Check.INVALID, nonces.check(new String(c), "a.test"), "a changed byte breaks the HMAC");
        final byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        assertSame(Check.INVALID, new NonceManager(() -> now, 60_000, 4, otherKey).check(n, "a.test"),
            "worthless to another process");
    }

    @Test
    void theNonceIsTimeSerialAndAnHmacSha256OverThemAndTheRealm() throws Exception
    {
        final byte[] raw = java.util.Base64.getUrlDecoder().decode(nonces.newNonce("a.test"));
        assertEquals(32, raw.length);
        assertEquals(now, java.nio.ByteBuffer.wrap(raw).getLong(0));
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(new byte[] {0}, "HmacSHA256"));
        mac.update(raw, 0, 16);
        final byte[] expected = mac.doFinal("a.test".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().formatHex(expected, 0, 16), java.util.HexFormat.of().formatHex(raw, 16, 32));
        // a key longer than a block is hashed first (RFC 2104)
        final byte[] longKey = new byte[100];
        longKey[99] = 9;
        final byte[] raw2 = java.util.Base64.getUrlDecoder().decode(new NonceManager(() -> now, 1000, 4, longKey).newNonce("r"));
        mac.init(new javax.crypto.spec.SecretKeySpec(longKey, "HmacSHA256"));
        mac.update(raw2, 0, 16);
        assertEquals(java.util.HexFormat.of().formatHex(mac.doFinal("r".getBytes()), 0, 16),
            java.util.HexFormat.of().formatHex(raw2, 16, 32));
    }

    @Test
    void oldNoncesAreStale()
    {
        final String n = nonces.newNonce("a.test");
        now += 60_000;
        assertSame(Check.VALID, nonces.check(n, "a.test"));
        now += 1;
        assertSame(Check.STALE, nonces.check(n, "a.test"));
        assertSame(Check.STALE, nonces.use(n, "a.test", 1));
    }

    @Test
    void nonceCountMustRise()
    {
        final String n = nonces.newNonce("a.test");
        assertSame(Check.VALID, nonces.use(n, "a.test", 1));
        assertSame(Check.STALE, nonces.use(n, "a.test", 1), "a replay");
        assertSame(Check.VALID, nonces.use(n, "a.test", 2));
        assertSame(Check.VALID, nonces.use(n, "a.test", 7), "gaps are fine");
        assertSame(Check.STALE, nonces.use(n, "a.test", 5), "lower is not");
        assertSame(Check.STALE, nonces.use(nonces.newNonce("a.test"), "a.test", 0), "nc starts at 1");
        assertEquals(1, nonces.trackedCount());
    }

    @Test
    void theTableIsBoundedAndAForgottenNonceCannotBeReplayed()
    {
        final String[] n = new String[6];
        for (int i = 0; i < n.length; i++)
        {
            n[i] = nonces.newNonce("a.test");
        }
        for (int i = 1; i < 5; i++)
        {
            assertSame(Check.VALID, nonces.use(n[i], "a.test", 1));
        }
        assertEquals(4, nonces.trackedCount());
        assertSame(Check.VALID, nonces.use(n[5], "a.test", 1), "room is made");
        assertEquals(4, nonces.trackedCount());
        assertSame(Check.STALE, nonces.use(n[1], "a.test", 2), "the oldest was forgotten: stale, never replayable");
        assertSame(Check.STALE, nonces.use(n[0], "a.test", 1), "older than what was forgotten");
        assertSame(Check.VALID, nonces.use(n[2], "a.test", 2), "the others are still counted");
        assertSame(Check.STALE, nonces.use(n[2], "a.test", 2));
    }

    @Test
    void expiredEntriesMakeRoomFirst()
    {
        for (int i = 0; i < 4; i++)
        {
            assertSame(Check.VALID, nonces.use(nonces.newNonce("a.test"), "a.test", 1));
        }
        now += 65_000;
        final String fresh = nonces.newNonce("a.test");
        assertSame(Check.VALID, nonces.use(fresh, "a.test", 1));
        assertEquals(1, nonces.trackedCount(), "the four expired entries were dropped");
    }
}
