package io.voxline.sip.transaction;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipResponses;

/** Test messages: text with CRLF line ends, parsed flyweights, responses built as a peer would build them. */
public final class Wire
{
    public static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5062);
    public static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5064);
    public static final TransactionConfig CONFIG = TransactionConfig.RFC3261;

    private Wire()
    {
    }

    /** Lines joined by CRLF, with an empty body and a blank line. */
    public static String lines(final String... lines)
    {
        return String.join("\r\n", lines) + "\r\nContent-Length: 0\r\n\r\n";
    }

    public static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    public static SipMessage parse(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        final SipMessage m = new SipMessage();
        if (!m.parse(new UnsafeBuffer(bytes), 0, bytes.length))
        {
            throw new AssertionError("test message does not parse (" + m.errorReason() + "):\n" + text);
        }
        return m;
    }

    public static SipMessage parse(final byte[] bytes)
    {
        final SipMessage m = new SipMessage();
        if (!m.parse(new UnsafeBuffer(bytes), 0, bytes.length))
        {
            throw new AssertionError("message does not parse: " + m.errorReason());
        }
        return m;
    }

    /** The response a peer would send to request: every Via, From, To (+toTag), Call-ID, CSeq, extra headers. */
    public static String response(final SipMessage request, final int code, final String toTag, final String... extra)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[8192]);
        final SipMessageWriter w = new SipMessageWriter().wrap(out, 0);
        if (!SipResponses.writeResponse(w, request, code, null, toTag))
        {
            throw new AssertionError("cannot answer " + request);
        }
        for (final String h : extra)
        {
            final int colon = h.indexOf(':');
            w.header(h.substring(0, colon), h.substring(colon + 1).trim());
        }
        final int len = w.endHeaders();
        final byte[] bytes = new byte[len];
        out.getBytes(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An INVITE from A to B with the given branch. */
    public static String invite(final String branch, final String... extra)
    {
        return request("INVITE", "sip:201@127.0.0.2:5064", branch, 1, extra);
    }

    public static String request(final String method, final String uri, final String branch, final long cseq, final String... extra)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
        sb.append("Via: SIP/2.0/UDP 127.0.0.1:5062;branch=").append(branch).append(";rport\r\n");
        for (final String h : extra)
        {
            sb.append(h).append("\r\n");
        }
        sb.append("Max-Forwards: 70\r\n");
        sb.append("From: <sip:101@a.test>;tag=a1\r\n");
        sb.append("To: <sip:201@b.test>\r\n");
        sb.append("Call-ID: call1@127.0.0.1\r\n");
        sb.append("CSeq: ").append(cseq).append(' ').append(method).append("\r\n");
        sb.append("Contact: <sip:101@127.0.0.1:5062>\r\n");
        sb.append("Content-Length: 0\r\n\r\n");
        return sb.toString();
    }
}
