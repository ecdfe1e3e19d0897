package io.voxline.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.util.Locale;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Reads a latency log written by the reactor's LatencyProbe (-Dvoxline.latency.log=FILE: one interval
 * histogram a second, nanoseconds) and prints p50/p99/p99.9/max per time window, one line each.
 * usage: LatencyReport FILE LABEL:START_MS:END_MS... (epoch milliseconds; an interval belongs to the window its
 * middle falls in). Used by tests/bench/proxy-latency.sh.
 */
public final class LatencyReport
{
    private LatencyReport()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length < 2)
        {
            System.err.println("usage: LatencyReport FILE LABEL:START_MS:END_MS...");
            System.exit(2);
        }
        final int windows = args.length - 1;
        final String[] labels = new String[windows];
        final long[] starts = new long[windows];
        final long[] ends = new long[windows];
        final Histogram[] sums = new Histogram[windows];
        for (int w = 0; w < windows; w++)
        {
            final String[] parts = args[w + 1].split(":");
            labels[w] = parts[0];
            starts[w] = Long.parseLong(parts[1]);
            ends[w] = Long.parseLong(parts[2]);
            sums[w] = new Histogram(3);
        }
        try (FileInputStream in = new FileInputStream(args[0]))
        {
            final HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null)
            {
                final long middle = (h.getStartTimeStamp() + h.getEndTimeStamp()) / 2;
                for (int w = 0; w < windows; w++)
                {
                    if (middle >= starts[w] && middle < ends[w])
                    {
                        sums[w].add((Histogram)h);
                    }
                }
            }
        }
        for (int w = 0; w < windows; w++)
        {
            final Histogram s = sums[w];
            System.out.println(String.format(Locale.ROOT,
                "%s: %d sends, datagram in -> out p50 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us",
                labels[w], s.getTotalCount(), us(s.getValueAtPercentile(50)), us(s.getValueAtPercentile(99)),
                us(s.getValueAtPercentile(99.9)), us(s.getMaxValue())));
        }
    }

    private static double us(final long nanos)
    {
        return nanos / 1000.0;
    }
}
