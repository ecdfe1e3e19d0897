package io.voxline.media;

import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;

import io.voxline.board.Board;

/**
 * Runs a {@link MediaAgent}: on its own thread with the configured idle strategy ({@link #launch}), or
 * stepped by the caller ({@link #invoker}: every {@link #invoke()} is one doWork on the calling thread, which
 * is how tests run deterministically and how a single-threaded build could run it).
 */
public final class MediaEngine implements AutoCloseable
{
    private final MediaAgent agent;
    private final AgentRunner runner;
    private final AgentInvoker invoker;

    private MediaEngine(final MediaAgent agent, final AgentRunner runner, final AgentInvoker invoker)
    {
        this.agent = agent;
        this.runner = runner;
        this.invoker = invoker;
    }

    /** Starts the agent on a daemon thread named "voxline-media". */
    public static MediaEngine launch(final Board board, final MediaEventSink sink, final MediaConfig config)
    {
        final MediaAgent agent = new MediaAgent(board, sink, config);
        final AgentRunner runner = new AgentRunner(config.newIdleStrategy(), config.errorHandler(), null, agent);
        AgentRunner.startOnThread(runner, r ->
        {
            final Thread t = new Thread(r, agent.roleName());
            t.setDaemon(true);
            return t;
        });
        return new MediaEngine(agent, runner, null);
    }

    /** Builds the agent for stepping with {@link #invoke()}; the calling thread becomes the agent thread. */
    public static MediaEngine invoker(final Board board, final MediaEventSink sink, final MediaConfig config)
    {
        final MediaAgent agent = new MediaAgent(board, sink, config);
        final AgentInvoker invoker = new AgentInvoker(config.errorHandler(), null, agent);
        invoker.start();
        return new MediaEngine(agent, null, invoker);
    }

    /** One doWork (invoker mode only); returns its work count. */
    public int invoke()
    {
        if (invoker == null)
        {
            throw new IllegalStateException("the media agent runs on its own thread");
        }
        return invoker.invoke();
    }

    public MediaControl control()
    {
        return agent.control();
    }

    public MediaStats stats(final int line)
    {
        return agent.stats(line);
    }

    public MediaAgent agent()
    {
        return agent;
    }

    /** Stops the agent: every session's media is stopped and its port closed. */
    @Override
    public void close()
    {
        if (runner != null)
        {
            runner.close();
        }
        else
        {
            invoker.close();
        }
    }
}
