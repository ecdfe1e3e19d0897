package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another process has the journal open for append: it is read while that process runs, and after the
 * process dies mid-call (halted, nothing closed) the appended entries are all there and the next open
 * ends the call that was up.
 */
class CrossProcessJournalTest
{
    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void readWhileAnotherProcessAppendsThenRecoverAfterItCrashes() throws Exception
    {
        final Path dir = tmp.resolve("journal");
        final Path childErr = tmp.resolve("child.err");
        final Path jvmOptions = Path.of(System.getProperty("voxline.root", "../..")).resolve("java/jvm.options");
        final ProcessBuilder pb = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + jvmOptions.toAbsolutePath(),
            "-cp", System.getProperty("java.class.path"),
            JournalCrashChild.class.getName(),
            dir.toString());
        pb.redirectError(childErr.toFile());
        final Process child = pb.start();
        try
        {
            final BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII));
            final String ready = out.readLine();
            assertEquals(JournalCrashChild.READY, ready, () -> "child said " + ready + "; stderr:\n" + read(childErr));

            // the child still has the queue open for append
            assertTrue(child.isAlive());
            final CallHistory during = CallHistory.read(dir);
            assertEquals(CallHistory.Status.READ, during.status(), () -> during.message().orElse(""));
            assertEquals(2, during.calls().size());
            assertEquals("remote hangup", during.calls().get(0).endReason());
            assertEquals(List.of("up@127.0.0.1"), during.openCalls().stream().map(CallRecord::callId).toList());

            try (OutputStream in = child.getOutputStream())
            {
                in.write('\n');
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not halt");
            assertEquals(3, child.exitValue(), () -> "child stderr:\n" + read(childErr));
        }
        finally
        {
            child.destroyForcibly();
        }

        // everything the dead process appended is there: mapped files outlive the process
        final CallHistory afterCrash = CallHistory.read(dir);
        assertEquals(2, afterCrash.calls().size());
        assertEquals(1, afterCrash.signals().size());
        assertFalse(afterCrash.calls().get(1).ended());

        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(JournalCrashChild.T0 + 600_000);
        try (Journal journal = Journal.open(JournalConfig.of(dir).clock(clock)))
        {
            journal.doWork();
            assertEquals(1, journal.agent().recoveredCalls().size());
        }
        final CallRecord up = CallHistory.read(dir).calls().get(1);
        assertEquals("restart", up.endReason());
        assertEquals(JournalCrashChild.T0 + 20_000, up.endMs());
        assertEquals(8_000, up.durationMs());
        assertNotNull(CallTable.format(CallHistory.read(dir).calls()));
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        }
        catch (final IOException e)
        {
            return e.toString();
        }
    }
}
