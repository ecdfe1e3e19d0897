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

    static Stream<Arguments> rejected()
    {
        return Stream.of(
            // start line
            Arguments.of("request line without version", options(0, "OPTIONS sip:192.0.2.2"), ParseError.BAD_REQUEST_LINE, false),
            Arguments.of("two spaces", options(0, "OPTIONS  sip:192.0.2.2 SIP/2.0"), ParseError.BAD_REQUEST_LINE, false),
            Arguments.of("method not a token", options(0, "OPT(IONS sip:192.0.2.2 SIP/2.0"), ParseError.BAD_REQUEST_LINE, false),
            Arguments.of("garbage version", options(0, "OPTIONS sip:192.0.2.2 HTTP/1.1"), ParseError.BAD_REQUEST_LINE, false),
            Arguments.of("uri without scheme", options(0, "OPTIONS 192.0.2.2 SIP/2.0"), ParseError.BAD_REQUEST_URI, false),
            Arguments.of("uri with empty rest", options(0, "OPTIONS sip: SIP/2.0"), ParseError.BAD_REQUEST_URI, false),
            Arguments.of("SIP/3.0 request", options(0, "OPTIONS sip:192.0.2.2 SIP/3.0"), ParseError.VERSION_NOT_SUPPORTED, true),
            Arguments.of("SIP/1.0 response", options(0, "SIP/1.0 200 OK"), ParseError.VERSION_NOT_SUPPORTED, false),
            Arguments.of("status code two digits", options(0, "SIP/2.0 20 OK"), ParseError.BAD_STATUS_LINE, false),
            Arguments.of("status code 700", options(0, "SIP/2.0 700 Odd"), ParseError.BAD_STATUS_LINE, false),
            Arguments.of("status code 099", options(0, "SIP/2.0 099 Odd"), ParseError.BAD_STATUS_LINE, false),
            Arguments.of("status code letters", options(0, "SIP/2.0 2x0 OK"), ParseError.BAD_STATUS_LINE, false),
            Arguments.of("status code run on", options(0, "SIP/2.0 2000 OK"), ParseError.BAD_STATUS_LINE, false),
            Arguments.of("NUL in start line", options(0, "OPTIONS sip:192.0.2.2\0 SIP/2.0"), ParseError.CONTROL_CHARACTER, false),
            Arguments.of("no line end", "OPTIONS sip:192.0.2.2 SIP/2.0", ParseError.INCOMPLETE_START_LINE, false),
            Arguments.of("only CRLFs", "\r\n\r\n", ParseError.EMPTY, false),
            // header lines
            Arguments.of("control byte in value", options(-1, null, "Subject: a\u0001b"), ParseError.CONTROL_CHARACTER, false),
            Arguments.of("DEL in value", options(-1, null, "Subject: a\u007fb"), ParseError.CONTROL_CHARACTER, false),
            Arguments.of("bare CR in value", options(-1, null, "Subject: a\rb"), ParseError.BARE_CR, false),
            Arguments.of("no colon", options(-1, null, "Subject hello"), ParseError.BAD_HEADER_LINE, false),
            Arguments.of("empty name", options(-1, null, ": hello"), ParseError.BAD_HEADER_LINE, false),
            Arguments.of("space in name", options(-1, null, "Sub ject: hello"), ParseError.BAD_HEADER_LINE, false),
            // mandatory headers
            Arguments.of("no Via", options(1, null), ParseError.MISSING_VIA, false),
            Arguments.of("no From", options(2, null), ParseError.MISSING_FROM, false),
            Arguments.of("no To", options(3, null), ParseError.MISSING_TO, false),
            Arguments.of("no Call-ID", options(4, null), ParseError.MISSING_CALL_ID, false),
            Arguments.of("no CSeq", options(5, null), ParseError.MISSING_CSEQ, false),
            Arguments.of("two From", options(-1, null, "From: <sip:x@b.test>;tag=2"), ParseError.DUPLICATE_FROM, false),
            Arguments.of("two To", options(-1, null, "t: <sip:x@b.test>"), ParseError.DUPLICATE_TO, false),
            Arguments.of("two Call-ID", options(-1, null, "i: other"), ParseError.DUPLICATE_CALL_ID, false),
            Arguments.of("two CSeq", options(-1, null, "CSeq: 63104 OPTIONS"), ParseError.DUPLICATE_CSEQ, false),
            Arguments.of("two Content-Length", options(-1, null, "l: 0", "Content-Length: 0"), ParseError.DUPLICATE_CONTENT_LENGTH, true),
            Arguments.of("two Max-Forwards", options(-1, null, "Max-Forwards: 70", "Max-Forwards: 70"), ParseError.DUPLICATE_MAX_FORWARDS, true),
            // values
            Arguments.of("Via without transport", options(1, "Via: SIP/2.0 192.0.2.4"), ParseError.BAD_VIA, false),
            Arguments.of("Via with bad port", options(1, "Via: SIP/2.0/UDP 192.0.2.4:70000;branch=z9hG4bK1"), ParseError.BAD_VIA, false),
            Arguments.of("Via with empty branch", options(1, "Via: SIP/2.0/UDP 192.0.2.4;branch="), ParseError.BAD_VIA, false),
            Arguments.of("From not an address", options(2, "From: <sip:201@b.test;tag=1"), ParseError.BAD_FROM, false),
            Arguments.of("To not an address", options(3, "To: \"unterminated <sip:a@b>"), ParseError.BAD_TO, false),
            Arguments.of("empty Call-ID", options(4, "Call-ID:"), ParseError.BAD_CALL_ID, false),
            Arguments.of("Call-ID with space", options(4, "Call-ID: a b"), ParseError.BAD_CALL_ID, false),
            Arguments.of("CSeq letters", options(5, "CSeq: x OPTIONS"), ParseError.BAD_CSEQ, false),
            Arguments.of("CSeq overlarge", options(5, "CSeq: 4294967296 OPTIONS"), ParseError.BAD_CSEQ, false),
            Arguments.of("CSeq no method", options(5, "CSeq: 1"), ParseError.BAD_CSEQ, false),
            Arguments.of("CSeq method mismatch", options(5, "CSeq: 1 INVITE"), ParseError.CSEQ_METHOD_MISMATCH, true),
            Arguments.of("CSeq method case", options(5, "CSeq: 1 options"), ParseError.CSEQ_METHOD_MISMATCH, true),
            Arguments.of("Max-Forwards letters", options(-1, null, "Max-Forwards: seventy"), ParseError.BAD_MAX_FORWARDS, true),
            Arguments.of("Max-Forwards 256", options(-1, null, "Max-Forwards: 256"), ParseError.BAD_MAX_FORWARDS, true),
            Arguments.of("Content-Length negative", options(-1, null, "Content-Length: -1"), ParseError.BAD_CONTENT_LENGTH, true),
            Arguments.of("Content-Length huge", options(-1, null, "Content-Length: 99999999999999999999999"),
                ParseError.BAD_CONTENT_LENGTH, true),
            Arguments.of("Expires date", options(-1, null, "Expires: Thu, 01 Dec 1994 16:00:00 GMT"), ParseError.BAD_EXPIRES, true),
            Arguments.of("Expires over 2^32", options(-1, null, "Expires: 4294967296"), ParseError.BAD_EXPIRES, true),
            Arguments.of("body shorter than Content-Length", options(-1, null, "Content-Length: 10"), ParseError.BODY_TOO_SHORT, true),
            Arguments.of("no blank line", options(-1, null).substring(0, options(-1, null).length() - 2),
                ParseError.MISSING_BLANK_LINE, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithReason(final String name, final String text, final ParseError expected, final boolean answerable)
    {
        final SipMessage m = parse(text);
        assertEquals(expected, m.error(), name);
        assertEquals(expected.reason(), m.errorReason());
        assertEquals(expected.status(), m.errorStatus());
        assertEquals(answerable, m.isAnswerable(), "answerable: " + name);
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
        assertEquals("a84b4c76e66710", m.callId().toString());
        assertEquals(1, m.count(HeaderName.VIA));
        assertEquals("z9hG4bKhjhs8ass877", m.topVia().branch().toString());
        final SipMessage ack = parse(lines(
            "ACK sip:192.0.2.2 SIP/2.0", VIA, FROM, TO, CALL_ID, "CSeq: 1 BYE", ""));
        assertEquals(ParseError.CSEQ_METHOD_MISMATCH, ack.error());
        assertFalse(ack.isAnswerable(), "an ACK is never answered, even a bad one");
    }
}
