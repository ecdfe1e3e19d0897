package io.voxline.gateway.line;

import java.util.Locale;

/** Where a line is, as the person at the phone would say it. IDLE is the only state in which the phone is on-hook. */
public enum LineState
{
    /** On-hook, no call: the line can ring. */
    IDLE,
    /** Off-hook, dial tone, waiting for the first digit. */
    DIALTONE,
    /** Collecting digits (silence). */
    DIALING,
    /** The call was placed; nothing heard from the far end yet. */
    CALLING,
    /** The far end rings (180/183): ringback tone. */
    RINGBACK,
    /** Talking. */
    CONNECTED,
    /** An incoming call rings the phone. */
    RINGING,
    /** The far end is busy: busy tone until on-hook. */
    BUSY,
    /** The call could not be made (or no digit was dialed): reorder tone until on-hook. */
    REORDER,
    /** The far end hung up: reorder tone until on-hook. */
    DISCONNECTED;

    private final String text = name().toLowerCase(Locale.ROOT);

    /** The lower-case name, as the console's status shows it. */
    public String text()
    {
        return text;
    }
}
