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
