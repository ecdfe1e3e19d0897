package io.voxline.sip.transport;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A stand-in for the reactor around stream transports: a StreamIo stepped by its own thread, an "owner" thread
 * (single-threaded executor) that receives messages and connection news in order and on which tests send, and a
 * stepped clock for the timeouts.
 */
final class StreamHarness implements StreamSink, AutoCloseable
{
    static final long WAIT_S = 10;

    record Received(int transportIndex, long connectionId, InetSocketAddress remote, String text)
    {
    }

    final CachedEpochClock clock = new CachedEpochClock();
    final StreamIo io;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final ExecutorService owner = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "owner");
        t.setDaemon(true);
        return t;
    });
    private final Thread ioThread;
    private volatile boolean running = true;
    private volatile Consumer<Received> responder;

    StreamHarness()
    {
        clock.update(1_000_000);
        io = new StreamIo(this, clock);
        ioThread = new Thread(() ->
        {
            while (running)
            {
                try
                {
                    io.doWork(20);
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException(ex);
                }
            }
        }, "stream-io");
        ioThread.setDaemon(true);
        ioThread.start();
    }

    <T extends StreamTransport> T add(final T transport, final int index)
    {
        io.add(transport, index);
        return transport;
    }

    /** Runs on the owner thread for every message, after it is recorded. */
    void responder(final Consumer<Received> responder)
    {
        this.responder = responder;
    }

    @Override
    public void onMessage(
        final int transportIndex, final long connectionId, final InetSocketAddress remote, final DirectBuffer buffer,
        final int offset, final int length)
    {
        final Received r = new Received(transportIndex, connectionId, remote, buffer.getStringWithoutLengthAscii(offset, length));
        owner.execute(() ->
        {
            received.add(r);
            final Consumer<Received> c = responder;
            if (c != null)
            {
                c.accept(r);
            }
        });
    }

    @Override
    public void execute(final Runnable task)
    {
        owner.execute(task);
    }

    <T> T onOwner(final Callable<T> task)
    {
        try
        {
            return owner.submit(task).get(WAIT_S, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    boolean send(final StreamTransport t, final String text, final InetSocketAddress to)
    {
        return onOwner(() -> t.send(buffer(text), 0, text.length(), to));
    }

    static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Received take()
    {
        try
        {
            final Received r = received.poll(WAIT_S, TimeUnit.SECONDS);
            assertNotNull(r, "a message arrives");
            return r;
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Steps the clock and lets the I/O thread see it (its sweep runs on its next turn). */
    void advance(final long ms)
    {
        clock.advance(ms);
        io.wakeup();
    }

    /** Waits (polling) until the condition holds: for state another thread reaches. */
    static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** Reads one SIP message (by its Content-Length) from a blocking stream; null at end of stream. */
    static String readMessage(final InputStream in) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0)
        {
            sb.append((char)c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n"))
            {
                break;
            }
        }
        if (c < 0)
        {
            return sb.length() == 0 ? null : sb.toString();
        }
        final String head = sb.toString();
        int length = 0;
        for (final String line : head.split("\r\n"))
        {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15))
            {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++)
        {
            final int b = in.read();
            if (b < 0)
            {
                break;
            }
            sb.append((char)b);
        }
        return sb.toString();
    }

    @Override
    public void close()
    {
        running = false;
        io.wakeup();
        try
        {
            ioThread.join(5000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        io.close();
        owner.shutdownNow();
    }
}
