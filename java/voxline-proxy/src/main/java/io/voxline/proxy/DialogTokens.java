package io.voxline.proxy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Marks the Record-Route this proxy puts into a dialog with an HMAC of the dialog's Call-ID (a {@value #PARAM}
 * URI parameter), so a later request whose top Route names us proves the dialog really went through here: a
 * stranger cannot make one up to relay a request unauthenticated. The key is random per start: after a
 * restart, requests in older dialogs are challenged like new ones.
 */
final class DialogTokens
{
    static final String PARAM = "vxd";
    private static final int HEX_CHARS = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Mac mac;
    private final byte[] scratch = new byte[512];
    private final char[] expected = new char[HEX_CHARS];

    DialogTokens()
    {
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try
        {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", ex);
        }
    }

    /** The token of a dialog with this Call-ID: 16 hex digits. */
    String token(final CharSequence callId)
    {
        compute(callId);
        return new String(expected);
    }

    /** True when token is the one this proxy made for callId (compared in constant time). */
    boolean matches(final CharSequence token, final CharSequence callId)
    {
        if (token == null || callId == null || token.length() != HEX_CHARS)
        {
            return false;
        }
        compute(callId);
        int diff = 0;
        for (int i = 0; i < HEX_CHARS; i++)
        {
            diff |= expected[i] ^ Character.toLowerCase(token.charAt(i));
        }
        return diff == 0;
    }

    private void compute(final CharSequence callId)
    {
        final int n = Math.min(callId.length(), scratch.length);
        for (int i = 0; i < n; i++)
        {
            scratch[i] = (byte)callId.charAt(i);
        }
        mac.update(scratch, 0, n);
        final byte[] digest = mac.doFinal();
        for (int i = 0; i < HEX_CHARS / 2; i++)
        {
            expected[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            expected[2 * i + 1] = HEX[digest[i] & 0xF];
        }
    }
}
