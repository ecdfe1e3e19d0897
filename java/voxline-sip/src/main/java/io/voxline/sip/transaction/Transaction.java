package io.voxline.sip.transaction;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;

/**
 * What the four RFC 3261 §17 machines share: the layer, the map key, the transaction's own copy of its
 * request (one byte array per transaction), two timer slots, and the TU's context slot. Each subclass keeps
 * its states in an enum and its transitions in one {@code handle} method; timers arrive here and are turned
 * into that machine's events.
 */
abstract class Transaction implements TimerService.Handler
{
    final TransactionLayer layer;
    final String key;
    final UnsafeBuffer requestBuffer;
    /** The parsed request, or null once {@link #releaseParsed} let it go (the bytes stay). */
    private SipMessage parsed;
    final int requestOffset;
    final int requestLength;
    final boolean reliable;

    /** Slot 1: retransmission timers (A, E, G) and the 100 Trying delay. */
    private long retransmitTimer = TimerService.NO_TIMER;
    /** Slot 2: the timeout and clean-up timers (B, D, F, H, I, J, K). */
    private long timeoutTimer = TimerService.NO_TIMER;
    private Object context;

    Transaction(final TransactionLayer layer, final String key, final UnsafeBuffer requestBuffer, final SipMessage request)
    {
        this.layer = layer;
        this.key = key;
        this.requestBuffer = requestBuffer;
        this.parsed = request;
        this.requestOffset = request.offset();
        this.requestLength = request.length();
        this.reliable = layer.isReliable();
    }

    /**
     * The transaction's request, parsed. A transaction that only lingers (Completed, Accepted, Confirmed: absorbing
     * retransmissions for up to 64*T1) lets its parsed form go ({@link #releaseParsed}): at a hundred calls a second
     * thousands linger, and a parsed message weighs some 20 KB against its bytes' few hundred. Asked for again, it
     * is parsed again from the bytes.
     */
    public final SipMessage request()
    {
        SipMessage m = parsed;
        if (m == null)
        {
            m = new SipMessage();
            m.parse(requestBuffer, requestOffset, requestLength);
            parsed = m;
        }
        return m;
    }

    /** For tests: whether the parsed request is held now. */
    final boolean holdsParsed()
    {
        return parsed != null;
    }

    /** Lets the parsed request go while the bytes stay: see {@link #request()}. */
    final void releaseParsed()
    {
        parsed = null;
    }

    public final Object context()
    {
        return context;
    }

    public final void context(final Object context)
    {
        this.context = context;
    }

    final void startRetransmitTimer(final long delayMs)
    {
        layer.timers().cancel(retransmitTimer);
        retransmitTimer = layer.timers().schedule(delayMs, this);
    }

    final void startTimeoutTimer(final long delayMs)
    {
        layer.timers().cancel(timeoutTimer);
        timeoutTimer = layer.timers().schedule(delayMs, this);
    }

    final void cancelRetransmitTimer()
    {
        layer.timers().cancel(retransmitTimer);
        retransmitTimer = TimerService.NO_TIMER;
    }

    final void cancelTimeoutTimer()
    {
        layer.timers().cancel(timeoutTimer);
        timeoutTimer = TimerService.NO_TIMER;
    }

    final void cancelTimers()
    {
        cancelRetransmitTimer();
        cancelTimeoutTimer();
    }

    @Override
    public final void onTimer(final long timerId)
    {
        // slots are cleared before the handler runs, so a fired id is never cancelled later (wheels reuse ids)
        if (timerId == retransmitTimer && timerId != TimerService.NO_TIMER)
        {
            retransmitTimer = TimerService.NO_TIMER;
            onRetransmitTimer();
        }
        else if (timerId == timeoutTimer && timerId != TimerService.NO_TIMER)
        {
            timeoutTimer = TimerService.NO_TIMER;
            onTimeoutTimer();
        }
    }

    abstract void onRetransmitTimer();

    abstract void onTimeoutTimer();

    /** Sends the stored request again (or for the first time). */
    final boolean sendRequest(final java.net.InetSocketAddress destination)
    {
        return layer.send(requestBuffer, requestOffset, requestLength, destination);
    }

    /** Leaves the layer's maps; called once, on entering Terminated. */
    final void removeFromLayer()
    {
        cancelTimers();
        layer.remove(this);
    }

    abstract boolean isClient();
}
