package io.voxline.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.lmax.disruptor.RingBuffer;

/**
 * Reads datagrams straight into claimed ring events. A slot is claimed only once a channel is readable,
 * so a producer never holds a sequence while it blocks (which would stall every other producer).
 */
final class DatagramReceiver implements Runnable
{
    private final String name;
    private final RingBuffer<ReactorEvent> ring;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Object[]> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    /** Stamp each datagram with its read time (a {@link LatencyProbe} is on). */
    private volatile boolean stamp;
    private Thread thread;

    DatagramReceiver(final String name, final RingBuffer<ReactorEvent> ring)
    {
        this.name = name;
        this.ring = ring;
        try
        {
            selector = Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void register(final DatagramChannel channel, final int transportIndex)
    {
        pending.add(new Object[] {channel, transportIndex});
        selector.wakeup();
    }

    void stamp(final boolean on)
    {
        stamp = on;
    }

    void start()
    {
        running = true;
        thread = new Thread(this, name + "-udp-rx");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                registerPending();
                selector.select(1000);
                final Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext())
                {
                    final SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.isReadable())
                    {
                        drain((DatagramChannel)key.channel(), (Integer)key.attachment());
                    }
                }
            }
        }
        catch (final ClosedSelectorException ex)
        {
            // closing
        }
        catch (final IOException ex)
        {
            if (running)
            {
                System.err.println(name + ": receiver stopped: " + ex);
            }
        }
    }

    private void registerPending()
    {
        Object[] p;
        while ((p = pending.poll()) != null)
        {
            try
            {
                ((DatagramChannel)p[0]).register(selector, SelectionKey.OP_READ, p[1]);
            }
            catch (final IOException ex)
            {
                System.err.println(name + ": cannot watch channel: " + ex);
            }
        }
    }

    private void drain(final DatagramChannel channel, final int transportIndex)
    {
        // bounded so one busy socket cannot starve the others
        for (int i = 0; i < 64; i++)
        {
            final long seq = ring.next();
            final ReactorEvent ev = ring.get(seq);
            boolean more = false;
            try
            {
                ev.reset();
                ev.datagram.clear();
                final InetSocketAddress src = (InetSocketAddress)channel.receive(ev.datagram);
                if (src != null)
                {
                    ev.type = ReactorEvent.DATAGRAM;
                    ev.source = src;
                    ev.length = ev.datagram.position();
                    ev.truncated = ev.length == ev.datagram.capacity();
                    ev.transportIndex = transportIndex;
                    if (stamp)
                    {
                        ev.receivedNanos = System.nanoTime();
                    }
                    more = true;
                }
            }
            catch (final IOException ex)
            {
                // e.g. ICMP unreachable reported on a later read: nothing to deliver
                ev.type = ReactorEvent.NONE;
                more = channel.isOpen();
            }
            finally
            {
                ring.publish(seq);
            }
            if (!more)
            {
                return;
            }
        }
    }

    void close()
    {
        running = false;
        try
        {
            selector.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
        if (thread != null)
        {
            try
            {
                thread.join(1000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
