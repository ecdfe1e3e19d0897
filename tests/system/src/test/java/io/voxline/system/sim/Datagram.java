package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/** One datagram an element sent into the {@link SimNetwork}, with what became of it. */
public final class Datagram
{
    /** What the network did with it. */
    public enum Fate
    {
        PENDING,
        DELIVERED,
        DROPPED,
        /** Sent to an address no element listens on. */
        UNDELIVERABLE
    }

    private final int index;
    private final long sentAtMs;
    private final InetSocketAddress from;
    private final InetSocketAddress to;
    private final String fromName;
    private final String toName;
    private final byte[] bytes;
    private final String firstLine;
    private final String cseqMethod;
    private final boolean request;
    private final int statusCode;
    private Fate fate = Fate.PENDING;
    private long deliveredAtMs = -1;

    Datagram(
        final int index, final long sentAtMs, final InetSocketAddress from, final String fromName, final InetSocketAddress to,
        final String toName, final byte[] bytes)
    {
        this.index = index;
        this.sentAtMs = sentAtMs;
        this.from = from;
        this.fromName = fromName;
        this.to = to;
        this.toName = toName;
        this.bytes = bytes;
        final String text = text();
        final int eol = text.indexOf("\r\n");
        this.firstLine = eol < 0 ? text : text.substring(0, eol);
        final SipMessage m = new SipMessage();
        if (m.parse(new UnsafeBuffer(bytes), 0, bytes.length))
        {
            request = m.isRequest();
            statusCode = m.isResponse() ? m.statusCode() : 0;
            cseqMethod = m.cseqMethodName() == null ? "" : m.cseqMethodName().toString();
        }
        else
        {
            request = false;
            statusCode = 0;
            cseqMethod = "";
        }
    }

    /** Its place in the order of sending, from 0. */
    public int index()
    {
        return index;
    }

    public long sentAtMs()
    {
        return sentAtMs;
    }

    /** When it reached its destination, or -1. */
    public long deliveredAtMs()
    {
        return deliveredAtMs;
    }

    public InetSocketAddress from()
    {
        return from;
    }

    public InetSocketAddress to()
    {
        return to;
    }

    public String fromName()
    {
        return fromName;
    }

    public String toName()
    {
        return toName;
    }

    public byte[] bytes()
    {
        return bytes.clone();
    }

    public String text()
    {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    public String firstLine()
    {
        return firstLine;
    }

    /** The CSeq method ("INVITE", "BYE", ...), or "" when the datagram did not parse. */
    public String cseqMethod()
    {
        return cseqMethod;
    }

    public boolean isRequest()
    {
        return request;
    }

    /** The status code of a response, else 0. */
    public int statusCode()
    {
        return statusCode;
    }

    public boolean isRequest(final String method)
    {
        return request && cseqMethod.equals(method);
    }

    public boolean isResponse(final int code, final String method)
    {
        return statusCode == code && cseqMethod.equals(method);
    }

    public Fate fate()
    {
        return fate;
    }

    /** "INVITE", or "200 OK (INVITE)" for a response. */
    public String message()
    {
        if (request)
        {
            return cseqMethod;
        }
        return statusCode > 0 ? firstLine.substring(firstLine.indexOf(' ') + 1) + " (" + cseqMethod + ")" : firstLine;
    }

    /** "INVITE proxy1 -> proxy2". */
    public String label()
    {
        return message() + " " + fromName + " -> " + toName;
    }

    /**
     * What identifies this message across runs of a deterministic scenario, retransmissions included:
     * sender, receiver, first line and CSeq method.
     */
    public String key()
    {
        return fromName + "|" + toName + "|" + firstLine + "|" + cseqMethod;
    }

    void delivered(final long nowMs)
    {
        fate = Fate.DELIVERED;
        deliveredAtMs = nowMs;
    }

    void fate(final Fate f)
    {
        fate = f;
    }

    @Override
    public String toString()
    {
        return index + "@" + sentAtMs + " " + label() + " [" + firstLine + "] " + fate;
    }
}
