package io.voxline.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

import io.voxline.media.codec.G711;
import io.voxline.media.dtmf.TelephoneEvent;
import io.voxline.media.rtp.RtpPacketFlyweight;

/**
 * The media path allocates nothing per packet: the agent, stepped on this thread, carries thousands of
 * packets each way (voice, RFC 4733 digits received and sent, keys held on the phone, a tap) while this
 * thread's allocated bytes are read around every doWork. While the JIT is still compiling and deoptimising the path, the JVM itself
 * allocates a few hundred bytes now and then (none with -Xint or C1 alone); so the packets are counted in
 * windows: every window must stay far below one byte per packet, and once the JIT has settled a whole
 * window must allocate nothing at all.
 */
class MediaAllocationTest
{
    private static final int WARM_UP = 5000;
    private static final int WINDOW = 3000;
    private static final int MAX_WINDOWS = 12;
    /** JIT noise seen so far is under 2 KB a window; one allocation per packet would be 16+ bytes x 3000. */
    private static final long NOISE_LIMIT = 8 * 1024;
    private static final int PT_EVENT = 101;

    /** Counts digits without allocating. */
    private static final class CountingSink implements MediaEventSink
    {
        int digits;
        int others;
        int lastDigit;

        @Override
        public void onMediaEvent(final int code, final int line, final int arg1, final int arg2, final long timeMs)
        {
            if (code == MediaEvents.DTMF_DIGIT)
            {
                digits++;
                lastDigit = arg1;
            }
            else
            {
                others++;
            }
        }
    }

    @Test
    void theAgentAllocatesNothingPerPacketAfterWarmUp() throws IOException
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM cannot count a thread's allocations");
        threads.setThreadAllocatedMemoryEnabled(true);

        final FakeBoard board = new FakeBoard(1);
        board.speak(0, 1000, 8000);
        final CountingSink sink = new CountingSink();
        final long[] tapped = new long[1];
        final MediaConfig config = MediaAgentTest.anyPortConfig().tap((src, dst, buf, off, len) -> tapped[0]++);
        try (MediaEngine engine = MediaEngine.invoker(board, sink, config);
            DatagramChannel peer = DatagramChannel.open())
        {
            peer.bind(new InetSocketAddress(MediaAgentTest.LOOPBACK, 0));
            peer.configureBlocking(false);
            final int port = engine.control().openPort(0);
            peer.connect(new InetSocketAddress(MediaAgentTest.LOOPBACK, port));
            engine.control().start(0, (InetSocketAddress)peer.getLocalAddress(), 0, PT_EVENT, 20);
            engine.invoke();

            final ByteBuffer out = ByteBuffer.allocateDirect(256);
            final UnsafeBuffer outView = new UnsafeBuffer(out);
            final ByteBuffer in = ByteBuffer.allocateDirect(1500);
            final RtpPacketFlyweight packet = new RtpPacketFlyweight();
            final byte[] voice = new byte[160];
            for (int i = 0; i < voice.length; i++)
            {
                voice[i] = G711.PCMU.encode((int)(6000 * Math.sin(2 * Math.PI * 500 * i / 8000.0)));
            }

            final long overhead = measureOverhead(threads);
            final long[] windows = new long[MAX_WINDOWS];
            int window = -1;
            long peerReceived = 0;
            int digitsSentByPeer = 0;
            int keysPressed = 0;
            int event = -1;
            int eventTs = 0;
            int eventTicks = 0;
            int tick = 0;
            for (; tick < WARM_UP + MAX_WINDOWS * WINDOW; tick++)
            {
                if (tick >= WARM_UP && (tick - WARM_UP) % WINDOW == 0)
                {
                    if (window >= 0 && windows[window] == 0)
                    {
                        break;
                    }
                    window++;
                }
                // the far end: one packet per tick; every 200 ticks a key press of 5 packets + 3 ends instead of voice
                final int seq = tick & 0xFFFF;
                final int ts = tick * 160;
                packet.wrapForWrite(outView, 0);
                if (tick % 200 == 100)
                {
                    event = (tick / 200) % 16;
                    eventTs = ts;
                    eventTicks = 0;
                }
                final int length;
                if (event >= 0)
                {
                    eventTicks++;
                    final boolean end = eventTicks >= 5;
                    packet.writeHeader(PT_EVENT, eventTicks == 1, seq, eventTs, 0x5EED);
                    TelephoneEvent.write(outView, packet.payloadOffset(), event, end, 10, Math.min(5, eventTicks) * 160);
                    length = packet.payloadWritten(TelephoneEvent.PAYLOAD_LENGTH);
                    if (eventTicks == 7)
                    {
                        event = -1;
                        digitsSentByPeer++;
                    }
                }
                else
                {
                    packet.writeHeader(0, tick == 0, seq, ts, 0x5EED);
                    outView.putBytes(packet.payloadOffset(), voice);
                    length = packet.payloadWritten(voice.length);
                }
                out.limit(length).position(0);
                peer.write(out);
                if (tick % 300 == 150)
                {
                    // the reactor asks the agent to send a digit (outside the measurement: that is the reactor's thread)
                    engine.control().sendDigit(0, '7', 60);
                }
                // a key held on the phone: the board flags its frames (muted in the voice), key-down, key-up
                board.keyHeard(0, tick % 300 >= 40 && tick % 300 < 50);
                if (tick % 300 == 41)
                {
                    engine.control().keyDown(0, '3');
                }
                if (tick % 300 == 49)
                {
                    engine.control().keyUp(0, '3', 180);
                    keysPressed++;
                }
                board.tick();

                final long before = threads.getCurrentThreadAllocatedBytes();
                engine.invoke();
                final long after = threads.getCurrentThreadAllocatedBytes();
                if (window >= 0)
                {
                    windows[window] += after - before - overhead;
                }

                in.clear();
                while (peer.read(in) > 0)
                {
                    peerReceived++;
                    in.clear();
                }
            }

            final MediaStats stats = engine.stats(0);
            final int ticks = tick;
            assertEquals(ticks, stats.packetsSent(), stats.toString());
            assertEquals(ticks, tapped[0]);
            assertTrue(peerReceived >= ticks - 2, "peer received " + peerReceived);
            assertTrue(stats.packetsReceived() >= ticks - 2, stats.toString());
            assertEquals(digitsSentByPeer, sink.digits, "each key press reported once");
            assertTrue(stats.digitsSent() >= 15 + keysPressed - 1 && keysPressed >= 15, keysPressed + " " + stats);
            assertEquals(0, stats.packetsLost() + stats.late() + stats.discarded(), stats.toString());
            assertEquals(0, sink.others);
            final String perWindow = Arrays.toString(Arrays.copyOf(windows, window + 1));
            for (int w = 0; w <= window; w++)
            {
                assertTrue(windows[w] < NOISE_LIMIT, "bytes allocated per window of " + WINDOW + " packets: " + perWindow);
            }
            assertEquals(0, windows[window], "no window of " + WINDOW + " packets each way without allocation: " + perWindow);
            System.out.println("allocated bytes per window of " + WINDOW + " packets each way: " + perWindow);
        }
    }

    /** What reading the counter itself costs (0 on current JDKs), so it is not blamed on the agent. */
    private static long measureOverhead(final ThreadMXBean threads)
    {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 100; i++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long after = threads.getCurrentThreadAllocatedBytes();
            min = Math.min(min, after - before);
        }
        return min;
    }
}
