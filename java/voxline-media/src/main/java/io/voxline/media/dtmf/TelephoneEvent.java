package io.voxline.media.dtmf;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The RFC 4733 section 2.3 payload: event (8 bits), E (end), R (reserved), volume (6 bits, -dBm0),
 * duration (16 bits, timestamp units since the event began). Event codes 0-15 are the DTMF keys
 * 0-9, *, #, A-D (RFC 4733 section 3.2); 16 is a hook flash.
 */
public final class TelephoneEvent
{
    public static final int PAYLOAD_LENGTH = 4;
    public static final int FLASH = 16;
    public static final int MAX_DURATION = 0xFFFF;
    /** A typical level for generated events: -10 dBm0. */
    public static final int DEFAULT_VOLUME = 10;

    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvent()
    {
    }

    /** The event code for a DTMF key ('0'-'9', '*', '#', 'A'-'D', lower case too), or -1. */
    public static int eventForDigit(final char digit)
    {
        return DIGITS.indexOf(Character.toUpperCase(digit));
    }

    /** The DTMF key for an event code 0-15, or 0 for any other event. */
    public static char digitForEvent(final int event)
    {
        return event >= 0 && event < DIGITS.length() ? DIGITS.charAt(event) : 0;
    }

    public static int event(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset) & 0xFF;
    }

    public static boolean end(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset + 1) & 0x80) != 0;
    }

    public static int volume(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + 1) & 0x3F;
    }

    public static int duration(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** Writes one payload; returns its length. */
    public static int write(
        final MutableDirectBuffer buffer, final int offset, final int event, final boolean end, final int volume,
        final int duration)
    {
        buffer.putByte(offset, (byte)event);
        buffer.putByte(offset + 1, (byte)((end ? 0x80 : 0) | (volume & 0x3F)));
        buffer.putShort(offset + 2, (short)Math.min(duration, MAX_DURATION), ByteOrder.BIG_ENDIAN);
        return PAYLOAD_LENGTH;
    }
}
