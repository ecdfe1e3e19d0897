package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;

class ClientNonInviteTransactionTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.A, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(2)));
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

    private SipMessage request()
    {
        return transport.get(0).message();
    }

    private static long[] times(final List<RecordingTransport.Sent> sent)
    {
        return sent.stream().mapToLong(s -> s.atMs).toArray();
    }

    private static String bye(final String branch)
    {
        return Wire.request("BYE", "sip:201@127.0.0.2:5064", branch, 2);
    }

    @Test
    void timerERetransmitsDoublingUpToT2AndTimerFTimesOutAt64T1()
    {
        final ClientTransaction ct = send(bye("z9hG4bKe1"));
        assertEquals(SipMethod.BYE, ct.method());
        timers.advanceTo(31_999);
        assertEquals(0, listener.timeouts);
        timers.advanceTo(32_000);
        assertEquals(1, listener.timeouts);
        assertTrue(ct.isTerminated());
        assertEquals(0, layer.clientTransactionCount());
        assertArrayEquals(
            new long[] {0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500},
            times(transport.starting("BYE ")),
            "T1, 2T1, 4T1, then capped at T2 = 4 s");
        timers.advance(60_000);
        assertEquals(11, transport.count());
    }

    @Test
    void aProvisionalResponseRetransmitsAtT2()
    {
        final ClientTransaction ct = send(bye("z9hG4bKe2"));
        timers.advance(600);
        receive(Wire.response(request(), 100, null));
        timers.advanceTo(20_000);
        assertArrayEquals(new long[] {0, 500, 1500, 5500, 9500, 13500, 17500}, times(transport.starting("BYE ")));
        assertEquals(List.of(100), listener.codes);
        assertFalse(ct.isTerminated());
        timers.advanceTo(32_000);
        assertEquals(1, listener.timeouts, "timer F still runs while proceeding");
    }

    @Test
    void aFinalResponseCompletesItAndTimerKAbsorbsRetransmissions()
    {
        final ClientTransaction ct = send(bye("z9hG4bKe3"));
        timers.advance(700);
        receive(Wire.response(request(), 200, "b1"));
        assertEquals(List.of(200), listener.codes);
        assertEquals(200, ct.lastStatusCode());
        assertFalse(ct.isTerminated());
        receive(Wire.response(request(), 200, "b1"));
        receive(Wire.response(request(), 100, null));
        assertEquals(List.of(200), listener.codes, "absorbed in Completed");
        assertEquals(2, layer.counters().absorbedRetransmissions());
        timers.advance(60_000);
        assertEquals(2, transport.count(), "no retransmission once completed");

        final ClientTransaction k = send(bye("z9hG4bKe4"));
        receive(Wire.response(transport.get(2).message(), 481, "b1"));
        timers.advance(4999);
        assertFalse(k.isTerminated());
        timers.advance(1);
        assertTrue(k.isTerminated(), "timer K = T4");
        receive(Wire.response(transport.get(2).message(), 481, "b1"));
        assertEquals(1, user.strayResponses.size());
        assertEquals(0, listener.timeouts);
    }

    @Test
    void onAReliableTransportNothingIsRetransmittedAndKIsZero()
    {
        final RecordingTransport tcp = new RecordingTransport(Wire.A, timers, "TCP");
        final TransactionLayer reliable = new TransactionLayer(tcp, timers, Wire.CONFIG, user);
        assertTrue(reliable.isReliable());
        final UnsafeBuffer b = Wire.buffer(bye("z9hG4bKe5"));
        final ClientTransaction ct = reliable.sendRequest(b, 0, b.capacity(), Wire.B, listener);
        timers.advance(10_000);
        assertEquals(1, tcp.count());
        reliable.onMessage(Wire.parse(Wire.response(tcp.get(0).message(), 200, "b")), Wire.B);
        assertTrue(ct.isTerminated());
        assertEquals(List.of(200), listener.codes);
    }

    @Test
    void aFailedSendOnUdpIsLeftToRetransmission()
    {
        transport.failing(true);
        final ClientTransaction ct = send(bye("z9hG4bKe6"));
        transport.failing(false);
        timers.advance(500);
        assertEquals(1, transport.count());
        assertFalse(ct.isTerminated());
        assertEquals(1, layer.counters().sendFailures());
    }

    @Test
    void aFailedSendOnAReliableTransportIsATransportErrorOnTheNextPoll()
    {
        final RecordingTransport tcp = new RecordingTransport(Wire.A, timers, "TCP");
        tcp.failing(true);
        final TransactionLayer reliable = new TransactionLayer(tcp, timers, Wire.CONFIG, user);
        final UnsafeBuffer b = Wire.buffer(bye("z9hG4bKe8"));
        final ClientTransaction ct = reliable.sendRequest(b, 0, b.capacity(), Wire.B, listener);
        assertEquals(0, listener.transportErrors);
        assertTrue(ct.isTerminated());
        timers.poll();
        assertEquals(1, listener.transportErrors);
        assertEquals(0, listener.timeouts);
        assertEquals(0, reliable.clientTransactionCount());
    }

    @Test
    void theContextSlotBelongsToTheTu()
    {
        final ClientTransaction ct = send(bye("z9hG4bKe7"));
        final Object call = new Object();
        ct.context(call);
        assertEquals(call, ct.context());
    }
}
