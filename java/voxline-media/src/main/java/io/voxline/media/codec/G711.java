package io.voxline.media.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * G.711 companding laws with their static RTP payload types (RFC 3551): PCMU = 0, PCMA = 8, both 8 kHz.
 * Encode takes 16-bit linear samples; decode gives them back. Table lookups only: no allocation.
 */
public enum G711
{
    PCMU(0, "PCMU", (byte)0xFF)
    {
        @Override
        public byte encode(final int sample)
        {
            return G711Tables.ULAW_ENCODE[(sample >> 2) & 0x3FFF];
        }

        @Override
        public short decode(final int code)
        {
            return G711Tables.ULAW_DECODE[code & 0xFF];
        }
    },
    PCMA(8, "PCMA", (byte)0xD5)
    {
        @Override
        public byte encode(final int sample)
        {
            return G711Tables.ALAW_ENCODE[(sample >> 4) & 0xFFF];
        }

        @Override
        public short decode(final int code)
        {
            return G711Tables.ALAW_DECODE[code & 0xFF];
        }
    };

    public static final int CLOCK_RATE = 8000;

    private final int payloadType;
    private final String encodingName;
    private final byte silence;

    G711(final int payloadType, final String encodingName, final byte silence)
    {
        this.payloadType = payloadType;
        this.encodingName = encodingName;
        this.silence = silence;
    }

    /** Encodes one 16-bit linear sample (only its low 16 bits count). */
    public abstract byte encode(int sample);

    /** Decodes one code (only its low 8 bits count) to a 16-bit linear sample. */
    public abstract short decode(int code);

    public int payloadType()
    {
        return payloadType;
    }

    /** The SDP rtpmap encoding name. */
    public String encodingName()
    {
        return encodingName;
    }

    /** The code for a zero sample. */
    public byte silence()
    {
        return silence;
    }

    /** The law for a static payload type, or null when it is not G.711. */
    public static G711 forPayloadType(final int payloadType)
    {
        return payloadType == 0 ? PCMU : payloadType == 8 ? PCMA : null;
    }

    /** Encodes {@code samples} 16-bit samples at pcmOffset (in the given byte order) to codes at dstOffset. */
    public void encode(
        final DirectBuffer pcm, final int pcmOffset, final ByteOrder order, final int samples,
        final MutableDirectBuffer dst, final int dstOffset)
    {
        for (int i = 0; i < samples; i++)
        {
            dst.putByte(dstOffset + i, encode(pcm.getShort(pcmOffset + 2 * i, order)));
        }
    }

    /** Decodes {@code count} codes at srcOffset to 16-bit samples at pcmOffset, in the given byte order. */
    public void decode(
        final DirectBuffer src, final int srcOffset, final int count,
        final MutableDirectBuffer pcm, final int pcmOffset, final ByteOrder order)
    {
        for (int i = 0; i < count; i++)
        {
            pcm.putShort(pcmOffset + 2 * i, decode(src.getByte(srcOffset + i)), order);
        }
    }
}
