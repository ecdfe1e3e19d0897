package io.voxline.sip.dialog;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * The UAS core's 2xx retransmission until the ACK (RFC 3261 13.3.1.4): the INVITE server transaction ended with
 * the 2xx, so the core re-sends it at T1, 2T1, … capped at T2 — on every transport, since a UDP hop may lie
 * between — and gives up after 64*T1, telling the TU that the ACK never came (the TU then sends BYE).
 * One per answered INVITE; owned by the reactor thread.
 */
public final class AnswerRetransmission implements TimerService.Handler
{
    /** What the TU hears. */
    @FunctionalInterface
    public interface Listener
    {
        /** 64*T1 passed without the ACK: the session should be ended with BYE. */
        void onAckTimeout(AnswerRetransmission retransmission);
    }

    private final TransactionLayer layer;
    private final Listener listener;
    private final SipMessage parsed = new SipMessage();
    private UnsafeBuffer response;
    private int responseLength;
    private InetSocketAddress destination;
    private long cseq = -1;
    private long interval;
    private long retransmitTimer = TimerService.NO_TIMER;
    private long giveUpTimer = TimerService.NO_TIMER;
    private int retransmissions;
    private Object context;

    public AnswerRetransmission(final TransactionLayer layer, final Listener listener)
    {
        this.layer = layer;
        this.listener = listener;
    }

    /**
     * Starts retransmitting a 2xx already sent once (by {@link ServerTransaction#respond}); it goes where the
     * transaction's responses go. False when the bytes are not a 2xx to an INVITE.
     */
    public boolean start(final ServerTransaction invite, final DirectBuffer buffer, final int offset, final int length)
    {
        // the transaction's own, worked out once: its parsed request is let go once it is Accepted
        return start(buffer, offset, length, invite.responseDestination());
    }

    /** As {@link #start(ServerTransaction, DirectBuffer, int, int)} with the destination given. */
    public boolean start(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        stop();
        if (destination == null || buffer == null || !parsed.parse(buffer, offset, length) || !parsed.isResponse() ||
            parsed.statusCode() < 200 || parsed.statusCode() >= 300 || parsed.cseqMethod() != SipMethod.INVITE)
        {
            return false;
        }
        final int len = parsed.length();
        if (response == null || response.capacity() < len)
        {
            response = new UnsafeBuffer(new byte[len]);
        }
        response.putBytes(0, buffer, parsed.offset(), len);
        responseLength = len;
        cseq = parsed.cseqNumber();
        this.destination = destination;
        retransmissions = 0;
        interval = layer.config().t1Ms();
        retransmitTimer = layer.timers().schedule(interval, this);
        giveUpTimer = layer.timers().schedule(layer.config().timerBMs(), this);
        return true;
    }

    /** An ACK in the dialog: stops when it acknowledges this 2xx (same CSeq number). True when it did. */
    public boolean onAck(final SipMessage ack)
    {
        if (!isActive() || ack == null || ack.method() != SipMethod.ACK || ack.cseqNumber() != cseq)
        {
            return false;
        }
        stop();
        return true;
    }

    /** Stops without a verdict (the call ended some other way). */
    public void stop()
    {
        layer.timers().cancel(retransmitTimer);
        layer.timers().cancel(giveUpTimer);
        retransmitTimer = TimerService.NO_TIMER;
        giveUpTimer = TimerService.NO_TIMER;
    }

    public boolean isActive()
    {
        return giveUpTimer != TimerService.NO_TIMER;
    }

    /** How many times the 2xx was re-sent. */
    public int retransmissions()
    {
        return retransmissions;
    }

    /** The CSeq number of the INVITE answered, -1 before start. */
    public long cseq()
    {
        return cseq;
    }

    public Object context()
    {
        return context;
    }

    public void context(final Object context)
    {
        this.context = context;
    }

    @Override
    public void onTimer(final long timerId)
    {
        if (timerId == giveUpTimer && timerId != TimerService.NO_TIMER)
        {
            giveUpTimer = TimerService.NO_TIMER;
            layer.timers().cancel(retransmitTimer);
            retransmitTimer = TimerService.NO_TIMER;
            listener.onAckTimeout(this);
        }
        else if (timerId == retransmitTimer && timerId != TimerService.NO_TIMER)
        {
            retransmitTimer = TimerService.NO_TIMER;
            layer.sendStateless(response, 0, responseLength, destination);
            retransmissions++;
            interval = Math.min(2 * interval, layer.config().t2Ms());
            retransmitTimer = layer.timers().schedule(interval, this);
        }
    }
}
