package io.voxline.sip.message;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

/** SIP request methods Voxline knows by name. Method names are case-sensitive (RFC 3261 §7.1). */
public enum SipMethod
{
    INVITE,
    ACK,
    BYE,
    CANCEL,
    REGISTER,
    OPTIONS,
    INFO,
    UPDATE,
    PRACK,
    SUBSCRIBE,
    NOTIFY,
    REFER,
    MESSAGE,
    PUBLISH,
    /** Any other method: read its name with {@link SipMessage#methodName()}. */
    UNKNOWN;

    private static final SipMethod[] KNOWN;

    static
    {
        final SipMethod[] all = values();
        KNOWN = new SipMethod[all.length - 1];
        System.arraycopy(all, 0, KNOWN, 0, KNOWN.length);
    }

    private final byte[] bytes = name().getBytes(StandardCharsets.US_ASCII);

    /** The method name as ASCII bytes, for writers. Do not modify. */
    byte[] bytes()
    {
        return bytes;
    }

    /** The method whose name is exactly the bytes [off, off+len), or UNKNOWN. */
    public static SipMethod lookup(final DirectBuffer buf, final int off, final int len)
    {
        for (final SipMethod m : KNOWN)
        {
            final byte[] b = m.bytes;
            if (b.length == len && b[0] == buf.getByte(off))
            {
                int i = 1;
                while (i < len && b[i] == buf.getByte(off + i))
                {
                    i++;
                }
                if (i == len)
                {
                    return m;
                }
            }
        }
        return UNKNOWN;
    }

    /** The method named exactly s, or UNKNOWN. */
    public static SipMethod lookup(final CharSequence s)
    {
        for (final SipMethod m : KNOWN)
        {
            if (m.name().contentEquals(s))
            {
                return m;
            }
        }
        return UNKNOWN;
    }
}
