package io.voxline.sip.transaction;

/**
 * What the transaction layer absorbed, dropped or gave up on: nothing it drops is silent to an operator.
 * Written only by the owning thread; read anywhere for diagnostics (plain longs, may be slightly stale).
 */
public final class TransactionCounters
{
    long malformedDropped;
    long absorbedRetransmissions;
    long retransmittedRequests;
    long strayResponses;
    long strayAcks;
    long acceptedPassThrough;
    long ignoredResponses;
    long ignoredRequests;
    long refusedResponses;
    long rejectedRequests;
    long unmatchedCancels;
    long clientTimeouts;
    long ackTimeouts;
    long abandonedServerTransactions;
    long sendFailures;
    long connectionFailures;

    /** Messages the layer could not use (failed parse, no usable top Via, not answerable): dropped. */
    public long malformedDropped()
    {
        return malformedDropped;
    }

    /** Retransmitted requests and responses a transaction absorbed (answered from its state, or ignored). */
    public long absorbedRetransmissions()
    {
        return absorbedRetransmissions;
    }

    /** Requests re-sent by timers A and E. */
    public long retransmittedRequests()
    {
        return retransmittedRequests;
    }

    /** Responses no client transaction matched (not even an Accepted one), handed to the TU. */
    public long strayResponses()
    {
        return strayResponses;
    }

    /** ACKs no INVITE server transaction matched (ACKs for 2xx with a branch of their own), handed to the TU. */
    public long strayAcks()
    {
        return strayAcks;
    }

    /**
     * What passed through an Accepted INVITE transaction (RFC 6026): further 2xx handed to the client
     * transaction's listener, 2xx the TU sent on an Accepted server transaction, ACKs handed up from one.
     */
    public long acceptedPassThrough()
    {
        return acceptedPassThrough;
    }

    /** Responses a client transaction dropped in its state (e.g. a 180 after the final response). */
    public long ignoredResponses()
    {
        return ignoredResponses;
    }

    /** Requests a server transaction dropped in its state (an ACK before any final response). */
    public long ignoredRequests()
    {
        return ignoredRequests;
    }

    /** TU responses refused: after the final one, malformed, or not a response. */
    public long refusedResponses()
    {
        return refusedResponses;
    }

    /** Requests handed to sendRequest that the layer could not use (not a request, ACK, no RFC 3261 branch, duplicate). */
    public long rejectedRequests()
    {
        return rejectedRequests;
    }

    /** CANCELs that matched no INVITE: answered 481 here, unless the TU takes them (a proxy forwards them). */
    public long unmatchedCancels()
    {
        return unmatchedCancels;
    }

    /** Client transactions ended by timer B or F, or by a CANCEL left unanswered for 64*T1. */
    public long clientTimeouts()
    {
        return clientTimeouts;
    }

    /** INVITE server transactions ended by timer H: the ACK for a non-2xx never came. */
    public long ackTimeouts()
    {
        return ackTimeouts;
    }

    /** Non-INVITE server transactions the TU never answered, dropped after 128*T1. */
    public long abandonedServerTransactions()
    {
        return abandonedServerTransactions;
    }

    /** Sends the transport refused. */
    public long sendFailures()
    {
        return sendFailures;
    }

    /** Client transactions ended because the connection carrying them closed (RFC 3261 17.1.4). */
    public long connectionFailures()
    {
        return connectionFailures;
    }

    @Override
    public String toString()
    {
        return "malformed=" + malformedDropped + " absorbed=" + absorbedRetransmissions + " retransmitted=" +
            retransmittedRequests + " strayResponses=" + strayResponses + " strayAcks=" + strayAcks + " acceptedPassThrough=" + acceptedPassThrough +
            " ignoredResponses=" + ignoredResponses + " ignoredRequests=" + ignoredRequests + " refused=" +
            refusedResponses + " rejected=" + rejectedRequests + " unmatchedCancels=" + unmatchedCancels +
            " clientTimeouts=" + clientTimeouts + " ackTimeouts=" + ackTimeouts + " abandoned=" +
            abandonedServerTransactions + " sendFailures=" + sendFailures + " connectionFailures=" + connectionFailures;
    }
}
