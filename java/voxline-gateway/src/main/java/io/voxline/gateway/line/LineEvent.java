package io.voxline.gateway.line;

/** What can happen to a line: the board's events, the dialing timer, and the call's signalling outcomes. */
public enum LineEvent
{
    /** The handset was lifted (also ring trip: the board has stopped ringing by itself). */
    OFF_HOOK,
    ON_HOOK,
    /** A hook flash: no feature uses it yet, so every state rejects it. */
    FLASH,
    /** A DTMF key went down (the digit comes with it). */
    DIGIT,
    /** The line's timer fired: no first digit in time (DIALTONE), or the inter-digit timeout (DIALING). */
    TIMEOUT,
    /** The far end rings (180, 183). */
    PROGRESS,
    /** The far end answered (2xx): media is up. */
    ANSWERED,
    /** The far end is busy (486, 600). */
    BUSY,
    /** The call failed: another final response, a timeout, or a local error. */
    FAILED,
    /** A call arrived for the line: it rings if the line can take it, else the call is refused as busy. */
    INCOMING,
    /** The incoming call went away before it was answered (CANCEL). */
    CANCELLED,
    /** The far end ended a call in progress (BYE), or the call broke (no ACK for our 2xx). */
    REMOTE_HANGUP,
    /** The ring-no-answer limit passed: the incoming call stops ringing, the outgoing one is given up. */
    NO_ANSWER
}
