package io.voxline.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transport.SipTransport;

/**
 * A ProxyCore with a recording transport and a stepped clock: no threads, no sockets. Every harness made is
 * remembered until {@link #assertNoFailures()}, which the test classes call after each test: a bug caught
 * inside the core (counted in failures()) fails the test that caused it.
 */
final class Harness
{
    private static final List<Harness> MADE = new ArrayList<>();

    static final InetSocketAddress PROXY = addr(5070);
    static final InetSocketAddress UA_A = addr(5062);
    static final InetSocketAddress UA_B = addr(5064);
    static final InetSocketAddress NEXT = addr(5080);

    /** One datagram the proxy sent. */
    record Sent(InetSocketAddress destination, String text)
    {
        SipMessage parse()
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            final SipMessage m = new SipMessage();
            assertTrue(m.parse(new UnsafeBuffer(bytes), 0, bytes.length), () -> m.errorReason() + "\n" + text);
            return m;
        }

        List<String> lines()
        {
            return List.of(text.split("\r\n", -1));
        }

        /** Values of every line starting "Name: ". */
        List<String> headers(final String name)
        {
            final List<String> values = new ArrayList<>();
            for (final String line : lines())
            {
                if (line.startsWith(name + ": "))
                {
                    values.add(line.substring(name.length() + 2));
                }
            }
            return values;
        }

        String header(final String name)
        {
            final List<String> v = headers(name);
            return v.isEmpty() ? null : v.get(0);
        }

        String startLine()
        {
            return lines().get(0);
        }
    }

    static final class RecordingTransport implements SipTransport
    {
        final InetSocketAddress local;
        final String protocol;
        final Deque<Sent> sent = new ArrayDeque<>();
        Predicate<InetSocketAddress> refuse = d -> false;

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
            if (refuse.test(destination))
            {
                return false;
            }
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            sent.add(new Sent(destination, new String(bytes, StandardCharsets.ISO_8859_1)));
            return true;
        }
    }

    final CachedEpochClock clock = new CachedEpochClock();
    final WheelTimerService timers;
    final RecordingTransport transport;
    final ProxyCore core;

    Harness(final List<String> domains, final List<ProxyConfig.Route> routes)
    {
        this(domains, routes, true, "UDP");
    }

    Harness(final List<String> domains, final List<ProxyConfig.Route> routes, final boolean recordRoute, final String protocol)
    {
        // no rate limit unless a test asks for one: tests send many messages without time passing
        this(new ProxyConfig(List.of(PROXY), domains, routes, recordRoute, ProxyConfig.Limits.OFF), protocol);
    }

    /** A proxy with this config (listening on {@link #PROXY}, whatever config.listen() says). */
    Harness(final ProxyConfig given, final String protocol)
    {
        clock.update(1_000_000);
        timers = new WheelTimerService(clock);
        transport = new RecordingTransport(PROXY, protocol);
        final ProxyConfig config = new ProxyConfig(List.of(PROXY), given.domains(), given.routes(), given.recordRoute(), given.limits(),
            given.auth());
        core = new ProxyCore(config, List.of(transport), timers, TransactionConfig.RFC3261, new SipIds(new SplittableRandom(7)));
        MADE.add(this);
    }

    /** Every harness made since the last call caught no failure; forgets them. */
    static void assertNoFailures()
    {
        final List<Harness> made = new ArrayList<>(MADE);
        MADE.clear();
        for (final Harness h : made)
        {
            assertEquals(0, h.core.failures(), "failures caught inside the proxy core (see the log)");
        }
    }

    /** For a test that causes failures on purpose. */
    static void forget(final Harness h)
    {
        MADE.remove(h);
    }

    static InetSocketAddress addr(final int port)
    {
        return new InetSocketAddress("127.0.0.1", port);
    }

    static ProxyConfig.Route route(final String pattern, final InetSocketAddress hop)
    {
        return new ProxyConfig.Route(pattern, hop, "sip:127.0.0.1:" + hop.getPort());
    }

    /** Lines joined by CRLF, the headers ended by a blank line; a body after "" is kept as is. */
    static String msg(final String... lines)
    {
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    static String withBody(final String body, final String... lines)
    {
        return String.join("\r\n", lines) + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    void receive(final String text, final InetSocketAddress from)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        // somewhere inside a larger buffer, as a ring slot would hold it
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[bytes.length + 32]);
        buffer.putBytes(16, bytes);
        core.onPacket(buffer, 16, bytes.length, from, 0);
    }

    void advance(final long ms)
    {
        // in steps, as the reactor's ticks would
        for (long left = ms; left > 0; left -= 10)
        {
            clock.advance(Math.min(10, left));
            core.onTick(clock.time());
        }
    }

    Sent take()
    {
        final Sent s = transport.sent.poll();
        assertNotNull(s, "the proxy sent nothing");
        return s;
    }

    /** The next datagram sent, which must go to destination. */
    Sent take(final InetSocketAddress destination)
    {
        final Sent s = take();
        assertEquals(destination, s.destination(), () -> "sent to the wrong place:\n" + s.text());
        return s;
    }

    void assertNothingSent()
    {
        assertTrue(transport.sent.isEmpty(), () -> "unexpected: " + transport.sent.peek().text());
    }

    void clearSent()
    {
        transport.sent.clear();
    }
}
