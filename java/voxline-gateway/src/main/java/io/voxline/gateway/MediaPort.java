package io.voxline.gateway;

import java.net.InetSocketAddress;

import io.voxline.media.MediaControl;

/**
 * The media commands the gateway core gives, per board line (0-based): what {@link MediaControl} offers, as an
 * interface so tests can record them. Called on the reactor thread; never blocks.
 */
public interface MediaPort
{
    /** Opens (or returns) the line's RTP port for the SDP; -1 when none could be bound. */
    int openPort(int line);

    /** Starts media towards remote with the negotiated payload types and packet time. */
    boolean start(int line, InetSocketAddress remote, int payloadType, int telephoneEventPt, int ptimeMs);

    /** Stops the line's media and closes its port (a no-op for a line without one). */
    boolean stop(int line);

    /**
     * A DTMF key went down during the call: send it as RFC 4733 events until {@link #keyUp} (the started media
     * must have a telephone-event payload type). False when it cannot; the digit is then only in the voice.
     */
    default boolean keyDown(final int line, final char digit)
    {
        return false;
    }

    /** The key of {@link #keyDown} went up after durationMs: the events end. */
    default boolean keyUp(final int line, final char digit, final int durationMs)
    {
        return false;
    }

    /** Over a media agent's control handle. */
    static MediaPort of(final MediaControl control)
    {
        return new MediaPort()
        {
            @Override
            public int openPort(final int line)
            {
                return control.openPort(line);
            }

            @Override
            public boolean start(
                final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt,
                final int ptimeMs)
            {
                return control.start(line, remote, payloadType, telephoneEventPt, ptimeMs);
            }

            @Override
            public boolean stop(final int line)
            {
                return control.stop(line);
            }

            @Override
            public boolean keyDown(final int line, final char digit)
            {
                return control.keyDown(line, digit);
            }

            @Override
            public boolean keyUp(final int line, final char digit, final int durationMs)
            {
                return control.keyUp(line, digit, durationMs);
            }
        };
    }
}
