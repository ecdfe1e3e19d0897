package io.voxline.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for the peers: the OS picks one, we let it go and hand it on (as the system tests do). */
final class Ports
{
    static final String HOST = "127.0.0.1";

    private Ports()
    {
    }

    /** A port free for both UDP and TCP on 127.0.0.1 (SIPp binds both for some transports). */
    static int free()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(HOST, 0)))
            {
                final int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1})))
                {
                    return port;
                }
                catch (final IOException busy)
                {
                    // taken for TCP: try another
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        throw new IllegalStateException("no port free for both UDP and TCP on " + HOST);
    }
}
