package io.voxline.sip.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The fuzz input of a whole-path target: a script of datagrams and clock steps, so that a seed is readable SIP
 * and the fuzzer mutates messages and their order alike. A command is a line starting with
 * <ul>
 * <li>{@code >X}: a datagram from source X (a letter the target maps to an address); its bytes are everything up
 * to the next line that starts with {@code >}, {@code =}, {@code ~} or {@code !} (the LF before it included);</li>
 * <li>{@code =X}: the previous datagram again, now from X (a retransmission);</li>
 * <li>{@code ~N}: N milliseconds pass (decimal, at most {@value #MAX_STEP_MS}, and {@value #MAX_TOTAL_MS} in all);</li>
 * <li>{@code !...}: a board event (the gateway's target; the proxy's ignores it).</li>
 * </ul>
 * Bytes before the first command are a datagram from {@code A}, so a bare SIP message is a script too. Inside a
 * datagram, {@code $VIA} (every Via line), {@code $FROM}, {@code $TO}, {@code $CALLID}, {@code $CSEQ} and
 * {@code $CONTACT} stand for those headers of the last new message (not a retransmission) the core sent to the
 * datagram's source: how a seed answers a request whose branch and tags the core chose. Shared by the proxy's and the
 * gateway's targets (this module's test jar).
 */
public final class FuzzScript
{
    /** Steps taken from one input at most: the rest is ignored. */
    public static final int MAX_STEPS = 200;
    public static final long MAX_STEP_MS = 3_600_000;
    /** Script time at most: enough for registrations to be refreshed, little enough to keep an input fast. */
    public static final long MAX_TOTAL_MS = 7_200_000;

    /** What the target does for each step. */
    public interface Driver
    {
        void datagram(char source, byte[] bytes);

        void advance(long ms);

        /** A board event command: the bytes after '!' up to the end of its line. */
        void board(byte[] command);
    }

    private FuzzScript()
    {
    }

    public static void run(final byte[] input, final Driver driver)
    {
        int p = 0;
        int steps = 0;
        long time = 0;
        byte[] previous = null;
        if (input.length > 0 && !isCommand(input[0]))
        {
            final int end = datagramEnd(input, 0);
            previous = slice(input, 0, end);
            driver.datagram('A', previous);
            steps++;
            p = end;
        }
        while (p < input.length && steps < MAX_STEPS)
        {
            final int lineEnd = lineEnd(input, p);
            final byte op = input[p];
            final char arg = p + 1 < lineEnd ? (char)(input[p + 1] & 0xFF) : 'A';
            steps++;
            switch (op)
            {
                case '>' ->
                {
                    final int start = Math.min(input.length, lineEnd + 1);
                    final int end = datagramEnd(input, start);
                    previous = slice(input, start, end);
                    driver.datagram(arg, previous);
                    p = end;
                    continue;
                }
                case '=' ->
                {
                    if (previous != null)
                    {
                        driver.datagram(arg, previous);
                    }
                }
                case '~' ->
                {
                    final long ms = Math.min(number(input, p + 1, lineEnd), MAX_TOTAL_MS - time);
                    time += ms;
                    driver.advance(ms);
                }
                case '!' -> driver.board(slice(input, p + 1, lineEnd));
                default ->
                {
                    // not a command (only after a mutation): skip the line
                }
            }
            p = lineEnd + 1;
        }
    }

    /** Replaces the $NAME placeholders with the headers of what the core last sent to this source (header(name) or null). */
    public static byte[] expand(final byte[] datagram, final Function<String, String> header, final Function<String, String> allVias)
    {
        if (indexOf(datagram, (byte)'$') < 0)
        {
            return datagram;
        }
        String text = new String(datagram, StandardCharsets.ISO_8859_1);
        text = replace(text, "$VIA", allVias.apply("Via"));
        text = replace(text, "$FROM", header.apply("From"));
        text = replace(text, "$TO", header.apply("To"));
        text = replace(text, "$CALLID", header.apply("Call-ID"));
        text = replace(text, "$CSEQ", header.apply("CSeq"));
        text = replace(text, "$CONTACT", header.apply("Contact"));
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String replace(final String text, final String token, final String value)
    {
        return value == null ? text : text.replace(token, value);
    }

    private static boolean isCommand(final byte b)
    {
        return b == '>' || b == '=' || b == '~' || b == '!';
    }

    /** Where a datagram starting at start ends: after the LF that precedes the next command line, else at the end. */
    private static int datagramEnd(final byte[] input, final int start)
    {
        for (int k = start; k < input.length - 1; k++)
        {
            if (input[k] == '\n' && isCommand(input[k + 1]))
            {
                return k + 1;
            }
        }
        return input.length;
    }

    private static int lineEnd(final byte[] input, final int start)
    {
        final int lf = indexOf(input, start, (byte)'\n');
        return lf < 0 ? input.length : lf;
    }

    private static long number(final byte[] input, final int start, final int end)
    {
        long v = 0;
        for (int k = start; k < end && k < start + 8; k++)
        {
            final int d = input[k] - '0';
            if (d < 0 || d > 9)
            {
                break;
            }
            v = v * 10 + d;
        }
        return Math.min(v, MAX_STEP_MS);
    }

    private static int indexOf(final byte[] b, final byte value)
    {
        return indexOf(b, 0, value);
    }

    private static int indexOf(final byte[] b, final int from, final byte value)
    {
        for (int k = from; k < b.length; k++)
        {
            if (b[k] == value)
            {
                return k;
            }
        }
        return -1;
    }

    private static byte[] slice(final byte[] b, final int start, final int end)
    {
        final byte[] s = new byte[Math.max(0, end - start)];
        System.arraycopy(b, start, s, 0, s.length);
        return s;
    }
}
