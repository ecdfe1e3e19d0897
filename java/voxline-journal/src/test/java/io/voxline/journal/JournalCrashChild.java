package io.voxline.journal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The gateway process of {@link CrossProcessJournalTest}: journals one ended call and one that is up, on
 * the agent's own thread, says so, waits for the parent, then dies without closing anything.
 */
public final class JournalCrashChild
{
    static final long T0 = 1_780_000_000_000L;
    static final String READY = "appended";

    private JournalCrashChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Journal journal = Journal.open(JournalConfig.of(Path.of(args[0]))).start();
        final JournalWriter w = journal.writer();
        w.callStarted("ended@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test", T0);
        w.callAnswered("ended@127.0.0.1", 1, T0 + 2_000);
        w.callEnded("ended@127.0.0.1", 1, T0 + 8_000, "remote hangup");
        w.callStarted("up@127.0.0.1", 2, CallDirection.IN, "sip:102@a.test", "sip:202@b.test", T0 + 10_000);
        w.callAnswered("up@127.0.0.1", 2, T0 + 12_000);
        w.signal(T0 + 20_000, "line 2: CONNECTED");
        while (journal.agent().appendedCount() < 6)
        {
            Thread.sleep(1);
        }
        System.out.println(READY);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        Runtime.getRuntime().halt(3); // a crash: no close, no shutdown hooks, no flush
    }
}
