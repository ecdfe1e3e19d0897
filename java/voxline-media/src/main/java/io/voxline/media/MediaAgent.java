package io.voxline.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import io.voxline.board.Board;

/**
 * The media agent: owns every RTP socket and every line's {@link MediaSession}. Each doWork takes the
 * reactor's commands off the SPSC ring, then lets each active session receive RTP and move the board frames
 * that are ready. Run it on an {@link org.agrona.concurrent.AgentRunner} or step it with an
 * {@link org.agrona.concurrent.AgentInvoker} (see {@link MediaEngine}); either way one thread calls it.
 */
public final class MediaAgent implements Agent
{
    private static final int COMMANDS_PER_WORK = 16;

    private final Board board;
    private final MediaEventSink sink;
    private final MediaConfig config;
    private final OneToOneRingBuffer ring;
    private final OneToOneConcurrentArrayQueue<Object> handoff = new OneToOneConcurrentArrayQueue<>(1024);
    private final MediaControl control;
    private final MediaSession[] sessions;
    private final MessageHandler onCommand = this::onCommand;
    private boolean closing;

    public MediaAgent(final Board board, final MediaEventSink sink, final MediaConfig config)
    {
        this.board = board;
        this.sink = sink;
        this.config = config;
        final ByteBuffer ringBytes = BufferUtil.allocateDirectAligned(
            config.commandRingBytes() + RingBufferDescriptor.TRAILER_LENGTH, 64);
        this.ring = new OneToOneRingBuffer(new UnsafeBuffer(ringBytes));
        final int lines = board.lineCount();
        this.sessions = new MediaSession[lines];
        for (int line = 0; line < lines; line++)
        {
            sessions[line] = new MediaSession(line, board, sink, config);
        }
        this.control = new MediaControl(ring, handoff, config, lines);
    }

    /** The reactor's handle: call it only from the reactor thread. */
    public MediaControl control()
    {
        return control;
    }

    /** The line's counters, readable from any thread. */
    public MediaStats stats(final int line)
    {
        return sessions[line].stats;
    }

    public int lineCount()
    {
        return sessions.length;
    }

    public MediaConfig config()
    {
        return config;
    }

    @Override
    public String roleName()
    {
        return "voxline-media";
    }

    @Override
    public int doWork()
    {
        int work = ring.read(onCommand, COMMANDS_PER_WORK);
        for (final MediaSession session : sessions)
        {
            work += session.doWork();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        for (final MediaSession session : sessions)
        {
            session.onStop();
        }
        // commands still queued may hold channels: take them, only to close them
        closing = true;
        ring.read(onCommand);
        Object orphan;
        while ((orphan = handoff.poll()) != null)
        {
            close(orphan);
        }
    }

    private static void close(final Object handedOver)
    {
        if (handedOver instanceof DatagramChannel channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing
            }
        }
    }

    private void onCommand(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final int line = buffer.getInt(index + MediaCommands.LINE);
        final int a1 = buffer.getInt(index + MediaCommands.ARG1);
        final int a2 = buffer.getInt(index + MediaCommands.ARG2);
        final int a3 = buffer.getInt(index + MediaCommands.ARG3);
        // take the handed-over object first, whatever happens next, to stay in step with the ring
        final Object object = type == MediaCommands.OPEN || type == MediaCommands.START || type == MediaCommands.UPDATE ?
            handoff.poll() : null;
        final MediaSession session = line >= 0 && line < sessions.length && !closing ? sessions[line] : null;
        switch (type)
        {
            case MediaCommands.OPEN ->
            {
                if (session != null && object instanceof DatagramChannel channel)
                {
                    session.onOpen(channel, a1);
                }
                else
                {
                    close(object);
                }
            }
            case MediaCommands.START, MediaCommands.UPDATE ->
            {
                if (session != null && object instanceof InetSocketAddress remote)
                {
                    session.onStart(remote, a1, a2, a3);
                }
            }
            case MediaCommands.STOP ->
            {
                if (session != null)
                {
                    session.onStop();
                }
            }
            case MediaCommands.SEND_EVENT ->
            {
                if (session != null)
                {
                    session.onSendEvent(a1, a2);
                }
            }
            case MediaCommands.KEY_DOWN ->
            {
                if (session != null)
                {
                    session.onKeyDown(a1);
                }
            }
            case MediaCommands.KEY_UP ->
            {
                if (session != null)
                {
                    session.onKeyUp(a1, a2);
                }
            }
            default ->
            {
                // unknown record: ignored
            }
        }
    }

    /** The session of a line, for tests in this package. */
    MediaSession session(final int line)
    {
        return sessions[line];
    }
}
