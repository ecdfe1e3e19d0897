package io.voxline.system.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.SipTransport;

/** The in-memory network on its own: order, latency, delay, drop once, drop all, nowhere to go. */
class SimNetworkTest
{
    private static final InetSocketAddress X = new InetSocketAddress("127.0.9.1", 5060);
    private static final InetSocketAddress Y = new InetSocketAddress("127.0.9.2", 5060);
    private static final InetSocketAddress NOBODY = new InetSocketAddress("127.0.9.3", 5060);

    private final long[] now = {100};
    private final SimNetwork net = new SimNetwork(() -> now[0]);
    private final List<String> atY = new ArrayList<>();
    private final SipTransport x = net.attach("x", X, (b, o, l, s) -> { });
    private final SipTransport y = net.attach("y", Y, (b, o, l, s) -> atY.add(net.nameOf(s) + " " + b.getStringWithoutLengthAscii(o, l)));

    private static String options(final int cseq)
    {
        return "OPTIONS sip:y SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.9.1:5060;branch=z9hG4bK" + cseq + "\r\nFrom: <sip:x>;tag=1\r\n" +
            "To: <sip:y>\r\nCall-ID: c\r\nCSeq: " + cseq + " OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    private void send(final SipTransport from, final String text, final InetSocketAddress to)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        from.send(new UnsafeBuffer(bytes), 0, bytes.length, to);
    }

    private List<String> cseqsAtY()
    {
        return atY.stream().map(s -> s.substring(s.indexOf("CSeq: ") + 6, s.indexOf(" OPTIONS\r\nMax"))).toList();
    }

    @Test
    void deliversInOrderOfSendingWhenDueAndLabelsBySender()
    {
        send(x, options(1), Y);
        send(x, options(2), Y);
        assertEquals(2, net.deliverDue());
        assertEquals(List.of("1", "2"), cseqsAtY());
        assertEquals("x", atY.get(0).substring(0, 1));
        assertEquals("OPTIONS x -> y", net.sent().get(0).label());
        assertEquals("OPTIONS sip:y SIP/2.0", net.sent().get(0).firstLine());
        assertEquals(Datagram.Fate.DELIVERED, net.sent().get(1).fate());
        assertEquals(100, net.sent().get(1).deliveredAtMs());
    }

    @Test
    void latencyAndDelayHoldDatagramsBackAndReorderThem()
    {
        net.latency(5);
        net.delay(d -> d.text().contains("CSeq: 1 "), 20);
        send(x, options(1), Y);
        send(x, options(2), Y);
        assertEquals(0, net.deliverDue());
        now[0] += 5;
        assertEquals(1, net.deliverDue());
        now[0] += 20;
        assertEquals(1, net.deliverDue());
        assertEquals(List.of("2", "1"), cseqsAtY());
        assertEquals(0, net.inFlight());
    }

    @Test
    void dropOnceDropsTheNthMatchOnlyAndDropAllDropsEvery()
    {
        final SimNetwork.Dropped dropped = net.dropOnce(d -> d.isRequest("OPTIONS"), 2);
        send(x, options(1), Y);
        assertNull(dropped.datagram());
        send(x, options(2), Y);
        send(x, options(3), Y);
        net.deliverDue();
        assertEquals(List.of("1", "3"), cseqsAtY());
        assertSame(net.sent().get(1), dropped.datagram());
        assertEquals(List.of(dropped.datagram()), net.withFate(Datagram.Fate.DROPPED));

        net.dropAll(d -> d.toName().equals("y"));
        send(x, options(4), Y);
        send(x, options(5), Y);
        net.deliverDue();
        assertEquals(3, net.withFate(Datagram.Fate.DROPPED).size());
    }

    @Test
    void aDatagramToNobodyIsUndeliverable()
    {
        send(y, options(1), NOBODY);
        net.deliverDue();
        assertEquals(Datagram.Fate.UNDELIVERABLE, net.sent().get(0).fate());
        assertEquals("OPTIONS y -> 127.0.9.3:5060", net.sent().get(0).label());
    }
}
