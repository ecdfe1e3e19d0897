package io.voxline.proxy;

import static io.voxline.proxy.Harness.NEXT;
import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request validation in the order of RFC 3261 16.3 (syntax, URI scheme, Max-Forwards, loop detection,
 * Proxy-Require), and unknown methods forwarded as non-INVITE.
 */
class ValidationTest
{
    private final Harness h = new Harness(List.of("a.test"), List.of(route("*", NEXT)));

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    private static String request(final String method, final String ruri, final String... extra)
    {
        return RoutingTest.request(method, ruri, extra);
    }

    /** What NEXT sends back to us when it routes out forwarded request straight back: its Via on top. */
    private static String bounced(final Harness.Sent forwarded, final String newRequestUri)
    {
        final String[] lines = forwarded.text().split("\r\n", 2);
        final String start = newRequestUri == null ? lines[0] : lines[0].replaceFirst(" \\S+ SIP/2.0$", " " + newRequestUri + " SIP/2.0");
        return start + "\r\nVia: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKnext" + forwarded.text().length() + "\r\n" + lines[1];
    }

    // step 2 ------------------------------------------------------------------------------------------------

    @Test
    void schemesOtherThanSipAndTelAre416AndSipsIsWithoutTls()
    {
        for (final String uri : List.of("mailto:bob@a.test", "http://a.test/x", "sips:201@a.test"))
        {
            h.receive(request("INVITE", uri), UA_A);
            assertEquals("SIP/2.0 416 Unsupported URI Scheme", h.take(UA_A).startLine(), uri);
            h.assertNothingSent();
        }
        h.receive(request("MESSAGE", "tel:+15551234"), UA_A);
        assertEquals("MESSAGE tel:+15551234 SIP/2.0", h.take(NEXT).startLine(), "tel is routed by the table");
    }

    @Test
    void theSchemeIsCheckedBeforeMaxForwards()
    {
        h.receive(request("MESSAGE", "mailto:bob@a.test", "Max-Forwards: 0"), UA_A);
        assertEquals("SIP/2.0 416 Unsupported URI Scheme", h.take(UA_A).startLine());
    }

    // step 3 ------------------------------------------------------------------------------------------------

    @Test
    void maxForwardsZeroIs483ButAnOptionsForUsIsAnswered()
    {
        h.receive(request("MESSAGE", "sip:201@a.test", "Max-Forwards: 0"), UA_A);
        assertEquals("SIP/2.0 483 Too Many Hops", h.take(UA_A).startLine());
        h.receive(request("OPTIONS", "sip:201@c.test", "Max-Forwards: 0"), UA_A);
        assertEquals("SIP/2.0 483 Too Many Hops", h.take(UA_A).startLine(), "an OPTIONS for someone else");
        for (final String ruri : List.of("sip:127.0.0.1:5070", "sip:a.test"))
        {
            h.receive(request("OPTIONS", ruri, "Max-Forwards: 0"), UA_A);
            final Harness.Sent ok = h.take(UA_A);
            assertEquals("SIP/2.0 200 OK", ok.startLine(), ruri);
            assertEquals(ProxyCore.ALLOW, ok.header("Allow"));
        }
        h.receive(request("REGISTER", "sip:a.test", "Max-Forwards: 0", "Contact: <sip:101@127.0.0.1:5062>"), UA_A);
        assertEquals("SIP/2.0 200 OK", h.take(UA_A).startLine(), "the registrar is a UAS: hops do not matter to it");
        h.assertNothingSent();
    }

    // step 4 ------------------------------------------------------------------------------------------------

    @Test
    void theSameRequestComingBackIsALoop()
    {
        // with a Route naming us, which we consume: it is not there when the request comes back
        h.receive(request("INVITE", "sip:301@c.test", "Max-Forwards: 70", "Route: <sip:127.0.0.1:5070;lr>"), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        final Harness.Sent out = h.take(NEXT);
        // NEXT is misconfigured and routes it straight back, unchanged but for its Via and the hop count
        h.receive(bounced(out, null), NEXT);
        final Harness.Sent loop = h.take(NEXT);
        assertEquals("SIP/2.0 482 Loop Detected", loop.startLine(), "answered, not a second 100 Trying");
        h.assertNothingSent();
    }

    @Test
    void aRetargetedRequestComingBackIsASpiralAndGoesOn()
    {
        h.receive(request("MESSAGE", "sip:301@c.test"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        // NEXT retargets (a forwarding service) and routes it back through us
        h.receive(bounced(out, "sip:302@c.test"), NEXT);
        final Harness.Sent again = h.take(NEXT);
        assertEquals("MESSAGE sip:302@c.test SIP/2.0", again.startLine());
        assertEquals(4, again.headers("Via").size(), "ours twice, NEXT's and A's");
        h.assertNothingSent();
    }

    @Test
    void aLoopAlsoNeedsTheSameRoutesAndCredentials()
    {
        h.receive(request("MESSAGE", "sip:301@c.test"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        h.receive(bounced(out, null).replace("CSeq: 1 MESSAGE", "CSeq: 1 MESSAGE\r\nProxy-Authorization: Digest username=\"x\""), NEXT);
        assertEquals("MESSAGE sip:301@c.test SIP/2.0", h.take(NEXT).startLine(), "a credential added on the way: a spiral");
    }

    @Test
    void maxForwardsIsCheckedBeforeLoops()
    {
        h.receive(request("MESSAGE", "sip:301@c.test", "Max-Forwards: 1"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        assertEquals("0", out.header("Max-Forwards"));
        h.receive(bounced(out, null), NEXT);
        assertEquals("SIP/2.0 483 Too Many Hops", h.take(NEXT).startLine());
    }

    // step 5 ------------------------------------------------------------------------------------------------

    @Test
    void proxyRequireComesAfterLoopDetection()
    {
        h.receive(request("MESSAGE", "sip:301@c.test", "Proxy-Require: foo"), UA_A);
        assertEquals("SIP/2.0 420 Bad Extension", h.take(UA_A).startLine());
        // a looped request with Proxy-Require: 482, as step 4 comes first
        h.receive(request("MESSAGE", "sip:301@c.test"), UA_A);
        final Harness.Sent out = h.take(NEXT);
        h.receive(bounced(out, null), NEXT);
        assertEquals("SIP/2.0 482 Loop Detected", h.take(NEXT).startLine());
    }

    // unknown methods ---------------------------------------------------------------------------------------

    @Test
    void anUnknownMethodIsForwardedStatefullyAsNonInvite()
    {
        final String foo = msg(
            "FOO sip:301@c.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKfoo1;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@c.test>",
            "Call-ID: foo-1",
            "CSeq: 7 FOO",
            "X-Thing: kept");
        h.receive(foo, UA_A);
        final Harness.Sent out = h.take(NEXT);
        h.assertNothingSent(); // no 100 Trying: not an INVITE
        assertEquals("FOO sip:301@c.test SIP/2.0", out.startLine());
        assertEquals("7 FOO", out.header("CSeq"));
        assertEquals("kept", out.header("X-Thing"));
        assertTrue(out.headers("Record-Route").isEmpty());
        h.receive(foo, UA_A);
        h.assertNothingSent(); // a retransmission is absorbed by its server transaction
        h.advance(520);
        assertEquals(out.text(), h.take(NEXT).text(), "timer E retransmits it downstream");
        h.receive(ForwardingTest.response(out, 200, "OK"), NEXT);
        final Harness.Sent ok = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals("7 FOO", ok.header("CSeq"));
        h.receive(foo, UA_A);
        assertEquals(ok.text(), h.take(UA_A).text(), "the server transaction answers a retransmission itself");
    }
}
