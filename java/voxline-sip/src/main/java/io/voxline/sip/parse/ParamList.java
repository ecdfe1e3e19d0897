package io.voxline.sip.parse;

import org.agrona.DirectBuffer;

/**
 * The offsets of a {@code ;name[=value]} list (Via, URI and header parameters), reused across parses.
 * Names compare without case; a value is kept as written (a quoted value keeps its quotes). A flag
 * parameter such as {@code lr} or {@code rport} has no value: {@link #valueLength} is -1 and
 * {@link #value} returns null. Holds at most {@link #MAX_PARAMS}; more makes {@link #parse} fail.
 */
public final class ParamList
{
    public static final int MAX_PARAMS = 32;

    private final int[] nameOffset = new int[MAX_PARAMS];
    private final int[] nameLength = new int[MAX_PARAMS];
    private final int[] valueOffset = new int[MAX_PARAMS];
    private final int[] valueLength = new int[MAX_PARAMS];
    private final BufferView nameView = new BufferView();
    private final BufferView valueView = new BufferView();
    private DirectBuffer buffer;
    private int count;

    public void reset()
    {
        buffer = null;
        count = 0;
    }

    /**
     * Parses [pos, end): empty (or only LWS), or one or more {@code ;name[=value]} with optional LWS
     * around ';' and '='. Returns false on a missing ';', an empty or non-token name, an unclosed quote
     * or too many parameters; the list is then empty.
     */
    public boolean parse(final DirectBuffer buf, final int pos, final int end)
    {
        buffer = buf;
        count = 0;
        int p = SipChars.skipLws(buf, pos, end);
        while (p < end)
        {
            if (buf.getByte(p) != ';' || count == MAX_PARAMS)
            {
                count = 0;
                return false;
            }
            p = SipChars.skipLws(buf, p + 1, end);
            final int nameStart = p;
            p = SipChars.scanToken(buf, p, end);
            if (p == nameStart)
            {
                count = 0;
                return false;
            }
            nameOffset[count] = nameStart;
            nameLength[count] = p - nameStart;
            valueOffset[count] = p;
            valueLength[count] = -1;
            p = SipChars.skipLws(buf, p, end);
            if (p < end && buf.getByte(p) == '=')
            {
                p = SipChars.skipLws(buf, p + 1, end);
                final int valueStart = p;
                int valueEnd;
                if (p < end && buf.getByte(p) == '"')
                {
                    valueEnd = SipChars.skipQuoted(buf, p, end);
                    if (valueEnd < 0)
                    {
                        count = 0;
                        return false;
                    }
                    p = valueEnd;
                }
                else
                {
                    while (p < end && buf.getByte(p) != ';')
                    {
                        p++;
                    }
                    valueEnd = SipChars.trimLwsEnd(buf, valueStart, p);
                }
                valueOffset[count] = valueStart;
                valueLength[count] = valueEnd - valueStart;
                p = SipChars.skipLws(buf, p, end);
            }
            count++;
        }
        return true;
    }

    public int count()
    {
        return count;
    }

    public int nameOffset(final int i)
    {
        return nameOffset[i];
    }

    public int nameLength(final int i)
    {
        return nameLength[i];
    }

    /** Where the value starts; for a flag, the index just after the name. */
    public int valueOffset(final int i)
    {
        return valueOffset[i];
    }

    /** The value's length, or -1 for a flag parameter. */
    public int valueLength(final int i)
    {
        return valueLength[i];
    }

    /** The index of the first parameter named name (without case), or -1. */
    public int indexOf(final CharSequence name)
    {
        for (int i = 0; i < count; i++)
        {
            if (SipChars.equalsIgnoreCase(buffer, nameOffset[i], nameLength[i], name))
            {
                return i;
            }
        }
        return -1;
    }

    public boolean has(final CharSequence name)
    {
        return indexOf(name) >= 0;
    }

    /** The value of the first parameter named name: null when absent or a flag (use {@link #has}). Shared view. */
    public BufferView get(final CharSequence name)
    {
        final int i = indexOf(name);
        return i < 0 ? null : value(i);
    }

    /** The name of parameter i; one shared view. */
    public BufferView name(final int i)
    {
        return nameView.wrap(buffer, nameOffset[i], nameLength[i]);
    }

    /** The value of parameter i, null for a flag; one shared view. */
    public BufferView value(final int i)
    {
        return valueLength[i] < 0 ? null : valueView.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /** The value of parameter i into a view of the caller's, or null for a flag. */
    public BufferView value(final int i, final BufferView into)
    {
        return valueLength[i] < 0 ? null : into.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /** The value of parameter name as a decimal number up to max; -1 when absent, a flag or not a number. */
    public long getLong(final CharSequence name, final long max)
    {
        final int i = indexOf(name);
        if (i < 0 || valueLength[i] < 0)
        {
            return -1;
        }
        return SipChars.parseDigits(buffer, valueOffset[i], valueOffset[i] + valueLength[i], max);
    }
}
