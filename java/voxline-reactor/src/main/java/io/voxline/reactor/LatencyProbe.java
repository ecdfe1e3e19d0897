package io.voxline.reactor;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.DirectBuffer;

import io.voxline.sip.transport.PacketTap;

/**
 * Opt-in measurement of datagram in to datagram out inside one element (a benchmark hook, off by default). The
 * datagram receiver stamps each datagram with System.nanoTime() right after reading it, the reactor marks the
 * datagram it is handling, and every message a transport sends while it is handled (this tap, called just before
 * the send) records now - stamp in nanoseconds. Sends not caused by a datagram (timers) are not recorded.
 * Recording allocates nothing; an interval histogram is appended to the log (HdrHistogram's log format) every
 * second by a daemon thread and once more at {@link #close()}.
 */
public final class LatencyProbe implements PacketTap, AutoCloseable
{
    /** -Dvoxline.latency.log=FILE turns the probe on for elements that ask {@link #fromSystemProperty()}. */
    public static final String PROPERTY = "voxline.latency.log";
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_NANOS, 3);
    private final PrintStream out;
    private final HistogramLogWriter log;
    private final Thread writer;
    private Histogram interval;
    private volatile Thread owner;
    private long stampNanos;
    private volatile boolean closed;

    private LatencyProbe(final Path file, final long intervalMs)
    {
        try
        {
            out = new PrintStream(file.toFile(), StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write the latency log " + file, ex);
        }
        log = new HistogramLogWriter(out);
        log.outputComment("voxline datagram in -> datagram out, nanoseconds");
        log.outputLogFormatVersion();
        final long now = System.currentTimeMillis();
        log.outputStartTime(now);
        log.setBaseTime(0);
        log.outputLegend();
        writer = new Thread(() -> writeEvery(intervalMs), "latency-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** A probe logging to file, one interval histogram per intervalMs. */
    public static LatencyProbe open(final Path file, final long intervalMs)
    {
        return new LatencyProbe(file, intervalMs);
    }

    /** A probe logging to the file -Dvoxline.latency.log names (one interval a second), or null when it is not set. */
    public static LatencyProbe fromSystemProperty()
    {
        final String file = System.getProperty(PROPERTY);
        return file == null || file.isBlank() ? null : open(Path.of(file), 1000);
    }

    /** Reactor thread: a datagram stamped at stampNanos (0: not stamped) is being handled. */
    void begin(final long stampNanos)
    {
        if (owner == null)
        {
            owner = Thread.currentThread();
        }
        this.stampNanos = stampNanos;
    }

    /** Reactor thread: the datagram has been handled. */
    void end()
    {
        stampNanos = 0;
    }

    @Override
    public void onPacket(
        final InetSocketAddress source, final InetSocketAddress destination, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final long stamp = stampNanos;
        // one writer: only sends on the reactor thread, while it handles a stamped datagram
        if (stamp != 0 && Thread.currentThread() == owner)
        {
            recorder.recordValue(Math.min(Math.max(System.nanoTime() - stamp, 1), HIGHEST_NANOS));
        }
    }

    /** Another tap called after this one (null: none); the pair is what a transport is given. */
    public PacketTap andThen(final PacketTap next)
    {
        if (next == null)
        {
            return this;
        }
        return (source, destination, buffer, offset, length) ->
        {
            onPacket(source, destination, buffer, offset, length);
            next.onPacket(source, destination, buffer, offset, length);
        };
    }

    private void writeEvery(final long intervalMs)
    {
        while (!closed)
        {
            try
            {
                Thread.sleep(intervalMs);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            writeInterval();
        }
    }

    private void writeInterval()
    {
        // the writer thread writes, then close() once that thread has ended; never the reactor thread
        if (out.checkError())
        {
            return;
        }
        interval = recorder.getIntervalHistogram(interval);
        log.outputIntervalHistogram(interval);
        out.flush();
    }

    /** Writes the last interval and closes the log (after the reactor has stopped). */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        writer.interrupt();
        try
        {
            writer.join(2000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        writeInterval();
        out.close();
    }
}
