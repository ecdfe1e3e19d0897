package io.voxline.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.UdpTransport;

class ReactorTest
{
    @Test
    void datagramsBoardEventsAndCommandsReachTheOneReactorThread() throws Exception
    {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(3);
        final ReactorHandler handler = new ReactorHandler()
        {
            @Override
            public void onDatagram(final ReactorEvent ev)
            {
                threads.add(Thread.currentThread());
                seen.add("udp:" + ev.buffer.getStringWithoutLengthAscii(0, ev.length) + " from " + ev.source.getPort());
                done.countDown();
            }

            @Override
            public void onBoardEvent(final ReactorEvent ev)
            {
                threads.add(Thread.currentThread());
                seen.add("board:" + ev.code + "/" + ev.line);
                done.countDown();
            }
        };

        try (UdpTransport transport = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
            Reactor reactor = new Reactor("test", handler);
            DatagramChannel client = DatagramChannel.open())
        {
            reactor.addDatagramChannel(transport.channel(), 0);
            reactor.start();
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            client.send(ByteBuffer.wrap("OPTIONS".getBytes(StandardCharsets.US_ASCII)), transport.localAddress());
            reactor.publish(ReactorEvent.BOARD, 3, 1, 0, 0, 0);
            reactor.execute(() ->
            {
                threads.add(Thread.currentThread());
                seen.add("command");
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS), "all three events arrive: " + seen);
            assertTrue(seen.contains("udp:OPTIONS from " + ((InetSocketAddress)client.getLocalAddress()).getPort()));
            assertTrue(seen.contains("board:3/1"));
            assertEquals(1, threads.stream().distinct().count(), "one thread handles everything");
        }
    }

    @Test
    void anExceptionInTheHandlerDoesNotStopTheReactor() throws Exception
    {
        final CountDownLatch after = new CountDownLatch(1);
        final ReactorHandler handler = new ReactorHandler()
        {
            @Override
            public void onCommand(final Object command)
            {
                if ("boom".equals(command))
                {
                    throw new IllegalStateException("boom");
                }
                after.countDown();
            }
        };
        try (Reactor reactor = new Reactor("test", handler))
        {
            reactor.start();
            reactor.publishCommand("boom");
            reactor.publishCommand("after");
            assertTrue(after.await(5, TimeUnit.SECONDS));
            assertEquals(1, reactor.handlerErrors());
        }
    }
}
