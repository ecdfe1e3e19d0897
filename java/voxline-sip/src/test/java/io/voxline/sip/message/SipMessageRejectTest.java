package io.voxline.sip.message;

import static io.voxline.sip.message.Messages.lines;
import static io.voxline.sip.message.Messages.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SipMessageRejectTest
{
    private static final String START = "OPTIONS sip:192.0.2.2 SIP/2.0";
    private static final String VIA = "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKhjhs8ass877";
    private static final String FROM = "From: <sip:201@b.test>;tag=1928301774";
    private static final String TO = "To: <sip:192.0.2.2>";
    private static final String CALL_ID = "Call-ID: a84b4c76e66710";
    private static final String CSEQ = "CSeq: 63104 OPTIONS";

    /** A valid OPTIONS with one line replaced (by index: 0 start line, 1 Via, 2 From, 3 To, 4 Call-ID, 5 CSeq) or extra lines added. */
    private static String options(final int replace, final String with, final String... extra)
    {
        final String[] base = {START, VIA, FROM, TO, CALL_ID, CSEQ};
        if (replace >= 0)
        {
            base[replace] = with;
        }
        final StringBuilder sb = new StringBuilder();
        for (final String line : base)
        {
            if (line != null)
            {
                sb.append(line).append("\r\n");
            }
        }
        for (final String line : extra)
        {
            sb.append(line).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    private static Arguments bad(final String name, final String text, final ParseError error, final String reason, final boolean answerable)
    {
        return Arguments.of(name, text, error, reason, answerable);
    }

    private static Arguments bad(final String name, final String text, final ParseError error, final boolean answerable)
    {
        return Arguments.of(name, text, error, error.reason(), answerable);
    }

    static Stream<Arguments> rejected()
    {
        return Stream.of(
            // start line: a bad request line is answered (RFC 4475 expects 400 for each)
            bad("request line without version", options(0, "OPTIONS sip:192.0.2.2"), ParseError.BAD_REQUEST_LINE, true),
            bad("two spaces", options(0, "OPTIONS  sip:192.0.2.2 SIP/2.0"), ParseError.REQUEST_LINE_WHITESPACE, true),
            bad("leading space", options(0, " OPTIONS sip:192.0.2.2 SIP/2.0"), ParseError.REQUEST_LINE_WHITESPACE, true),
            bad("trailing space", options(0, "OPTIONS sip:192.0.2.2 SIP/2.0 "), ParseError.REQUEST_LINE_WHITESPACE, true),
            bad("space before version", options(0, "OPTIONS sip:192.0.2.2  SIP/2.0"), ParseError.REQUEST_LINE_WHITESPACE, true),
            bad("space in uri", options(0, "OPTIONS sip:192.0.2.2; lr SIP/2.0"), ParseError.WHITESPACE_IN_REQUEST_URI, true),
            bad("tab in uri", options(0, "OPTIONS sip:192.0.2.2;\tlr SIP/2.0"), ParseError.WHITESPACE_IN_REQUEST_URI, true),
            bad("method not a token", options(0, "OPT(IONS sip:192.0.2.2 SIP/2.0"), ParseError.BAD_METHOD, true),
            bad("garbage version", options(0, "OPTIONS sip:192.0.2.2 HTTP/1.1"), ParseError.BAD_REQUEST_LINE, true),
            bad("uri without scheme", options(0, "OPTIONS 192.0.2.2 SIP/2.0"), ParseError.BAD_REQUEST_URI, true),
            bad("uri with empty rest", options(0, "OPTIONS sip: SIP/2.0"), ParseError.BAD_REQUEST_URI, true),
            bad("uri in angle brackets", options(0, "OPTIONS <sip:192.0.2.2> SIP/2.0"), ParseError.BAD_REQUEST_URI, true),
            bad("uri with a bad escape", options(0, "OPTIONS sip:a%4g@192.0.2.2 SIP/2.0"), ParseError.BAD_REQUEST_URI, true),
            bad("uri with bare IPv6", options(0, "OPTIONS sip:2001:db8::10 SIP/2.0"), ParseError.BAD_REQUEST_URI, true),
            bad("uri with three colons", options(0, "OPTIONS sip:[2001:db8:::192.0.2.1] SIP/2.0"), ParseError.BAD_REQUEST_URI, true),
            bad("uri with headers", options(0, "OPTIONS sip:a@192.0.2.2?Route=%3Csip:x%3E SIP/2.0"), ParseError.HEADERS_IN_REQUEST_URI, true),
            bad("SIP/3.0 request", options(0, "OPTIONS sip:192.0.2.2 SIP/3.0"), ParseError.VERSION_NOT_SUPPORTED, true),
            bad("SIP/1.0 response", options(0, "SIP/1.0 200 OK"), ParseError.VERSION_NOT_SUPPORTED, false),
            bad("status code two digits", options(0, "SIP/2.0 20 OK"), ParseError.BAD_STATUS_LINE, false),
            bad("status code 700", options(0, "SIP/2.0 700 Odd"), ParseError.BAD_STATUS_LINE, false),
            bad("status code 099", options(0, "SIP/2.0 099 Odd"), ParseError.BAD_STATUS_LINE, false),
            bad("status code letters", options(0, "SIP/2.0 2x0 OK"), ParseError.BAD_STATUS_LINE, false),
            bad("status code run on", options(0, "SIP/2.0 2000 OK"), ParseError.BAD_STATUS_LINE, false),
            bad("NUL in start line", options(0, "OPTIONS sip:192.0.2.2\0 SIP/2.0"), ParseError.CONTROL_CHARACTER, false),
            bad("no line end", "OPTIONS sip:192.0.2.2 SIP/2.0", ParseError.INCOMPLETE_START_LINE, false),
            bad("only CRLFs", "\r\n\r\n", ParseError.EMPTY, false),
            // header lines
            bad("control byte in value", options(-1, null, "Subject: a\u0001b"), ParseError.CONTROL_CHARACTER, false),
            bad("DEL in value", options(-1, null, "Subject: a\u007fb"), ParseError.CONTROL_CHARACTER, false),
            bad("escaped control outside quotes", options(-1, null, "Contact: <sip:a@b>;x=\\\u0001"), ParseError.CONTROL_CHARACTER, false),
            bad("escaped control in unknown header", options(-1, null, "X-Foo: \"\\\u0001\""), ParseError.CONTROL_CHARACTER, false),
            bad("bare CR in value", options(-1, null, "Subject: a\rb"), ParseError.BARE_CR, false),
            bad("no colon", options(-1, null, "Subject hello"), ParseError.BAD_HEADER_LINE, false),
            bad("empty name", options(-1, null, ": hello"), ParseError.BAD_HEADER_LINE, false),
            bad("space in name", options(-1, null, "Sub ject: hello"), ParseError.BAD_HEADER_LINE, false),
            // mandatory headers
            bad("no Via", options(1, null), ParseError.MISSING_VIA, false),
            bad("no From", options(2, null), ParseError.MISSING_FROM, false),
            bad("no To", options(3, null), ParseError.MISSING_TO, false),
            bad("no Call-ID", options(4, null), ParseError.MISSING_CALL_ID, false),
            bad("no CSeq", options(5, null), ParseError.MISSING_CSEQ, false),
            // duplicates: the answer copies the first of each
            bad("two From", options(-1, null, "From: <sip:x@b.test>;tag=2"), ParseError.DUPLICATE_FROM, true),
            bad("two To", options(-1, null, "t: <sip:x@b.test>"), ParseError.DUPLICATE_TO, true),
            bad("two Call-ID", options(-1, null, "i: other"), ParseError.DUPLICATE_CALL_ID, true),
            bad("two CSeq", options(-1, null, "CSeq: 63104 OPTIONS"), ParseError.DUPLICATE_CSEQ, true),
            bad("two Content-Length", options(-1, null, "l: 0", "Content-Length: 0"), ParseError.DUPLICATE_CONTENT_LENGTH, true),
            bad("two Max-Forwards", options(-1, null, "Max-Forwards: 70", "Max-Forwards: 70"), ParseError.DUPLICATE_MAX_FORWARDS, true),
            bad("two Content-Type", options(-1, null, "c: text/plain", "Content-Type: text/plain"), ParseError.DUPLICATE_HEADER,
                "Duplicate Content-Type Header", true),
            bad("two Expires", options(-1, null, "Expires: 1", "Expires: 2"), ParseError.DUPLICATE_HEADER, "Duplicate Expires Header", true),
            bad("two Subject", options(-1, null, "s: a", "Subject: b"), ParseError.DUPLICATE_HEADER, "Duplicate Subject Header", true),
            bad("two Date", options(-1, null, "Date: Sat, 13 Nov 2010 23:29:00 GMT", "Date: Sat, 13 Nov 2010 23:29:00 GMT"),
                ParseError.DUPLICATE_HEADER, "Duplicate Date Header", true),
            // values
            bad("Via without transport", options(1, "Via: SIP/2.0 192.0.2.4"), ParseError.BAD_VIA, false),
            bad("Via with bad port", options(1, "Via: SIP/2.0/UDP 192.0.2.4:70000;branch=z9hG4bK1"), ParseError.BAD_VIA, false),
            bad("Via with empty branch", options(1, "Via: SIP/2.0/UDP 192.0.2.4;branch="), ParseError.BAD_VIA, false),
            bad("second Via bad", options(-1, null, "Via: SIP/2.0/UDP 192.0.2.5;;"), ParseError.BAD_VIA, false),
            bad("Via empty element", options(1, "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1,,SIP/2.0/UDP 192.0.2.5"),
                ParseError.EMPTY_LIST_ELEMENT, "Empty Element In Via Header", true),
            bad("From unbalanced <", options(2, "From: <sip:201@b.test;tag=1"), ParseError.UNBALANCED_ANGLE_BRACKETS,
                "Unbalanced Angle Brackets In From Header", false),
            bad("To unterminated quote", options(3, "To: \"unterminated <sip:a@b>"), ParseError.UNTERMINATED_QUOTE,
                "Unterminated Quoted String In To Header", false),
            bad("To with spaces inside <>", options(3, "To: < sip:192.0.2.2 >"), ParseError.BAD_TO, false),
            bad("From display name not a token", options(2, "From: Bell, Alexander <sip:a@b.test>;tag=1"), ParseError.BAD_FROM, false),
            bad("From empty param", options(2, "From: sip:a@b.test;;tag=1"), ParseError.BAD_FROM, false),
            bad("From tag without a value", options(2, "From: <sip:a@b.test>;tag"), ParseError.BAD_FROM, false),
            bad("To with a valueless tag before a tag", options(3, "To: <sip:192.0.2.2>;tag;tag=1"), ParseError.BAD_TO, false),
            bad("To tag empty", options(3, "To: <sip:192.0.2.2>;tag="), ParseError.BAD_TO, false),
            bad("empty Call-ID", options(4, "Call-ID:"), ParseError.BAD_CALL_ID, false),
            bad("Call-ID with space", options(4, "Call-ID: a b"), ParseError.BAD_CALL_ID, false),
            bad("Call-ID with two @", options(4, "Call-ID: a@b@c"), ParseError.BAD_CALL_ID, false),
            bad("CSeq letters", options(5, "CSeq: x OPTIONS"), ParseError.BAD_CSEQ, false),
            bad("CSeq negative", options(5, "CSeq: -1 OPTIONS"), ParseError.NEGATIVE_NUMBER, "Negative CSeq", false),
            bad("CSeq overlarge", options(5, "CSeq: 4294967296 OPTIONS"), ParseError.NUMBER_OUT_OF_RANGE, "CSeq Out Of Range", false),
            bad("CSeq no method", options(5, "CSeq: 1"), ParseError.BAD_CSEQ, false),
            bad("CSeq method mismatch", options(5, "CSeq: 1 INVITE"), ParseError.CSEQ_METHOD_MISMATCH, true),
            bad("CSeq method case", options(5, "CSeq: 1 options"), ParseError.CSEQ_METHOD_MISMATCH, true),
            bad("Max-Forwards letters", options(-1, null, "Max-Forwards: seventy"), ParseError.BAD_MAX_FORWARDS, true),
            bad("Max-Forwards 256", options(-1, null, "Max-Forwards: 256"), ParseError.NUMBER_OUT_OF_RANGE, "Max-Forwards Out Of Range", true),
            bad("Content-Length negative", options(-1, null, "Content-Length: -1"), ParseError.NEGATIVE_NUMBER, "Negative Content-Length", true),
            bad("Content-Length huge", options(-1, null, "Content-Length: 99999999999999999999999"),
                ParseError.NUMBER_OUT_OF_RANGE, "Content-Length Out Of Range", true),
            bad("Expires date", options(-1, null, "Expires: Thu, 01 Dec 1994 16:00:00 GMT"), ParseError.BAD_EXPIRES, true),
            bad("Expires over 2^32", options(-1, null, "Expires: 4294967296"), ParseError.NUMBER_OUT_OF_RANGE, "Expires Out Of Range", true),
            bad("Min-Expires negative", options(-1, null, "Min-Expires: -60"), ParseError.NEGATIVE_NUMBER, "Negative Min-Expires", true),
            bad("Date not GMT", options(-1, null, "Date: Fri, 01 Jan 2010 16:00:00 EST"), ParseError.BAD_HEADER_VALUE, "Malformed Date Header", true),
            bad("Date without weekday", options(-1, null, "Date: 01 Jan 2010 16:00:00 GMT"), ParseError.BAD_HEADER_VALUE, "Malformed Date Header", true),
            bad("Contact URI with headers, no <>", options(-1, null, "Contact: sip:a@b.test?Route=%3Csip:c%3E"),
                ParseError.BAD_HEADER_VALUE, "Malformed Contact Header", true),
            bad("Contact unterminated quote", options(-1, null, "Contact: \"a <sip:a@b.test>"), ParseError.UNTERMINATED_QUOTE,
                "Unterminated Quoted String In Contact Header", true),
            bad("Route without <>", options(-1, null, "Route: sip:192.0.2.9;lr"), ParseError.BAD_HEADER_VALUE, "Malformed Route Header", true),
            bad("Record-Route nested <", options(-1, null, "Record-Route: <<sip:192.0.2.9;lr>>"), ParseError.UNBALANCED_ANGLE_BRACKETS,
                "Unbalanced Angle Brackets In Record-Route Header", true),
            bad("Content-Type not a type", options(-1, null, "Content-Type: sdp"), ParseError.BAD_HEADER_VALUE, "Malformed Content-Type Header", true),
            bad("Accept element empty", options(-1, null, "Accept: application/sdp, , text/plain"), ParseError.EMPTY_LIST_ELEMENT,
                "Empty Element In Accept Header", true),
            bad("Require empty", options(-1, null, "Require:"), ParseError.BAD_HEADER_VALUE, "Malformed Require Header", true),
            bad("Allow not a token", options(-1, null, "Allow: INVITE, B@D"), ParseError.BAD_HEADER_VALUE, "Malformed Allow Header", true),
            bad("Warning code of four digits", options(-1, null, "Warning: 1812 overture \"In Progress\""), ParseError.BAD_HEADER_VALUE,
                "Malformed Warning Header", true),
            bad("Retry-After overlarge", options(-1, null, "Retry-After: 949302838503028349304023988"), ParseError.NUMBER_OUT_OF_RANGE,
                "Retry-After Out Of Range", true),
            bad("Authorization without params", options(-1, null, "Authorization: Digest"), ParseError.BAD_HEADER_VALUE,
                "Malformed Authorization Header", true),
            bad("Timestamp letters", options(-1, null, "Timestamp: soon"), ParseError.BAD_HEADER_VALUE, "Malformed Timestamp Header", true),
            bad("body shorter than Content-Length", options(-1, null, "Content-Length: 10"), ParseError.BODY_TOO_SHORT, true),
            bad("no blank line", options(-1, null).substring(0, options(-1, null).length() - 2),
                ParseError.MISSING_BLANK_LINE, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithReason(final String name, final String text, final ParseError expected, final String reason, final boolean answerable)
    {
        final SipMessage m = parse(text);
        assertEquals(expected, m.error(), name);
        assertEquals(reason, m.errorReason());
        assertEquals(expected.status(), m.errorStatus());
        assertEquals(answerable, m.isAnswerable(), "answerable: " + name);
        if (answerable)
        {
            // the answer is a valid message saying what was wrong
            final org.agrona.concurrent.UnsafeBuffer out = new org.agrona.concurrent.UnsafeBuffer(new byte[4096]);
            final int len = SipResponses.writeParseError(new SipMessageWriter().wrap(out, 0), m, "192.0.2.7", 5060);
            final SipMessage answer = new SipMessage();
            assertTrue(len > 0 && answer.parse(out, 0, len), () -> answer.errorReason());
            assertEquals(expected.status(), answer.statusCode());
            assertTrue(answer.reasonPhrase().contentEquals(reason));
        }
    }

    @Test
    void theBaseMessageIsValid()
    {
        final SipMessage m = parse(options(-1, null));
        assertEquals(ParseError.NONE, m.error());
        assertEquals("OK", m.errorReason());
        assertEquals(0, m.errorStatus());
    }

    @Test
    void streamFramingNeedsContentLength()
    {
        final String text = options(-1, null);
        final SipMessage m = new SipMessage();
        assertTrue(m.parse(Messages.buffer(text), Messages.PAD, Messages.length(text), SipMessage.Framing.DATAGRAM));
        assertFalse(m.parseStream(Messages.buffer(text), Messages.PAD, Messages.length(text)));
        assertEquals(ParseError.MISSING_CONTENT_LENGTH, m.error());
        assertEquals("Missing Content-Length On Stream Transport", m.errorReason());
        assertEquals(HeaderName.CONTENT_LENGTH, m.errorHeader());
        assertTrue(m.isAnswerable());
        final String framed = options(-1, null, "l: 0");
        assertTrue(m.parseStream(Messages.buffer(framed), Messages.PAD, Messages.length(framed)));
    }

    @Test
    void limits()
    {
        final SipMessage m = new SipMessage();
        final byte[] big = new byte[SipMessage.MAX_MESSAGE_SIZE + 1];
        java.util.Arrays.fill(big, (byte)'a');
        assertFalse(m.parse(new UnsafeBuffer(big), 0, big.length));
        assertEquals(ParseError.MESSAGE_TOO_LARGE, m.error());
        assertEquals(513, m.errorStatus());
        final String longLine = options(-1, null, "Subject: " + "x".repeat(SipMessage.MAX_LINE_LENGTH));
        assertEquals(ParseError.LINE_TOO_LONG, parse(longLine).error());
        final String longFolded = options(-1, null, "Subject: a" + "\r\n b".repeat(SipMessage.MAX_LINE_LENGTH / 3));
        assertEquals(ParseError.LINE_TOO_LONG, parse(longFolded).error(), "continuation lines count");
        final String fits = options(-1, null, "Subject: " + "x".repeat(SipMessage.MAX_LINE_LENGTH - 20));
        assertEquals(ParseError.NONE, parse(fits).error());
        assertEquals(ParseError.LINE_TOO_LONG, parse(options(0, "OPTIONS sip:" + "a".repeat(SipMessage.MAX_LINE_LENGTH) + "@h SIP/2.0")).error());
    }

    @Test
    void tooManyHeaders()
    {
        final String[] extra = new String[60];
        java.util.Arrays.fill(extra, "Via: SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKx");
        assertEquals(ParseError.NONE, parse(options(-1, null, java.util.Arrays.copyOf(extra, 58))).error());
        final SipMessage m = parse(options(-1, null, extra));
        assertEquals(ParseError.TOO_MANY_HEADERS, m.error());
        assertEquals(400, m.errorStatus());
        final String oneLine = options(-1, null, "Via: " + "SIP/2.0/UDP 192.0.2.9, ".repeat(60) + "SIP/2.0/UDP 192.0.2.9");
        assertEquals(ParseError.TOO_MANY_HEADERS, parse(oneLine).error());
        final SipMessage small = new SipMessage(8);
        small.parse(Messages.buffer(Messages.INVITE), Messages.PAD, Messages.length(Messages.INVITE));
        assertEquals(ParseError.TOO_MANY_HEADERS, small.error());
    }

    @Test
    void badRangesNeverThrow()
    {
        final SipMessage m = new SipMessage();
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[16]);
        assertFalse(m.parse(null, 0, 0));
        assertFalse(m.parse(buf, -1, 4));
        assertFalse(m.parse(buf, 0, 17));
        assertFalse(m.parse(buf, 10, 7));
        assertFalse(m.parse(buf, 4, -1));
        assertFalse(m.parse(buf, Integer.MAX_VALUE, 1));
        assertEquals(ParseError.BAD_RANGE, m.error());
        assertFalse(m.parse(buf, 16, 0));
        assertEquals(ParseError.EMPTY, m.error());
        assertEquals("", m.toString());
    }

    @Test
    void aFailedRequestKeepsWhatAResponseNeeds()
    {
        final SipMessage m = parse(options(5, "CSeq: 1 INVITE"));
        assertTrue(m.isAnswerable());
        assertEquals(HeaderName.CSEQ, m.errorHeader());
        assertEquals("a84b4c76e66710", m.callId().toString());
        assertEquals(1, m.count(HeaderName.VIA));
        assertEquals("z9hG4bKhjhs8ass877", m.topVia().branch().toString());
        final SipMessage ack = parse(lines(
            "ACK sip:192.0.2.2 SIP/2.0", VIA, FROM, TO, CALL_ID, "CSeq: 1 BYE", ""));
        assertEquals(ParseError.CSEQ_METHOD_MISMATCH, ack.error());
        assertFalse(ack.isAnswerable(), "an ACK is never answered, even a bad one");
    }
}
