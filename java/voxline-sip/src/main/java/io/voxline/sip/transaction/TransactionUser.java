package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import io.voxline.sip.message.SipMessage;

/**
 * The layer above the transactions (a UA core, a proxy core): what the {@link TransactionLayer} hands up.
 * Every method runs on the owning (reactor) thread; the message is a view valid only during the call.
 */
public interface TransactionUser
{
    /**
     * A new request (retransmissions are absorbed by the layer). {@code st} is the server transaction to
     * answer on; it is null for an ACK, which never has one of its own: an ACK for a non-2xx is absorbed by
     * the INVITE server transaction, so an ACK that arrives here acknowledges a 2xx (it matched an Accepted INVITE
     * transaction, RFC 6026, or — the usual case, with a branch of its own — nothing). It is
     * also null for a CANCEL that matched no INVITE when the layer was told to pass those on statelessly
     * ({@link TransactionLayer#passUnmatchedCancelStateless}): a proxy forwards it without a transaction.
     */
    void onRequest(ServerTransaction st, SipMessage request, InetSocketAddress source);

    /**
     * A response no client transaction claims. Since RFC 6026 a 2xx to an INVITE — retransmitted, or another
     * fork's — reaches the INVITE client transaction's listener for 64*T1 after the first, so what arrives here
     * matched nothing at all: a 2xx later than that, an answer to a request the element forwarded without a
     * transaction (a proxy's stateless CANCEL, which it forwards statelessly in turn, RFC 3261 16.11), or junk.
     * A UA core may still ACK and BYE a late 2xx of a call it knows; a stateful proxy discards the rest
     * (RFC 6026 §8.x, RFC 3261 18.1.2 as amended).
     */
    void onStrayResponse(SipMessage response, InetSocketAddress source);

    /**
     * A CANCEL matched a pending INVITE server transaction; the layer has already answered the CANCEL
     * with 200. The TU decides what happens to the INVITE (a UAS answers 487; a proxy cancels its branches).
     */
    void onCancel(ServerTransaction invite, SipMessage cancel);
}
