package io.voxline.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.DoubleStream;

import io.voxline.board.jna.NativeBoard;
import io.voxline.media.MediaConfig;
import io.voxline.media.MediaEngine;
import io.voxline.media.MediaEventSink;

/**
 * Benchmark 5b: mouth-to-ear delay between two gateways on loopback at 20 ms packets, measured with the emulated
 * phones.
 *
 * <p>Each gateway's media half as `voxline gateway` builds it: a mock board and a media agent on its own thread with
 * the gateway's MediaConfig (defaults: jitter buffer 8 frames, playout delay 2), RTP over loopback between them,
 * PCMU. The two boards run on clock=manual and this thread is their clock: every 10 ms of real time (sleeping to
 * absolute deadlines) it moves both on by one 10 ms tick, so both share one board time and every earpiece sample has a
 * known time. Phone A speaks a 1 kHz burst starting at a tick (its first sample is the mouth time); after each tick
 * the harness reads the 80 samples phone B's earpiece just carried and takes the first one louder than a tenth of the
 * burst's peak as the ear time. Resolution: one sample (0.125 ms) of board time; the boards' 10 ms ticks, the frames,
 * the jitter buffer and the agents' real scheduling are all inside the figure.
 *
 * <p>Two gateways' frame clocks are not in step: half the bursts run with both boards' frames aligned, half with B's
 * half a 20 ms frame (one tick) after A's; bursts start on either half of A's frames.
 *
 * <p>usage: MouthToEar [BURSTS (20)] [PTIME_MS (20)] [JITTER_DELAY_FRAMES (MediaConfig's default)]
 */
public final class MouthToEar
{
    private static final int TICK_MS = 10;
    private static final int SAMPLES_PER_MS = 8;
    /** From one burst's start to the next: an odd number of ticks, so bursts start on both halves of a 20 ms frame. */
    private static final int PERIOD_MS = 1010;
    private static final int TIMEOUT_MS = 500;
    /** A tenth of the burst's peak (-10 dBm0 spoken: about 7000) and far above G.711's silence (0 to 8). */
    private static final int THRESHOLD = 500;

    private MouthToEar()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final int bursts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        final int ptime = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        final int jitterDelay = args.length > 2 ? Integer.parseInt(args[2]) : new MediaConfig().jitterDelayFrames();
        final double[] aligned = measure((bursts + 1) / 2, ptime, jitterDelay, false);
        final double[] offset = measure(bursts / 2, ptime, jitterDelay, true);
        final double[] all = DoubleStream.concat(Arrays.stream(aligned), Arrays.stream(offset)).sorted().toArray();
        System.out.println("mouth-to-ear: " + Runtime.getRuntime().availableProcessors() + " cores, " + ptime +
            " ms packets, PCMU, jitter buffer " + new MediaConfig().jitterCapacity() + " frames, playout delay " + jitterDelay +
            " frames; resolution 0.125 ms of board time (10 ms board ticks)");
        report("frames aligned", aligned);
        report("B half a frame later", offset);
        report("all", all);
        if (all.length < bursts)
        {
            System.exit(1);
        }
    }

    private static void report(final String what, final double[] delays)
    {
        final double[] d = delays.clone();
        Arrays.sort(d);
        if (d.length == 0)
        {
            System.out.println("mouth-to-ear " + what + ": nothing heard");
            return;
        }
        System.out.printf(Locale.ROOT, "mouth-to-ear %s: %d bursts, median %.1f ms, p95 %.1f ms (min %.1f, max %.1f)%n",
            what, d.length, percentile(d, 50), percentile(d, 95), d[0], d[d.length - 1]);
    }

    /** The delays of the bursts B heard (a burst not heard within 500 ms is left out and said). */
    private static double[] measure(final int bursts, final int ptime, final int jitterDelay, final boolean offsetB)
        throws Exception
    {
        final InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        final MediaConfig config = new MediaConfig().localAddress(lo).rtpPorts("0")
            .jitter(new MediaConfig().jitterCapacity(), jitterDelay);
        try (NativeBoard boardA = NativeBoard.open("mock:lines=1,region=us,clock=manual");
            NativeBoard boardB = NativeBoard.open("mock:lines=1,region=us,clock=manual");
            MediaEngine a = MediaEngine.launch(boardA, MediaEventSink.NONE, config);
            MediaEngine b = MediaEngine.launch(boardB, MediaEventSink.NONE, config))
        {
            boardA.mockPhones().hook(0, true);
            boardB.mockPhones().hook(0, true);
            final int portA = a.control().openPort(0);
            final int portB = b.control().openPort(0);
            b.control().start(0, new InetSocketAddress(lo, portA), 0, 101, ptime);
            long nowMs = 0; // board time: both boards, the start of the next tick
            if (offsetB)
            {
                Thread.sleep(200); // B's agent has started the board's media: its frames count from board time 0
                boardA.nativeMockPhones().advance(TICK_MS);
                boardB.nativeMockPhones().advance(TICK_MS);
                nowMs += TICK_MS;
            }
            a.control().start(0, new InetSocketAddress(lo, portB), 0, 101, ptime);
            Thread.sleep(200); // both started before time moves: A's frames count from nowMs

            final short[] ear = new short[TICK_MS * SAMPLES_PER_MS];
            final double[] delays = new double[bursts];
            long deadline = System.nanoTime();
            int done = 0;
            int missed = 0;
            long mouthAt = -1;
            long nextBurst = nowMs + 1000; // let the media settle first
            while (done + missed < bursts)
            {
                if (mouthAt < 0 && nowMs >= nextBurst)
                {
                    boardA.mockPhones().speakTone(0, 1000); // sounds from the first sample of the next tick
                    mouthAt = nowMs;
                    nextBurst = mouthAt + PERIOD_MS;
                }
                deadline += TICK_MS * 1_000_000L;
                LockSupport.parkNanos(deadline - System.nanoTime());
                boardA.nativeMockPhones().advance(TICK_MS);
                boardB.nativeMockPhones().advance(TICK_MS);
                nowMs += TICK_MS;
                final int n = boardB.mockPhones().listen(0, ear); // the tick just played: [nowMs - 10, nowMs)
                if (mouthAt < 0)
                {
                    continue;
                }
                int first = -1;
                for (int i = 0; i < n && first < 0; i++)
                {
                    if (Math.abs(ear[i]) > THRESHOLD)
                    {
                        first = i;
                    }
                }
                if (first >= 0)
                {
                    delays[done++] = nowMs - TICK_MS + (double)(first + ear.length - n) / SAMPLES_PER_MS - mouthAt;
                }
                else if (nowMs - mouthAt > TIMEOUT_MS)
                {
                    missed++;
                }
                else
                {
                    continue;
                }
                boardA.mockPhones().speakTone(0, 0); // heard (or lost): quiet until the next burst
                mouthAt = -1;
            }
            if (missed > 0)
            {
                System.out.println("mouth-to-ear: " + missed + " burst(s) not heard within " + TIMEOUT_MS + " ms; A " +
                    a.stats(0) + " / B " + b.stats(0));
            }
            return Arrays.copyOf(delays, done);
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(final double[] sorted, final double p)
    {
        final int rank = (int)Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
