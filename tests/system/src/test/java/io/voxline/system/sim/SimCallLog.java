package io.voxline.system.sim;

import java.util.ArrayList;
import java.util.List;

import io.voxline.gateway.CallLog;
import io.voxline.journal.CallDirection;

/** Call records as short strings ("started 1 OUT sip:101@a.test sip:201@a.test", "answered 1", "ended 1 local hangup"). */
public final class SimCallLog implements CallLog
{
    private final List<String> calls = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();

    public List<String> calls()
    {
        return List.copyOf(calls);
    }

    public List<String> signals()
    {
        return List.copyOf(signals);
    }

    @Override
    public void callStarted(
        final CharSequence callId, final int line, final CallDirection direction, final CharSequence localUri,
        final CharSequence remoteUri, final long timeMs)
    {
        calls.add("started " + line + " " + direction + " " + localUri + " " + remoteUri);
    }

    @Override
    public void callAnswered(final CharSequence callId, final int line, final long timeMs)
    {
        calls.add("answered " + line);
    }

    @Override
    public void callEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence reason)
    {
        calls.add("ended " + line + " " + reason);
    }

    @Override
    public void signal(final long timeMs, final CharSequence text)
    {
        signals.add(text.toString());
    }
}
