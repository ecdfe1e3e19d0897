package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import io.voxline.sip.message.SipMethod;

/** A client transaction (RFC 3261 17.1, RFC 6026): INVITE (timers A, B, D, M) or non-INVITE (timers E, F, K). */
public interface ClientTransaction
{
    SipMethod method();

    /** The branch of the Via the layer put on top of the request. */
    String branch();

    InetSocketAddress destination();

    /** True once the transaction is gone (an INVITE answered 2xx stays Accepted for 64*T1 first, RFC 6026). */
    boolean isTerminated();

    /** The last status code received, 0 before any response. */
    int lastStatusCode();

    /** A slot for the TU's own state (a call, a proxy branch). */
    Object context();

    void context(Object context);

    /**
     * CANCELs a pending INVITE (RFC 3261 9.1): sent at once if a provisional response has arrived, else as
     * soon as one does; ignored once a final response arrived or for a non-INVITE. The CANCEL's own
     * non-INVITE transaction is the layer's; its 200 is not reported.
     */
    void cancel();
}
