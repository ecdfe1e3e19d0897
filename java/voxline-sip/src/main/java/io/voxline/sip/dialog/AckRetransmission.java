package io.voxline.sip.dialog;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * The UAC core's answer to a retransmitted 2xx (RFC 3261 13.2.2.4): the INVITE client transaction ended with the
 * first 2xx, so its retransmissions arrive as stray responses; each one means the ACK was lost, so the same ACK
 * is sent again. One per dialog; owned by the reactor thread.
 */
public final class AckRetransmission
{
    private final TransactionLayer layer;
    private final SipMessage parsed = new SipMessage();
    private UnsafeBuffer ack;
    private int ackLength;
    private InetSocketAddress destination;
    private long cseq = -1;
    private int resent;

    public AckRetransmission(final TransactionLayer layer)
    {
        this.layer = layer;
    }

    /** Keeps a copy of the ACK just sent for the 2xx. False when the bytes are not an ACK. */
    public boolean remember(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        if (destination == null || buffer == null || !parsed.parse(buffer, offset, length) || parsed.method() != SipMethod.ACK)
        {
            return false;
        }
        final int len = parsed.length();
        if (ack == null || ack.capacity() < len)
        {
            ack = new UnsafeBuffer(new byte[len]);
        }
        ack.putBytes(0, buffer, parsed.offset(), len);
        ackLength = len;
        cseq = parsed.cseqNumber();
        this.destination = destination;
        return true;
    }

    /**
     * A stray response in this dialog: when it is a 2xx to the INVITE this ACK acknowledged, the ACK is sent again
     * and true returned.
     */
    public boolean onRetransmittedAnswer(final SipMessage response)
    {
        if (ack == null || response == null || !response.isResponse() || response.statusCode() < 200 ||
            response.statusCode() >= 300 || response.cseqMethod() != SipMethod.INVITE || response.cseqNumber() != cseq)
        {
            return false;
        }
        layer.sendStateless(ack, 0, ackLength, destination);
        resent++;
        return true;
    }

    /** How many times the ACK was re-sent. */
    public int resent()
    {
        return resent;
    }

    /** The CSeq number of the ACK kept, -1 before the first. */
    public long cseq()
    {
        return cseq;
    }
}
