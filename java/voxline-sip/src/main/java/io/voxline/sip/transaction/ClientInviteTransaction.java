package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * The INVITE client transaction (RFC 3261 17.1.1): Calling, Proceeding, Completed, Terminated. Timer A
 * retransmits the INVITE (UDP only) from T1, doubling; timer B (64*T1) gives up while Calling. A non-2xx final
 * response is ACKed here (same branch and Request-URI, To of the response) and timer D (32 s on UDP) absorbs its
 * retransmissions; a 2xx ends the transaction at once. CANCEL (RFC 3261 9.1) waits for a provisional response;
 * once sent, the INVITE is given up if no final response arrives within 64*T1.
 */
final class ClientInviteTransaction extends ClientTransactionBase
{
    enum State
    {
        CALLING,
        PROCEEDING,
        COMPLETED,
        TERMINATED
    }

    enum Event
    {
        PROVISIONAL,
        SUCCESS,
        FAILURE,
        TIMER_A,
        TIMER_B,
        TIMER_D,
        CANCEL,
        CANCEL_EXPIRED
    }

    private State state = State.CALLING;
    private long intervalA;
    private boolean cancelRequested;
    private boolean cancelSent;
    private UnsafeBuffer ack;
    private int ackLength;

    ClientInviteTransaction(
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
        intervalA = layer.config().t1Ms();
        if (!reliable)
        {
            startRetransmitTimer(intervalA);
        }
        startTimeoutTimer(layer.config().timerBMs());
        if (!sendRequest(destination) && reliable)
        {
            // no retransmission will recover it: reported on the next poll, as for a rejected request
            reject();
        }
    }

    @Override
    public void cancel()
    {
        handle(Event.CANCEL, null);
    }

    @Override
    void onResponse(final SipMessage response)
    {
        final int code = response.statusCode();
        handle(code < 200 ? Event.PROVISIONAL : (code < 300 ? Event.SUCCESS : Event.FAILURE), response);
    }

    @Override
    void onRetransmitTimer()
    {
        handle(Event.TIMER_A, null);
    }

    @Override
    void onStateTimeoutTimer()
    {
        // slot 2 holds B while Calling, the CANCEL limit while Proceeding, D while Completed
        switch (state)
        {
            case CALLING:
                handle(Event.TIMER_B, null);
                break;
            case PROCEEDING:
                handle(Event.CANCEL_EXPIRED, null);
                break;
            case COMPLETED:
                handle(Event.TIMER_D, null);
                break;
            default:
                break;
        }
    }

    /** Every transition of the machine. */
    private void handle(final Event event, final SipMessage response)
    {
        switch (state)
        {
            case CALLING:
                switch (event)
                {
                    case TIMER_A:
                        sendRequest(destination);
                        intervalA *= 2;
                        startRetransmitTimer(intervalA);
                        layer.counters().retransmittedRequests++;
                        return;
                    case TIMER_B:
                        terminate();
                        layer.counters().clientTimeouts++;
                        listener.onTimeout(this);
                        return;
                    case PROVISIONAL:
                        state = State.PROCEEDING;
                        cancelTimers();
                        report(response);
                        if (cancelRequested && !cancelSent && state == State.PROCEEDING)
                        {
                            sendCancel();
                        }
                        return;
                    case SUCCESS:
                        terminate();
                        report(response);
                        return;
                    case FAILURE:
                        complete(response);
                        return;
                    case CANCEL:
                        cancelRequested = true;
                        return;
                    default:
                        return;
                }
            case PROCEEDING:
                switch (event)
                {
                    case PROVISIONAL:
                        report(response);
                        return;
                    case SUCCESS:
                        terminate();
                        report(response);
                        return;
                    case FAILURE:
                        complete(response);
                        return;
                    case CANCEL:
                        if (!cancelSent)
                        {
                            sendCancel();
                        }
                        return;
                    case CANCEL_EXPIRED:
                        // RFC 3261 9.1: no final response 64*T1 after the CANCEL, consider the INVITE cancelled
                        terminate();
                        layer.counters().clientTimeouts++;
                        listener.onTimeout(this);
                        return;
                    default:
                        return;
                }
            case COMPLETED:
                switch (event)
                {
                    case FAILURE:
                        // a retransmitted final response: ACK it again, the TU heard it once
                        sendAck();
                        layer.counters().absorbedRetransmissions++;
                        return;
                    case TIMER_D:
                        terminate();
                        return;
                    case PROVISIONAL:
                    case SUCCESS:
                        layer.counters().ignoredResponses++;
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

    private void complete(final SipMessage response)
    {
        state = State.COMPLETED;
        cancelTimers();
        buildAck(response);
        sendAck();
        final long d = layer.config().timerDMs(reliable);
        if (d > 0)
        {
            startTimeoutTimer(d);
        }
        report(response);
        if (d <= 0)
        {
            terminate();
        }
    }

    private void buildAck(final SipMessage response)
    {
        final int len = layer.writeAck(request, response);
        if (len > 0)
        {
            ack = new UnsafeBuffer(new byte[len]);
            ack.putBytes(0, layer.scratch(), 0, len);
            ackLength = len;
        }
    }

    private void sendAck()
    {
        if (ack != null)
        {
            layer.send(ack, 0, ackLength, destination);
        }
    }

    private void sendCancel()
    {
        cancelSent = true;
        if (layer.startCancel(this))
        {
            startTimeoutTimer(layer.config().timerBMs());
        }
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
        return state == State.CALLING || state == State.PROCEEDING;
    }
}
