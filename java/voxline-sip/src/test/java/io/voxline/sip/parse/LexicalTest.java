package io.voxline.sip.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        final String s = " ; a = 1 ;B;c=\"x;y\" ;d=[2001:db8::1]";
        final UnsafeBuffer buf = b(s);
        final ParamList p = new ParamList();
        assertTrue(p.parse(buf, 0, s.length()));
        assertEquals(4, p.count());
        assertEquals("1", p.get("A").toString());
        assertTrue(p.has("b"));
        assertNull(p.get("b"), "a flag");
        assertEquals(-1, p.valueLength(1));
        assertEquals("\"x;y\"", p.get("c").toString());
        assertEquals("[2001:db8::1]", p.get("d").toString());
        assertEquals(1, p.getLong("a", 10));
        assertEquals(-1, p.getLong("c", 10));
        assertEquals(-1, p.getLong("zz", 10));
        assertTrue(p.parse(buf, 0, 0));
        assertEquals(0, p.count());
        assertFalse(p.parse(b("a=1"), 0, 3), "must start with ';'");
        assertFalse(p.parse(b(";=1"), 0, 3));
        assertFalse(p.parse(b(";a=\"1"), 0, 5));
        assertFalse(p.parse(b(";a;"), 0, 3));
        assertFalse(p.parse(b(";a="), 0, 3), "gen-value is not empty");
        assertFalse(p.parse(b(";a=b c"), 0, 6), "nor two words");
        assertFalse(p.parse(b(";a=<x>"), 0, 6), "nor anything but token, host or quoted string");
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

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::10", "2001:db8::10:5070", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
        "::ffff:192.0.2.10", "2001:db8::192.0.2.1", "1:2:3:4:5:6:192.0.2.1", "FFFF::abcd", "0:0:0:0:0:0:0:1"})
    void ipv6Addresses(final String s)
    {
        assertTrue(SipChars.isIpv6Address(b(s), 0, s.length()), s);
        final String ref = "[" + s + "]";
        assertEquals(ref.length(), SipChars.scanHost(b(ref + ";x"), 0, ref.length() + 2), ref);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "2001:db8:::192.0.2.1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::1",
        "1:2:3:4:5:6:7:8::", "::192.0.2.256", "1:2:3:4:5:6:7:192.0.2.1", "g::1", "1:", ":1", "2001:db8::1:"})
    void notIpv6Addresses(final String s)
    {
        assertFalse(SipChars.isIpv6Address(b(s), 0, s.length()), s);
        final String ref = "[" + s + "]";
        assertEquals(-1, SipChars.scanHost(b(ref), 0, ref.length()), ref);
    }

    @Test
    void hostnames()
    {
        for (final String ok : new String[] {"a", "a.test", "host-1.example.com", "example.com.", "x_y.test", "192.0.2.1", "999.1.1.1",
            "chair-dnss.example.com"})
        {
            assertEquals(ok.length(), SipChars.scanHost(b(ok), 0, ok.length()), ok);
        }
        for (final String bad : new String[] {"-a.test", "a-.test", "a..test", ".a", "host.123", "1.2.3", "123", "a.-b"})
        {
            assertEquals(-1, SipChars.scanHost(b(bad), 0, bad.length()), bad);
        }
    }

    @Test
    void escapesAndUriCharacters()
    {
        assertTrue(SipChars.isUser(b("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*"), 0, 48));
        assertTrue(SipChars.isUser(b("null-%00-null"), 0, 13));
        assertFalse(SipChars.isUser(b("a%4"), 0, 3), "an escape needs two hex digits");
        assertFalse(SipChars.isUser(b("a%zz"), 0, 4));
        assertFalse(SipChars.isUser(b("a@b"), 0, 3));
        assertFalse(SipChars.isUser(b(""), 0, 0));
        assertTrue(SipChars.isPassword(b("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"), 0, 42));
        assertFalse(SipChars.isPassword(b("a;b"), 0, 3));
        assertTrue(SipChars.isParamChars(b("%6C%72"), 0, 6));
        assertFalse(SipChars.isParamChars(b("a?b"), 0, 3));
        assertTrue(SipChars.isHeaderChars(b("%3Csip:example.com%3E"), 0, 21));
        assertTrue(SipChars.isUric(b("//192.0.2.103:3002"), 0, 18));
        assertFalse(SipChars.isUric(b("a b"), 0, 3));

        assertTrue(SipChars.equalsDecoded(b("%75se%72"), 0, 8, "user", false));
        assertTrue(SipChars.equalsDecoded(b("I%20have%20spaces"), 0, 17, "I have spaces", false));
        assertTrue(SipChars.equalsDecoded(b("%00"), 0, 3, "\0", false));
        assertTrue(SipChars.equalsDecoded(b("%Z%45"), 0, 5, "%ZE", false), "a '%' that is no escape stands for itself");
        assertFalse(SipChars.equalsDecoded(b("%75ser"), 0, 6, "User", false));
        assertTrue(SipChars.equalsDecoded(b("%75ser"), 0, 6, "User", true));
        assertFalse(SipChars.equalsDecoded(b("user"), 0, 4, "users", false));
        final org.agrona.concurrent.UnsafeBuffer out = new org.agrona.concurrent.UnsafeBuffer(new byte[32]);
        assertEquals(21, SipChars.decode(b("sips%3Auser%40example.com"), 0, 25, out, 0));
        assertEquals("sips:user@example.com", out.getStringWithoutLengthAscii(0, 21));

        // RFC 3261 19.1.4: escaped unreserved characters equal the characters, escaped reserved ones do not
        assertTrue(SipChars.equalsEscaped(b("%61lice"), 0, 7, b("alice"), 0, 5, false));
        assertFalse(SipChars.equalsEscaped(b("a%3Bb"), 0, 5, b("a;b"), 0, 3, false));
        assertTrue(SipChars.equalsEscaped(b("a%3bb"), 0, 5, b("a%3Bb"), 0, 5, false), "hex digits without case");
        assertFalse(SipChars.equalsEscaped(b("Alice"), 0, 5, b("alice"), 0, 5, false));
        assertTrue(SipChars.equalsEscaped(b("Alice"), 0, 5, b("alice"), 0, 5, true));
    }

    @Test
    void quotedPairs()
    {
        final String s = "J Rosenberg \\\\\\\"";
        assertTrue(SipChars.equalsUnescaped(b(s), 0, s.length(), "J Rosenberg \\\""));
        assertEquals(-1, SipChars.skipQuoted(b("\"a\\\r\n b\""), 0, 8), "a quoted-pair cannot escape CR");
        assertEquals(4, SipChars.skipQuoted(b("\"\\\u0000\""), 0, 4), "but may escape NUL");
        assertEquals(-1, SipChars.skipQuoted(b("\"abc\\"), 0, 5));
        final org.agrona.concurrent.UnsafeBuffer out = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
        assertEquals(3, SipChars.unescape(b("a\\\"b"), 0, 4, out, 0));
        assertEquals("a\"b", out.getStringWithoutLengthAscii(0, 3));
    }

    @Test
    void numbersWithLeadingZerosAndSigns()
    {
        assertEquals(68, SipChars.parseDigits(b("0068"), 0, 4, 255));
        assertEquals(9, SipChars.parseDigits(b("00000000000000000000000009"), 0, 26, 255), "leading zeros do not overflow");
        assertTrue(SipChars.isNegativeNumber(b("-999"), 0, 4));
        assertFalse(SipChars.isNegativeNumber(b("-"), 0, 1));
        assertFalse(SipChars.isNegativeNumber(b("999"), 0, 3));
    }

    @Test
    void addressValues()
    {
        assertEquals(0xC0000201L, SipChars.ipv4Value(b("192.0.2.1"), 0, 9));
        assertEquals(0xC0000201L, SipChars.ipv4Value(b("192.000.002.001"), 0, 15));
        assertEquals(-1, SipChars.ipv4Value(b("192.0.2.256"), 0, 11));
        assertEquals(0x20010db800000000L, SipChars.ipv6Half(b("2001:db8::10"), 0, 12, true));
        assertEquals(0x10L, SipChars.ipv6Half(b("2001:db8::10"), 0, 12, false));
        assertEquals(0x0000ffffc000020aL, SipChars.ipv6Half(b("::ffff:192.0.2.10"), 0, 17, false));
        assertEquals(0L, SipChars.ipv6Half(b("::ffff:192.0.2.10"), 0, 17, true));
        assertEquals(1L, SipChars.ipv6Half(b("0:0:0:0:0:0:0:1"), 0, 15, false));
    }

    @Test
    void uriParamsAndHeaders()
    {
        final ParamList p = new ParamList();
        assertTrue(p.parseUriParams(b(";%6C%72;n%61me=v%61lue%25%34%31"), 0, 31));
        assertTrue(p.has("lr"), "names compare decoded");
        assertTrue(p.get("name").equalsDecoded("value%41"));
        assertFalse(p.parseUriParams(b("; lr"), 0, 4), "no whitespace in a URI");
        assertFalse(p.parseUriParams(b(";a="), 0, 3));
        assertFalse(p.parseUriParams(b(";a=\"b\""), 0, 6));
        assertTrue(p.parseUriHeaders(b("Route=%3Csip:a%3E&Subject=&to=sip:bob%40b"), 0, 41));
        assertEquals(3, p.count());
        assertTrue(p.get("route").equalsDecoded("<sip:a>"));
        assertEquals("", p.get("subject").toString());
        assertFalse(p.parseUriHeaders(b("a=b&"), 0, 4));
        assertFalse(p.parseUriHeaders(b("a"), 0, 1));
        assertFalse(p.parseUriHeaders(b(""), 0, 0));
    }
}
