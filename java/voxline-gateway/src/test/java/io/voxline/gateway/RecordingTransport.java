package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transport.SipTransport;

/**
 * Keeps every message sent, parsed from its own copy, with where it went; CRLF keepalives apart. Speaks UDP, or
 * plays a TCP/TLS transport (protocol "TCP"/"TLS"): the transaction layer then treats it as reliable and sends
 * responses to the request's source, as down its connection.
 */
final class RecordingTransport implements SipTransport
{
    record Sent(SipMessage message, InetSocketAddress destination, String text)
    {
        boolean isRequest(final String method)
        {
            return message.isRequest() && message.methodName().toString().equals(method);
        }

        boolean isResponse(final int code, final String cseqMethod)
        {
            return message.isResponse() && message.statusCode() == code &&
                message.cseqMethodName().toString().equals(cseqMethod);
        }

        String header(final String name)
        {
            final int i = message.find(name);
            return i < 0 ? null : message.value(i).toString();
        }

        String body()
        {
            return text.substring(text.indexOf("\r\n\r\n") + 4);
        }
    }

    final List<Sent> sent = new ArrayList<>();
    /** Where each CRLF keepalive went, and when (the test's clock, when given). */
    final List<InetSocketAddress> keepalives = new ArrayList<>();
    final List<Long> keepaliveTimes = new ArrayList<>();
    java.util.function.LongSupplier clock = () -> 0;
    private final InetSocketAddress local;
    private final String protocol;
    boolean failSends;

    RecordingTransport(final InetSocketAddress local)
    {
        this(local, "UDP");
    }

    RecordingTransport(final InetSocketAddress local, final String protocol)
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
        if (failSends)
        {
            return false;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        if (new String(copy, StandardCharsets.US_ASCII).equals("\r\n\r\n"))
        {
            keepalives.add(destination);
            keepaliveTimes.add(clock.getAsLong());
            return true;
        }
        final SipMessage m = new SipMessage();
        if (!m.parse(new UnsafeBuffer(copy), 0, length))
        {
            throw new AssertionError("sent an invalid message (" + m.errorReason() + "):\n" +
                new String(copy, StandardCharsets.UTF_8));
        }
        sent.add(new Sent(m, destination, new String(copy, StandardCharsets.UTF_8)));
        return true;
    }

    List<Sent> requests(final String method)
    {
        return sent.stream().filter(s -> s.isRequest(method)).toList();
    }

    List<Sent> responses(final int code, final String cseqMethod)
    {
        return sent.stream().filter(s -> s.isResponse(code, cseqMethod)).toList();
    }

    Sent last()
    {
        return sent.get(sent.size() - 1);
    }

    void clear()
    {
        sent.clear();
    }
}
