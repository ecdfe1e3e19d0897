package io.voxline.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.StreamConfig;
import io.voxline.sip.transport.StreamTransport;
import io.voxline.sip.transport.TcpTransport;
import io.voxline.sip.transport.UdpTransport;

/** TCP messages through the ring: one reactor thread sees UDP and TCP alike and answers on the request's connection. */
class StreamReceiverTest
{
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private static String request(final String method, final String callId)
    {
        return method + " sip:bob@127.0.0.1 SIP/2.0\r\nCall-ID: " + callId + "\r\nContent-Length: 0\r\n\r\n";
    }

    private static String answer(final String callId)
    {
        return "SIP/2.0 200 OK\r\nCall-ID: " + callId + "\r\nContent-Length: 0\r\n\r\n";
    }

    private static String read(final InputStream in, final int length) throws IOException
    {
        final byte[] b = in.readNBytes(length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Records each message; answers stream requests on their connection, by source or (Call-ID "by-id") by id. */
    private static final class Echo implements ReactorHandler
    {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        StreamTransport tcp;

        @Override
        public void onDatagram(final ReactorEvent ev)
        {
            threads.add(Thread.currentThread());
            final String text = ev.buffer.getStringWithoutLengthAscii(0, ev.length);
            final String callId = text.substring(text.indexOf("Call-ID: ") + 9, text.indexOf("\r\n", text.indexOf("Call-ID: ")));
            seen.add(ev.transportIndex + "/" + ev.isStream() + "/" + (ev.connectionId > 0) + "/" + callId);
            if (ev.isStream())
            {
                final UnsafeBuffer out = new UnsafeBuffer(answer(callId).getBytes(StandardCharsets.ISO_8859_1));
                final boolean sent = callId.equals("by-id") ?
                    tcp.sendOn(ev.connectionId, out, 0, out.capacity()) : tcp.send(out, 0, out.capacity(), ev.source);
                seen.add("sent " + sent);
            }
        }
    }

    @Test
    void streamMessagesArriveAsDatagramEventsWithTheirConnectionAndAreAnsweredOnIt() throws Exception
    {
        final Echo echo = new Echo();
        try (UdpTransport udp = UdpTransport.bind(ANY_LOOPBACK);
            TcpTransport tcp = TcpTransport.bind(ANY_LOOPBACK);
            Reactor reactor = new Reactor("stream-test", echo);
            DatagramChannel udpClient = DatagramChannel.open();
            Socket client = new Socket())
        {
            echo.tcp = tcp;
            reactor.addDatagramChannel(udp.channel(), 0);
            reactor.addStreamTransport(tcp, 1);
            reactor.start();

            client.setSoTimeout(10_000);
            client.connect(tcp.localAddress());
            client.getOutputStream().write((request("OPTIONS", "one") + request("OPTIONS", "by-id")).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(answer("one") + answer("by-id"),
                read(client.getInputStream(), answer("one").length() + answer("by-id").length()));
            udpClient.send(ByteBuffer.wrap(request("OPTIONS", "udp").getBytes(StandardCharsets.ISO_8859_1)), udp.localAddress());

            assertEquals("1/true/true/one", echo.seen.poll(10, TimeUnit.SECONDS));
            assertEquals("sent true", echo.seen.poll(10, TimeUnit.SECONDS));
            assertEquals("1/true/true/by-id", echo.seen.poll(10, TimeUnit.SECONDS));
            assertEquals("sent true", echo.seen.poll(10, TimeUnit.SECONDS));
            assertEquals("0/false/false/udp", echo.seen.poll(10, TimeUnit.SECONDS));
            assertEquals(1, echo.threads.stream().distinct().count(), "one reactor thread for UDP and TCP");
            assertEquals(0, reactor.handlerErrors());
        }
    }

    @Test
    void closingTheReactorClosesItsConnections() throws Exception
    {
        final Echo echo = new Echo();
        final TcpTransport tcp = TcpTransport.bind(ANY_LOOPBACK);
        echo.tcp = tcp;
        final Reactor reactor = new Reactor("stream-close", echo);
        reactor.start();
        reactor.addStreamTransport(tcp, 0);
        try (Socket client = new Socket())
        {
            client.setSoTimeout(10_000);
            client.connect(tcp.localAddress());
            client.getOutputStream().write(request("OPTIONS", "c").getBytes(StandardCharsets.ISO_8859_1));
            assertNotNull(echo.seen.poll(10, TimeUnit.SECONDS), "added after start, it still serves");
            assertEquals(answer("c"), read(client.getInputStream(), answer("c").length()));
            reactor.close();
            tcp.close();
            assertEquals(-1, client.getInputStream().read(), "closed with the reactor");
        }
    }

    @Test
    void aTransportWhoseMessagesDoNotFitTheRingSlotsIsRefused()
    {
        try (TcpTransport big = TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxMessageBytes(16 * 1024));
            Reactor reactor = new Reactor("stream-big", new Echo(), SystemEpochClock.INSTANCE, new BlockingWaitStrategy(),
                64, 8192, 10))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> reactor.addStreamTransport(big, 0));
            assertTrue(ex.getMessage().contains("16384"), ex.getMessage());
        }
    }
}
