package io.voxline.app.demo;

import java.util.List;

import io.voxline.app.capture.CapturedPacket;

/** Draws a ladder diagram, one column per element, from the datagrams actually sent. */
public final class Ladder
{
    private static final int WIDTH = 24;
    private static final int MARGIN = 12;

    private Ladder()
    {
    }

    public static String draw(final List<CapturedPacket> packets, final List<Element> columns)
    {
        final StringBuilder out = new StringBuilder();
        out.append(row(columns, i -> columns.get(i).name()));
        out.append(row(columns, i -> columns.get(i).sip().getAddress().getHostAddress() + ":" + columns.get(i).sip().getPort()));
        out.append(bars(columns.size())).append('\n');
        int rtp = 0;
        long t0 = packets.isEmpty() ? 0 : packets.get(0).epochMicros();
        for (int i = 0; i < packets.size(); i++)
        {
            final CapturedPacket p = packets.get(i);
            final int from = column(columns, p, true);
            final int to = column(columns, p, false);
            if (from < 0 || to < 0)
            {
                continue;
            }
            if (p.isRtp())
            {
                if (rtp++ == 0)
                {
                    out.append(arrow(columns.size(), from, to, "RTP voice, direct", '=', p.epochMicros() - t0));
                }
                continue;
            }
            final SipHop h = SipHop.of(i, p, columns);
            if (h != null)
            {
                final String label = h.request() ? h.methodName() + (h.method() == io.voxline.sip.message.SipMethod.INVITE ? " " + user(h.requestUri()) : "") :
                    h.status() + " " + h.reason() + (h.cseqMethod() != io.voxline.sip.message.SipMethod.INVITE ? " (" + h.cseqMethod() + ")" : "");
                out.append(arrow(columns.size(), from, to, label, '-', p.epochMicros() - t0));
            }
        }
        out.append(bars(columns.size())).append('\n');
        out.append(String.format("%" + MARGIN + "s%d RTP packets, all between the two gateways' media ports%n", "", rtp));
        return out.toString();
    }

    private static String user(final String uri)
    {
        final int colon = uri.indexOf(':');
        final int at = uri.indexOf('@');
        return colon >= 0 && at > colon ? uri.substring(colon + 1, at) : uri;
    }

    private static int column(final List<Element> columns, final CapturedPacket p, final boolean source)
    {
        for (int i = 0; i < columns.size(); i++)
        {
            if (columns.get(i).owns(source ? p.source() : p.destination()))
            {
                return i;
            }
        }
        return -1;
    }

    private static String row(final List<Element> columns, final java.util.function.IntFunction<String> text)
    {
        final char[] line = blank(columns.size());
        for (int i = 0; i < columns.size(); i++)
        {
            final String s = text.apply(i);
            final int start = Math.max(0, center(i) - s.length() / 2);
            for (int k = 0; k < s.length() && start + k < line.length; k++)
            {
                line[start + k] = s.charAt(k);
            }
        }
        return new String(line).stripTrailing() + "\n";
    }

    private static String bars(final int n)
    {
        final char[] line = blank(n);
        for (int i = 0; i < n; i++)
        {
            line[center(i)] = '|';
        }
        return new String(line).stripTrailing();
    }

    private static String arrow(final int n, final int from, final int to, final String label, final char shaft, final long micros)
    {
        final char[] line = blank(n);
        for (int i = 0; i < n; i++)
        {
            line[center(i)] = '|';
        }
        final int lo = center(Math.min(from, to));
        final int hi = center(Math.max(from, to));
        for (int x = lo + 1; x < hi; x++)
        {
            line[x] = shaft;
        }
        if (from < to)
        {
            line[hi - 1] = '>';
        }
        else
        {
            line[lo + 1] = '<';
        }
        final String text = " " + label + " ";
        final int space = hi - lo - 4;
        final String shown = text.length() > space ? text.substring(0, Math.max(0, space)) : text;
        final int start = lo + 2 + (space - shown.length()) / 2;
        for (int k = 0; k < shown.length(); k++)
        {
            line[start + k] = shown.charAt(k);
        }
        final String time = String.format("%8.3f s ", micros / 1e6);
        final char[] withTime = line.clone();
        for (int k = 0; k < time.length() && k < MARGIN; k++)
        {
            withTime[k] = time.charAt(k);
        }
        return new String(withTime).stripTrailing() + "\n";
    }

    private static int center(final int column)
    {
        return MARGIN + WIDTH / 2 + column * WIDTH;
    }

    private static char[] blank(final int n)
    {
        final char[] line = new char[MARGIN + n * WIDTH + 2];
        java.util.Arrays.fill(line, ' ');
        return line;
    }
}
