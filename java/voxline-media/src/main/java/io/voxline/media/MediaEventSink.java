package io.voxline.media;

import io.voxline.reactor.Reactor;
import io.voxline.reactor.ReactorEvent;

/** Where the agent reports media events (codes in {@link MediaEvents}); called on the agent thread. */
@FunctionalInterface
public interface MediaEventSink
{
    void onMediaEvent(int code, int line, int arg1, int arg2, long timeMs);

    /** Publishes into a reactor's ring as {@link ReactorEvent#MEDIA} events (code, line, arg1, arg2, timeMs). */
    static MediaEventSink of(final Reactor reactor)
    {
        return (code, line, arg1, arg2, timeMs) -> reactor.publish(ReactorEvent.MEDIA, code, line, arg1, arg2, timeMs);
    }

    /** Drops everything. */
    MediaEventSink NONE = (code, line, arg1, arg2, timeMs) ->
    {
    };
}
