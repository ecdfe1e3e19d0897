package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER;
import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.response;
import static io.voxline.gateway.CoreRig.responseSeenFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.register.RegistrationState;
import io.voxline.gateway.register.RegistrationTimer;

/**
 * NAT traversal and keepalive on the rig's stepped clock: rport both ways (RFC 3581), the public address from the
 * registrar's Via becoming our Contact, re-registering at once when it moves, CRLF keepalives (RFC 5626 §3.5.1),
 * OPTIONS pings that find a registrar gone or back, the other signs of a lost binding, and no REGISTER loop under
 * any permanent failure.
 */
class GatewayCoreNatTest
{
    private static final String LOCAL_CONTACT = "sip:101@127.0.0.1:5062";
    private static final String PUBLIC = "203.0.113.7";

    private static List<Sent> registers(final CoreRig rig, final String user)
    {
        return rig.transport.requests("REGISTER").stream().filter(s -> s.header("To").contains("sip:" + user + "@")).toList();
    }

    private static Sent lastRegister(final CoreRig rig, final String user)
    {
        final List<Sent> r = registers(rig, user);
        return r.get(r.size() - 1);
    }

    /** The OPTIONS pings sent, first transmissions only (timer E repeats the same CSeq). */
    private static List<Sent> pings(final CoreRig rig)
    {
        final Set<String> seen = new HashSet<>();
        return rig.transport.requests("OPTIONS").stream().filter(s -> seen.add(s.header("CSeq"))).toList();
    }

    /** A 2xx that lists contact for an hour, as RFC 3261 10.3 asks. */
    private static String ok(final Sent register, final String contact)
    {
        return response(register, 200, "OK", "r", null, "Contact: <" + contact + ">;expires=3600");
    }

    private static void assertNoErrors(final CoreRig rig)
    {
        assertEquals(0, rig.core.errorCount());
        assertEquals(0, rig.core.parseErrorCount());
    }

    // ------------------------------------------------------------------------------------------ rport

    @Test
    void ourRequestsAskForRportAndOurAnswersFillItIn()
    {
        final CoreRig rig = CoreRig.withKeepalive(new GatewayConfig.Keepalive(0, 60));
        rig.core.onStart();
        assertTrue(registers(rig, "101").get(0).header("Via").endsWith(";rport"));
        rig.deliver(ok(registers(rig, "101").get(0), LOCAL_CONTACT), PROXY);
        rig.advance(60_000);
        assertTrue(pings(rig).get(0).header("Via").endsWith(";rport"));
        rig.hook(1, true);
        rig.dial(1, "201");
        assertTrue(rig.transport.requests("INVITE").get(0).header("Via").endsWith(";rport"));

        // the server side: an answer goes back to the packet's source port, which its Via records
        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK-nat;rport",
            "Max-Forwards: 70",
            "From: <sip:x@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: nat@10.0.0.5",
            "CSeq: 1 OPTIONS"), null), PEER);
        final Sent answer = rig.transport.responses(200, "OPTIONS").get(0);
        assertEquals(PEER, answer.destination());
        assertTrue(answer.header("Via").contains("rport=5080"), answer.header("Via"));
        assertTrue(answer.header("Via").contains("received=127.0.0.1"), answer.header("Via"));
        assertNoErrors(rig);
    }

    // ------------------------------------------------------------------------------------------ the public address

    @Test
    void thePublicAddressTheRegistrarSeesBecomesOurContact()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        final Sent first = registers(rig, "101").get(0);
        assertEquals("<" + LOCAL_CONTACT + ">", first.header("Contact"));
        rig.deliver(responseSeenFrom(first, PUBLIC, 40000, 200, "OK", "r", "Contact: <" + LOCAL_CONTACT + ">;expires=3600"),
            PROXY);

        // registered at once again: the public Contact, and the unreachable local one removed
        assertEquals(2, registers(rig, "101").size());
        final Sent again = registers(rig, "101").get(1);
        assertTrue(again.text().contains("Contact: <sip:101@203.0.113.7:40000>, <" + LOCAL_CONTACT + ">;expires=0\r\n"),
            again.text());
        assertTrue(again.header("Via").startsWith("SIP/2.0/UDP 127.0.0.1:5062;"), "the Via stays ours (rport does the rest)");
        assertEquals(new InetSocketAddress(PUBLIC, 40000), rig.core.registration(1).publicAddress());
        assertTrue(rig.log.signals.contains("line 1 public address 203.0.113.7:40000 (behind a NAT)"), rig.log.signals.toString());

        rig.deliver(responseSeenFrom(again, PUBLIC, 40000, 200, "OK", "r", "Contact: <sip:101@203.0.113.7:40000>;expires=3600"),
            PROXY);
        assertEquals(2, registers(rig, "101").size(), "settled");
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));
        assertEquals("<sip:102@127.0.0.1:5062>", registers(rig, "102").get(0).header("Contact"),
            "line 2 has learnt nothing yet");

        // an incoming call: 180 and 200 carry the public Contact, so the far end's ACK and BYE come through the NAT
        rig.deliver(rig.invite("101", "in-1@b.test", PEER_SDP), PROXY);
        assertEquals("<sip:101@203.0.113.7:40000>", rig.transport.responses(180, "INVITE").get(0).header("Contact"));
        rig.hook(1, true);
        assertEquals("<sip:101@203.0.113.7:40000>", rig.transport.responses(200, "INVITE").get(0).header("Contact"));
        rig.hook(1, false);

        // an outgoing one: the INVITE's Contact too
        rig.hook(1, true);
        rig.dial(1, "201");
        final Sent invite = rig.transport.requests("INVITE").get(0);
        assertEquals("<sip:101@203.0.113.7:40000>", invite.header("Contact"));
        assertNoErrors(rig);
    }

    @Test
    void withoutANatTheContactStaysLocal()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        // received equal to our Via's host and rport equal to its port: no NAT in between
        rig.deliver(responseSeenFrom(registers(rig, "101").get(0), "127.0.0.1", 5062, 200, "OK", "r",
            "Contact: <" + LOCAL_CONTACT + ">;expires=3600"), PROXY);
        assertEquals(1, registers(rig, "101").size());
        assertNull(rig.core.registration(1).publicAddress());
        assertEquals(LOCAL_CONTACT, rig.core.registration(1).contactUri());
    }

    @Test
    void aNewWanAddressSeenOnARefreshReRegistersAtOnce()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        rig.deliver(responseSeenFrom(registers(rig, "101").get(0), PUBLIC, 40000, 401, "Unauthorized", "r"), PROXY);
        // a failure still shows where we are: the retry after the back-off already carries the public Contact
        rig.advance(1_100);
        final Sent retry = lastRegister(rig, "101");
        assertEquals("<sip:101@203.0.113.7:40000>", retry.header("Contact"), "nothing was bound before: nothing to remove");
        rig.deliver(responseSeenFrom(retry, PUBLIC, 40000, 200, "OK", "r", "Contact: <sip:101@203.0.113.7:40000>;expires=3600"),
            PROXY);
        final int settled = registers(rig, "101").size();

        // the refresh 54 minutes later is seen from a new WAN address (the ISP moved us)
        rig.advance(3_240_000);
        final Sent refresh = lastRegister(rig, "101");
        assertEquals(settled + 1, registers(rig, "101").size());
        rig.deliver(responseSeenFrom(refresh, "198.51.100.9", 1024, 200, "OK", "r",
            "Contact: <sip:101@203.0.113.7:40000>;expires=3600"), PROXY);
        assertEquals(settled + 2, registers(rig, "101").size(), "at once");
        assertTrue(lastRegister(rig, "101").text().contains(
            "Contact: <sip:101@198.51.100.9:1024>, <sip:101@203.0.113.7:40000>;expires=0\r\n"));
        assertEquals(new InetSocketAddress("198.51.100.9", 1024), rig.core.registration(1).publicAddress());

        // and when the NAT goes away (the router got a public address itself), back to the local Contact
        rig.deliver(responseSeenFrom(lastRegister(rig, "101"), "127.0.0.1", 5062, 200, "OK", "r",
            "Contact: <sip:101@198.51.100.9:1024>;expires=3600"), PROXY);
        assertEquals(settled + 2, registers(rig, "101").size(), "one re-registration at once in 30 s, then the next waits");
        rig.advance(RegistrationTimer.URGENT_SPACING_MS);
        assertEquals(settled + 3, registers(rig, "101").size());
        assertTrue(lastRegister(rig, "101").text().contains(
            "Contact: <" + LOCAL_CONTACT + ">, <sip:101@198.51.100.9:1024>;expires=0\r\n"));
        assertNull(rig.core.registration(1).publicAddress());
        assertNoErrors(rig);
    }

    @Test
    void aNatRebindingSeenByAPingReRegistersAtOnce()
    {
        final CoreRig rig = CoreRig.withKeepalive(new GatewayConfig.Keepalive(0, 60));
        rig.core.onStart();
        rig.deliver(responseSeenFrom(registers(rig, "101").get(0), PUBLIC, 40000, 200, "OK", "r",
            "Contact: <" + LOCAL_CONTACT + ">;expires=3600"), PROXY);
        rig.deliver(responseSeenFrom(lastRegister(rig, "101"), PUBLIC, 40000, 200, "OK", "r",
            "Contact: <sip:101@203.0.113.7:40000>;expires=3600"), PROXY);
        assertEquals(2, registers(rig, "101").size());

        rig.advance(60_000);
        final Sent ping = pings(rig).get(0);
        assertEquals(PROXY, ping.destination());
        assertEquals("sip:127.0.0.1:5070", ping.message().requestUri().toString(), "asks the registrar itself");
        rig.deliver(responseSeenFrom(ping, PUBLIC, 40000, 200, "OK", "p"), PROXY);
        assertEquals(2, registers(rig, "101").size(), "same mapping: nothing to do");

        rig.advance(60_000);
        // the NAT forgot us and mapped us anew: the registrar would be sending to a dead port
        rig.deliver(responseSeenFrom(pings(rig).get(1), PUBLIC, 40001, 200, "OK", "p"), PROXY);
        assertEquals(3, registers(rig, "101").size());
        assertTrue(lastRegister(rig, "101").text().contains(
            "Contact: <sip:101@203.0.113.7:40001>, <sip:101@203.0.113.7:40000>;expires=0\r\n"));
        assertNoErrors(rig);
    }

    // ------------------------------------------------------------------------------------------ keepalive

    @Test
    void aRegisteredLineSendsACrlfKeepaliveToItsRegistrarEveryTwentyFiveSeconds()
    {
        final CoreRig rig = CoreRig.withKeepalive(new GatewayConfig.Keepalive(25, 0));
        rig.core.onStart();
        rig.advance(10_000);
        assertEquals(List.of(), rig.transport.keepalives, "not before the line is registered");
        rig.deliver(ok(registers(rig, "101").get(0), LOCAL_CONTACT), PROXY); // line 2 stays unregistered
        final long registeredAt = rig.timers.time();

        rig.advance(600_000);
        final List<Long> times = rig.transport.keepaliveTimes;
        assertTrue(times.size() >= 24 && times.size() <= 30, times.size() + " in 10 minutes");
        long previous = registeredAt;
        for (final long t : times)
        {
            // 80-100 % of the interval (RFC 5626 4.4.1): never longer than the NAT may idle, never in step
            assertTrue(t - previous >= 20_000 && t - previous <= 25_000, (t - previous) + " ms between keepalives");
            previous = t;
        }
        assertTrue(rig.transport.keepalives.stream().allMatch(PROXY::equals));
        assertEquals(times.size(), rig.core.registration(1).keepalivesSent());
        assertEquals(0, rig.core.registration(2).keepalivesSent());
        assertTrue(new HashSet<>(gaps(times)).size() > 1, "jittered");

        rig.core.onShutdown();
        final int sent = times.size();
        rig.advance(120_000);
        assertEquals(sent, rig.transport.keepalives.size(), "a stopped line keeps nothing open");
        assertNoErrors(rig);
    }

    private static List<Long> gaps(final List<Long> times)
    {
        final List<Long> g = new ArrayList<>();
        for (int i = 1; i < times.size(); i++)
        {
            g.add(times.get(i) - times.get(i - 1));
        }
        return g;
    }

    @Test
    void keepalivesStopWhenTheBindingLapses()
    {
        final CoreRig rig = CoreRig.withKeepalive(new GatewayConfig.Keepalive(25, 0));
        rig.core.onStart();
        rig.deliver(response(registers(rig, "101").get(0), 200, "OK", "r", null, "Contact: <" + LOCAL_CONTACT + ">;expires=60"),
            PROXY);
        // the refresh at 54 s and every retry after it go unanswered: the binding ends at 60 s
        rig.advance(60_000);
        final int sent = rig.transport.keepalives.size();
        assertTrue(sent >= 2, sent + " while bound");
        rig.advance(300_000);
        assertEquals(sent, rig.transport.keepalives.size());
        assertEquals(RegistrationState.UNREGISTERED, rig.core.registrationState(1));
    }

    @Test
    void keepaliveAndPingsAreOffWhenConfiguredSo()
    {
        final CoreRig rig = new CoreRig(); // Keepalive.OFF
        rig.core.onStart();
        rig.deliver(ok(registers(rig, "101").get(0), LOCAL_CONTACT), PROXY);
        rig.advance(600_000);
        assertEquals(List.of(), rig.transport.keepalives);
        assertEquals(List.of(), rig.transport.requests("OPTIONS"));
    }

    @Test
    void aCrlfKeepaliveIsIgnoredSilently()
    {
        final CoreRig rig = new CoreRig();
        final int sent = rig.transport.sent.size();
        rig.deliver("\r\n\r\n", PROXY);
        rig.deliver("\r\n", PEER);
        assertEquals(sent, rig.transport.sent.size(), "not answered");
        assertEquals(2, rig.core.keepalivesReceivedCount());
        assertEquals(List.of(), rig.log.signals, "not logged");
        assertNoErrors(rig);
    }

    // ------------------------------------------------------------------------------------------ a registrar gone or back

    @Test
    void aPingTimeoutMakesTheRegistrationUnconfirmedAndTheNextAnswerReRegistersAtOnce()
    {
        final CoreRig rig = CoreRig.withKeepalive(new GatewayConfig.Keepalive(0, 60));
        rig.core.onStart();
        rig.deliver(ok(registers(rig, "101").get(0), LOCAL_CONTACT), PROXY);
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));

        rig.advance(60_000);
        assertEquals(1, pings(rig).size());
        rig.advance(31_999);
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));
        rig.advance(1); // timer F: the registrar is gone
        assertEquals(RegistrationState.UNCONFIRMED, rig.core.registrationState(1));
        assertTrue(rig.core.isRegistered(1), "the binding may still hold");
        assertTrue(rig.log.signals.contains("line 1 registration unconfirmed: the registrar does not answer pings"),
            rig.log.signals.toString());
        assertEquals(1, registers(rig, "101").size());

        // it restarted: the next ping is answered, so it lost our binding: REGISTER at once
        rig.advance(28_000);
        assertEquals(2, pings(rig).size());
        rig.deliver(response(pings(rig).get(1), 200, "OK", "p", null), PROXY);
        assertEquals(2, registers(rig, "101").size());
        assertEquals(RegistrationState.UNCONFIRMED, rig.core.registrationState(1), "until the registrar says so");
        rig.deliver(ok(lastRegister(rig, "101"), LOCAL_CONTACT), PROXY);
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));

        // pings answered while all is well change nothing, whatever the status (404, 405: it is there)
        rig.advance(60_000);
        rig.deliver(response(pings(rig).get(2), 405, "Method Not Allowed", "p", null), PROXY);
        assertEquals(2, registers(rig, "101").size());
        assertEquals(RegistrationState.REGISTERED, rig.core.registrationState(1));
        assertNoErrors(rig);
    }

    @Test
    void aRegistrarThatStopsListingOurContactIsAskedAgainOnce()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        rig.deliver(ok(registers(rig, "101").get(0), LOCAL_CONTACT), PROXY);
        rig.advance(3_240_000);
        assertEquals(2, registers(rig, "101").size());
        // the refresh is accepted, but the bindings it lists are fewer than ours: none
        rig.deliver(response(lastRegister(rig, "101"), 200, "OK", "r", null, "Expires: 3600"), PROXY);
        assertEquals(3, registers(rig, "101").size(), "at once");
        // a registrar that never lists contacts is not asked again and again
        rig.deliver(response(lastRegister(rig, "101"), 200, "OK", "r", null, "Expires: 3600"), PROXY);
        assertEquals(3, registers(rig, "101").size());
        assertTrue(rig.core.isRegistered(1));
        // listing only someone else's devices counts as fewer too, once it has listed ours again
        rig.advance(3_240_000);
        rig.deliver(ok(lastRegister(rig, "101"), LOCAL_CONTACT), PROXY);
        rig.advance(3_240_000);
        final int before = registers(rig, "101").size();
        rig.deliver(response(lastRegister(rig, "101"), 200, "OK", "r", null, "Contact: <sip:101@10.9.9.9:5060>;expires=99",
            "Contact: <sip:101@10.9.9.8:5060>;expires=99"), PROXY);
        assertEquals(before + 1, registers(rig, "101").size());
        assertNoErrors(rig);
    }

    @Test
    void a404ForOneOfOurOwnRegisteredNumbersReRegistersEveryLineThere()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        rig.deliver(ok(registers(rig, "101").get(0), LOCAL_CONTACT), PROXY);
        rig.deliver(ok(registers(rig, "102").get(0), "sip:102@127.0.0.1:5062"), PROXY);

        // line 1 calls line 2's number and the registrar says it does not know it: it must have restarted
        rig.hook(1, true);
        rig.dial(1, "102");
        rig.deliver(response(rig.transport.requests("INVITE").get(0), 404, "Not Found", "x", null), PROXY);
        assertEquals(2, registers(rig, "101").size());
        assertEquals(2, registers(rig, "102").size());
        assertTrue(rig.log.signals.contains("line 2 re-registering: the registrar answered 404 for line 2's number"),
            rig.log.signals.toString());
        rig.deliver(ok(lastRegister(rig, "101"), LOCAL_CONTACT), PROXY);
        rig.deliver(ok(lastRegister(rig, "102"), "sip:102@127.0.0.1:5062"), PROXY);

        // a 480 for a number that is not ours says nothing about our bindings
        rig.hook(1, false);
        rig.hook(1, true);
        rig.dial(1, "201");
        rig.deliver(response(rig.transport.requests("INVITE").get(1), 480, "Temporarily Unavailable", "x", null), PROXY);
        assertEquals(2, registers(rig, "101").size());

        // a second 480 for line 2 ten seconds later: the re-registration waits for the 30 s spacing
        rig.advance(10_000);
        rig.hook(1, false);
        rig.hook(1, true);
        rig.dial(1, "102");
        rig.deliver(response(rig.transport.requests("INVITE").get(2), 480, "Temporarily Unavailable", "x", null), PROXY);
        assertEquals(2, registers(rig, "101").size());
        rig.advance(RegistrationTimer.URGENT_SPACING_MS - 10_000 - 1);
        assertEquals(2, registers(rig, "101").size());
        rig.advance(1);
        assertEquals(3, registers(rig, "101").size());
        assertEquals(3, registers(rig, "102").size());
        assertNoErrors(rig);
    }

    // ------------------------------------------------------------------------------------------ never a loop

    /**
     * Runs the rig for ms in 100 ms steps, answering each new REGISTER transaction with what registrar makes of it
     * (null: silence), and the pings 200; returns when each of line 1's REGISTER transactions started.
     */
    private static List<Long> drive(final CoreRig rig, final long ms, final Function<Sent, String> registrar)
    {
        final Set<String> branches = new HashSet<>();
        final List<Long> line1 = new ArrayList<>();
        int seen = 0;
        for (long t = 0; t <= ms; t += 100)
        {
            while (seen < rig.transport.sent.size())
            {
                final Sent s = rig.transport.sent.get(seen++);
                if (!s.message().isRequest() || !branches.add(s.header("Via")))
                {
                    continue; // a response, or a retransmission
                }
                if (s.isRequest("REGISTER"))
                {
                    if (s.header("To").contains("sip:101@"))
                    {
                        line1.add(rig.timers.time());
                    }
                    final String answer = registrar.apply(s);
                    if (answer != null)
                    {
                        rig.deliver(answer, PROXY);
                    }
                }
                else if (s.isRequest("OPTIONS"))
                {
                    rig.deliver(response(s, 200, "OK", "p", null), PROXY);
                }
            }
            rig.advance(100);
        }
        return line1;
    }

    private static void assertNoTightLoop(final List<Long> starts, final long minGapMs)
    {
        for (final long gap : gaps(starts))
        {
            assertTrue(gap >= minGapMs, gap + " ms between REGISTERs: " + starts);
        }
    }

    @Test
    void aRegistrarAnswering503ForeverGetsAboutFifteenRegistersInTenMinutes()
    {
        final CoreRig rig = CoreRig.withKeepalive(GatewayConfig.Keepalive.DEFAULT);
        rig.core.onStart();
        final List<Long> starts = drive(rig, 600_000, s -> response(s, 503, "Service Unavailable", "r", null));
        // 1, 2, 4, 8, 16, 32 s, then every 60 s (each ±10 %): 15 in 600 s
        assertTrue(starts.size() >= 13 && starts.size() <= 17, starts.size() + " REGISTERs: " + starts);
        assertNoTightLoop(starts, 900);
        assertTrue(gaps(starts).stream().skip(6).allMatch(g -> g >= 54_000 && g <= 66_100), gaps(starts).toString());
        assertEquals(List.of(), rig.transport.keepalives, "nothing to keep open");
        assertEquals(List.of(), rig.transport.requests("OPTIONS"));
        final int line2 = registers(rig, "102").size();
        assertTrue(line2 >= 13 && line2 <= 17, line2 + " REGISTERs for line 2");
        assertNoErrors(rig);
    }

    @Test
    void twoLinesFailingTogetherRetryAtDifferentMoments()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        final List<Long> line2 = new ArrayList<>();
        final List<Long> line1 = drive(rig, 300_000, s ->
        {
            if (s.header("To").contains("sip:102@"))
            {
                line2.add(rig.timers.time());
            }
            return response(s, 503, "Service Unavailable", "r", null);
        });
        assertEquals(line1.get(0), line2.get(0), "they start together");
        assertNotEquals(line1.subList(1, line1.size()), line2.subList(1, line2.size()));
    }

    @Test
    void aRegistrarThatNeverAnswersGetsAFewTransactionsInTenMinutes()
    {
        final CoreRig rig = CoreRig.withKeepalive(GatewayConfig.Keepalive.DEFAULT);
        rig.core.onStart();
        final List<Long> starts = drive(rig, 600_000, s -> null);
        // each attempt waits out timer F (32 s) before its back-off: about a dozen attempts
        assertTrue(starts.size() >= 8 && starts.size() <= 12, starts.size() + " REGISTER transactions: " + starts);
        assertNoTightLoop(starts, 32_000);
        final long datagrams = registers(rig, "101").size();
        assertTrue(datagrams <= starts.size() * 11L, datagrams + " REGISTER datagrams with timer E's retransmissions");
        assertNoErrors(rig);
    }

    @Test
    void aWrongPasswordForeverBacksOffLikeAnyFailure()
    {
        final CoreRig rig = CoreRig.withPassword("wrong");
        rig.core.onStart();
        final List<Long> starts = drive(rig, 600_000, s -> response(s, 401, "Unauthorized", "r", null,
            "WWW-Authenticate: Digest realm=\"a.test\", nonce=\"n" + s.header("CSeq").split(" ")[0] + "\", qop=\"auth\""));
        // each attempt is the REGISTER and its one signed answer: twice the 503 count at most
        assertTrue(starts.size() <= 2 * 17, starts.size() + " REGISTERs");
        assertNoErrors(rig);
    }

    @Test
    void aRegistrarReportingANewAddressEveryTimeCannotMakeALoop()
    {
        final CoreRig rig = CoreRig.withKeepalive(GatewayConfig.Keepalive.DEFAULT);
        rig.core.onStart();
        final int[] port = {40000};
        final List<Long> starts = drive(rig, 600_000, s ->
        {
            port[0]++;
            return responseSeenFrom(s, PUBLIC, port[0], 200, "OK", "r", "Contact: " + s.header("Contact").split(",")[0] +
                ";expires=3600");
        });
        // every answer moves us: the first re-registration goes at once, then one per 30 s spacing
        assertTrue(starts.size() <= 600_000 / RegistrationTimer.URGENT_SPACING_MS + 2, starts.size() + " REGISTERs: " + starts);
        assertNoTightLoop(starts.subList(1, starts.size()), RegistrationTimer.URGENT_SPACING_MS);
        assertNoErrors(rig);
    }

    @Test
    void aRegistrarGrantingNothingIsRetriedWithBackOffNotAtOnce()
    {
        final CoreRig rig = new CoreRig();
        rig.core.onStart();
        final List<Long> starts = drive(rig, 600_000, s -> response(s, 200, "OK", "r", null,
            "Contact: <" + LOCAL_CONTACT + ">;expires=0"));
        assertTrue(starts.size() >= 13 && starts.size() <= 17, starts.size() + " REGISTERs: " + starts);
        assertNoTightLoop(starts, 900);
        assertEquals(RegistrationState.UNREGISTERED, rig.core.registrationState(1));
    }
}
