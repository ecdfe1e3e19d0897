package io.voxline.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open journal: the Chronicle Queue in a directory, the ring the reactor writes into and the
 * {@link JournalAgent} that is its only appender. Run the agent either on its own thread ({@link #start()})
 * or step it from the caller's thread ({@link #doWork()}, the invoker mode tests use); or schedule
 * {@link #agent()} yourself and use neither. {@link #close()} appends everything accepted, then closes.
 *
 * <pre>
 * Journal journal = Journal.open(JournalConfig.of(dir)).start();
 * JournalWriter w = journal.writer();          // reactor thread
 * w.callStarted(callId, 1, CallDirection.OUT, local, remote, now);
 * ...
 * journal.close();                              // after the reactor stopped writing
 * </pre>
 */
public final class Journal implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final Path dir;
    private final JournalAgent agent;
    private final JournalConfig config;
    private final AtomicLong errors = new AtomicLong();
    private final ErrorHandler errorHandler = this::onError;
    private AgentRunner runner;
    private AgentInvoker invoker;
    private boolean closed;

    private Journal(final Path dir, final JournalAgent agent, final JournalConfig config)
    {
        this.dir = dir;
        this.agent = agent;
        this.config = config;
    }

    /**
     * Opens (creating if need be) the journal in the configured directory. Nothing runs yet.
     *
     * @throws IllegalArgumentException for a bad ring capacity
     * @throws IllegalStateException    naming the directory, when it cannot be created or opened
     */
    public static Journal open(final JournalConfig config)
    {
        final int capacity = config.ringCapacity();
        if (!BitUtil.isPowerOfTwo(capacity) || capacity < JournalConfig.MIN_RING_CAPACITY)
        {
            throw new IllegalArgumentException("journal ring capacity must be a power of two >= " +
                JournalConfig.MIN_RING_CAPACITY + ": " + capacity);
        }
        final Path dir = config.dir();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException | RuntimeException e)
        {
            throw new IllegalStateException("cannot create journal directory " + dir + ": " + e, e);
        }
        final ChronicleQueue queue;
        try
        {
            queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).build();
        }
        catch (final RuntimeException e)
        {
            throw new IllegalStateException("cannot open journal " + dir + ": " + e, e);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
        final RingBuffer ring = config.sharedWriters() ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        return new Journal(dir, new JournalAgent(queue, ring, config.clock(), config.recoverOnStart()), config);
    }

    public Path dir()
    {
        return dir;
    }

    /** The reactor's handle (see {@link JournalWriter}). */
    public JournalWriter writer()
    {
        return agent.writer();
    }

    public JournalAgent agent()
    {
        return agent;
    }

    /** Runs the agent on its own daemon thread with the configured idle strategy. */
    public Journal start()
    {
        if (runner != null || invoker != null || closed)
        {
            throw new IllegalStateException("journal " + dir + " already running or closed");
        }
        runner = new AgentRunner(config.idleStrategy().get(), errorHandler, null, agent);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, JournalAgent.ROLE_NAME);
            t.setDaemon(true);
            return t;
        });
        return this;
    }

    /**
     * Invoker mode: one step of the agent on the caller's thread (the first step starts it, running
     * recovery). Returns the work done: entries appended.
     */
    public int doWork()
    {
        if (runner != null || closed)
        {
            throw new IllegalStateException("journal " + dir + " runs on its own thread or is closed");
        }
        if (invoker == null)
        {
            invoker = new AgentInvoker(errorHandler, null, agent);
            invoker.start();
        }
        return invoker.invoke();
    }

    /** Errors the agent met (Chronicle failing to append, say), each logged. */
    public long errorCount()
    {
        return errors.get();
    }

    /** Refuses new entries, appends every accepted one, closes the queue. Call after writers stopped. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (runner != null)
        {
            runner.close();
        }
        else if (invoker != null)
        {
            invoker.close();
        }
        else
        {
            agent.onClose();
        }
    }

    private void onError(final Throwable t)
    {
        errors.incrementAndGet();
        LOG.warn("journal {}: {}", dir, t.toString(), t);
    }
}
