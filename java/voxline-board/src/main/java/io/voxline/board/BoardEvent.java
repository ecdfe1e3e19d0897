package io.voxline.board;

/** A board event, filled in place by {@link Board#pollEvent} so the poller allocates nothing. */
public final class BoardEvent
{
    public BoardEventType type;
    /** 0-based line. */
    public int line;
    /** DTMF digit as a char ('0'-'9', '*', '#', 'A'-'D'), or 0. */
    public char digit;
    /** DTMF tone length for DTMF_UP, burst length for RING_BURST_END, else 0. */
    public int durationMs;
    /** Event-specific value: the tone for TONE_DONE, the fault code for FAULT. */
    public int value;
    /** Board clock in ms when it happened. */
    public long timeMs;

    public void copyFrom(final BoardEvent other)
    {
        type = other.type;
        line = other.line;
        digit = other.digit;
        durationMs = other.durationMs;
        value = other.value;
        timeMs = other.timeMs;
    }

    @Override
    public String toString()
    {
        return type + "(line=" + line + (digit != 0 ? ", digit=" + digit : "") +
            (durationMs != 0 ? ", ms=" + durationMs : "") + ", t=" + timeMs + ")";
    }
}
