package io.voxline.sip.parse;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/**
 * A reusable CharSequence over bytes of a buffer: one char per byte (ISO-8859-1), so {@code length()} is
 * the byte count. Accessors of the SIP flyweights hand out one view each and re-point it on every call:
 * a view stays valid until the next call of the same accessor or the next parse of its flyweight, and
 * only while the underlying buffer is unchanged. Keep a value beyond that with {@link #toString()} or
 * {@link #toUtf8String()} (both allocate) or by copying the bytes.
 *
 * <p>equals/hashCode are Object's on purpose: a view's content changes, so it must not be a map key.
 * Compare with {@link #contentEquals} and {@link #equalsIgnoreCase}.
 */
public final class BufferView implements CharSequence
{
    private DirectBuffer buffer;
    private int offset;
    private int length;

    public BufferView()
    {
    }

    public BufferView(final DirectBuffer buffer, final int offset, final int length)
    {
        wrap(buffer, offset, length);
    }

    /** Points this view at [offset, offset+length) of buffer; returns this. */
    public BufferView wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        if (index < 0 || index >= length)
        {
            throw new IndexOutOfBoundsException("index " + index + " outside view of length " + length);
        }
        return (char)(buffer.getByte(offset + index) & 0xFF);
    }

    /** The byte at index as 0–255 (no bounds check beyond the buffer's own). */
    public int byteAt(final int index)
    {
        return buffer.getByte(offset + index) & 0xFF;
    }

    /** A new view (allocates): for the rare caller that needs a sub-range as a CharSequence. */
    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        if (start < 0 || end > length || start > end)
        {
            throw new IndexOutOfBoundsException("subSequence(" + start + ", " + end + ") of length " + length);
        }
        return new BufferView(buffer, offset + start, end - start);
    }

    /** Same bytes as s (chars taken as ISO-8859-1). False for null. */
    public boolean contentEquals(final CharSequence s)
    {
        return SipChars.equals(buffer, offset, length, s);
    }

    /** Same bytes as s, ASCII letters compared without case. False for null. */
    public boolean equalsIgnoreCase(final CharSequence s)
    {
        return SipChars.equalsIgnoreCase(buffer, offset, length, s);
    }

    public boolean startsWithIgnoreCase(final CharSequence s)
    {
        return SipChars.startsWithIgnoreCase(buffer, offset, length, s);
    }

    /** Same bytes as [off, off+len) of other. */
    public boolean contentEquals(final DirectBuffer other, final int off, final int len)
    {
        if (len != length)
        {
            return false;
        }
        for (int i = 0; i < len; i++)
        {
            if (buffer.getByte(offset + i) != other.getByte(off + i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The view with its %-escapes decoded equals s ({@code sip:%75ser@h}'s user equals "user"): how to compare
     * URI parts, which RFC 3261 §19.1.4 compares decoded. Allocates nothing; false for null.
     */
    public boolean equalsDecoded(final CharSequence s)
    {
        return SipChars.equalsDecoded(buffer, offset, length, s, false);
    }

    /** As {@link #equalsDecoded}, ASCII letters compared without case (hosts, parameter names). */
    public boolean equalsDecodedIgnoreCase(final CharSequence s)
    {
        return SipChars.equalsDecoded(buffer, offset, length, s, true);
    }

    /**
     * Two URI components equal by RFC 3261 §19.1.4: escapes of unreserved characters equal the characters,
     * escaped reserved characters equal only the same escape; optionally without ASCII case. Null is false.
     */
    public boolean equalsEscaped(final BufferView other, final boolean ignoreCase)
    {
        return other != null &&
            SipChars.equalsEscaped(buffer, offset, length, other.buffer, other.offset, other.length, ignoreCase);
    }

    /** Writes the view with its %-escapes decoded into dst at index (room for length() bytes); returns the count. */
    public int decodeTo(final org.agrona.MutableDirectBuffer dst, final int index)
    {
        return SipChars.decode(buffer, offset, length, dst, index);
    }

    /**
     * For the content of a quoted string (a display name, a quoted parameter value without its quotes): equals
     * s once its quoted-pairs are undone ({@code J. \"Jack\"} equals {@code J. "Jack"}). Allocates nothing.
     */
    public boolean equalsUnescaped(final CharSequence s)
    {
        return SipChars.equalsUnescaped(buffer, offset, length, s);
    }

    /** Writes the content of a quoted string with its quoted-pairs undone into dst at index; returns the count. */
    public int unescapeTo(final org.agrona.MutableDirectBuffer dst, final int index)
    {
        return SipChars.unescape(buffer, offset, length, dst, index);
    }

    /** The view as a decimal number, or -1 when it is not one (or exceeds max). */
    public long parseLong(final long max)
    {
        return SipChars.parseDigits(buffer, offset, offset + length, max);
    }

    /** Copies the bytes into dst at index; returns the count. */
    public int getBytes(final org.agrona.MutableDirectBuffer dst, final int index)
    {
        dst.putBytes(index, buffer, offset, length);
        return length;
    }

    /** The bytes decoded as UTF-8 (display names, reason phrases): allocates. */
    public String toUtf8String()
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One char per byte, as the CharSequence contract requires: allocates. */
    @Override
    public String toString()
    {
        if (buffer == null)
        {
            return "";
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
