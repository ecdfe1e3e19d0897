package io.voxline.sip.transaction;

/** RFC 3261 timer values, in ms: T1 (RTT estimate), T2 (max non-INVITE retransmit interval), T4 (max network lifetime). */
public record TransactionConfig(long t1Ms, long t2Ms, long t4Ms)
{
    public static final TransactionConfig RFC3261 = new TransactionConfig(500, 4000, 5000);

    public long timerBMs()
    {
        return 64 * t1Ms;
    }
}
