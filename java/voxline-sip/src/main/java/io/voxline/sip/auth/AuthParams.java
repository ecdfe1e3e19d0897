package io.voxline.sip.auth;

import org.agrona.DirectBuffer;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * The offsets of {@code Digest name=value, name=value, ...} (RFC 3261 §25 challenge/credentials, RFC 7616 §3.3):
 * the scheme, then comma-separated auth-params whose values are a token or a quoted-string. A quoted value is
 * recorded without its quotes and with its escapes (see {@link Quoted}). Names compare without case; a name may
 * appear once. Lenient where peers are: an unquoted value runs to the next comma or white space (nonces with
 * '/' and '=' are common), empty list elements are skipped. Reused across parses; never throws.
 */
final class AuthParams
{
    static final int MAX_PARAMS = 24;

    static final String NOT_DIGEST = "Not a Digest scheme";
    static final String BAD_PARAM = "Malformed auth parameter";
    static final String UNCLOSED_QUOTE = "Unclosed quoted string";
    static final String DUPLICATE = "Repeated auth parameter";
    static final String TOO_MANY = "Too many auth parameters";

    private final int[] nameOffset = new int[MAX_PARAMS];
    private final int[] nameLength = new int[MAX_PARAMS];
    private final int[] valueOffset = new int[MAX_PARAMS];
    private final int[] valueLength = new int[MAX_PARAMS];
    private final boolean[] quoted = new boolean[MAX_PARAMS];
    private DirectBuffer buffer;
    private int count;

    /** Parses [off, off+len); null when well formed, else why not (a constant). */
    String parse(final DirectBuffer buf, final int off, final int len)
    {
        buffer = buf;
        count = 0;
        if (buf == null || off < 0 || len < 0 || off > buf.capacity() - len)
        {
            return NOT_DIGEST;
        }
        final int end = off + len;
        int p = SipChars.skipLws(buf, off, end);
        final int schemeEnd = SipChars.scanToken(buf, p, end);
        if (!SipChars.equalsIgnoreCase(buf, p, schemeEnd - p, "Digest") ||
            (schemeEnd < end && !SipChars.isLws(buf.getByte(schemeEnd))))
        {
            return NOT_DIGEST;
        }
        p = SipChars.skipLws(buf, schemeEnd, end);
        while (p < end)
        {
            if (buf.getByte(p) == ',')
            {
                p = SipChars.skipLws(buf, p + 1, end);
                continue;
            }
            if (count == MAX_PARAMS)
            {
                return fail(TOO_MANY);
            }
            final int nameStart = p;
            p = SipChars.scanToken(buf, p, end);
            if (p == nameStart)
            {
                return fail(BAD_PARAM);
            }
            final int nameLen = p - nameStart;
            p = SipChars.skipLws(buf, p, end);
            if (p >= end || buf.getByte(p) != '=')
            {
                return fail(BAD_PARAM);
            }
            p = SipChars.skipLws(buf, p + 1, end);
            if (p >= end)
            {
                return fail(BAD_PARAM);
            }
            final int vStart;
            final int vEnd;
            final boolean q = buf.getByte(p) == '"';
            if (q)
            {
                final int close = SipChars.skipQuoted(buf, p, end);
                if (close < 0)
                {
                    return fail(UNCLOSED_QUOTE);
                }
                vStart = p + 1;
                vEnd = close - 1;
                p = close;
            }
            else
            {
                vStart = p;
                while (p < end && buf.getByte(p) != ',' && !SipChars.isLws(buf.getByte(p)) && buf.getByte(p) != '"')
                {
                    p++;
                }
                vEnd = p;
                if (vEnd == vStart)
                {
                    return fail(BAD_PARAM);
                }
            }
            for (int k = 0; k < count; k++)
            {
                if (nameLength[k] == nameLen && sameName(nameOffset[k], nameStart, nameLen))
                {
                    return fail(DUPLICATE);
                }
            }
            nameOffset[count] = nameStart;
            nameLength[count] = nameLen;
            valueOffset[count] = vStart;
            valueLength[count] = vEnd - vStart;
            quoted[count] = q;
            count++;
            p = SipChars.skipLws(buf, p, end);
            if (p < end && buf.getByte(p) != ',')
            {
                return fail(BAD_PARAM);
            }
        }
        return null;
    }

    private boolean sameName(final int a, final int b, final int len)
    {
        for (int i = 0; i < len; i++)
        {
            if (SipChars.toLower(buffer.getByte(a + i) & 0xFF) != SipChars.toLower(buffer.getByte(b + i) & 0xFF))
            {
                return false;
            }
        }
        return true;
    }

    private String fail(final String why)
    {
        count = 0;
        return why;
    }

    int count()
    {
        return count;
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /** The index of parameter name (lower-case ASCII), or -1. */
    int indexOf(final String name)
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

    int valueOffset(final int i)
    {
        return valueOffset[i];
    }

    int valueLength(final int i)
    {
        return valueLength[i];
    }

    boolean isQuoted(final int i)
    {
        return quoted[i];
    }

    /** Points into at parameter i's value; null (and into untouched) when i is -1. */
    BufferView value(final int i, final BufferView into)
    {
        return i < 0 ? null : into.wrap(buffer, valueOffset[i], valueLength[i]);
    }
}
