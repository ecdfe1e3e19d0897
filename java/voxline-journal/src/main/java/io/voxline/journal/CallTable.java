package io.voxline.journal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The call history as the plain-text table {@code voxline calls} prints: a header and one row per call
 * leg, columns padded to their widest cell. Times are local (the router's zone unless given).
 *
 * <pre>
 * START                LINE  DIR  LOCAL           REMOTE          ANSWERED  DURATION  END            CALL-ID
 * 2026-06-12 14:03:07  1     OUT  sip:101@a.test  sip:201@a.test  14:03:12     01:05  local hangup   8f2c@127.0.0.1
 * </pre>
 */
public final class CallTable
{
    static final String[] HEADER =
        { "START", "LINE", "DIR", "LOCAL", "REMOTE", "ANSWERED", "DURATION", "END", "CALL-ID" };
    private static final int DURATION_COLUMN = 6;
    private static final String NONE = "-";
    private static final String UP = "in progress";
    private static final String GAP = "  ";
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private CallTable()
    {
    }

    /** The table in the system's time zone; every line ends with a newline. */
    public static String format(final List<CallRecord> calls)
    {
        return format(calls, ZoneId.systemDefault());
    }

    public static String format(final List<CallRecord> calls, final ZoneId zone)
    {
        final List<String[]> rows = new ArrayList<>(calls.size() + 1);
        rows.add(HEADER);
        for (final CallRecord c : calls)
        {
            rows.add(row(c, zone));
        }
        final int[] widths = new int[HEADER.length];
        for (final String[] row : rows)
        {
            for (int i = 0; i < row.length; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        final StringBuilder out = new StringBuilder();
        for (final String[] row : rows)
        {
            appendRow(out, row, widths);
        }
        if (calls.isEmpty())
        {
            out.append("(no calls)\n");
        }
        return out.toString();
    }

    /** mm:ss, or h:mm:ss from an hour on. */
    static String duration(final long ms)
    {
        final long seconds = ms / 1000;
        final long h = seconds / 3600;
        final long m = (seconds / 60) % 60;
        final long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%02d:%02d", m, s);
    }

    private static String[] row(final CallRecord c, final ZoneId zone)
    {
        return new String[]
        {
            START.format(Instant.ofEpochMilli(c.startMs()).atZone(zone)),
            c.line() > 0 ? Integer.toString(c.line()) : NONE,
            c.direction() == null ? NONE : c.direction().name(),
            cell(c.localUri()),
            cell(c.remoteUri()),
            c.answered() ? TIME.format(Instant.ofEpochMilli(c.answerMs()).atZone(zone)) : NONE,
            c.durationMs() == CallRecord.NO_TIME ? NONE : duration(c.durationMs()),
            c.ended() ? cell(c.endReason()) : UP,
            cell(c.callId()),
        };
    }

    /** A journal is read, not trusted: no control character may break the table's lines. */
    private static String cell(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return NONE;
        }
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (Character.isISOControl(c))
            {
                if (clean == null)
                {
                    clean = new StringBuilder(text);
                }
                clean.setCharAt(i, '?');
            }
        }
        return clean == null ? text : clean.toString();
    }

    private static void appendRow(final StringBuilder out, final String[] row, final int[] widths)
    {
        for (int i = 0; i < row.length; i++)
        {
            final boolean last = i == row.length - 1;
            final String cell = row[i];
            final int pad = widths[i] - cell.length();
            if (i == DURATION_COLUMN)
            {
                out.append(" ".repeat(pad)).append(cell);
            }
            else
            {
                out.append(cell);
                if (!last)
                {
                    out.append(" ".repeat(pad));
                }
            }
            if (!last)
            {
                out.append(GAP);
            }
        }
        out.append('\n');
    }
}
