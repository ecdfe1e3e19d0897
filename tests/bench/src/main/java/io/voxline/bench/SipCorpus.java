package io.voxline.bench;

/**
 * The seed call's messages as they cross a proxy (INVITE and 200 with SDP, 180, ACK, BYE) and a registration
 * (plain and answering a digest challenge): what a parser meets most.
 */
final class SipCorpus
{
    private static final String SDP =
        "v=0\r\no=- 1 1 IN IP4 127.0.0.11\r\ns=-\r\nc=IN IP4 127.0.0.11\r\nt=0 0\r\n" +
        "m=audio 16000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";

    private static final String SDP_ANSWER =
        "v=0\r\no=- 2 2 IN IP4 127.0.0.14\r\ns=-\r\nc=IN IP4 127.0.0.14\r\nt=0 0\r\n" +
        "m=audio 16002 RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";

    private SipCorpus()
    {
    }

    static String of(final String kind)
    {
        return switch (kind)
        {
            case "INVITE" -> "INVITE sip:201@a.test SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.12:5060;branch=z9hG4bK8a1f03c2d4e5f607;rport\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bK0f1e2d3c4b5a6978;rport=5060\r\n" +
                "Record-Route: <sip:127.0.0.12:5060;lr>\r\n" +
                "Max-Forwards: 69\r\n" +
                "From: \"Phone 101\" <sip:101@a.test>;tag=5f3c2a1b\r\n" +
                "To: <sip:201@a.test>\r\n" +
                "Call-ID: 254f20f5ec51c36c836deac0@127.0.0.11:5060\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Contact: <sip:101@127.0.0.11:5060>\r\n" +
                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n" +
                "User-Agent: voxline/0.1\r\n" +
                "Content-Type: application/sdp\r\n" +
                "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP;
            case "180" -> "SIP/2.0 180 Ringing\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.13:5060;branch=z9hG4bK77aa88bb99cc00dd;rport=5060\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.12:5060;branch=z9hG4bK8a1f03c2d4e5f607;rport=5060\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bK0f1e2d3c4b5a6978;rport=5060\r\n" +
                "Record-Route: <sip:127.0.0.13:5060;lr>\r\n" +
                "Record-Route: <sip:127.0.0.12:5060;lr>\r\n" +
                "From: \"Phone 101\" <sip:101@a.test>;tag=5f3c2a1b\r\n" +
                "To: <sip:201@a.test>;tag=9e8d7c6b\r\n" +
                "Call-ID: 254f20f5ec51c36c836deac0@127.0.0.11:5060\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Contact: <sip:201@127.0.0.14:5060>\r\n" +
                "Content-Length: 0\r\n\r\n";
            case "BYE" -> "BYE sip:201@127.0.0.14:5060 SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bK1234567890abcdef;rport\r\n" +
                "Route: <sip:127.0.0.12:5060;lr>\r\n" +
                "Route: <sip:127.0.0.13:5060;lr>\r\n" +
                "Max-Forwards: 70\r\n" +
                "From: \"Phone 101\" <sip:101@a.test>;tag=5f3c2a1b\r\n" +
                "To: <sip:201@a.test>;tag=9e8d7c6b\r\n" +
                "Call-ID: 254f20f5ec51c36c836deac0@127.0.0.11:5060\r\n" +
                "CSeq: 2 BYE\r\n" +
                "Content-Length: 0\r\n\r\n";
            case "REGISTER" -> "REGISTER sip:a.test SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bKfedcba0987654321;rport\r\n" +
                "Max-Forwards: 70\r\n" +
                "From: <sip:101@a.test>;tag=aa11bb22\r\n" +
                "To: <sip:101@a.test>\r\n" +
                "Call-ID: reg-101@127.0.0.11\r\n" +
                "CSeq: 7 REGISTER\r\n" +
                "Contact: <sip:101@127.0.0.11:5060>;expires=3600\r\n" +
                "Expires: 3600\r\n" +
                "Content-Length: 0\r\n\r\n";
            case "200" -> "SIP/2.0 200 OK\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.12:5060;branch=z9hG4bK8a1f03c2d4e5f607;rport=5060\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bK0f1e2d3c4b5a6978;rport=5060\r\n" +
                "Record-Route: <sip:127.0.0.12:5060;lr>\r\n" +
                "From: \"Phone 101\" <sip:101@a.test>;tag=5f3c2a1b\r\n" +
                "To: <sip:201@a.test>;tag=9e8d7c6b\r\n" +
                "Call-ID: 254f20f5ec51c36c836deac0@127.0.0.11:5060\r\n" +
                "CSeq: 1 INVITE\r\n" +
                "Contact: <sip:201@127.0.0.14:5060>\r\n" +
                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS\r\n" +
                "Supported: replaces, timer\r\n" +
                "Content-Type: application/sdp\r\n" +
                "Content-Length: " + SDP_ANSWER.length() + "\r\n\r\n" + SDP_ANSWER;
            case "ACK" -> "ACK sip:201@127.0.0.14:5060 SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bK5a6b7c8d9e0f1a2b;rport\r\n" +
                "Route: <sip:127.0.0.12:5060;lr>\r\n" +
                "Max-Forwards: 70\r\n" +
                "From: \"Phone 101\" <sip:101@a.test>;tag=5f3c2a1b\r\n" +
                "To: <sip:201@a.test>;tag=9e8d7c6b\r\n" +
                "Call-ID: 254f20f5ec51c36c836deac0@127.0.0.11:5060\r\n" +
                "CSeq: 1 ACK\r\n" +
                "Contact: <sip:101@127.0.0.11:5060>\r\n" +
                "Content-Length: 0\r\n\r\n";
            case "REGISTER-AUTH" -> "REGISTER sip:a.test SIP/2.0\r\n" +
                "Via: SIP/2.0/UDP 127.0.0.11:5060;branch=z9hG4bKc3d4e5f60718293a;rport\r\n" +
                "Max-Forwards: 70\r\n" +
                "From: <sip:101@a.test>;tag=aa11bb22\r\n" +
                "To: <sip:101@a.test>\r\n" +
                "Call-ID: reg-101@127.0.0.11\r\n" +
                "CSeq: 8 REGISTER\r\n" +
                "Contact: <sip:101@127.0.0.11:5060>;expires=3600\r\n" +
                "Authorization: Digest username=\"101\", realm=\"a.test\", " +
                "nonce=\"6a0f1b2c3d4e5f60718293a4b5c6d7e8\", uri=\"sip:a.test\", " +
                "response=\"0b7e4f5a6c8d9e1f2a3b4c5d6e7f8091\", algorithm=MD5, cnonce=\"f1e2d3c4\", " +
                "qop=auth, nc=00000001\r\n" +
                "Expires: 3600\r\n" +
                "User-Agent: voxline/0.1\r\n" +
                "Content-Length: 0\r\n\r\n";
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
