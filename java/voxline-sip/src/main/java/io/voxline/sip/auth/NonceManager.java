package io.voxline.sip.auth;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongLongConsumer;
import org.agrona.concurrent.EpochClock;

import io.voxline.sip.parse.BufferView;

/**
 * Server nonces that need no table to verify (RFC 7616 §3.3 and §5.4): a nonce is base64url of issue time (8 bytes,
 * ms), a serial number (8 bytes) and the first 16 bytes of HMAC-SHA-256 over both and the realm, under a key drawn
 * at random when this manager is made — so it proves where and when it came from, and it is worthless to any
 * other process and any other realm. Older than the lifetime it is stale.
 *
 * <p>Replay protection (nonce-count, RFC 7616 §3.4.5): for each nonce in use the highest nc accepted is kept, and a
 * request must bring a higher one. The table holds at most {@code maxTracked} nonces: when it is full, expired
 * entries are dropped, and if none is, the oldest (lowest serial) is forgotten and every nonce at or below its
 * serial that is not in the table counts as stale from then on — memory stays bounded and a forgotten nonce can
 * never be replayed; its owner gets stale=true and a fresh one. Entries are made only for credentials that
 * verified, so only someone who knows a password can fill the table.
 *
 * <p>On the owner's (reactor) thread; {@link #use} allocates nothing.
 */
public final class NonceManager
{
    /** Five minutes, what common registrars use. */
    public static final long DEFAULT_LIFETIME_MS = 300_000;
    public static final int DEFAULT_MAX_TRACKED = 4096;
    /** Characters of a nonce: 32 bytes in unpadded base64url. */
    public static final int NONCE_LENGTH = 43;

    /** What {@link #use} found. */
    public enum Check
    {
        /** Ours, alive, and nc higher than any before it: recorded. */
        VALID,
        /** Ours but expired, forgotten, or nc not higher than one already used (a replay). */
        STALE,
        /** Not a nonce this manager made for this realm. */
        INVALID
    }

    private static final int RAW = 32;
    private static final int MAC_BYTES = 16;
    private static final char[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final byte[] B64_VALUE = new byte[128];

    static
    {
        java.util.Arrays.fill(B64_VALUE, (byte)-1);
        for (int i = 0; i < B64.length; i++)
        {
            B64_VALUE[B64[i]] = (byte)i;
        }
    }

    private final EpochClock clock;
    private final long lifetimeMs;
    private final int maxTracked;
    /** HMAC-SHA-256 (RFC 2104) by hand over MessageDigest: javax.crypto.Mac allocates on every doFinal. */
    private final MessageDigest sha256;
    private final byte[] innerPad = new byte[64];
    private final byte[] outerPad = new byte[64];
    private final long baseMs;
    private final byte[] raw = new byte[RAW + 1];
    private final byte[] expected = new byte[32];
    private final byte[] realmBytes = new byte[512];
    /** serial -> (issued seconds since baseMs) << 32 | highest nc. */
    private final Long2LongHashMap tracked;
    private final long[] scratchKeys;
    private final Sweep sweep = new Sweep();
    private long serial;
    private long forgottenUpTo = -1;

    /** Default lifetime and table size, a fresh random key. */
    public NonceManager(final EpochClock clock)
    {
        this(clock, DEFAULT_LIFETIME_MS, DEFAULT_MAX_TRACKED);
    }

    public NonceManager(final EpochClock clock, final long lifetimeMs, final int maxTracked)
    {
        this(clock, lifetimeMs, maxTracked, randomKey());
    }

    /** With a given HMAC key (tests; a process sharing nonces with another). */
    public NonceManager(final EpochClock clock, final long lifetimeMs, final int maxTracked, final byte[] key)
    {
        if (lifetimeMs <= 0 || maxTracked < 1)
        {
            throw new IllegalArgumentException("lifetime and table size must be positive");
        }
        this.clock = clock;
        this.lifetimeMs = lifetimeMs;
        this.maxTracked = maxTracked;
        this.baseMs = clock.time();
        this.tracked = new Long2LongHashMap(Math.max(8, maxTracked * 2), 0.65f, -1L);
        this.scratchKeys = new long[maxTracked];
        try
        {
            sha256 = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
        final byte[] k = key.length > 64 ? sha256.digest(key) : key;
        for (int i = 0; i < 64; i++)
        {
            final byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte)(b ^ 0x36);
            outerPad[i] = (byte)(b ^ 0x5c);
        }
        this.serial = new SecureRandom().nextInt() & 0x7fff_ffffL;
    }

    private static byte[] randomKey()
    {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    public long lifetimeMs()
    {
        return lifetimeMs;
    }

    /** Nonces whose nc is remembered now. */
    public int trackedCount()
    {
        return tracked.size();
    }

    /** Appends a fresh nonce for realm (plain text or a BufferView) to out: {@link #NONCE_LENGTH} characters. */
    public StringBuilder newNonce(final CharSequence realm, final StringBuilder out)
    {
        final long now = clock.time();
        final long s = ++serial;
        putLong(raw, 0, now);
        putLong(raw, 8, s);
        sign(realm, raw, 16);
        encode(raw, RAW, out);
        return out;
    }

    /** A fresh nonce for realm as a String (allocates). */
    public String newNonce(final CharSequence realm)
    {
        return newNonce(realm, new StringBuilder(NONCE_LENGTH)).toString();
    }

    /** Without recording anything: is nonce ours for realm and alive? (VALID here says nothing about nc.) */
    public Check check(final CharSequence nonce, final CharSequence realm)
    {
        return inspect(nonce, realm, -1, false);
    }

    /**
     * Checks nonce for realm and records nc (≥ 1) as its highest when it is higher than any before: VALID. Call
     * only for credentials whose digest verified, so the table holds nonces of real users only.
     */
    public Check use(final CharSequence nonce, final CharSequence realm, final long nc)
    {
        return inspect(nonce, realm, nc, true);
    }

    private Check inspect(final CharSequence nonce, final CharSequence realm, final long nc, final boolean record)
    {
        if (nonce == null || nonce.length() != NONCE_LENGTH || !decode(nonce, raw))
        {
            return Check.INVALID;
        }
        sign(realm, expected, 0);
        int diff = 0;
        for (int i = 0; i < MAC_BYTES; i++)
        {
            diff |= expected[i] ^ raw[16 + i];
        }
        if (diff != 0)
        {
            return Check.INVALID;
        }
        final long issued = getLong(raw, 0);
        final long s = getLong(raw, 8);
        final long now = clock.time();
        if (now - issued > lifetimeMs || issued - now > lifetimeMs)
        {
            return Check.STALE;
        }
        if (!record)
        {
            return Check.VALID;
        }
        if (nc < 1 || nc > 0xFFFF_FFFFL)
        {
            return Check.STALE;
        }
        final long entry = tracked.get(s);
        if (entry != -1L)
        {
            if (nc <= (entry & 0xFFFF_FFFFL))
            {
                return Check.STALE;
            }
            tracked.put(s, (entry & 0xFFFF_FFFF_0000_0000L) | nc);
            return Check.VALID;
        }
        if (s <= forgottenUpTo)
        {
            return Check.STALE;
        }
        if (tracked.size() >= maxTracked)
        {
            makeRoom(now);
        }
        final long issuedSeconds = Math.max(0, (issued - baseMs) / 1000);
        tracked.put(s, (Math.min(issuedSeconds, 0x7FFF_FFFFL) << 32) | nc);
        return Check.VALID;
    }

    /** Drops expired entries; if none expired, forgets the oldest and raises the floor to it. */
    private void makeRoom(final long now)
    {
        sweep.count = 0;
        sweep.oldest = Long.MAX_VALUE;
        sweep.cutoffSeconds = (now - lifetimeMs - baseMs) / 1000 - 1;
        tracked.forEachLong(sweep);
        for (int i = 0; i < sweep.count; i++)
        {
            tracked.remove(scratchKeys[i]);
        }
        if (sweep.count == 0 && sweep.oldest != Long.MAX_VALUE)
        {
            tracked.remove(sweep.oldest);
            forgottenUpTo = Math.max(forgottenUpTo, sweep.oldest);
        }
    }

    private final class Sweep implements LongLongConsumer
    {
        int count;
        long oldest;
        long cutoffSeconds;

        @Override
        public void accept(final long key, final long value)
        {
            if ((value >>> 32) < cutoffSeconds && count < scratchKeys.length)
            {
                scratchKeys[count++] = key;
            }
            if (key < oldest)
            {
                oldest = key;
            }
        }
    }

    /** HMAC over raw[0, 16) and the realm's bytes, its first 16 bytes into out at off. */
    private void sign(final CharSequence realm, final byte[] out, final int off)
    {
        final int n = realmBytes(realm);
        try
        {
            sha256.reset();
            sha256.update(innerPad);
            sha256.update(raw, 0, 16);
            sha256.update(realmBytes, 0, n);
            sha256.digest(expected, 0, 32);
            sha256.update(outerPad);
            sha256.update(expected, 0, 32);
            sha256.digest(expected, 0, 32);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
        if (out != expected)
        {
            System.arraycopy(expected, 0, out, off, MAC_BYTES);
        }
    }

    /** The realm as bytes (unescaped when a view, UTF-8 when text); cut at realmBytes.length. */
    private int realmBytes(final CharSequence realm)
    {
        if (realm instanceof BufferView v)
        {
            final int n = Quoted.unescape(v.buffer(), v.offset(), v.length(), realmBytes);
            return n < 0 ? realmBytes.length : n;
        }
        final int n = Utf8.encode(realm, realmBytes);
        return n < 0 ? realmBytes.length : n;
    }

    private static void putLong(final byte[] b, final int off, final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            b[off + i] = (byte)(v >>> (56 - 8 * i));
        }
    }

    private static long getLong(final byte[] b, final int off)
    {
        long v = 0;
        for (int i = 0; i < 8; i++)
        {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** Unpadded base64url of bytes [0, n). */
    private static void encode(final byte[] b, final int n, final StringBuilder out)
    {
        int i = 0;
        for (; i + 3 <= n; i += 3)
        {
            final int v = ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
            out.append(B64[v >>> 18]).append(B64[(v >>> 12) & 63]).append(B64[(v >>> 6) & 63]).append(B64[v & 63]);
        }
        if (n - i == 2)
        {
            final int v = ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8);
            out.append(B64[v >>> 18]).append(B64[(v >>> 12) & 63]).append(B64[(v >>> 6) & 63]);
        }
        else if (n - i == 1)
        {
            final int v = (b[i] & 0xFF) << 16;
            out.append(B64[v >>> 18]).append(B64[(v >>> 12) & 63]);
        }
    }

    /** Decodes 43 base64url characters into 32 bytes of out; false on a character outside the alphabet. */
    private static boolean decode(final CharSequence s, final byte[] out)
    {
        int o = 0;
        int acc = 0;
        int bits = 0;
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            final int v = c < 128 ? B64_VALUE[c] : -1;
            if (v < 0)
            {
                return false;
            }
            acc = (acc << 6) | v;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                if (o < RAW)
                {
                    out[o++] = (byte)(acc >>> bits);
                }
                acc &= (1 << bits) - 1;
            }
        }
        // 43 characters carry 258 bits: the last 2 must be zero for a canonical encoding
        return o == RAW && acc == 0;
    }
}
