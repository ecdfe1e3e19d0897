package io.voxline.reactor;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/** A pre-allocated ring slot. Producers fill one kind of content; the reactor reads it and leaves it for reuse. */
public final class ReactorEvent
{
    public static final int NONE = 0;
    public static final int DATAGRAM = 1;
    public static final int BOARD = 2;
    public static final int MEDIA = 3;
    public static final int TICK = 4;
    public static final int COMMAND = 5;

    public int type;

    /**
     * DATAGRAM: one SIP message from the network, bytes [0, length) of buffer, from source, on the transport
     * registered as transportIndex: a UDP datagram (connectionId 0), or one framed message of a TCP/TLS
     * connection (connectionId its id, source its remote address, so a response sent to source, or with
     * StreamTransport#sendOn(connectionId, …), goes back on the same connection).
     */
    public final ByteBuffer datagram;
    public final UnsafeBuffer buffer;
    public int length;
    public boolean truncated;
    public InetSocketAddress source;
    public int transportIndex;
    /** DATAGRAM: the stream connection the message came in on, or 0 for a UDP datagram. */
    public long connectionId;
    /** DATAGRAM: System.nanoTime() when the receiver read it, while a {@link LatencyProbe} is on; else 0. */
    public long receivedNanos;

    /** BOARD and MEDIA: a code of the producer's (e.g. a BoardEventType ordinal) and its arguments. */
    public int code;
    public int line;
    public int arg1;
    public int arg2;
    /** TICK, BOARD and MEDIA: when, in ms on the producer's clock. */
    public long timeMs;

    /** COMMAND: an object the handler interprets (a Runnable runs on the reactor thread). */
    public Object payload;

    ReactorEvent(final int maxDatagram)
    {
        datagram = ByteBuffer.allocateDirect(maxDatagram);
        buffer = new UnsafeBuffer(datagram);
    }

    /** DATAGRAM: true when the message came on a stream (TCP/TLS): Content-Length is then mandatory (RFC 3261 18.3). */
    public boolean isStream()
    {
        return connectionId != 0;
    }

    void reset()
    {
        type = NONE;
        length = 0;
        truncated = false;
        source = null;
        connectionId = 0;
        receivedNanos = 0;
        payload = null;
    }
}
