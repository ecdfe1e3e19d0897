package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * The INVITE server transaction (RFC 3261 17.2.1 as RFC 6026 §7.1 amends it): Proceeding, Completed, Confirmed,
 * Accepted, Terminated. It sends 100 Trying itself only when the TU has not answered within 200 ms. A final
 * non-2xx is retransmitted by timer G (UDP: from T1, doubling to T2) until the ACK or timer H (64*T1); after the
 * ACK, timer I (T4 on UDP) absorbs further ACKs. A 2xx moves it to Accepted for timer L (64*T1, every transport):
 * retransmitted INVITEs are absorbed there (never a second call), further 2xx from the TU (a proxy forwarding
 * another fork's answer, or the same 2xx again) are sent, the transaction itself retransmits nothing (the UAS core
 * re-sends its 2xx until the ACK, RFC 3261 13.3.1.4), and an ACK that matches it goes up to the TU.
 */
final class ServerInviteTransaction extends ServerTransactionBase
{
    enum State
    {
        PROCEEDING,
        COMPLETED,
        CONFIRMED,
        ACCEPTED,
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
        TIMER_I,
        TIMER_L
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
    void terminateStateless()
    {
        state = State.TERMINATED;
        removeFromLayer();
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

    /** True after a 2xx, until timer L (RFC 6026). */
    boolean isAccepted()
    {
        return state == State.ACCEPTED;
    }

    @Override
    void start()
    {
        startRetransmitTimer(TransactionConfig.TRYING_DELAY_MS);
    }

    @Override
    boolean acceptsResponse(final int code)
    {
        // RFC 6026 7.1: in Accepted the TU may still pass 2xx (another fork's, through a proxy)
        return state == State.PROCEEDING || (state == State.ACCEPTED && code >= 200 && code < 300);
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

    /** An ACK that matched this transaction; true when it is the TU's (Accepted: the ACK for our 2xx). */
    boolean onAck()
    {
        final boolean accepted = state == State.ACCEPTED;
        handle(Event.ACK);
        return accepted;
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
        // slot 2 holds H while Completed, I while Confirmed and L while Accepted
        handle(state == State.COMPLETED ? Event.TIMER_H : state == State.ACCEPTED ? Event.TIMER_L : Event.TIMER_I);
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
                        state = State.ACCEPTED;
                        cancelRetransmitTimer();
                        sendResponse();
                        startTimeoutTimer(layer.config().timerLMs());
                        layer.onAccepted(this, true);
                        releaseParsed();
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
                        releaseParsed();
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
            case ACCEPTED:
                switch (event)
                {
                    case REQUEST_RETRANSMITTED:
                        // its 2xx went out: a second INVITE would be a second call; the UAS core re-sends the 2xx
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TU_SUCCESS:
                        // another 2xx (a fork's through a proxy, or the same again): to the transport, nothing more
                        sendResponse();
                        layer.counters().acceptedPassThrough++;
                        return;
                    case ACK:
                        // the ACK for the 2xx is the TU's (the layer hands it up)
                        layer.counters().acceptedPassThrough++;
                        return;
                    case TIMER_L:
                        state = State.TERMINATED;
                        removeFromLayer();
                        layer.onAccepted(this, false);
                        return;
                    default:
                        return;
                }
            case TERMINATED:
            default:
        }
    }
}
