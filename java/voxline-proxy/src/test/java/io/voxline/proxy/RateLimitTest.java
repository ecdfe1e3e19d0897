package io.voxline.proxy;

import static io.voxline.proxy.Harness.NEXT;
import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.reactor.Reactor;
import io.voxline.reactor.ReactorEvent;

/**
 * Hostile traffic (issue 3 item 7) on a stepped clock: a source over its token bucket is dropped before its
 * datagrams are parsed or answered, while a call from another source goes through whole.
 */
class RateLimitTest
{
    static final InetSocketAddress FLOOD = new InetSocketAddress("127.0.0.66", 40000);

    private final Harness h = new Harness(new ProxyConfig(List.of(Harness.PROXY), List.of("a.test"), List.of(route("*", NEXT)), true,
        new ProxyConfig.Limits(10, 20)), "UDP");

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    private List<Harness.Sent> drain()
    {
        final List<Harness.Sent> all = new ArrayList<>();
        for (Harness.Sent s = h.transport.sent.poll(); s != null; s = h.transport.sent.poll())
        {
            all.add(s);
        }
        return all;
    }

    private static String options(final int n)
    {
        return RoutingTest.request("OPTIONS", "sip:127.0.0.1:5070").replace("Call-ID: ", "Call-ID: o" + n + "-");
    }

    @Test
    void aSourceGetsItsBurstThenItsRate()
    {
        for (int i = 0; i < 30; i++)
        {
            h.receive(options(i), UA_A);
        }
        assertEquals(20, drain().size(), "the burst is answered, the rest dropped unread");
        assertEquals(10, h.core.rateLimited());
        h.advance(500); // half a second: 5 tokens
        for (int i = 0; i < 10; i++)
        {
            h.receive(options(100 + i), UA_A);
        }
        assertEquals(5, drain().size());
        h.advance(60_000); // refills to the burst, not beyond
        for (int i = 0; i < 30; i++)
        {
            h.receive(options(200 + i), UA_A);
        }
        assertEquals(20, drain().size());
    }

    @Test
    void aFloodOfGarbageAndOversizedDatagramsDoesNotStopACallFromElsewhere() throws Exception
    {
        final byte[] garbage = "INVITE sip:x SIP/2.0\r\nVia: garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        final byte[] answerable = RoutingTest.request("INVITE", "sip:301@c.test", "Max-Forwards: many").getBytes(StandardCharsets.ISO_8859_1);
        final var ctor = ReactorEvent.class.getDeclaredConstructor(int.class);
        ctor.setAccessible(true);
        final ReactorEvent oversized = ctor.newInstance(256);
        oversized.type = ReactorEvent.DATAGRAM;
        oversized.length = 256;
        oversized.truncated = true;
        oversized.source = FLOOD;

        final String invite = Harness.withBody(ForwardingTest.SDP,
            "INVITE sip:301@c.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKcall1;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@c.test>",
            "Call-ID: call-under-flood",
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:5062>",
            "Content-Type: application/sdp");
        int upToA = 0;
        Harness.Sent forwarded = null;
        Harness.Sent ok = null;
        int floodAnswers = 0;
        for (int round = 0; round < 200; round++)
        {
            // every 10 ms: 50 datagrams from the flood (5,000 a second), of three kinds
            for (int i = 0; i < 50; i++)
            {
                switch (i % 3)
                {
                    case 0 -> h.core.onPacket(new org.agrona.concurrent.UnsafeBuffer(garbage), 0, garbage.length, FLOOD, 0);
                    case 1 -> h.core.onPacket(new org.agrona.concurrent.UnsafeBuffer(answerable), 0, answerable.length, FLOOD, 0);
                    default -> Reactor.dispatch(h.core, oversized);
                }
            }
            if (round == 10)
            {
                h.receive(invite, UA_A);
            }
            if (round == 30 && forwarded != null)
            {
                h.receive(ForwardingTest.response(forwarded, 180, "Ringing"), NEXT);
            }
            if (round == 60 && forwarded != null)
            {
                h.receive(ForwardingTest.response(forwarded, 200, "OK"), NEXT);
            }
            for (final Harness.Sent s : drain())
            {
                if (s.destination().equals(FLOOD))
                {
                    floodAnswers++;
                }
                else if (s.destination().equals(NEXT) && s.startLine().startsWith("INVITE "))
                {
                    forwarded = s;
                }
                else if (s.destination().equals(UA_A))
                {
                    upToA++;
                    if (s.startLine().equals("SIP/2.0 200 OK"))
                    {
                        ok = s;
                    }
                }
            }
            h.advance(10);
        }
        assertTrue(forwarded != null, "the INVITE went on");
        assertTrue(ok != null, "the call was answered");
        assertEquals(3, upToA, "100, 180 and 200");
        // 2 s of flood at 5,000/s: the burst of 20 plus 10 a second got through, a third of them answerable
        final long admitted = 10_000 - h.core.rateLimited();
        assertTrue(admitted <= 20 + 2 * 10 + 1, "admitted " + admitted);
        assertTrue(floodAnswers <= admitted, "answers to the flood " + floodAnswers);
    }

    @Test
    void manySourcesEachKeepTheirOwnBucketInAFixedTable()
    {
        // more sources than slots: the table reuses idle slots and never grows
        for (int i = 0; i < SourceRateLimiter.SLOTS + 500; i++)
        {
            final InetSocketAddress src = new InetSocketAddress("127." + (1 + (i >> 16)) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF), 5060);
            h.core.onPacket(new org.agrona.concurrent.UnsafeBuffer("x".getBytes(StandardCharsets.ISO_8859_1)), 0, 1, src, 0);
            h.advance(i % 100 == 0 ? 10 : 0);
        }
        assertEquals(0, h.core.rateLimited(), "one datagram each is within everyone's burst");
        h.receive(options(1), UA_A);
        assertEquals("SIP/2.0 200 OK", h.take(UA_A).startLine());
    }

    @Test
    void theDefaultsSuitAHomeRouterAndZeroTurnsTheLimitOff()
    {
        final ProxyConfig config = new ProxyConfig(List.of(Harness.PROXY), List.of(), List.of(), true);
        assertEquals(ProxyConfig.Limits.DEFAULT, config.limits());
        assertEquals(50, config.limits().perSecond());
        assertEquals(200, config.limits().burst());
        assertTrue(!ProxyConfig.Limits.OFF.enabled());
        assertThrows(IllegalArgumentException.class, () -> new ProxyConfig.Limits(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProxyConfig.Limits(-1, 5));

        final Harness open = new Harness(List.of("a.test"), List.of());
        for (int i = 0; i < 1000; i++)
        {
            open.receive(options(i), UA_A);
        }
        assertEquals(1000, open.transport.sent.size());
        assertEquals(0, open.core.rateLimited());
    }

    @Test
    void aRateLimitedSourceIsNotAnsweredAtAll()
    {
        for (int i = 0; i < 20; i++)
        {
            h.receive(msg("garbage " + i), FLOOD);
        }
        drain();
        final long dropped = h.core.dropped();
        h.receive(options(1), FLOOD);
        h.assertNothingSent();
        assertEquals(dropped, h.core.dropped(), "not even parsed");
        assertEquals(1, h.core.rateLimited());
    }
}
