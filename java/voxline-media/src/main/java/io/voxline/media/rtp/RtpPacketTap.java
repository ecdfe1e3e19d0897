package io.voxline.media.rtp;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;

/**
 * Sees every RTP datagram the media agent sends, on the agent thread: for captures (pcap) and tests.
 * The bytes are valid only during the call; it must neither block nor keep them.
 */
@FunctionalInterface
public interface RtpPacketTap
{
    void onPacket(InetSocketAddress src, InetSocketAddress dst, DirectBuffer buf, int off, int len);
}
