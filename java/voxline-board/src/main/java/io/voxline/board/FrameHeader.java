package io.voxline.board;

/** The header of a mouthpiece frame, filled in place by {@link Board#mediaRead(int, org.agrona.MutableDirectBuffer, int, FrameHeader)}. */
public final class FrameHeader
{
    /** The frame's level is below -50 dBm0. */
    public static final int SILENCE = 1;
    /** A DTMF digit was being detected during the frame (send it as RFC 4733, mute it in-band). */
    public static final int DTMF = 2;
    /** Frames were dropped before this one because the reader lagged. */
    public static final int GAP = 4;

    /** 8 kHz sample clock of the frame's first sample; wraps like an RTP timestamp. */
    public int timestamp;
    /** {@link #SILENCE}, {@link #DTMF}, {@link #GAP}. */
    public int flags;
    /** Payload bytes. */
    public int length;
    /** Frame number since media start. */
    public int seq;

    public boolean has(final int flag)
    {
        return (flags & flag) != 0;
    }

    public void clear()
    {
        timestamp = 0;
        flags = 0;
        length = 0;
        seq = 0;
    }
}
