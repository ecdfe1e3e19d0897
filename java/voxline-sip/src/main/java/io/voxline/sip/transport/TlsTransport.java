package io.voxline.sip.transport;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * SIP over TLS (RFC 3261 §18, §26.2): {@link TcpTransport}'s connections with the JDK's SSLEngine on each
 * (handshake, wrap/unwrap into buffers allocated once per connection, close_notify on close). Accepted
 * connections present the keystore's certificate; outgoing ones check the peer's chain against the truststore
 * and that the certificate names the IP we connected to (see {@link TlsConfig}). A failed handshake closes the connection ({@link CloseReason#TLS_FAILURE}).
 */
public final class TlsTransport extends StreamTransport
{
    private final SSLContext context;
    private final TlsConfig tls;
    private final int packetBufferSize;

    private TlsTransport(final InetSocketAddress address, final StreamConfig config, final TlsConfig tls, final SSLContext context,
        final int appBufferSize, final int packetBufferSize)
    {
        // the reassembly buffer takes one whole TLS record beyond the largest message still pending
        super(openServer(address, "tls"), config, config.maxMessageBytes() + appBufferSize);
        this.context = context;
        this.tls = tls;
        this.packetBufferSize = packetBufferSize;
    }

    /** Listens on an IP literal and port (0 takes a free port); loads the stores now (a bad one throws, naming it). */
    public static TlsTransport bind(final InetSocketAddress address, final StreamConfig config, final TlsConfig tls)
    {
        final SSLContext context = tls.context();
        final SSLEngine probe = context.createSSLEngine();
        final int app = probe.getSession().getApplicationBufferSize();
        final int packet = probe.getSession().getPacketBufferSize();
        return new TlsTransport(address, config, tls, context, app, packet);
    }

    public TlsConfig tlsConfig()
    {
        return tls;
    }

    @Override
    public String protocol()
    {
        return "TLS";
    }

    @Override
    TlsSession newTlsSession(final StreamConnection connection, final boolean client)
    {
        final SSLEngine engine = TlsConfig.engine(context, client, connection.remote.getAddress().getHostAddress(),
            connection.remote.getPort());
        return new TlsSession(engine, Math.max(packetBufferSize, engine.getSession().getPacketBufferSize()));
    }
}
