package io.voxline.app.demo;

import java.net.InetSocketAddress;

/** A column of the ladder: one SIP element, its signalling address and (for a gateway) its RTP port range. */
public record Element(String name, InetSocketAddress sip, int rtpLow, int rtpHigh)
{
    public boolean owns(final InetSocketAddress a)
    {
        if (!a.getAddress().equals(sip.getAddress()))
        {
            return false;
        }
        return a.getPort() == sip.getPort() || (a.getPort() >= rtpLow && a.getPort() <= rtpHigh);
    }

    public boolean isGateway()
    {
        return rtpHigh > 0;
    }
}
