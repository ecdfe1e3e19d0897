package io.voxline.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.sip.transport.UdpTransport;

class LatencyProbeTest
{
    @TempDir
    Path dir;

    @Test
    void aSendWhileADatagramIsHandledIsRecordedAndATimerSendIsNot() throws Exception
    {
        final Path file = dir.resolve("latency.hlog");
        final CountDownLatch echoed = new CountDownLatch(1);
        final CountDownLatch commanded = new CountDownLatch(1);
        final UdpTransport[] transport = new UdpTransport[1];
        final ReactorHandler echo = new ReactorHandler()
        {
            @Override
            public void onDatagram(final ReactorEvent ev)
            {
                transport[0].send(ev.buffer, 0, ev.length, ev.source);
                echoed.countDown();
            }
        };
        final LatencyProbe probe = LatencyProbe.open(file, 50);
        try (UdpTransport udp = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
            Reactor reactor = new Reactor("probe", echo);
            DatagramChannel client = DatagramChannel.open())
        {
            transport[0] = udp;
            udp.tap(probe);
            reactor.addDatagramChannel(udp.channel(), 0);
            reactor.latencyProbe(probe);
            reactor.start();
            client.bind(new InetSocketAddress("127.0.0.1", 0));
            client.send(ByteBuffer.wrap("OPTIONS".getBytes(StandardCharsets.US_ASCII)), udp.localAddress());
            assertTrue(echoed.await(5, TimeUnit.SECONDS), "the datagram reaches the reactor");
            // a send not caused by a datagram (as a timer's retransmission) is not a datagram-in to datagram-out
            reactor.execute(() ->
            {
                udp.send(new UnsafeBuffer("x".getBytes(StandardCharsets.US_ASCII)), 0, 1,
                    (InetSocketAddress)client.socket().getLocalSocketAddress());
                commanded.countDown();
            });
            assertTrue(commanded.await(5, TimeUnit.SECONDS));
        }
        probe.close();

        final Histogram total = new Histogram(3);
        final HistogramLogReader reader = new HistogramLogReader(new FileInputStream(file.toFile()));
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null)
        {
            total.add((Histogram)h);
        }
        reader.close();
        assertEquals(1, total.getTotalCount(), "only the echo is recorded");
        assertTrue(total.getMaxValue() > 0 && total.getMaxValue() < TimeUnit.SECONDS.toNanos(5), "in ns: " + total.getMaxValue());
    }

    @Test
    void recordingAllocatesNothing() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        final InetSocketAddress to = new InetSocketAddress("127.0.0.1", 9);
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[16]);
        try (LatencyProbe probe = LatencyProbe.open(dir.resolve("alloc.hlog"), 3_600_000))
        {
            long before = 0;
            for (int round = 0; round < 2; round++)
            {
                before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                for (int i = 0; i < 200_000; i++)
                {
                    probe.begin(System.nanoTime() - (i & 1023) * 1000L);
                    probe.onPacket(to, to, bytes, 0, 16);
                    probe.end();
                }
            }
            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            // far below one allocation per record: JIT noise may show a few bytes, a per-record object would show 3 MB
            assertTrue(allocated < 4096, "allocated " + allocated + " bytes over 200000 records");
        }
    }
}
