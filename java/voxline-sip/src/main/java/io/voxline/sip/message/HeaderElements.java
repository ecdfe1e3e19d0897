package io.voxline.sip.message;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.SipChars;

/**
 * A reusable cursor over the comma-separated elements of a list header across all its lines (RFC 3261 §7.3.1:
 * {@code Allow: INVITE, ACK} and two Allow lines mean the same). Commas inside quoted strings and angle brackets
 * do not separate; elements are trimmed; empty ones are skipped (the parser refuses them in a valid message).
 * For a header the parser splits itself ({@link HeaderName#isList()}) each element is an entry already.
 * No allocation.
 *
 * <pre>{@code
 * for (elements.start(msg, HeaderName.ALLOW); elements.next(); ) {
 *     if (elements.value().contentEquals("INFO")) { ... }
 * }
 * }</pre>
 */
public final class HeaderElements
{
    private final BufferView view = new BufferView();
    private SipMessage msg;
    private HeaderName name;
    private int entry = -1;
    private int pos;
    private int end;
    private int elementOffset;
    private int elementLength;

    /** Positions before the first element of msg's name headers; returns this. */
    public HeaderElements start(final SipMessage msg, final HeaderName name)
    {
        this.msg = msg;
        this.name = name;
        enter(msg.first(name));
        return this;
    }

    private void enter(final int i)
    {
        entry = i;
        if (i >= 0)
        {
            pos = msg.valueOffset(i);
            end = pos + msg.valueLength(i);
        }
    }

    /** Moves to the next element; false when there are no more. */
    public boolean next()
    {
        while (entry >= 0)
        {
            if (pos <= end)
            {
                final int comma = SipChars.indexOfUnquoted(msg.buffer(), pos, end, (byte)',', true);
                final int e = comma < 0 ? end : comma;
                final int es = SipChars.skipLws(msg.buffer(), pos, e);
                final int ee = SipChars.trimLwsEnd(msg.buffer(), es, e);
                pos = e + 1;
                if (ee > es)
                {
                    elementOffset = es;
                    elementLength = ee - es;
                    return true;
                }
                continue;
            }
            enter(msg.next(name, entry));
        }
        return false;
    }

    /** The current element; one view, re-pointed by each call. */
    public BufferView value()
    {
        return view.wrap(msg.buffer(), elementOffset, elementLength);
    }

    public int offset()
    {
        return elementOffset;
    }

    public int length()
    {
        return elementLength;
    }

    /** The entry (header line) the current element is in. */
    public int entry()
    {
        return entry;
    }

    /** How many elements msg's name headers hold (a fresh walk: it moves this cursor to the end). */
    public int count(final SipMessage m, final HeaderName h)
    {
        int n = 0;
        for (start(m, h); next(); )
        {
            n++;
        }
        return n;
    }
}
