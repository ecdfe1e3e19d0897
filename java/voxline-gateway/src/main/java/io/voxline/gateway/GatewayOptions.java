package io.voxline.gateway;

import io.voxline.journal.Journal;
import io.voxline.media.rtp.RtpPacketTap;
import io.voxline.sip.transport.PacketTap;

/**
 * What a running {@link Gateway} may be given besides its configuration; every field may be null.
 *
 * @param sipTap  sees every SIP message the gateway sends, on every transport (captures, tests)
 * @param rtpTap  sees every RTP datagram the media agent sends
 * @param journal an already open and started journal to write into (the caller closes it); null: the gateway
 *                opens its own at {@link GatewayConfig#journalDir()} and closes it. The gateway's reactor writes it:
 *                share one journal between elements only if it was opened with shared writers
 */
public record GatewayOptions(PacketTap sipTap, RtpPacketTap rtpTap, Journal journal)
{
    public static final GatewayOptions DEFAULT = new GatewayOptions(null, null, null);

    public GatewayOptions withSipTap(final PacketTap tap)
    {
        return new GatewayOptions(tap, rtpTap, journal);
    }

    public GatewayOptions withRtpTap(final RtpPacketTap tap)
    {
        return new GatewayOptions(sipTap, tap, journal);
    }

    public GatewayOptions withJournal(final Journal j)
    {
        return new GatewayOptions(sipTap, rtpTap, j);
    }
}
