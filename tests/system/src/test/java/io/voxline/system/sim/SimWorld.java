package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.CachedEpochClock;

import io.voxline.proxy.ProxyConfig;

/**
 * A whole network on one thread and one stepped clock: elements, the {@link SimNetwork} between them, and the
 * loop a reactor would run. Time moves only in {@link #step()}s of {@link #stepMs()}: each step advances the clock,
 * lets every element fire its due timers, then pumps board events and due datagrams until nothing moves.
 * Everything is seeded, so two worlds built and driven alike send the same bytes at the same times.
 */
public final class SimWorld
{
    /** Where the clock starts (any value works; not 0, so a time of 0 stands out). */
    public static final long START_MS = 1_000_000;
    public static final long DEFAULT_STEP_MS = 10;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final SimNetwork network;
    private final List<SimElement> elements = new ArrayList<>();
    private final long stepMs;
    private boolean started;

    public SimWorld()
    {
        this(DEFAULT_STEP_MS);
    }

    public SimWorld(final long stepMs)
    {
        if (stepMs <= 0)
        {
            throw new IllegalArgumentException("step " + stepMs);
        }
        this.stepMs = stepMs;
        clock.update(START_MS);
        network = new SimNetwork(clock::time);
    }

    // ------------------------------------------------------------------------------------------ building

    /** A gateway with one line (user@domain) whose registrar and outbound proxy is proxy; RTP on rtpPort. */
    public SimGateway gateway(
        final String name, final InetSocketAddress address, final String user, final String domain,
        final InetSocketAddress proxy, final int rtpPort, final long seed)
    {
        return add(new SimGateway(this, name, address, user, domain, proxy, rtpPort, seed));
    }

    /** A proxy/registrar for domains with a route table (first match wins), Record-Route on. */
    public SimProxy proxy(
        final String name, final InetSocketAddress address, final List<String> domains,
        final List<ProxyConfig.Route> routes, final long seed)
    {
        return add(new SimProxy(this, name, address, domains, routes, seed));
    }

    private <T extends SimElement> T add(final T element)
    {
        if (started)
        {
            throw new IllegalStateException("add elements before start()");
        }
        elements.add(element);
        return element;
    }

    // ------------------------------------------------------------------------------------------ running

    /** Starts every element in the order added, then pumps. */
    public void start()
    {
        started = true;
        for (final SimElement e : elements)
        {
            e.start();
        }
        pump();
    }

    /** Delivers injected board events and due datagrams until nothing moves, without moving time. */
    public void pump()
    {
        int moved;
        do
        {
            moved = 0;
            for (final SimElement e : elements)
            {
                moved += e.pumpLocal();
            }
            moved += network.deliverDue();
        }
        while (moved > 0);
    }

    /** One step: the clock moves stepMs, timers fire, then {@link #pump()}. */
    public void step()
    {
        pump();
        clock.advance(stepMs);
        final long now = clock.time();
        for (final SimElement e : elements)
        {
            e.tick(now);
        }
        pump();
    }

    /** Steps for (at least) ms. */
    public void run(final long ms)
    {
        final long end = clock.time() + ms;
        pump();
        while (clock.time() - end < 0)
        {
            step();
        }
    }

    /**
     * Pumps, then steps until condition holds or maxMs has passed; true when it held. The condition is checked
     * after every step, so the time it became true is known to within one step.
     */
    public boolean runUntil(final BooleanSupplier condition, final long maxMs)
    {
        final long end = clock.time() + maxMs;
        pump();
        while (!condition.getAsBoolean())
        {
            if (clock.time() - end >= 0)
            {
                return false;
            }
            step();
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ looking

    public long now()
    {
        return clock.time();
    }

    /** Milliseconds since the world began. */
    public long elapsed()
    {
        return clock.time() - START_MS;
    }

    public long stepMs()
    {
        return stepMs;
    }

    public CachedEpochClock clock()
    {
        return clock;
    }

    public SimNetwork network()
    {
        return network;
    }

    public List<SimElement> elements()
    {
        return List.copyOf(elements);
    }

    /** "proxy1: 1 server transactions" for each thing any element still holds; empty when all is clean. */
    public List<String> leftovers()
    {
        final List<String> left = new ArrayList<>();
        for (final SimElement e : elements)
        {
            for (final String s : e.leftovers())
            {
                left.add(e.name() + ": " + s);
            }
        }
        if (network.inFlight() > 0)
        {
            left.add("network: " + network.inFlight() + " datagrams in flight");
        }
        return left;
    }

    /** "B: 1" for each element that caught failures inside itself; empty when none did. */
    public List<String> failures()
    {
        final List<String> f = new ArrayList<>();
        for (final SimElement e : elements)
        {
            if (e.failures() != 0)
            {
                f.add(e.name() + ": " + e.failures());
            }
        }
        return f;
    }
}
