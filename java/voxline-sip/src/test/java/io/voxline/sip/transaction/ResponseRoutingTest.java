package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipMessage;

/** Where responses go and what the top Via says about it (RFC 3261 18.2.2, RFC 3581), and what gets dropped. */
class ResponseRoutingTest
{
    private static final InetSocketAddress NATTED = new InetSocketAddress("127.0.0.1", 40000);

    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(transport, timers, Wire.CONFIG, user);

    private SipMessage answer(final String via, final InetSocketAddress source)
    {
        final String request = Wire.request("OPTIONS", "sip:127.0.0.2:5064", "z9hG4bKv", 1)
            .replace("Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKv;rport", "Via: " + via);
        layer.onMessage(Wire.parse(request), source);
        user.lastRequest().st.respond(200, null, "t");
        return transport.last().message();
    }

    @Test
    void rportSendsToTheSourceAndFillsInRportAndReceived()
    {
        final SipMessage ok = answer("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKv;rport", NATTED);
        assertEquals(NATTED, transport.last().destination);
        assertEquals(40000, ok.topVia().rport());
        assertEquals("127.0.0.1", ok.topVia().received().toString(), "RFC 3581: received comes with rport");
    }

    @Test
    void aDifferentSentByHostGetsReceivedAndTheSentByPort()
    {
        final SipMessage ok = answer("SIP/2.0/UDP 10.9.9.9:5062;branch=z9hG4bKv", NATTED);
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), transport.last().destination);
        assertEquals("127.0.0.1", ok.topVia().received().toString());
        assertTrue(!ok.topVia().hasRport());
    }

    @Test
    void theSameHostGetsNoReceivedAndTheDefaultPortIs5060()
    {
        final SipMessage ok = answer("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKv", NATTED);
        assertEquals(new InetSocketAddress("127.0.0.1", 5060), transport.last().destination);
        assertNull(ok.topVia().received());
    }

    @Test
    void theStaticRuleReadsReceivedAsAnIpLiteralOnly()
    {
        // received is read only where a server wrote it: in the next Via of a response a proxy forwards
        final SipMessage m = Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKv", 1)
            .replace(";rport", ";received=127.0.0.7"));
        assertEquals(new InetSocketAddress("127.0.0.7", 5062), TransactionLayer.forwardedResponseDestination(m.topVia()));
        final SipMessage named = Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKv", 1)
            .replace(";rport", ";received=proxy.example.com"));
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), TransactionLayer.forwardedResponseDestination(named.topVia()));
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), TransactionLayer.responseDestination(named.topVia(), NATTED));
        final SipMessage same = Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKv", 1).replace(";rport", ""));
        final InetSocketAddress exact = new InetSocketAddress("127.0.0.1", 5062);
        assertSame(exact, TransactionLayer.responseDestination(same.topVia(), exact), "no allocation when it is the source");
    }

    @Test
    void aReceivedOrRportTheSenderWroteCannotAimOurResponses()
    {
        // RFC 3261 18.2.1: received is the receiving server's note; in a request we receive it means nothing
        final SipMessage forged = answer("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKv;received=127.0.0.99", NATTED);
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), transport.last().destination, "source IP, sent-by port");
        assertNull(forged.topVia().received(), "the false received is not echoed either");
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), TransactionLayer.responseDestination(
            Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKw", 1).replace(";rport", ";received=127.0.0.99"))
                .topVia(), NATTED));

        final SipMessage withRport = Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKw", 1)
            .replace(";rport", ";rport=9999;received=127.0.0.99"));
        assertSame(NATTED, TransactionLayer.responseDestination(withRport.topVia(), NATTED), "rport: the source, as it is");
    }

    @Test
    void aRejectedInviteIsRetransmittedToTheSourceNotToAForgedReceived()
    {
        final String invite = Wire.invite("z9hG4bKg1")
            .replace("127.0.0.1:5062;branch=z9hG4bKg1;rport", "127.0.0.1:5062;branch=z9hG4bKg1;received=127.0.0.99");
        layer.onMessage(Wire.parse(invite), NATTED);
        user.lastRequest().st.respond(486, null, "t");
        timers.advance(TransactionConfig.RFC3261.t1Ms() * 3 + 10);
        assertTrue(transport.count() >= 3, "486 and timer G retransmissions");
        for (int k = 0; k < transport.count(); k++)
        {
            assertEquals(new InetSocketAddress("127.0.0.1", 5062), transport.get(k).destination);
        }
    }

    @Test
    void aForwardedResponseFollowsTheNextViaAsItsServerCompletedIt()
    {
        assertEquals(new InetSocketAddress("127.0.0.7", 40000), forwarded("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bKa;rport=40000;received=127.0.0.7"));
        assertEquals(new InetSocketAddress("127.0.0.7", 5062), forwarded("SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bKa;received=127.0.0.7"));
        assertEquals(new InetSocketAddress("127.0.0.5", 40000), forwarded("SIP/2.0/UDP 127.0.0.5;branch=z9hG4bKa;rport=40000"));
        assertEquals(new InetSocketAddress("127.0.0.5", 5060), forwarded("SIP/2.0/UDP 127.0.0.5;branch=z9hG4bKa;rport"));
        assertEquals(new InetSocketAddress("127.0.0.5", 5061), forwarded("SIP/2.0/TLS 127.0.0.5;branch=z9hG4bKa"));
        assertEquals(new InetSocketAddress("::1", 5070), forwarded("SIP/2.0/UDP [::1]:5070;branch=z9hG4bKa"));
        assertEquals(new InetSocketAddress("127.0.0.8", 5060), forwarded("SIP/2.0/UDP pc.example.com;branch=z9hG4bKa;received=127.0.0.8"));
        assertNull(forwarded("SIP/2.0/UDP pc.example.com;branch=z9hG4bKa"), "a name is never resolved");
        assertNull(forwarded("SIP/2.0/UDP pc.example.com;branch=z9hG4bKa;received=pc2.example.com"));
        assertNull(TransactionLayer.forwardedResponseDestination(null));
        assertNull(TransactionLayer.forwardedResponseDestination(new io.voxline.sip.message.Via()));
    }

    private static InetSocketAddress forwarded(final String via)
    {
        final io.voxline.sip.message.Via v = new io.voxline.sip.message.Via();
        final org.agrona.concurrent.UnsafeBuffer b = Wire.buffer(via);
        assertTrue(v.parse(b, 0, b.capacity()), via);
        return TransactionLayer.forwardedResponseDestination(v);
    }

    @Test
    void urisWriteIpv6HostsInBrackets() throws Exception
    {
        assertEquals("127.0.0.1", IpLiterals.uriHost(java.net.InetAddress.getByName("127.0.0.1")));
        assertEquals("[0:0:0:0:0:0:0:1]", IpLiterals.uriHost(java.net.InetAddress.getByName("::1")));
        assertEquals("[0:0:0:0:0:0:0:1]:5060", TransactionLayer.hostPort(new InetSocketAddress("::1", 5060)));
        assertEquals("127.0.0.1:5062", TransactionLayer.hostPort(Wire.A));
    }

    @Test
    void malformedAndUnmatchedInputIsDroppedOrStrayNeverThrown()
    {
        layer.onMessage(null, NATTED);
        final SipMessage bad = new SipMessage();
        final org.agrona.concurrent.UnsafeBuffer badBytes = Wire.buffer("INVITE sip:x SIP/2.0\r\nVia: nonsense\r\n\r\n");
        assertTrue(!bad.parse(badBytes, 0, badBytes.capacity()));
        layer.onMessage(bad, NATTED);
        layer.onMessage(Wire.parse(Wire.invite("z9hG4bKq")), null);
        assertEquals(3, layer.counters().malformedDropped());
        assertTrue(user.requests.isEmpty());

        final String noBranch = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.2:5064\r\nFrom: <sip:a@b>;tag=1\r\n" +
            "To: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
        layer.onMessage(Wire.parse(noBranch), NATTED);
        assertEquals(1, user.strayResponses.size(), "a response without a branch is the TU's to judge");
        assertEquals(0, transport.count());
    }

    @Test
    void ipLiteralsAreNeverResolved()
    {
        assertEquals(new InetSocketAddress("127.0.0.3", 5060), IpLiterals.socketAddress("127.0.0.3", 5060));
        assertEquals(new InetSocketAddress("::1", 5060), IpLiterals.socketAddress("[::1]", 5060));
        assertEquals(new InetSocketAddress("::1", 5060), IpLiterals.socketAddress("::1", 5060));
        assertNull(IpLiterals.socketAddress("localhost", 5060));
        assertNull(IpLiterals.socketAddress("proxy.example.com", 5060));
        assertNull(IpLiterals.socketAddress("256.0.0.1", 5060));
        assertNull(IpLiterals.socketAddress("1.2.3", 5060));
        assertNull(IpLiterals.socketAddress("1.2.3.4.5", 5060));
        assertNull(IpLiterals.socketAddress("[::1", 5060));
        assertNull(IpLiterals.socketAddress("127.0.0.1", 70000));
        assertNull(IpLiterals.socketAddress("", 5060));
    }
}
