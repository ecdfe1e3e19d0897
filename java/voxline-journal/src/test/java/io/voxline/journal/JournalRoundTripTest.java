package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRoundTripTest
{
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void entriesWrittenThroughTheRingReadBackAsCallRecords()
    {
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            final JournalWriter w = journal.writer();
            assertTrue(w.callStarted("a84b4c76e66710@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test",
                "sip:201@b.test", T0));
            assertTrue(w.signal(T0 + 10, "line 1: DIALING -> CALLING"));
            assertTrue(w.callAnswered("a84b4c76e66710@127.0.0.1", 1, T0 + 4_000));
            assertTrue(w.callEnded("a84b4c76e66710@127.0.0.1", 1, T0 + 69_000, "local hangup"));
            assertTrue(w.callStarted("busy-1@10.0.0.2", 2, CallDirection.IN, "sip:102@a.test",
                "sip:301@c.test", T0 + 70_000));
            assertTrue(w.callEnded("busy-1@10.0.0.2", 2, T0 + 70_050, "busy"));

            assertEquals(0, journal.agent().appendedCount(), "nothing is appended before the agent runs");
            assertEquals(6, journal.doWork());
            assertEquals(0, journal.doWork());
            assertEquals(6, journal.agent().appendedCount());
        }

        final CallHistory history = CallHistory.read(dir);
        assertEquals(CallHistory.Status.READ, history.status());
        assertTrue(history.message().isEmpty());
        assertEquals(0, history.skippedEntries());
        final List<CallRecord> calls = history.calls();
        assertEquals(2, calls.size());

        final CallRecord a = calls.get(0);
        assertEquals("a84b4c76e66710@127.0.0.1", a.callId());
        assertEquals(1, a.line());
        assertEquals(CallDirection.OUT, a.direction());
        assertEquals("sip:101@a.test", a.localUri());
        assertEquals("sip:201@b.test", a.remoteUri());
        assertEquals(T0, a.startMs());
        assertEquals(T0 + 4_000, a.answerMs());
        assertEquals(T0 + 69_000, a.endMs());
        assertEquals("local hangup", a.endReason());
        assertEquals(65_000, a.durationMs());

        final CallRecord b = calls.get(1);
        assertEquals(2, b.line());
        assertEquals(CallDirection.IN, b.direction());
        assertFalse(b.answered());
        assertEquals(CallRecord.NO_TIME, b.durationMs());
        assertEquals("busy", b.endReason());

        assertEquals(List.of(new SignalRecord(T0 + 10, "line 1: DIALING -> CALLING")), history.signals());
        assertEquals(T0 + 70_050, history.lastTimeMs());
        assertTrue(history.openCalls().isEmpty());
    }

    @Test
    void oneCallIdOnTwoLinesOfOneRouterIsTwoLegs()
    {
        final String callId = "line-to-line@127.0.0.1";
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            final JournalWriter w = journal.writer();
            w.callStarted(callId, 1, CallDirection.OUT, "sip:101@a.test", "sip:102@a.test", T0);
            w.callStarted(callId, 2, CallDirection.IN, "sip:102@a.test", "sip:101@a.test", T0 + 20);
            w.callAnswered(callId, 2, T0 + 3_000);
            w.callAnswered(callId, 1, T0 + 3_010);
            w.callEnded(callId, 2, T0 + 9_000, "remote hangup");
            w.callEnded(callId, 1, T0 + 9_010, "local hangup");
            journal.doWork();
        }
        final List<CallRecord> calls = CallHistory.read(dir).calls();
        assertEquals(2, calls.size());
        assertEquals(1, calls.get(0).line());
        assertEquals("local hangup", calls.get(0).endReason());
        assertEquals(6_000, calls.get(0).durationMs());
        assertEquals(2, calls.get(1).line());
        assertEquals("remote hangup", calls.get(1).endReason());
        assertEquals(6_000, calls.get(1).durationMs());
    }

    @Test
    void textIsUtf8AndNullTextIsEmpty()
    {
        try (Journal journal = Journal.open(JournalConfig.of(dir)))
        {
            final StringBuilder callId = new StringBuilder("reused-builder@127.0.0.1");
            journal.writer().callStarted(callId, 0, null, "sip:b\u00e9b\u00e9@a.test", null, T0);
            callId.setLength(0);
            journal.writer().signal(T0, "\u260e rings \ud83d\udcde");
            journal.doWork();
        }
        final CallHistory history = CallHistory.read(dir);
        final CallRecord c = history.calls().get(0);
        assertEquals("reused-builder@127.0.0.1", c.callId(), "the writer copies the text when called");
        assertEquals(0, c.line());
        assertNull(c.direction());
        assertEquals("sip:b\u00e9b\u00e9@a.test", c.localUri());
        assertEquals("", c.remoteUri());
        assertFalse(c.ended());
        assertEquals("\u260e rings \ud83d\udcde", history.signals().get(0).text());
    }

    @Test
    void agentOnItsOwnThreadAppendsEverythingAcceptedByClose() throws Exception
    {
        final int calls = 200;
        try (Journal journal = Journal.open(JournalConfig.of(dir)).start())
        {
            final JournalWriter w = journal.writer();
            for (int i = 0; i < calls; i++)
            {
                final String id = "call-" + i + "@127.0.0.1";
                while (!w.callStarted(id, 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test", T0 + i))
                {
                    Thread.onSpinWait();
                }
                while (!w.callEnded(id, 1, T0 + i + 1, "no answer"))
                {
                    Thread.onSpinWait();
                }
            }
        }
        final CallHistory history = CallHistory.read(dir);
        assertEquals(calls, history.calls().size());
        assertTrue(history.openCalls().isEmpty());
        assertEquals("call-199@127.0.0.1", history.calls().get(calls - 1).callId());
    }

    @Test
    void entriesAcceptedBeforeTheAgentEverRanAreAppendedOnClose()
    {
        final Journal journal = Journal.open(JournalConfig.of(dir));
        journal.writer().callStarted("never-stepped@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test",
            "sip:201@b.test", T0);
        journal.writer().callEnded("never-stepped@127.0.0.1", 1, T0 + 5, "cancelled");
        journal.close();

        final List<CallRecord> calls = CallHistory.read(dir).calls();
        assertEquals(1, calls.size());
        assertEquals("cancelled", calls.get(0).endReason());
        assertFalse(journal.writer().signal(T0, "after close"), "a closed journal refuses entries");
        assertEquals(1, journal.writer().rejectedCount());
    }
}
