package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;

/** CANCEL arriving at a server (RFC 3261 9.2): matched to its INVITE, answered 200 here, onCancel for the TU. */
class CancelMatchingTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(5)));

    private void receive(final String text)
    {
        layer.onMessage(Wire.parse(text), Wire.A);
    }

    private static String cancel(final String branch)
    {
        return Wire.request("CANCEL", "sip:201@127.0.0.2:5064", branch, 1);
    }

    private static String ack(final String branch, final String toTag)
    {
        return Wire.request("ACK", "sip:201@127.0.0.2:5064", branch, 1).replace("To: <sip:201@b.test>", "To: <sip:201@b.test>;tag=" + toTag);
    }

    @Test
    void aCancelOfARingingInviteIsAnswered200AndTheTuAnswers487()
    {
        user.onCancel = (invite, c) -> invite.respond(487, null, "b1");
        receive(Wire.invite("z9hG4bKx1"));
        final ServerTransaction invite = user.lastRequest().st;
        invite.respond(180, null, "b1");
        receive(cancel("z9hG4bKx1"));

        assertEquals(List.of(invite), user.cancelled);
        assertTrue(user.cancels.get(0).startsWith("CANCEL "));
        assertEquals(1, user.requests.size(), "the CANCEL itself is not a request for the TU");
        final List<RecordingTransport.Sent> sent = transport.sent();
        assertEquals(3, sent.size());
        final SipMessage ok = sent.get(1).message();
        assertEquals(200, ok.statusCode());
        assertEquals(SipMethod.CANCEL, ok.cseqMethod());
        assertEquals("b1", ok.toTag().toString(), "the same To tag as the INVITE's responses (9.2)");
        assertEquals(Wire.A, sent.get(1).destination);
        final SipMessage terminated = sent.get(2).message();
        assertEquals(487, terminated.statusCode());
        assertEquals(SipMethod.INVITE, terminated.cseqMethod());

        receive(ack("z9hG4bKx1", "b1"));
        assertEquals(1, user.requests.size(), "the ACK for the 487 is absorbed");
        timers.advance(10_000);
        assertEquals(3, transport.count(), "ACKed: no timer G retransmission");
    }

    @Test
    void aRetransmittedCancelGetsThe200AgainAndOneOnCancel()
    {
        receive(Wire.invite("z9hG4bKx2"));
        receive(cancel("z9hG4bKx2"));
        receive(cancel("z9hG4bKx2"));
        assertEquals(1, user.cancelled.size());
        final List<RecordingTransport.Sent> oks = transport.starting("SIP/2.0 200");
        assertEquals(2, oks.size());
        assertEquals(oks.get(0).text(), oks.get(1).text());
        assertFalse(oks.get(0).message().toTag() == null, "a tag even before the INVITE had one");
    }

    @Test
    void aCancelMatchingNothingGets481()
    {
        receive(Wire.invite("z9hG4bKx3"));
        receive(cancel("z9hG4bKother"));
        assertTrue(user.cancelled.isEmpty());
        final SipMessage answer = transport.last().message();
        assertEquals(481, answer.statusCode());
        assertEquals(SipMethod.CANCEL, answer.cseqMethod());
        assertEquals(1, layer.counters().unmatchedCancels());
        receive(cancel("z9hG4bKx3").replace("127.0.0.1:5062", "127.0.0.1:5999"));
        assertEquals(481, transport.last().message().statusCode(), "a different sent-by is another transaction");
    }

    @Test
    void aCancelAfterTheFinalResponseIsAnswered200WithoutOnCancel()
    {
        receive(Wire.invite("z9hG4bKx4"));
        user.lastRequest().st.respond(486, null, "b4");
        receive(cancel("z9hG4bKx4"));
        assertTrue(user.cancelled.isEmpty());
        assertEquals(200, transport.last().message().statusCode());
        assertEquals("b4", transport.last().message().toTag().toString());

        receive(Wire.invite("z9hG4bKx5"));
        user.lastRequest().st.respond(200, null, "b5");
        receive(cancel("z9hG4bKx5"));
        assertTrue(user.cancelled.isEmpty(), "already answered 2xx");
        assertEquals(200, transport.last().message().statusCode());
    }

    @Test
    void aProxyMayTakeUnmatchedCancelsItself()
    {
        layer.passUnmatchedCancel(true);
        receive(cancel("z9hG4bKx6"));
        assertEquals(1, user.requests.size());
        final ServerTransaction st = user.lastRequest().st;
        assertEquals(SipMethod.CANCEL, st.method());
        assertEquals(0, transport.count());
        assertTrue(st.respond(200, null, "p"));
        receive(cancel("z9hG4bKx6"));
        assertEquals(2, transport.count(), "its retransmission is absorbed by its transaction");
        assertSame(st, user.lastRequest().st);
    }

    @Test
    void aStatelessProxyGetsUnmatchedCancelsWithoutATransactionEachTime()
    {
        // RFC 3261 16.10: no response context, so the CANCEL is forwarded statelessly, retransmissions too
        layer.passUnmatchedCancelStateless(true);
        receive(cancel("z9hG4bKx7"));
        receive(cancel("z9hG4bKx7"));
        assertEquals(2, user.requests.size());
        assertEquals(null, user.requests.get(0).st);
        assertTrue(user.lastRequest().firstLine().startsWith("CANCEL "));
        assertEquals(0, transport.count(), "nothing answers it here");
        assertEquals(0, layer.serverTransactionCount(), "and nothing is kept");
        assertEquals(2, layer.counters().unmatchedCancels());

        // a CANCEL that matches still gets its 200 here and reaches onCancel
        receive(Wire.invite("z9hG4bKx8"));
        user.lastRequest().st.respond(180, null, "b8");
        receive(cancel("z9hG4bKx8"));
        assertEquals(1, user.cancelled.size());
        assertEquals(200, transport.last().message().statusCode());
    }
}
