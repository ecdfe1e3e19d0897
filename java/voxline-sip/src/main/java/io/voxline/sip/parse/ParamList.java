package io.voxline.sip.parse;

import org.agrona.DirectBuffer;

/**
 * The offsets of a parameter list, reused across parses. Three grammars of RFC 3261 §25.1:
 * <ul>
 * <li>{@link #parse}: header parameters ({@code ;name[=value]}, generic-param): names are tokens, a value is a
 *     token, a host (IPv6 references and bare IPv6 addresses too) or a quoted string (kept with its quotes);
 *     LWS may stand around ';' and '='.</li>
 * <li>{@link #parseUriParams}: SIP URI parameters: paramchar only (unreserved, escaped, []/:&amp;+$), no LWS;
 *     names compare decoded, so {@code ;%6C%72} is {@code ;lr}.</li>
 * <li>{@link #parseUriHeaders}: URI headers after '?': {@code hname=hvalue *("&amp;" hname=hvalue)}.</li>
 * </ul>
 * Names are matched without case. A flag parameter such as {@code lr} or {@code rport} has no value:
 * {@link #valueLength} is -1 and {@link #value} returns null. Holds at most {@link #MAX_PARAMS}; more makes a
 * parse fail, as does any byte the grammar does not allow. A failed parse leaves the list empty.
 */
public final class ParamList
{
    public static final int MAX_PARAMS = 32;

    private static final int HEADER = 0;
    private static final int URI = 1;
    private static final int URI_HEADERS = 2;

    private final int[] nameOffset = new int[MAX_PARAMS];
    private final int[] nameLength = new int[MAX_PARAMS];
    private final int[] valueOffset = new int[MAX_PARAMS];
    private final int[] valueLength = new int[MAX_PARAMS];
    private final BufferView nameView = new BufferView();
    private final BufferView valueView = new BufferView();
    private DirectBuffer buffer;
    private int count;
    private int kind = HEADER;

    public void reset()
    {
        buffer = null;
        count = 0;
        kind = HEADER;
    }

    /**
     * Parses header parameters in [pos, end): empty (or only LWS), or one or more {@code ;name[=value]} with
     * optional LWS around ';' and '='. False on a missing ';', an empty or non-token name, an empty value, a
     * value that is neither token, host nor a closed quoted string, or too many parameters.
     */
    public boolean parse(final DirectBuffer buf, final int pos, final int end)
    {
        buffer = buf;
        count = 0;
        kind = HEADER;
        int p = SipChars.skipLws(buf, pos, end);
        while (p < end)
        {
            if (buf.getByte(p) != ';' || count == MAX_PARAMS)
            {
                return fail();
            }
            p = SipChars.skipLws(buf, p + 1, end);
            final int nameStart = p;
            p = SipChars.scanToken(buf, p, end);
            if (p == nameStart)
            {
                return fail();
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
                if (p < end && buf.getByte(p) == '"')
                {
                    p = SipChars.skipQuoted(buf, p, end);
                    if (p < 0)
                    {
                        return fail();
                    }
                }
                else
                {
                    while (p < end && isGenValueChar(buf.getByte(p)))
                    {
                        p++;
                    }
                    if (p == valueStart)
                    {
                        return fail();
                    }
                }
                valueOffset[count] = valueStart;
                valueLength[count] = p - valueStart;
                p = SipChars.skipLws(buf, p, end);
            }
            count++;
        }
        return true;
    }

    /** token / host / IPv6 address without brackets (received=2001:db8::9, RFC 5118 §4.5). */
    private static boolean isGenValueChar(final byte b)
    {
        return SipChars.isToken(b) || b == ':' || b == '[' || b == ']';
    }

    /**
     * Parses SIP URI parameters in [pos, end): empty, or one or more {@code ;pname[=pvalue]} of paramchar with
     * valid escapes and no whitespace. False otherwise (the list is then empty).
     */
    public boolean parseUriParams(final DirectBuffer buf, final int pos, final int end)
    {
        buffer = buf;
        count = 0;
        kind = URI;
        int p = pos;
        while (p < end)
        {
            if (buf.getByte(p) != ';' || count == MAX_PARAMS)
            {
                return fail();
            }
            final int nameStart = ++p;
            while (p < end && buf.getByte(p) != ';' && buf.getByte(p) != '=')
            {
                p++;
            }
            if (!SipChars.isParamChars(buf, nameStart, p))
            {
                return fail();
            }
            nameOffset[count] = nameStart;
            nameLength[count] = p - nameStart;
            valueOffset[count] = p;
            valueLength[count] = -1;
            if (p < end && buf.getByte(p) == '=')
            {
                final int valueStart = ++p;
                while (p < end && buf.getByte(p) != ';')
                {
                    p++;
                }
                if (!SipChars.isParamChars(buf, valueStart, p))
                {
                    return fail();
                }
                valueOffset[count] = valueStart;
                valueLength[count] = p - valueStart;
            }
            count++;
        }
        return true;
    }

    /**
     * Parses URI headers in [pos, end) (after the '?'): one or more {@code hname=hvalue} joined by '&amp;', the
     * name not empty, the value possibly empty. False otherwise (the list is then empty).
     */
    public boolean parseUriHeaders(final DirectBuffer buf, final int pos, final int end)
    {
        buffer = buf;
        count = 0;
        kind = URI_HEADERS;
        int p = pos;
        do
        {
            if (count == MAX_PARAMS)
            {
                return fail();
            }
            final int nameStart = p;
            while (p < end && buf.getByte(p) != '=' && buf.getByte(p) != '&')
            {
                p++;
            }
            if (p == nameStart || p >= end || buf.getByte(p) != '=' || !SipChars.isHeaderChars(buf, nameStart, p))
            {
                return fail();
            }
            final int valueStart = ++p;
            while (p < end && buf.getByte(p) != '&')
            {
                p++;
            }
            if (!SipChars.isHeaderChars(buf, valueStart, p))
            {
                return fail();
            }
            nameOffset[count] = nameStart;
            nameLength[count] = valueStart - 1 - nameStart;
            valueOffset[count] = valueStart;
            valueLength[count] = p - valueStart;
            count++;
        }
        while (p++ < end);
        return true;
    }

    private boolean fail()
    {
        count = 0;
        return false;
    }

    public int count()
    {
        return count;
    }

    /** The buffer of the last parse. */
    public DirectBuffer buffer()
    {
        return buffer;
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

    /** The index of the first parameter named name (without case; URI parameter names decoded), or -1. */
    public int indexOf(final CharSequence name)
    {
        for (int i = 0; i < count; i++)
        {
            if (kind == HEADER ? SipChars.equalsIgnoreCase(buffer, nameOffset[i], nameLength[i], name) :
                SipChars.equalsDecoded(buffer, nameOffset[i], nameLength[i], name, true))
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
