package io.voxline.sip.transport;

/**
 * The limits of a TCP or TLS transport. Immutable; each {@code with...} returns a changed copy.
 *
 * <ul>
 * <li>maxConnections: open connections of one transport, both directions. A new one past the limit closes an
 *     old one of the remote address holding the most connections (so one source cannot push others out): of
 *     those, first a connection that has not yet completed a message (oldest first), else the one idle longest.
 * <li>maxConnectionsPerSource: open connections with one remote address (IPv6: one /64), both directions and
 *     whether or not they completed a message. A connection accepted past it is closed at once (the owner never
 *     hears of it); connections we open are never refused by it.
 * <li>idleTimeoutMs: a connection with no traffic either way for this long is closed.
 * <li>headerTimeoutMs: an accepted connection must complete its first message (TLS: handshake included) within
 *     this time, and any message once begun must be complete within it; else the connection is closed. This is
 *     what keeps half-open and slow connections from holding the slots real callers need.
 * <li>connectTimeoutMs: an outgoing connection must be established (TLS: handshake done) within this time.
 * <li>maxMessageBytes: the largest message, header and body, either way; a larger one closes the connection.
 * <li>outboundQueueBytes: the per-connection queue of messages waiting to be written (at least eight maximal
 *     messages, rounded up to a power of two); a connection whose queue overflows is closed.
 * </ul>
 */
public final class StreamConfig
{
    public static final StreamConfig DEFAULTS = new StreamConfig(128, 16, 300_000, 10_000, 5_000, 8192, 64 * 1024);

    private final int maxConnections;
    private final int maxConnectionsPerSource;
    private final long idleTimeoutMs;
    private final long headerTimeoutMs;
    private final long connectTimeoutMs;
    private final int maxMessageBytes;
    private final int outboundQueueBytes;

    private StreamConfig(
        final int maxConnections,
        final int maxConnectionsPerSource,
        final long idleTimeoutMs,
        final long headerTimeoutMs,
        final long connectTimeoutMs,
        final int maxMessageBytes,
        final int outboundQueueBytes)
    {
        if (maxConnections < 1)
        {
            throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
        }
        if (maxConnectionsPerSource < 1)
        {
            throw new IllegalArgumentException("maxConnectionsPerSource must be at least 1: " + maxConnectionsPerSource);
        }
        if (idleTimeoutMs <= 0 || headerTimeoutMs <= 0 || connectTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("stream timeouts must be positive");
        }
        if (maxMessageBytes < 256 || maxMessageBytes > 1 << 20)
        {
            throw new IllegalArgumentException("maxMessageBytes must be within 256..1048576: " + maxMessageBytes);
        }
        this.maxConnections = maxConnections;
        this.maxConnectionsPerSource = maxConnectionsPerSource;
        this.idleTimeoutMs = idleTimeoutMs;
        this.headerTimeoutMs = headerTimeoutMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.maxMessageBytes = maxMessageBytes;
        // an Agrona ring takes records up to an eighth of its capacity
        final int floor = Math.max(outboundQueueBytes, 8 * maxMessageBytes);
        this.outboundQueueBytes = Integer.highestOneBit(floor - 1) << 1;
    }

    public int maxConnections()
    {
        return maxConnections;
    }

    public int maxConnectionsPerSource()
    {
        return maxConnectionsPerSource;
    }

    public long idleTimeoutMs()
    {
        return idleTimeoutMs;
    }

    public long headerTimeoutMs()
    {
        return headerTimeoutMs;
    }

    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public int maxMessageBytes()
    {
        return maxMessageBytes;
    }

    public int outboundQueueBytes()
    {
        return outboundQueueBytes;
    }

    public StreamConfig withMaxConnections(final int value)
    {
        return new StreamConfig(value, maxConnectionsPerSource, idleTimeoutMs, headerTimeoutMs, connectTimeoutMs, maxMessageBytes, outboundQueueBytes);
    }

    public StreamConfig withMaxConnectionsPerSource(final int value)
    {
        return new StreamConfig(maxConnections, value, idleTimeoutMs, headerTimeoutMs, connectTimeoutMs, maxMessageBytes, outboundQueueBytes);
    }

    public StreamConfig withIdleTimeoutMs(final long value)
    {
        return new StreamConfig(maxConnections, maxConnectionsPerSource, value, headerTimeoutMs, connectTimeoutMs, maxMessageBytes, outboundQueueBytes);
    }

    public StreamConfig withHeaderTimeoutMs(final long value)
    {
        return new StreamConfig(maxConnections, maxConnectionsPerSource, idleTimeoutMs, value, connectTimeoutMs, maxMessageBytes, outboundQueueBytes);
    }

    public StreamConfig withConnectTimeoutMs(final long value)
    {
        return new StreamConfig(maxConnections, maxConnectionsPerSource, idleTimeoutMs, headerTimeoutMs, value, maxMessageBytes, outboundQueueBytes);
    }

    public StreamConfig withMaxMessageBytes(final int value)
    {
        return new StreamConfig(maxConnections, maxConnectionsPerSource, idleTimeoutMs, headerTimeoutMs, connectTimeoutMs, value, outboundQueueBytes);
    }

    public StreamConfig withOutboundQueueBytes(final int value)
    {
        return new StreamConfig(maxConnections, maxConnectionsPerSource, idleTimeoutMs, headerTimeoutMs, connectTimeoutMs, maxMessageBytes, value);
    }

    @Override
    public String toString()
    {
        return "StreamConfig{maxConnections=" + maxConnections + ", maxConnectionsPerSource=" + maxConnectionsPerSource +
            ", idleTimeoutMs=" + idleTimeoutMs +
            ", headerTimeoutMs=" + headerTimeoutMs + ", connectTimeoutMs=" + connectTimeoutMs +
            ", maxMessageBytes=" + maxMessageBytes + ", outboundQueueBytes=" + outboundQueueBytes + "}";
    }
}
