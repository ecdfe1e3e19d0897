package io.voxline.sip.message;

import static io.voxline.sip.message.Messages.lines;
import static io.voxline.sip.message.Messages.parse;
import static io.voxline.sip.message.Messages.parseOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SipResponsesTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private final SipMessageWriter w = new SipMessageWriter();
    private final SipMessage response = new SipMessage();

    private static final String PROXIED_INVITE = withoutBody(Messages.INVITE).replace(
        "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9;rport",
        "Via: SIP/2.0/UDP 192.0.2.3:5060;branch=z9hG4bKp2;rport\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bKp1, SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9\r\n" +
        "Timestamp: 54\r\n" +
        "Route: <sip:192.0.2.4;lr>");

    private static String withoutBody(final String msg)
    {
        final int blank = msg.indexOf("\r\n\r\n");
        return msg.substring(0, blank + 4).replaceAll("Content-Length: \\d+", "Content-Length: 0");
    }

    @Test
    void ringingCopiesViasInOrderAndAddsTheToTag()
    {
        final SipMessage invite = parseOk(PROXIED_INVITE);
        w.wrap(out, 0);
        assertTrue(SipResponses.writeResponse(w, invite, 180, null, "b0b"));
        w.header(HeaderName.CONTACT, "<sip:bob@192.0.2.4>");
        final int len = w.endHeaders();
        assertTrue(response.parse(out, 0, len), response.errorReason());
        assertEquals(180, response.statusCode());
        assertEquals("Ringing", response.reasonPhrase().toString());
        assertEquals(3, response.count(HeaderName.VIA));
        final Via v = new Via();
        int i = response.first(HeaderName.VIA);
        assertEquals("z9hG4bKp2", response.topVia().branch().toString());
        i = response.next(HeaderName.VIA, i);
        assertTrue(v.parse(response, i));
        assertEquals("z9hG4bKp1", v.branch().toString());
        assertTrue(v.parse(response, response.next(HeaderName.VIA, i)));
        assertEquals("z9hG4bK74bf9", v.branch().toString());
        assertEquals("b0b", response.toTag().toString());
        assertEquals("9fxced76sl", response.fromTag().toString());
        assertEquals(invite.callId().toString(), response.callId().toString());
        assertEquals(314159, response.cseqNumber());
        assertEquals(SipMethod.INVITE, response.cseqMethod());
        assertEquals(-1, response.find("Timestamp"), "only a 100 echoes Timestamp");
        assertEquals(-1, response.first(HeaderName.ROUTE));
    }

    @Test
    void tryingHasNoTagAndEchoesTimestampAndCompletesTheTopVia()
    {
        final SipMessage invite = parseOk(PROXIED_INVITE);
        w.wrap(out, 0);
        assertTrue(SipResponses.writeResponse(w, invite, 100, null, null, "198.51.100.3", 31000));
        final int len = w.endHeaders();
        assertTrue(response.parse(out, 0, len), response.errorReason());
        assertNull(response.toTag());
        assertEquals("Trying", response.reasonPhrase().toString());
        assertEquals("54", response.value(response.find("timestamp")).toString());
        assertEquals(31000, response.topVia().rport());
        assertEquals("198.51.100.3", response.topVia().received().toString());
    }

    @Test
    void anExistingToTagIsKept()
    {
        final SipMessage bye = parseOk(Messages.BYE);
        w.wrap(out, 0);
        assertTrue(SipResponses.writeResponse(w, bye, 200, "OK", "ignored"));
        final int len = w.endHeaders();
        assertTrue(response.parse(out, 0, len));
        assertEquals("9fxced76sl", response.toTag().toString());
        assertEquals(1, response.to().params().count());
    }

    @Test
    void parseErrorsAreAnsweredWhenTheyCanBe()
    {
        final SipMessage bad = parse(lines(
            "OPTIONS sip:192.0.2.2 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKq",
            "From: <sip:201@b.test>;tag=1",
            "To: <sip:192.0.2.2>",
            "Call-ID: q1",
            "CSeq: 1 INVITE",
            ""));
        w.wrap(out, 0);
        final int len = SipResponses.writeParseError(w, bad, "192.0.2.4", 5060);
        assertTrue(len > 0);
        assertTrue(response.parse(out, 0, len), response.errorReason());
        assertEquals(400, response.statusCode());
        assertEquals("CSeq Method Does Not Match Request", response.reasonPhrase().toString());
        assertEquals("q1", response.callId().toString());

        final SipMessage v3 = parse(lines(
            "OPTIONS sip:192.0.2.2 SIP/3.0",
            "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKq",
            "From: <sip:201@b.test>;tag=1",
            "To: <sip:192.0.2.2>",
            "Call-ID: q1",
            "CSeq: 1 OPTIONS",
            ""));
        final int len3 = SipResponses.writeParseError(w.wrap(out, 0), v3, null, -1);
        assertTrue(response.parse(out, 0, len3));
        assertEquals(505, response.statusCode());
        assertEquals("Version Not Supported", response.reasonPhrase().toString());

        final SipMessage noVia = parse("OPTIONS sip:192.0.2.2 SIP/2.0\r\nCall-ID: x\r\n\r\n");
        assertEquals(-1, SipResponses.writeParseError(w.wrap(out, 0), noVia, "192.0.2.4", 5060));
        assertEquals(-1, SipResponses.writeParseError(w.wrap(out, 0), parseOk(Messages.OPTIONS), "192.0.2.4", 5060),
            "a valid message is not a parse error");
        assertFalse(SipResponses.writeResponse(w.wrap(out, 0), parseOk(Messages.RINGING), 200, null, null),
            "a response is not answered");
    }

    @Test
    void cancelMatchesTheInvite()
    {
        final SipMessage invite = parseOk(PROXIED_INVITE);
        w.wrap(out, 0);
        assertTrue(SipRequests.writeCancel(w, invite));
        final int len = w.endHeaders();
        assertTrue(response.parse(out, 0, len), response.errorReason());
        assertEquals(SipMethod.CANCEL, response.method());
        assertEquals("sip:bob@192.0.2.4", response.requestUri().toString());
        assertEquals(1, response.count(HeaderName.VIA));
        assertEquals("z9hG4bKp2", response.topVia().branch().toString());
        assertEquals(1, response.count(HeaderName.ROUTE));
        assertEquals(314159, response.cseqNumber());
        assertEquals(SipMethod.CANCEL, response.cseqMethod());
        assertNull(response.toTag());
        assertEquals(70, response.maxForwards());
    }

    @Test
    void ackForANon2xxTakesTheToOfTheResponse()
    {
        final SipMessage invite = parseOk(PROXIED_INVITE);
        final SipMessage busy = new SipMessage();
        final UnsafeBuffer busyBuf = new UnsafeBuffer(new byte[2048]);
        final SipMessageWriter bw = new SipMessageWriter(busyBuf);
        assertTrue(SipResponses.writeResponse(bw, invite, 486, null, "busy1"));
        assertTrue(busy.parse(busyBuf, 0, bw.endHeaders()));

        w.wrap(out, 0);
        assertTrue(SipRequests.writeAckForNon2xx(w, invite, busy));
        final int len = w.endHeaders();
        assertTrue(response.parse(out, 0, len), response.errorReason());
        assertEquals(SipMethod.ACK, response.method());
        assertEquals(SipMethod.ACK, response.cseqMethod());
        assertEquals(314159, response.cseqNumber());
        assertEquals("busy1", response.toTag().toString());
        assertEquals("z9hG4bKp2", response.topVia().branch().toString());
        assertFalse(SipRequests.writeAckForNon2xx(w.wrap(out, 0), invite, invite));
    }

    @Test
    void reasonPhrases()
    {
        assertEquals("Not Acceptable Here", SipResponses.reasonPhrase(488));
        assertEquals("Request Terminated", SipResponses.reasonPhrase(487));
        assertEquals("Client Error", SipResponses.reasonPhrase(499));
        assertEquals("Global Failure", SipResponses.reasonPhrase(699));
    }
}
