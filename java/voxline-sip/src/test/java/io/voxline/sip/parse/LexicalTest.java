package io.voxline.sip.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class LexicalTest
{
    private static UnsafeBuffer b(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void digits()
    {
        assertEquals(0, SipChars.parseDigits(b("0"), 0, 1, 10));
        assertEquals(4294967295L, SipChars.parseDigits(b("4294967295"), 0, 10, 0xFFFF_FFFFL));
        assertEquals(-1, SipChars.parseDigits(b("4294967296"), 0, 10, 0xFFFF_FFFFL));
        assertEquals(-1, SipChars.parseDigits(b(""), 0, 0, 10));
        assertEquals(-1, SipChars.parseDigits(b("1x"), 0, 2, 10));
        assertEquals(-1, SipChars.parseDigits(b("+1"), 0, 2, 10));
        assertEquals(-1, SipChars.parseDigits(b("9999999999999999999999"), 0, 22, Long.MAX_VALUE), "no overflow");
        assertEquals(123456789012345678L, SipChars.parseDigits(b("123456789012345678"), 0, 18, Long.MAX_VALUE));
    }

    @Test
    void hosts()
    {
        assertTrue(SipChars.isIpv4(b("192.0.2.1"), 0, 9));
        assertTrue(SipChars.isIpv4(b("0.0.0.0"), 0, 7));
        assertFalse(SipChars.isIpv4(b("192.0.2"), 0, 7));
        assertFalse(SipChars.isIpv4(b("192.0.2.256"), 0, 11));
        assertFalse(SipChars.isIpv4(b("192.0.2.1."), 0, 10));
        assertFalse(SipChars.isIpv4(b("1922.0.2.1"), 0, 10));
        assertEquals(HostType.IPV6, SipChars.hostType(b("[::1]"), 0, 5));
        assertEquals(HostType.NAME, SipChars.hostType(b("a.test"), 0, 6));
        assertEquals(5, SipChars.scanHost(b("[::1]:5060"), 0, 10));
        assertEquals(-1, SipChars.scanHost(b("[:1]"), 0, 4), "too few colons");
        assertEquals(-1, SipChars.scanHost(b("[::g]"), 0, 5));
        assertEquals(6, SipChars.scanHost(b("a.test;lr"), 0, 9));
        assertEquals(-1, SipChars.scanHost(b(";lr"), 0, 3));
        assertEquals(5060, SipChars.parsePort(b(":5060"), 0, 5));
        assertEquals(-1, SipChars.parsePort(b(";"), 0, 1));
        assertEquals(-2, SipChars.parsePort(b(":"), 0, 1));
        assertEquals(-2, SipChars.parsePort(b(":65536"), 0, 6));
    }

    @Test
    void quotingAndBrackets()
    {
        final String s = "\"a,\\\"b\" <sip:x,y>, next";
        final UnsafeBuffer buf = b(s);
        assertEquals(s.indexOf(", next"), SipChars.indexOfUnquoted(buf, 0, s.length(), (byte)',', true));
        assertEquals(s.indexOf(",y"), SipChars.indexOfUnquoted(buf, 0, s.length(), (byte)',', false));
        assertEquals(-1, SipChars.indexOfUnquoted(b("\"open, x"), 0, 8, (byte)',', true));
        assertEquals(7, SipChars.skipQuoted(b("\"a\\\"b\"x"), 0, 7) + 1);
        assertEquals(-1, SipChars.skipQuoted(b("\"abc"), 0, 4));
    }

    @Test
    void paramList()
    {
        final String s = " ; a = 1 ;B;c=\"x;y\" ;d=";
        final UnsafeBuffer buf = b(s);
        final ParamList p = new ParamList();
        assertTrue(p.parse(buf, 0, s.length()));
        assertEquals(4, p.count());
        assertEquals("1", p.get("A").toString());
        assertTrue(p.has("b"));
        assertNull(p.get("b"), "a flag");
        assertEquals(-1, p.valueLength(1));
        assertEquals("\"x;y\"", p.get("c").toString());
        assertEquals("", p.get("d").toString());
        assertEquals(1, p.getLong("a", 10));
        assertEquals(-1, p.getLong("c", 10));
        assertEquals(-1, p.getLong("zz", 10));
        assertTrue(p.parse(buf, 0, 0));
        assertEquals(0, p.count());
        assertFalse(p.parse(b("a=1"), 0, 3), "must start with ';'");
        assertFalse(p.parse(b(";=1"), 0, 3));
        assertFalse(p.parse(b(";a=\"1"), 0, 5));
        assertFalse(p.parse(b(";a;"), 0, 3));
        assertFalse(p.parse(b(";a".repeat(ParamList.MAX_PARAMS + 1)), 0, 2 * (ParamList.MAX_PARAMS + 1)));
    }

    @Test
    void bufferView()
    {
        final UnsafeBuffer buf = new UnsafeBuffer("xZo\u00c3\u00abyy".getBytes(StandardCharsets.ISO_8859_1));
        final BufferView v = new BufferView(buf, 1, 4);
        assertEquals(4, v.length());
        assertEquals('Z', v.charAt(0));
        assertEquals(0xC3, v.charAt(2));
        assertEquals("Zoë", v.toUtf8String());
        assertEquals("Zo\u00c3\u00ab", v.toString());
        assertTrue(v.contentEquals("Zo\u00c3\u00ab"));
        assertTrue(new BufferView(buf, 0, 3).equalsIgnoreCase("XzO"));
        assertFalse(v.contentEquals(null));
        assertTrue(v.startsWithIgnoreCase("zO"));
        assertEquals("o\u00c3", v.subSequence(1, 3).toString());
        assertEquals(-1, v.parseLong(100));
        assertEquals(42, new BufferView(b("42"), 0, 2).parseLong(100));
        assertThrows(IndexOutOfBoundsException.class, () -> v.charAt(4));
        assertEquals("", new BufferView().toString());
    }
}
