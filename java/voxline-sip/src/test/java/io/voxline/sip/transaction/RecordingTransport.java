package io.voxline.sip.transaction;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transport.SipTransport;

/** A SipTransport that records what is sent (bytes, destination, time) instead of sending it. */
public final class RecordingTransport implements SipTransport
{
    /** One message sent. */
    public static final class Sent
    {
        public final byte[] bytes;
        public final InetSocketAddress destination;
        public final long atMs;

        Sent(final byte[] bytes, final InetSocketAddress destination, final long atMs)
        {
            this.bytes = bytes;
            this.destination = destination;
            this.atMs = atMs;
        }

        public String text()
        {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        /** The message parsed (a new flyweight each call). */
        public SipMessage message()
        {
            final SipMessage m = new SipMessage();
            if (!m.parse(new UnsafeBuffer(bytes), 0, bytes.length))
            {
                throw new AssertionError("sent an unparseable message (" + m.errorReason() + "):\n" + text());
            }
            return m;
        }

        public String firstLine()
        {
            final String t = text();
            return t.substring(0, t.indexOf("\r\n"));
        }

        @Override
        public String toString()
        {
            return "@" + atMs + " -> " + destination + ": " + firstLine();
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final InetSocketAddress local;
    private final String protocol;
    private final TimerService clock;
    private boolean failing;

    public RecordingTransport(final InetSocketAddress local, final TimerService clock)
    {
        this(local, clock, "UDP");
    }

    public RecordingTransport(final InetSocketAddress local, final TimerService clock, final String protocol)
    {
        this.local = local;
        this.clock = clock;
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
        if (failing)
        {
            return false;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        sent.add(new Sent(bytes, destination, clock.nowMs()));
        return true;
    }

    public void failing(final boolean failing)
    {
        this.failing = failing;
    }

    public List<Sent> sent()
    {
        return sent;
    }

    public int count()
    {
        return sent.size();
    }

    public Sent last()
    {
        if (sent.isEmpty())
        {
            throw new AssertionError("nothing was sent");
        }
        return sent.get(sent.size() - 1);
    }

    public Sent get(final int i)
    {
        return sent.get(i);
    }

    /** Everything sent whose first line starts with prefix ("INVITE ", "SIP/2.0 200", "ACK "). */
    public List<Sent> starting(final String prefix)
    {
        final List<Sent> out = new ArrayList<>();
        for (final Sent s : sent)
        {
            if (s.firstLine().startsWith(prefix))
            {
                out.add(s);
            }
        }
        return out;
    }

    public int count(final Predicate<Sent> p)
    {
        int n = 0;
        for (final Sent s : sent)
        {
            if (p.test(s))
            {
                n++;
            }
        }
        return n;
    }

    /** Removes and returns what was sent so far. */
    public List<Sent> drain()
    {
        final List<Sent> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    public void clear()
    {
        sent.clear();
    }
}
