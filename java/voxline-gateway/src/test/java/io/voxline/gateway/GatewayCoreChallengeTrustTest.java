package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PEER;
import static io.voxline.gateway.CoreRig.PEER_SDP;
import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.Tone;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;

/**
 * Whom a line hands a digest of its password (it can be cracked offline): only a challenge to a request whose next
 * hop is the line's own proxy, in its registrar's realm (the domain until the registrar challenges), with qop unless
 * the registrar itself challenges without. A far end that answers our BYE or INVITE with a challenge of its own
 * choosing gets nothing signed, and the request ends as the failure it is.
 */
class GatewayCoreChallengeTrustTest
{
    private static final String RECORD_ROUTE = "Record-Route: <sip:127.0.0.1:5070;lr>";
    private static final String CONTACT = "Contact: <sip:201@127.0.0.1:5080>";

    private final CoreRig rig = CoreRig.withPassword("s3cret");

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    private static String challenge(final String header, final String realm, final String nonce, final boolean qop)
    {
        return header + ": Digest realm=\"" + realm + "\", nonce=\"" + nonce + "\", algorithm=" + (qop ? "SHA-256, qop=\"auth\"" : "MD5");
    }

    private Sent dial201()
    {
        rig.hook(1, true);
        rig.dial(1, "201");
        final List<Sent> invites = rig.transport.requests("INVITE");
        return invites.get(invites.size() - 1);
    }

    /** A connected call of line 1 (its 200 with these extra headers), then hung up: the BYE it sent. */
    private Sent hungUpCall(final String... okHeaders)
    {
        final int before = rig.transport.requests("BYE").size();
        final Sent invite = dial201();
        rig.deliver(response(invite, 200, "OK", "bt", PEER_SDP, okHeaders), PROXY);
        assertEquals(LineState.CONNECTED, rig.state(1));
        rig.hook(1, false);
        final List<Sent> byes = rig.transport.requests("BYE");
        assertEquals(before + 1, byes.size());
        return byes.get(before);
    }

    private boolean anythingSigned()
    {
        return rig.transport.sent.stream().anyMatch(s -> s.header("Authorization") != null || s.header("Proxy-Authorization") != null);
    }

    /** Nothing signed went out, the call ended, and the journal says why the challenge was refused. */
    private void assertByeNotSigned(final String why)
    {
        assertEquals(1, rig.transport.requests("BYE").size(), "no signed BYE, anywhere");
        assertFalse(anythingSigned(), "no digest went out at all");
        assertEquals(0, rig.core.dialogCount(), "the call is over locally all the same");
        assertEquals(LineState.IDLE, rig.state(1));
        assertTrue(rig.log.signals.stream().anyMatch(t -> t.contains("refused a ") && t.contains(why)), rig.log.signals::toString);
    }

    @Test
    void aFarEndThatChallengesOurDirectByeWithARealmOfItsOwnGetsNothing()
    {
        final Sent bye = hungUpCall(CONTACT);
        assertEquals(PEER, bye.destination(), "no Record-Route: straight to the far end");
        rig.deliver(response(bye, 401, "Unauthorized", null, null, challenge("WWW-Authenticate", "x", "chosen", true)), PEER);
        assertByeNotSigned("did not go to the line's proxy");
    }

    @Test
    void aForeignRealmIsRefusedEvenThroughTheProxy()
    {
        final Sent bye = hungUpCall(RECORD_ROUTE, CONTACT);
        assertEquals(PROXY, bye.destination());
        rig.deliver(response(bye, 401, "Unauthorized", null, null, challenge("WWW-Authenticate", "x", "chosen", true),
            challenge("Proxy-Authenticate", "evil.test", "chosen2", true)), PROXY);
        assertByeNotSigned("not in realm \"a.test\"");
    }

    @Test
    void ourRealmOnAByeStraightToTheFarEndIsNotAnswered()
    {
        final Sent bye = hungUpCall(CONTACT);
        rig.deliver(response(bye, 407, "Proxy Authentication Required", null, null,
            challenge("Proxy-Authenticate", "a.test", "chosen", true)), PEER);
        assertByeNotSigned("did not go to the line's proxy");
    }

    @Test
    void aFarEndThatRecordRoutesItselfIsNotTheProxy()
    {
        final Sent bye = hungUpCall("Record-Route: <sip:127.0.0.1:5080;lr>", CONTACT);
        assertEquals(PEER, bye.destination());
        rig.deliver(response(bye, 401, "Unauthorized", null, null, challenge("WWW-Authenticate", "a.test", "chosen", true)), PEER);
        assertByeNotSigned("did not go to the line's proxy");
    }

    @Test
    void theRfc2069FormIsRefusedUnlessTheRegistrarUsesItItself()
    {
        final Sent bye = hungUpCall(RECORD_ROUTE, CONTACT);
        rig.deliver(response(bye, 401, "Unauthorized", null, null, challenge("WWW-Authenticate", "a.test", "chosen", false)), PROXY);
        assertByeNotSigned("with qop");

        // an old registrar that challenges REGISTER without qop: then the line's proxy may do so too
        rig.core.onStart();
        final List<Sent> registers = rig.transport.requests("REGISTER").stream().filter(s -> s.header("To").contains("sip:101@")).toList();
        rig.deliver(response(registers.get(0), 401, "Unauthorized", "r", null, challenge("WWW-Authenticate", "a.test", "r1", false)), PROXY);
        final Sent next = hungUpCall(RECORD_ROUTE, CONTACT);
        rig.deliver(response(next, 401, "Unauthorized", null, null, challenge("WWW-Authenticate", "a.test", "b1", false)), PROXY);
        final List<Sent> byes = rig.transport.requests("BYE");
        assertEquals(3, byes.size());
        final Sent signed = byes.get(2);
        assertEquals(PROXY, signed.destination());
        assertNotNull(signed.header("Authorization"));
        assertFalse(signed.header("Authorization").contains("qop"), signed.header("Authorization"));
    }

    @Test
    void theRealmIsTheOneTheRegistrarChallengedIn()
    {
        rig.core.onStart();
        final List<Sent> registers = rig.transport.requests("REGISTER").stream().filter(s -> s.header("To").contains("sip:101@")).toList();
        rig.deliver(response(registers.get(0), 401, "Unauthorized", "r", null,
            challenge("WWW-Authenticate", "voxline.home", "r1", true)), PROXY);
        assertEquals("voxline.home", rig.core.registration(1).registrarRealm());

        // the domain is no longer the line's realm: a 407 in it is refused, the call fails as any refusal
        final Sent first = dial201();
        rig.deliver(response(first, 407, "Proxy Authentication Required", "px", null,
            challenge("Proxy-Authenticate", "a.test", "i1", true)), PROXY);
        assertEquals(1, rig.transport.requests("INVITE").size());
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals(Tone.REORDER, rig.board.tone[0]);
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 failed 407"), rig.log.calls);

        // the registrar's own realm is answered as before
        rig.hook(1, false);
        final Sent again = dial201();
        rig.deliver(response(again, 407, "Proxy Authentication Required", "px", null,
            challenge("Proxy-Authenticate", "voxline.home", "i2", true)), PROXY);
        final List<Sent> invites = rig.transport.requests("INVITE");
        assertEquals(3, invites.size());
        assertTrue(invites.get(2).header("Proxy-Authorization").contains("realm=\"voxline.home\""));
        assertEquals(PROXY, invites.get(2).destination());
    }

    @Test
    void anInviteChallengeInAForeignRealmFailsTheCall()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 401, "Unauthorized", "w", null, challenge("WWW-Authenticate", "x", "chosen", true)), PROXY);
        assertEquals(1, rig.transport.requests("INVITE").size(), "not signed");
        assertFalse(anythingSigned());
        assertEquals(LineState.REORDER, rig.state(1));
        assertEquals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "ended 1 failed 401"), rig.log.calls);
    }

    @Test
    void ourProxysChallengesToInviteAndByeInOurRealmAreAnsweredAsBefore()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 407, "Proxy Authentication Required", "px", null,
            challenge("Proxy-Authenticate", "a.test", "i1", true)), PROXY);
        final Sent signed = rig.transport.requests("INVITE").get(1);
        assertEquals(PROXY, signed.destination());
        assertNotNull(signed.header("Proxy-Authorization"));
        rig.deliver(response(signed, 200, "OK", "bt", PEER_SDP, RECORD_ROUTE, CONTACT), PROXY);
        final Sent ack = rig.transport.requests("ACK").get(1);
        assertEquals(signed.header("Proxy-Authorization"), ack.header("Proxy-Authorization"), "to the proxy: with them");
        rig.hook(1, false);
        final Sent bye = rig.transport.requests("BYE").get(0);
        rig.deliver(response(bye, 407, "Proxy Authentication Required", null, null,
            challenge("Proxy-Authenticate", "a.test", "b1", true)), PROXY);
        final List<Sent> byes = rig.transport.requests("BYE");
        assertEquals(2, byes.size());
        assertEquals(PROXY, byes.get(1).destination());
        assertTrue(byes.get(1).header("Proxy-Authorization").contains("nonce=\"b1\""));
    }

    @Test
    void theAckDoesNotCarryProxyCredentialsToAFarEndThatRecordRoutedItself()
    {
        final Sent first = dial201();
        rig.deliver(response(first, 407, "Proxy Authentication Required", "px", null,
            challenge("Proxy-Authenticate", "a.test", "i1", true)), PROXY);
        final Sent signed = rig.transport.requests("INVITE").get(1);
        rig.deliver(response(signed, 200, "OK", "bt", PEER_SDP, "Record-Route: <sip:127.0.0.1:5080;lr>", CONTACT), PROXY);
        final List<Sent> acks = rig.transport.requests("ACK");
        final Sent ack = acks.get(acks.size() - 1);
        assertEquals(PEER, ack.destination());
        assertNull(ack.header("Proxy-Authorization"));
    }
}
