package io.voxline.sip.dialog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.RecordingTransport;
import io.voxline.sip.transaction.RecordingUser;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.SteppedTimers;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transaction.Wire;

/** The UA cores' retransmissions that outlive the INVITE transactions (RFC 3261 13.3.1.4, 13.2.2.4). */
class EndToEndRetransmissionTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(transport, timers, Wire.CONFIG, user);
    private final List<AnswerRetransmission> timedOut = new ArrayList<>();

    private static long[] times(final List<RecordingTransport.Sent> sent)
    {
        return sent.stream().mapToLong(s -> s.atMs).toArray();
    }

    private UnsafeBuffer answer(final ServerTransaction st)
    {
        return Wire.buffer(Wire.response(st.request(), 200, "tb", "Contact: <sip:201@127.0.0.2:5064>"));
    }

    private static String ackFor(final long cseq)
    {
        return Wire.request("ACK", "sip:201@127.0.0.2:5064", "z9hG4bKack", cseq)
            .replace("To: <sip:201@b.test>", "To: <sip:201@b.test>;tag=tb");
    }

    @Test
    void the2xxIsResentFromT1DoublingToT2UntilTheAck()
    {
        layer.onMessage(Wire.parse(Wire.invite("z9hG4bKi1")), Wire.A);
        final ServerTransaction st = user.lastRequest().st;
        final UnsafeBuffer ok = answer(st);
        assertTrue(st.respond(ok, 0, ok.capacity()));
        final AnswerRetransmission r = new AnswerRetransmission(layer, timedOut::add);
        assertTrue(r.start(st, ok, 0, ok.capacity()));
        assertTrue(r.isActive());
        assertEquals(1, r.cseq());

        timers.advanceTo(12_000);
        assertArrayEquals(new long[] {0, 500, 1500, 3500, 7500, 11500}, times(transport.starting("SIP/2.0 200")));
        for (final RecordingTransport.Sent s : transport.sent())
        {
            assertEquals(Wire.A, s.destination, "where the transaction's responses went (rport: the source)");
        }
        assertFalse(r.onAck(Wire.parse(ackFor(2))), "an ACK for another INVITE");
        assertTrue(r.onAck(Wire.parse(ackFor(1))));
        assertFalse(r.isActive());
        timers.advance(60_000);
        assertEquals(6, transport.count());
        assertEquals(5, r.retransmissions());
        assertTrue(timedOut.isEmpty());
    }

    @Test
    void withoutAnAckItGivesUpAfter64T1AndTellsTheTu()
    {
        layer.onMessage(Wire.parse(Wire.invite("z9hG4bKi2")), Wire.A);
        final ServerTransaction st = user.lastRequest().st;
        final UnsafeBuffer ok = answer(st);
        st.respond(ok, 0, ok.capacity());
        final AnswerRetransmission r = new AnswerRetransmission(layer, timedOut::add);
        r.start(st, ok, 0, ok.capacity());
        timers.advanceTo(31_999);
        assertTrue(timedOut.isEmpty());
        timers.advanceTo(32_000);
        assertEquals(List.of(r), timedOut);
        assertFalse(r.isActive());
        assertArrayEquals(
            new long[] {0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500},
            times(transport.starting("SIP/2.0 200")));
        timers.advance(60_000);
        assertEquals(11, transport.count());
    }

    @Test
    void onlyA2xxToAnInviteIsRetransmitted()
    {
        final AnswerRetransmission r = new AnswerRetransmission(layer, timedOut::add);
        final SipMessage invite = Wire.parse(Wire.invite("z9hG4bKi3"));
        final UnsafeBuffer ringing = Wire.buffer(Wire.response(invite, 180, "tb"));
        assertFalse(r.start(ringing, 0, ringing.capacity(), Wire.A));
        final UnsafeBuffer byeOk = Wire.buffer(Wire.response(Wire.parse(Wire.request("BYE", "sip:x@127.0.0.2", "z9hG4bKy", 2)), 200, "tb"));
        assertFalse(r.start(byeOk, 0, byeOk.capacity(), Wire.A));
        assertFalse(r.isActive());
    }

    @Test
    void theUacResendsItsAckForEachRetransmitted2xx()
    {
        final AckRetransmission acks = new AckRetransmission(layer);
        final SipMessage invite = Wire.parse(Wire.invite("z9hG4bKi4"));
        final UnsafeBuffer ack = Wire.buffer(ackFor(1));
        assertFalse(acks.onRetransmittedAnswer(Wire.parse(Wire.response(invite, 200, "tb"))), "nothing remembered yet");
        assertTrue(acks.remember(ack, 0, ack.capacity(), Wire.A));
        assertEquals(1, acks.cseq());
        assertTrue(acks.onRetransmittedAnswer(Wire.parse(Wire.response(invite, 200, "tb"))));
        assertFalse(acks.onRetransmittedAnswer(Wire.parse(Wire.response(invite, 180, "tb"))));
        assertFalse(acks.onRetransmittedAnswer(Wire.parse(Wire.response(invite, 200, "tb").replace("CSeq: 1 INVITE", "CSeq: 2 INVITE"))));
        assertEquals(1, transport.count());
        assertEquals(ackFor(1), transport.last().text());
        assertEquals(Wire.A, transport.last().destination);
        assertEquals(1, acks.resent());
        final UnsafeBuffer notAck = Wire.buffer(Wire.invite("z9hG4bKi5"));
        assertFalse(acks.remember(notAck, 0, notAck.capacity(), Wire.A));
    }
}
