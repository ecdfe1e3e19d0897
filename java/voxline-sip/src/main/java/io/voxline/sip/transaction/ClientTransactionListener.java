package io.voxline.sip.transaction;

import io.voxline.sip.message.SipMessage;

/** What a client transaction reports to whoever sent its request. On the owning thread. */
public interface ClientTransactionListener
{
    /**
     * Every provisional response, and the first final one. For an INVITE, every 2xx: after the first the
     * transaction is Accepted for 64*T1 (RFC 6026 §7.2) and each further 2xx comes here too — the same 2xx
     * retransmitted (our ACK was lost: send it again) or another fork's answer, with another To tag (ACK it, and
     * end that dialog with BYE, RFC 3261 13.2.2.4). The ACK for a 2xx is the TU's to send; the ACK for a non-2xx is
     * sent by the transaction itself, and retransmissions of a non-2xx final response are not reported.
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
