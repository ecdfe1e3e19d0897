package io.voxline.board;

/** The SLIC's line feed; codes match VXB_FEED_* in vxb.h. */
public enum LineFeed
{
    /** Open loop: no battery, no hook detection, no audio. */
    DISCONNECT,
    /** Low-power battery: hook detection only. */
    STANDBY,
    /** Forward polarity, talking. */
    ACTIVE,
    /** Reversed polarity, talking. */
    REVERSE
}
