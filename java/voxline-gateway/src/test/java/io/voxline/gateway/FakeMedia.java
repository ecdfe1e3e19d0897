package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Hands out ports 40000 + 2 * line and records starts, stops and keys sent as RFC 4733 events. */
final class FakeMedia implements MediaPort
{
    final List<String> commands = new ArrayList<>();
    final int[] open;
    final String[] started;
    final int[] telephoneEventPt;
    boolean refusePorts;

    FakeMedia(final int lines)
    {
        open = new int[lines];
        started = new String[lines];
        telephoneEventPt = new int[lines];
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
        this.telephoneEventPt[line] = telephoneEventPt;
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

    /** As the media agent: refused unless the line runs with a telephone-event payload type. */
    @Override
    public boolean keyDown(final int line, final char digit)
    {
        if (started[line] == null || telephoneEventPt[line] < 0)
        {
            return false;
        }
        commands.add("key down " + line + " " + digit);
        return true;
    }

    @Override
    public boolean keyUp(final int line, final char digit, final int durationMs)
    {
        if (started[line] == null || telephoneEventPt[line] < 0)
        {
            return false;
        }
        commands.add("key up " + line + " " + digit + " " + durationMs + "ms");
        return true;
    }
}
