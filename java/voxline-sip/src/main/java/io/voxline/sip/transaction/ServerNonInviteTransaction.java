package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * The non-INVITE server transaction (RFC 3261 17.2.2): Trying, Proceeding, Completed, Terminated. A
 * retransmitted request gets the last response again (nothing while Trying); timer J (64*T1 on UDP) keeps the
 * final response for retransmissions. A TU that never answers is not allowed to leak the transaction: after
 * 128*T1 without a final response it is dropped (counted as abandoned).
 */
final class ServerNonInviteTransaction extends ServerTransactionBase
{
    enum State
    {
        TRYING,
        PROCEEDING,
        COMPLETED,
        TERMINATED
    }

    enum Event
    {
        REQUEST_RETRANSMITTED,
        TU_PROVISIONAL,
        TU_FINAL,
        TIMER_J,
        TU_SILENT
    }

    private State state = State.TRYING;

    ServerNonInviteTransaction(
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

    @Override
    void start()
    {
        startTimeoutTimer(2 * layer.config().timerBMs());
    }

    @Override
    boolean acceptsResponse(final int code)
    {
        return state == State.TRYING || state == State.PROCEEDING;
    }

    @Override
    void onResponseStored(final int code)
    {
        handle(code < 200 ? Event.TU_PROVISIONAL : Event.TU_FINAL);
    }

    @Override
    void onRetransmission()
    {
        handle(Event.REQUEST_RETRANSMITTED);
    }

    @Override
    void onRetransmitTimer()
    {
        // this machine retransmits nothing on its own
    }

    @Override
    void onTimeoutTimer()
    {
        // slot 2 holds the abandon limit until a final response, then J
        handle(state == State.COMPLETED ? Event.TIMER_J : Event.TU_SILENT);
    }

    /** Every transition of the machine. */
    private void handle(final Event event)
    {
        switch (state)
        {
            case TRYING:
            case PROCEEDING:
                switch (event)
                {
                    case REQUEST_RETRANSMITTED:
                        if (state == State.PROCEEDING)
                        {
                            sendResponse();
                        }
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TU_PROVISIONAL:
                        state = State.PROCEEDING;
                        sendResponse();
                        return;
                    case TU_FINAL:
                        state = State.COMPLETED;
                        sendResponse();
                        releaseParsed();
                        if (reliable)
                        {
                            state = State.TERMINATED;
                            removeFromLayer();
                        }
                        else
                        {
                            startTimeoutTimer(layer.config().timerBMs());
                        }
                        return;
                    case TU_SILENT:
                        state = State.TERMINATED;
                        removeFromLayer();
                        layer.counters().abandonedServerTransactions++;
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
                    case TIMER_J:
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
