package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.concurrent.SystemEpochClock;

import io.voxline.reactor.Reactor;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.transport.PacketTap;
import io.voxline.sip.transport.UdpTransport;

/**
 * A running proxy: one UDP transport per listen address, a {@link ProxyCore} on its own reactor thread, timers
 * on a wheel polled every tick. Methods other than the reactor's own are safe from any thread.
 */
public final class ProxyServer implements AutoCloseable
{
    private final List<UdpTransport> transports;
    private final List<InetSocketAddress> bound;
    private final ProxyCore core;
    private final Reactor reactor;
    private volatile boolean closed;

    private ProxyServer(final List<UdpTransport> transports, final ProxyCore core, final Reactor reactor)
    {
        this.transports = transports;
        this.core = core;
        this.reactor = reactor;
        final List<InetSocketAddress> addresses = new ArrayList<>(transports.size());
        for (final UdpTransport t : transports)
        {
            addresses.add(t.localAddress());
        }
        this.bound = List.copyOf(addresses);
    }

    /**
     * Binds every listen address (port 0 takes a free port), starts the reactor (named "proxy-PORT" after
     * the first bound port) and returns once it runs. tap, when not null, sees every datagram sent.
     */
    public static ProxyServer start(final ProxyConfig config, final PacketTap tap)
    {
        if (config.listen().isEmpty())
        {
            throw new IllegalArgumentException("a proxy needs at least one listen address");
        }
        final List<UdpTransport> transports = new ArrayList<>();
        try
        {
            for (final InetSocketAddress address : config.listen())
            {
                final UdpTransport t = UdpTransport.bind(address);
                transports.add(t);
                if (tap != null)
                {
                    t.tap(tap);
                }
            }
            final WheelTimerService timers = new WheelTimerService(SystemEpochClock.INSTANCE);
            final ProxyCore core = new ProxyCore(config, transports, timers);
            final Reactor reactor = new Reactor("proxy-" + transports.get(0).localAddress().getPort(), core);
            for (int i = 0; i < transports.size(); i++)
            {
                reactor.addDatagramChannel(transports.get(i).channel(), i);
            }
            reactor.start();
            return new ProxyServer(transports, core, reactor);
        }
        catch (final RuntimeException ex)
        {
            for (final UdpTransport t : transports)
            {
                t.close();
            }
            throw ex;
        }
    }

    /** The bound listen addresses, in the order of the configuration. */
    public List<InetSocketAddress> listenAddresses()
    {
        return bound;
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
        for (final UdpTransport t : transports)
        {
            t.close();
        }
    }
}
