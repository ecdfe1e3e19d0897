package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;

/**
 * A server transaction (RFC 3261 17.2, RFC 6026): INVITE (timers G, H, I, L) or non-INVITE (timer J). It keeps a copy of
 * its request, re-sends its last response when the request is retransmitted, and sends responses by the Via
 * rules (RFC 3261 18.2.2 and RFC 3581: received and rport).
 */
public interface ServerTransaction
{
    SipMethod method();

    /** The request, parsed from the transaction's own copy (valid until the transaction is gone). */
    SipMessage request();

    /** Where the request came from (the packet's source address). */
    InetSocketAddress source();

    /** True once the transaction is gone (an INVITE answered 2xx stays Accepted for 64*T1 first). */
    boolean isTerminated();

    /** The last status code sent, 0 before any response. */
    int lastStatusCode();

    Object context();

    void context(Object context);

    /**
     * Sends a complete response built by the TU. A 1xx keeps the transaction proceeding; a final response
     * completes it. A 2xx to an INVITE moves it to Accepted (RFC 6026) for 64*T1: INVITE retransmissions are
     * absorbed there, and the TU retransmits that 2xx itself until the ACK (RFC 3261 13.3.1.4; directly, with
     * {@link TransactionLayer#sendStateless}, or through here). Responses after the final one are ignored and
     * return false, but further 2xx to an INVITE while Accepted: those are sent (a proxy forwarding another fork's
     * 2xx, RFC 6026 §7.1) and return true.
     */
    boolean respond(DirectBuffer response, int offset, int length);

    /**
     * Builds and sends a response from the stored request: status line, Via entries (with received/rport on the
     * top one), From, To (with toTag added when non-null and the request had none), Call-ID, CSeq, and
     * Content-Length 0. For the common answers that carry nothing else (100, 180 without SDP, 4xx-6xx).
     */
    boolean respond(int statusCode, String reasonPhrase, String toTag);

    /**
     * Sends this final non-2xx response once and forgets the transaction, as a proxy's stateless rejection does
     * (RFC 3261 16.3, Kamailio's sl): nothing is retransmitted (one spoofed INVITE cannot make us send its victim a
     * dozen challenges) and no state outlives it; a retransmitted request is answered afresh. False, and nothing
     * sent, for anything but a parseable 3xx-6xx while no final response went out.
     */
    boolean rejectStatelessly(DirectBuffer response, int offset, int length);

    /** As {@link #rejectStatelessly(DirectBuffer, int, int)}, with a response built from the request. */
    boolean rejectStatelessly(int statusCode, String reasonPhrase, String toTag);

    /**
     * Where this transaction's responses go: on UDP by the Via rules (RFC 3261 18.2.2, RFC 3581); on a stream
     * transport, the request's connection while it is open, else a new connection to this address.
     */
    InetSocketAddress responseDestination();
}
