package io.voxline.media;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import io.voxline.media.rtp.RtpPacketTap;

/**
 * How the media agent runs: the local address and port range for RTP, the jitter buffer, the idle
 * strategy and clocks. Set before the agent is built; not changed afterwards.
 */
public final class MediaConfig
{
    /** The router's default: voice traffic parks for up to 1 ms when idle, never spins for long. */
    public static final Supplier<IdleStrategy> DEFAULT_IDLE = () -> new BackoffIdleStrategy(
        10, 10, TimeUnit.MICROSECONDS.toNanos(50), TimeUnit.MILLISECONDS.toNanos(1));

    private InetAddress localAddress = InetAddress.getLoopbackAddress();
    private int portMin = 16000;
    private int portMax = 16999;
    private int jitterCapacity = 8;
    /**
     * Playout starts with the first packet: the buffer adds a frame of delay at each underrun (up to its
     * maxLatency), so it holds only as much delay as the path's jitter has needed (mouth-to-ear 30-40 ms on a clean
     * path at 20 ms packets, against 70-80 ms with a fixed two frames).
     */
    private int jitterDelayFrames = 0;
    private int maxPtimeMs = 60;
    private int commandRingBytes = 64 * 1024;
    private Supplier<IdleStrategy> idleStrategy = DEFAULT_IDLE;
    private EpochClock epochClock = SystemEpochClock.INSTANCE;
    private NanoClock nanoClock = SystemNanoClock.INSTANCE;
    private RtpPacketTap tap;
    private ErrorHandler errorHandler = Throwable::printStackTrace;
    private int dscp = 46;

    /** The IP the RTP sockets bind to (an IP literal, never a name). */
    public MediaConfig localAddress(final InetAddress localAddress)
    {
        this.localAddress = localAddress;
        return this;
    }

    public InetAddress localAddress()
    {
        return localAddress;
    }

    /** RTP ports are even ports in [min, max]; min 0 means "any free port" (tests). */
    public MediaConfig rtpPorts(final int min, final int max)
    {
        if (min != 0 && (min < 1024 || max > 65534 || max < min + 1))
        {
            throw new IllegalArgumentException("bad RTP port range " + min + "-" + max);
        }
        this.portMin = min;
        this.portMax = max;
        return this;
    }

    /** Parses "16000-16999" (the TOML media.rtp_ports form); "0" means any free port. */
    public MediaConfig rtpPorts(final String range)
    {
        final String r = range.trim();
        if (r.equals("0"))
        {
            return rtpPorts(0, 0);
        }
        final int dash = r.indexOf('-');
        if (dash <= 0)
        {
            throw new IllegalArgumentException("RTP port range must look like 16000-16999: " + range);
        }
        try
        {
            return rtpPorts(Integer.parseInt(r.substring(0, dash).trim()), Integer.parseInt(r.substring(dash + 1).trim()));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("RTP port range must look like 16000-16999: " + range);
        }
    }

    public int portMin()
    {
        return portMin;
    }

    public int portMax()
    {
        return portMax;
    }

    /** Jitter buffer slots (a power of two) and the playout delay in frames. */
    public MediaConfig jitter(final int capacity, final int delayFrames)
    {
        this.jitterCapacity = capacity;
        this.jitterDelayFrames = delayFrames;
        return this;
    }

    public int jitterCapacity()
    {
        return jitterCapacity;
    }

    public int jitterDelayFrames()
    {
        return jitterDelayFrames;
    }

    /**
     * The longest packet (in ms of audio) accepted from the far end, 30 to 120 in steps of 10; it sizes the
     * jitter buffer's slots. The board frame, and the packets sent, are 10, 20 or 30 ms whatever this is.
     */
    public MediaConfig maxPtimeMs(final int maxPtimeMs)
    {
        if (maxPtimeMs < MediaControl.MAX_BOARD_FRAME_MS || maxPtimeMs > 120 || maxPtimeMs % 10 != 0)
        {
            throw new IllegalArgumentException("max ptime must be 30..120 ms in steps of 10: " + maxPtimeMs);
        }
        this.maxPtimeMs = maxPtimeMs;
        return this;
    }

    public int maxPtimeMs()
    {
        return maxPtimeMs;
    }

    /** Bytes of the reactor-to-agent command ring (a power of two). */
    public MediaConfig commandRingBytes(final int bytes)
    {
        this.commandRingBytes = bytes;
        return this;
    }

    public int commandRingBytes()
    {
        return commandRingBytes;
    }

    /** The agent thread's idle strategy; busy-spin only for benchmarks. */
    public MediaConfig idleStrategy(final Supplier<IdleStrategy> idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    public IdleStrategy newIdleStrategy()
    {
        return idleStrategy.get();
    }

    public MediaConfig epochClock(final EpochClock clock)
    {
        this.epochClock = clock;
        return this;
    }

    public EpochClock epochClock()
    {
        return epochClock;
    }

    /** For arrival times (jitter). */
    public MediaConfig nanoClock(final NanoClock clock)
    {
        this.nanoClock = clock;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    /** Sees every RTP datagram sent; null for none. */
    public MediaConfig tap(final RtpPacketTap tap)
    {
        this.tap = tap;
        return this;
    }

    public RtpPacketTap tap()
    {
        return tap;
    }

    public MediaConfig errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /** DSCP for RTP (46, EF, by default); -1 leaves the socket's TOS alone. */
    public MediaConfig dscp(final int dscp)
    {
        this.dscp = dscp;
        return this;
    }

    public int dscp()
    {
        return dscp;
    }
}
