package io.voxline.gateway.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.voxline.board.Tone;
import io.voxline.gateway.dialplan.DigitMap;

class LineStateMachineTest
{
    /** Records every action as a short word. */
    static final class Recorder implements LineActions
    {
        final List<String> log = new ArrayList<>();
        LineStateMachine fsm;
        LineEvent failDialWith;

        @Override
        public void playTone(final Tone tone)
        {
            log.add("tone " + tone);
        }

        @Override
        public void stopTone()
        {
            log.add("stopTone");
        }

        @Override
        public void ringStart()
        {
            log.add("ring");
        }

        @Override
        public void ringStop()
        {
            log.add("ringStop");
        }

        @Override
        public void startTimer(final long delayMs)
        {
            log.add("timer " + delayMs);
        }

        @Override
        public void cancelTimer()
        {
            log.add("cancelTimer");
        }

        @Override
        public void dial(final String digits)
        {
            log.add("dial " + digits);
            if (failDialWith != null)
            {
                fsm.on(failDialWith);
            }
        }

        @Override
        public void answer()
        {
            log.add("answer");
        }

        @Override
        public void release()
        {
            log.add("release");
        }

        @Override
        public void stateChanged(final LineState from, final LineState to, final LineEvent cause)
        {
            log.add(from.text() + "->" + to.text());
        }

        List<String> take()
        {
            final List<String> copy = List.copyOf(log);
            log.clear();
            return copy;
        }
    }

    private final Recorder actions = new Recorder();
    private final LineStateMachine fsm = newMachine("[1-9]xx|*xx");

    private LineStateMachine newMachine(final String map)
    {
        final LineStateMachine m = new LineStateMachine(1, DigitMap.of(map), actions, 4000, 15_000);
        actions.fsm = m;
        return m;
    }

    /** A machine and its recorder. */
    private record Rig(LineStateMachine m, Recorder r)
    {
    }

    /** Drives a fresh machine into state s by ordinary events. */
    private static Rig rig(final LineState s)
    {
        final Recorder r = new Recorder();
        final LineStateMachine m = new LineStateMachine(1, DigitMap.of("[1-9]xx|*xx"), r, 4000, 15_000);
        r.fsm = m;
        switch (s)
        {
            case IDLE -> { }
            case DIALTONE -> m.on(LineEvent.OFF_HOOK);
            case DIALING -> { m.on(LineEvent.OFF_HOOK); m.on(LineEvent.DIGIT, '2'); }
            case CALLING -> { m.on(LineEvent.OFF_HOOK); m.on(LineEvent.DIGIT, '2'); m.on(LineEvent.DIGIT, '#'); }
            case RINGBACK -> { m.on(LineEvent.OFF_HOOK); m.on(LineEvent.DIGIT, '2'); m.on(LineEvent.DIGIT, '#'); m.on(LineEvent.PROGRESS); }
            case CONNECTED -> { m.on(LineEvent.INCOMING); m.on(LineEvent.OFF_HOOK); }
            case RINGING -> m.on(LineEvent.INCOMING);
            case BUSY -> { m.on(LineEvent.OFF_HOOK); m.on(LineEvent.DIGIT, '2'); m.on(LineEvent.DIGIT, '#'); m.on(LineEvent.BUSY); }
            case REORDER -> { m.on(LineEvent.OFF_HOOK); m.on(LineEvent.TIMEOUT); }
            case DISCONNECTED -> { m.on(LineEvent.INCOMING); m.on(LineEvent.OFF_HOOK); m.on(LineEvent.REMOTE_HANGUP); }
        }
        assertEquals(s, m.state());
        return new Rig(m, r);
    }

    private static LineStateMachine in(final LineState s)
    {
        return rig(s).m();
    }

    @Test
    void offHookGivesDialToneAndTheFirstDigitStopsIt()
    {
        assertTrue(fsm.on(LineEvent.OFF_HOOK));
        assertEquals(List.of("idle->dialtone", "tone DIAL", "timer 15000"), actions.take());
        assertTrue(fsm.on(LineEvent.DIGIT, '2'));
        assertEquals(List.of("cancelTimer", "dialtone->dialing", "stopTone", "timer 4000"), actions.take());
        assertTrue(fsm.on(LineEvent.DIGIT, '0'));
        assertEquals(List.of("timer 4000"), actions.take(), "each digit restarts the inter-digit timer");
        assertEquals(LineState.DIALING, fsm.state());
    }

    @Test
    void aDigitMapMatchDialsAtOnce()
    {
        fsm.on(LineEvent.OFF_HOOK);
        fsm.on(LineEvent.DIGIT, '2');
        fsm.on(LineEvent.DIGIT, '0');
        actions.take();
        fsm.on(LineEvent.DIGIT, '1');
        assertEquals(List.of("cancelTimer", "dialing->calling", "stopTone", "dial 201"), actions.take());
        assertEquals(LineState.CALLING, fsm.state());
        assertEquals("201", fsm.digits());
    }

    @Test
    void hashEndsDialing()
    {
        fsm.on(LineEvent.OFF_HOOK);
        fsm.on(LineEvent.DIGIT, '0');
        fsm.on(LineEvent.DIGIT, '7');
        actions.take();
        fsm.on(LineEvent.DIGIT, '#');
        assertEquals(List.of("cancelTimer", "dialing->calling", "stopTone", "dial 07"), actions.take());
    }

    @Test
    void theInterDigitTimeoutDialsWhatWasCollected()
    {
        fsm.on(LineEvent.OFF_HOOK);
        fsm.on(LineEvent.DIGIT, '4');
        fsm.on(LineEvent.DIGIT, '2');
        actions.take();
        fsm.on(LineEvent.TIMEOUT);
        assertEquals(List.of("cancelTimer", "dialing->calling", "stopTone", "dial 42"), actions.take());
    }

    @Test
    void noDigitAfterDialToneGivesReorder()
    {
        fsm.on(LineEvent.OFF_HOOK);
        actions.take();
        fsm.on(LineEvent.TIMEOUT);
        assertEquals(List.of("cancelTimer", "dialtone->reorder", "tone REORDER"), actions.take());
        fsm.on(LineEvent.ON_HOOK);
        assertEquals(List.of("reorder->idle", "stopTone"), actions.take());
    }

    @Test
    void hashAloneOrTooManyDigitsGiveReorder()
    {
        fsm.on(LineEvent.OFF_HOOK);
        fsm.on(LineEvent.DIGIT, '#');
        assertEquals(LineState.REORDER, fsm.state());
        final LineStateMachine m = newMachine("x.");
        m.on(LineEvent.OFF_HOOK);
        for (int i = 0; i < LineStateMachine.MAX_DIGITS; i++)
        {
            m.on(LineEvent.DIGIT, '5');
            assertEquals(LineState.DIALING, m.state());
        }
        m.on(LineEvent.DIGIT, '5');
        assertEquals(LineState.REORDER, m.state());
    }

    @Test
    void outgoingCallProgress()
    {
        final Rig rig = rig(LineState.CALLING);
        final LineStateMachine m = rig.m();
        final Recorder r = rig.r();
        r.take();
        assertTrue(m.on(LineEvent.PROGRESS));
        assertEquals(List.of("calling->ringback", "tone RINGBACK"), r.take());
        assertTrue(m.on(LineEvent.PROGRESS), "a second 180 changes nothing but is fine");
        assertEquals(List.of(), r.take());
        assertTrue(m.on(LineEvent.ANSWERED));
        assertEquals(List.of("ringback->connected", "stopTone"), r.take());
        assertTrue(m.on(LineEvent.ON_HOOK));
        assertEquals(List.of("release", "connected->idle", "stopTone"), r.take());
    }

    @Test
    void answerWithoutRingbackAndFailures()
    {
        LineStateMachine m = in(LineState.CALLING);
        assertTrue(m.on(LineEvent.ANSWERED));
        assertEquals(LineState.CONNECTED, m.state());
        final Rig busy = rig(LineState.RINGBACK);
        assertTrue(busy.m().on(LineEvent.BUSY));
        assertEquals(LineState.BUSY, busy.m().state());
        assertTrue(busy.r().log.contains("tone BUSY"));
        m = in(LineState.CALLING);
        assertTrue(m.on(LineEvent.FAILED));
        assertEquals(LineState.REORDER, m.state());
        m = in(LineState.RINGBACK);
        assertTrue(m.on(LineEvent.FAILED));
        assertEquals(LineState.REORDER, m.state());
        m = in(LineState.CALLING);
        assertTrue(m.on(LineEvent.BUSY));
        assertEquals(LineState.BUSY, m.state());
    }

    @Test
    void hangingUpWhileCallingReleasesTheCall()
    {
        for (final LineState s : List.of(LineState.CALLING, LineState.RINGBACK))
        {
            final Rig rig = rig(s);
            final LineStateMachine m = rig.m();
            final Recorder r = rig.r();
            r.take();
            assertTrue(m.on(LineEvent.ON_HOOK));
            assertEquals(List.of("release", s.text() + "->idle", "stopTone"), r.take());
        }
    }

    @Test
    void aCallThatFailsAtOnceEndsInReorder()
    {
        actions.failDialWith = LineEvent.FAILED;
        fsm.on(LineEvent.OFF_HOOK);
        fsm.on(LineEvent.DIGIT, '2');
        fsm.on(LineEvent.DIGIT, '0');
        fsm.on(LineEvent.DIGIT, '1');
        assertEquals(LineState.REORDER, fsm.state());
        final List<String> log = actions.take();
        assertEquals(List.of("dial 201", "calling->reorder", "tone REORDER"), log.subList(log.size() - 3, log.size()));
    }

    @Test
    void incomingCallRingsAndOffHookAnswers()
    {
        assertTrue(fsm.on(LineEvent.INCOMING));
        assertEquals(List.of("idle->ringing", "ring"), actions.take());
        assertTrue(fsm.on(LineEvent.OFF_HOOK));
        assertEquals(List.of("ringStop", "ringing->connected", "stopTone", "answer"), actions.take());
        assertTrue(fsm.on(LineEvent.REMOTE_HANGUP));
        assertEquals(List.of("connected->disconnected", "tone REORDER"), actions.take());
        assertFalse(fsm.on(LineEvent.INCOMING), "busy until on-hook");
        assertTrue(fsm.on(LineEvent.ON_HOOK));
        assertEquals(List.of("disconnected->idle", "stopTone"), actions.take());
    }

    @Test
    void cancelWhileRingingStopsTheBell()
    {
        fsm.on(LineEvent.INCOMING);
        actions.take();
        assertTrue(fsm.on(LineEvent.CANCELLED));
        assertEquals(List.of("ringStop", "ringing->idle", "stopTone"), actions.take());
        assertEquals(LineState.IDLE, fsm.state());
    }

    @Test
    void ringingTooLongStopsTheBellAndTheLineIsIdle()
    {
        fsm.on(LineEvent.INCOMING);
        actions.take();
        assertTrue(fsm.on(LineEvent.NO_ANSWER));
        assertEquals(List.of("ringStop", "ringing->idle", "stopTone"), actions.take());
        assertEquals(LineState.IDLE, fsm.state());
        assertTrue(fsm.on(LineEvent.OFF_HOOK), "the next lift is a new call");
        assertEquals(LineState.DIALTONE, fsm.state());
    }

    @Test
    void anOutgoingCallNobodyAnswersGivesReorderWithoutRelease()
    {
        for (final LineState s : List.of(LineState.CALLING, LineState.RINGBACK))
        {
            final Rig rig = rig(s);
            rig.r().take();
            assertTrue(rig.m().on(LineEvent.NO_ANSWER), s.text());
            assertEquals(List.of(s.text() + "->reorder", "tone REORDER"), rig.r().take(),
                "the core cancelled the call itself: nothing to release");
            assertTrue(rig.m().on(LineEvent.ON_HOOK));
            assertEquals(List.of("reorder->idle", "stopTone"), rig.r().take());
        }
    }

    @Test
    void onHookFromEveryOffHookStateGoesIdle()
    {
        for (final LineState s : List.of(LineState.DIALTONE, LineState.DIALING, LineState.BUSY, LineState.REORDER,
            LineState.DISCONNECTED))
        {
            final Rig rig = rig(s);
            assertTrue(rig.m().on(LineEvent.ON_HOOK), s.text());
            assertEquals(LineState.IDLE, rig.m().state());
            assertFalse(rig.r().log.contains("release"), "no call to release from " + s);
        }
    }

    /** The full table: which events each state takes; every other pair is rejected and changes nothing. */
    @Test
    void everyStateEventPairIsHandledOrRejectedOnPurpose()
    {
        final Map<LineState, Set<LineEvent>> handled = new EnumMap<>(LineState.class);
        handled.put(LineState.IDLE, EnumSet.of(LineEvent.OFF_HOOK, LineEvent.INCOMING));
        handled.put(LineState.DIALTONE, EnumSet.of(LineEvent.DIGIT, LineEvent.TIMEOUT, LineEvent.ON_HOOK));
        handled.put(LineState.DIALING, EnumSet.of(LineEvent.DIGIT, LineEvent.TIMEOUT, LineEvent.ON_HOOK));
        handled.put(LineState.CALLING, EnumSet.of(LineEvent.PROGRESS, LineEvent.ANSWERED, LineEvent.BUSY, LineEvent.FAILED,
            LineEvent.ON_HOOK, LineEvent.NO_ANSWER));
        handled.put(LineState.RINGBACK, handled.get(LineState.CALLING));
        handled.put(LineState.CONNECTED, EnumSet.of(LineEvent.ON_HOOK, LineEvent.REMOTE_HANGUP));
        handled.put(LineState.RINGING, EnumSet.of(LineEvent.OFF_HOOK, LineEvent.CANCELLED, LineEvent.NO_ANSWER));
        handled.put(LineState.BUSY, EnumSet.of(LineEvent.ON_HOOK));
        handled.put(LineState.REORDER, EnumSet.of(LineEvent.ON_HOOK));
        handled.put(LineState.DISCONNECTED, EnumSet.of(LineEvent.ON_HOOK));
        for (final LineState s : LineState.values())
        {
            for (final LineEvent e : LineEvent.values())
            {
                final Rig rig = rig(s);
                final LineStateMachine m = rig.m();
                final Recorder r = rig.r();
                r.take();
                final long before = m.rejectedCount();
                final boolean took = m.on(e, '5');
                assertEquals(handled.get(s).contains(e), took, s + " + " + e);
                if (!took)
                {
                    assertEquals(s, m.state(), s + " + " + e + " changes nothing");
                    assertEquals(List.of(), r.log, s + " + " + e + " does nothing");
                    assertEquals(1, m.rejectedCount() - before, s + " + " + e + " is counted");
                }
            }
        }
    }
}
