package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallHistoryTest
{
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void aMissingDirectoryIsAnEmptyHistoryWithAMessageAndIsNotCreated()
    {
        final Path dir = tmp.resolve("no-such-journal");
        final CallHistory history = CallHistory.read(dir);
        assertEquals(CallHistory.Status.MISSING, history.status());
        assertTrue(history.calls().isEmpty());
        assertEquals("no journal at " + dir + ": no such directory", history.message().orElseThrow());
        assertFalse(Files.exists(dir), "reading must not create the journal");
    }

    @Test
    void anEmptyDirectoryIsAnEmptyHistoryWithAMessage() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("journal"));
        final CallHistory history = CallHistory.read(dir);
        assertEquals(CallHistory.Status.EMPTY, history.status());
        assertTrue(history.calls().isEmpty());
        assertTrue(history.message().orElseThrow().contains("is empty"), history.message().orElseThrow());
        try (var files = Files.list(dir))
        {
            assertEquals(0, files.count(), "reading must not create queue files");
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsUnreadableWithAMessage() throws IOException
    {
        final Path file = Files.writeString(tmp.resolve("journal"), "not a queue");
        final CallHistory history = CallHistory.read(file);
        assertEquals(CallHistory.Status.UNREADABLE, history.status());
        assertTrue(history.message().orElseThrow().contains("not a directory"));
    }

    @Test
    void aJournalIsReadWhileAnotherOpenQueueAppendsToIt()
    {
        try (Journal journal = Journal.open(JournalConfig.of(tmp)))
        {
            final JournalWriter w = journal.writer();
            w.callStarted("live@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test", T0);
            w.callAnswered("live@127.0.0.1", 1, T0 + 2_000);
            journal.doWork();

            final CallHistory during = CallHistory.read(tmp);
            assertEquals(CallHistory.Status.READ, during.status());
            assertEquals(1, during.calls().size());
            assertTrue(during.calls().get(0).answered());
            assertFalse(during.calls().get(0).ended(), "the call is up while the gateway runs");

            w.callEnded("live@127.0.0.1", 1, T0 + 9_000, "remote hangup");
            w.callStarted("next@127.0.0.1", 2, CallDirection.IN, "sip:102@a.test", "sip:202@b.test", T0 + 10_000);
            journal.doWork();

            final CallHistory later = CallHistory.read(tmp);
            assertEquals(2, later.calls().size());
            assertEquals("remote hangup", later.calls().get(0).endReason());
            assertEquals(7_000, later.calls().get(0).durationMs());
        }
    }

    @Test
    void documentsItCannotJoinAreSkippedAndCounted()
    {
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(tmp).build();
            ExcerptAppender appender = queue.createAppender())
        {
            appender.writeDocument(w -> w.write("kind").text("somethingNew").write("timeMs").int64(T0));
            appender.writeDocument(w -> w.write("kind").text("callEnded").write("timeMs").int64(T0)
                .write("callId").text("never-started").write("line").int32(1).write("reason").text("busy"));
            appender.writeDocument(w -> w.write("unrelated").int32(7));
            appender.writeDocument(w -> w.write("kind").text("callStarted").write("timeMs").int64(T0 + 1)
                .write("callId").text("ok@127.0.0.1").write("line").int32(1).write("direction").text("OUT")
                .write("local").text("sip:101@a.test").write("remote").text("sip:201@b.test"));
            appender.writeDocument(w -> w.write("kind").text("callStarted").write("timeMs").int64(T0 + 2)
                .write("callId").text("ok@127.0.0.1").write("line").int32(1).write("direction").text("OUT")
                .write("local").text("sip:101@a.test").write("remote").text("sip:201@b.test"));
        }
        final CallHistory history = CallHistory.read(tmp);
        assertEquals(CallHistory.Status.READ, history.status());
        assertEquals(1, history.calls().size());
        assertEquals(T0 + 1, history.calls().get(0).startMs(), "a repeated start does not replace the first");
        assertEquals(4, history.skippedEntries());
    }
}
