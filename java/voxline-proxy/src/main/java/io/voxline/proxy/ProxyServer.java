package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.concurrent.SystemEpochClock;

import io.voxline.reactor.LatencyProbe;
import io.voxline.reactor.Reactor;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.transport.PacketTap;
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.StreamTransport;
import io.voxline.sip.transport.TcpTransport;
import io.voxline.sip.transport.TlsTransport;
import io.voxline.sip.transport.UdpTransport;

/**
 * A running proxy: one transport per listener of its config (UDP, TCP or TLS, in that order: the transport
 * index), a {@link ProxyCore} on its own reactor thread, TCP/TLS connections on the reactor's stream I/O thread,
 * timers on a wheel polled every tick. Methods other than the reactor's own are safe from any thread.
 */
public final class ProxyServer implements AutoCloseable
{
    private final List<SipTransport> transports;
    private final List<ProxyConfig.Listener> bound;
    private final ProxyCore core;
    private final Reactor reactor;
    private final LatencyProbe probe;
    private volatile boolean closed;

    private ProxyServer(final List<SipTransport> transports, final ProxyCore core, final Reactor reactor, final LatencyProbe probe)
    {
        this.transports = transports;
        this.core = core;
        this.reactor = reactor;
        this.probe = probe;
        final List<ProxyConfig.Listener> listeners = new ArrayList<>(transports.size());
        for (final SipTransport t : transports)
        {
            listeners.add(new ProxyConfig.Listener(io.voxline.sip.transport.TransportKind.of(t), t.localAddress()));
        }
        this.bound = List.copyOf(listeners);
    }

    /**
     * Binds every listener (port 0 takes a free port; TLS loads its keystore now, and a bad one throws naming
     * it), starts the reactor (named "proxy-PORT" after the first bound port) and returns once it runs. tap, when
     * not null, sees every message sent, on every transport. With -Dvoxline.latency.log=FILE the proxy measures
     * datagram in to datagram out (see {@link LatencyProbe}) into FILE.
     */
    public static ProxyServer start(final ProxyConfig config, final PacketTap tap)
    {
        return start(config, tap, LatencyProbe.fromSystemProperty());
    }

    /** As above, measuring datagram in to datagram out with probe when it is not null (closed with the proxy). */
    public static ProxyServer start(final ProxyConfig config, final PacketTap packetTap, final LatencyProbe probe)
    {
        if (config.listeners().isEmpty())
        {
            throw new IllegalArgumentException("a proxy needs at least one listen address");
        }
        final PacketTap tap = probe == null ? packetTap : probe.andThen(packetTap);
        final List<SipTransport> transports = new ArrayList<>();
        try
        {
            for (final ProxyConfig.Listener l : config.listeners())
            {
                switch (l.kind())
                {
                    case UDP ->
                    {
                        final UdpTransport t = UdpTransport.bind(l.address());
                        transports.add(t);
                        t.tap(tap);
                    }
                    case TCP ->
                    {
                        final TcpTransport t = TcpTransport.bind(l.address(), config.stream());
                        transports.add(t);
                        t.tap(tap);
                    }
                    case TLS ->
                    {
                        final TlsTransport t = TlsTransport.bind(l.address(), config.stream(), config.tls());
                        transports.add(t);
                        t.tap(tap);
                    }
                    default -> throw new IllegalArgumentException("unknown transport " + l.kind());
                }
            }
            final WheelTimerService timers = new WheelTimerService(SystemEpochClock.INSTANCE);
            final ProxyCore core = new ProxyCore(config, transports, timers);
            final Reactor reactor = new Reactor("proxy-" + transports.get(0).localAddress().getPort(), core);
            for (int i = 0; i < transports.size(); i++)
            {
                final SipTransport t = transports.get(i);
                if (t instanceof UdpTransport udp)
                {
                    reactor.addDatagramChannel(udp.channel(), i);
                }
                else if (t instanceof StreamTransport stream)
                {
                    // told on the reactor thread: the transactions the connection carried end at once
                    stream.listener(core::onConnectionClosed);
                    reactor.addStreamTransport(stream, i);
                }
            }
            reactor.latencyProbe(probe);
            reactor.start();
            return new ProxyServer(transports, core, reactor, probe);
        }
        catch (final RuntimeException ex)
        {
            closeAll(transports);
            if (probe != null)
            {
                probe.close();
            }
            throw ex;
        }
    }

    private static void closeAll(final List<SipTransport> transports)
    {
        for (final SipTransport t : transports)
        {
            if (t instanceof AutoCloseable c)
            {
                try
                {
                    c.close();
                }
                catch (final Exception ignore)
                {
                    // closing anyway
                }
            }
        }
    }

    /** The bound listeners (transport and address), in the order of the configuration. */
    public List<ProxyConfig.Listener> listeners()
    {
        return bound;
    }

    /** The bound listen addresses, in the order of the configuration. */
    public List<InetSocketAddress> listenAddresses()
    {
        final List<InetSocketAddress> addresses = new ArrayList<>(bound.size());
        for (final ProxyConfig.Listener l : bound)
        {
            addresses.add(l.address());
        }
        return addresses;
    }

    /** The bound address of the first listener of kind, or null. */
    public InetSocketAddress address(final io.voxline.sip.transport.TransportKind kind)
    {
        for (final ProxyConfig.Listener l : bound)
        {
            if (l.kind() == kind)
            {
                return l.address();
            }
        }
        return null;
    }

    /** The digest realm when the proxy authenticates (see {@link ProxyConfig#realm()}), null when it is open. */
    public String realm()
    {
        return core.realm();
    }

    /** Contacts currently registered, read on the reactor thread. */
    public int registrations()
    {
        return onReactor(core::registrations);
    }

    /** Datagrams the core dropped (truncated, unanswerable, stray), read on the reactor thread. */
    public long dropped()
    {
        return onReactor(core::dropped);
    }

    private <T> T onReactor(final java.util.function.Supplier<T> query)
    {
        if (closed)
        {
            throw new IllegalStateException("proxy closed");
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        reactor.execute(() -> result.complete(query.get()));
        try
        {
            return result.get(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the proxy reactor", ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("proxy reactor did not answer", ex);
        }
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        reactor.close();
        closeAll(transports);
        if (probe != null)
        {
            probe.close();
        }
    }
}
