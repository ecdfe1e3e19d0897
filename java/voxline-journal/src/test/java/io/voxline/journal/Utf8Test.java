package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class Utf8Test
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final StringBuilder out = new StringBuilder();

    private String roundTrip(final String s, final int max)
    {
        final int length = Utf8.encodedLength(s, max);
        Utf8.encode(s, length, buffer, 3);
        Utf8.decode(buffer, 3, length, out);
        return out.toString();
    }

    @Test
    void encodesAsTheJdkDoes()
    {
        final String s = "a\u00e9\u20ac\ud83d\udcde";
        final byte[] jdk = s.getBytes(StandardCharsets.UTF_8);
        final int length = Utf8.encodedLength(s, 64);
        assertEquals(jdk.length, length);
        Utf8.encode(s, length, buffer, 0);
        final byte[] ours = new byte[length];
        buffer.getBytes(0, ours);
        assertEquals(new String(jdk, StandardCharsets.UTF_8), new String(ours, StandardCharsets.UTF_8));
        assertEquals(s, roundTrip(s, 64));
    }

    @Test
    void cutsAtACharacterBoundary()
    {
        assertEquals("ab", roundTrip("ab\u20ac", 4), "the euro sign needs 3 bytes, only 2 are left");
        assertEquals("a", roundTrip("a\ud83d\udcde", 4), "a surrogate pair is 4 bytes or nothing");
        assertTrue(Utf8.fits("abc", 3));
        assertFalse(Utf8.fits("abcd", 3));
    }

    @Test
    void unpairedSurrogatesAndMalformedBytesBecomeReplacementCharacters()
    {
        assertEquals("x\ufffdy", roundTrip("x\ud83dy", 64));
        final byte[] bad = { 'a', (byte)0xC3, 'b', (byte)0xFF, (byte)0xE2, (byte)0x82 };
        buffer.putBytes(0, bad);
        Utf8.decode(buffer, 0, bad.length, out);
        assertEquals("a\ufffdb\ufffd\ufffd\ufffd", out.toString());
    }
}
