package io.voxline.sip.transaction;

/**
 * Timers for the owning thread. The reactor implements it over an Agrona DeadlineTimerWheel and polls it
 * on each tick; unit tests step a clock. Times are milliseconds; compare deadlines as {@code deadline - now < 0}.
 */
public interface TimerService
{
    long NO_TIMER = -1;

    /** Now, in milliseconds, on the clock the timers run on. */
    long nowMs();

    /** Calls {@code handler.onTimer(id)} once, delayMs from now, on the owning thread; returns the timer id. */
    long schedule(long delayMs, Handler handler);

    /** Cancels a timer; ignores NO_TIMER and timers that already fired. */
    void cancel(long timerId);

    @FunctionalInterface
    interface Handler
    {
        void onTimer(long timerId);
    }
}
