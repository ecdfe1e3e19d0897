package io.voxline.reactor;

/** The element a reactor runs (a gateway, a proxy). Every method runs on the reactor thread. */
public interface ReactorHandler
{
    /** Once, on the reactor thread, before the first event. */
    default void onStart()
    {
    }

    /** A datagram; its bytes are valid only during this call. */
    default void onDatagram(final ReactorEvent event)
    {
    }

    default void onBoardEvent(final ReactorEvent event)
    {
    }

    default void onMediaEvent(final ReactorEvent event)
    {
    }

    /** A command that is not a Runnable (Runnables are run by the reactor itself). */
    default void onCommand(final Object command)
    {
    }

    /** Time moved on; poll timers. */
    default void onTick(final long nowMs)
    {
    }

    /** The Disruptor's batch ended: flush what was batched. */
    default void onEndOfBatch()
    {
    }

    /** Once, on the reactor thread, after the last event. */
    default void onShutdown()
    {
    }
}
