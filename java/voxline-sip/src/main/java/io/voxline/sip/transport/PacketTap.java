package io.voxline.sip.transport;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;

/** Sees every datagram a transport sends: for captures and for tests that assert on the wire. Must not block. */
@FunctionalInterface
public interface PacketTap
{
    void onPacket(InetSocketAddress source, InetSocketAddress destination, DirectBuffer buffer, int offset, int length);
}
