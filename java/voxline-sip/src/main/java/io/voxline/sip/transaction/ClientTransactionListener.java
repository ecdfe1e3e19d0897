package io.voxline.sip.transaction;

import io.voxline.sip.message.SipMessage;

/** What a client transaction reports to whoever sent its request. On the owning thread. */
public interface ClientTransactionListener
{
    /**
     * Every provisional response, and the first final one. For an INVITE, a 2xx ends the client transaction
     * (RFC 3261 17.1.1.2): later 2xx retransmissions reach {@link TransactionUser#onStrayResponse}; the ACK for
     * a 2xx is the TU's to send. The ACK for a non-2xx is sent by the transaction itself.
     */
    void onResponse(ClientTransaction transaction, SipMessage response);

    /** Timer B or F fired: no final response. The TU acts as if it had received 408. */
    void onTimeout(ClientTransaction transaction);

    /** The transport could not send the request. */
    default void onTransportError(final ClientTransaction transaction)
    {
        onTimeout(transaction);
    }
}
