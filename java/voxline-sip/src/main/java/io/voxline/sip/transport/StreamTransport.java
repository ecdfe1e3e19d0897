package io.voxline.sip.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * A SIP transport over TCP ({@link TcpTransport}) or TLS ({@link TlsTransport}) for one listen address
 * (RFC 3261 §18): a listener, connections both ways, and the stream framing of §18.3.
 *
 * <p>Two threads, one writer each. The <b>owner</b> (the reactor) calls {@link #send} and friends: it keeps the
 * table of connections by remote address and by id, and writes each message into the chosen connection's
 * outbound ring (Agrona, bounded, pre-allocated per connection), never blocking. The <b>I/O thread</b>
 * ({@link StreamIo}) owns the sockets: it accepts, connects (IP literals only), reads and frames, runs TLS,
 * writes the rings out when the socket is writable, and enforces the limits of {@link StreamConfig}. A
 * connection reaches the owner's table through {@link StreamSink#execute} (accepted: before its first message;
 * closed: after its last), so the owner never touches a socket and the I/O thread never touches the table.
 *
 * <p>Reuse (RFC 3261 §18.1.1, §18.2.2): a request to a destination goes on the open connection to it, whichever
 * side opened it; a response goes back on the connection its request came in on (its source address or its
 * connection id), falling back to a connection to the address the Via names. A message that cannot be queued
 * (connection limit, queue overflow, transport closed) is refused with false; a connection that fails later is
 * reported to the {@link ConnectionListener}.
 */
public abstract sealed class StreamTransport implements SipTransport, AutoCloseable permits TcpTransport, TlsTransport
{
    private static final int MSG_SIP = 1;
    private static final int MSG_PING = 2;
    private static final UnsafeBuffer PING = new UnsafeBuffer("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

    final StreamConfig config;
    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    private final ManyToOneConcurrentArrayQueue<StreamConnection> connectQueue;
    private final ManyToOneConcurrentArrayQueue<StreamConnection> flushQueue;
    private final StreamCounters stats = new StreamCounters();
    /** The I/O thread's half. */
    private final StreamConnections connections;
    private volatile StreamIo io;
    private volatile boolean closed;
    private volatile PacketTap tap;

    // ---------------------------------------------------------------- owner thread
    private final HashMap<InetSocketAddress, StreamConnection> byRemote = new HashMap<>();
    private final Long2ObjectHashMap<StreamConnection> byId = new Long2ObjectHashMap<>();
    private ConnectionListener listener;

    StreamTransport(final ServerSocketChannel server, final StreamConfig config, final int inboundCapacity)
    {
        this.server = server;
        this.config = config;
        try
        {
            this.localAddress = (InetSocketAddress)server.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final int queue = Math.max(64, Integer.highestOneBit(config.maxConnections() * 2 - 1) << 1);
        this.connectQueue = new ManyToOneConcurrentArrayQueue<>(queue);
        this.flushQueue = new ManyToOneConcurrentArrayQueue<>(queue);
        this.connections = new StreamConnections(this, server, localAddress, inboundCapacity, connectQueue, flushQueue, stats);
    }

    /** A bound, non-blocking listener; protocol names the transport in the error. */
    static ServerSocketChannel openServer(final InetSocketAddress address, final String protocol)
    {
        ServerSocketChannel ch = null;
        try
        {
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(address, 128);
            ch.configureBlocking(false);
            return ch;
        }
        catch (final IOException ex)
        {
            if (ch != null)
            {
                try
                {
                    ch.close();
                }
                catch (final IOException ignore)
                {
                    // already failing
                }
            }
            throw new UncheckedIOException("cannot bind " + protocol + ":" + address.getAddress().getHostAddress() + ":" +
                address.getPort() + ": " + ex.getMessage(), ex);
        }
    }

    /** TLS: a session for a new connection; TCP: none. */
    TlsSession newTlsSession(final StreamConnection connection, final boolean client)
    {
        return null;
    }

    // ================================================================ owner (reactor) thread

    @Override
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    public StreamConfig config()
    {
        return config;
    }

    /** The largest message either way: the ring slots that receive them must be at least this large. */
    public int maxMessageBytes()
    {
        return config.maxMessageBytes();
    }

    /** Sees every SIP message sent, whole, on the owner thread as it is queued. */
    public void tap(final PacketTap tap)
    {
        this.tap = tap;
    }

    /** Told when a connection closes (owner thread). */
    public void listener(final ConnectionListener listener)
    {
        this.listener = listener;
    }

    /**
     * Queues one message to destination on the open connection to it (RFC 3261 §18.1.1: reuse, whichever side
     * opened it), else on a new outgoing connection (destination must be an IP literal address). False when it
     * cannot be queued: too large, no address, transport closed, connection limit of the pending queue, or the
     * connection's queue overflowed (that connection is then closed).
     */
    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        if (!sendable(buffer, length) || destination == null)
        {
            stats.sendFailures++;
            return false;
        }
        tap(destination, buffer, offset, length);
        StreamConnection c = usable(byRemote.get(destination));
        if (c == null)
        {
            c = connect(destination);
            if (c == null)
            {
                stats.sendFailures++;
                return false;
            }
        }
        return enqueue(c, MSG_SIP, buffer, offset, length);
    }

    /**
     * A response (RFC 3261 §18.2.2): on the connection to source (the request's connection) while it is open,
     * else to fallback (the Via's received/rport or sent-by address) on an open or new connection.
     */
    public boolean sendResponse(
        final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress source, final InetSocketAddress fallback)
    {
        final StreamConnection c = source == null ? null : usable(byRemote.get(source));
        if (c == null)
        {
            return send(buffer, offset, length, fallback);
        }
        if (!sendable(buffer, length))
        {
            stats.sendFailures++;
            return false;
        }
        tap(source, buffer, offset, length);
        return enqueue(c, MSG_SIP, buffer, offset, length);
    }

    /** On exactly the connection with this id (a {@code ReactorEvent.connectionId}); false when it is gone. */
    public boolean sendOn(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final StreamConnection c = usable(byId.get(connectionId));
        if (c == null || !sendable(buffer, length))
        {
            stats.sendFailures++;
            return false;
        }
        tap(c.remote, buffer, offset, length);
        return enqueue(c, MSG_SIP, buffer, offset, length);
    }

    /** An RFC 5626 §3.5.1 CRLFCRLF keepalive on the open connection to destination; false when there is none. */
    public boolean sendPing(final InetSocketAddress destination)
    {
        final StreamConnection c = destination == null ? null : usable(byRemote.get(destination));
        return c != null && enqueue(c, MSG_PING, PING, 0, PING.capacity());
    }

    /** Whether the owner knows an open connection to (or from) remote. */
    public boolean hasConnection(final InetSocketAddress remote)
    {
        return remote != null && usable(byRemote.get(remote)) != null;
    }

    /** The id of the open connection to remote, or 0. */
    public long connectionId(final InetSocketAddress remote)
    {
        final StreamConnection c = remote == null ? null : usable(byRemote.get(remote));
        return c == null ? 0 : c.id;
    }

    private boolean sendable(final DirectBuffer buffer, final int length)
    {
        return buffer != null && length > 0 && length <= config.maxMessageBytes() && !closed;
    }

    private void tap(final InetSocketAddress destination, final DirectBuffer buffer, final int offset, final int length)
    {
        final PacketTap t = tap;
        if (t != null)
        {
            t.onPacket(localAddress, destination, buffer, offset, length);
        }
    }

    private static StreamConnection usable(final StreamConnection c)
    {
        return c == null || c.closed || c.closeRequested ? null : c;
    }

    private StreamConnection connect(final InetSocketAddress destination)
    {
        final StreamIo loop = io;
        // an unresolved address would need a name lookup: Voxline never resolves
        if (loop == null || destination.getAddress() == null || destination.getPort() <= 0)
        {
            return null;
        }
        final StreamConnection c = new StreamConnection(this, destination, SourceKey.of(destination.getAddress()), false);
        c.outbound = newRing();
        if (!connectQueue.offer(c))
        {
            return null;
        }
        byRemote.put(destination, c);
        byId.put(c.id, c);
        loop.wakeup();
        return c;
    }

    private boolean enqueue(final StreamConnection c, final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        OneToOneRingBuffer ring = c.outbound;
        if (ring == null)
        {
            ring = newRing();
            c.outbound = ring;
        }
        if (!ring.write(type, buffer, offset, length))
        {
            // the peer does not read what we send: give up on it; the next send opens a new connection
            stats.queueOverflows++;
            stats.sendFailures++;
            c.closeRequested = true;
            forget(c);
            requestFlush(c);
            return false;
        }
        requestFlush(c);
        return true;
    }

    private void requestFlush(final StreamConnection c)
    {
        if (c.flushRequested.compareAndSet(false, true) && !flushQueue.offer(c))
        {
            // full: the I/O thread's sweep finds the queued bytes anyway
            c.flushRequested.set(false);
        }
        final StreamIo loop = io;
        if (loop != null)
        {
            loop.wakeup();
        }
    }

    private OneToOneRingBuffer newRing()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(config.outboundQueueBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private void forget(final StreamConnection c)
    {
        byRemote.remove(c.remote, c);
        if (byId.get(c.id) == c)
        {
            byId.remove(c.id);
        }
    }

    void onOpenedOnOwner(final StreamConnection c)
    {
        if (!c.closed)
        {
            byRemote.put(c.remote, c);
            byId.put(c.id, c);
        }
    }

    void onClosedOnOwner(final StreamConnection c)
    {
        forget(c);
        final ConnectionListener l = listener;
        if (l != null)
        {
            l.onConnectionClosed(this, c.id, c.remote, c.inbound, c.closeReason);
        }
    }

    // ================================================================ counters (any thread)

    /** Connections open now (the I/O thread's count). */
    public int openConnections()
    {
        return stats.openConnections;
    }

    public long accepted()
    {
        return stats.accepted;
    }

    /** Outgoing connections established. */
    public long connected()
    {
        return stats.connected;
    }

    public long closedConnections()
    {
        return stats.closedConnections;
    }

    public long messagesReceived()
    {
        return stats.messagesIn;
    }

    /** Bytes read from sockets (TLS: ciphertext). */
    public long bytesReceived()
    {
        return stats.bytesIn;
    }

    public long pingsAnswered()
    {
        return stats.pingsAnswered;
    }

    public long evictions()
    {
        return stats.evictions;
    }

    /** Connections closed at accept because their source already held its {@link StreamConfig#maxConnectionsPerSource()}. */
    public long sourceRefusals()
    {
        return stats.sourceRefusals;
    }

    public long headerTimeouts()
    {
        return stats.headerTimeouts;
    }

    public long idleCloses()
    {
        return stats.idleCloses;
    }

    public long framingErrors()
    {
        return stats.framingErrors;
    }

    public long tlsFailures()
    {
        return stats.tlsFailures;
    }

    public long queueOverflows()
    {
        return stats.queueOverflows;
    }

    public long sendFailures()
    {
        return stats.sendFailures;
    }

    /** Times a connection had to wait for its socket to take more (the peer reads slower than we write). */
    public long writeStalls()
    {
        return stats.writeStalls;
    }

    /**
     * Stops the transport: the listener closes now (any thread); the I/O thread closes the connections on its
     * next turn (or {@link StreamIo#close} does). Sends fail from now on.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            server.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
        final StreamIo loop = io;
        if (loop != null)
        {
            loop.wakeup();
        }
    }

    // ================================================================ I/O thread

    /** StreamIo.add: binds this transport to one I/O loop, from any thread. */
    void claim(final StreamIo loop)
    {
        if (io != null && io != loop)
        {
            throw new IllegalStateException(this + " is already served by another I/O loop");
        }
        io = loop;
    }

    void attach(final Selector selector, final int transportIndex, final StreamSink sink, final long nowMs)
    {
        connections.attach(selector, transportIndex, sink, nowMs);
    }

    /** Owner requests (connects, flushes), shutdown, and the timeout sweep; returns the work done. */
    int ioWork(final long now)
    {
        return connections.work(now);
    }

    /** A selected key of this transport: the listener's or a connection's. */
    void onSelected(final SelectionKey key, final long now)
    {
        connections.onSelected(key, now);
    }

    /** Closes every connection and the listener without telling the owner (it is going away). */
    void ioShutdown()
    {
        connections.shutdown();
    }

    boolean isClosed()
    {
        return closed;
    }

    void markClosed()
    {
        closed = true;
    }

    @Override
    public String toString()
    {
        return protocol().toLowerCase(java.util.Locale.ROOT) + ":" + localAddress.getAddress().getHostAddress() + ":" +
            localAddress.getPort();
    }
}
