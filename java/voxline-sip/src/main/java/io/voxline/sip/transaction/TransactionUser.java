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
     * the INVITE server transaction, so an ACK that arrives here acknowledges a 2xx (or matched nothing). It is
     * also null for a CANCEL that matched no INVITE when the layer was told to pass those on statelessly
     * ({@link TransactionLayer#passUnmatchedCancelStateless}): a proxy forwards it without a transaction.
     */
    void onRequest(ServerTransaction st, SipMessage request, InetSocketAddress source);

    /**
     * A response no client transaction claims: typically a retransmitted 2xx to an INVITE whose client
     * transaction has ended (the UAC core re-sends its ACK; a proxy forwards it statelessly).
     */
    void onStrayResponse(SipMessage response, InetSocketAddress source);

    /**
     * A CANCEL matched a pending INVITE server transaction; the layer has already answered the CANCEL
     * with 200. The TU decides what happens to the INVITE (a UAS answers 487; a proxy cancels its branches).
     */
    void onCancel(ServerTransaction invite, SipMessage cancel);
}
