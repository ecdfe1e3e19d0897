package io.voxline.sip.message;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

/** Test messages and helpers: lines joined with CRLF, placed at an offset inside a larger buffer. */
final class Messages
{
    static final int PAD = 7;

    static final String SDP =
        "v=0\r\n" +
        "o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n" +
        "s=-\r\n" +
        "c=IN IP4 192.0.2.101\r\n" +
        "t=0 0\r\n" +
        "m=audio 49172 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n";

    static final String INVITE = withBody(
        "INVITE sip:bob@192.0.2.4 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9;rport",
        "Max-Forwards: 70",
        "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
        "To: Bob <sip:bob@biloxi.example.com>",
        "Call-ID: 3848276298220188511@192.0.2.101",
        "CSeq: 314159 INVITE",
        "Contact: <sip:alice@192.0.2.101;transport=udp>",
        "User-Agent: Voxline test",
        "Content-Type: application/sdp",
        "Content-Length: %d") + SDP;

    static final String RINGING = lines(
        "SIP/2.0 180 Ringing",
        "Via: SIP/2.0/UDP 192.0.2.3:5060;branch=z9hG4bK4b43c2ff8.1;received=192.0.2.3",
        "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9;received=192.0.2.101;rport=5060",
        "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
        "To: Bob <sip:bob@biloxi.example.com>;tag=8321234356",
        "Call-ID: 3848276298220188511@192.0.2.101",
        "CSeq: 314159 INVITE",
        "Contact: <sip:bob@192.0.2.4>",
        "Content-Length: 0",
        "");

    static final String OK_200 = withBody(
        "SIP/2.0 200 OK",
        "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bf9;received=192.0.2.101",
        "Record-Route: <sip:192.0.2.3;lr>, <sip:192.0.2.2;lr>",
        "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
        "To: Bob <sip:bob@biloxi.example.com>;tag=8321234356",
        "Call-ID: 3848276298220188511@192.0.2.101",
        "CSeq: 314159 INVITE",
        "Contact: <sip:bob@192.0.2.4>",
        "Content-Type: application/sdp",
        "Content-Length: %d") + SDP;

    static final String ACK = lines(
        "ACK sip:bob@192.0.2.4 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK74bd5",
        "Route: <sip:192.0.2.2;lr>",
        "Route: <sip:192.0.2.3;lr>",
        "Max-Forwards: 70",
        "From: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
        "To: Bob <sip:bob@biloxi.example.com>;tag=8321234356",
        "Call-ID: 3848276298220188511@192.0.2.101",
        "CSeq: 314159 ACK",
        "Content-Length: 0",
        "");

    static final String BYE = lines(
        "BYE sip:alice@192.0.2.101 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds7",
        "Max-Forwards: 70",
        "From: Bob <sip:bob@biloxi.example.com>;tag=8321234356",
        "To: \"Alice A.\" <sip:alice@atlanta.example.com>;tag=9fxced76sl",
        "Call-ID: 3848276298220188511@192.0.2.101",
        "CSeq: 231 BYE",
        "Content-Length: 0",
        "");

    static final String REGISTER = lines(
        "REGISTER sip:192.0.2.2 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds7",
        "Max-Forwards: 70",
        "To: Bob <sip:201@b.test>",
        "From: Bob <sip:201@b.test>;tag=456248",
        "Call-ID: 843817637684230@998sdasdh09",
        "CSeq: 1826 REGISTER",
        "Contact: <sip:201@192.0.2.4>;expires=3600;q=0.7, <sip:201@192.0.2.5:5070>;expires=60",
        "Expires: 7200",
        "Content-Length: 0",
        "");

    static final String OPTIONS = lines(
        "OPTIONS sip:192.0.2.2 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKhjhs8ass877",
        "Max-Forwards: 70",
        "To: <sip:192.0.2.2>",
        "From: <sip:201@b.test>;tag=1928301774",
        "Call-ID: a84b4c76e66710",
        "CSeq: 63104 OPTIONS",
        "Accept: application/sdp",
        "Content-Length: 0",
        "");

    private Messages()
    {
    }

    static String lines(final String... lines)
    {
        return String.join("\r\n", lines) + "\r\n";
    }

    /** Header lines (the last with %d for Content-Length); the body is appended by the caller. */
    static String withBody(final String... headerLines)
    {
        final String head = lines(headerLines) + "\r\n";
        return String.format(head, SDP.length());
    }

    static UnsafeBuffer buffer(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[bytes.length + 2 * PAD]);
        buf.setMemory(0, buf.capacity(), (byte)'#');
        buf.putBytes(PAD, bytes);
        return buf;
    }

    static int length(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static SipMessage parse(final String text)
    {
        final SipMessage m = new SipMessage();
        m.parse(buffer(text), PAD, length(text));
        return m;
    }

    static SipMessage parseOk(final String text)
    {
        final SipMessage m = parse(text);
        if (m.error() != ParseError.NONE)
        {
            throw new AssertionError("parse failed: " + m.errorReason() + "\n" + text);
        }
        return m;
    }
}
