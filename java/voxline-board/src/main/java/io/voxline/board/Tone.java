package io.voxline.board;

/** Region call-progress tones the board generates; codes match VXB_TONE_* in vxb.h. */
public enum Tone
{
    DIAL,
    RINGBACK,
    BUSY,
    REORDER,
    CALL_WAITING
}
