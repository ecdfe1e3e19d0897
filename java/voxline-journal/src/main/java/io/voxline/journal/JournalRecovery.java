package io.voxline.journal;

import java.util.List;

import net.openhft.chronicle.queue.ChronicleQueue;

/**
 * Restart recovery: a call the journal shows started but never ended was left up by a crash (the dialog
 * died with the process). Each one gets a CALL_ENDED with reason "restart", so the history stays
 * consistent, and one signal records the recovery.
 *
 * <p>The end time is the latest time in the journal, the last moment the previous run is known to have
 * been alive: a lower bound on when the call really ended, where the restart time would count the
 * downtime as talk time.
 */
final class JournalRecovery
{
    static final String RESTART = "restart";

    private JournalRecovery()
    {
    }

    /** Runs on the agent's thread, before it appends anything else; returns the calls it ended. */
    static List<CallRecord> recover(final ChronicleQueue queue, final JournalAgent agent, final long nowMs)
    {
        final CallHistory history = CallHistory.from(queue.file().toPath(), queue);
        final List<CallRecord> open = history.openCalls();
        for (final CallRecord call : open)
        {
            final long endMs = Math.max(history.lastTimeMs(), Math.max(call.startMs(), call.answerMs()));
            agent.appendCallEnded(call.callId(), call.line(), endMs, RESTART);
        }
        if (!open.isEmpty())
        {
            agent.appendSignal(nowMs, "restart: ended " + open.size() + " call(s) left up by the previous run");
        }
        return List.copyOf(open);
    }
}
