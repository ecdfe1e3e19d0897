package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalWriterTest
{
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aFullRingRefusesAndCountsAndAcceptsAgainOnceDrained()
    {
        try (Journal journal = Journal.open(JournalConfig.of(dir).ringCapacity(JournalConfig.MIN_RING_CAPACITY)))
        {
            final JournalWriter w = journal.writer();
            int accepted = 0;
            while (w.callStarted("call-" + accepted + "@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test",
                "sip:201@b.test", T0 + accepted))
            {
                accepted++;
                assertTrue(accepted < 10_000, "a 16 KiB ring cannot take this many entries");
            }
            assertTrue(accepted > 50, "the ring held " + accepted);
            assertEquals(1, w.rejectedCount());
            assertFalse(w.callStarted("call-x@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test",
                "sip:201@b.test", T0));
            assertEquals(2, w.rejectedCount());

            int appended = 0;
            int work;
            while ((work = journal.doWork()) > 0)
            {
                appended += work;
            }
            assertEquals(accepted, appended);
            assertTrue(w.callEnded("call-0@127.0.0.1", 1, T0 + 1, "local hangup"), "room again once drained");
            journal.doWork();

            final CallHistory history = CallHistory.read(dir);
            assertEquals(accepted, history.calls().size(), "refused entries never reach the journal");
            assertEquals("local hangup", history.calls().get(0).endReason());
        }
    }

    @Test
    void textOverTheFieldLimitIsCutAtACharacterBoundaryAndCounted()
    {
        final String longUri = "sip:" + "\u00e9".repeat(400) + "@a.test"; // 800+ bytes of UTF-8
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            final JournalWriter w = journal.writer();
            assertTrue(w.callStarted("long@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", longUri, T0));
            assertEquals(1, w.truncatedCount());
            assertTrue(w.signal(T0, "x".repeat(JournalWriter.MAX_FIELD_BYTES)));
            assertEquals(1, w.truncatedCount(), "exactly at the limit is not cut");
            journal.doWork();
        }
        final String remote = CallHistory.read(dir).calls().get(0).remoteUri();
        assertEquals("sip:" + "\u00e9".repeat(254), remote, "4 + 254 * 2 = 512 bytes, no half character");
    }

    @Test
    void aBadRingCapacityIsRefusedWithAReason()
    {
        final IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
            () -> Journal.open(JournalConfig.of(dir).ringCapacity(8 * 1024)));
        assertTrue(small.getMessage().contains("16384"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Journal.open(JournalConfig.of(dir).ringCapacity(100_000)));
    }

    @Test
    void aDirectoryThatCannotBeMadeIsNamedInTheError() throws Exception
    {
        final Path file = java.nio.file.Files.writeString(dir.resolve("journal"), "a file, not a directory");
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> Journal.open(JournalConfig.of(file)));
        assertTrue(e.getMessage().startsWith("cannot create journal directory " + file), e.getMessage());
    }

    @Test
    void writingAnEntryAllocatesNothing()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final StringBuilder callId = new StringBuilder("a84b4c76e66710@127.0.0.1");
        final String local = "sip:101@a.test";
        final String remote = "sip:201@b.test";
        final int rounds = 100;
        final int warmUp = 20;
        final long[] allocated = new long[rounds];
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            final JournalWriter w = journal.writer();
            for (int round = 0; round < rounds; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20; i++)
                {
                    w.callStarted(callId, 1, CallDirection.OUT, local, remote, T0 + i);
                    w.callAnswered(callId, 1, T0 + i);
                    w.callEnded(callId, 1, T0 + i, "local hangup");
                    w.signal(T0 + i, "line 1: CONNECTED -> IDLE");
                }
                allocated[round] = threads.getCurrentThreadAllocatedBytes() - before;
                while (journal.doWork() > 0)
                {
                    // drain between rounds (the agent's work is not measured)
                }
            }
            assertEquals(0, w.rejectedCount());
        }
        // a write that allocated would show in every round; the JVM's own one-off work (profiling, class
        // loading) shows in a few
        int clean = 0;
        for (int round = warmUp; round < rounds; round++)
        {
            clean += allocated[round] == 0 ? 1 : 0;
        }
        assertTrue(clean >= (rounds - warmUp) * 9 / 10,
            "rounds of 80 writes allocating nothing: " + clean + " of " + (rounds - warmUp) + ", bytes per round " +
            java.util.Arrays.toString(allocated));
        assertEquals(rounds * 20, CallHistory.read(dir).calls().size());
    }
}
