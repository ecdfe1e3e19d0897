package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRecoveryTest
{
    private static final long T0 = 1_780_000_000_000L;
    private static final long RESTART_AT = T0 + 3_600_000;

    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();

    @Test
    void aCallLeftUpIsEndedWithReasonRestartWhenTheJournalReopens()
    {
        // first run: one call ends, one is up (answered) when the process goes away
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            final JournalWriter w = journal.writer();
            w.callStarted("done@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test", T0);
            w.callEnded("done@127.0.0.1", 1, T0 + 1_000, "busy");
            w.callStarted("up@127.0.0.1", 2, CallDirection.IN, "sip:102@a.test", "sip:202@b.test", T0 + 2_000);
            w.callAnswered("up@127.0.0.1", 2, T0 + 5_000);
            w.signal(T0 + 65_000, "line 2: CONNECTED");
            journal.doWork();
        }
        final CallHistory before = CallHistory.read(dir);
        assertEquals(1, before.openCalls().size(), "the journal shows the call up");
        assertFalse(before.calls().get(1).ended());

        // second run: recovery runs when the agent starts, before anything new is appended
        clock.update(RESTART_AT);
        try (Journal journal = Journal.open(JournalConfig.of(dir).clock(clock)))
        {
            journal.writer().callStarted("new@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:203@b.test",
                RESTART_AT + 1);
            journal.doWork();
            final List<CallRecord> recovered = journal.agent().recoveredCalls();
            assertEquals(1, recovered.size());
            assertEquals("up@127.0.0.1", recovered.get(0).callId());
        }

        final CallHistory after = CallHistory.read(dir);
        assertEquals(3, after.calls().size());
        final CallRecord up = after.calls().get(1);
        assertEquals("up@127.0.0.1", up.callId());
        assertEquals(2, up.line());
        assertEquals("restart", up.endReason());
        assertEquals(T0 + 65_000, up.endMs(), "ended at the last moment the previous run is known alive");
        assertEquals(60_000, up.durationMs());
        assertEquals("busy", after.calls().get(0).endReason(), "ended calls are left alone");
        assertEquals(List.of("new@127.0.0.1"), after.openCalls().stream().map(CallRecord::callId).toList());
        final SignalRecord last = after.signals().get(after.signals().size() - 1);
        assertEquals(RESTART_AT, last.timeMs());
        assertEquals("restart: ended 1 call(s) left up by the previous run", last.text());
    }

    @Test
    void aJournalAbandonedMidCallIsRecoveredByTheNextOpen()
    {
        // a "crash": the first journal is never closed, its agent simply stops running
        final Journal crashed = Journal.open(JournalConfig.of(dir));
        try
        {
            crashed.writer().callStarted("ringing@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test",
                "sip:201@b.test", T0);
            crashed.doWork();

            clock.update(RESTART_AT);
            try (Journal journal = Journal.open(JournalConfig.of(dir).clock(clock)))
            {
                journal.doWork();
                assertEquals(1, journal.agent().recoveredCalls().size());
            }
            final CallRecord call = CallHistory.read(dir).calls().get(0);
            assertEquals("restart", call.endReason());
            assertFalse(call.answered());
            assertEquals(T0, call.endMs());
        }
        finally
        {
            crashed.close();
        }
    }

    @Test
    void recoveryIsIdempotent()
    {
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            journal.writer().callStarted("up@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test", T0);
            journal.doWork();
        }
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            journal.doWork();
            assertEquals(1, journal.agent().recoveredCalls().size());
        }
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            journal.doWork();
            assertTrue(journal.agent().recoveredCalls().isEmpty());
            assertEquals(0, journal.agent().appendedCount(), "nothing left to end: nothing appended");
        }
        final CallHistory history = CallHistory.read(dir);
        assertEquals(0, history.skippedEntries());
        assertEquals(1, history.signals().size());
    }

    @Test
    void recoveryCanBeSwitchedOff()
    {
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            journal.writer().callStarted("up@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test", T0);
            journal.doWork();
        }
        try (Journal journal = Journal.open(JournalConfig.of(dir).recoverOnStart(false)))
        {
            journal.doWork();
        }
        assertEquals(1, CallHistory.read(dir).openCalls().size());
    }
}
