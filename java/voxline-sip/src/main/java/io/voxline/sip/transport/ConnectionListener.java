package io.voxline.sip.transport;

import java.net.InetSocketAddress;

/** Told on the owning (reactor) thread when a stream connection ends, e.g. to fail what waited on it. */
@FunctionalInterface
public interface ConnectionListener
{
    /**
     * Connection connectionId to remote (inbound: accepted by us) is closed; reason says why. A request that was
     * queued on it and not yet written is lost: a transaction on a reliable transport treats this as a
     * transport error (RFC 3261 §17.1.4 / §18.4).
     */
    void onConnectionClosed(StreamTransport transport, long connectionId, InetSocketAddress remote, boolean inbound, CloseReason reason);
}
