package io.voxline.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpSequenceTest
{
    @Test
    void sequenceWrapsAt65536()
    {
        assertEquals(0, RtpSequence.next(65535));
        assertEquals(3, RtpSequence.add(65534, 5));
        assertEquals(2, RtpSequence.distance(65535, 1));
        assertEquals(-2, RtpSequence.distance(1, 65535));
        assertTrue(RtpSequence.isNewer(0, 65535));
        assertFalse(RtpSequence.isNewer(65535, 0));
        assertEquals(-32768, RtpSequence.distance(0, 32768));
        assertEquals(32767, RtpSequence.distance(0, 32767));
    }

    @Test
    void timestampsWrapAt2To32()
    {
        assertEquals(160, RtpSequence.timestampDistance(0xFFFFFFA0, 0x40));
        assertTrue(RtpSequence.isNewerTimestamp(0x40, 0xFFFFFFA0));
        assertFalse(RtpSequence.isNewerTimestamp(0xFFFFFFA0, 0x40));
    }

    @Test
    void receptionStatsCountCyclesAndLoss()
    {
        final RtpReceptionStats stats = new RtpReceptionStats();
        int seq = 65530;
        for (int i = 0; i < 20; i++)
        {
            if (i != 7 && i != 8)
            {
                assertTrue(stats.onPacket(seq));
            }
            seq = RtpSequence.next(seq);
        }
        assertEquals(65536 + 13, stats.extendedMaxSequence());
        assertEquals(20, stats.expected());
        assertEquals(18, stats.received());
        assertEquals(2, stats.lost());
    }

    @Test
    void reorderedAndDuplicatePacketsDoNotMoveTheMaximum()
    {
        final RtpReceptionStats stats = new RtpReceptionStats();
        stats.onPacket(100);
        stats.onPacket(102);
        stats.onPacket(101);
        stats.onPacket(102);
        assertEquals(102, stats.extendedMaxSequence());
        assertEquals(3, stats.expected());
        assertEquals(4, stats.received());
        assertEquals(0, stats.lost());
    }

    @Test
    void aLargeJumpRestartsOnlyWhenTheNextPacketFollowsIt()
    {
        final RtpReceptionStats stats = new RtpReceptionStats();
        stats.onPacket(10);
        stats.onPacket(11);
        assertFalse(stats.onPacket(20000));
        assertEquals(11, stats.extendedMaxSequence());
        assertTrue(stats.onPacket(20001));
        assertEquals(20001, stats.extendedMaxSequence());
        assertEquals(1, stats.expected());
        assertEquals(1, stats.received());
    }

    @Test
    void jitterIsZeroForSteadyArrivalsAndGrowsWithVariation()
    {
        final RtpReceptionStats stats = new RtpReceptionStats();
        for (int i = 0; i < 50; i++)
        {
            stats.onArrival(1000 + 160 * i, 5000 + 160 * i);
        }
        assertEquals(0, stats.jitter());
        // arrivals alternately 40 samples (5 ms) early and late: |D| = 80 each time, J converges towards 80
        for (int i = 50; i < 400; i++)
        {
            stats.onArrival(1000 + 160 * i, 5000 + 160 * i + (i % 2 == 0 ? 40 : -40));
        }
        assertTrue(stats.jitter() > 70 && stats.jitter() <= 80, "jitter " + stats.jitter());
    }
}
