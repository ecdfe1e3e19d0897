package io.voxline.gateway;

import java.net.InetSocketAddress;

/**
 * What the element's TCP/TLS transports do for the flows lines register over (RFC 5626 §4.4.1), as the wiring
 * provides it to {@link GatewayCore#flowControl}: whether each CRLF pong is reported (to
 * {@link GatewayCore#onPong}), and closing a flow that stopped answering, so the re-registration opens a new one.
 * Called on the reactor thread.
 */
public interface FlowControl
{
    /** Pongs go unreported and flows are not closed: a flow fails only when its connection closes. */
    FlowControl NONE = new FlowControl()
    {
        @Override
        public boolean reportsPongs()
        {
            return false;
        }

        @Override
        public void close(final int transportIndex, final InetSocketAddress remote)
        {
            // nothing to close with
        }
    };

    /** True when every CRLF pong reaches {@link GatewayCore#onPong}: only then is a missing pong a failed flow. */
    boolean reportsPongs();

    /** Closes the connection of transport transportIndex to remote; its closing then reaches {@link GatewayCore#onConnectionClosed}. */
    void close(int transportIndex, InetSocketAddress remote);
}
