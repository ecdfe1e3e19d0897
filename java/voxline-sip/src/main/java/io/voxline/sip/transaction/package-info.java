/**
 * SIP transactions (RFC 3261 §17 with RFC 6026): the {@link io.voxline.sip.transaction.TransactionLayer} with the
 * four state machines — INVITE and non-INVITE, client and server, timers A–K and RFC 6026's Accepted state with
 * timers L and M, on an injected {@link io.voxline.sip.transaction.TimerService} — matching (by branch, and by the
 * RFC 2543 rules for peers without one), retransmission absorption, CANCEL matching, and
 * responses by the Via rules (received, rport) or, on TCP/TLS, on the request's connection; a closed connection
 * ends the client transactions it carried. The interfaces the TU (a UA core, a proxy core) codes against:
 * {@link io.voxline.sip.transaction.TransactionUser}, {@link io.voxline.sip.transaction.ClientTransaction},
 * {@link io.voxline.sip.transaction.ClientTransactionListener}, {@link io.voxline.sip.transaction.ServerTransaction}.
 * Everything here runs on the owning thread.
 */
package io.voxline.sip.transaction;
