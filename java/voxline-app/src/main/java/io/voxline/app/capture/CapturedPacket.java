package io.voxline.app.capture;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** One datagram as it left its socket. */
public record CapturedPacket(long epochMicros, InetSocketAddress source, InetSocketAddress destination, byte[] payload)
{
    /** RTP version 2 in the first byte and not text: SIP always starts with a letter. */
    public boolean isRtp()
    {
        return payload.length >= 12 && (payload[0] & 0xC0) == 0x80;
    }

    public String text()
    {
        return new String(payload, StandardCharsets.ISO_8859_1);
    }
}
