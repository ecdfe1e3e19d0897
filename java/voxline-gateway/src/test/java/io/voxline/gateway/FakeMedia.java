package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Hands out ports 40000 + 2 * line and records starts and stops. */
final class FakeMedia implements MediaPort
{
    final List<String> commands = new ArrayList<>();
    final int[] open;
    final String[] started;
    boolean refusePorts;

    FakeMedia(final int lines)
    {
        open = new int[lines];
        started = new String[lines];
    }

    @Override
    public int openPort(final int line)
    {
        if (refusePorts)
        {
            return -1;
        }
        open[line] = 40000 + 2 * line;
        commands.add("open " + line);
        return open[line];
    }

    @Override
    public boolean start(
        final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt, final int ptimeMs)
    {
        final String s = remote.getAddress().getHostAddress() + ":" + remote.getPort() + " pt=" + payloadType + " te=" +
            telephoneEventPt + " ptime=" + ptimeMs;
        commands.add("start " + line + " " + s);
        started[line] = s;
        return open[line] != 0;
    }

    @Override
    public boolean stop(final int line)
    {
        commands.add("stop " + line);
        final boolean had = open[line] != 0;
        open[line] = 0;
        started[line] = null;
        return had;
    }
}
