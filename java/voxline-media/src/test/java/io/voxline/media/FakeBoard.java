package io.voxline.media;

import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.voxline.board.Board;
import io.voxline.board.BoardEvent;
import io.voxline.board.FrameFormat;
import io.voxline.board.FrameHeader;
import io.voxline.board.MockPhones;
import io.voxline.board.Tone;

/**
 * A pure-Java board for media tests: each line's mouthpiece speaks a sine, one frame per {@link #tick()}
 * (the test is the board's clock), and its earpiece records every frame written. Allocation-free after
 * construction, so it can sit inside the allocation test. Ticks may come from another thread than the
 * agent's (the ready counts and start flags are atomic); the rest belongs to the agent thread.
 */
final class FakeBoard implements Board
{
    private static final ByteOrder PCM = ByteOrder.nativeOrder();
    private static final int CAPTURE = 8000 * 4;

    private final int lines;
    private final AtomicIntegerArray started;
    private final int[] ptime;
    private final int[] startCount;
    private final int[] stopCount;
    private final AtomicIntegerArray ready;
    private final double[] hz;
    private final double[] amplitude;
    private final long[] phaseSamples;
    private final short[][] earpiece;
    private final long[] earpieceSamples;
    private final long[] framesWritten;
    private final int[] lastWriteLength;
    /** The board's detector hears a DTMF key on the line: its frames carry {@link FrameHeader#DTMF}. */
    private final boolean[] keyHeard;

    FakeBoard(final int lines)
    {
        this.lines = lines;
        started = new AtomicIntegerArray(lines);
        ptime = new int[lines];
        startCount = new int[lines];
        stopCount = new int[lines];
        ready = new AtomicIntegerArray(lines);
        hz = new double[lines];
        amplitude = new double[lines];
        phaseSamples = new long[lines];
        earpiece = new short[lines][CAPTURE];
        earpieceSamples = new long[lines];
        framesWritten = new long[lines];
        lastWriteLength = new int[lines];
        keyHeard = new boolean[lines];
    }

    /** From now on the line's frames are flagged as carrying a DTMF key (or no longer). */
    void keyHeard(final int line, final boolean heard)
    {
        keyHeard[line] = heard;
    }

    /** The line's mouthpiece speaks this sine from now on (0 Hz: silence). */
    void speak(final int line, final double frequency, final double peak)
    {
        hz[line] = frequency;
        amplitude[line] = peak;
    }

    /** One ptime passes on the board's clock: every started line has one more mouthpiece frame ready. */
    void tick()
    {
        for (int line = 0; line < lines; line++)
        {
            if (started.get(line) != 0)
            {
                ready.incrementAndGet(line);
            }
        }
    }

    /** One of the line's ptimes passes (lines at different ptimes tick apart). */
    void tick(final int line)
    {
        if (started.get(line) != 0)
        {
            ready.incrementAndGet(line);
        }
    }

    boolean started(final int line)
    {
        return started.get(line) != 0;
    }

    int ptime(final int line)
    {
        return ptime[line];
    }

    int startCount(final int line)
    {
        return startCount[line];
    }

    int stopCount(final int line)
    {
        return stopCount[line];
    }

    long framesWritten(final int line)
    {
        return framesWritten[line];
    }

    int lastWriteLength(final int line)
    {
        return lastWriteLength[line];
    }

    /** The last n earpiece samples, oldest first. */
    short[] lastEarpiece(final int line, final int n)
    {
        final short[] out = new short[n];
        final long end = earpieceSamples[line];
        for (int i = 0; i < n; i++)
        {
            final long at = end - n + i;
            out[i] = at < 0 ? 0 : earpiece[line][(int)(at % CAPTURE)];
        }
        return out;
    }

    @Override
    public int lineCount()
    {
        return lines;
    }

    @Override
    public void mediaStart(final int line, final FrameFormat format, final int ptimeMs)
    {
        if (format != FrameFormat.LINEAR16)
        {
            throw new IllegalArgumentException("fake board speaks LINEAR16 only");
        }
        ptime[line] = ptimeMs;
        ready.set(line, 0);
        started.set(line, 1);
        startCount[line]++;
    }

    @Override
    public void mediaStop(final int line)
    {
        started.set(line, 0);
        ready.set(line, 0);
        stopCount[line]++;
    }

    @Override
    public int mediaRead(final int line, final MutableDirectBuffer dst, final int offset)
    {
        if (started.get(line) == 0)
        {
            return -5;
        }
        if (ready.get(line) == 0)
        {
            return 0;
        }
        ready.decrementAndGet(line);
        final int samples = ptime[line] * 8;
        for (int i = 0; i < samples; i++)
        {
            final long n = phaseSamples[line]++;
            final double v = amplitude[line] * Math.sin(2 * Math.PI * hz[line] * n / 8000.0);
            dst.putShort(offset + 2 * i, (short)Math.round(v), PCM);
        }
        return 2 * samples;
    }

    @Override
    public int mediaRead(final int line, final MutableDirectBuffer dst, final int offset, final FrameHeader header)
    {
        final int n = mediaRead(line, dst, offset);
        header.clear();
        header.length = Math.max(n, 0);
        header.flags = keyHeard[line] ? FrameHeader.DTMF : 0;
        return n;
    }

    @Override
    public int mediaWrite(final int line, final DirectBuffer src, final int offset, final int length)
    {
        if (started.get(line) == 0)
        {
            return -5;
        }
        for (int i = 0; i < length / 2; i++)
        {
            earpiece[line][(int)(earpieceSamples[line]++ % CAPTURE)] = src.getShort(offset + 2 * i, PCM);
        }
        framesWritten[line]++;
        lastWriteLength[line] = length;
        return 0;
    }

    @Override
    public void ringStart(final int line, final String callerIdNumber, final String callerIdName)
    {
    }

    @Override
    public void ringStop(final int line)
    {
    }

    @Override
    public void playTone(final int line, final Tone tone)
    {
    }

    @Override
    public void stopTone(final int line)
    {
    }

    @Override
    public boolean pollEvent(final BoardEvent into, final int timeoutMs)
    {
        return false;
    }

    @Override
    public void wakeup()
    {
    }

    @Override
    public MockPhones mockPhones()
    {
        return null;
    }

    @Override
    public void close()
    {
    }
}
