package io.voxline.media;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import io.voxline.media.codec.G711;
import io.voxline.media.dtmf.TelephoneEvent;

/**
 * The reactor's handle on the media agent. Every method runs on the reactor thread (the ring's single
 * producer), never blocks, and returns at once: the agent carries the command out on its next doWork.
 * A method that returns false or -1 changed nothing (bad arguments, no port, or the ring is full).
 */
public final class MediaControl
{
    /** The longest board frame (vxb_media_start takes 10, 20 or 30 ms). */
    public static final int MAX_BOARD_FRAME_MS = 30;

    private final RingBuffer ring;
    private final AtomicBuffer buffer;
    private final OneToOneConcurrentArrayQueue<Object> handoff;
    private final MediaConfig config;
    private final int[] ports;
    private final int[] eventPts;
    private int nextPort;

    MediaControl(
        final RingBuffer ring, final OneToOneConcurrentArrayQueue<Object> handoff, final MediaConfig config, final int lines)
    {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.handoff = handoff;
        this.config = config;
        this.ports = new int[lines];
        this.eventPts = new int[lines];
        this.nextPort = (config.portMin() + 1) & ~1;
    }

    public int lineCount()
    {
        return ports.length;
    }

    /**
     * Binds a non-blocking UDP socket on the configured address to a free even port of the range and hands
     * it to the agent. Returns the port (for the SDP), or -1. A line that already has a port gets that port.
     */
    public int openPort(final int line)
    {
        if (line < 0 || line >= ports.length)
        {
            return -1;
        }
        if (ports[line] != 0)
        {
            return ports[line];
        }
        final DatagramChannel channel = bind();
        if (channel == null)
        {
            return -1;
        }
        final int port;
        try
        {
            port = ((InetSocketAddress)channel.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            close(channel);
            return -1;
        }
        if (!send(MediaCommands.OPEN, line, port, 0, 0, channel))
        {
            close(channel);
            return -1;
        }
        ports[line] = port;
        eventPts[line] = -1;
        return port;
    }

    /** True for a frame length the board runs: 10, 20 or 30 ms. */
    public static boolean isBoardFrameMs(final int ms)
    {
        return ms == 10 || ms == 20 || ms == 30;
    }

    /**
     * The board frame (and so the ptime of the RTP sent) for a peer's a=ptime: the longest board frame not
     * above it, at least 10 ms (60 and 40 give 30, 25 gives 20). Whatever it is, the peer's packets of any
     * length up to {@link MediaConfig#maxPtimeMs()} are played: playout counts samples, not packets.
     */
    public static int boardFrameMsFor(final int peerPtimeMs)
    {
        return Math.max(10, Math.min(MAX_BOARD_FRAME_MS, peerPtimeMs / 10 * 10));
    }

    /**
     * Starts the line's media with the remote the SDP named: payloadType 0 (PCMU) or 8 (PCMA),
     * telephoneEventPt the negotiated RFC 4733 payload type or -1, ptimeMs the board frame and the ptime
     * sent: 10, 20 or 30 (see {@link #boardFrameMsFor}); anything else is refused (false). The port must be
     * open.
     */
    public boolean start(
        final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt, final int ptimeMs)
    {
        return startOrUpdate(MediaCommands.START, line, remote, payloadType, telephoneEventPt, ptimeMs);
    }

    /** A new remote, codec or ptime for a started line (a re-INVITE); starts it if it was not. */
    public boolean update(
        final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt, final int ptimeMs)
    {
        return startOrUpdate(MediaCommands.UPDATE, line, remote, payloadType, telephoneEventPt, ptimeMs);
    }

    /**
     * Stops the line's media and closes its port. Returns false only for a line without a port, or when the
     * ring is full (then the port stays the line's: call again).
     */
    public boolean stop(final int line)
    {
        if (line < 0 || line >= ports.length || ports[line] == 0)
        {
            return false;
        }
        if (!send(MediaCommands.STOP, line, 0, 0, 0, null))
        {
            return false;
        }
        ports[line] = 0;
        eventPts[line] = -1;
        return true;
    }

    /** Sends a DTMF key as RFC 4733 events; false when the line has no telephone-event payload type. */
    public boolean sendDigit(final int line, final char digit, final int durationMs)
    {
        final int event = TelephoneEvent.eventForDigit(digit);
        return event >= 0 && sendEvent(line, event, durationMs);
    }

    /** Sends any RFC 4733 event (16 is flash) for durationMs. */
    public boolean sendEvent(final int line, final int event, final int durationMs)
    {
        if (line < 0 || line >= ports.length || ports[line] == 0 || eventPts[line] < 0 || event < 0 || event > 255 ||
            durationMs <= 0)
        {
            return false;
        }
        return send(MediaCommands.SEND_EVENT, line, event, durationMs, 0, null);
    }

    /**
     * The person pressed a DTMF key during the call: RFC 4733 packets start at the next frame (marker bit, the
     * duration growing each packet time) and go on until {@link #keyUp}; mouthpiece frames the board flags as
     * DTMF are sent muted meanwhile, so the far end does not hear the digit twice. False when the line has no
     * telephone-event payload type (the digit then goes in-band, in the voice) or digit is no DTMF key.
     */
    public boolean keyDown(final int line, final char digit)
    {
        final int event = TelephoneEvent.eventForDigit(digit);
        if (event < 0 || !hasEvents(line))
        {
            return false;
        }
        return send(MediaCommands.KEY_DOWN, line, event, 0, 0, null);
    }

    /** The key of {@link #keyDown} went up after durationMs: the event ends (three end packets) once that long. */
    public boolean keyUp(final int line, final char digit, final int durationMs)
    {
        final int event = TelephoneEvent.eventForDigit(digit);
        if (event < 0 || !hasEvents(line))
        {
            return false;
        }
        return send(MediaCommands.KEY_UP, line, event, Math.max(1, durationMs), 0, null);
    }

    /** True when the line is started with a telephone-event payload type (RFC 4733 negotiated). */
    public boolean hasEvents(final int line)
    {
        return line >= 0 && line < ports.length && ports[line] != 0 && eventPts[line] >= 0;
    }

    /** The line's open port, or 0. */
    public int port(final int line)
    {
        return line >= 0 && line < ports.length ? ports[line] : 0;
    }

    private boolean startOrUpdate(
        final int type, final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt,
        final int ptimeMs)
    {
        if (line < 0 || line >= ports.length || ports[line] == 0 || remote == null || remote.isUnresolved() ||
            remote.getPort() <= 0 || G711.forPayloadType(payloadType) == null ||
            telephoneEventPt < -1 || telephoneEventPt > 127 || telephoneEventPt == payloadType ||
            !isBoardFrameMs(ptimeMs) || ptimeMs > config.maxPtimeMs())
        {
            return false;
        }
        if (!send(type, line, payloadType, telephoneEventPt, ptimeMs, remote))
        {
            return false;
        }
        eventPts[line] = telephoneEventPt;
        return true;
    }

    /** Claims a record, hands over the object (if any) and commits: all or nothing. */
    private boolean send(final int type, final int line, final int a1, final int a2, final int a3, final Object object)
    {
        final int index = ring.tryClaim(type, MediaCommands.LENGTH);
        if (index < 0)
        {
            return false;
        }
        if (object != null && !handoff.offer(object))
        {
            ring.abort(index);
            return false;
        }
        buffer.putInt(index + MediaCommands.LINE, line);
        buffer.putInt(index + MediaCommands.ARG1, a1);
        buffer.putInt(index + MediaCommands.ARG2, a2);
        buffer.putInt(index + MediaCommands.ARG3, a3);
        ring.commit(index);
        return true;
    }

    private DatagramChannel bind()
    {
        if (config.portMin() == 0)
        {
            return tryBind(0);
        }
        final int first = (config.portMin() + 1) & ~1;
        final int count = (config.portMax() - first) / 2 + 1;
        for (int i = 0; i < count; i++)
        {
            if (nextPort > config.portMax())
            {
                nextPort = first;
            }
            final int port = nextPort;
            // round robin, so a port just closed is not reused at once (late packets of the last call)
            nextPort += 2;
            final DatagramChannel channel = tryBind(port);
            if (channel != null)
            {
                return channel;
            }
        }
        return null;
    }

    private DatagramChannel tryBind(final int port)
    {
        DatagramChannel channel = null;
        try
        {
            channel = DatagramChannel.open(config.localAddress() instanceof Inet6Address ?
                StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.bind(new InetSocketAddress(config.localAddress(), port));
            return channel;
        }
        catch (final IOException | RuntimeException ex)
        {
            // BindException: in use, try the next one
            close(channel);
            return null;
        }
    }

    private static void close(final DatagramChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // nothing more to do
            }
        }
    }
}
