package io.voxline.journal;

/**
 * One call leg as the journal tells it: who, when, how long, how it ended. Times are milliseconds since
 * the epoch, {@link #NO_TIME} when the leg was never answered or has not ended.
 *
 * @param callId    the SIP Call-ID
 * @param line      the 1-based FXS line, 0 when not a line (the proxy)
 * @param direction IN or OUT; null when the journal did not say
 * @param localUri  our side's URI
 * @param remoteUri the far side's URI
 * @param startMs   when the INVITE went out or came in
 * @param answerMs  when it was answered, or {@link #NO_TIME}
 * @param endMs     when it ended, or {@link #NO_TIME}
 * @param endReason how it ended ("remote hangup", "busy", "restart", ...), or null while it is up
 */
public record CallRecord(
    String callId,
    int line,
    CallDirection direction,
    String localUri,
    String remoteUri,
    long startMs,
    long answerMs,
    long endMs,
    String endReason)
{
    public static final long NO_TIME = -1;

    public boolean answered()
    {
        return answerMs != NO_TIME;
    }

    public boolean ended()
    {
        return endMs != NO_TIME;
    }

    /** Talk time, answer to end; {@link #NO_TIME} when the call was never answered or is still up. */
    public long durationMs()
    {
        return answered() && ended() ? Math.max(0, endMs - answerMs) : NO_TIME;
    }
}
