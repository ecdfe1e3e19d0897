package io.voxline.gateway;

import java.util.ArrayList;
import java.util.List;

import io.voxline.journal.CallDirection;

/** Keeps call records as short strings: "started 1 OUT sip:101@a.test sip:201@a.test", "answered 1", "ended 1 busy". */
final class RecordingCallLog implements CallLog
{
    final List<String> calls = new ArrayList<>();
    final List<String> signals = new ArrayList<>();
    final List<String> callIds = new ArrayList<>();

    @Override
    public void callStarted(
        final CharSequence callId, final int line, final CallDirection direction, final CharSequence localUri,
        final CharSequence remoteUri, final long timeMs)
    {
        calls.add("started " + line + " " + direction + " " + localUri + " " + remoteUri);
        callIds.add(callId.toString());
    }

    @Override
    public void callAnswered(final CharSequence callId, final int line, final long timeMs)
    {
        calls.add("answered " + line);
        callIds.add(callId.toString());
    }

    @Override
    public void callEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence reason)
    {
        calls.add("ended " + line + " " + reason);
        callIds.add(callId.toString());
    }

    @Override
    public void signal(final long timeMs, final CharSequence text)
    {
        signals.add(text.toString());
    }
}
