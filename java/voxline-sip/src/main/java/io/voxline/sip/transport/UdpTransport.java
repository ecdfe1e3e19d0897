package io.voxline.sip.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A non-blocking UDP socket for SIP. The reactor thread sends on it; a receiver thread reads from it
 * (see io.voxline.reactor.DatagramReceiver), straight into ring events.
 */
public final class UdpTransport implements SipTransport, AutoCloseable
{
    public static final int MAX_DATAGRAM = 65_507;

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer sendView = new UnsafeBuffer(sendBuffer);
    private volatile PacketTap tap;
    private long sendFailures;

    private UdpTransport(final DatagramChannel channel, final InetSocketAddress localAddress)
    {
        this.channel = channel;
        this.localAddress = localAddress;
    }

    /** Binds to an IP literal and port (0 takes a free port). */
    public static UdpTransport bind(final InetSocketAddress address)
    {
        try
        {
            final DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
            ch.bind(address);
            ch.configureBlocking(false);
            return new UdpTransport(ch, (InetSocketAddress)ch.getLocalAddress());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot bind udp:" + address.getAddress().getHostAddress() + ":" +
                address.getPort() + ": " + ex.getMessage(), ex);
        }
    }

    public DatagramChannel channel()
    {
        return channel;
    }

    public void tap(final PacketTap tap)
    {
        this.tap = tap;
    }

    public long sendFailures()
    {
        return sendFailures;
    }

    @Override
    public String protocol()
    {
        return "UDP";
    }

    @Override
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        if (length > MAX_DATAGRAM)
        {
            sendFailures++;
            return false;
        }
        sendBuffer.clear();
        sendView.putBytes(0, buffer, offset, length);
        sendBuffer.limit(length);
        // tap first: a capture must show this datagram before anything its receiver sends in answer
        final PacketTap t = tap;
        if (t != null)
        {
            t.onPacket(localAddress, destination, sendView, 0, length);
        }
        try
        {
            final int sent = channel.send(sendBuffer, destination);
            if (sent == 0)
            {
                sendFailures++;
                return false;
            }
            return true;
        }
        catch (final IOException ex)
        {
            // ICMP port unreachable and friends: UDP is lossy, the transaction layer recovers or times out.
            sendFailures++;
            return false;
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing: nothing left to do
        }
    }
}
