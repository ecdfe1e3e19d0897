package io.voxline.gateway.fuzz;

import java.net.InetSocketAddress;

import io.voxline.gateway.MediaPort;

/** Hands out RTP ports and checks every media command: a line that exists, a usable peer, sane payload types. */
final class FuzzMedia implements MediaPort
{
    final int[] open;
    final boolean[] running;

    FuzzMedia(final int lines)
    {
        open = new int[lines];
        running = new boolean[lines];
    }

    private void checkLine(final int line, final String what)
    {
        if (line < 0 || line >= open.length)
        {
            throw new AssertionError("media " + what + " on line " + line + ", which the board does not have");
        }
    }

    @Override
    public int openPort(final int line)
    {
        checkLine(line, "openPort");
        open[line] = 40000 + 2 * line;
        return open[line];
    }

    @Override
    public boolean start(
        final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt, final int ptimeMs)
    {
        checkLine(line, "start");
        if (remote == null || remote.getAddress() == null || remote.getPort() <= 0 || remote.getPort() > 65535)
        {
            throw new AssertionError("media to no usable address: " + remote);
        }
        if (payloadType < 0 || payloadType > 127 || telephoneEventPt < -1 || telephoneEventPt > 127)
        {
            throw new AssertionError("payload types " + payloadType + "/" + telephoneEventPt);
        }
        if (ptimeMs <= 0 || ptimeMs > 1000)
        {
            throw new AssertionError("ptime " + ptimeMs);
        }
        running[line] = open[line] != 0;
        return running[line];
    }

    @Override
    public boolean stop(final int line)
    {
        checkLine(line, "stop");
        final boolean had = open[line] != 0;
        open[line] = 0;
        running[line] = false;
        return had;
    }
}
