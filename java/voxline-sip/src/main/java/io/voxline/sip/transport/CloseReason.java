package io.voxline.sip.transport;

/** Why a stream connection ended. */
public enum CloseReason
{
    /** The peer closed it (EOF, or a TLS close_notify). */
    PEER_CLOSED,
    /** No traffic either way for the idle timeout. */
    IDLE,
    /** A first message, or a message begun, was not complete within the header timeout. */
    HEADER_TIMEOUT,
    /** An outgoing connection (TLS: its handshake) was not established within the connect timeout. */
    CONNECT_TIMEOUT,
    /** The outgoing connection could not be made (refused, unreachable). */
    CONNECT_FAILED,
    /** Closed to make room under the connection limit. */
    EVICTED,
    /** A message over the size limit, or a Content-Length the stream cannot be framed by. */
    BAD_FRAMING,
    /** The queue of messages waiting to be written overflowed: the peer does not read. */
    QUEUE_OVERFLOW,
    /** The TLS handshake failed (e.g. an untrusted certificate) or a TLS record was bad. */
    TLS_FAILURE,
    /** A socket error. */
    IO_ERROR,
    /** The transport was closed. */
    SHUTDOWN
}
