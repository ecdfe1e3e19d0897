package io.voxline.proxy;

import static io.voxline.proxy.Harness.NEXT;
import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.UA_B;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The routing rules a–h, one by one, as seen on the wire. */
class RoutingTest
{
    private static int branches;

    /** A request from A; extra lines are added after CSeq. */
    static String request(final String method, final String ruri, final String... extra)
    {
        final List<String> lines = new ArrayList<>(List.of(
            method + " " + ruri + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKr" + (++branches) + ";rport",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:201@a.test>",
            "Call-ID: route-" + branches + "@127.0.0.1",
            "CSeq: 1 " + method));
        lines.addAll(Arrays.asList(extra));
        return msg(lines.toArray(new String[0]));
    }

    private static void registerAt(final Harness h, final String user, final String domain, final String contact)
    {
        h.receive(msg(
            "REGISTER sip:" + domain + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKreg" + (++branches),
            "From: <sip:" + user + "@" + domain + ">;tag=r",
            "To: <sip:" + user + "@" + domain + ">",
            "Call-ID: reg-" + branches,
            "CSeq: 1 REGISTER",
            "Contact: <" + contact + ">"), UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
    }

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    // (a) --------------------------------------------------------------------------------------------------

    @Test
    void maxForwardsZeroIs483AndAbsentCountsAs70()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));
        h.receive(request("MESSAGE", "sip:201@a.test", "Max-Forwards: 0"), UA_A);
        assertEquals("SIP/2.0 483 Too Many Hops", h.take(UA_A).startLine());
        h.assertNothingSent();

        h.receive(request("MESSAGE", "sip:201@a.test"), UA_A);
        assertEquals("69", h.take(NEXT).header("Max-Forwards"));
        h.receive(request("MESSAGE", "sip:201@a.test", "Max-Forwards: 1"), UA_A);
        assertEquals("0", h.take(NEXT).header("Max-Forwards"));
    }

    // (b) --------------------------------------------------------------------------------------------------

    @Test
    void aTopRouteNamingUsIsConsumed()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));
        h.receive(request("MESSAGE", "sip:201@a.test", "Route: <sip:127.0.0.1:5070;lr>"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        assertEquals("MESSAGE sip:201@a.test SIP/2.0", out.startLine());
        assertTrue(out.headers("Route").isEmpty(), out.text());
    }

    @Test
    void aStrictRouterBeforeUsIsUndone()
    {
        final Harness h = new Harness(List.of("a.test"), List.of());
        h.receive(request("BYE", "sip:127.0.0.1:5070;lr",
            "Route: <sip:127.0.0.1:5080;lr>",
            "Route: <sip:201@127.0.0.1:5064>"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        assertEquals("BYE sip:201@127.0.0.1:5064 SIP/2.0", out.startLine(), "the last Route became the Request-URI");
        assertEquals(List.of("<sip:127.0.0.1:5080;lr>"), out.headers("Route"));
    }

    // (c) --------------------------------------------------------------------------------------------------

    @Test
    void remainingRoutesDecideAndTheRequestUriStays()
    {
        final Harness h = new Harness(List.of("a.test"), List.of());
        h.receive(request("BYE", "sip:201@127.0.0.1:5064",
            "Route: <sip:127.0.0.1:5070;lr>, <sip:127.0.0.1:5080;lr>"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        assertEquals("BYE sip:201@127.0.0.1:5064 SIP/2.0", out.startLine());
        assertEquals(List.of("<sip:127.0.0.1:5080;lr>"), out.headers("Route"));
    }

    @Test
    void aStrictRouterNextGetsTheRequestUriAndTheOldOneBecomesTheLastRoute()
    {
        // RFC 3261 16.6 step 7: the next Route has no lr
        final Harness h = new Harness(List.of("a.test"), List.of());
        h.receive(request("BYE", "sip:201@127.0.0.1:5064",
            "Route: <sip:127.0.0.1:5070;lr>, <sip:127.0.0.1:5080>, <sip:127.0.0.1:5090;lr>"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        assertEquals("BYE sip:127.0.0.1:5080 SIP/2.0", out.startLine());
        assertEquals(List.of("<sip:127.0.0.1:5090;lr>", "<sip:201@127.0.0.1:5064>"), out.headers("Route"));
        h.assertNothingSent();
    }

    @Test
    void aStrictRouterOnBothSidesOfUs()
    {
        // the previous hop put our Record-Route into the Request-URI, and the next one is strict too
        final Harness h = new Harness(List.of("a.test"), List.of());
        h.receive(request("BYE", "sip:127.0.0.1:5070;lr",
            "Route: <sip:127.0.0.1:5080>",
            "Route: <sip:201@127.0.0.1:5064>"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        assertEquals("BYE sip:127.0.0.1:5080 SIP/2.0", out.startLine());
        assertEquals(List.of("<sip:201@127.0.0.1:5064>"), out.headers("Route"));
    }

    @Test
    void aRejectedStrictRewriteLeavesNothingForTheNextRequest()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));
        // undone strict routing, then a Route we cannot use: 404, with the rewritten Request-URI left in the decision
        h.receive(request("BYE", "sip:127.0.0.1:5070;lr", "Route: <sip:proxy.example.com;lr>", "Route: <sip:201@127.0.0.1:5064>"), UA_A);
        assertEquals("SIP/2.0 404 Route Host Is Not An IP Literal", h.take(UA_A).startLine());
        h.receive(request("MESSAGE", "sip:301@c.test"), UA_A);
        assertEquals("MESSAGE sip:301@c.test SIP/2.0", h.take(NEXT).startLine());
    }

    @Test
    void ourIpv6RouteIsRecognisedInAnySpelling()
    {
        final java.net.InetSocketAddress self = new java.net.InetSocketAddress("::1", 5070);
        final Harness.RecordingTransport t = new Harness.RecordingTransport(self, "UDP");
        final org.agrona.concurrent.CachedEpochClock clock = new org.agrona.concurrent.CachedEpochClock();
        final ProxyCore core = new ProxyCore(new ProxyConfig(List.of(self), List.of("a.test"), List.of(), true, ProxyConfig.Limits.OFF),
            List.of(t), new io.voxline.reactor.WheelTimerService(clock));
        for (final String spelling : List.of("[::1]", "[0:0:0:0:0:0:0:1]", "[0::1]"))
        {
            final byte[] bytes = request("BYE", "sip:201@127.0.0.1:5064", "Route: <sip:" + spelling + ":5070;lr>")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            core.onPacket(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length, UA_A, 0);
            final Harness.Sent out = t.sent.poll();
            assertEquals(UA_B, out.destination(), spelling);
            assertTrue(out.headers("Route").isEmpty(), spelling + " is us: consumed");
        }
        assertEquals(0, core.failures());
    }

    @Test
    void aRouteWithANameIsNotResolved()
    {
        final Harness h = new Harness(List.of("a.test"), List.of());
        h.receive(request("BYE", "sip:201@127.0.0.1:5064", "Route: <sip:proxy.example.com;lr>"), UA_A);
        assertEquals("SIP/2.0 404 Route Host Is Not An IP Literal", h.take(UA_A).startLine());
        h.assertNothingSent();
    }

    // (d) --------------------------------------------------------------------------------------------------

    @Test
    void optionsToTheProxyItselfIsAnswered()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));
        for (final String ruri : List.of("sip:127.0.0.1:5070", "sip:a.test"))
        {
            h.receive(request("OPTIONS", ruri), UA_A);
            final Harness.Sent ok = h.take(UA_A);
            assertEquals("SIP/2.0 200 OK", ok.startLine());
            assertEquals(ProxyCore.ALLOW, ok.header("Allow"));
            assertEquals("application/sdp", ok.header("Accept"));
            assertTrue(ok.lines().contains("Supported: "), ok.text());
            assertTrue(ok.parse().toTag() != null);
            h.assertNothingSent();
        }
    }

    @Test
    void aRegisteredUserOfOurDomainGoesToItsContact()
    {
        final Harness h = new Harness(List.of("b.test"), List.of(route("*", NEXT)));
        registerAt(h, "201", "b.test", "sip:201@127.0.0.1:5064;transport=udp");
        h.receive(request("MESSAGE", "sip:201@b.test"), UA_A);
        final Harness.Sent out = h.take(UA_B);
        assertEquals("MESSAGE sip:201@127.0.0.1:5064;transport=udp SIP/2.0", out.startLine());
    }

    // (e) --------------------------------------------------------------------------------------------------

    @Test
    void anIpLiteralThatIsNotOursIsForwardedThere()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));
        h.receive(request("INFO", "sip:201@127.0.0.1:5064"), UA_A);
        assertEquals("INFO sip:201@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine());
        h.receive(request("INFO", "sip:201@127.0.0.9"), UA_A);
        assertEquals(Harness.addr(5060).getPort(), h.take().destination().getPort(), "5060 when no port");
    }

    // (f) --------------------------------------------------------------------------------------------------

    @Test
    void numberRoutingFindsTheUserUnderOurDomain()
    {
        // the story's proxy 2: serves b.test, 201@b.test registered, a request for sip:201@a.test arrives
        final Harness h = new Harness(List.of("b.test"), List.of());
        registerAt(h, "201", "b.test", "sip:201@127.0.0.1:5064");
        h.receive(request("MESSAGE", "sip:201@a.test"), UA_A);
        assertEquals("MESSAGE sip:201@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine());
        // and at our own address
        h.receive(request("MESSAGE", "sip:201@127.0.0.1:5070"), UA_A);
        assertEquals("MESSAGE sip:201@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine());
    }

    // (g) --------------------------------------------------------------------------------------------------

    @Test
    void theFirstMatchingRouteWins()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(
            route("2*", NEXT), route("C.Test", Harness.addr(5090)), route("*", Harness.addr(5100))));
        h.receive(request("MESSAGE", "sip:201@a.test"), UA_A);
        Harness.Sent out = h.take(NEXT);
        assertEquals("MESSAGE sip:201@a.test SIP/2.0", out.startLine(), "the Request-URI is unchanged");
        h.receive(request("MESSAGE", "sip:301@c.test"), UA_A);
        h.take(Harness.addr(5090));
        h.receive(request("MESSAGE", "sip:301@d.test"), UA_A);
        h.take(Harness.addr(5100));
        h.receive(request("MESSAGE", "tel:201"), UA_A);
        h.take(NEXT);
    }

    @Test
    void aRequestUriNamingUsIsRetargetedToTheNextHopRatherThanLoop()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("2*", NEXT)));
        h.receive(request("MESSAGE", "sip:201@127.0.0.1:5070"), UA_A);
        assertEquals("MESSAGE sip:201@127.0.0.1:5080 SIP/2.0", h.take(NEXT).startLine());
    }

    @Test
    void aNextHopThatIsOurselvesIsALoop()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", Harness.PROXY)));
        h.receive(request("MESSAGE", "sip:301@c.test"), UA_A);
        assertEquals("SIP/2.0 482 Loop Detected", h.take(UA_A).startLine());
        h.assertNothingSent();
    }

    @Test
    void withoutDomainsARegisterForAnotherRegistrarsAddressIsForwarded()
    {
        final Harness h = new Harness(List.of(), List.of());
        h.receive(request("REGISTER", "sip:127.0.0.1:5080", "Contact: <sip:101@127.0.0.1:5062>"), UA_A);
        assertEquals("REGISTER sip:127.0.0.1:5080 SIP/2.0", h.take(NEXT).startLine());
        assertEquals(0, h.core.registrations());
    }

    // (h) --------------------------------------------------------------------------------------------------

    @Test
    void nothingMatchesIs404()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("2*", NEXT), route("b.test", NEXT)));
        h.receive(request("INVITE", "sip:301@a.test"), UA_A);
        assertEquals("SIP/2.0 404 Not Found", h.take(UA_A).startLine(), "answered at once: no 100 Trying first");
        h.assertNothingSent();
        h.receive(request("INVITE", "sip:127.0.0.1:5070"), UA_A);
        assertEquals("SIP/2.0 404 Not Found", h.take(UA_A).startLine(), "no user at our own address");
    }

    @Test
    void anUnsupportedSchemeIs416()
    {
        final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));
        h.receive(request("MESSAGE", "mailto:bob@a.test"), UA_A);
        assertEquals("SIP/2.0 416 Unsupported URI Scheme", h.take(UA_A).startLine());
        assertNull(h.transport.sent.peek());
    }
}
