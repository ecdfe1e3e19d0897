package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * The INVITE client transaction (RFC 3261 17.1.1 as RFC 6026 §7.2 amends it): Calling, Proceeding, Completed,
 * Accepted, Terminated. Timer A retransmits the INVITE (UDP only) from T1, doubling; timer B (64*T1) gives up while
 * Calling. A non-2xx final response is ACKed here (same branch and Request-URI, To of the response) and timer D
 * (32 s on UDP) absorbs its retransmissions. A 2xx moves it to Accepted for timer M (64*T1): every 2xx that comes
 * meanwhile — the same one retransmitted because our ACK was lost, or another fork's — goes to the listener too
 * (the ACK for a 2xx, and the BYE for an unwanted fork, are the TU's), so none of them is a stray response.
 * CANCEL (RFC 3261 9.1) waits for a provisional response; once sent, the INVITE is given up if no final response
 * arrives within 64*T1.
 */
final class ClientInviteTransaction extends ClientTransactionBase
{
    enum State
    {
        CALLING,
        PROCEEDING,
        COMPLETED,
        ACCEPTED,
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
        TIMER_M,
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
        // slot 2 holds B while Calling, the CANCEL limit while Proceeding, D while Completed, M while Accepted
        switch (state)
        {
            case ACCEPTED:
                handle(Event.TIMER_M, null);
                break;
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
                        accept(response);
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
                        accept(response);
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
            case ACCEPTED:
                switch (event)
                {
                    case SUCCESS:
                        // RFC 6026 7.2: a retransmission (our ACK was lost) or another fork's answer; the TU ACKs it
                        layer.counters().acceptedPassThrough++;
                        report(response);
                        return;
                    case PROVISIONAL:
                    case FAILURE:
                        layer.counters().ignoredResponses++;
                        return;
                    case TIMER_M:
                        terminate();
                        return;
                    default:
                        // CANCEL: answered already, nothing to cancel
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

    /** The first 2xx: Accepted for timer M, and the TU hears it (RFC 6026 7.2). */
    private void accept(final SipMessage response)
    {
        state = State.ACCEPTED;
        cancelTimers();
        startTimeoutTimer(layer.config().timerMMs());
        report(response);
        releaseParsed();
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
        releaseParsed();
        if (d <= 0)
        {
            terminate();
        }
    }

    private void buildAck(final SipMessage response)
    {
        final int len = layer.writeAck(request(), response);
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
