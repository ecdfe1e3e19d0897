package io.voxline.gateway.fuzz;

import java.util.HashMap;
import java.util.Map;

import io.voxline.gateway.CallLog;
import io.voxline.journal.CallDirection;

/** Counts call records per Call-ID and checks their order: a call is answered and ended only after it started, and ends once. */
final class CheckingCallLog implements CallLog
{
    private final Map<String, int[]> byCallId = new HashMap<>();

    /** {started, answered, ended} for a Call-ID. */
    private int[] counts(final CharSequence callId)
    {
        if (callId == null || callId.length() == 0)
        {
            throw new AssertionError("a call record without a Call-ID");
        }
        return byCallId.computeIfAbsent(callId.toString(), k -> new int[3]);
    }

    @Override
    public void callStarted(
        final CharSequence callId, final int line, final CallDirection direction, final CharSequence localUri,
        final CharSequence remoteUri, final long timeMs)
    {
        counts(callId)[0]++;
    }

    @Override
    public void callAnswered(final CharSequence callId, final int line, final long timeMs)
    {
        final int[] c = counts(callId);
        if (++c[1] > c[0])
        {
            throw new AssertionError("call " + callId + " answered more often than it started");
        }
    }

    @Override
    public void callEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence reason)
    {
        final int[] c = counts(callId);
        if (++c[2] > c[0])
        {
            throw new AssertionError("call " + callId + " ended (" + reason + ") more often than it started");
        }
    }

    /** Every call that started has ended. */
    void assertAllEnded()
    {
        for (final Map.Entry<String, int[]> e : byCallId.entrySet())
        {
            if (e.getValue()[2] != e.getValue()[0])
            {
                throw new AssertionError("call " + e.getKey() + " started " + e.getValue()[0] + " times but ended " +
                    e.getValue()[2] + " times");
            }
        }
    }
}
