package io.voxline.sip.transport;

import java.net.InetSocketAddress;

/**
 * SIP over TCP (RFC 3261 §18): a listener on one address and connections both ways, served by a
 * {@link StreamIo} thread. See {@link StreamTransport} for threads, reuse and limits.
 */
public final class TcpTransport extends StreamTransport
{
    private TcpTransport(final InetSocketAddress address, final StreamConfig config)
    {
        super(openServer(address, "tcp"), config, config.maxMessageBytes());
    }

    /** Listens on an IP literal and port (0 takes a free port) with the default limits. */
    public static TcpTransport bind(final InetSocketAddress address)
    {
        return bind(address, StreamConfig.DEFAULTS);
    }

    public static TcpTransport bind(final InetSocketAddress address, final StreamConfig config)
    {
        return new TcpTransport(address, config);
    }

    @Override
    public String protocol()
    {
        return "TCP";
    }
}
