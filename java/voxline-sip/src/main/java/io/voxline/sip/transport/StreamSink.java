package io.voxline.sip.transport;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;

/**
 * Where the stream I/O thread ({@link StreamIo}) hands what it reads. The reactor's stream receiver publishes
 * into the ring; tests collect. Both methods run on the I/O thread and keep the order of the calls.
 */
public interface StreamSink
{
    /**
     * One complete message, [offset, offset+length) of buffer, valid only during this call, read on connection
     * connectionId from remote, of the transport registered with transportIndex.
     */
    void onMessage(int transportIndex, long connectionId, InetSocketAddress remote, DirectBuffer buffer, int offset, int length);

    /**
     * Runs task on the thread that owns the transports' sending side (the reactor), after every message this
     * sink was given before: how a connection's opening and closing reach the owner's connection table.
     */
    void execute(Runnable task);
}
