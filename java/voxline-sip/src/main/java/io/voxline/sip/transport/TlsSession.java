package io.voxline.sip.transport;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;

/**
 * The TLS state of one connection: its SSLEngine and the two network buffers, allocated once per connection
 * (both in fill mode: [0, position) holds bytes). The plaintext side is the connection's reassembly buffer
 * (in) and its outbound ring, so TLS adds no copies beyond the cipher itself. I/O thread only.
 */
final class TlsSession
{
    final SSLEngine engine;
    /** Ciphertext read from the socket, not yet unwrapped. */
    final ByteBuffer netIn;
    /** Ciphertext wrapped, not yet written to the socket. */
    final ByteBuffer netOut;
    /** The empty source of handshake and close_notify wraps. */
    final ByteBuffer empty = ByteBuffer.allocate(0);

    TlsSession(final SSLEngine engine, final int packetBufferSize)
    {
        this.engine = engine;
        this.netIn = ByteBuffer.allocateDirect(packetBufferSize);
        this.netOut = ByteBuffer.allocateDirect(packetBufferSize);
    }

    /** Runs the engine's delegated work (certificate checks, key exchange) here: the I/O thread is the only one. */
    void runTasks()
    {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null)
        {
            task.run();
        }
    }
}
