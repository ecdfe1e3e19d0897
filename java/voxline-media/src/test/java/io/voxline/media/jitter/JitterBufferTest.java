package io.voxline.media.jitter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.media.rtp.RtpSequence;

/** Frames are 4 bytes whose first byte tags the sequence number, so the test can see what played. */
class JitterBufferTest
{
    private static final int FRAME = 4;
    private static final int SILENCE = -1;

    private final UnsafeBuffer in = new UnsafeBuffer(new byte[FRAME]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    private int insert(final JitterBuffer jb, final int seq)
    {
        in.setMemory(0, FRAME, (byte)seq);
        return jb.insert(seq, in, 0, FRAME);
    }

    /** The tag of the frame played, or SILENCE. */
    private int take(final JitterBuffer jb)
    {
        final int n = jb.take(out, 0);
        if (n == 0)
        {
            return SILENCE;
        }
        assertEquals(FRAME, n);
        return out.getByte(0) & 0xFF;
    }

    @Test
    void waitsThePlayoutDelayThenPlaysInOrder()
    {
        final JitterBuffer jb = new JitterBuffer(8, FRAME, 2);
        assertEquals(SILENCE, take(jb));
        insert(jb, 10);
        assertEquals(SILENCE, take(jb));
        insert(jb, 11);
        assertEquals(SILENCE, take(jb));
        insert(jb, 12);
        assertEquals(10, take(jb));
        insert(jb, 13);
        assertEquals(11, take(jb));
        assertEquals(12, take(jb));
        assertEquals(13, take(jb));
        assertEquals(4, jb.played());
        assertEquals(0, jb.lost());
    }

    @Test
    void reordersWithinItsDepth()
    {
        final JitterBuffer jb = new JitterBuffer(8, FRAME, 0);
        insert(jb, 20);
        insert(jb, 23);
        insert(jb, 22);
        insert(jb, 21);
        assertEquals(20, take(jb));
        assertEquals(21, take(jb));
        assertEquals(22, take(jb));
        assertEquals(23, take(jb));
        assertEquals(0, jb.late() + jb.lost() + jb.duplicates());
    }

    @Test
    void dropsLateAndDuplicatePackets()
    {
        final JitterBuffer jb = new JitterBuffer(8, FRAME, 0);
        assertEquals(JitterBuffer.ACCEPTED, insert(jb, 5));
        assertEquals(JitterBuffer.ACCEPTED, insert(jb, 6));
        assertEquals(JitterBuffer.DUPLICATE, insert(jb, 6));
        assertEquals(5, take(jb));
        assertEquals(JitterBuffer.LATE, insert(jb, 5));
        assertEquals(JitterBuffer.LATE, insert(jb, 4));
        assertEquals(6, take(jb));
        assertEquals(2, jb.late());
        assertEquals(1, jb.duplicates());
        assertEquals(2, jb.received());
    }

    @Test
    void aLostFrameIsRepeatedOnceThenSilence()
    {
        final JitterBuffer jb = new JitterBuffer(8, FRAME, 0);
        insert(jb, 1);
        insert(jb, 4);
        assertEquals(1, take(jb));
        assertEquals(1, take(jb), "2 lost: repeat 1");
        assertEquals(SILENCE, take(jb), "3 lost: silence");
        assertEquals(4, take(jb));
        assertEquals(2, jb.lost());
        assertEquals(2, jb.concealed());
        assertEquals(0, jb.underruns());
    }

    @Test
    void anEmptyBufferHoldsItsPositionForALatePacket()
    {
        final JitterBuffer jb = new JitterBuffer(8, FRAME, 0);
        insert(jb, 1);
        assertEquals(1, take(jb));
        assertEquals(1, take(jb), "underrun: repeat");
        assertEquals(SILENCE, take(jb), "underrun: silence");
        insert(jb, 2);
        assertEquals(2, take(jb), "2 was only late, not lost");
        assertEquals(0, jb.lost());
        assertEquals(2, jb.underruns());
    }

    @Test
    void playsAcrossTheSequenceWrap()
    {
        final JitterBuffer jb = new JitterBuffer(4, FRAME, 1);
        int seq = 65533;
        int expected = seq;
        insert(jb, seq);
        assertEquals(SILENCE, take(jb));
        for (int i = 0; i < 8; i++)
        {
            seq = RtpSequence.next(seq);
            insert(jb, seq);
            assertEquals(expected & 0xFF, take(jb));
            expected = RtpSequence.next(expected);
        }
        assertEquals(9, jb.received());
        assertEquals(0, jb.lost() + jb.late());
    }

    @Test
    void aTelephoneEventGapPlaysSilenceWithoutCountingALoss()
    {
        final JitterBuffer jb = new JitterBuffer(8, FRAME, 0);
        insert(jb, 1);
        jb.insertGap(2);
        insert(jb, 3);
        assertEquals(1, take(jb));
        assertEquals(SILENCE, take(jb));
        assertEquals(3, take(jb));
        assertEquals(0, jb.lost());
        assertEquals(0, jb.concealed());
    }

    @Test
    void aPacketBeyondTheDepthPushesTheOldestOut()
    {
        final JitterBuffer jb = new JitterBuffer(4, FRAME, 0);
        insert(jb, 0);
        insert(jb, 1);
        insert(jb, 2);
        insert(jb, 5);
        assertEquals(2, jb.dropped(), "0 and 1 made room for 5");
        assertEquals(2, take(jb));
        assertEquals(2, take(jb), "3 lost: repeat");
        assertEquals(SILENCE, take(jb));
        assertEquals(5, take(jb));
    }

    @Test
    void delayThatGrewIsTrimmedBackTowardsThePlayoutDelay()
    {
        final JitterBuffer jb = new JitterBuffer(16, FRAME, 1, 3);
        insert(jb, 0);
        assertEquals(SILENCE, take(jb));
        // a stall, then a burst of six packets at once
        for (int seq = 1; seq <= 6; seq++)
        {
            insert(jb, seq);
        }
        assertEquals(3, take(jb), "0..2 dropped: at most maxLatency (3) frames wait");
        assertEquals(3, jb.dropped());
        assertEquals(4, take(jb));
    }

    @Test
    void afterTheFarEndFallsSilentItStartsOverWithTheNextPacket()
    {
        final JitterBuffer jb = new JitterBuffer(4, FRAME, 1);
        insert(jb, 100);
        take(jb);
        assertEquals(100, take(jb));
        for (int i = 0; i < 10; i++)
        {
            take(jb);
        }
        assertFalse(jb.isStarted());
        insert(jb, 40);
        assertEquals(SILENCE, take(jb), "a new playout delay");
        insert(jb, 41);
        assertEquals(40, take(jb));
        assertEquals(41, take(jb));
    }

    @Test
    void followsASenderWhoseNumberingJumpedBack()
    {
        final JitterBuffer jb = new JitterBuffer(4, FRAME, 0);
        insert(jb, 1000);
        insert(jb, 1001);
        assertEquals(1000 & 0xFF, take(jb));
        int results = 0;
        for (int seq = 7; seq < 11; seq++)
        {
            results += insert(jb, seq) == JitterBuffer.LATE ? 1 : 0;
        }
        assertEquals(3, results, "three late, the fourth restarts the buffer");
        assertEquals(10, take(jb));
        assertEquals(1, jb.restarts());
    }

    @Test
    void refusesOversizedFramesAndBadShapes()
    {
        final JitterBuffer jb = new JitterBuffer(4, FRAME, 0);
        assertEquals(JitterBuffer.TOO_LARGE, jb.insert(1, new UnsafeBuffer(new byte[8]), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(6, FRAME, 0));
        assertThrows(IllegalArgumentException.class, () -> new JitterBuffer(4, FRAME, 4));
        assertTrue(jb.buffered() == 0);
    }
}
