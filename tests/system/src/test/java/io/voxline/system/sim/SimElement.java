package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.util.List;

/** One element of a {@link SimWorld}: a gateway or a proxy core on one address, driven by the world's steps. */
public interface SimElement
{
    /** "A", "proxy1": how labels and test names call it. */
    String name();

    InetSocketAddress address();

    /** The core's onStart (a gateway registers its lines). */
    void start();

    /** Time moved on: the element fires its due timers. */
    void tick(long nowMs);

    /** Hands over local events (a gateway's board events); returns how many. */
    default int pumpLocal()
    {
        return 0;
    }

    /** Failures the core caught inside itself (each one a bug). */
    long failures();

    /** What it still holds that it should not once every call and timer is over: "2 server transactions", …. */
    List<String> leftovers();
}
