package io.voxline.sip.transport;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;

/** Where SIP messages leave an element. Called only on the owning (reactor) thread. */
public interface SipTransport
{
    /** "UDP", "TCP" or "TLS", as written in Via. */
    String protocol();

    /** The address this transport is bound to, as written in Via sent-by and Contact. */
    InetSocketAddress localAddress();

    /** Sends one message; returns false when it could not be sent now (UDP: dropped, retransmission recovers). */
    boolean send(DirectBuffer buffer, int offset, int length, InetSocketAddress destination);
}
