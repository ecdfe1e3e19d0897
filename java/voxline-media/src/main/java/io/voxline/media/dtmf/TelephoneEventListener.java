package io.voxline.media.dtmf;

/** Told once per received event (key press), on the receiver's owning thread. */
@FunctionalInterface
public interface TelephoneEventListener
{
    /**
     * @param event            the RFC 4733 event code (0-15 DTMF keys, 16 flash)
     * @param durationSamples  how long it lasted, in timestamp units (8 per ms)
     * @param endSeen          false when no end packet arrived and the event was closed by a timeout or by
     *                         the next event
     */
    void onTelephoneEvent(int event, int durationSamples, boolean endSeen);
}
