package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;

/** The layer on B's side: requests come from A (127.0.0.1:5062), responses go back there. */
class ServerInviteTransactionTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(3)));

    private void receive(final String text)
    {
        layer.onMessage(Wire.parse(text), Wire.A);
    }

    private ServerTransaction st()
    {
        return user.lastRequest().st;
    }

    private static String ack(final String branch, final String toTag)
    {
        return Wire.request("ACK", "sip:201@127.0.0.2:5064", branch, 1).replace("To: <sip:201@b.test>", "To: <sip:201@b.test>;tag=" + toTag);
    }

    private static long[] times(final List<RecordingTransport.Sent> sent)
    {
        return sent.stream().mapToLong(s -> s.atMs).toArray();
    }

    @Test
    void theLayerSends100TryingWhenTheTuIsSilentFor200Ms()
    {
        receive(Wire.invite("z9hG4bKs1"));
        assertEquals(1, user.requests.size());
        final ServerTransaction st = st();
        assertEquals(SipMethod.INVITE, st.method());
        assertEquals(Wire.A, st.source());
        assertEquals("z9hG4bKs1", st.request().topVia().branch().toString());
        timers.advance(199);
        assertEquals(0, transport.count());
        timers.advance(1);
        assertEquals(1, transport.count());
        final SipMessage trying = transport.last().message();
        assertEquals(100, trying.statusCode());
        assertNull(trying.toTag(), "a 100 carries no tag");
        assertEquals(Wire.A, transport.last().destination);
        assertEquals(100, st.lastStatusCode());
        timers.advance(10_000);
        assertEquals(1, transport.count(), "one 100 only");
    }

    @Test
    void noTryingWhenTheTuAnswersWithin200Ms()
    {
        user.onRequest = (st, m) -> st.respond(180, null, "b1");
        receive(Wire.invite("z9hG4bKs2"));
        timers.advance(1000);
        assertEquals(1, transport.count());
        assertEquals(180, transport.last().message().statusCode());
        assertEquals("b1", transport.last().message().toTag().toString());
    }

    @Test
    void aRetransmittedInviteGetsTheLatestProvisionalAndNeverReachesTheTuAgain()
    {
        receive(Wire.invite("z9hG4bKs3"));
        receive(Wire.invite("z9hG4bKs3"));
        assertEquals(0, transport.count(), "nothing to repeat yet");
        st().respond(180, null, "b1");
        receive(Wire.invite("z9hG4bKs3"));
        assertEquals(2, transport.count());
        assertArrayEquals(transport.get(0).bytes, transport.get(1).bytes);
        assertEquals(1, user.requests.size());
        assertEquals(1, layer.serverTransactionCount());
    }

    @Test
    void timerGRetransmitsAFailureDoublingToT2UntilTimerH()
    {
        receive(Wire.invite("z9hG4bKs4"));
        final ServerTransaction st = st();
        timers.advance(1000);
        assertTrue(st.respond(486, null, "b1"));
        assertFalse(st.respond(487, null, "b1"), "after the final response");
        assertFalse(st.respond(180, null, "b1"));
        timers.advanceTo(1000 + 31_999);
        assertFalse(st.isTerminated());
        timers.advanceTo(1000 + 32_000);
        assertTrue(st.isTerminated(), "timer H = 64*T1");
        assertEquals(1, layer.counters().ackTimeouts());
        assertEquals(0, layer.serverTransactionCount());
        final long[] sent = times(transport.starting("SIP/2.0 486"));
        assertArrayEquals(
            new long[] {1000, 1500, 2500, 4500, 8500, 12500, 16500, 20500, 24500, 28500, 32500},
            sent,
            "G from T1 doubling, capped at T2");
        timers.advance(60_000);
        assertEquals(1 + 11, transport.count(), "the 100 and the 486s");
    }

    @Test
    void theAckStopsRetransmissionsAndTimerIAbsorbsMoreAcks()
    {
        receive(Wire.invite("z9hG4bKs5"));
        final ServerTransaction st = st();
        st.respond(603, null, "b1");
        timers.advance(600);
        assertEquals(2, transport.count());
        receive(ack("z9hG4bKs5", "b1"));
        assertTrue(user.requests.size() == 1, "the ACK for a non-2xx stays in the transaction");
        timers.advance(4000);
        assertEquals(2, transport.count(), "no more G");
        receive(ack("z9hG4bKs5", "b1"));
        receive(Wire.invite("z9hG4bKs5"));
        assertEquals(2, transport.count(), "Confirmed absorbs ACKs and INVITEs");
        assertEquals(1, user.requests.size());
        timers.advanceTo(600 + 4999);
        assertFalse(st.isTerminated());
        timers.advanceTo(600 + 5000);
        assertTrue(st.isTerminated(), "timer I = T4 after the ACK");
        assertEquals(0, layer.serverTransactionCount());
        assertEquals(0, layer.counters().ackTimeouts());
    }

    @Test
    void aRetransmittedInviteInCompletedGetsTheFinalResponseAgain()
    {
        receive(Wire.invite("z9hG4bKs6"));
        st().respond(404, null, "b1");
        receive(Wire.invite("z9hG4bKs6"));
        assertEquals(2, transport.count());
        assertArrayEquals(transport.get(0).bytes, transport.get(1).bytes);
        assertEquals(1, user.requests.size());
    }

    @Test
    void aSuccessMovesToAcceptedWhichAbsorbsTheInviteAndRetransmitsNothingUntilTimerL()
    {
        receive(Wire.invite("z9hG4bKs7"));
        final ServerTransaction st = st();
        st.respond(180, null, "b1");
        timers.advance(1000);
        assertTrue(st.respond(200, null, "b1"));
        assertFalse(st.isTerminated(), "RFC 6026 7.1: Accepted, not Terminated");
        assertEquals(1, layer.serverTransactionCount());
        assertEquals(1, layer.answeredInviteCount());
        timers.advance(10_000);
        assertEquals(2, transport.count(), "the UAS core, not the transaction, retransmits a 2xx");

        // a retransmitted INVITE (our 2xx was lost, or is late) is absorbed: no second call, nothing sent
        receive(Wire.invite("z9hG4bKs7"));
        receive(Wire.invite("z9hG4bKs7"));
        assertEquals(1, user.requests.size(), "a late INVITE retransmission is not a new call");
        assertEquals(2, transport.count(), "and the transaction answers it nothing");
        assertEquals(2, layer.counters().absorbedRetransmissions());

        // the ACK for the 2xx has a branch of its own: it goes up to the TU, without a transaction
        receive(ack("z9hG4bKack7", "b1"));
        assertEquals(2, user.requests.size());
        assertNull(user.lastRequest().st, "an ACK for a 2xx has no transaction");
        assertTrue(user.lastRequest().firstLine().startsWith("ACK "));
        assertEquals(1, layer.counters().strayAcks());

        timers.advanceTo(1000 + 31_999);
        assertFalse(st.isTerminated());
        receive(Wire.invite("z9hG4bKs7"));
        assertEquals(2, user.requests.size(), "absorbed to the last moment");
        timers.advanceTo(1000 + 32_000);
        assertTrue(st.isTerminated(), "timer L = 64*T1");
        assertEquals(0, layer.serverTransactionCount());
        assertEquals(0, layer.answeredInviteCount());
        assertEquals(0, timers.pendingCount());
        assertEquals(2, transport.count());
    }

    @Test
    void whileAcceptedFurther2xxFromTheTuAreSentAndNothingElse()
    {
        receive(Wire.invite("z9hG4bKs15"));
        final ServerTransaction st = st();
        assertTrue(st.respond(200, null, "b1"));
        // a proxy forwarding a second fork's 2xx through the server transaction (RFC 6026 7.1 and 8.x)
        final String fork = Wire.response(st.request(), 200, "c2", "Contact: <sip:201@127.0.0.3:5064>");
        final UnsafeBuffer out = Wire.buffer(fork);
        assertTrue(st.respond(out, 0, out.capacity()));
        assertEquals(fork, transport.last().text());
        assertEquals(Wire.A, transport.last().destination, "where the transaction's responses go");
        assertTrue(st.respond(200, null, "b1"), "the first 2xx again, as a UAS core may send it");
        assertEquals(3, transport.count());
        assertEquals(2, layer.counters().acceptedPassThrough());

        assertFalse(st.respond(486, null, "b1"), "not a failure after a 2xx");
        assertFalse(st.respond(180, null, "b1"), "nor a provisional");
        assertEquals(3, transport.count());
        assertEquals(200, st.lastStatusCode());

        timers.advance(32_000);
        assertTrue(st.isTerminated());
        assertFalse(st.respond(200, null, "b1"), "after timer L the transaction is gone");
        assertEquals(3, transport.count());
    }

    @Test
    void timerLRunsOnReliableTransportsToo()
    {
        final RecordingTransport tcp = new RecordingTransport(Wire.B, timers, "TCP");
        final TransactionLayer reliable = new TransactionLayer(tcp, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(4)));
        reliable.onMessage(Wire.parse(Wire.invite("z9hG4bKs16").replace("SIP/2.0/UDP", "SIP/2.0/TCP")), Wire.A);
        final ServerTransaction st = st();
        st.respond(200, null, "b1");
        reliable.onMessage(Wire.parse(Wire.invite("z9hG4bKs16").replace("SIP/2.0/UDP", "SIP/2.0/TCP")), Wire.A);
        assertEquals(1, user.requests.size());
        timers.advance(31_999);
        assertFalse(st.isTerminated(), "an INVITE retransmitted by a UDP hop upstream may still come");
        timers.advance(1);
        assertTrue(st.isTerminated());
        assertEquals(0, reliable.serverTransactionCount());
    }

    @Test
    void anAckBeforeAnyFinalResponseIsDropped()
    {
        receive(Wire.invite("z9hG4bKs8"));
        receive(ack("z9hG4bKs8", "b1"));
        assertEquals(1, user.requests.size());
        assertEquals(1, layer.counters().ignoredRequests());
    }

    @Test
    void aTuBuiltResponseIsSentAndStored()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        receive(Wire.invite("z9hG4bKs9"));
        final String ok = Wire.response(st().request(), 200, "b9", "Contact: <sip:201@127.0.0.2:5064>");
        out.putStringWithoutLengthAscii(3, ok);
        assertTrue(st().respond(out, 3, ok.length()));
        assertEquals(ok, transport.last().text());
        assertEquals(200, st().lastStatusCode());
        assertFalse(st().respond(Wire.buffer("garbage"), 0, 7));
    }

    @Test
    void malformedTuResponsesAreRefused()
    {
        receive(Wire.invite("z9hG4bKs10"));
        final ServerTransaction st = st();
        assertFalse(st.respond(99, null, null));
        assertFalse(st.respond(700, null, null));
        final UnsafeBuffer req = Wire.buffer(Wire.invite("z9hG4bKx"));
        assertFalse(st.respond(req, 0, req.capacity()), "a request is not a response");
        assertFalse(st.respond(null, 0, 0));
        assertEquals(4, layer.counters().refusedResponses());
        assertTrue(st.respond(180, null, "b1"));
    }

    @Test
    void requestsFromDifferentSentByOrBranchAreDifferentTransactions()
    {
        receive(Wire.invite("z9hG4bKs11"));
        receive(Wire.invite("z9hG4bKs11").replace("127.0.0.1:5062", "127.0.0.1:5070"));
        receive(Wire.invite("z9hG4bKs12"));
        assertEquals(3, user.requests.size());
        assertEquals(3, layer.serverTransactionCount());
        assertSame(user.requests.get(0).st, user.requests.get(0).st);
    }

    @Test
    void anRfc2543InviteWithoutCookieIsStillMatched()
    {
        final String invite = Wire.invite("z9hG4bKs13").replace(";branch=z9hG4bKs13", "");
        receive(invite);
        receive(invite);
        assertEquals(1, user.requests.size());
        assertEquals(1, layer.serverTransactionCount());
        st().respond(486, null, "b1");
        layer.onMessage(Wire.parse(ack("z9hG4bKs13", "b1").replace(";branch=z9hG4bKs13", "")), Wire.A);
        timers.advance(5000);
        assertEquals(0, layer.serverTransactionCount(), "ACKed, then timer I");
        assertEquals(1, transport.count());
    }

    @Test
    void theStoredRequestOutlivesTheCallersBuffer()
    {
        final byte[] bytes = Wire.invite("z9hG4bKs14").getBytes();
        final SipMessage m = new SipMessage();
        assertTrue(m.parse(new UnsafeBuffer(bytes), 0, bytes.length));
        layer.onMessage(m, new InetSocketAddress("127.0.0.1", 5062));
        java.util.Arrays.fill(bytes, (byte)'x');
        assertEquals("z9hG4bKs14", st().request().topVia().branch().toString());
        assertTrue(st().respond(486, null, "b1"));
        assertTrue(transport.last().message().callId().contentEquals("call1@127.0.0.1"));
    }
}
