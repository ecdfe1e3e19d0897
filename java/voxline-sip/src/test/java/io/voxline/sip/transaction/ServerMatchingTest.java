package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMethod;

/**
 * Request matching at a server (RFC 3261 17.2.3, 9.2): by branch, sent-by and method when the top Via has an RFC
 * 3261 branch; else by the RFC 2543 rules — Request-URI, To tag, From tag, Call-ID, CSeq and the top Via, the ACK
 * also by the To tag of our response. Each field is varied alone: a difference makes a new transaction.
 */
class ServerMatchingTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(9)));

    private void receive(final String text)
    {
        layer.onMessage(Wire.parse(text), Wire.A);
    }

    /** A request of an RFC 2543 peer: no branch at all in its Via. */
    private static String old(final String method, final long cseq)
    {
        return Wire.request(method, "sip:201@127.0.0.2:5064", "x", cseq).replace(";branch=x", "");
    }

    private static String withToTag(final String request, final String tag)
    {
        return request.replace("To: <sip:201@b.test>", "To: <sip:201@b.test>;tag=" + tag);
    }

    @Test
    void anRfc2543InviteIsTheSameTransactionOnlyWhenEveryFieldMatches()
    {
        final String invite = old("INVITE", 1);
        receive(invite);
        receive(invite);
        assertEquals(1, user.requests.size(), "the retransmission is absorbed");
        final List<String> variants = List.of(
            invite.replace("INVITE sip:201@127.0.0.2:5064", "INVITE sip:202@127.0.0.2:5064"),
            withToTag(invite, "t9"),
            invite.replace("tag=a1", "tag=a2"),
            invite.replace("Call-ID: call1@", "Call-ID: call2@"),
            invite.replace("CSeq: 1 INVITE", "CSeq: 2 INVITE"),
            invite.replace("127.0.0.1:5062;rport", "127.0.0.1:5070;rport"));
        for (final String v : variants)
        {
            receive(v);
        }
        assertEquals(1 + variants.size(), user.requests.size(), "each difference is a new request");
        assertEquals(1 + variants.size(), layer.serverTransactionCount());
        for (final String v : variants)
        {
            receive(v);
        }
        assertEquals(1 + variants.size(), user.requests.size(), "and each of them retransmitted is absorbed");
    }

    @Test
    void anRfc2543NonInviteIsMatchedTheSameWayAndAnsweredFromItsTransaction()
    {
        final String bye = withToTag(old("BYE", 2), "b1");
        receive(bye);
        user.lastRequest().st.respond(200, null, null);
        receive(bye);
        receive(bye.replace("CSeq: 2 BYE", "CSeq: 2 OPTIONS").replace("BYE sip:", "OPTIONS sip:"));
        assertEquals(2, user.requests.size(), "the same fields with another method are another transaction");
        assertEquals(2, transport.starting("SIP/2.0 200").size(), "the BYE's 200 again, from its transaction");
        assertEquals(transport.get(0).text(), transport.get(1).text());
    }

    @Test
    void anRfc2543AckMatchesItsInviteOnlyWithTheToTagOfOurResponse()
    {
        receive(old("INVITE", 1));
        final ServerTransaction st = user.lastRequest().st;
        st.respond(486, null, "b1");
        timers.advance(600);
        assertEquals(2, transport.count(), "the 486 and timer G's first retransmission");

        // an ACK for a response some other element sent (another fork of a crashed proxy, 17.2.3): not ours
        receive(withToTag(old("ACK", 1), "zz"));
        assertEquals(2, user.requests.size());
        assertNull(user.lastRequest().st);
        assertEquals(1, layer.counters().strayAcks());
        timers.advance(1000);
        assertEquals(3, transport.count(), "timer G goes on");

        receive(withToTag(old("ACK", 1), "b1"));
        assertEquals(2, user.requests.size(), "the ACK for our 486 stays in the transaction");
        timers.advance(10_000);
        assertEquals(3, transport.count(), "timer G stopped");
        assertEquals(0, layer.serverTransactionCount(), "Confirmed, then timer I");
    }

    @Test
    void anRfc2543AckForAReInviteCarriesTheDialogsTagAsTheInviteDid()
    {
        final String reInvite = withToTag(old("INVITE", 3), "d1");
        receive(reInvite);
        user.lastRequest().st.respond(488, null, null); // the To (and its tag) of the request
        receive(withToTag(old("ACK", 3), "d1"));
        assertEquals(1, user.requests.size());
        assertEquals(0, layer.counters().strayAcks());
        timers.advance(10_000);
        assertEquals(1, transport.count(), "ACKed: no timer G");
    }

    @Test
    void anRfc2543AckForOur2xxMatchesTheAcceptedTransactionAndGoesUp()
    {
        final String invite = old("INVITE", 1);
        receive(invite);
        final ServerTransaction st = user.lastRequest().st;
        st.respond(200, null, "b1");
        receive(withToTag(old("ACK", 1), "b1"));
        assertEquals(2, user.requests.size(), "RFC 6026 7.1: an ACK in Accepted is passed to the TU");
        assertNull(user.lastRequest().st);
        assertTrue(user.lastRequest().firstLine().startsWith("ACK "));
        assertEquals(0, layer.counters().strayAcks(), "it matched");
        assertEquals(1, layer.counters().acceptedPassThrough());
        receive(invite);
        assertEquals(2, user.requests.size(), "the INVITE again is absorbed");
        assertEquals(1, transport.count());
    }

    @Test
    void anRfc2543CancelMatchesTheInviteItCancels()
    {
        user.onCancel = (invite, c) -> invite.respond(487, null, "b1");
        receive(old("INVITE", 1));
        final ServerTransaction invite = user.lastRequest().st;
        invite.respond(180, null, "b1");
        receive(old("CANCEL", 1).replace("tag=a1", "tag=a9"));
        assertEquals(481, transport.last().message().statusCode(), "another From tag: another call");
        receive(old("CANCEL", 1));
        assertEquals(List.of(invite), user.cancelled);
        assertEquals(487, transport.last().message().statusCode());
        assertEquals(200, transport.get(transport.count() - 2).message().statusCode());
        assertEquals("b1", transport.get(transport.count() - 2).message().toTag().toString());
    }

    @Test
    void withAnRfc3261BranchOnlyBranchSentByAndMethodCount()
    {
        receive(Wire.invite("z9hG4bKm1"));
        // the same branch and sent-by: a retransmission, whatever else differs (17.2.3)
        receive(Wire.invite("z9hG4bKm1").replace("Call-ID: call1@", "Call-ID: other@"));
        assertEquals(1, user.requests.size());
        receive(Wire.request("BYE", "sip:201@127.0.0.2:5064", "z9hG4bKm1", 1));
        assertEquals(2, user.requests.size(), "another method is another transaction");
        assertEquals(SipMethod.BYE, user.lastRequest().st.method());
        receive(Wire.invite("z9hG4bKm1").replace("127.0.0.1:5062", "127.0.0.9:5062"));
        assertEquals(3, user.requests.size(), "another sent-by is another transaction");
        assertSame(user.requests.get(0).st, user.requests.get(0).st);
    }
}
