package io.voxline.bench;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.voxline.board.MediaStats;
import io.voxline.board.jna.NativeBoard;
import io.voxline.media.MediaConfig;
import io.voxline.media.MediaEngine;
import io.voxline.media.MediaEventSink;

/**
 * Benchmark 5a: RTP packets a second one media agent carries with no frame late, and what it allocates per packet.
 *
 * <p>One agent on its own thread with the router's idle strategy, as `voxline gateway` runs it, over a mock board on
 * its real clock whose lines talk in pairs over loopback RTP (line 2k calls line 2k+1, PCMU, every phone off-hook
 * speaking a tone). The step grows the lines (and at the board's 64 lines, shortens the packets to 10 ms) until
 * frames are late. Late is what the board counts: an earpiece frame the agent did not write before the board had to
 * play it (write underrun; the agent has half a frame of slack) or a mouthpiece frame it did not read before the
 * board's queue of 8 overflowed (read overrun); the jitter buffer's late packets are shown too. Counted after a
 * warm-up, over each step's measurement. Packets are those sent plus those received; allocation is the agent
 * thread's (ThreadMXBean), CPU the agent thread's share of one core.
 *
 * <p>usage: MediaAgentCapacity [SECONDS_PER_STEP (5)] [LINES@PTIME ...] (default 2@20 8@20 16@20 32@20 64@20 64@10)
 */
public final class MediaAgentCapacity
{
    private MediaAgentCapacity()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        final String[] steps = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) :
            new String[] {"2@20", "8@20", "16@20", "32@20", "64@20", "64@10"};
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        threads.setThreadCpuTimeEnabled(true);
        System.out.println("media-agent: " + Runtime.getRuntime().availableProcessors() + " cores, " + seconds + " s per step; " +
            "late = board write underruns + read overruns over the step (jitter-late packets beside)");
        System.out.printf(Locale.ROOT, "%6s %6s %10s %8s %8s %10s %10s %10s%n",
            "lines", "ptime", "packets/s", "late", "jit-late", "B/packet", "agent CPU", "us/packet");
        String lastClean = "none";
        for (final String step : steps)
        {
            final int at = step.indexOf('@');
            final int lines = Integer.parseInt(step.substring(0, at));
            final int ptime = Integer.parseInt(step.substring(at + 1));
            final Result r = run(lines, ptime, seconds, threads);
            System.out.printf(Locale.ROOT, "%6d %6d %10.0f %8d %8d %10.2f %9.1f%% %10.2f%n",
                lines, ptime, r.packetsPerSecond, r.lateFrames, r.jitterLate, r.bytesPerPacket, 100 * r.cpuShare, r.cpuMicrosPerPacket);
            if (r.lateFrames == 0)
            {
                lastClean = String.format(Locale.ROOT, "%.0f packets/s (%d lines, %d ms packets), %.2f B/packet, agent CPU %.1f%%",
                    r.packetsPerSecond, lines, ptime, r.bytesPerPacket, 100 * r.cpuShare);
            }
        }
        System.out.println("media-agent: last step with no frame late: " + lastClean);
    }

    record Result(double packetsPerSecond, long lateFrames, long jitterLate, double bytesPerPacket, double cpuShare,
        double cpuMicrosPerPacket)
    {
    }

    private static Result run(final int lines, final int ptime, final int seconds, final com.sun.management.ThreadMXBean threads)
        throws Exception
    {
        final InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        final Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        try (NativeBoard board = NativeBoard.open("mock:lines=" + lines + ",region=us");
            MediaEngine engine = MediaEngine.launch(board, MediaEventSink.NONE, new MediaConfig().localAddress(lo).rtpPorts("0")))
        {
            final Thread agent = agentThread(before);
            final int[] ports = new int[lines];
            for (int i = 0; i < lines; i++)
            {
                board.mockPhones().hook(i, true);
                board.mockPhones().speakTone(i, 400 + 25 * i);
                ports[i] = engine.control().openPort(i);
            }
            for (int i = 0; i < lines; i++)
            {
                final int peer = i ^ 1;
                if (!engine.control().start(i, new InetSocketAddress(lo, ports[peer < lines ? peer : i]), 0, 101, ptime))
                {
                    throw new IllegalStateException("line " + i + ": media did not start");
                }
            }
            Thread.sleep(2000); // warm-up: the JIT, the jitter buffers filled
            final Snapshot a = Snapshot.of(board, engine, lines, threads, agent);
            final long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            final Snapshot b = Snapshot.of(board, engine, lines, threads, agent);
            final double elapsed = (System.nanoTime() - t0) / 1e9;
            final long packets = b.packets - a.packets;
            if (packets == 0)
            {
                throw new IllegalStateException("no RTP flowed: " + engine.stats(0));
            }
            final double cpu = (b.cpuNanos - a.cpuNanos) / 1e9;
            return new Result(packets / elapsed, b.late - a.late, b.jitterLate - a.jitterLate,
                (double)(b.allocated - a.allocated) / packets, cpu / elapsed, cpu * 1e6 / packets);
        }
    }

    private static Thread agentThread(final Set<Thread> before) throws InterruptedException
    {
        for (int i = 0; i < 100; i++)
        {
            for (final Thread t : Thread.getAllStackTraces().keySet())
            {
                if (t.getName().equals("voxline-media") && !before.contains(t))
                {
                    return t;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no media agent thread");
    }

    record Snapshot(long packets, long late, long jitterLate, long allocated, long cpuNanos)
    {
        static Snapshot of(final NativeBoard board, final MediaEngine engine, final int lines,
            final com.sun.management.ThreadMXBean threads, final Thread agent)
        {
            // the agent's counters first, its thread's allocation and CPU at once after: the packets they cover
            long packets = 0;
            long jitterLate = 0;
            long late = 0;
            for (int i = 0; i < lines; i++)
            {
                final io.voxline.media.MediaStats s = engine.stats(i);
                packets += s.packetsSent() + s.packetsReceived();
                jitterLate += s.late();
                final MediaStats m = board.mediaStats(i);
                late += m.writeUnderruns() + m.readOverruns();
            }
            return new Snapshot(packets, late, jitterLate, threads.getThreadAllocatedBytes(agent.getId()),
                threads.getThreadCpuTime(agent.getId()));
        }
    }
}
