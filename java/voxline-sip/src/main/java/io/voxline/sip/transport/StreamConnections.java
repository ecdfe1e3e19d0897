package io.voxline.sip.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayDeque;

import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * The I/O-thread half of a {@link StreamTransport}: its listener and connections as the {@link StreamIo} thread
 * serves them. It accepts and connects (IP literals only), reads and frames ({@link StreamFramer}), answers
 * keepalive pings, runs TLS, writes the owner's queued messages straight from each connection's ring when the
 * socket takes them, and enforces {@link StreamConfig}: the per-source and total connection limits (evicting from
 * the source holding the most, strangers first), idle, header and connect timeouts. Every opening and closing reaches the owner through {@link StreamSink#execute}.
 * Only the I/O thread touches it.
 */
final class StreamConnections
{
    private static final long SWEEP_INTERVAL_MS = 100;
    private static final int ACCEPTS_PER_WAKE = 64;
    private static final int MAX_PONGS_OWED = 4;
    private static final int TLS_PUMP_GUARD = 256;

    private final StreamTransport transport;
    private final StreamConfig config;
    private final ServerSocketChannel server;
    /** The listener's own IP, which outgoing sockets bind to so their source matches Via; null for a wildcard. */
    private final InetAddress outboundBind;
    private final int inboundCapacity;
    private final ManyToOneConcurrentArrayQueue<StreamConnection> connectQueue;
    private final ManyToOneConcurrentArrayQueue<StreamConnection> flushQueue;
    private final StreamCounters stats;

    private Selector selector;
    private SelectionKey serverKey;
    private StreamSink sink;
    private int transportIndex = -1;
    private final StreamConnection[] connections;
    private int count;
    /** Connections in the table per {@link SourceKey}, both directions; sized so it never grows. */
    private final Long2LongHashMap perSource;
    private final StreamFramer framer;
    private final ArrayDeque<UnsafeBuffer> inPool = new ArrayDeque<>();
    private final OutboundWriter writer = new OutboundWriter();
    private long lastSweepMs;
    private boolean acceptPaused;
    private boolean ioClosed;

    StreamConnections(
        final StreamTransport transport,
        final ServerSocketChannel server,
        final InetSocketAddress localAddress,
        final int inboundCapacity,
        final ManyToOneConcurrentArrayQueue<StreamConnection> connectQueue,
        final ManyToOneConcurrentArrayQueue<StreamConnection> flushQueue,
        final StreamCounters stats)
    {
        this.transport = transport;
        this.config = transport.config;
        this.server = server;
        this.outboundBind = localAddress.getAddress().isAnyLocalAddress() ? null : localAddress.getAddress();
        this.inboundCapacity = inboundCapacity;
        this.connectQueue = connectQueue;
        this.flushQueue = flushQueue;
        this.stats = stats;
        this.connections = new StreamConnection[config.maxConnections()];
        // at most maxConnections keys at once; a load factor of a half keeps probes short and never resizes
        this.perSource = new Long2LongHashMap(2 * config.maxConnections(), 0.5f, 0);
        this.framer = new StreamFramer(config.maxMessageBytes());
    }

    /** On the I/O thread's first turn with this transport: registers the listener. */
    void attach(final Selector selector, final int transportIndex, final StreamSink sink, final long nowMs)
    {
        this.selector = selector;
        this.transportIndex = transportIndex;
        this.sink = sink;
        this.lastSweepMs = nowMs;
        if (transport.isClosed())
        {
            return;
        }
        try
        {
            serverKey = server.register(selector, SelectionKey.OP_ACCEPT, transport);
        }
        catch (final ClosedChannelException ex)
        {
            // closed before its first turn: work() shuts it down
            transport.markClosed();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot watch " + transport + ": " + ex.getMessage(), ex);
        }
    }

    /** Owner requests (connects, flushes), shutdown, and the timeout sweep; returns the work done. */
    int work(final long now)
    {
        if (transport.isClosed())
        {
            if (!ioClosed)
            {
                shutdown();
            }
            return 0;
        }
        int done = 0;
        StreamConnection c;
        while ((c = connectQueue.poll()) != null)
        {
            startConnect(c, now);
            done++;
        }
        while ((c = flushQueue.poll()) != null)
        {
            c.flushRequested.set(false);
            done++;
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
        return done;
    }

    /** A selected key of the transport: the listener's or a connection's. */
    void onSelected(final SelectionKey key, final long now)
    {
        if (key.attachment() == transport)
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
    void shutdown()
    {
        ioClosed = true;
        transport.markClosed();
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
            stats.tlsFailures++;
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
            final long source = SourceKey.of(remote.getAddress());
            if (perSource.get(source) >= config.maxConnectionsPerSource())
            {
                // before the owner hears of it or a buffer is taken: a source at its cap costs an accept and a close
                stats.sourceRefusals++;
                closeQuietly(ch);
                continue;
            }
            makeRoom();
            final StreamConnection c = new StreamConnection(transport, remote, source, true);
            c.channel = ch;
            c.createdMs = now;
            c.lastActivityMs = now;
            stats.accepted++;
            // the owner learns of the connection before any message from it
            sink.execute(c.openedOnOwner);
            add(c);
            try
            {
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
                c.tls = transport.newTlsSession(c, false);
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
            stats.tlsFailures++;
            close(c, CloseReason.TLS_FAILURE);
        }
        catch (final IOException | UnresolvedAddressException | UnsupportedAddressTypeException ex)
        {
            close(c, CloseReason.CONNECT_FAILED);
        }
    }

    private void onConnected(final StreamConnection c, final long now) throws IOException
    {
        stats.connected++;
        c.lastActivityMs = now;
        c.key.interestOps(SelectionKey.OP_READ);
        c.tls = transport.newTlsSession(c, true);
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
                stats.bytesIn += n;
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
            stats.bytesIn += n;
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
                    stats.messagesIn++;
                    sink.onMessage(transportIndex, c.id, c.remote, view, start, length);
                    start += length;
                }
                case PING ->
                {
                    start += framer.length();
                    stats.pingsAnswered++;
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
                    stats.framingErrors++;
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
                stats.writeStalls++;
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
                            stats.framingErrors++;
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
        perSource.put(c.sourceKey, perSource.get(c.sourceKey) + 1);
        stats.openConnections = count;
    }

    /**
     * At the limit, closes one connection: one that never completed a message if there is any (a working phone is
     * never evicted for a stranger's silent connection, however many addresses the stranger has), else one that
     * did. Among those, one of the source holding the most connections, so a flood from one source evicts its own;
     * then the oldest unproven, or the proven one idle longest.
     */
    private void makeRoom()
    {
        while (count >= connections.length)
        {
            boolean anyUnproven = false;
            for (int i = 0; i < count && !anyUnproven; i++)
            {
                anyUnproven = !connections[i].proven;
            }
            StreamConnection victim = null;
            long victimSourceCount = -1;
            for (int i = 0; i < count; i++)
            {
                final StreamConnection c = connections[i];
                if (anyUnproven && c.proven)
                {
                    continue;
                }
                final long n = perSource.get(c.sourceKey);
                if (victim == null || n > victimSourceCount ||
                    (n == victimSourceCount && (c.proven ? c.lastActivityMs < victim.lastActivityMs : c.createdMs < victim.createdMs)))
                {
                    victim = c;
                    victimSourceCount = n;
                }
            }
            stats.evictions++;
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
                stats.headerTimeouts++;
                close(c, CloseReason.HEADER_TIMEOUT);
            }
            else if (now - c.lastActivityMs > config.idleTimeoutMs())
            {
                stats.idleCloses++;
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
            final long left = perSource.get(c.sourceKey) - 1;
            if (left <= 0)
            {
                perSource.remove(c.sourceKey);
            }
            else
            {
                perSource.put(c.sourceKey, left);
            }
            stats.openConnections = count;
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
        stats.closedConnections++;
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
}
