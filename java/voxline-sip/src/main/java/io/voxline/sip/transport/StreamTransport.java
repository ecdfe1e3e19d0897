package io.voxline.sip.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;

import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ControlledMessageHandler;
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
    private static final long SWEEP_INTERVAL_MS = 100;
    private static final int ACCEPTS_PER_WAKE = 64;
    private static final int MAX_PONGS_OWED = 4;
    private static final int TLS_PUMP_GUARD = 256;

    final StreamConfig config;
    private final ServerSocketChannel server;
    private final InetSocketAddress localAddress;
    /** The listener's own IP, which outgoing sockets bind to so their source matches Via; null for a wildcard. */
    private final InetAddress outboundBind;
    private final int inboundCapacity;
    private final ManyToOneConcurrentArrayQueue<StreamConnection> connectQueue;
    private final ManyToOneConcurrentArrayQueue<StreamConnection> flushQueue;
    private volatile StreamIo io;
    private volatile boolean closed;
    private volatile PacketTap tap;

    // counters: each written by one thread, readable anywhere
    private volatile long accepted;
    private volatile long connected;
    private volatile long closedConnections;
    private volatile long messagesIn;
    private volatile long bytesIn;
    private volatile long pingsAnswered;
    private volatile long evictions;
    private volatile long headerTimeouts;
    private volatile long idleCloses;
    private volatile long framingErrors;
    private volatile long tlsFailures;
    private volatile long queueOverflows;
    private volatile long sendFailures;
    private volatile long writeStalls;
    private volatile int openConnections;

    // ---------------------------------------------------------------- owner thread
    private final HashMap<InetSocketAddress, StreamConnection> byRemote = new HashMap<>();
    private final Long2ObjectHashMap<StreamConnection> byId = new Long2ObjectHashMap<>();
    private ConnectionListener listener;

    // ---------------------------------------------------------------- I/O thread
    private Selector selector;
    private SelectionKey serverKey;
    private StreamSink sink;
    private int transportIndex = -1;
    private final StreamConnection[] connections;
    private int count;
    private final StreamFramer framer;
    private final ArrayDeque<UnsafeBuffer> inPool = new ArrayDeque<>();
    private final OutboundWriter writer = new OutboundWriter();
    private long lastSweepMs;
    private boolean acceptPaused;
    private boolean ioClosed;

    StreamTransport(final ServerSocketChannel server, final StreamConfig config, final int inboundCapacity)
    {
        this.server = server;
        this.config = config;
        this.inboundCapacity = inboundCapacity;
        try
        {
            this.localAddress = (InetSocketAddress)server.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        this.outboundBind = localAddress.getAddress().isAnyLocalAddress() ? null : localAddress.getAddress();
        this.connections = new StreamConnection[config.maxConnections()];
        this.framer = new StreamFramer(config.maxMessageBytes());
        final int queue = Math.max(64, Integer.highestOneBit(config.maxConnections() * 2 - 1) << 1);
        this.connectQueue = new ManyToOneConcurrentArrayQueue<>(queue);
        this.flushQueue = new ManyToOneConcurrentArrayQueue<>(queue);
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
            sendFailures++;
            return false;
        }
        tap(destination, buffer, offset, length);
        StreamConnection c = usable(byRemote.get(destination));
        if (c == null)
        {
            c = connect(destination);
            if (c == null)
            {
                sendFailures++;
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
            sendFailures++;
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
            sendFailures++;
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
        final StreamConnection c = new StreamConnection(this, destination, false);
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
            queueOverflows++;
            sendFailures++;
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
        return openConnections;
    }

    public long accepted()
    {
        return accepted;
    }

    /** Outgoing connections established. */
    public long connected()
    {
        return connected;
    }

    public long closedConnections()
    {
        return closedConnections;
    }

    public long messagesReceived()
    {
        return messagesIn;
    }

    /** Bytes read from sockets (TLS: ciphertext). */
    public long bytesReceived()
    {
        return bytesIn;
    }

    public long pingsAnswered()
    {
        return pingsAnswered;
    }

    public long evictions()
    {
        return evictions;
    }

    public long headerTimeouts()
    {
        return headerTimeouts;
    }

    public long idleCloses()
    {
        return idleCloses;
    }

    public long framingErrors()
    {
        return framingErrors;
    }

    public long tlsFailures()
    {
        return tlsFailures;
    }

    public long queueOverflows()
    {
        return queueOverflows;
    }

    public long sendFailures()
    {
        return sendFailures;
    }

    /** Times a connection had to wait for its socket to take more (the peer reads slower than we write). */
    public long writeStalls()
    {
        return writeStalls;
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
        this.selector = selector;
        this.transportIndex = transportIndex;
        this.sink = sink;
        this.lastSweepMs = nowMs;
        if (closed)
        {
            return;
        }
        try
        {
            serverKey = server.register(selector, SelectionKey.OP_ACCEPT, this);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot watch " + this + ": " + ex.getMessage(), ex);
        }
    }

    /** Owner requests (connects, flushes), shutdown, and the timeout sweep; returns the work done. */
    int ioWork(final long now)
    {
        if (closed)
        {
            if (!ioClosed)
            {
                ioShutdown();
            }
            return 0;
        }
        int work = 0;
        StreamConnection c;
        while ((c = connectQueue.poll()) != null)
        {
            startConnect(c, now);
            work++;
        }
        while ((c = flushQueue.poll()) != null)
        {
            c.flushRequested.set(false);
            work++;
            if (c.state == StreamConnection.State.CLOSED)
            {
                continue;
            }
            if (c.closeRequested)
            {
                close(c, CloseReason.QUEUE_OVERFLOW);
            }
            else
            {
                guarded(c, now, FLUSH);
            }
        }
        if (now - lastSweepMs >= SWEEP_INTERVAL_MS)
        {
            lastSweepMs = now;
            sweep(now);
        }
        return work;
    }

    /** A selected key of this transport: the listener's or a connection's. */
    void onSelected(final SelectionKey key, final long now)
    {
        if (key.attachment() == this)
        {
            if (key.isValid() && key.isAcceptable())
            {
                onAcceptable(now);
            }
            return;
        }
        guarded((StreamConnection)key.attachment(), now, READY);
    }

    /** Closes every connection and the listener without telling the owner (it is going away). */
    void ioShutdown()
    {
        ioClosed = true;
        closed = true;
        for (int i = count - 1; i >= 0; i--)
        {
            close(connections[i], CloseReason.SHUTDOWN);
        }
        StreamConnection c;
        while ((c = connectQueue.poll()) != null)
        {
            close(c, CloseReason.SHUTDOWN);
        }
        if (serverKey != null)
        {
            serverKey.cancel();
        }
        try
        {
            server.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
    }

    private static final int READY = 0;
    private static final int FLUSH = 1;

    /** Runs one step on a connection; whatever it throws closes that connection, never the loop. */
    private void guarded(final StreamConnection c, final long now, final int what)
    {
        if (c.state == StreamConnection.State.CLOSED)
        {
            return;
        }
        try
        {
            if (what == READY)
            {
                onReady(c, now);
            }
            else
            {
                flush(c, now);
            }
        }
        catch (final SSLException ex)
        {
            tlsFailures++;
            close(c, CloseReason.TLS_FAILURE);
        }
        catch (final IOException | RuntimeException ex)
        {
            close(c, c.state == StreamConnection.State.CONNECTING ? CloseReason.CONNECT_FAILED : CloseReason.IO_ERROR);
        }
    }

    private void onReady(final StreamConnection c, final long now) throws IOException
    {
        final SelectionKey key = c.key;
        if (key == null || !key.isValid())
        {
            return;
        }
        if (key.isConnectable())
        {
            if (!c.channel.finishConnect())
            {
                return;
            }
            onConnected(c, now);
        }
        if (c.state != StreamConnection.State.CLOSED && key.isValid() && key.isReadable())
        {
            onReadable(c, now);
        }
        if (c.state != StreamConnection.State.CLOSED && key.isValid() && key.isWritable())
        {
            flush(c, now);
        }
    }

    private void onAcceptable(final long now)
    {
        for (int i = 0; i < ACCEPTS_PER_WAKE; i++)
        {
            final SocketChannel ch;
            try
            {
                ch = server.accept();
            }
            catch (final IOException ex)
            {
                // out of descriptors or similar: stop accepting until the next sweep instead of spinning
                pauseAccept();
                return;
            }
            if (ch == null)
            {
                return;
            }
            final InetSocketAddress remote;
            try
            {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                remote = (InetSocketAddress)ch.getRemoteAddress();
            }
            catch (final IOException ex)
            {
                closeQuietly(ch);
                continue;
            }
            makeRoom();
            final StreamConnection c = new StreamConnection(this, remote, true);
            c.channel = ch;
            c.createdMs = now;
            c.lastActivityMs = now;
            accepted++;
            // the owner learns of the connection before any message from it
            sink.execute(c.openedOnOwner);
            add(c);
            try
            {
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                c.tls = newTlsSession(c, false);
                if (c.tls == null)
                {
                    c.state = StreamConnection.State.OPEN;
                }
                else
                {
                    c.state = StreamConnection.State.HANDSHAKING;
                    c.tls.engine.beginHandshake();
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                close(c, CloseReason.IO_ERROR);
            }
        }
    }

    private void pauseAccept()
    {
        if (serverKey != null && serverKey.isValid())
        {
            serverKey.interestOps(0);
            acceptPaused = true;
        }
    }

    private void startConnect(final StreamConnection c, final long now)
    {
        c.createdMs = now;
        c.lastActivityMs = now;
        if (c.closeRequested || ioClosed)
        {
            close(c, c.closeRequested ? CloseReason.QUEUE_OVERFLOW : CloseReason.SHUTDOWN);
            return;
        }
        makeRoom();
        c.proven = true;
        add(c);
        try
        {
            final SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (outboundBind != null)
            {
                ch.bind(new InetSocketAddress(outboundBind, 0));
            }
            c.state = StreamConnection.State.CONNECTING;
            if (ch.connect(c.remote))
            {
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                onConnected(c, now);
            }
            else
            {
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        }
        catch (final SSLException ex)
        {
            tlsFailures++;
            close(c, CloseReason.TLS_FAILURE);
        }
        catch (final IOException | UnresolvedAddressException | UnsupportedAddressTypeException ex)
        {
            close(c, CloseReason.CONNECT_FAILED);
        }
    }

    private void onConnected(final StreamConnection c, final long now) throws IOException
    {
        connected++;
        c.lastActivityMs = now;
        c.key.interestOps(SelectionKey.OP_READ);
        c.tls = newTlsSession(c, true);
        if (c.tls == null)
        {
            c.state = StreamConnection.State.OPEN;
            flush(c, now);
        }
        else
        {
            c.state = StreamConnection.State.HANDSHAKING;
            c.tls.engine.beginHandshake();
            tlsPump(c, now);
        }
    }

    private void onReadable(final StreamConnection c, final long now) throws IOException
    {
        if (c.tls == null)
        {
            final int n = c.channel.read(c.in);
            if (n < 0)
            {
                close(c, CloseReason.PEER_CLOSED);
                return;
            }
            if (n > 0)
            {
                bytesIn += n;
                c.lastActivityMs = now;
                deliver(c, now);
            }
            return;
        }
        final int n = c.channel.read(c.tls.netIn);
        if (n < 0)
        {
            try
            {
                c.tls.engine.closeInbound();
            }
            catch (final SSLException ex)
            {
                // truncated without close_notify: the connection is over either way
            }
            close(c, CloseReason.PEER_CLOSED);
            return;
        }
        if (n > 0)
        {
            bytesIn += n;
            c.lastActivityMs = now;
        }
        tlsPump(c, now);
    }

    /** Frames and hands on every complete message in the reassembly buffer; keeps the rest for the next read. */
    private void deliver(final StreamConnection c, final long now)
    {
        final UnsafeBuffer view = c.inView;
        final int end = c.in.position();
        int start = 0;
        boolean pong = false;
        scan:
        while (true)
        {
            switch (framer.scan(view, start, end))
            {
                case MESSAGE ->
                {
                    final int length = framer.length();
                    c.proven = true;
                    c.partialSinceMs = -1;
                    messagesIn++;
                    sink.onMessage(transportIndex, c.id, c.remote, view, start, length);
                    start += length;
                }
                case PING ->
                {
                    start += framer.length();
                    pingsAnswered++;
                    if (c.pongsOwed < MAX_PONGS_OWED)
                    {
                        c.pongsOwed++;
                    }
                    pong = true;
                }
                case SKIP -> start += framer.length();
                case NEED_MORE ->
                {
                    if (!framer.messageStarted())
                    {
                        c.partialSinceMs = -1;
                    }
                    else if (c.partialSinceMs < 0)
                    {
                        c.partialSinceMs = now;
                    }
                    break scan;
                }
                default ->
                {
                    framingErrors++;
                    close(c, CloseReason.BAD_FRAMING);
                    return;
                }
            }
        }
        if (start > 0)
        {
            final int rest = end - start;
            if (rest > 0)
            {
                view.putBytes(0, view, start, rest);
            }
            c.in.position(rest);
        }
        if (pong && c.tls == null)
        {
            // TLS: the pump that called us writes the pong
            try
            {
                flush(c, now);
            }
            catch (final IOException ex)
            {
                close(c, CloseReason.IO_ERROR);
            }
        }
    }

    // ---------------------------------------------------------------- writing

    private void flush(final StreamConnection c, final long now) throws IOException
    {
        if (c.tls != null)
        {
            tlsPump(c, now);
            return;
        }
        if (c.state != StreamConnection.State.OPEN)
        {
            return;
        }
        final boolean done = writeControl(c) && writeRecords(c, now);
        interest(c, !done);
    }

    /** Pongs, only between two messages; true when nothing is left. */
    private boolean writeControl(final StreamConnection c) throws IOException
    {
        if (c.partialWritten != 0)
        {
            return true;
        }
        while (c.pongsOwed > 0 && c.control.remaining() >= 2)
        {
            c.control.put((byte)'\r').put((byte)'\n');
            c.pongsOwed--;
        }
        if (c.control.position() == 0)
        {
            return true;
        }
        c.control.flip();
        try
        {
            if (c.tls == null)
            {
                c.channel.write(c.control);
            }
            else
            {
                while (c.control.hasRemaining())
                {
                    final SSLEngineResult r = c.tls.engine.wrap(c.control, c.tls.netOut);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && !flushNet(c))
                    {
                        break;
                    }
                    if (r.getStatus() == SSLEngineResult.Status.CLOSED)
                    {
                        throw new SSLException("TLS closed while writing");
                    }
                }
            }
        }
        finally
        {
            c.control.compact();
        }
        return c.control.position() == 0;
    }

    /** Writes queued messages until the socket is full; true when the queue is empty. */
    private boolean writeRecords(final StreamConnection c, final long now) throws IOException
    {
        final OneToOneRingBuffer ring = c.outbound;
        if (ring == null)
        {
            return true;
        }
        writer.connection = c;
        writer.now = now;
        writer.blocked = false;
        writer.error = null;
        try
        {
            ring.controlledRead(writer);
        }
        finally
        {
            writer.connection = null;
        }
        if (writer.error != null)
        {
            throw writer.error;
        }
        return !writer.blocked && ring.size() == 0;
    }

    /** Writes pending ciphertext; true when none is left. */
    private static boolean flushNet(final StreamConnection c) throws IOException
    {
        final ByteBuffer net = c.tls.netOut;
        if (net.position() == 0)
        {
            return true;
        }
        net.flip();
        try
        {
            while (net.hasRemaining())
            {
                if (c.channel.write(net) == 0)
                {
                    break;
                }
            }
        }
        finally
        {
            net.compact();
        }
        return net.position() == 0;
    }

    private void interest(final StreamConnection c, final boolean wantWrite)
    {
        if (c.key != null && c.key.isValid())
        {
            final int ops = wantWrite ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (wantWrite && (c.key.interestOps() & SelectionKey.OP_WRITE) == 0)
            {
                writeStalls++;
            }
            c.key.interestOps(ops);
        }
    }

    /** Writes (TCP) or wraps (TLS) the queued messages straight from the ring, resuming a partial one. */
    private final class OutboundWriter implements ControlledMessageHandler
    {
        StreamConnection connection;
        long now;
        boolean blocked;
        IOException error;

        @Override
        public Action onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            final StreamConnection c = connection;
            final ByteBuffer bb = c.outView();
            bb.clear();
            bb.limit(index + length).position(index + c.partialWritten);
            try
            {
                if (c.tls == null)
                {
                    final int n = c.channel.write(bb);
                    if (n > 0)
                    {
                        c.lastActivityMs = now;
                    }
                    c.partialWritten += n;
                    if (c.partialWritten < length)
                    {
                        blocked = true;
                        return Action.ABORT;
                    }
                    c.partialWritten = 0;
                    return Action.CONTINUE;
                }
                while (bb.hasRemaining())
                {
                    final SSLEngineResult r = c.tls.engine.wrap(bb, c.tls.netOut);
                    c.partialWritten = bb.position() - index;
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW)
                    {
                        if (!flushNet(c))
                        {
                            blocked = true;
                            return Action.ABORT;
                        }
                    }
                    else if (r.getStatus() == SSLEngineResult.Status.CLOSED)
                    {
                        error = new SSLException("TLS closed while writing");
                        return Action.ABORT;
                    }
                    else if (r.bytesConsumed() == 0)
                    {
                        // the engine has handshake work first (e.g. a key update): the pump runs it when writable
                        blocked = true;
                        return Action.ABORT;
                    }
                }
                c.partialWritten = 0;
                c.lastActivityMs = now;
                if (!flushNet(c))
                {
                    // wrapped whole: the message is taken, its ciphertext waits in netOut
                    blocked = true;
                    return Action.BREAK;
                }
                return Action.CONTINUE;
            }
            catch (final IOException ex)
            {
                error = ex;
                return Action.ABORT;
            }
        }
    }

    // ---------------------------------------------------------------- TLS

    /**
     * Moves a TLS connection as far as it can go now: handshake steps (delegated tasks, wraps, unwraps), received
     * records into the reassembly buffer (framed and delivered), then pongs and queued messages out.
     */
    private void tlsPump(final StreamConnection c, final long now) throws IOException
    {
        final TlsSession t = c.tls;
        pump:
        for (int guard = 0; guard < TLS_PUMP_GUARD && c.state != StreamConnection.State.CLOSED; guard++)
        {
            final SSLEngineResult.HandshakeStatus hs = t.engine.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK)
            {
                t.runTasks();
                continue;
            }
            if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP)
            {
                final SSLEngineResult r = t.engine.wrap(t.empty, t.netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW)
                {
                    if (!flushNet(c))
                    {
                        break;
                    }
                    continue;
                }
                flushNet(c);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED)
                {
                    close(c, c.state == StreamConnection.State.HANDSHAKING ? CloseReason.TLS_FAILURE : CloseReason.PEER_CLOSED);
                    return;
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED)
                {
                    handshakeDone(c);
                }
                continue;
            }
            if (t.netIn.position() > 0)
            {
                t.netIn.flip();
                final SSLEngineResult r;
                try
                {
                    r = t.engine.unwrap(t.netIn, c.in);
                }
                finally
                {
                    t.netIn.compact();
                }
                switch (r.getStatus())
                {
                    case BUFFER_UNDERFLOW ->
                    {
                        break pump;
                    }
                    case BUFFER_OVERFLOW ->
                    {
                        deliver(c, now);
                        if (c.state == StreamConnection.State.CLOSED)
                        {
                            return;
                        }
                        if (c.in.remaining() < t.engine.getSession().getApplicationBufferSize())
                        {
                            framingErrors++;
                            close(c, CloseReason.BAD_FRAMING);
                            return;
                        }
                        continue;
                    }
                    case CLOSED ->
                    {
                        // the peer's close_notify: answer it and close
                        close(c, CloseReason.PEER_CLOSED);
                        return;
                    }
                    default ->
                    {
                        if (r.bytesProduced() > 0)
                        {
                            deliver(c, now);
                            if (c.state == StreamConnection.State.CLOSED)
                            {
                                return;
                            }
                        }
                        if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED)
                        {
                            handshakeDone(c);
                        }
                        if (r.bytesConsumed() > 0 || r.bytesProduced() > 0)
                        {
                            continue;
                        }
                    }
                }
            }
            if (hs == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING)
            {
                handshakeDone(c);
            }
            break;
        }
        if (c.state == StreamConnection.State.CLOSED)
        {
            return;
        }
        final boolean done = c.state == StreamConnection.State.OPEN ?
            flushNet(c) && writeControl(c) && writeRecords(c, now) && flushNet(c) : flushNet(c);
        interest(c, !done);
    }

    private static void handshakeDone(final StreamConnection c)
    {
        if (c.state == StreamConnection.State.HANDSHAKING)
        {
            c.state = StreamConnection.State.OPEN;
        }
    }

    // ---------------------------------------------------------------- connection table (I/O thread)

    private void add(final StreamConnection c)
    {
        UnsafeBuffer in = inPool.pollFirst();
        if (in == null)
        {
            in = new UnsafeBuffer(ByteBuffer.allocateDirect(inboundCapacity));
        }
        c.inView = in;
        c.in = in.byteBuffer();
        c.in.clear();
        c.slot = count;
        connections[count++] = c;
        openConnections = count;
    }

    /** Under the limit, closes one: first the oldest that never completed a message, else the one idle longest. */
    private void makeRoom()
    {
        while (count >= connections.length)
        {
            StreamConnection victim = null;
            for (int i = 0; i < count; i++)
            {
                final StreamConnection c = connections[i];
                if (victim == null ||
                    (!c.proven && (victim.proven || c.createdMs < victim.createdMs)) ||
                    (c.proven && victim.proven && c.lastActivityMs < victim.lastActivityMs))
                {
                    victim = c;
                }
            }
            evictions++;
            close(victim, CloseReason.EVICTED);
        }
    }

    private void sweep(final long now)
    {
        if (acceptPaused && serverKey != null && serverKey.isValid())
        {
            serverKey.interestOps(SelectionKey.OP_ACCEPT);
            acceptPaused = false;
        }
        for (int i = count - 1; i >= 0; i--)
        {
            final StreamConnection c = connections[i];
            final boolean settingUp = c.state == StreamConnection.State.CONNECTING ||
                (!c.inbound && c.state == StreamConnection.State.HANDSHAKING);
            if (settingUp)
            {
                if (now - c.createdMs > config.connectTimeoutMs())
                {
                    close(c, CloseReason.CONNECT_TIMEOUT);
                }
            }
            else if ((!c.proven && now - c.createdMs > config.headerTimeoutMs()) ||
                (c.partialSinceMs >= 0 && now - c.partialSinceMs > config.headerTimeoutMs()))
            {
                headerTimeouts++;
                close(c, CloseReason.HEADER_TIMEOUT);
            }
            else if (now - c.lastActivityMs > config.idleTimeoutMs())
            {
                idleCloses++;
                close(c, CloseReason.IDLE);
            }
            else if (c.state == StreamConnection.State.OPEN && !c.flushRequested.get() && c.outbound != null &&
                c.outbound.size() > 0 && c.key != null && c.key.isValid() &&
                (c.key.interestOps() & SelectionKey.OP_WRITE) == 0)
            {
                // bytes queued whose flush request was lost to a full queue
                guarded(c, now, FLUSH);
            }
        }
    }

    /** Closes c (TLS: close_notify, best effort), frees its slot and buffers, and tells the owner unless shutting down. */
    private void close(final StreamConnection c, final CloseReason reason)
    {
        if (c.state == StreamConnection.State.CLOSED)
        {
            return;
        }
        if (c.tls != null && c.channel != null && c.channel.isConnected())
        {
            try
            {
                c.tls.engine.closeOutbound();
                c.tls.engine.wrap(c.tls.empty, c.tls.netOut);
                flushNet(c);
            }
            catch (final IOException | RuntimeException ignore)
            {
                // best effort: the socket closes anyway
            }
        }
        c.state = StreamConnection.State.CLOSED;
        c.closeReason = reason;
        if (c.key != null)
        {
            c.key.cancel();
        }
        if (c.channel != null)
        {
            closeQuietly(c.channel);
        }
        if (c.slot >= 0)
        {
            final int last = --count;
            final StreamConnection moved = connections[last];
            connections[c.slot] = moved;
            moved.slot = c.slot;
            connections[last] = null;
            c.slot = -1;
            openConnections = count;
        }
        if (c.inView != null)
        {
            if (inPool.size() < connections.length)
            {
                inPool.addFirst(c.inView);
            }
            c.inView = null;
            c.in = null;
        }
        c.closed = true;
        closedConnections++;
        if (reason != CloseReason.SHUTDOWN && sink != null)
        {
            sink.execute(c.closedOnOwner);
        }
    }

    private static void closeQuietly(final SocketChannel ch)
    {
        try
        {
            ch.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
    }

    @Override
    public String toString()
    {
        return protocol().toLowerCase(java.util.Locale.ROOT) + ":" + localAddress.getAddress().getHostAddress() + ":" +
            localAddress.getPort();
    }
}
