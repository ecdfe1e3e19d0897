package io.voxline.gateway.line;

import io.voxline.board.Tone;
import io.voxline.gateway.dialplan.DigitMap;

/**
 * One FXS line's state machine. {@link #on} is the one place where transitions happen: a switch over the
 * state and, inside, over every event, so each (state, event) pair is either handled or rejected on purpose
 * (the compiler checks that none is forgotten). A rejected event changes nothing and returns false; the core
 * reads that, for {@link LineEvent#INCOMING}, as "busy". Tones, ringing and the dialing timer follow from the
 * states entered and left ({@link #enter}, {@link #leave}); placing, answering and releasing a call are
 * transition actions. Runs on the reactor thread; allocates only while collecting digits.
 */
public final class LineStateMachine
{
    /** How long dial tone waits for the first digit before reorder (a switch's permanent-signal timer). */
    public static final long DEFAULT_FIRST_DIGIT_TIMEOUT_MS = 15_000;
    /** Longer than any real number (E.164 has 15 digits, plus prefixes): more is a stuck key. */
    public static final int MAX_DIGITS = 32;

    private final int line;
    private final DigitMap digitMap;
    private final LineActions actions;
    private final long interDigitTimeoutMs;
    private final long firstDigitTimeoutMs;
    private final StringBuilder digits = new StringBuilder(MAX_DIGITS);
    private LineState state = LineState.IDLE;
    private long rejected;

    /** line is 1-based (for logs only). */
    public LineStateMachine(
        final int line, final DigitMap digitMap, final LineActions actions, final long interDigitTimeoutMs,
        final long firstDigitTimeoutMs)
    {
        this.line = line;
        this.digitMap = digitMap;
        this.actions = actions;
        this.interDigitTimeoutMs = interDigitTimeoutMs;
        this.firstDigitTimeoutMs = firstDigitTimeoutMs;
    }

    public int line()
    {
        return line;
    }

    public LineState state()
    {
        return state;
    }

    /** The digits collected for the current or last call. */
    public String digits()
    {
        return digits.toString();
    }

    /** Events rejected so far (for tests and diagnostics). */
    public long rejectedCount()
    {
        return rejected;
    }

    /** An event without a digit. */
    public boolean on(final LineEvent event)
    {
        return on(event, (char)0);
    }

    /** Feeds one event (digit only for {@link LineEvent#DIGIT}); true when handled, false when rejected. */
    public boolean on(final LineEvent event, final char digit)
    {
        final LineState from = state;
        final LineState to = switch (from)
        {
            case IDLE -> switch (event)
            {
                case OFF_HOOK -> LineState.DIALTONE;
                case INCOMING -> LineState.RINGING;
                // on-hook and idle: nothing else means anything here
                case ON_HOOK, FLASH, DIGIT, TIMEOUT, PROGRESS, ANSWERED, BUSY, FAILED, CANCELLED, REMOTE_HANGUP,
                    NO_ANSWER -> null;
            };
            case DIALTONE, DIALING -> switch (event)
            {
                case DIGIT -> collect(digit);
                case TIMEOUT -> from == LineState.DIALTONE ? LineState.REORDER : LineState.CALLING;
                case ON_HOOK -> LineState.IDLE;
                // the line is off-hook and not in a call: it is busy to callers; signalling outcomes are stale
                case OFF_HOOK, FLASH, INCOMING, PROGRESS, ANSWERED, BUSY, FAILED, CANCELLED, REMOTE_HANGUP,
                    NO_ANSWER -> null;
            };
            case CALLING, RINGBACK -> switch (event)
            {
                case PROGRESS -> LineState.RINGBACK;
                case ANSWERED -> LineState.CONNECTED;
                case BUSY -> LineState.BUSY;
                case FAILED -> LineState.REORDER;
                // nobody answered in time: the core has cancelled the call, the caller hears reorder
                case NO_ANSWER -> LineState.REORDER;
                case ON_HOOK -> release();
                // digits after dialing are not sent anywhere yet (no overlap dialing)
                case OFF_HOOK, FLASH, DIGIT, TIMEOUT, INCOMING, CANCELLED, REMOTE_HANGUP -> null;
            };
            case CONNECTED -> switch (event)
            {
                case ON_HOOK -> release();
                case REMOTE_HANGUP -> LineState.DISCONNECTED;
                // keys during a call are media, not line state: the core sends them as RFC 4733 events when
                // negotiated, else they stay in the voice; call waiting and flash features are not built yet
                case OFF_HOOK, FLASH, DIGIT, TIMEOUT, PROGRESS, ANSWERED, BUSY, FAILED, INCOMING, CANCELLED,
                    NO_ANSWER -> null;
            };
            case RINGING -> switch (event)
            {
                case OFF_HOOK -> LineState.CONNECTED;
                case CANCELLED -> LineState.IDLE;
                // rang too long: the core has refused the call (480); the bell stops on leaving
                case NO_ANSWER -> LineState.IDLE;
                // a ringing phone is on-hook: on-hook and digits cannot happen; one call rings at a time
                case ON_HOOK, FLASH, DIGIT, TIMEOUT, PROGRESS, ANSWERED, BUSY, FAILED, INCOMING, REMOTE_HANGUP -> null;
            };
            case BUSY, REORDER, DISCONNECTED -> switch (event)
            {
                case ON_HOOK -> LineState.IDLE;
                // the tone plays until the handset goes back
                case OFF_HOOK, FLASH, DIGIT, TIMEOUT, PROGRESS, ANSWERED, BUSY, FAILED, INCOMING, CANCELLED, REMOTE_HANGUP,
                    NO_ANSWER -> null;
            };
        };
        if (to == null)
        {
            rejected++;
            return false;
        }
        if (to == from)
        {
            // another digit that neither completes the number nor fails it
            if (from == LineState.DIALING)
            {
                actions.startTimer(interDigitTimeoutMs);
            }
            return true;
        }
        leave(from);
        state = to;
        actions.stateChanged(from, to, event);
        enter(to, from);
        return true;
    }

    /** A digit in DIALTONE or DIALING: where it leads. */
    private LineState collect(final char digit)
    {
        if (digit == '#')
        {
            return digits.length() == 0 ? LineState.REORDER : LineState.CALLING;
        }
        if (digits.length() >= MAX_DIGITS)
        {
            return LineState.REORDER;
        }
        digits.append(digit);
        return digitMap.match(digits) == DigitMap.Match.COMPLETE ? LineState.CALLING : LineState.DIALING;
    }

    private LineState release()
    {
        actions.release();
        return LineState.IDLE;
    }

    private void leave(final LineState from)
    {
        switch (from)
        {
            case DIALTONE, DIALING -> actions.cancelTimer();
            case RINGING -> actions.ringStop();
            case IDLE, CALLING, RINGBACK, CONNECTED, BUSY, REORDER, DISCONNECTED ->
            {
                // nothing of their own to undo: tones are replaced or stopped on entry
            }
        }
    }

    private void enter(final LineState to, final LineState from)
    {
        switch (to)
        {
            case IDLE -> actions.stopTone();
            case DIALTONE ->
            {
                digits.setLength(0);
                actions.playTone(Tone.DIAL);
                actions.startTimer(firstDigitTimeoutMs);
            }
            case DIALING ->
            {
                actions.stopTone();
                actions.startTimer(interDigitTimeoutMs);
            }
            case CALLING ->
            {
                actions.stopTone();
                actions.dial(digits.toString()); // last: a call that cannot start fails back into this machine
            }
            case RINGBACK -> actions.playTone(Tone.RINGBACK);
            case CONNECTED ->
            {
                actions.stopTone();
                if (from == LineState.RINGING)
                {
                    actions.answer(); // last, as dial
                }
            }
            case RINGING -> actions.ringStart();
            case BUSY -> actions.playTone(Tone.BUSY);
            case REORDER, DISCONNECTED -> actions.playTone(Tone.REORDER);
        }
    }

    @Override
    public String toString()
    {
        return "line " + line + " " + state.text();
    }
}
