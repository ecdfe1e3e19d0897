package io.voxline.sip.message;

import static io.voxline.sip.message.Messages.PAD;
import static io.voxline.sip.message.Messages.lines;
import static io.voxline.sip.message.Messages.parseOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.parse.HostType;

class SipMessageParseTest
{
    @Test
    void inviteWithSdp()
    {
        final SipMessage m = parseOk(Messages.INVITE);
        assertTrue(m.isRequest());
        assertFalse(m.isResponse());
        assertEquals(SipMethod.INVITE, m.method());
        assertEquals("INVITE", m.methodName().toString());
        assertEquals("sip:bob@192.0.2.4", m.requestUri().toString());
        assertEquals("192.0.2.4", m.parsedRequestUri().host().toString());
        assertEquals(HostType.IPV4, m.parsedRequestUri().hostType());
        assertEquals(0, m.statusCode());

        assertEquals(10, m.headerCount());
        assertEquals(HeaderName.VIA, m.headerName(0));
        assertEquals(HeaderName.USER_AGENT, m.headerName(7));
        assertEquals("Voxline test", m.value(7).toString());
        assertEquals("3848276298220188511@192.0.2.101", m.callId().toString());
        assertEquals(314159, m.cseqNumber());
        assertEquals(SipMethod.INVITE, m.cseqMethod());
        assertEquals("INVITE", m.cseqMethodName().toString());
        assertEquals(70, m.maxForwards());
        assertEquals(Messages.SDP.length(), m.contentLength());
        assertEquals(-1, m.expires());

        final Via via = m.topVia();
        assertEquals("UDP", via.transport().toString());
        assertEquals("192.0.2.101", via.host().toString());
        assertEquals(5060, via.port());
        assertEquals("z9hG4bK74bf9", via.branch().toString());
        assertTrue(via.isRfc3261Branch());
        assertTrue(via.hasRport());
        assertEquals(-1, via.rport());

        assertEquals("9fxced76sl", m.fromTag().toString());
        assertNull(m.toTag());
        assertEquals("Alice A.", m.from().displayName().toString());
        assertEquals("alice", m.from().uri().user().toString());
        assertEquals("Bob", m.to().displayName().toString());

        assertEquals(Messages.SDP.length(), m.bodyLength());
        assertEquals(Messages.SDP, bodyText(m));
        assertEquals(PAD, m.offset());
        assertEquals(Messages.length(Messages.INVITE), m.length());
        assertEquals(Messages.INVITE, m.toString());
        assertEquals("application/sdp", m.firstValue(HeaderName.CONTENT_TYPE).toString());
        assertTrue(m.isAnswerable());
    }

    @Test
    void ringingWithTwoVias()
    {
        final SipMessage m = parseOk(Messages.RINGING);
        assertTrue(m.isResponse());
        assertFalse(m.isRequest());
        assertEquals(180, m.statusCode());
        assertEquals("Ringing", m.reasonPhrase().toString());
        assertEquals(SipMethod.INVITE, m.cseqMethod());
        assertEquals(2, m.count(HeaderName.VIA));
        final int second = m.next(HeaderName.VIA, m.first(HeaderName.VIA));
        final Via v = new Via();
        assertTrue(v.parse(m, second));
        assertEquals("192.0.2.101", v.received().toString());
        assertEquals(5060, v.rport());
        assertEquals("z9hG4bK4b43c2ff8.1", m.topVia().branch().toString());
        assertEquals("8321234356", m.toTag().toString());
        assertEquals(0, m.bodyLength());
        assertEquals(-1, m.maxForwards());
        assertFalse(m.isAnswerable(), "responses are not answered");
    }

    @Test
    void okWithRecordRouteListSplitAndBody()
    {
        final SipMessage m = parseOk(Messages.OK_200);
        assertEquals(200, m.statusCode());
        assertEquals("OK", m.reasonPhrase().toString());
        assertEquals(2, m.count(HeaderName.RECORD_ROUTE));
        final int rr1 = m.first(HeaderName.RECORD_ROUTE);
        final int rr2 = m.next(HeaderName.RECORD_ROUTE, rr1);
        assertEquals("<sip:192.0.2.3;lr>", m.value(rr1).toString());
        assertEquals("<sip:192.0.2.2;lr>", m.value(rr2).toString());
        final NameAddr na = new NameAddr();
        assertTrue(na.parse(m, rr2));
        assertTrue(na.uri().isLooseRouting());
        assertEquals(Messages.SDP, bodyText(m));
    }

    @Test
    void ackWithRoutes()
    {
        final SipMessage m = parseOk(Messages.ACK);
        assertEquals(SipMethod.ACK, m.method());
        assertEquals(2, m.count(HeaderName.ROUTE));
        assertFalse(m.isAnswerable(), "an ACK is never answered");
    }

    @Test
    void byeAndOptions()
    {
        final SipMessage bye = parseOk(Messages.BYE);
        assertEquals(SipMethod.BYE, bye.method());
        assertEquals(231, bye.cseqNumber());
        assertEquals("9fxced76sl", bye.toTag().toString());
        final SipMessage options = parseOk(Messages.OPTIONS);
        assertEquals(SipMethod.OPTIONS, options.method());
        assertNull(options.to().displayName());
        assertEquals("192.0.2.2", options.to().uri().host().toString());
        assertEquals("a84b4c76e66710", options.callId().toString());
    }

    @Test
    void registerWithTwoContactsInOneLine()
    {
        final SipMessage m = parseOk(Messages.REGISTER);
        assertEquals(SipMethod.REGISTER, m.method());
        assertEquals(7200, m.expires());
        assertEquals(2, m.count(HeaderName.CONTACT));
        final NameAddr c = new NameAddr();
        final int c1 = m.first(HeaderName.CONTACT);
        assertTrue(c.parse(m, c1));
        assertEquals(3600, c.expires());
        assertEquals(700, c.q());
        assertEquals("192.0.2.4", c.uri().host().toString());
        assertTrue(c.parse(m, m.next(HeaderName.CONTACT, c1)));
        assertEquals(60, c.expires());
        assertEquals(5070, c.uri().port());
        assertEquals(-1, c.q());
    }

    @Test
    void compactFormsAndCaseInsensitiveNames()
    {
        final SipMessage m = parseOk(lines(
            "MESSAGE sip:bob@192.0.2.4 SIP/2.0",
            "v: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKa",
            "VIA: SIP/2.0/TCP 192.0.2.102;branch=z9hG4bKb",
            "f: <sip:alice@a.test>;tag=1",
            "t: <sip:bob@b.test>",
            "i: abc",
            "cseq: 2 MESSAGE",
            "max-forwards: 69",
            "m: <sip:alice@192.0.2.101>",
            "c: text/plain",
            "k: timer",
            "s: hello",
            "o: presence",
            "u: talk",
            "r: <sip:carol@c.test>",
            "e: gzip",
            "x: 1800",
            "l: 5",
            "",
            "hello"));
        assertEquals(SipMethod.MESSAGE, m.method());
        assertEquals(2, m.count(HeaderName.VIA));
        assertEquals("v", m.headerNameText(0).toString());
        assertEquals("TCP", viaAt(m, m.next(HeaderName.VIA, 0)).transport().toString());
        assertEquals("abc", m.callId().toString());
        assertEquals(69, m.maxForwards());
        for (final HeaderName h : new HeaderName[] {HeaderName.CONTACT, HeaderName.CONTENT_TYPE, HeaderName.SUPPORTED,
            HeaderName.SUBJECT, HeaderName.EVENT, HeaderName.ALLOW_EVENTS, HeaderName.REFER_TO, HeaderName.CONTENT_ENCODING,
            HeaderName.SESSION_EXPIRES, HeaderName.CONTENT_LENGTH})
        {
            assertEquals(1, m.count(h), h.name());
        }
        assertEquals(5, m.bodyLength());
        assertEquals(1800, m.leadingNumber(m.first(HeaderName.SESSION_EXPIRES)));
        assertEquals(m.first(HeaderName.CONTENT_TYPE), m.find("Content-Type"));
        assertEquals(m.first(HeaderName.CONTENT_TYPE), m.find("c"));
    }

    @Test
    void foldedHeaderValues()
    {
        final SipMessage m = parseOk(lines(
            "INVITE sip:bob@192.0.2.4 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.101:5060",
            "  ;branch=z9hG4bK74bf9",
            "Subject: I know you're there,",
            "\tpick up the phone",
            "From: <sip:alice@a.test>",
            " ;tag=x1",
            "To: <sip:bob@b.test>",
            "Call-ID: c1",
            "CSeq: 1",
            "  INVITE",
            "Content-Length: 0",
            ""));
        assertEquals("z9hG4bK74bf9", m.topVia().branch().toString());
        assertEquals(5060, m.topVia().port());
        assertEquals("x1", m.fromTag().toString());
        assertEquals(SipMethod.INVITE, m.cseqMethod());
        final int subject = m.first(HeaderName.SUBJECT);
        assertTrue(m.isFolded(subject));
        assertEquals("I know you're there,\r\n\tpick up the phone", m.value(subject).toString());
    }

    @Test
    void multipleViasInOneLineWithQuotesAndBrackets()
    {
        final SipMessage m = parseOk(lines(
            "OPTIONS sip:192.0.2.2 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.3;branch=z9hG4bK1 , SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bK2,SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK3",
            "Contact: \"Smith, John\" <sip:j@192.0.2.7;x=a>;p=\"a,b\";expires=5, <sip:k@192.0.2.8>",
            "Max-Forwards: 70",
            "To: <sip:192.0.2.2>",
            "From: <sip:201@b.test>;tag=1",
            "Call-ID: a1",
            "CSeq: 1 OPTIONS",
            "Content-Length: 0",
            ""));
        assertEquals(3, m.count(HeaderName.VIA));
        final int v2 = m.next(HeaderName.VIA, m.first(HeaderName.VIA));
        final Via via = viaAt(m, v2);
        assertEquals("[2001:db8::9]", via.host().toString());
        assertEquals(HostType.IPV6, via.hostType());
        assertEquals(5070, via.port());
        assertEquals("z9hG4bK3", viaAt(m, m.next(HeaderName.VIA, v2)).branch().toString());
        assertEquals(2, m.count(HeaderName.CONTACT));
        final NameAddr c = new NameAddr();
        assertTrue(c.parse(m, m.first(HeaderName.CONTACT)));
        assertEquals("Smith, John", c.displayName().toString());
        assertEquals(5, c.expires());
        assertEquals("\"a,b\"", c.param("p").toString());
    }

    @Test
    void ipv6RequestUriAndVia()
    {
        final SipMessage m = parseOk(lines(
            "BYE sip:alice@[2001:db8::10]:5062;transport=udp SIP/2.0",
            "Via: SIP/2.0/UDP [2001:db8::20];branch=z9hG4bKv6",
            "From: <sip:bob@[2001:db8::20]>;tag=b",
            "To: <sip:alice@[2001:db8::10]>;tag=a",
            "Call-ID: v6@2001:db8::20",
            "CSeq: 7 BYE",
            ""));
        final SipUri uri = m.parsedRequestUri();
        assertEquals("[2001:db8::10]", uri.host().toString());
        assertEquals("2001:db8::10", uri.hostAddress(new io.voxline.sip.parse.BufferView()).toString());
        assertEquals(HostType.IPV6, uri.hostType());
        assertEquals(5062, uri.port());
        assertEquals("udp", uri.transport().toString());
        assertEquals(5060, m.topVia().portOrDefault());
        assertEquals(-1, m.contentLength());
    }

    @Test
    void contentLengthCutsDatagramAndAbsenceTakesTheRest()
    {
        final String head = lines(
            "MESSAGE sip:bob@192.0.2.4 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKa",
            "From: <sip:alice@a.test>;tag=1",
            "To: <sip:bob@b.test>",
            "Call-ID: abc",
            "CSeq: 2 MESSAGE");
        final SipMessage cut = parseOk(head + "Content-Length: 3\r\n\r\nhello");
        assertEquals(3, cut.bodyLength());
        assertEquals("hel", bodyText(cut));
        assertEquals(Messages.length(head) + "Content-Length: 3\r\n\r\nhel".length(), cut.length());
        final SipMessage rest = parseOk(head + "\r\nhello");
        assertEquals(5, rest.bodyLength());
        assertEquals(-1, rest.contentLength());
    }

    @Test
    void leadingCrlfAndBareLfLineEndsAndUnknownHeaders()
    {
        final SipMessage m = parseOk("\r\n\r\nNOTIFY sip:a@192.0.2.1 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 192.0.2.2;branch=z9hG4bKn\n" +
            "From: <sip:b@192.0.2.2>;tag=2\n" +
            "To: <sip:a@192.0.2.1>;tag=1\n" +
            "Call-ID: n1\n" +
            "CSeq: 3 NOTIFY\n" +
            "X-Custom : one\n" +
            "P-Asserted-Identity: <sip:b@192.0.2.2>\n" +
            "Event: dialog\n" +
            "\n");
        assertEquals(PAD + 4, m.offset());
        assertEquals(SipMethod.NOTIFY, m.method());
        final int x = m.find("x-custom");
        assertEquals(HeaderName.OTHER, m.headerName(x));
        assertEquals("one", m.value(x).toString());
        assertEquals("X-Custom", m.headerNameText(x).toString());
        assertTrue(m.find("P-Asserted-Identity") > x);
        assertEquals(-1, m.find("X-Missing"));
        assertEquals("dialog", m.firstValue(HeaderName.EVENT).toString());
    }

    @Test
    void unknownMethodAndEmptyReasonPhrase()
    {
        final SipMessage m = parseOk(lines(
            "FOO sip:bob@192.0.2.4 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKa",
            "From: <sip:alice@a.test>;tag=1",
            "To: <sip:bob@b.test>",
            "Call-ID: abc",
            "CSeq: 2 FOO",
            ""));
        assertEquals(SipMethod.UNKNOWN, m.method());
        assertEquals("FOO", m.methodName().toString());
        assertEquals(SipMethod.UNKNOWN, m.cseqMethod());
        final SipMessage r = parseOk(lines(
            "SIP/2.0 404",
            "Via: SIP/2.0/UDP 192.0.2.101;branch=z9hG4bKa",
            "From: <sip:alice@a.test>;tag=1",
            "To: <sip:bob@b.test>;tag=2",
            "Call-ID: abc",
            "CSeq: 2 INVITE",
            ""));
        assertEquals(404, r.statusCode());
        assertEquals("", r.reasonPhrase().toString());
    }

    @Test
    void reuseAcrossParsesForgetsThePreviousMessage()
    {
        final SipMessage m = new SipMessage();
        final UnsafeBuffer a = Messages.buffer(Messages.INVITE);
        final UnsafeBuffer b = Messages.buffer(Messages.RINGING);
        assertTrue(m.parse(a, PAD, Messages.length(Messages.INVITE)));
        assertTrue(m.parse(b, PAD, Messages.length(Messages.RINGING)));
        assertEquals(180, m.statusCode());
        assertEquals(-1, m.first(HeaderName.USER_AGENT));
        assertEquals(-1, m.maxForwards());
        assertTrue(m.parse(a, PAD, Messages.length(Messages.INVITE)));
        assertEquals(SipMethod.INVITE, m.method());
        assertEquals(0, m.statusCode());
    }

    @Test
    void copyFromKeepsAMessageBeyondItsBuffer()
    {
        final UnsafeBuffer original = Messages.buffer(Messages.INVITE);
        final SipMessage src = new SipMessage();
        assertTrue(src.parse(original, PAD, Messages.length(Messages.INVITE)));
        final SipMessage kept = new SipMessage();
        final UnsafeBuffer storage = new UnsafeBuffer(new byte[2048]);
        assertTrue(kept.copyFrom(src, storage, 100));
        original.setMemory(0, original.capacity(), (byte)'x');
        assertEquals("3848276298220188511@192.0.2.101", kept.callId().toString());
        assertEquals(Messages.SDP, bodyText(kept));
        assertFalse(kept.copyFrom(parseOk(Messages.INVITE), new UnsafeBuffer(new byte[16]), 0));
        assertEquals(ParseError.BAD_RANGE, kept.error());
    }

    static Via viaAt(final SipMessage m, final int i)
    {
        final Via v = new Via();
        assertTrue(v.parse(m, i), "via " + i);
        return v;
    }

    static String bodyText(final SipMessage m)
    {
        final byte[] b = new byte[m.bodyLength()];
        m.buffer().getBytes(m.bodyOffset(), b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
}
