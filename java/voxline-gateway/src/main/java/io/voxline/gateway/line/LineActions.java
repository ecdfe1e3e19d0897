package io.voxline.gateway.line;

import io.voxline.board.Tone;

/**
 * What a {@link LineStateMachine} asks of the world: board signals for its line, its one timer, and the
 * call it places, answers or releases. Implemented by the gateway core; every method runs on the reactor.
 * {@link #dial} and {@link #answer} may report an outcome back into the machine before they return
 * (a call that cannot even be started fails at once): the machine calls them last in a transition.
 */
public interface LineActions
{
    /** Plays a region tone on the earpiece until stopped or replaced. */
    void playTone(Tone tone);

    void stopTone();

    /** Rings the phone (with the incoming call's caller ID). */
    void ringStart();

    void ringStop();

    /** Starts the line's timer, replacing any that is pending; when it fires, feed {@link LineEvent#TIMEOUT}. */
    void startTimer(long delayMs);

    void cancelTimer();

    /** Places a call to the digits dialed. */
    void dial(String digits);

    /** Answers the ringing incoming call (200 OK, media). */
    void answer();

    /** The person hung up while a call was placed or up: cancel or end it. */
    void release();

    /** For journals and logs: the line moved. */
    void stateChanged(LineState from, LineState to, LineEvent cause);
}
