package io.voxline.sip.transaction;

/**
 * RFC 3261 timer values, in ms: T1 (RTT estimate), T2 (max non-INVITE retransmit interval), T4 (max network
 * lifetime); the other timers (B, D, F, H, J and RFC 6026's L and M) derive from them.
 */
public record TransactionConfig(long t1Ms, long t2Ms, long t4Ms)
{
    public static final TransactionConfig RFC3261 = new TransactionConfig(500, 4000, 5000);

    /** Timer D on unreliable transports: "at least 32 seconds" (RFC 3261 17.1.1.2). */
    public static final long TIMER_D_UNRELIABLE_MS = 32_000;

    /** How long the INVITE server transaction waits for the TU before it sends 100 Trying itself (RFC 3261 17.2.1). */
    public static final long TRYING_DELAY_MS = 200;

    /** Timers B, F, H and J, and the 2xx-until-ACK limit: 64*T1. */
    public long timerBMs()
    {
        return 64 * t1Ms;
    }

    /** Timer L (RFC 6026): how long an INVITE server transaction stays Accepted after its 2xx, 64*T1 on every transport. */
    public long timerLMs()
    {
        return 64 * t1Ms;
    }

    /** Timer M (RFC 6026): how long an INVITE client transaction stays Accepted after its first 2xx, 64*T1. */
    public long timerMMs()
    {
        return 64 * t1Ms;
    }

    /** Timer D: 32 s on UDP (at least 64*T1), 0 on reliable transports. */
    public long timerDMs(final boolean reliable)
    {
        return reliable ? 0 : Math.max(TIMER_D_UNRELIABLE_MS, timerBMs());
    }
}
