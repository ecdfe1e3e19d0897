package io.voxline.sip.dialog;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.SteppedTimers;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transport.SipTransport;

/**
 * Datagrams between transaction layers on one stepped clock, no sockets: what is sent is queued and delivered
 * (parsed, as the reactor would) between clock steps; rules drop chosen datagrams once.
 */
final class LossyNetwork
{
    /** One datagram on the wire. */
    static final class Datagram
    {
        final InetSocketAddress from;
        final InetSocketAddress to;
        final byte[] bytes;
        final long atMs;
        boolean dropped;

        Datagram(final InetSocketAddress from, final InetSocketAddress to, final byte[] bytes, final long atMs)
        {
            this.from = from;
            this.to = to;
            this.bytes = bytes;
            this.atMs = atMs;
        }

        String text()
        {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String firstLine()
        {
            final String t = text();
            return t.substring(0, t.indexOf("\r\n"));
        }

        boolean has(final String fragment)
        {
            return text().contains(fragment);
        }

        @Override
        public String toString()
        {
            return "@" + atMs + " " + from.getPort() + "->" + to.getPort() + (dropped ? " DROPPED " : " ") + firstLine();
        }
    }

    private static final class DropRule
    {
        final Predicate<Datagram> match;
        int remaining;

        DropRule(final Predicate<Datagram> match, final int times)
        {
            this.match = match;
            this.remaining = times;
        }
    }

    final SteppedTimers timers = new SteppedTimers();
    final List<Datagram> log = new ArrayList<>();
    private final ArrayDeque<Datagram> inFlight = new ArrayDeque<>();
    private final Map<InetSocketAddress, TransactionLayer> layers = new HashMap<>();
    private final List<DropRule> rules = new ArrayList<>();

    SipTransport transport(final InetSocketAddress local)
    {
        return new SipTransport()
        {
            @Override
            public String protocol()
            {
                return "UDP";
            }

            @Override
            public InetSocketAddress localAddress()
            {
                return local;
            }

            @Override
            public boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                final Datagram d = new Datagram(local, destination, bytes, timers.nowMs());
                log.add(d);
                inFlight.add(d);
                return true;
            }
        };
    }

    void attach(final InetSocketAddress address, final TransactionLayer layer)
    {
        layers.put(address, layer);
    }

    /** The next datagram that matches is lost (once). */
    void dropOnce(final Predicate<Datagram> match)
    {
        rules.add(new DropRule(match, 1));
    }

    /** Delivers everything in flight, and what that provokes, until the wire is quiet. */
    void flush()
    {
        while (!inFlight.isEmpty())
        {
            final Datagram d = inFlight.poll();
            if (shouldDrop(d))
            {
                d.dropped = true;
                continue;
            }
            final TransactionLayer layer = layers.get(d.to);
            if (layer == null)
            {
                d.dropped = true;
                continue;
            }
            final SipMessage m = new SipMessage();
            if (m.parse(new UnsafeBuffer(d.bytes), 0, d.bytes.length))
            {
                layer.onMessage(m, d.from);
            }
        }
    }

    /** Runs the clock for ms in 10 ms steps, delivering between steps. */
    void run(final long ms)
    {
        flush();
        final long end = timers.nowMs() + ms;
        while (timers.nowMs() < end)
        {
            timers.advance(Math.min(10, end - timers.nowMs()));
            flush();
        }
    }

    private boolean shouldDrop(final Datagram d)
    {
        for (final DropRule r : rules)
        {
            if (r.remaining > 0 && r.match.test(d))
            {
                r.remaining--;
                return true;
            }
        }
        return false;
    }

    List<Datagram> sent(final InetSocketAddress from, final String firstLinePrefix, final String fragment)
    {
        final List<Datagram> out = new ArrayList<>();
        for (final Datagram d : log)
        {
            if (d.from.equals(from) && d.firstLine().startsWith(firstLinePrefix) && (fragment == null || d.has(fragment)))
            {
                out.add(d);
            }
        }
        return out;
    }

    String ladder()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Datagram d : log)
        {
            sb.append(d).append('\n');
        }
        return sb.toString();
    }
}
