package io.voxline.sip.message;

import static io.voxline.sip.message.Messages.lines;
import static io.voxline.sip.message.Messages.parseOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SipMessageWriterTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private final SipMessageWriter w = new SipMessageWriter();
    private final SipMessage parsed = new SipMessage();

    private SipMessage reparse(final int length)
    {
        assertTrue(length > 0, "writer failed");
        assertTrue(parsed.parse(out, 10, length), () -> parsed.errorReason() + "\n" + w);
        return parsed;
    }

    @Test
    void requestRoundTrip()
    {
        final byte[] sdp = Messages.SDP.getBytes(StandardCharsets.US_ASCII);
        w.wrap(out, 10)
            .requestLine(SipMethod.INVITE, "sip:201@192.0.2.2")
            .startHeader(HeaderName.VIA).append("SIP/2.0/UDP ").append("192.0.2.1").append(':').append(5062)
                .append(";branch=").append("z9hG4bK").append(0x1234L).append(";rport").endHeader()
            .header(HeaderName.MAX_FORWARDS, 70)
            .header(HeaderName.FROM, "\"Zoë\" <sip:101@a.test>;tag=abc")
            .header(HeaderName.TO, "<sip:201@a.test>")
            .header(HeaderName.CALL_ID, "c1@192.0.2.1")
            .header(HeaderName.CSEQ, "1 INVITE")
            .header(HeaderName.CONTACT, "<sip:101@192.0.2.1:5062>")
            .header("X-Line", "1")
            .header(HeaderName.USER_AGENT, "evil\r\nInjected: yes");
        final int len = w.body("application/sdp", sdp);
        assertEquals(len, w.length());
        assertTrue(w.isComplete());
        final SipMessage m = reparse(len);
        assertEquals(SipMethod.INVITE, m.method());
        assertEquals("sip:201@192.0.2.2", m.requestUri().toString());
        assertEquals("192.0.2.1", m.topVia().host().toString());
        assertEquals(5062, m.topVia().port());
        assertEquals("z9hG4bK4660", m.topVia().branch().toString());
        assertTrue(m.topVia().hasRport());
        assertEquals(70, m.maxForwards());
        assertEquals("Zoë", m.from().displayName().toUtf8String());
        assertEquals("abc", m.fromTag().toString());
        assertEquals("c1@192.0.2.1", m.callId().toString());
        assertEquals(1, m.cseqNumber());
        assertEquals("1", m.value(m.find("x-line")).toString());
        assertEquals("evil  Injected: yes", m.firstValue(HeaderName.USER_AGENT).toString(), "CR LF cannot split a header");
        assertEquals(-1, m.find("Injected"));
        assertEquals(sdp.length, m.contentLength());
        assertEquals(Messages.SDP, SipMessageParseTest.bodyText(m));
        assertTrue(w.toString().startsWith("INVITE sip:201@192.0.2.2 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5062;branch="));
    }

    @Test
    void responseRoundTripWithoutBody()
    {
        final int len = w.wrap(out, 10).statusLine(486, "Busy Here")
            .header(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx")
            .header(HeaderName.FROM, "<sip:a@b>;tag=1")
            .header(HeaderName.TO, "<sip:c@d>;tag=2")
            .header(HeaderName.CALL_ID, "x")
            .header(HeaderName.CSEQ, "5 INVITE")
            .header(HeaderName.RETRY_AFTER, 60)
            .endHeaders();
        final SipMessage m = reparse(len);
        assertEquals(486, m.statusCode());
        assertEquals("Busy Here", m.reasonPhrase().toString());
        assertEquals(0, m.contentLength());
        assertEquals(0, m.bodyLength());
        assertEquals(60, m.leadingNumber(m.first(HeaderName.RETRY_AFTER)));
        assertTrue(w.toString().endsWith("Retry-After: 60\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void copyEntryIsVerbatimWithCanonicalNamesAndUnfolds()
    {
        final SipMessage src = parseOk(lines(
            "INVITE sip:bob@192.0.2.4 SIP/2.0",
            "v: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKa , SIP/2.0/UDP 192.0.2.100;branch=z9hG4bKb",
            "f: <sip:alice@a.test>",
            " ;tag=x1",
            "t: <sip:bob@b.test>",
            "i: abc",
            "CSeq: 1 INVITE",
            "x-odd-Name:  keep  as is ",
            ""));
        w.wrap(out, 10).requestLine(src.method(), src.requestUri());
        for (int i = 0; i < src.headerCount(); i++)
        {
            w.copyEntry(src, i);
        }
        final int len = w.endHeaders();
        final String text = w.toString();
        assertTrue(text.contains("\r\nVia: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKa\r\nVia: SIP/2.0/UDP 192.0.2.100;branch=z9hG4bKb\r\n"), text);
        assertTrue(text.contains("\r\nFrom: <sip:alice@a.test>   ;tag=x1\r\n"), text);
        assertTrue(text.contains("\r\nCall-ID: abc\r\n"), text);
        assertTrue(text.contains("\r\nx-odd-Name: keep  as is\r\n"), text);
        final SipMessage m = reparse(len);
        assertEquals(2, m.count(HeaderName.VIA));
        assertEquals("x1", m.fromTag().toString());
        assertFalse(m.isFolded(m.first(HeaderName.FROM)));
    }

    @Test
    void copyViaReceivedFollowsRfc3581()
    {
        final SipMessage src = parseOk(lines(
            "OPTIONS sip:192.0.2.2 SIP/2.0",
            "Via: SIP/2.0/UDP 10.0.0.5:5060;rport;branch=z9hG4bKa",
            "Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bKb",
            "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKc",
            "Via: SIP/2.0/UDP 192.0.2.8;branch=z9hG4bKd;received=192.0.2.80",
            "Via: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bKe",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:192.0.2.2>",
            "Call-ID: r1",
            "CSeq: 1 OPTIONS",
            ""));
        final int[] vias = new int[5];
        int n = 0;
        for (int i = src.first(HeaderName.VIA); i >= 0; i = src.next(HeaderName.VIA, i))
        {
            vias[n++] = i;
        }
        w.wrap(out, 10).statusLine(200, "OK")
            .copyViaReceived(src, vias[0], "203.0.113.9", 40001)   // NAT: rport filled, received added
            .copyViaReceived(src, vias[1], "192.0.2.7", 5062)      // same host, no rport: verbatim
            .copyViaReceived(src, vias[2], "192.0.2.33", 5060)     // a name: received added
            .copyViaReceived(src, vias[3], "192.0.2.81", 5060)     // received already there: ours replaces it
            .copyViaReceived(src, vias[4], "[2001:db8::1]", 5060); // same IPv6 host, brackets ignored
        final String text = w.toString();
        assertTrue(text.contains("Via: SIP/2.0/UDP 10.0.0.5:5060;rport=40001;branch=z9hG4bKa;received=203.0.113.9\r\n"), text);
        assertTrue(text.contains("Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bKb\r\n"), text);
        assertTrue(text.contains("Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKc;received=192.0.2.33\r\n"), text);
        assertTrue(text.contains("Via: SIP/2.0/UDP 192.0.2.8;branch=z9hG4bKd;received=192.0.2.81\r\n"), text);
        assertTrue(text.contains("Via: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bKe\r\n"), text);
        assertFalse(w.hasFailed());
    }

    @Test
    void copyViaReceivedReplacesWhatTheSenderClaims()
    {
        // received is the receiving server's note (RFC 3261 18.2.1): one the sender wrote itself is a lie
        final SipMessage src = parseOk(lines(
            "OPTIONS sip:192.0.2.2 SIP/2.0",
            "Via: SIP/2.0/UDP 10.0.0.5:5060;rport=1;branch=z9hG4bKa;received=6.6.6.6",
            "Via: SIP/2.0/UDP 192.0.2.7:5062;received=6.6.6.6;branch=z9hG4bKb",
            "Via: SIP/2.0/UDP 192.0.2.8:5062 ; RECEIVED = 6.6.6.6 ;branch=z9hG4bKc;received=7.7.7.7",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:192.0.2.2>",
            "Call-ID: r2",
            "CSeq: 1 OPTIONS",
            ""));
        final int[] vias = new int[3];
        int n = 0;
        for (int i = src.first(HeaderName.VIA); i >= 0; i = src.next(HeaderName.VIA, i))
        {
            vias[n++] = i;
        }
        w.wrap(out, 0).statusLine(200, "OK")
            .copyViaReceived(src, vias[0], "203.0.113.9", 40001)   // rport and received overwritten
            .copyViaReceived(src, vias[1], "192.0.2.7", 5062)      // same host: the false received dropped
            .copyViaReceived(src, vias[2], "198.51.100.1", 5062);  // every received replaced by one of ours
        final String text = w.toString();
        assertTrue(text.contains("Via: SIP/2.0/UDP 10.0.0.5:5060;rport=40001;branch=z9hG4bKa;received=203.0.113.9\r\n"), text);
        assertTrue(text.contains("Via: SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bKb\r\n"), text);
        assertTrue(text.contains("Via: SIP/2.0/UDP 192.0.2.8:5062  ;branch=z9hG4bKc;received=198.51.100.1\r\n"), text);
        assertFalse(text.contains("6.6.6.6") || text.contains("7.7.7.7"), text);
        assertFalse(w.hasFailed());
    }

    @Test
    void overflowAndMisuseFailWithoutThrowing()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[40]);
        w.wrap(small, 0).requestLine(SipMethod.OPTIONS, "sip:192.0.2.2").header(HeaderName.CALL_ID, "0123456789012345678901234567890");
        assertTrue(w.hasFailed());
        assertEquals(-1, w.endHeaders());
        assertFalse(w.isComplete());

        assertEquals(-1, w.wrap(out, 0).header(HeaderName.CALL_ID, "x").endHeaders(), "a header before the start line");
        assertEquals(-1, w.wrap(out, 0).statusLine(200, "OK").statusLine(200, "OK").endHeaders(), "two start lines");
        assertEquals(-1, w.wrap(out, 0).statusLine(99, "No").endHeaders());
        assertEquals(-1, w.wrap(out, 0).statusLine(200, "OK").startHeader(HeaderName.VIA).endHeaders(), "header left open");
        assertEquals(-1, w.wrap(out, 0).statusLine(200, "OK").header(HeaderName.CONTENT_LENGTH, 5).endHeaders());
        assertEquals(-1, w.wrap(out, 0).statusLine(200, "OK").header("content-length", "5").endHeaders());
        assertEquals(-1, w.wrap(out, 0).statusLine(200, "OK").header(HeaderName.OTHER, "5").endHeaders());
        assertEquals(-1, w.wrap(out, 0).requestLine(SipMethod.UNKNOWN, "sip:x").endHeaders());
        assertEquals(-1, w.wrap(out, 0).statusLine(200, "OK").body("", new byte[3]));
        assertEquals(-1, w.wrap(null, 0).statusLine(200, "OK").endHeaders());
        assertEquals(-1, w.wrap(out, 5000).statusLine(200, "OK").endHeaders());
        w.wrap(out, 0).statusLine(200, "OK");
        w.endHeaders();
        assertEquals(-1, w.header(HeaderName.CALL_ID, "late").endHeaders(), "a header after the end");

        // a message that exactly fits
        final String exact = "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n";
        assertEquals(exact.length(), w.wrap(new UnsafeBuffer(new byte[exact.length()]), 0).statusLine(200, "OK").endHeaders());
        assertEquals(-1, w.wrap(new UnsafeBuffer(new byte[exact.length() - 1]), 0).statusLine(200, "OK").endHeaders());
    }

    @Test
    void aProxyCopiesEveryEntryAndTheBodyAsItIs()
    {
        final SipMessage src = parseOk(Messages.INVITE);
        w.wrap(out, 10).requestLine(src.method(), "sip:bob@192.0.2.99")
            .header(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.3;branch=z9hG4bKproxy");
        for (int i = 0; i < src.headerCount(); i++)
        {
            if (src.headerName(i) == HeaderName.MAX_FORWARDS)
            {
                w.header(HeaderName.MAX_FORWARDS, src.maxForwards() - 1);
            }
            else
            {
                w.copyEntry(src, i);
            }
        }
        final int len = w.body(null, src.buffer(), src.bodyOffset(), src.bodyLength());
        final SipMessage m = reparse(len);
        assertEquals(2, m.count(HeaderName.VIA));
        assertEquals(1, m.count(HeaderName.CONTENT_TYPE));
        assertEquals(1, m.count(HeaderName.CONTENT_LENGTH));
        assertEquals(69, m.maxForwards());
        assertEquals("z9hG4bKproxy", m.topVia().branch().toString());
        assertEquals(Messages.SDP, SipMessageParseTest.bodyText(m));
    }

    @Test
    void extensionMethodAndBodyFromBuffer()
    {
        final UnsafeBuffer body = new UnsafeBuffer("xxhelloxx".getBytes(StandardCharsets.US_ASCII));
        final int len = w.wrap(out, 10).requestLine("FOO", "sip:a@192.0.2.1")
            .header(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx")
            .header(HeaderName.FROM, "<sip:a@b>;tag=1")
            .header(HeaderName.TO, "<sip:c@d>")
            .header(HeaderName.CALL_ID, "x")
            .startHeader(HeaderName.CSEQ).append(9).append(" FOO").endHeader()
            .body("text/plain", body, 2, 5);
        final SipMessage m = reparse(len);
        assertEquals(SipMethod.UNKNOWN, m.method());
        assertEquals("FOO", m.methodName().toString());
        assertEquals("hello", SipMessageParseTest.bodyText(m));
        assertEquals("text/plain", m.firstValue(HeaderName.CONTENT_TYPE).toString());
    }

    @Test
    void idsHaveTheRightShape()
    {
        final SipIds ids = new SipIds(new SplittableRandom(42));
        final String branch = ids.newBranch();
        assertTrue(branch.matches("z9hG4bK[0-9a-f]{16}"), branch);
        assertTrue(ids.newTag().matches("[0-9a-f]{12}"));
        assertTrue(ids.newCallId("192.0.2.1").matches("[0-9a-f]{24}@192\\.0\\.2\\.1"));
        assertTrue(ids.newCallId(null).matches("[0-9a-f]{24}"));
        assertFalse(new SipIds().newBranch().equals(new SipIds().newBranch()));
        final Via v = new Via();
        final String text = "SIP/2.0/UDP 192.0.2.1;branch=" + branch;
        assertTrue(v.parse(Messages.buffer(text), Messages.PAD, text.length()));
        assertTrue(v.isRfc3261Branch());
        assertNull(v.received());
    }
}
