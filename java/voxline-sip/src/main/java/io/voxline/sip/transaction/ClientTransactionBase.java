package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;

/** What both client machines share: destination, listener, branch, the last status, and rejection of a bad request. */
abstract class ClientTransactionBase extends Transaction implements ClientTransaction
{
    final InetSocketAddress destination;
    final ClientTransactionListener listener;
    final String branch;
    final SipMethod method;
    int lastStatusCode;
    private boolean rejected;

    ClientTransactionBase(
        final TransactionLayer layer,
        final String key,
        final UnsafeBuffer requestBuffer,
        final SipMessage request,
        final String branch,
        final InetSocketAddress destination,
        final ClientTransactionListener listener)
    {
        super(layer, key, requestBuffer, request);
        this.destination = destination;
        this.listener = listener;
        this.branch = branch;
        this.method = request.method();
    }

    @Override
    public final SipMethod method()
    {
        return method;
    }

    @Override
    public final String branch()
    {
        return branch;
    }

    @Override
    public final InetSocketAddress destination()
    {
        return destination;
    }

    @Override
    public final int lastStatusCode()
    {
        return lastStatusCode;
    }

    @Override
    final boolean isClient()
    {
        return true;
    }

    /** Sends the request and starts the machine. */
    abstract void start();

    /** A response whose branch and CSeq method match this transaction. */
    abstract void onResponse(SipMessage response);

    /** Enters Terminated without ever sending: a request the layer could not use. Reported on the next timer poll. */
    final void reject()
    {
        rejected = true;
        terminateQuietly();
        startTimeoutTimer(0);
    }

    abstract void terminateQuietly();

    /** True while no final response has arrived (Calling/Trying or Proceeding). */
    abstract boolean awaitsFinalResponse();

    /**
     * The stream connection this transaction's request went on closed before a final response (RFC 3261 17.1.4,
     * 18.4): no retransmission will recover it, so it ends now and says so — as a timeout when the connection
     * could not be made in time, else as a transport error. False when it was already past waiting.
     */
    final boolean failOnConnectionClosed(final boolean timedOut)
    {
        if (rejected || !awaitsFinalResponse())
        {
            return false;
        }
        terminateQuietly();
        layer.counters().connectionFailures++;
        if (timedOut)
        {
            layer.counters().clientTimeouts++;
            listener.onTimeout(this);
        }
        else
        {
            listener.onTransportError(this);
        }
        return true;
    }

    @Override
    final void onTimeoutTimer()
    {
        if (rejected)
        {
            if (listener != null)
            {
                listener.onTransportError(this);
            }
            return;
        }
        onStateTimeoutTimer();
    }

    abstract void onStateTimeoutTimer();
}
