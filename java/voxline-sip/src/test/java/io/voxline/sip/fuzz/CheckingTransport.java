package io.voxline.sip.fuzz;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.UdpTransport;

/**
 * A transport that sends nothing: it checks that every datagram the core sends parses, fits a UDP datagram
 * and has a destination. It keeps each new message (a retransmission, the same bytes to the same address again,
 * is only counted) and the last one sent to each address, for the script's placeholders.
 */
public final class CheckingTransport implements SipTransport
{
    /** One datagram sent, parsed from its own copy. */
    public record Sent(InetSocketAddress destination, SipMessage message, String text)
    {
        /** The value of the first header named name, or null. */
        public String header(final String name)
        {
            final int i = message.find(name);
            return i < 0 ? null : message.value(i).toString();
        }

        /** Every entry named name as a header line, joined by CRLF (no CRLF after the last), or null. */
        public String lines(final String name)
        {
            final HeaderName known = HeaderName.lookup(name);
            final StringBuilder sb = new StringBuilder();
            for (int i = message.first(known); i >= 0; i = message.next(known, i))
            {
                sb.append(sb.length() == 0 ? "" : "\r\n").append(name).append(": ").append(message.value(i));
            }
            return sb.length() == 0 ? null : sb.toString();
        }
    }

    /** Every new message, in order. */
    public final List<Sent> sent = new ArrayList<>();
    /** Every send, retransmissions included. */
    public long sends;
    private final Map<InetSocketAddress, Sent> lastTo = new HashMap<>();
    private final Map<InetSocketAddress, Set<ByteBuffer>> seen = new HashMap<>();
    private final InetSocketAddress local;
    private final String protocol;

    public CheckingTransport(final InetSocketAddress local, final String protocol)
    {
        this.local = local;
        this.protocol = protocol;
    }

    @Override
    public String protocol()
    {
        return protocol;
    }

    @Override
    public InetSocketAddress localAddress()
    {
        return local;
    }

    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        if (destination == null || destination.getAddress() == null || destination.getPort() <= 0 || destination.getPort() > 65535)
        {
            throw new AssertionError("sent to no usable address: " + destination);
        }
        if (length <= 0 || length > UdpTransport.MAX_DATAGRAM)
        {
            throw new AssertionError("sent " + length + " bytes");
        }
        sends++;
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        if (!seen.computeIfAbsent(destination, d -> new HashSet<>()).add(ByteBuffer.wrap(copy)))
        {
            // checked when it was first sent
            return true;
        }
        final String text = new String(copy, StandardCharsets.ISO_8859_1);
        final SipMessage m = new SipMessage();
        if (!m.parse(new UnsafeBuffer(copy), 0, length))
        {
            throw new AssertionError("sent a message that does not parse (" + m.errorReason() + ") to " + destination + ":\n" + text);
        }
        final Sent s = new Sent(destination, m, text);
        sent.add(s);
        lastTo.put(destination, s);
        return true;
    }

    /** The last message sent to destination that was not a retransmission, or null. */
    public Sent lastTo(final InetSocketAddress destination)
    {
        return lastTo.get(destination);
    }
}
