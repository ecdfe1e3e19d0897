package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.voxline.gateway.MediaPort;

/** A media port without sockets: line n gets RTP port firstPort + 2n; records every start and stop. */
public final class SimMedia implements MediaPort
{
    private final int firstPort;
    private final List<String> commands = new ArrayList<>();
    private final int[] open;
    private final InetSocketAddress[] remote;
    private final int[] payloadType;

    SimMedia(final int lines, final int firstPort)
    {
        this.firstPort = firstPort;
        open = new int[lines];
        remote = new InetSocketAddress[lines];
        payloadType = new int[lines];
    }

    /** The port line gets (0-based). */
    public int portOf(final int line)
    {
        return firstPort + 2 * line;
    }

    /** Where the line's media is flowing to now, or null when it is stopped. */
    public InetSocketAddress remote(final int line)
    {
        return remote[line];
    }

    public int payloadType(final int line)
    {
        return payloadType[line];
    }

    /** True while the line holds an RTP port. */
    public boolean isOpen(final int line)
    {
        return open[line] != 0;
    }

    /** "open 0", "start 0 127.0.4.1:42000 pt=0", "stop 0", in order. */
    public List<String> commands()
    {
        return List.copyOf(commands);
    }

    @Override
    public int openPort(final int line)
    {
        open[line] = portOf(line);
        commands.add("open " + line);
        return open[line];
    }

    @Override
    public boolean start(
        final int line, final InetSocketAddress to, final int pt, final int telephoneEventPt, final int ptimeMs)
    {
        commands.add("start " + line + " " + to.getAddress().getHostAddress() + ":" + to.getPort() + " pt=" + pt);
        remote[line] = to;
        payloadType[line] = pt;
        return open[line] != 0;
    }

    @Override
    public boolean stop(final int line)
    {
        commands.add("stop " + line);
        final boolean had = open[line] != 0;
        open[line] = 0;
        remote[line] = null;
        return had;
    }
}
