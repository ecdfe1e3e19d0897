package io.voxline.gateway;

import io.voxline.journal.CallDirection;
import io.voxline.journal.JournalWriter;

/**
 * Where the gateway core records calls and line events: the journal in a running gateway, a list in tests.
 * Lines are 1-based. Called on the reactor thread; must not block.
 */
public interface CallLog
{
    /** Records nothing. */
    CallLog NONE = new CallLog()
    {
    };

    /** An INVITE was sent (OUT) or received (IN). */
    default void callStarted(
        final CharSequence callId, final int line, final CallDirection direction, final CharSequence localUri,
        final CharSequence remoteUri, final long timeMs)
    {
    }

    /** A 2xx to the INVITE was received or sent. */
    default void callAnswered(final CharSequence callId, final int line, final long timeMs)
    {
    }

    /** The call ended, and why ("local hangup", "remote hangup", "cancelled", "busy", "failed 404", …). */
    default void callEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence reason)
    {
    }

    /** A signalling event worth keeping (a line state change, a registration outcome). */
    default void signal(final long timeMs, final CharSequence text)
    {
    }

    /** Over the journal's reactor-side writer (a full ring drops the entry; the writer counts it). */
    static CallLog of(final JournalWriter writer)
    {
        return new CallLog()
        {
            @Override
            public void callStarted(
                final CharSequence callId, final int line, final CallDirection direction, final CharSequence localUri,
                final CharSequence remoteUri, final long timeMs)
            {
                writer.callStarted(callId, line, direction, localUri, remoteUri, timeMs);
            }

            @Override
            public void callAnswered(final CharSequence callId, final int line, final long timeMs)
            {
                writer.callAnswered(callId, line, timeMs);
            }

            @Override
            public void callEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence reason)
            {
                writer.callEnded(callId, line, timeMs, reason);
            }

            @Override
            public void signal(final long timeMs, final CharSequence text)
            {
                writer.signal(timeMs, text);
            }
        };
    }
}
