package io.voxline.gateway;

import static io.voxline.gateway.CoreRig.PROXY;
import static io.voxline.gateway.CoreRig.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;

/** Registration timing and back-off, and what the core does with bad datagrams. */
class GatewayCoreRegistrationTest
{
    private final CoreRig rig = new CoreRig();

    @AfterEach
    void nothingThrown()
    {
        assertEquals(0, rig.core.errorCount());
    }

    private List<Sent> registers(final String user)
    {
        return rig.transport.requests("REGISTER").stream().filter(s -> s.header("To").contains("sip:" + user + "@")).toList();
    }

    @Test
    void everyLineRegistersAtStart()
    {
        rig.core.onStart();
        final Sent reg = registers("101").get(0);
        assertEquals(PROXY, reg.destination());
        assertEquals("sip:a.test", reg.message().requestUri().toString());
        assertEquals("<sip:101@a.test>", reg.header("To"));
        assertTrue(reg.header("From").startsWith("<sip:101@a.test>;tag="));
        assertEquals("<sip:101@127.0.0.1:5062>", reg.header("Contact"));
        assertEquals("3600", reg.header("Expires"));
        assertEquals("1 REGISTER", reg.header("CSeq"));
        assertEquals(1, registers("102").size());
        assertFalse(rig.core.isRegistered(1));
    }

    @Test
    void theGrantedExpiryDecidesTheRefresh()
    {
        rig.core.onStart();
        final Sent first = registers("101").get(0);
        rig.deliver(response(first, 200, "OK", "r1", null, "Contact: <sip:101@127.0.0.1:5062>;expires=120"), PROXY);
        assertTrue(rig.core.isRegistered(1));
        assertFalse(rig.core.isRegistered(2));
        // refresh at 120 - max(5, 12) = 108 s
        rig.advance(107_999);
        assertEquals(1, registers("101").size());
        rig.advance(1);
        final List<Sent> regs = registers("101");
        assertEquals(2, regs.size());
        assertEquals("2 REGISTER", regs.get(1).header("CSeq"));
        assertEquals(first.header("Call-ID"), regs.get(1).header("Call-ID"), "one Call-ID per registration");
        assertTrue(rig.core.isRegistered(1), "still bound while the refresh is out");

        // an Expires header is used when the Contact says nothing
        rig.deliver(response(regs.get(1), 200, "OK", "r2", null, "Contact: <sip:101@127.0.0.1:5062>", "Expires: 60"), PROXY);
        rig.advance(53_999);
        assertEquals(2, registers("101").size());
        rig.advance(1);
        assertEquals(3, registers("101").size());
    }

    @Test
    void failuresBackOffExponentiallyToAMinute()
    {
        rig.core.onStart();
        final List<Long> gaps = new ArrayList<>();
        long last = rig.timers.time();
        for (int attempt = 0; attempt < 9; attempt++)
        {
            final List<Sent> regs = registers("101");
            rig.deliver(response(regs.get(regs.size() - 1), 503, "Service Unavailable", "r", null), PROXY);
            final int before = regs.size();
            long waited = 0;
            while (registers("101").size() == before && waited < 120_000)
            {
                rig.advance(100);
                waited += 100;
            }
            gaps.add(rig.timers.time() - last);
            last = rig.timers.time();
            assertFalse(rig.core.isRegistered(1));
        }
        final long[] nominal = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000};
        for (int i = 0; i < nominal.length; i++)
        {
            // each within ±10 % jitter (and the 100 ms steps of this loop)
            assertTrue(gaps.get(i) >= nominal[i] * 0.9 && gaps.get(i) <= nominal[i] * 1.1 + 100, gaps.toString());
        }
        // a success resets it
        final List<Sent> regs = registers("101");
        rig.deliver(response(regs.get(regs.size() - 1), 200, "OK", "r", null, "Expires: 3600"), PROXY);
        assertTrue(rig.core.isRegistered(1));
    }

    @Test
    void aRegistrarThatNeverAnswersIsRetriedAfterTimerFAndABackOff()
    {
        rig.core.onStart();
        rig.advance(32_000 - 1);
        final int sent = registers("101").size();
        assertTrue(sent > 1, "timer E retransmissions");
        rig.advance(1); // timer F: the transaction gives up
        rig.advance(899);
        assertEquals(sent, registers("101").size());
        rig.advance(202);
        assertEquals(sent + 1, registers("101").size(), "then the first back-off of 1 s (± 10 %)");
        assertEquals("2 REGISTER", registers("101").get(sent).header("CSeq"));
    }

    @Test
    void intervalTooBriefIsRetriedAtOnceWithMinExpires()
    {
        rig.core.onStart();
        rig.deliver(response(registers("101").get(0), 423, "Interval Too Brief", "r", null, "Min-Expires: 7200"), PROXY);
        final Sent again = registers("101").get(1);
        assertEquals("7200", again.header("Expires"));
    }

    @Test
    void aMalformedDatagramGets400AndTheCoreKeepsWorking()
    {
        // a Max-Forwards over 255: everything needed to answer is there
        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-bad;rport",
            "Max-Forwards: 999",
            "From: <sip:x@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: bad@127.0.0.1",
            "CSeq: 1 OPTIONS"), null), CoreRig.PEER);
        final Sent bad = rig.transport.responses(400, "OPTIONS").get(0);
        assertEquals(CoreRig.PEER, bad.destination());
        assertEquals(1, rig.core.parseErrorCount());
        // a version we do not speak: 505
        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/3.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-v3",
            "From: <sip:x@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: v3@127.0.0.1",
            "CSeq: 1 OPTIONS"), null), CoreRig.PEER);
        assertEquals(1, rig.transport.responses(505, "OPTIONS").size());
        // noise, an empty datagram, a response to nothing, a cut datagram: dropped without a word
        final int sent = rig.transport.sent.size();
        rig.deliver("\u0000\u0001garbage\r\n\r\n", CoreRig.PEER);
        rig.deliver("", CoreRig.PEER);
        rig.deliver("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKnothing\r\nFrom: <sip:a@b>;tag=1\r\n" +
            "To: <sip:c@d>;tag=2\r\nCall-ID: n@1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", CoreRig.PEER);
        final byte[] big = CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-cut",
            "From: <sip:x@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: cut@127.0.0.1",
            "CSeq: 1 OPTIONS"), null).getBytes(StandardCharsets.UTF_8);
        rig.core.onDatagram(new UnsafeBuffer(big), 0, big.length, true, CoreRig.PEER);
        assertEquals(sent, rig.transport.sent.size());
        assertEquals(1, rig.core.truncatedCount());
        // and calls still work
        rig.hook(1, true);
        rig.dial(1, "201");
        assertEquals(LineState.CALLING, rig.state(1));
        assertEquals(1, rig.transport.requests("INVITE").size());
    }

    @Test
    void theParseErrorAnswerGoesWhereTheViaSaysLikeAnyResponse()
    {
        // no rport: RFC 3261 18.2.2 sends to the source address at the sent-by port, as the proxy does
        rig.deliver(CoreRig.sip("OPTIONS sip:127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bK-bad-port",
            "Max-Forwards: 999",
            "From: <sip:x@b.test>;tag=x",
            "To: <sip:127.0.0.1:5062>",
            "Call-ID: bad-port@127.0.0.1",
            "CSeq: 1 OPTIONS"), null), CoreRig.PEER);
        final Sent bad = rig.transport.responses(400, "OPTIONS").get(0);
        assertEquals(new InetSocketAddress("127.0.0.1", 5099), bad.destination());
    }

    @Test
    void boardEventsForUnconfiguredLinesOrUnknownCodesAreIgnored()
    {
        rig.core.onBoardEvent(0, 7, 0);
        rig.core.onBoardEvent(99, 0, 0);
        rig.core.onBoardEvent(-1, 0, 0);
        assertEquals(LineState.IDLE, rig.state(1));
        assertEquals(null, rig.core.describe(3));
    }
}
