package io.voxline.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * After warm-up, a TCP request in (read, framed, handed to the sink) and a response out (queued by the owner,
 * written by the I/O side) allocate nothing. Owner and I/O side are stepped on this one thread (invoker mode), so
 * the JVM's per-thread allocation counter sees both; not timed.
 */
class StreamAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int ROUNDS = 5_000;
    private static final int MAX_WINDOWS = 10;
    private static final String REQUEST = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKa\r\n" +
        "Call-ID: alloc\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    private static final String RESPONSE = "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bKa\r\n" +
        "Call-ID: alloc\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    private final ArrayDeque<Runnable> ownerTasks = new ArrayDeque<>();
    private final UnsafeBuffer response = new UnsafeBuffer(RESPONSE.getBytes(StandardCharsets.US_ASCII));
    private long messages;
    private long bytes;
    private InetSocketAddress lastRemote;

    private final StreamSink sink = new StreamSink()
    {
        @Override
        public void onMessage(
            final int transportIndex, final long connectionId, final InetSocketAddress remote, final DirectBuffer buffer,
            final int offset, final int length)
        {
            messages++;
            bytes += length + buffer.getByte(offset);
            lastRemote = remote;
        }

        @Override
        public void execute(final Runnable task)
        {
            ownerTasks.add(task);
        }
    };

    @Test
    void aRequestInAndAResponseOutAllocateNothing() throws Exception
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        final long thread = Thread.currentThread().getId();

        final CachedEpochClock clock = new CachedEpochClock();
        try (StreamIo io = new StreamIo(sink, clock);
            TcpTransport server = TcpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel client = SocketChannel.open())
        {
            io.add(server, 0);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            client.connect(server.localAddress());
            client.configureBlocking(false);
            final ByteBuffer request = ByteBuffer.allocateDirect(REQUEST.length());
            request.put(REQUEST.getBytes(StandardCharsets.US_ASCII)).flip();
            final ByteBuffer answer = ByteBuffer.allocateDirect(RESPONSE.length());

            for (int i = 0; i < WARM_UP; i++)
            {
                round(io, server, client, request, answer);
            }
            // a slow, busy machine may still be compiling after warm-up (interpreted code allocates what C2's
            // escape analysis removes): measure windows until one is clean, each bounded far below one per round
            final StringBuilder windows = new StringBuilder();
            long allocated = Long.MAX_VALUE;
            for (int window = 0; window < MAX_WINDOWS && allocated != 0; window++)
            {
                final long before = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < ROUNDS; i++)
                {
                    round(io, server, client, request, answer);
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
                windows.append(' ').append(allocated);
                assertTrue(allocated < ROUNDS, "at most JIT noise in a window, windows:" + windows);
            }
            assertTrue(messages >= WARM_UP + ROUNDS, "every round delivered its request: " + messages);
            assertEquals(RESPONSE.length(), answer.position(), "and read its response");
            assertEquals(0, allocated, "bytes allocated over " + ROUNDS + " request/response rounds, windows:" + windows);
            assertEquals(1, server.accepted());
        }
    }

    private void round(
        final StreamIo io, final TcpTransport server, final SocketChannel client, final ByteBuffer request, final ByteBuffer answer)
        throws IOException
    {
        request.rewind();
        while (request.hasRemaining())
        {
            client.write(request);
        }
        final long want = messages + 1;
        while (messages < want)
        {
            io.doWork(1);
            runOwnerTasks();
        }
        runOwnerTasks();
        if (!server.send(response, 0, RESPONSE.length(), lastRemote))
        {
            throw new AssertionError("send refused");
        }
        answer.clear();
        while (answer.hasRemaining())
        {
            io.doWork(0);
            client.read(answer);
        }
    }

    private void runOwnerTasks()
    {
        Runnable task;
        while ((task = ownerTasks.poll()) != null)
        {
            task.run();
        }
    }
}
