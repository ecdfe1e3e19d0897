package io.voxline.board;

/** Media frame encoding on the board side; codes match VXB_FMT_* in vxb.h. */
public enum FrameFormat
{
    /** 16-bit signed linear PCM, native byte order, 8 kHz. */
    LINEAR16,
    PCMU,
    PCMA
}
