package io.voxline.sip.transport;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

/**
 * One TCP or TLS connection. Its socket, buffers and state belong to the I/O thread; the owner (reactor) thread
 * only writes messages into its outbound ring and reads the two volatile flags. Fields are grouped by owner.
 */
final class StreamConnection
{
    enum State
    {
        /** Created by the owner for an outgoing connection; the I/O thread has not started it. */
        NEW,
        CONNECTING,
        /** TLS only: the socket is up, the handshake runs. */
        HANDSHAKING,
        OPEN,
        CLOSED
    }

    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    final StreamTransport transport;
    final InetSocketAddress remote;
    /** The remote's {@link SourceKey}: what the per-source connection limit counts by. */
    final long sourceKey;
    final boolean inbound;
    /** Set by the owner when it queued bytes and the I/O thread has not yet been told. */
    final AtomicBoolean flushRequested = new AtomicBoolean();
    final Runnable openedOnOwner;
    final Runnable closedOnOwner;

    // ---------------------------------------------------------------- shared (one writer each)

    /** Written by the I/O thread once closed: the owner stops using it. */
    volatile boolean closed;
    /** Written by the owner: it gave up on this connection (its queue overflowed). */
    volatile boolean closeRequested;
    /** Messages waiting to be written, owner to I/O thread; created by the owner on its first send. */
    volatile OneToOneRingBuffer outbound;
    volatile CloseReason closeReason;

    // ---------------------------------------------------------------- I/O thread

    State state = State.NEW;
    SocketChannel channel;
    SelectionKey key;
    /** Reassembly buffer, in fill mode: [0, position) is read and not yet framed. */
    ByteBuffer in;
    UnsafeBuffer inView;
    /** A view of the outbound ring's memory for socket writes. */
    ByteBuffer outView;
    /** Bytes of the first queued message already written (TLS: already wrapped). */
    int partialWritten;
    /** RFC 5626 pongs waiting to go out between two messages. */
    int pongsOwed;
    final ByteBuffer control = ByteBuffer.allocate(16);
    TlsSession tls;
    /** Completed a message inbound, or was opened by us: not a half-open stranger. */
    boolean proven;
    long createdMs;
    long lastActivityMs;
    /** When the message now pending began to arrive, or -1 when none is pending. */
    long partialSinceMs = -1;
    int slot = -1;

    StreamConnection(final StreamTransport transport, final InetSocketAddress remote, final long sourceKey, final boolean inbound)
    {
        this.transport = transport;
        this.remote = remote;
        this.sourceKey = sourceKey;
        this.inbound = inbound;
        this.openedOnOwner = () -> transport.onOpenedOnOwner(this);
        this.closedOnOwner = () -> transport.onClosedOnOwner(this);
    }

    ByteBuffer outView()
    {
        if (outView == null)
        {
            outView = outbound.buffer().byteBuffer().duplicate();
        }
        return outView;
    }

    @Override
    public String toString()
    {
        return transport.protocol().toLowerCase(java.util.Locale.ROOT) + "#" + id + (inbound ? " from " : " to ") +
            remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
