package io.voxline.proxy;

import static io.voxline.proxy.Harness.NEXT;
import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.UA_B;
import static io.voxline.proxy.Harness.msg;
import static io.voxline.proxy.Harness.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.sip.auth.CredentialStore;
import io.voxline.sip.auth.DigestAlgorithm;
import io.voxline.sip.auth.DigestCalculator;
import io.voxline.sip.auth.DigestClient;
import io.voxline.sip.message.SipMessageWriter;

/**
 * The proxy with a users file (issue 3 item 4, server side), every branch of its policy: REGISTER answers a 401
 * as the user it registers; what the proxy forwards for its own users answers a 407; a call from outside to a
 * user registered here and a request inside a dialog we Record-Routed pass; nothing is relayed for a stranger;
 * unknown users and wrong passwords look alike; nonces expire and their counts are not replayed.
 */
class AuthTest
{
    static final String USERS = "101:pw101\n102:pw102\n103:sha256:" +
        DigestCalculator.ha1Hex(DigestAlgorithm.SHA_256, "103", "a.test", "pw103") + "\n";

    private final Harness h = new Harness(
        new ProxyConfig(List.of(Harness.PROXY), List.of("a.test"), List.of(route("*", NEXT)), true, ProxyConfig.Limits.OFF,
            new ProxyConfig.Auth(CredentialStore.parse("users", USERS), null)), "UDP");
    private int n;

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private String register(final String user, final String aorUser, final String... extra)
    {
        n++;
        final List<String> lines = new ArrayList<>(List.of(
            "REGISTER sip:a.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKar" + n + ";rport",
            "Max-Forwards: 70",
            "From: <sip:" + aorUser + "@a.test>;tag=r" + n,
            "To: <sip:" + aorUser + "@a.test>",
            "Call-ID: areg-" + user,
            "CSeq: " + n + " REGISTER",
            "Contact: <sip:" + aorUser + "@127.0.0.1:5064>"));
        lines.addAll(List.of(extra));
        return msg(lines.toArray(new String[0]));
    }

    private String invite(final String ruri, final String from, final String... extra)
    {
        n++;
        final List<String> lines = new ArrayList<>(List.of(
            "INVITE " + ruri + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKai" + n + ";rport",
            "Max-Forwards: 70",
            "From: <" + from + ">;tag=fa" + n,
            "To: <" + ruri + ">",
            "Call-ID: ainv-" + n,
            "CSeq: 1 INVITE",
            "Contact: <sip:101@127.0.0.1:5062>"));
        lines.addAll(List.of(extra));
        return msg(lines.toArray(new String[0]));
    }

    /** The credential lines client writes for method and uri after taking the challenge in answer. */
    private static String credentials(final DigestClient client, final Harness.Sent answer, final String method, final String uri)
    {
        if (answer != null)
        {
            assertTrue(client.onChallenge(answer.parse()), answer.text());
        }
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[4096]);
        final SipMessageWriter w = new SipMessageWriter(buf);
        w.requestLine(method, uri); // the writer wants a start line before headers
        assertTrue(client.writeCredentials(w, method, uri));
        final byte[] bytes = new byte[w.length()];
        buf.getBytes(0, bytes);
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf("\r\n") + 2).strip();
    }

    /** request with more header lines (and a new branch and CSeq, as a UA's retry would have). */
    private String with(final String request, final String lines)
    {
        n++;
        final int end = request.indexOf("\r\n\r\n");
        return request.substring(0, end).replaceFirst("branch=z9hG4bK\\w+", "branch=z9hG4bKretry" + n)
            .replaceFirst("CSeq: \\d+", "CSeq: " + (100 + n)) + "\r\n" + lines + request.substring(end);
    }

    private static DigestClient client(final String user, final String password)
    {
        return new DigestClient(user, password, new SplittableRandom(11));
    }

    /** Registers user at UA_B with its password through the challenge. */
    private void registerWithPassword(final String user, final String password)
    {
        final String reg = register(user, user);
        h.receive(reg, UA_B);
        final Harness.Sent challenge = h.take(UA_B);
        assertEquals("SIP/2.0 401 Unauthorized", challenge.startLine());
        h.receive(with(reg, credentials(client(user, password), challenge, "REGISTER", "sip:a.test")), UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
    }

    /** The answer with what changes on every answer (tags, nonces, branches, CSeq) taken out. */
    private static String shape(final Harness.Sent answer)
    {
        return answer.text().replaceAll("tag=\\w+", "tag=T").replaceAll("nonce=\"[^\"]*\"", "nonce=N")
            .replaceAll("branch=z9hG4bK\\w+", "branch=B").replaceAll("CSeq: \\d+", "CSeq: C")
            .replaceAll("Call-ID: \\S+", "Call-ID: I").replaceAll("sip:\\d+@", "sip:U@");
    }

    // ------------------------------------------------------------------------------------------ REGISTER

    @Test
    void theRealmIsTheFirstDomainElseOurAddress()
    {
        assertEquals("a.test", h.core.realm());
        final Harness bare = new Harness(new ProxyConfig(List.of(Harness.PROXY), List.of(), List.of(), true, ProxyConfig.Limits.OFF,
            new ProxyConfig.Auth(CredentialStore.empty(), null)), "UDP");
        assertEquals("127.0.0.1", bare.core.realm());
        assertEquals("127.0.0.1", bare.core.config().realm());
        assertNull(new Harness(List.of("a.test"), List.of()).core.realm(), "open: no realm");
    }

    @Test
    void aRegisterWithoutCredentialsIs401WithSha256ThenMd5AndBindsNothing()
    {
        h.receive(register("101", "101"), UA_B);
        final Harness.Sent challenge = h.take(UA_B);
        assertEquals("SIP/2.0 401 Unauthorized", challenge.startLine());
        final List<String> offers = challenge.headers("WWW-Authenticate");
        assertEquals(2, offers.size());
        assertTrue(offers.get(0).startsWith("Digest realm=\"a.test\""), offers.get(0));
        assertTrue(offers.get(0).contains("algorithm=SHA-256"), offers.get(0));
        assertTrue(offers.get(1).contains("algorithm=MD5"), offers.get(1));
        assertTrue(offers.get(0).contains("qop=\"auth\""), offers.get(0));
        assertFalse(offers.get(0).contains("stale"), offers.get(0));
        assertNull(challenge.header("Server"));
        assertNull(challenge.header("User-Agent"));
        assertTrue(challenge.parse().toTag() != null);
        assertEquals(0, h.core.registrations());
    }

    @Test
    void aRegisterWithTheRightPasswordOrStoredHashIsBound()
    {
        registerWithPassword("101", "pw101");
        registerWithPassword("103", "pw103"); // a sha256 line: no password in the file
        assertEquals(2, h.core.registrations());
        assertEquals("sip:101@127.0.0.1:5064", h.core.location().lookup("101", "a.test").contactUri());
    }

    @Test
    void anUnknownUserAndAWrongPasswordLookTheSameAsNoCredentials()
    {
        final String reg = register("101", "101");
        h.receive(reg, UA_B);
        final Harness.Sent first = h.take(UA_B);
        h.receive(with(reg, credentials(client("101", "wrong"), first, "REGISTER", "sip:a.test")), UA_B);
        final Harness.Sent wrongPassword = h.take(UA_B);
        final String unknownReg = register("999", "999");
        h.receive(unknownReg, UA_B);
        final Harness.Sent unknownFirst = h.take(UA_B);
        h.receive(with(unknownReg, credentials(client("999", "pw999"), unknownFirst, "REGISTER", "sip:a.test")), UA_B);
        final Harness.Sent unknownUser = h.take(UA_B);

        assertEquals("SIP/2.0 401 Unauthorized", wrongPassword.startLine());
        assertEquals(shape(first), shape(unknownFirst), "a probe for a user who does not exist gets what one who does gets");
        assertEquals(shape(wrongPassword), shape(unknownUser), "a wrong password and an unknown user: the same answer");
        assertEquals(shape(first), shape(wrongPassword), "and both a plain new challenge");
        assertNotEquals(first.header("WWW-Authenticate"), wrongPassword.header("WWW-Authenticate"), "with a fresh nonce");
        assertEquals(0, h.core.registrations());
    }

    @Test
    void aUserMayRegisterOnlyItself()
    {
        final String reg = register("101", "102");
        h.receive(reg, UA_B);
        final Harness.Sent challenge = h.take(UA_B);
        h.receive(with(reg, credentials(client("101", "pw101"), challenge, "REGISTER", "sip:a.test")), UA_B);
        assertEquals("SIP/2.0 403 Forbidden", h.take(UA_B).startLine());
        assertEquals(0, h.core.registrations());
    }

    @Test
    void aReplayedNonceCountIsRefusedAsStale()
    {
        final String reg = register("101", "101");
        h.receive(reg, UA_B);
        final String signed = with(reg, credentials(client("101", "pw101"), h.take(UA_B), "REGISTER", "sip:a.test"));
        h.receive(signed, UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
        // the very same credentials in a new transaction: someone who saw them on the wire
        h.receive(signed.replace("branch=z9hG4bKretry", "branch=z9hG4bKreplay").replaceFirst("CSeq: \\d+", "CSeq: 999"), UA_B);
        final Harness.Sent again = h.take(UA_B);
        assertEquals("SIP/2.0 401 Unauthorized", again.startLine());
        assertTrue(again.header("WWW-Authenticate").contains("stale=true"), again.text());
    }

    @Test
    void anExpiredNonceIsStaleAndTheFreshOneWorks()
    {
        final DigestClient phone = client("101", "pw101");
        final String reg = register("101", "101");
        h.receive(reg, UA_B);
        final Harness.Sent challenge = h.take(UA_B);
        h.receive(with(reg, credentials(phone, challenge, "REGISTER", "sip:a.test")), UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
        h.advance(301_000); // past the nonce lifetime (5 minutes)
        final String refresh = register("101", "101");
        h.receive(with(refresh, credentials(phone, null, "REGISTER", "sip:a.test")), UA_B);
        final Harness.Sent stale = h.take(UA_B);
        assertEquals("SIP/2.0 401 Unauthorized", stale.startLine());
        assertTrue(stale.header("WWW-Authenticate").contains("stale=true"), stale.text());
        h.receive(with(refresh, credentials(phone, stale, "REGISTER", "sip:a.test")), UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
    }

    // ------------------------------------------------------------------------------------------ proxying

    @Test
    void ourUserCallingOutMustAnswerA407AndItsCredentialsStayHere()
    {
        final String call = invite("sip:301@c.test", "sip:101@a.test");
        h.receive(call, UA_A);
        final Harness.Sent challenge = h.take(UA_A);
        assertEquals("SIP/2.0 407 Proxy Authentication Required", challenge.startLine());
        assertEquals(2, challenge.headers("Proxy-Authenticate").size());
        assertTrue(challenge.headers("WWW-Authenticate").isEmpty());
        h.assertNothingSent();
        h.receive(msg("ACK sip:301@c.test SIP/2.0", challenge.lines().get(1), "Max-Forwards: 70", challenge.header("From") == null ?
            "" : "From: " + challenge.header("From"), "To: " + challenge.header("To"), "Call-ID: " + challenge.header("Call-ID"),
            "CSeq: 1 ACK").replace(";rport=5062;received=127.0.0.1", ";rport"), UA_A);
        h.assertNothingSent(); // the ACK for the 407 ends its transaction here

        h.receive(with(call, credentials(client("101", "pw101"), challenge, "INVITE", "sip:301@c.test")), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        final Harness.Sent out = h.take(NEXT);
        assertTrue(out.headers("Proxy-Authorization").isEmpty(), "our realm's credentials are not passed on");
        assertTrue(out.header("Record-Route").matches("<sip:127\\.0\\.0\\.1:5070;lr;vxd=[0-9a-f]{16}>"), out.header("Record-Route"));
    }

    @Test
    void anAuthorizationInOurRealmNeverLeavesUsAnotherRealmsDoes()
    {
        // a far end that challenged our user's INVITE with 401 in our realm, fishing for a digest to crack
        final String fished = "Authorization: Digest username=\"101\", realm=\"a.test\", nonce=\"chosen\", " +
            "uri=\"sip:301@c.test\", response=\"00112233445566778899aabbccddeeff\"";
        final String theirs = "Authorization: Digest username=\"101\", realm=\"c.test\", nonce=\"n1\", " +
            "uri=\"sip:301@c.test\", response=\"ffeeddccbbaa99887766554433221100\"";
        final String call = invite("sip:301@c.test", "sip:101@a.test", fished, theirs);
        h.receive(call, UA_A);
        final Harness.Sent challenge = h.take(UA_A);
        h.receive(with(call, credentials(client("101", "pw101"), challenge, "INVITE", "sip:301@c.test")), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        final Harness.Sent out = h.take(NEXT);
        assertEquals(List.of(theirs.substring("Authorization: ".length())), out.headers("Authorization"));
        assertTrue(out.headers("Proxy-Authorization").isEmpty());
    }

    @Test
    void theAckForA2xxLeavesOurCredentialsHereAsTheInviteDid()
    {
        final String call = invite("sip:301@c.test", "sip:101@a.test");
        h.receive(call, UA_A);
        final Harness.Sent challenge = h.take(UA_A);
        final String ours = credentials(client("101", "pw101"), challenge, "INVITE", "sip:301@c.test");
        h.receive(with(call, ours), UA_A);
        assertEquals("SIP/2.0 100 Trying", h.take(UA_A).startLine());
        final Harness.Sent out = h.take(NEXT);
        h.receive(ForwardingTest.response(out, 200, "OK"), NEXT);
        final Harness.Sent ok = h.take(UA_A);
        assertEquals("SIP/2.0 200 OK", ok.startLine());

        // RFC 3261 22.1: the ACK for the 2xx carries the INVITE's credentials; a next hop's own stay in it
        final String theirs = "Proxy-Authorization: Digest username=\"101\", realm=\"c.test\", nonce=\"n1\", " +
            "uri=\"sip:301@127.0.0.1:5064\", response=\"00112233445566778899aabbccddeeff\"";
        h.receive(msg(
            "ACK sip:301@127.0.0.1:5064 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKack2xx;rport",
            "Route: " + ok.header("Record-Route"),
            "Max-Forwards: 70",
            "From: " + ok.header("From"),
            "To: " + ok.header("To"),
            "Call-ID: " + ok.header("Call-ID"),
            "CSeq: " + ok.header("CSeq").replace("INVITE", "ACK"),
            ours,
            theirs), UA_A);
        final Harness.Sent ack = h.take(UA_B);
        assertEquals("ACK sip:301@127.0.0.1:5064 SIP/2.0", ack.startLine());
        assertEquals(List.of(theirs.substring("Proxy-Authorization: ".length())), ack.headers("Proxy-Authorization"),
            "ours stop here, another realm's go on");
        h.assertNothingSent();
    }

    @Test
    void aStrangerIsNeverRelayedAnywhere()
    {
        for (final String ruri : List.of("sip:301@c.test", "sip:301@127.0.0.9:5060", "sip:900123@a.test", "tel:+15551234"))
        {
            h.receive(invite(ruri, "sip:mallory@evil.test"), Harness.addr(6000));
            assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine(), ruri);
            h.assertNothingSent();
        }
        // wrong credentials change nothing
        final String call = invite("sip:301@c.test", "sip:mallory@evil.test");
        h.receive(call, Harness.addr(6000));
        final Harness.Sent challenge = h.take(Harness.addr(6000));
        h.receive(with(call, credentials(client("mallory", "guess"), challenge, "INVITE", "sip:301@c.test")), Harness.addr(6000));
        assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine());
        h.assertNothingSent();
    }

    @Test
    void aCallFromOutsideToARegisteredUserPassesButNotIfItClaimsOurDomain()
    {
        registerWithPassword("102", "pw102");
        h.receive(invite("sip:102@a.test", "sip:alice@elsewhere.test"), Harness.addr(6000));
        assertEquals("SIP/2.0 100 Trying", h.take(Harness.addr(6000)).startLine());
        assertEquals("INVITE sip:102@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine(), "an inbound call is not challenged");

        h.receive(invite("sip:102@a.test", "sip:101@a.test"), Harness.addr(6000));
        assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine(),
            "one of our users must prove it");
        h.receive(invite("sip:102@a.test", "sip:101@127.0.0.1:5070"), Harness.addr(6000));
        assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine(), "our address too");
        h.assertNothingSent();
    }

    @Test
    void aCallForAUserNotRegisteredIsChallengedNot404()
    {
        final Harness closed = new Harness(new ProxyConfig(List.of(Harness.PROXY), List.of("a.test"), List.of(), true,
            ProxyConfig.Limits.OFF, new ProxyConfig.Auth(CredentialStore.parse("users", USERS), null)), "UDP");
        final String call = invite("sip:102@a.test", "sip:alice@elsewhere.test");
        closed.receive(call, UA_A);
        final Harness.Sent challenge = closed.take(UA_A);
        assertEquals("SIP/2.0 407 Proxy Authentication Required", challenge.startLine(), "a stranger learns nothing");
        closed.receive(with(call.replace("sip:alice@elsewhere.test", "sip:101@a.test"),
            credentials(client("101", "pw101"), challenge, "INVITE", "sip:102@a.test")), UA_A);
        assertEquals("SIP/2.0 404 Not Found", closed.take(UA_A).startLine(), "our own user does");
    }

    @Test
    void optionsProbesForUsersAllGetTheSameChallenge()
    {
        registerWithPassword("102", "pw102");
        final List<String> shapes = new ArrayList<>();
        for (final String user : List.of("102", "101", "999"))
        {
            h.receive(RoutingTest.request("OPTIONS", "sip:" + user + "@a.test").replace("<sip:101@a.test>", "<sip:scan@evil.test>"),
                Harness.addr(6000));
            final Harness.Sent answer = h.take(Harness.addr(6000));
            assertEquals("SIP/2.0 407 Proxy Authentication Required", answer.startLine(), user);
            shapes.add(shape(answer));
        }
        assertEquals(1, shapes.stream().distinct().count(), "registered, known and unknown users answer alike");
        h.receive(RoutingTest.request("OPTIONS", "sip:a.test"), Harness.addr(6000));
        assertEquals("SIP/2.0 200 OK", h.take(Harness.addr(6000)).startLine(), "the proxy itself still answers");
        h.assertNothingSent();
    }

    @Test
    void requestsInsideADialogWeRecordRoutedPassAndForgedOnesDoNot()
    {
        registerWithPassword("102", "pw102");
        h.receive(invite("sip:102@a.test", "sip:alice@elsewhere.test"), Harness.addr(6000));
        h.take(Harness.addr(6000));
        final Harness.Sent out = h.take(UA_B);
        final String rr = out.header("Record-Route");
        final String callId = out.header("Call-ID");
        final String from = out.header("From");

        // the caller's BYE (a stranger: it never authenticates) and the callee's BYE, both through our Route
        final String bye = msg(
            "BYE sip:102@127.0.0.1:5064 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bKbye1;rport",
            "Route: " + rr,
            "Max-Forwards: 70",
            "From: " + from,
            "To: <sip:102@a.test>;tag=tb",
            "Call-ID: " + callId,
            "CSeq: 2 BYE");
        h.receive(bye, Harness.addr(6000));
        assertEquals("BYE sip:102@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine());
        final String ack = bye.replace("BYE sip", "ACK sip").replace("2 BYE", "1 ACK").replace("z9hG4bKbye1", "z9hG4bKack1");
        h.receive(ack, Harness.addr(6000));
        assertEquals("ACK sip:102@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine());

        // the same with the token of another dialog, without one, or without a To tag: a forgery
        for (final String forged : List.of(
            bye.replace(callId, "other-call").replace("z9hG4bKbye1", "z9hG4bKf1").replace("102@127.0.0.1:5064", "1900@127.0.0.9"),
            bye.replaceAll(";vxd=[0-9a-f]+", "").replace("z9hG4bKbye1", "z9hG4bKf2").replace("102@127.0.0.1:5064", "1900@127.0.0.9"),
            bye.replace(";tag=tb", "").replace("z9hG4bKbye1", "z9hG4bKf3").replace("102@127.0.0.1:5064", "1900@127.0.0.9")))
        {
            h.receive(forged, Harness.addr(6000));
            assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine(), forged);
        }
        // a forged ACK is not relayed either (it cannot be answered: it is dropped)
        h.receive(ack.replaceAll(";vxd=[0-9a-f]+", "").replace("102@127.0.0.1:5064", "1900@127.0.0.9"), Harness.addr(6000));
        h.assertNothingSent();
    }

    @Test
    void aDialogTokenOpensNoWayOutButOnlyToOurPhones()
    {
        // a stranger's own inbound call hands it our token for its Call-ID
        registerWithPassword("102", "pw102");
        h.receive(invite("sip:102@a.test", "sip:m@evil.test"), Harness.addr(6000));
        h.take(Harness.addr(6000));
        final Harness.Sent out = h.take(UA_B);
        final String rr = out.header("Record-Route");
        final String callId = out.header("Call-ID");
        final String from = out.header("From");

        // "in-dialog" requests with that token, a made-up To tag and somewhere else to go: the route table's trunk,
        // an IP literal, a further Route
        for (final String[] forged : List.of(
            new String[] {"INVITE sip:+19005551234@pstn.test SIP/2.0", "Route: " + rr},
            new String[] {"INVITE sip:1900@127.0.0.9:5060 SIP/2.0", "Route: " + rr},
            new String[] {"INVITE sip:102@127.0.0.1:5064 SIP/2.0", "Route: " + rr + ", <sip:127.0.0.9:5060;lr>"},
            new String[] {"MESSAGE sip:+19005551234@pstn.test SIP/2.0", "Route: " + rr}))
        {
            n++;
            h.receive(msg(forged[0], "Via: SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bKtok" + n + ";rport", forged[1],
                "Max-Forwards: 70", "From: " + from, "To: <sip:x@pstn.test>;tag=x", "Call-ID: " + callId,
                "CSeq: " + n + " " + forged[0].substring(0, forged[0].indexOf(' ')), "Contact: <sip:m@127.0.0.1:6000>"),
                Harness.addr(6000));
            assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine(), forged[0]);
            h.assertNothingSent();
        }
        // the same token still takes a re-INVITE to our phone
        h.receive(msg("INVITE sip:102@127.0.0.1:5064 SIP/2.0", "Via: SIP/2.0/UDP 127.0.0.1:6000;branch=z9hG4bKreinv;rport",
            "Route: " + rr, "Max-Forwards: 70", "From: " + from, "To: <sip:102@a.test>;tag=tb", "Call-ID: " + callId,
            "CSeq: 50 INVITE", "Contact: <sip:m@127.0.0.1:6000>"), Harness.addr(6000));
        assertEquals("SIP/2.0 100 Trying", h.take(Harness.addr(6000)).startLine());
        assertEquals("INVITE sip:102@127.0.0.1:5064 SIP/2.0", h.take(UA_B).startLine());
    }

    @Test
    void onlyAnInviteFromOutsideReachesARegisteredUserUnchallenged()
    {
        registerWithPassword("102", "pw102");
        for (final String method : List.of("MESSAGE", "SUBSCRIBE", "INFO", "FOO"))
        {
            h.receive(RoutingTest.request(method, "sip:102@a.test").replace("<sip:101@a.test>", "<sip:scan@evil.test>"),
                Harness.addr(6000));
            assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine(),
                method + ": a silent probe would tell who is registered");
            h.assertNothingSent();
        }
    }

    @Test
    void aUserWhoSignedMayNotCallAsAnother()
    {
        final String call = invite("sip:301@c.test", "sip:102@a.test");
        h.receive(call, UA_A);
        final Harness.Sent challenge = h.take(UA_A);
        h.receive(with(call, credentials(client("101", "pw101"), challenge, "INVITE", "sip:301@c.test")), UA_A);
        assertEquals("SIP/2.0 403 From Does Not Match Credentials", h.take(UA_A).startLine());
        h.assertNothingSent();
    }

    @Test
    void aRejectionGoesOutOnceStatelesslyAndItsAckEndsHere()
    {
        // one spoofed INVITE: one 407 to its victim, not a retransmission every T1..T2 until timer H
        final String call = invite("sip:301@c.test", "sip:m@evil.test");
        h.receive(call, Harness.addr(6000));
        final Harness.Sent challenge = h.take(Harness.addr(6000));
        assertEquals("SIP/2.0 407 Proxy Authentication Required", challenge.startLine());
        h.advance(40_000);
        h.assertNothingSent();
        assertEquals(0, h.core.transactionLayer(0).serverTransactionCount(), "nothing kept for it");

        // a retransmission is answered afresh; the ACK for the rejection goes nowhere
        h.receive(call, Harness.addr(6000));
        assertEquals("SIP/2.0 407 Proxy Authentication Required", h.take(Harness.addr(6000)).startLine());
        h.receive(msg("ACK sip:301@c.test SIP/2.0", challenge.lines().get(1).replace(";rport=6000;received=127.0.0.1", ";rport"),
            "Max-Forwards: 70", "From: " + challenge.header("From"), "To: " + challenge.header("To"),
            "Call-ID: " + challenge.header("Call-ID"), "CSeq: 1 ACK"), Harness.addr(6000));
        h.assertNothingSent();
        assertEquals(1, h.core.absorbedAcks());
    }

    @Test
    void anUnmatchedCancelForAnywhereElseIsAnswered481NotRelayed()
    {
        h.receive(msg(
            "CANCEL sip:301@c.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnomatch;rport",
            "Max-Forwards: 70",
            "From: <sip:101@a.test>;tag=fa",
            "To: <sip:301@c.test>",
            "Call-ID: nomatch",
            "CSeq: 1 CANCEL"), UA_A);
        assertEquals("SIP/2.0 481 Call/Transaction Does Not Exist", h.take(UA_A).startLine());
        h.assertNothingSent();
    }

    @Test
    void proxyRequireIsCheckedBeforeCredentials()
    {
        h.receive(invite("sip:301@c.test", "sip:101@a.test", "Proxy-Require: foo"), UA_A);
        assertEquals("SIP/2.0 420 Bad Extension", h.take(UA_A).startLine(), "RFC 3261 16.3: step 5 before step 6");
    }

    @Test
    void anUnknownCallerAndAWrongPasswordGetTheSame407()
    {
        final String call = invite("sip:301@c.test", "sip:101@a.test");
        h.receive(call, UA_A);
        final Harness.Sent first = h.take(UA_A);
        h.receive(with(call, credentials(client("101", "nope"), first, "INVITE", "sip:301@c.test")), UA_A);
        final Harness.Sent wrong = h.take(UA_A);
        h.receive(with(call, credentials(client("777", "nope"), first, "INVITE", "sip:301@c.test")), UA_A);
        final Harness.Sent unknown = h.take(UA_A);
        assertEquals(shape(wrong), shape(unknown));
        assertEquals(shape(first), shape(wrong));
        h.assertNothingSent();
    }
}
