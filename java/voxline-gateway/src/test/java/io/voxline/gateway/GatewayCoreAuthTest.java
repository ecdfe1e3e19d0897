package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER;
import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.Tone;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;
import io.voxline.sip.auth.CredentialStore;
import io.voxline.sip.auth.DigestVerifier;
import io.voxline.sip.auth.NonceManager;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipResponses;

/**
 * Digest authentication as the gateway's user agent does it: a 401/407 to REGISTER, INVITE or BYE answered once
 * (again only when stale), with the response checked here by an independent computation (MessageDigest over the
 * RFC 7616 formula), the nonce kept for the next request, and a final failure when the password is wrong.
 */
class GatewayCoreAuthTest
{
    private static final String PASSWORD = "s3cret";
    private static final Pattern PARAM = Pattern.compile("([a-z]+)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]+)");

    private final CoreRig rig = CoreRig.withPassword(PASSWORD);

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String challenge(final String header, final String nonce, final String... extra)
    {
        final StringBuilder sb = new StringBuilder(header).append(": Digest realm=\"a.test\", nonce=\"").append(nonce)
            .append("\", algorithm=SHA-256, qop=\"auth\"");
        for (final String e : extra)
        {
            sb.append(", ").append(e);
        }
        return sb.toString();
    }

    /** SHA-256 then MD5, as RFC 8760 servers offer them. */
    private static String[] bothChallenges(final String header, final String nonce, final String... extra)
    {
        final String sha = challenge(header, nonce, extra);
        return new String[] {sha, sha.replace("algorithm=SHA-256", "algorithm=MD5")};
    }

    private static Map<String, String> params(final String credentials)
    {
        assertTrue(credentials.startsWith("Digest "), credentials);
        final Map<String, String> m = new HashMap<>();
        final Matcher matcher = PARAM.matcher(credentials.substring(7));
        while (matcher.find())
        {
            m.put(matcher.group(1), matcher.group(3) != null ? matcher.group(3) : matcher.group(2));
        }
        return m;
    }

    private static String h(final String jca, final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /**
     * Checks the credentials in header of request against RFC 7616 §3.4.1 computed here: user 101, realm a.test,
     * our password, the request's own method and Request-URI; returns the parameters.
     */
    private static Map<String, String> assertSigned(final Sent request, final String header, final String nonce, final String nc,
        final String algorithm)
    {
        final String value = request.header(header);
        assertNotNull(value, header + " in\n" + request.text());
        final Map<String, String> p = params(value);
        final String jca = "SHA-256".equals(algorithm) ? "SHA-256" : "MD5";
        final String method = request.message().methodName().toString();
        final String uri = request.message().requestUri().toString();
        assertEquals("101", p.get("username"));
        assertEquals("a.test", p.get("realm"));
        assertEquals(nonce, p.get("nonce"));
        assertEquals(uri, p.get("uri"));
        assertEquals(algorithm, p.get("algorithm"));
        assertEquals("auth", p.get("qop"));
        assertEquals(nc, p.get("nc"));
        final String cnonce = p.get("cnonce");
        assertTrue(cnonce != null && cnonce.length() >= 16, "a fresh cnonce");
        final String ha1 = h(jca, "101:a.test:" + PASSWORD);
        final String ha2 = h(jca, method + ":" + uri);
        assertEquals(h(jca, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2), p.get("response"));
        return p;
    }

    private List<Sent> registers()
    {
        return rig.transport.requests("REGISTER").stream().filter(s -> s.header("To").contains("sip:101@")).toList();
    }

    private Sent lastRegister()
    {
        final List<Sent> r = registers();
        return r.get(r.size() - 1);
    }

    private static String branch(final Sent request)
    {
        return request.message().topVia().branch().toString();
    }

    // ------------------------------------------------------------------------------------------ REGISTER

    @Test
    void aRegisterChallengeIsAnsweredOnceWithSha256AndTheNonceSignsTheRefresh()
    {
        rig.core.onStart();
        final Sent first = registers().get(0);
        assertNull(first.header("Authorization"), "nothing to sign with yet");
        rig.deliver(response(first, 401, "Unauthorized", "r", null, bothChallenges("WWW-Authenticate", "n1")), PROXY);

        assertEquals(2, registers().size(), "answered at once, no back-off");
        final Sent signed = lastRegister();
        assertEquals("2 REGISTER", signed.header("CSeq"));
        assertEquals(first.header("Call-ID"), signed.header("Call-ID"));
        assertNotEquals(branch(first), branch(signed));
        assertEquals(PROXY, signed.destination());
        assertSigned(signed, "Authorization", "n1", "00000001", "SHA-256");
        assertNull(signed.header("Proxy-Authorization"));
        assertFalse(rig.core.isRegistered(1));

        rig.deliver(response(signed, 200, "OK", "r", null, "Contact: <sip:101@127.0.0.1:5062>;expires=120"), PROXY);
        assertTrue(rig.core.isRegistered(1));
        assertEquals(200, rig.core.registration(1).lastStatus());

        // the refresh at 108 s is signed from the start with the kept nonce and the next nc: no extra round trip
        rig.advance(108_000);
        final Sent refresh = lastRegister();
        assertEquals("3 REGISTER", refresh.header("CSeq"));
        assertSigned(refresh, "Authorization", "n1", "00000002", "SHA-256");
        rig.deliver(response(refresh, 200, "OK", "r", null, "Contact: <sip:101@127.0.0.1:5062>;expires=120"), PROXY);
        assertEquals(3, registers().size());
        assertTrue(rig.core.isRegistered(1));
        assertTrue(rig.transport.requests("REGISTER").stream().filter(s -> s.header("To").contains("sip:102@"))
            .allMatch(s -> s.header("Authorization") == null), "line 2 has no password and was never challenged");
    }

    @Test
    void aStaleChallengeIsAnsweredAgainWithTheNewNonce()
    {
        rig.core.onStart();
        rig.deliver(response(registers().get(0), 401, "Unauthorized", "r", null, bothChallenges("WWW-Authenticate", "n1")), PROXY);
        final Sent signed = lastRegister();
        rig.deliver(response(signed, 401, "Unauthorized", "r", null,
            bothChallenges("WWW-Authenticate", "n2", "stale=true")), PROXY);
        assertEquals(3, registers().size(), "stale: our password was right, sign again at once");
        final Sent again = lastRegister();
        assertEquals("3 REGISTER", again.header("CSeq"));
        assertSigned(again, "Authorization", "n2", "00000001", "SHA-256");
        rig.deliver(response(again, 200, "OK", "r", null, "Contact: <sip:101@127.0.0.1:5062>", "Expires: 3600"), PROXY);
        assertTrue(rig.core.isRegistered(1));

        // a refresh whose kept nonce has expired: the stale challenge is the first of that attempt, answered too
        rig.advance(3_240_000);
        final Sent refresh = lastRegister();
        assertSigned(refresh, "Authorization", "n2", "00000002", "SHA-256");
        rig.deliver(response(refresh, 401, "Unauthorized", "r", null, bothChallenges("WWW-Authenticate", "n3", "stale=true")), PROXY);
        assertSigned(lastRegister(), "Authorization", "n3", "00000001", "SHA-256");
    }

    @Test
    void aWrongPasswordIsAFinalFailureThatBacksOff()
    {
        rig.core.onStart();
        rig.deliver(response(registers().get(0), 401, "Unauthorized", "r", null, bothChallenges("WWW-Authenticate", "n1")), PROXY);
        final Sent signed = lastRegister();
        // a second challenge that is not stale: the registrar did not take our password
        rig.deliver(response(signed, 401, "Unauthorized", "r", null, bothChallenges("WWW-Authenticate", "n2")), PROXY);
        assertEquals(2, registers().size(), "not answered: no loop");
        assertEquals(401, rig.core.registration(1).lastStatus());
        assertFalse(rig.core.isRegistered(1));
        rig.advance(899);
        assertEquals(2, registers().size());
        rig.advance(202);
        assertEquals(3, registers().size(), "the usual first back-off of 1 s (± 10 %)");
        final Sent retry = lastRegister();
        assertSigned(retry, "Authorization", "n2", "00000001", "SHA-256");

        // a 403 to signed credentials (what many registrars say) is final as well, and the back-off doubles
        rig.deliver(response(retry, 403, "Forbidden", "r", null), PROXY);
        assertEquals(403, rig.core.registration(1).lastStatus());
        rig.advance(1_799);
        assertEquals(3, registers().size());
        rig.advance(402);
        assertEquals(4, registers().size());

        // stale=true forever is not a loop either: at most three challenges per attempt
        for (int i = 0; i < 5; i++)
        {
            rig.deliver(response(lastRegister(), 401, "Unauthorized", "r", null,
                bothChallenges("WWW-Authenticate", "s" + i, "stale=true")), PROXY);
        }
        assertEquals(7, registers().size(), "the attempt and three answers");
    }

    @Test
    void withoutAPasswordAChallengeIsAFailureAsBefore()
    {
        final CoreRig plain = new CoreRig();
        plain.core.onStart();
        final java.util.function.Supplier<List<Sent>> line1 = () -> plain.transport.requests("REGISTER").stream()
            .filter(s -> s.header("To").contains("sip:101@")).toList();
        plain.deliver(response(line1.get().get(0), 401, "Unauthorized", "r", null, bothChallenges("WWW-Authenticate", "n1")),
            PROXY);
        assertEquals(1, line1.get().size(), "not answered");
        assertEquals(401, plain.core.registration(1).lastStatus());
        plain.advance(1_000);
        assertEquals(2, line1.get().size(), "the back-off of any failure");
        assertNull(line1.get().get(1).header("Authorization"));
        assertEquals(0, plain.core.errorCount());
    }

    @Test
    void aProxyChallengeToRegisterIsAnsweredWithProxyAuthorization()
    {
        rig.core.onStart();
        rig.deliver(response(registers().get(0), 407, "Proxy Authentication Required", "r", null,
            challenge("Proxy-Authenticate", "p1").replace("SHA-256", "MD5")), PROXY);
        final Sent signed = lastRegister();
        assertSigned(signed, "Proxy-Authorization", "p1", "00000001", "MD5");
        assertNull(signed.header("Authorization"));
    }

    @Test
    void registersWithTheLibrarysRegistrarSideThroughAnExpiredNonce()
    {
        // the server side the proxy uses, on the rig's clock: real nonces, real expiry, real nc checks
        final NonceManager nonces = new NonceManager(rig.timers, 300_000, 64);
        final DigestVerifier registrar = new DigestVerifier(CredentialStore.parse("users", "101:" + PASSWORD + "\n"), nonces);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final SipMessageWriter w = new SipMessageWriter();
        final List<String> verdicts = new java.util.ArrayList<>();
        final java.util.function.Consumer<Sent> answer = request ->
        {
            final DigestVerifier.Verdict v = registrar.verify(request.message(), "a.test", false);
            verdicts.add(v + (registrar.stale() ? " stale" : ""));
            w.wrap(out, 0);
            if (v == DigestVerifier.Verdict.OK)
            {
                SipResponses.writeResponse(w, request.message(), 200, null, "r");
                w.header(HeaderName.CONTACT, request.header("Contact") + ";expires=3600"); // RFC 3261 10.3 step 8
                w.header(HeaderName.EXPIRES, 3600);
            }
            else
            {
                SipResponses.writeResponse(w, request.message(), 401, null, "r");
                registrar.writeChallenges(w, "a.test", false, registrar.stale());
            }
            final int len = w.endHeaders();
            rig.core.onDatagram(out, 0, len, false, PROXY);
        };

        rig.core.onStart();
        answer.accept(registers().get(0));
        answer.accept(lastRegister());
        assertTrue(rig.core.isRegistered(1), "challenged, then accepted");
        assertEquals(2, registers().size());

        // the refresh an hour later is signed with a nonce long expired: stale, answered, accepted
        rig.advance(3_240_000);
        assertEquals(3, registers().size());
        answer.accept(lastRegister());
        assertEquals(4, registers().size(), "the stale challenge was answered at once");
        answer.accept(lastRegister());
        assertEquals(200, rig.core.registration(1).lastStatus());
        assertTrue(rig.core.isRegistered(1));
        assertEquals(List.of("CHALLENGE", "OK", "CHALLENGE stale", "OK"), verdicts);

        // and the next refresh, while the nonce is fresh, is accepted at the first try
        rig.advance(240_000);
        final int before = registers().size();
        rig.core.registration(1).stop();
        rig.core.registration(1).start();
        assertEquals(before + 1, registers().size());
        answer.accept(lastRegister());
        assertEquals(before + 1, registers().size(), "no challenge: the kept nonce was still good");
        assertEquals(200, rig.core.registration(1).lastStatus());
        assertEquals("OK", verdicts.get(verdicts.size() - 1));
    }

    // ------------------------------------------------------------------------------------------ INVITE and BYE

    private Sent dial201()
    {
        rig.hook(1, true);
        rig.dial(1, "201");
        final List<Sent> invites = rig.transport.requests("INVITE");
        return invites.get(invites.size() - 1);
    }

    @Test
    void anInviteChallengedWith407IsSentAgainSignedAndTheCallConnects()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 100, "Trying", null, null), PROXY);
        rig.transport.clear();
        rig.deliver(response(first, 407, "Proxy Authentication Required", "px", null,
            bothChallenges("Proxy-Authenticate", "i1")), PROXY);

        // the transaction ACKs the 407 (same branch, CSeq 1 ACK), then the signed INVITE goes
        final Sent ack = rig.transport.requests("ACK").get(0);
        assertEquals(branch(first), branch(ack));
        assertEquals("1 ACK", ack.header("CSeq"));
        assertEquals(PROXY, ack.destination());
        final List<Sent> invites = rig.transport.requests("INVITE");
        assertEquals(1, invites.size());
        final Sent signed = invites.get(0);
        assertEquals(PROXY, signed.destination());
        assertEquals("2 INVITE", signed.header("CSeq"));
        assertNotEquals(branch(first), branch(signed));
        assertEquals(first.header("Call-ID"), signed.header("Call-ID"));
        assertEquals(first.header("From"), signed.header("From"), "same From tag");
        assertEquals(first.header("To"), signed.header("To"));
        assertEquals(first.header("Route"), signed.header("Route"));
        assertEquals(first.body(), signed.body(), "the same offer");
        assertSigned(signed, "Proxy-Authorization", "i1", "00000001", "SHA-256");
        assertEquals(LineState.CALLING, rig.state(1), "the caller noticed nothing");

        rig.deliver(response(signed, 180, "Ringing", "bt", null, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.RINGBACK, rig.state(1));
        rig.deliver(response(signed, 200, "OK", "bt", PEER_SDP, "Record-Route: <sip:127.0.0.1:5070;lr>",
            "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        final Sent ack2xx = rig.transport.requests("ACK").get(1);
        assertEquals("2 ACK", ack2xx.header("CSeq"));
        assertEquals(PROXY, ack2xx.destination(), "record-routed");
        assertEquals(signed.header("Proxy-Authorization"), ack2xx.header("Proxy-Authorization"),
            "the ACK carries the INVITE's credentials (RFC 3261 13.2.2.4)");
        assertEquals("127.0.0.1:30000 pt=0 te=101 ptime=20", rig.media.started[0]);

        rig.hook(1, false);
        final Sent bye = rig.transport.requests("BYE").get(0);
        assertEquals("3 BYE", bye.header("CSeq"), "the dialog counts from the signed INVITE");
        assertEquals(PROXY, bye.destination());
        assertNull(bye.header("Proxy-Authorization"), "a BYE is signed only when challenged");
        rig.deliver(response(bye, 200, "OK", null, null), PROXY);
        assertEquals(0, rig.core.dialogCount());

        // the next call is signed from the start with the kept nonce and the next nc
        final Sent next = dial201();
        assertEquals("1 INVITE", next.header("CSeq"));
        assertSigned(next, "Proxy-Authorization", "i1", "00000002", "SHA-256");
    }

    @Test
    void aSecondChallengeThatIsNotStaleEndsTheCallWithReorder()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 407, "Proxy Authentication Required", "px", null, bothChallenges("Proxy-Authenticate", "i1")),
            PROXY);
        final Sent signed = rig.transport.requests("INVITE").get(1);
        rig.deliver(response(signed, 407, "Proxy Authentication Required", "px2", null,
            bothChallenges("Proxy-Authenticate", "i2")), PROXY);
        assertEquals(2, rig.transport.requests("INVITE").size());
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 failed 407"), rig.log.calls);
        assertEquals(List.of("open 0", "stop 0"), rig.media.commands);
    }

    @Test
    void aStaleSecondChallengeToAnInviteIsAnsweredAgain()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 401, "Unauthorized", "w", null, bothChallenges("WWW-Authenticate", "i1")), PROXY);
        final Sent signed = rig.transport.requests("INVITE").get(1);
        assertSigned(signed, "Authorization", "i1", "00000001", "SHA-256");
        rig.deliver(response(signed, 401, "Unauthorized", "w2", null, bothChallenges("WWW-Authenticate", "i2", "stale=true")),
            PROXY);
        final Sent third = rig.transport.requests("INVITE").get(2);
        assertEquals("3 INVITE", third.header("CSeq"));
        assertSigned(third, "Authorization", "i2", "00000001", "SHA-256");
        rig.deliver(response(third, 200, "OK", "bt", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        final List<Sent> acks = rig.transport.requests("ACK");
        final Sent ack = acks.get(acks.size() - 1);
        assertEquals(PEER, ack.destination());
        assertEquals("3 ACK", ack.header("CSeq"));
        assertEquals(third.header("Authorization"), ack.header("Authorization"), "the far end may be who challenged");

        // with the proxy's credentials and no proxy on the path, the ACK straight to the far end goes without them
        rig.hook(1, false);
        rig.deliver(response(rig.transport.requests("BYE").get(0), 200, "OK", null, null), PEER);
        final Sent next = dial201();
        rig.deliver(response(next, 407, "Proxy Authentication Required", "px", null, bothChallenges("Proxy-Authenticate", "p1")),
            PROXY);
        final List<Sent> invites = rig.transport.requests("INVITE");
        final Sent signedNext = invites.get(invites.size() - 1);
        assertNotNull(signedNext.header("Proxy-Authorization"));
        rig.deliver(response(signedNext, 200, "OK", "bt2", PEER_SDP, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        final List<Sent> acks2 = rig.transport.requests("ACK");
        final Sent direct = acks2.get(acks2.size() - 1);
        assertEquals(PEER, direct.destination());
        assertNull(direct.header("Proxy-Authorization"));
    }

    @Test
    void hangingUpWhileTheSignedInviteIsOutCancelsIt()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 407, "Proxy Authentication Required", "px", null, bothChallenges("Proxy-Authenticate", "i1")),
            PROXY);
        final Sent signed = rig.transport.requests("INVITE").get(1);
        rig.deliver(response(signed, 180, "Ringing", "bt", null, "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        rig.hook(1, false);
        final Sent cancel = rig.transport.requests("CANCEL").get(0);
        assertEquals(branch(signed), branch(cancel), "the CANCEL is for the INVITE in flight");
        assertEquals("2 CANCEL", cancel.header("CSeq"));
        rig.deliver(response(signed, 487, "Request Terminated", "bt", null), PROXY);
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 cancelled"), rig.log.calls);
    }

    @Test
    void aByeThroughTheProxyChallengedWith401IsSentAgainSigned()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Record-Route: <sip:127.0.0.1:5070;lr>",
            "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        rig.hook(1, false);
        final Sent bye = rig.transport.requests("BYE").get(0);
        assertEquals("2 BYE", bye.header("CSeq"));
        assertEquals(PROXY, bye.destination(), "record-routed");
        rig.deliver(response(bye, 401, "Unauthorized", null, null, bothChallenges("WWW-Authenticate", "b1")), PROXY);
        final List<Sent> byes = rig.transport.requests("BYE");
        assertEquals(2, byes.size());
        final Sent signed = byes.get(1);
        assertEquals("3 BYE", signed.header("CSeq"));
        assertNotEquals(branch(bye), branch(signed));
        assertEquals(PROXY, signed.destination());
        assertEquals(bye.message().requestUri().toString(), signed.message().requestUri().toString());
        assertEquals(bye.header("To"), signed.header("To"));
        assertSigned(signed, "Authorization", "b1", "00000001", "SHA-256");
        assertEquals(1, rig.core.dialogCount(), "until the signed BYE is answered");
        rig.deliver(response(signed, 200, "OK", null, null), PROXY);
        assertEquals(0, rig.core.dialogCount());
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "answered 1", "ended 1 local hangup"),
            rig.log.calls);
    }

    @Test
    void aByeRefusedAgainIsForgottenAndWithoutAPasswordItIsNotSigned()
    {
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, "Record-Route: <sip:127.0.0.1:5070;lr>",
            "Contact: <sip:201@127.0.0.1:5080>"), PROXY);
        rig.hook(1, false);
        rig.deliver(response(rig.transport.requests("BYE").get(0), 401, "Unauthorized", null, null,
            bothChallenges("WWW-Authenticate", "b1")), PROXY);
        rig.deliver(response(rig.transport.requests("BYE").get(1), 401, "Unauthorized", null, null,
            bothChallenges("WWW-Authenticate", "b2")), PROXY);
        assertEquals(2, rig.transport.requests("BYE").size());
        assertEquals(0, rig.core.dialogCount(), "the call is over whatever the BYE's answer");

        // line 2 has no password: a challenge to its INVITE is a failure as before
        rig.hook(2, true);
        rig.dial(2, "201");
        final List<Sent> invites = rig.transport.requests("INVITE");
        final Sent line2 = invites.get(invites.size() - 1);
        assertTrue(line2.header("From").contains("sip:102@"));
        assertNull(line2.header("Proxy-Authorization"), "line 2 has no kept nonce of line 1's");
        rig.deliver(response(line2, 407, "Proxy Authentication Required", "px", null, bothChallenges("Proxy-Authenticate", "x")),
            PROXY);
        assertEquals(invites.size(), rig.transport.requests("INVITE").size());
        assertEquals(LineState.REORDER, rig.state(2));
    }
}
