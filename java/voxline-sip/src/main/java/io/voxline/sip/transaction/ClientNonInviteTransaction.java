package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * The non-INVITE client transaction (RFC 3261 17.1.2): Trying, Proceeding, Completed, Terminated. Timer E
 * retransmits (UDP only) from T1, doubling up to T2 (at T2 once a provisional arrived); timer F (64*T1) gives up;
 * timer K (T4 on UDP) absorbs retransmitted final responses.
 */
final class ClientNonInviteTransaction extends ClientTransactionBase
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
        PROVISIONAL,
        FINAL,
        TIMER_E,
        TIMER_F,
        TIMER_K
    }

    private State state = State.TRYING;
    private long intervalE;

    ClientNonInviteTransaction(
        final TransactionLayer layer,
        final String key,
        final UnsafeBuffer requestBuffer,
        final SipMessage request,
        final String branch,
        final InetSocketAddress destination,
        final ClientTransactionListener listener)
    {
        super(layer, key, requestBuffer, request, branch, destination, listener);
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

    @Override
    void start()
    {
        intervalE = layer.config().t1Ms();
        if (!reliable)
        {
            startRetransmitTimer(intervalE);
        }
        startTimeoutTimer(layer.config().timerBMs());
        if (!sendRequest(destination) && reliable)
        {
            // no retransmission will recover it: reported on the next poll, as for a rejected request
            reject();
        }
    }

    /** Only an INVITE can be cancelled. */
    @Override
    public void cancel()
    {
    }

    @Override
    void onResponse(final SipMessage response)
    {
        handle(response.statusCode() < 200 ? Event.PROVISIONAL : Event.FINAL, response);
    }

    @Override
    void onRetransmitTimer()
    {
        handle(Event.TIMER_E, null);
    }

    @Override
    void onStateTimeoutTimer()
    {
        handle(state == State.COMPLETED ? Event.TIMER_K : Event.TIMER_F, null);
    }

    /** Every transition of the machine. */
    private void handle(final Event event, final SipMessage response)
    {
        switch (state)
        {
            case TRYING:
            case PROCEEDING:
                switch (event)
                {
                    case TIMER_E:
                        sendRequest(destination);
                        layer.counters().retransmittedRequests++;
                        intervalE = state == State.PROCEEDING ? layer.config().t2Ms() :
                            Math.min(2 * intervalE, layer.config().t2Ms());
                        startRetransmitTimer(intervalE);
                        return;
                    case TIMER_F:
                        terminate();
                        layer.counters().clientTimeouts++;
                        listener.onTimeout(this);
                        return;
                    case PROVISIONAL:
                        state = State.PROCEEDING;
                        report(response);
                        return;
                    case FINAL:
                        state = State.COMPLETED;
                        cancelTimers();
                        final long k = reliable ? 0 : layer.config().t4Ms();
                        if (k > 0)
                        {
                            startTimeoutTimer(k);
                        }
                        report(response);
                        releaseParsed();
                        if (k <= 0)
                        {
                            terminate();
                        }
                        return;
                    default:
                        return;
                }
            case COMPLETED:
                switch (event)
                {
                    case PROVISIONAL:
                    case FINAL:
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TIMER_K:
                        terminate();
                        return;
                    default:
                        return;
                }
            case TERMINATED:
            default:
                if (response != null)
                {
                    layer.counters().ignoredResponses++;
                }
        }
    }

    private void report(final SipMessage response)
    {
        lastStatusCode = response.statusCode();
        listener.onResponse(this, response);
    }

    private void terminate()
    {
        state = State.TERMINATED;
        removeFromLayer();
    }

    @Override
    void terminateQuietly()
    {
        terminate();
    }

    @Override
    boolean awaitsFinalResponse()
    {
        return state == State.TRYING || state == State.PROCEEDING;
    }
}
