package io.voxline.board;

/** What a board reports; the codes match VXB_EV_* in vxb.h. */
public enum BoardEventType
{
    OFF_HOOK,
    ON_HOOK,
    FLASH,
    DTMF_DOWN,
    DTMF_UP,
    RING_BURST_START,
    RING_BURST_END,
    TONE_DONE,
    FAX_TONE,
    FAULT
}
