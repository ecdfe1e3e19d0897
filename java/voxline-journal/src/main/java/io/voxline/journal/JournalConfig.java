package io.voxline.journal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

/**
 * How to open a {@link Journal}: its directory and, with defaults fit for the router, the ring between
 * reactor and agent, the agent's idle strategy, the clock and whether recovery runs on start.
 */
public final class JournalConfig
{
    /** 64 KiB: hundreds of entries, far more than a burst of call events. */
    public static final int DEFAULT_RING_CAPACITY = 64 * 1024;
    /** Agrona allows a message an eighth of the ring; the largest entry needs 16 KiB. */
    public static final int MIN_RING_CAPACITY = 16 * 1024;

    private final Path dir;
    private int ringCapacity = DEFAULT_RING_CAPACITY;
    private Supplier<IdleStrategy> idleStrategy = JournalConfig::defaultIdleStrategy;
    private EpochClock clock = SystemEpochClock.INSTANCE;
    private boolean recoverOnStart = true;
    private boolean sharedWriters;

    public JournalConfig(final Path dir)
    {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    public static JournalConfig of(final Path dir)
    {
        return new JournalConfig(dir);
    }

    /**
     * The router default: back off from a yield to parking up to 10 ms, so an idle journal costs nearly
     * nothing on a two-core CPU while a burst is appended within a few milliseconds.
     */
    public static IdleStrategy defaultIdleStrategy()
    {
        return new BackoffIdleStrategy(1, 1, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(10));
    }

    public Path dir()
    {
        return dir;
    }

    /** A power of two, at least {@link #MIN_RING_CAPACITY}. */
    public JournalConfig ringCapacity(final int bytes)
    {
        this.ringCapacity = bytes;
        return this;
    }

    public int ringCapacity()
    {
        return ringCapacity;
    }

    /** The agent thread's idle strategy (busy-spin only for benchmarks). */
    public JournalConfig idleStrategy(final Supplier<IdleStrategy> idleStrategy)
    {
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
        return this;
    }

    public Supplier<IdleStrategy> idleStrategy()
    {
        return idleStrategy;
    }

    /** The clock recovery stamps its signal with. */
    public JournalConfig clock(final EpochClock clock)
    {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public EpochClock clock()
    {
        return clock;
    }

    /** Whether the agent ends calls left up by a previous run when it starts (default true). */
    public JournalConfig recoverOnStart(final boolean recover)
    {
        this.recoverOnStart = recover;
        return this;
    }

    public boolean recoverOnStart()
    {
        return recoverOnStart;
    }

    /**
     * When several threads write (e.g. the demo's two gateways, each with its reactor, sharing one journal):
     * a many-to-one ring instead of one-to-one. The agent stays the only appender either way.
     */
    public JournalConfig sharedWriters(final boolean shared)
    {
        this.sharedWriters = shared;
        return this;
    }

    public boolean sharedWriters()
    {
        return sharedWriters;
    }
}
