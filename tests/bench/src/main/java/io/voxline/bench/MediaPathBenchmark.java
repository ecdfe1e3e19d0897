package io.voxline.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.voxline.board.jna.NativeBoard;
import io.voxline.media.MediaConfig;
import io.voxline.media.MediaEngine;
import io.voxline.media.MediaEventSink;

/**
 * One 20 ms frame each way between two media agents on loopback, each over a mock board on a manual
 * clock: board DSP (tones, DTMF detector, ear), JNA frame read/write, G.711, RTP send/receive, jitter buffer.
 * One operation moves two RTP packets; -prof gc's gc.alloc.rate.norm / 2 is the allocation per packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MediaPathBenchmark
{
    private NativeBoard boardA;
    private NativeBoard boardB;
    private MediaEngine a;
    private MediaEngine b;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        boardA = NativeBoard.open("mock:lines=1,region=us,clock=manual");
        boardB = NativeBoard.open("mock:lines=1,region=us,clock=manual");
        final InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        a = MediaEngine.invoker(boardA, MediaEventSink.NONE, new MediaConfig().localAddress(lo).rtpPorts("0"));
        b = MediaEngine.invoker(boardB, MediaEventSink.NONE, new MediaConfig().localAddress(lo).rtpPorts("0"));
        boardA.mockPhones().hook(0, true);
        boardB.mockPhones().hook(0, true);
        boardA.mockPhones().speakTone(0, 1000);
        boardB.mockPhones().speakTone(0, 1500);
        final int portA = a.control().openPort(0);
        final int portB = b.control().openPort(0);
        a.control().start(0, new InetSocketAddress(lo, portB), 0, 101, 20);
        b.control().start(0, new InetSocketAddress(lo, portA), 0, 101, 20);
        for (int i = 0; i < 50; i++)
        {
            frame();
        }
        if (b.stats(0).packetsReceived() == 0 || a.stats(0).packetsReceived() == 0)
        {
            throw new IllegalStateException("no RTP flowed: " + a.stats(0) + " / " + b.stats(0));
        }
    }

    @Benchmark
    public int frame()
    {
        boardA.nativeMockPhones().advance(20);
        boardB.nativeMockPhones().advance(20);
        int work = a.invoke() + b.invoke();
        // the packet each side just sent is in the other's socket now: let both take it in
        work += a.invoke() + b.invoke();
        return work;
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        a.close();
        b.close();
        boardA.close();
        boardB.close();
    }

}
