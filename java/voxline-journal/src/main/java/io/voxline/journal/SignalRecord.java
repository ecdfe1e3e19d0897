package io.voxline.journal;

/**
 * A signalling event from the journal: a state change, as one line of text.
 *
 * @param timeMs milliseconds since the epoch
 * @param text   what happened
 */
public record SignalRecord(long timeMs, String text)
{
}
