package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.transport.SipTransport;

/**
 * Datagrams between the elements of a {@link SimWorld}, in memory: each element's {@link SipTransport} puts what it
 * sends into one queue ordered by delivery time, then by order of sending; {@link #deliverDue()} hands every
 * datagram that is due to the element listening on its destination. Every datagram is kept in {@link #sent()}.
 * Rules decide a datagram's fate when it is sent: drop the nth one matching a predicate (once), drop all that
 * match, or delay those that match; every datagram takes the network's latency.
 */
public final class SimNetwork
{
    /** What an element does with a datagram: its bytes are valid only during the call. */
    @FunctionalInterface
    public interface Receiver
    {
        void receive(DirectBuffer buffer, int offset, int length, InetSocketAddress source);
    }

    private record Node(String name, Receiver receiver)
    {
    }

    private record Pending(long dueMs, Datagram datagram) implements Comparable<Pending>
    {
        @Override
        public int compareTo(final Pending o)
        {
            return dueMs != o.dueMs ? Long.compare(dueMs, o.dueMs) : Integer.compare(datagram.index(), o.datagram.index());
        }
    }

    private static final class DropRule
    {
        final Predicate<Datagram> match;
        final int nth;
        int seen;
        Datagram dropped;

        DropRule(final Predicate<Datagram> match, final int nth)
        {
            this.match = match;
            this.nth = nth;
        }
    }

    private record DelayRule(Predicate<Datagram> match, long delayMs)
    {
    }

    private final LongSupplier clock;
    private final Map<InetSocketAddress, Node> nodes = new LinkedHashMap<>();
    private final PriorityQueue<Pending> queue = new PriorityQueue<>();
    private final List<Datagram> sent = new ArrayList<>();
    private final List<DropRule> drops = new ArrayList<>();
    private final List<DelayRule> delays = new ArrayList<>();
    private final List<Predicate<Datagram>> cuts = new ArrayList<>();
    private long latencyMs;

    /** @param clock now in ms (the world's stepped clock) */
    public SimNetwork(final LongSupplier clock)
    {
        this.clock = clock;
    }

    /** Listens on address under a name used in labels ("A", "proxy1"); returns the transport the element sends by. */
    public SipTransport attach(final String name, final InetSocketAddress address, final Receiver receiver)
    {
        if (nodes.putIfAbsent(address, new Node(name, receiver)) != null)
        {
            throw new IllegalArgumentException(address + " is taken");
        }
        return new Transport(address);
    }

    /** The name an address was attached under, or its host:port. */
    public String nameOf(final InetSocketAddress address)
    {
        final Node n = nodes.get(address);
        return n == null ? address.getAddress().getHostAddress() + ":" + address.getPort() : n.name;
    }

    /**
     * Drops the nth (from 1) datagram sent from now on that matches, once; later ones (its retransmissions) pass.
     * Returns a handle telling which datagram it dropped.
     */
    public Dropped dropOnce(final Predicate<Datagram> match, final int nth)
    {
        if (nth < 1)
        {
            throw new IllegalArgumentException("nth counts from 1: " + nth);
        }
        final DropRule rule = new DropRule(match, nth);
        drops.add(rule);
        return () -> rule.dropped;
    }

    /** Drops every matching datagram sent from now on: a link that is down for them. */
    public void dropAll(final Predicate<Datagram> match)
    {
        cuts.add(match);
    }

    /** Every datagram sent from now on takes ms to arrive (0 by default: it arrives in the same pump). */
    public void latency(final long ms)
    {
        if (ms < 0)
        {
            throw new IllegalArgumentException("latency " + ms);
        }
        latencyMs = ms;
    }

    /** Delays every matching datagram sent from now on by delayMs on top of the latency (the first matching rule counts). */
    public void delay(final Predicate<Datagram> match, final long delayMs)
    {
        delays.add(new DelayRule(match, delayMs));
    }

    /** Which datagram a {@link #dropOnce} rule dropped, if it has. */
    @FunctionalInterface
    public interface Dropped
    {
        /** The datagram dropped, or null while none has matched. */
        Datagram datagram();
    }

    /**
     * Delivers, in order, every datagram due by now, including those sent while delivering (a zero-delay reply
     * arrives in the same call). Returns how many it delivered.
     */
    public int deliverDue()
    {
        int n = 0;
        final long now = clock.getAsLong();
        while (!queue.isEmpty() && queue.peek().dueMs - now <= 0)
        {
            final Datagram d = queue.poll().datagram;
            final Node node = nodes.get(d.to());
            if (node == null)
            {
                d.fate(Datagram.Fate.UNDELIVERABLE);
                continue;
            }
            d.delivered(now);
            final byte[] bytes = d.bytes();
            node.receiver.receive(new UnsafeBuffer(bytes), 0, bytes.length, d.from());
            n++;
        }
        return n;
    }

    /** Datagrams still on the way. */
    public int inFlight()
    {
        return queue.size();
    }

    /** Every datagram sent so far, in order of sending. */
    public List<Datagram> sent()
    {
        return Collections.unmodifiableList(sent);
    }

    /** The datagrams sent matching a predicate. */
    public List<Datagram> sent(final Predicate<Datagram> match)
    {
        return sent.stream().filter(match).toList();
    }

    /** Datagrams whose fate is f. */
    public List<Datagram> withFate(final Datagram.Fate f)
    {
        return sent(d -> d.fate() == f);
    }

    /** One line per datagram: "index @ms label [first line] fate". */
    public String transcript()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Datagram d : sent)
        {
            sb.append(d).append('\n');
        }
        return sb.toString();
    }

    private void send(final InetSocketAddress from, final InetSocketAddress to, final byte[] bytes)
    {
        final long now = clock.getAsLong();
        final Datagram d = new Datagram(sent.size(), now, from, nameOf(from), to, nameOf(to), bytes);
        sent.add(d);
        for (final DropRule r : drops)
        {
            if (r.dropped == null && r.match.test(d) && ++r.seen == r.nth)
            {
                r.dropped = d;
                d.fate(Datagram.Fate.DROPPED);
                return;
            }
        }
        for (final Predicate<Datagram> cut : cuts)
        {
            if (cut.test(d))
            {
                d.fate(Datagram.Fate.DROPPED);
                return;
            }
        }
        long delay = latencyMs;
        for (final DelayRule r : delays)
        {
            if (r.match.test(d))
            {
                delay += r.delayMs;
                break;
            }
        }
        queue.add(new Pending(now + delay, d));
    }

    /** An element's UDP transport: sending copies the bytes into the network. */
    private final class Transport implements SipTransport
    {
        private final InetSocketAddress local;

        Transport(final InetSocketAddress local)
        {
            this.local = local;
        }

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
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            SimNetwork.this.send(local, destination, copy);
            return true;
        }
    }
}
