package io.voxline.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a 16-bit PCM WAV recording (baresip's sndfile) carries: its dominant frequency, found by a Goertzel scan.
 * The file may still be growing (its header's sizes not yet written): the data runs to the end of the file.
 */
final class WavTone
{
    /** The strongest frequency (5 Hz steps, 100-3900 Hz) and how far it stands above the strongest elsewhere. */
    record Spectrum(int hz, double ratio, int sampleRate, int channels, int samples)
    {
    }

    private record Pcm(int sampleRate, int channels, short[] first)
    {
    }

    private WavTone()
    {
    }

    /** baresip's recording of what it heard (sndfile's "…-dec.wav"), or null while there is none. */
    static Path decodedRecording(final Baresip baresip)
    {
        try
        {
            for (final Path p : baresip.recordings())
            {
                if (p.getFileName().toString().endsWith("-dec.wav") && Files.size(p) > 44)
                {
                    return p;
                }
            }
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Bytes of audio per second in the file (from its fmt chunk). */
    static long bytesPerSecond(final Path wav)
    {
        final Pcm pcm = read(wav);
        return 2L * pcm.sampleRate() * pcm.channels();
    }

    /** The dominant frequency of the last seconds of the first channel. */
    static Spectrum dominant(final Path wav, final double lastSeconds)
    {
        final Pcm pcm = read(wav);
        final int n = (int)Math.min(pcm.first().length, Math.round(lastSeconds * pcm.sampleRate()));
        final short[] x = new short[n];
        System.arraycopy(pcm.first(), pcm.first().length - n, x, 0, n);
        int best = 0;
        double bestPower = -1;
        final double[] power = new double[4000 / 5];
        for (int hz = 100; hz < 3900; hz += 5)
        {
            power[hz / 5] = goertzel(x, pcm.sampleRate(), hz);
            if (power[hz / 5] > bestPower)
            {
                bestPower = power[hz / 5];
                best = hz;
            }
        }
        double other = 0;
        for (int hz = 100; hz < 3900; hz += 5)
        {
            if (Math.abs(hz - best) > 50)
            {
                other = Math.max(other, power[hz / 5]);
            }
        }
        return new Spectrum(best, other == 0 ? Double.POSITIVE_INFINITY : bestPower / other, pcm.sampleRate(),
            pcm.channels(), n);
    }

    private static double goertzel(final short[] x, final int rate, final int hz)
    {
        final double coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
        double s1 = 0;
        double s2 = 0;
        for (final short v : x)
        {
            final double s = v + coeff * s1 - s2;
            s2 = s1;
            s1 = s;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    private static Pcm read(final Path wav)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(wav);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157)
        {
            throw new IllegalArgumentException(wav + " is not a RIFF WAVE file");
        }
        int at = 12;
        int rate = 0;
        int channels = 0;
        while (at + 8 <= bytes.length)
        {
            final int id = b.getInt(at);
            final int size = b.getInt(at + 4);
            if (id == 0x20746d66) // "fmt "
            {
                if (b.getShort(at + 8) != 1 || b.getShort(at + 22) != 16)
                {
                    throw new IllegalArgumentException(wav + " is not 16-bit PCM");
                }
                channels = b.getShort(at + 10);
                rate = b.getInt(at + 12);
            }
            else if (id == 0x61746164) // "data": to the end of the file when the size is not written yet
            {
                final int start = at + 8;
                final int end = size <= 0 || start + size > bytes.length ? bytes.length : start + size;
                final int frames = (end - start) / (2 * Math.max(1, channels));
                final short[] first = new short[frames];
                for (int i = 0; i < frames; i++)
                {
                    first[i] = b.getShort(start + 2 * channels * i);
                }
                if (rate == 0)
                {
                    throw new IllegalArgumentException(wav + " has no fmt chunk before its data");
                }
                return new Pcm(rate, channels, first);
            }
            at += 8 + size + (size & 1);
            if (size < 0)
            {
                break;
            }
        }
        throw new IllegalArgumentException(wav + " has no data chunk");
    }
}
