package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyCore;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transaction.TransactionLayer;

/** A proxy/registrar core on one UDP address, with Record-Route, its own timer wheel on the world's clock. */
public final class SimProxy implements SimElement
{
    private final String name;
    private final ProxyCore core;

    SimProxy(
        final SimWorld world, final String name, final InetSocketAddress address, final List<String> domains,
        final List<ProxyConfig.Route> routes, final long seed)
    {
        this.name = name;
        final WheelTimerService timers = new WheelTimerService(world.clock());
        final ProxyCore[] self = new ProxyCore[1];
        final var transport = world.network().attach(name, address,
            (buffer, offset, length, source) -> self[0].onPacket(buffer, offset, length, source, 0));
        core = new ProxyCore(new ProxyConfig(List.of(address), domains, routes, true), List.of(transport), timers,
            TransactionConfig.RFC3261, new SipIds(new SplittableRandom(seed)));
        self[0] = core;
    }

    /** A route PATTERN=sip:host:port to another element. */
    public static ProxyConfig.Route route(final String pattern, final InetSocketAddress nextHop)
    {
        return new ProxyConfig.Route(pattern, nextHop, "sip:" + TransactionLayer.hostPort(nextHop));
    }

    public ProxyCore core()
    {
        return core;
    }

    /** Contacts registered here. */
    public int registrations()
    {
        return core.registrations();
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public InetSocketAddress address()
    {
        return core.config().listen().get(0);
    }

    @Override
    public void start()
    {
        core.onStart();
    }

    @Override
    public void tick(final long nowMs)
    {
        core.onTick(nowMs);
    }

    @Override
    public long failures()
    {
        return core.failures();
    }

    @Override
    public List<String> leftovers()
    {
        final List<String> left = new ArrayList<>();
        final TransactionLayer layer = core.transactionLayer(0);
        SimGateway.count(left, layer.clientTransactionCount(), "client transactions");
        SimGateway.count(left, layer.serverTransactionCount(), "server transactions");
        SimGateway.count(left, layer.answeredInviteCount(), "answered INVITE keys");
        return left;
    }

    @Override
    public String toString()
    {
        return name + " " + address();
    }
}
