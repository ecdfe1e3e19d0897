package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * The INVITE server transaction (RFC 3261 17.2.1): Proceeding, Completed, Confirmed, Terminated. It sends
 * 100 Trying itself only when the TU has not answered within 200 ms. A 2xx ends it at once (the TU retransmits
 * the 2xx until the ACK, RFC 3261 13.3.1.4); a final non-2xx is retransmitted by timer G (UDP: from T1, doubling
 * to T2) until the ACK or timer H (64*T1); after the ACK, timer I (T4 on UDP) absorbs further ACKs.
 */
final class ServerInviteTransaction extends ServerTransactionBase
{
    enum State
    {
        PROCEEDING,
        COMPLETED,
        CONFIRMED,
        TERMINATED
    }

    enum Event
    {
        REQUEST_RETRANSMITTED,
        TU_PROVISIONAL,
        TU_SUCCESS,
        TU_FAILURE,
        ACK,
        TIMER_TRYING,
        TIMER_G,
        TIMER_H,
        TIMER_I
    }

    private State state = State.PROCEEDING;
    private long intervalG;

    ServerInviteTransaction(
        final TransactionLayer layer,
        final String key,
        final UnsafeBuffer requestBuffer,
        final SipMessage request,
        final InetSocketAddress source)
    {
        super(layer, key, requestBuffer, request, source);
    }

    State state()
    {
        return state;
    }

    @Override
    public boolean isTerminated()
    {
        return state == State.TERMINATED;
    }

    /** True until a final response: a CANCEL still has something to cancel. */
    boolean isProceeding()
    {
        return state == State.PROCEEDING;
    }

    @Override
    void start()
    {
        startRetransmitTimer(TransactionConfig.TRYING_DELAY_MS);
    }

    @Override
    boolean acceptsResponse()
    {
        return state == State.PROCEEDING;
    }

    @Override
    void onResponseStored(final int code)
    {
        handle(code < 200 ? Event.TU_PROVISIONAL : (code < 300 ? Event.TU_SUCCESS : Event.TU_FAILURE));
    }

    @Override
    void onRetransmission()
    {
        handle(Event.REQUEST_RETRANSMITTED);
    }

    void onAck()
    {
        handle(Event.ACK);
    }

    @Override
    void onRetransmitTimer()
    {
        // slot 1 holds the 100 Trying delay while Proceeding and timer G while Completed
        handle(state == State.PROCEEDING ? Event.TIMER_TRYING : Event.TIMER_G);
    }

    @Override
    void onTimeoutTimer()
    {
        // slot 2 holds H while Completed and I while Confirmed
        handle(state == State.COMPLETED ? Event.TIMER_H : Event.TIMER_I);
    }

    /** Every transition of the machine. */
    private void handle(final Event event)
    {
        switch (state)
        {
            case PROCEEDING:
                switch (event)
                {
                    case TIMER_TRYING:
                        if (!hasResponse())
                        {
                            respond(100, null, null);
                        }
                        return;
                    case REQUEST_RETRANSMITTED:
                        // the latest provisional response, if any (RFC 3261 17.2.1)
                        sendResponse();
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TU_PROVISIONAL:
                        cancelRetransmitTimer();
                        sendResponse();
                        return;
                    case TU_SUCCESS:
                        sendResponse();
                        state = State.TERMINATED;
                        removeFromLayer();
                        layer.rememberAnsweredInvite(key);
                        return;
                    case TU_FAILURE:
                        state = State.COMPLETED;
                        cancelRetransmitTimer();
                        sendResponse();
                        if (!reliable)
                        {
                            intervalG = layer.config().t1Ms();
                            startRetransmitTimer(intervalG);
                        }
                        startTimeoutTimer(layer.config().timerBMs());
                        return;
                    case ACK:
                        // an ACK before any final response acknowledges nothing
                        layer.counters().ignoredRequests++;
                        return;
                    default:
                        return;
                }
            case COMPLETED:
                switch (event)
                {
                    case REQUEST_RETRANSMITTED:
                        sendResponse();
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TIMER_G:
                        sendResponse();
                        intervalG = Math.min(2 * intervalG, layer.config().t2Ms());
                        startRetransmitTimer(intervalG);
                        return;
                    case TIMER_H:
                        // the ACK never came: nothing more to do than to forget the transaction (counted)
                        state = State.TERMINATED;
                        removeFromLayer();
                        layer.counters().ackTimeouts++;
                        return;
                    case ACK:
                        state = State.CONFIRMED;
                        cancelTimers();
                        if (reliable)
                        {
                            state = State.TERMINATED;
                            removeFromLayer();
                        }
                        else
                        {
                            startTimeoutTimer(layer.config().t4Ms());
                        }
                        return;
                    default:
                        return;
                }
            case CONFIRMED:
                switch (event)
                {
                    case REQUEST_RETRANSMITTED:
                    case ACK:
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TIMER_I:
                        state = State.TERMINATED;
                        removeFromLayer();
                        return;
                    default:
                        return;
                }
            case TERMINATED:
            default:
        }
    }
}
