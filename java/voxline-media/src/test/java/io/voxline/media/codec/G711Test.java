package io.voxline.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.TreeSet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class G711Test
{
    @Test
    void muLawDecodesToTheReferenceLevels()
    {
        // the first row of the classic ulaw2linear table, and the ends of the scale
        final int[] row = {-32124, -31100, -30076, -29052, -28028, -27004, -25980, -24956,
            -23932, -22908, -21884, -20860, -19836, -18812, -17788, -16764};
        for (int code = 0; code < row.length; code++)
        {
            assertEquals(row[code], G711.PCMU.decode(code), "code " + code);
        }
        assertEquals(-15996, G711.PCMU.decode(0x10));
        assertEquals(-8, G711.PCMU.decode(0x7E));
        assertEquals(0, G711.PCMU.decode(0x7F));
        assertEquals(32124, G711.PCMU.decode(0x80));
        assertEquals(8, G711.PCMU.decode(0xFE));
        assertEquals(0, G711.PCMU.decode(0xFF));
    }

    @Test
    void aLawDecodesToTheReferenceLevels()
    {
        final int[] row = {-5504, -5248, -6016, -5760, -4480, -4224, -4992, -4736,
            -7552, -7296, -8064, -7808, -6528, -6272, -7040, -6784};
        for (int code = 0; code < row.length; code++)
        {
            assertEquals(row[code], G711.PCMA.decode(code), "code " + code);
        }
        assertEquals(-32256, G711.PCMA.decode(0x2A));
        assertEquals(32256, G711.PCMA.decode(0xAA));
        assertEquals(-8, G711.PCMA.decode(0x55));
        assertEquals(8, G711.PCMA.decode(0xD5));
    }

    @Test
    void encodesKnownSamples()
    {
        assertEquals((byte)0xFF, G711.PCMU.encode(0));
        assertEquals((byte)0x7F, G711.PCMU.encode(-1));
        assertEquals((byte)0x80, G711.PCMU.encode(32767));
        assertEquals((byte)0x00, G711.PCMU.encode(-32768));
        assertEquals((byte)0xD5, G711.PCMA.encode(0));
        assertEquals((byte)0x55, G711.PCMA.encode(-1));
        assertEquals((byte)0xAA, G711.PCMA.encode(32767));
        assertEquals((byte)0x2A, G711.PCMA.encode(-32768));
        assertEquals((byte)0xFA, G711.PCMA.encode(1000));
        assertEquals(1008, G711.PCMA.decode(G711.PCMA.encode(1000)));
        assertEquals(G711.PCMU.silence(), G711.PCMU.encode(0));
        assertEquals(G711.PCMA.silence(), G711.PCMA.encode(0));
    }

    /** The tables against a second, plain transcription of the G.191 algorithms, for every 16-bit sample. */
    @Test
    void tablesMatchTheReferenceAlgorithmForEverySample()
    {
        for (int x = -32768; x <= 32767; x++)
        {
            assertEquals(referenceUlaw(x), G711.PCMU.encode(x) & 0xFF, "µ-law " + x);
            assertEquals(referenceAlaw(x), G711.PCMA.encode(x) & 0xFF, "A-law " + x);
        }
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode()
    {
        for (int code = 0; code < 256; code++)
        {
            // µ-law 0x7F is "negative zero": it decodes to 0, which encodes as 0xFF
            final int mu = code == 0x7F ? 0xFF : code;
            assertEquals(mu, G711.PCMU.encode(G711.PCMU.decode(code)) & 0xFF, "µ-law " + code);
            assertEquals(code, G711.PCMA.encode(G711.PCMA.decode(code)) & 0xFF, "A-law " + code);
        }
    }

    /** Every sample is quantised to one of the two levels around it, so the error is at most one step. */
    @Test
    void quantisationPicksANeighbouringLevel()
    {
        for (final G711 law : G711.values())
        {
            final TreeSet<Integer> levels = new TreeSet<>();
            for (int code = 0; code < 256; code++)
            {
                levels.add((int)law.decode(code));
            }
            int worstRelative = 0;
            for (int x = levels.first(); x <= levels.last(); x++)
            {
                final int y = law.decode(law.encode(x));
                final int below = levels.floor(x);
                final int above = levels.ceiling(x);
                assertTrue(y == below || y == above, law + ": " + x + " became " + y);
                if (Math.abs(x) >= 256)
                {
                    worstRelative = Math.max(worstRelative, (int)(1000L * Math.abs(y - x) / Math.abs(x)));
                }
            }
            // logarithmic: above the first segments the error is a small fraction of the sample (under 1/16)
            assertTrue(worstRelative < 1000 / 16, law + " relative error " + worstRelative + "/1000");
        }
    }

    @Test
    void aSineKeepsItsSignalToNoiseRatio()
    {
        for (final G711 law : G711.values())
        {
            double signal = 0;
            double noise = 0;
            for (int n = 0; n < 8000; n++)
            {
                final int x = (int)Math.round(10000 * Math.sin(2 * Math.PI * 1004 * n / 8000.0));
                final int y = law.decode(law.encode(x));
                signal += (double)x * x;
                noise += (double)(y - x) * (y - x);
            }
            final double snr = 10 * Math.log10(signal / noise);
            // G.711 gives about 38 dB for a sine at this level
            assertTrue(snr > 35, law + " SNR " + snr);
        }
    }

    @Test
    void bufferEncodeAndDecodeUseTheGivenByteOrder()
    {
        final UnsafeBuffer pcm = new UnsafeBuffer(new byte[320]);
        final UnsafeBuffer codes = new UnsafeBuffer(new byte[160]);
        final UnsafeBuffer back = new UnsafeBuffer(new byte[320]);
        for (int i = 0; i < 160; i++)
        {
            pcm.putShort(2 * i, (short)(i * 200 - 16000), ByteOrder.LITTLE_ENDIAN);
        }
        G711.PCMA.encode(pcm, 0, ByteOrder.LITTLE_ENDIAN, 160, codes, 0);
        G711.PCMA.decode(codes, 0, 160, back, 0, ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 160; i++)
        {
            final int x = i * 200 - 16000;
            assertEquals(G711.PCMA.encode(x), codes.getByte(i));
            assertEquals(G711.PCMA.decode(G711.PCMA.encode(x)), back.getShort(2 * i, ByteOrder.BIG_ENDIAN));
        }
    }

    @Test
    void payloadTypes()
    {
        assertSame(G711.PCMU, G711.forPayloadType(0));
        assertSame(G711.PCMA, G711.forPayloadType(8));
        assertNull(G711.forPayloadType(18));
        assertEquals("PCMU", G711.PCMU.encodingName());
        assertEquals(8, G711.PCMA.payloadType());
    }

    private static int referenceUlaw(final int x)
    {
        int absno = x < 0 ? ((~x) >> 2) + 33 : (x >> 2) + 33;
        absno = Math.min(absno, 0x1FFF);
        int segno = 1;
        for (int i = absno >> 6; i != 0; i >>= 1)
        {
            segno++;
        }
        final int code = ((8 - segno) << 4) | (15 - ((absno >> segno) & 15));
        return x >= 0 ? code | 0x80 : code;
    }

    private static int referenceAlaw(final int x)
    {
        int ix = x < 0 ? (~x) >> 4 : x >> 4;
        if (ix > 15)
        {
            int exponent = 1;
            while (ix > 31)
            {
                ix >>= 1;
                exponent++;
            }
            ix = ix - 16 + (exponent << 4);
        }
        if (x >= 0)
        {
            ix |= 0x80;
        }
        return ix ^ 0x55;
    }
}
