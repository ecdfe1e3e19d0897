package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;

class ClientInviteTransactionTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.A, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(1)));
    private final RecordingListener listener = new RecordingListener();

    private ClientTransaction send(final String text)
    {
        final UnsafeBuffer b = Wire.buffer(text);
        return layer.sendRequest(b, 0, b.capacity(), Wire.B, listener);
    }

    private void receive(final String text)
    {
        layer.onMessage(Wire.parse(text), Wire.B);
    }

    private SipMessage invite()
    {
        return transport.get(0).message();
    }

    private static long[] times(final List<RecordingTransport.Sent> sent)
    {
        return sent.stream().mapToLong(s -> s.atMs).toArray();
    }

    @Test
    void timerARetransmitsDoublingFromT1AndTimerBTimesOutAt64T1()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKa1"));
        assertEquals(SipMethod.INVITE, ct.method());
        assertEquals("z9hG4bKa1", ct.branch());
        assertEquals(Wire.B, ct.destination());
        assertEquals(1, layer.clientTransactionCount());

        timers.advanceTo(31_999);
        assertEquals(0, listener.timeouts);
        assertFalse(ct.isTerminated());
        timers.advanceTo(32_000);
        assertEquals(1, listener.timeouts, "timer B = 64*T1");
        assertTrue(ct.isTerminated());
        assertEquals(0, layer.clientTransactionCount());

        final List<RecordingTransport.Sent> invites = transport.starting("INVITE ");
        assertArrayEquals(new long[] {0, 500, 1500, 3500, 7500, 15500, 31500}, times(invites));
        for (final RecordingTransport.Sent s : invites)
        {
            assertArrayEquals(invites.get(0).bytes, s.bytes, "a retransmission is the same bytes");
            assertEquals(Wire.B, s.destination);
        }
        timers.advance(100_000);
        assertEquals(7, transport.count(), "nothing after termination");
        assertEquals(6, layer.counters().retransmittedRequests());
    }

    @Test
    void theRequestIsCopiedFromAnOffsetAndTheCallerBufferMayBeReused()
    {
        final String text = Wire.invite("z9hG4bKa2");
        final byte[] raw = ("xxxxx" + text + "yyy").getBytes();
        final UnsafeBuffer b = new UnsafeBuffer(raw);
        layer.sendRequest(b, 5, text.length(), Wire.B, listener);
        b.setMemory(0, raw.length, (byte)'z');
        timers.advance(500);
        assertEquals(text, transport.get(0).text());
        assertEquals(text, transport.get(1).text());
    }

    @Test
    void aProvisionalResponseStopsRetransmissionsAndTimerB()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKa3"));
        timers.advance(600);
        receive(Wire.response(invite(), 100, null));
        receive(Wire.response(invite(), 180, "b1"));
        assertEquals(List.of(100, 180), listener.codes);
        assertEquals(180, ct.lastStatusCode());
        timers.advance(300_000);
        assertEquals(2, transport.starting("INVITE ").size(), "original and one timer A retransmission only");
        assertEquals(0, listener.timeouts, "no timer B once proceeding");
        assertFalse(ct.isTerminated());
        receive(Wire.response(invite(), 180, "b1"));
        assertEquals(List.of(100, 180, 180), listener.codes, "every provisional reaches the TU");
    }

    @Test
    void aFailureIsAckedWithTheInviteBranchAndRequestUriAndTheResponseTo()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKa4", "Route: <sip:127.0.0.9;lr>"));
        receive(Wire.response(invite(), 180, "b1"));
        timers.advance(1000);
        receive(Wire.response(invite(), 486, "b1"));
        assertEquals(List.of(180, 486), listener.codes);
        assertEquals(486, ct.lastStatusCode());

        final List<RecordingTransport.Sent> acks = transport.starting("ACK ");
        assertEquals(1, acks.size());
        assertEquals(Wire.B, acks.get(0).destination);
        final SipMessage ack = acks.get(0).message();
        assertEquals(SipMethod.ACK, ack.method());
        assertEquals("sip:201@127.0.0.2:5064", ack.requestUri().toString());
        assertEquals("z9hG4bKa4", ack.topVia().branch().toString());
        assertEquals(1, ack.count(HeaderName.VIA));
        assertEquals("b1", ack.toTag().toString(), "To of the response");
        assertEquals("a1", ack.fromTag().toString());
        assertEquals("call1@127.0.0.1", ack.callId().toString());
        assertEquals(1, ack.cseqNumber());
        assertEquals(SipMethod.ACK, ack.cseqMethod());
        assertEquals("<sip:127.0.0.9;lr>", ack.firstValue(HeaderName.ROUTE).toString());
        assertFalse(ct.isTerminated(), "completed: timer D runs");
    }

    @Test
    void timerDAbsorbsRetransmittedFinalResponsesThenEnds()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKa5"));
        receive(Wire.response(invite(), 503, "b1"));
        timers.advance(10_000);
        receive(Wire.response(invite(), 503, "b1"));
        receive(Wire.response(invite(), 503, "b1"));
        assertEquals(List.of(503), listener.codes, "the TU hears the final response once");
        assertEquals(3, transport.starting("ACK ").size(), "each retransmission is ACKed again");
        assertArrayEquals(transport.starting("ACK ").get(0).bytes, transport.starting("ACK ").get(2).bytes);
        assertEquals(1, transport.starting("INVITE ").size(), "no timer A once completed");

        timers.advanceTo(31_999);
        assertFalse(ct.isTerminated());
        timers.advanceTo(32_000);
        assertTrue(ct.isTerminated(), "timer D = 32 s on UDP");
        assertEquals(0, layer.clientTransactionCount());
        receive(Wire.response(invite(), 503, "b1"));
        assertEquals(1, user.strayResponses.size(), "after D a response is stray");
        assertEquals(3, transport.starting("ACK ").size());
    }

    @Test
    void aSuccessMovesToAcceptedWhereEvery2xxReachesTheListenerUntilTimerM()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKa6"));
        receive(Wire.response(invite(), 180, "b1"));
        timers.advance(1000);
        receive(Wire.response(invite(), 200, "b1", "Contact: <sip:201@127.0.0.2:5064>"));
        assertEquals(List.of(180, 200), listener.codes);
        assertFalse(ct.isTerminated(), "RFC 6026 7.2: Accepted, not Terminated");
        assertEquals(1, layer.clientTransactionCount());
        assertTrue(transport.starting("ACK ").isEmpty(), "the ACK for a 2xx is the TU's");

        // the same 2xx again (our ACK was lost) and another fork's: both to the listener, never stray
        receive(Wire.response(invite(), 200, "b1", "Contact: <sip:201@127.0.0.2:5064>"));
        receive(Wire.response(invite(), 200, "c2", "Contact: <sip:201@127.0.0.3:5064>"));
        assertEquals(List.of(180, 200, 200, 200), listener.codes);
        assertTrue(listener.responses.get(3).contains(";tag=c2"), "the fork's own To tag");
        assertEquals(0, user.strayResponses.size());
        assertEquals(0, layer.counters().strayResponses());
        assertEquals(2, layer.counters().acceptedPassThrough());

        // anything else is not for the TU any more
        receive(Wire.response(invite(), 180, "d3"));
        receive(Wire.response(invite(), 486, "d3"));
        assertEquals(4, listener.codes.size());
        assertEquals(2, layer.counters().ignoredResponses());
        assertTrue(transport.starting("ACK ").isEmpty(), "nor does the transaction ACK a 486 once Accepted");
        assertEquals(1, transport.count(), "and it retransmits nothing");

        timers.advanceTo(1000 + 31_999);
        assertFalse(ct.isTerminated());
        timers.advanceTo(1000 + 32_000);
        assertTrue(ct.isTerminated(), "timer M = 64*T1");
        assertEquals(0, layer.clientTransactionCount());
        assertEquals(0, timers.pendingCount());
        receive(Wire.response(invite(), 200, "b1"));
        assertEquals(4, listener.codes.size());
        assertEquals(1, user.strayResponses.size(), "after timer M a 2xx matches nothing");
        assertTrue(user.strayResponses.get(0).startsWith("SIP/2.0 200 OK"));
        assertEquals(0, listener.timeouts);
    }

    @Test
    void aSuccessWhileCallingStopsTimersAAndBAndAcceptedLasts64T1()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKa7"));
        timers.advance(100);
        receive(Wire.response(invite(), 200, "b1"));
        assertEquals(List.of(200), listener.codes);
        timers.advance(31_999);
        assertFalse(ct.isTerminated());
        assertEquals(1, transport.count(), "no timer A once Accepted");
        timers.advance(1);
        assertTrue(ct.isTerminated());
        timers.advance(60_000);
        assertEquals(1, transport.count());
        assertEquals(0, listener.timeouts, "no timer B either");
    }

    @Test
    void timerMRunsOnReliableTransportsToo()
    {
        // unlike D and K, M is not there for retransmissions of ours but for a far end's 2xx and its forks
        final RecordingTransport tcp = new RecordingTransport(Wire.A, timers, "TCP");
        final TransactionLayer reliable = new TransactionLayer(tcp, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(2)));
        final UnsafeBuffer b = Wire.buffer(Wire.invite("z9hG4bKa8").replace("SIP/2.0/UDP", "SIP/2.0/TCP"));
        final ClientTransaction ct = reliable.sendRequest(b, 0, b.capacity(), Wire.B, listener);
        final SipMessage sent = tcp.get(0).message();
        reliable.onMessage(Wire.parse(Wire.response(sent, 200, "b1")), Wire.B);
        reliable.onMessage(Wire.parse(Wire.response(sent, 200, "c1")), Wire.B);
        assertEquals(List.of(200, 200), listener.codes);
        timers.advance(31_999);
        assertFalse(ct.isTerminated());
        timers.advance(1);
        assertTrue(ct.isTerminated());
        assertEquals(0, reliable.clientTransactionCount());
    }

    @Test
    void cancelBeforeAProvisionalWaitsForOne()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKc1", "Route: <sip:127.0.0.9;lr>"));
        ct.cancel();
        timers.advance(100);
        assertTrue(transport.starting("CANCEL ").isEmpty(), "RFC 3261 9.1: not before a provisional response");
        receive(Wire.response(invite(), 180, "b1"));
        final List<RecordingTransport.Sent> cancels = transport.starting("CANCEL ");
        assertEquals(1, cancels.size());
        assertEquals(Wire.B, cancels.get(0).destination);
        final SipMessage cancel = cancels.get(0).message();
        assertEquals("sip:201@127.0.0.2:5064", cancel.requestUri().toString());
        assertEquals("z9hG4bKc1", cancel.topVia().branch().toString());
        assertEquals(1, cancel.count(HeaderName.VIA));
        assertEquals("call1@127.0.0.1", cancel.callId().toString());
        assertEquals("a1", cancel.fromTag().toString());
        assertNull(cancel.toTag(), "the To of the INVITE");
        assertEquals(1, cancel.cseqNumber());
        assertEquals(SipMethod.CANCEL, cancel.cseqMethod());
        assertEquals("<sip:127.0.0.9;lr>", cancel.firstValue(HeaderName.ROUTE).toString());
        assertEquals(2, layer.clientTransactionCount(), "the CANCEL is its own transaction");

        receive(Wire.response(cancel, 200, "b1"));
        assertEquals(List.of(180), listener.codes, "the CANCEL's 200 is not reported");
        receive(Wire.response(invite(), 487, "b1"));
        assertEquals(List.of(180, 487), listener.codes);
        assertEquals(1, transport.starting("ACK ").size());
        timers.advance(40_000);
        assertEquals(0, layer.clientTransactionCount());
        assertEquals(0, listener.timeouts);
    }

    @Test
    void cancelAfterAProvisionalIsSentAtOnceAndRetransmittedByTimerE()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKc2"));
        receive(Wire.response(invite(), 183, "b1"));
        ct.cancel();
        ct.cancel();
        assertEquals(1, transport.starting("CANCEL ").size(), "once");
        timers.advance(1600);
        assertEquals(3, transport.starting("CANCEL ").size(), "at 0, 500, 1500");
    }

    @Test
    void cancelIsIgnoredOnceAFinalResponseArrived()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKc3"));
        receive(Wire.response(invite(), 180, "b1"));
        receive(Wire.response(invite(), 200, "b1"));
        ct.cancel();
        assertTrue(transport.starting("CANCEL ").isEmpty());
        final ClientTransaction ct2 = send(Wire.invite("z9hG4bKc4"));
        receive(Wire.response(transport.starting("INVITE ").get(1).message(), 404, "b2"));
        ct2.cancel();
        assertTrue(transport.starting("CANCEL ").isEmpty());
    }

    @Test
    void aPendingCancelIsDroppedWhenTheFinalResponseComesFirst()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKc5"));
        ct.cancel();
        receive(Wire.response(invite(), 486, "b1"));
        assertTrue(transport.starting("CANCEL ").isEmpty());
        assertEquals(List.of(486), listener.codes);
        assertEquals(1, transport.starting("ACK ").size());
        timers.advance(40_000);
        assertTrue(transport.starting("CANCEL ").isEmpty());
        assertTrue(ct.isTerminated());
    }

    @Test
    void anUnansweredCancelGivesUpTheInviteAfter64T1()
    {
        final ClientTransaction ct = send(Wire.invite("z9hG4bKc6"));
        receive(Wire.response(invite(), 180, "b1"));
        timers.advance(5000);
        ct.cancel();
        timers.advance(31_999);
        assertEquals(0, listener.timeouts);
        timers.advance(1);
        assertEquals(1, listener.timeouts, "RFC 3261 9.1: the INVITE is considered cancelled");
        assertTrue(ct.isTerminated());
        assertEquals(0, layer.clientTransactionCount());
    }

    @Test
    void aRequestTheLayerCannotUseIsRejectedAsATransportErrorOnTheNextPoll()
    {
        final ClientTransaction ack = send(Wire.request("ACK", "sip:201@127.0.0.2:5064", "z9hG4bKr1", 1));
        final ClientTransaction noCookie = send(Wire.invite("old2543branch"));
        final UnsafeBuffer garbage = Wire.buffer("not sip at all\r\n\r\n");
        final ClientTransaction bad = layer.sendRequest(garbage, 0, garbage.capacity(), Wire.B, listener);
        final ClientTransaction first = send(Wire.invite("z9hG4bKdup"));
        final ClientTransaction duplicate = send(Wire.invite("z9hG4bKdup"));
        assertEquals(0, listener.transportErrors, "never from inside sendRequest");
        assertTrue(ack.isTerminated());
        assertTrue(noCookie.isTerminated());
        assertTrue(bad.isTerminated());
        assertTrue(duplicate.isTerminated());
        assertFalse(first.isTerminated());
        timers.poll();
        assertEquals(4, listener.transportErrors);
        assertEquals(4, layer.counters().rejectedRequests());
        assertEquals(1, transport.count(), "only the first INVITE went out");
        assertEquals(1, layer.clientTransactionCount());
    }

    @Test
    void aResponseForAnotherMethodOrBranchDoesNotMatch()
    {
        send(Wire.invite("z9hG4bKm1"));
        final String ok = Wire.response(invite(), 200, "b1");
        receive(ok.replace("CSeq: 1 INVITE", "CSeq: 1 BYE"));
        receive(ok.replace("z9hG4bKm1", "z9hG4bKm2"));
        assertTrue(listener.codes.isEmpty());
        assertEquals(2, user.strayResponses.size());
    }
}
