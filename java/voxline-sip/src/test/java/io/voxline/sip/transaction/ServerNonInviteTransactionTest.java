package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMethod;

class ServerNonInviteTransactionTest
{
    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(new SplittableRandom(4)));

    private void receive(final String text)
    {
        layer.onMessage(Wire.parse(text), Wire.A);
    }

    private static String bye(final String branch)
    {
        return Wire.request("BYE", "sip:201@127.0.0.2:5064", branch, 2);
    }

    @Test
    void retransmissionsGetTheLastResponseUntilTimerJ()
    {
        receive(bye("z9hG4bKn1"));
        receive(bye("z9hG4bKn1"));
        assertEquals(1, user.requests.size());
        assertEquals(0, transport.count(), "Trying: a retransmission is absorbed silently");
        final ServerTransaction st = user.lastRequest().st;
        assertEquals(SipMethod.BYE, st.method());
        timers.advance(300);
        assertEquals(0, transport.count(), "no 100 for non-INVITE");

        assertTrue(st.respond(200, null, null));
        assertFalse(st.respond(200, null, null));
        receive(bye("z9hG4bKn1"));
        receive(bye("z9hG4bKn1"));
        assertEquals(3, transport.count());
        assertArrayEquals(transport.get(0).bytes, transport.get(2).bytes);
        assertEquals(1, user.requests.size());

        timers.advance(31_999);
        assertFalse(st.isTerminated());
        timers.advance(1);
        assertTrue(st.isTerminated(), "timer J = 64*T1");
        assertEquals(0, layer.serverTransactionCount());
        receive(bye("z9hG4bKn1"));
        assertEquals(2, user.requests.size(), "after J the same request is new");
    }

    @Test
    void aLingeringTransactionKeepsItsBytesNotItsParseAndStillAnswersRetransmissions()
    {
        // thousands linger for timer J under load: each keeps a few hundred bytes, not a parsed message
        receive(bye("z9hG4bKn9"));
        final ServerTransaction st = user.lastRequest().st;
        assertTrue(((Transaction)st).holdsParsed());
        st.respond(200, null, "t9");
        assertFalse(((Transaction)st).holdsParsed(), "Completed lets the parse go");
        receive(bye("z9hG4bKn9"));
        assertEquals(2, transport.count(), "the retransmission is answered from the stored response");
        assertEquals(200, transport.last().message().statusCode());
        assertEquals(SipMethod.BYE, st.request().method(), "asked again, it is parsed again from the bytes");
        assertEquals("z9hG4bKn9", st.request().topVia().branch().toString());
    }

    @Test
    void proceedingRepeatsTheLastProvisional()
    {
        receive(Wire.request("OPTIONS", "sip:127.0.0.2:5064", "z9hG4bKn2", 7));
        final ServerTransaction st = user.lastRequest().st;
        st.respond(100, null, null);
        receive(Wire.request("OPTIONS", "sip:127.0.0.2:5064", "z9hG4bKn2", 7));
        assertEquals(2, transport.count());
        assertEquals(100, transport.last().message().statusCode());
        st.respond(200, null, "b2");
        assertEquals(200, transport.last().message().statusCode());
        assertEquals("b2", transport.last().message().toTag().toString());
    }

    @Test
    void aTuThatNeverAnswersDoesNotLeakTheTransaction()
    {
        receive(bye("z9hG4bKn3"));
        timers.advance(64_000);
        assertEquals(0, layer.serverTransactionCount());
        assertEquals(1, layer.counters().abandonedServerTransactions());
        assertTrue(user.lastRequest().st.isTerminated());
    }

    @Test
    void anExtensionMethodGetsItsOwnTransaction()
    {
        receive(Wire.request("FOO", "sip:127.0.0.2:5064", "z9hG4bKn4", 3));
        receive(Wire.request("BAR", "sip:127.0.0.2:5064", "z9hG4bKn4", 3));
        receive(Wire.request("FOO", "sip:127.0.0.2:5064", "z9hG4bKn4", 3));
        assertEquals(2, user.requests.size());
        assertEquals(SipMethod.UNKNOWN, user.requests.get(0).st.method());
        assertTrue(user.requests.get(0).st.respond(501, null, "b"));
        assertEquals("FOO", transport.last().message().cseqMethodName().toString());
    }

    @Test
    void theReliableTransportEndsTheTransactionWithTheFinalResponse()
    {
        final RecordingTransport tcp = new RecordingTransport(Wire.B, timers, "TCP");
        final TransactionLayer reliable = new TransactionLayer(tcp, timers, Wire.CONFIG, user);
        reliable.onMessage(Wire.parse(bye("z9hG4bKn5")), Wire.A);
        user.lastRequest().st.respond(200, null, null);
        assertTrue(user.lastRequest().st.isTerminated());
        assertEquals(0, reliable.serverTransactionCount());
    }
}
