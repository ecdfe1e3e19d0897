package io.voxline.system.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.voxline.board.Board;
import io.voxline.board.BoardEvent;
import io.voxline.board.BoardEventType;
import io.voxline.board.FrameFormat;
import io.voxline.board.MockPhones;
import io.voxline.board.Tone;

/**
 * A board without hardware: records the signals the gateway gives each line (ringing, tones) and queues the events
 * a test injects (hook, digits), which {@link #pollEvent} hands out as a board's poller would. Media frames belong
 * to the media agent, which the simulation leaves out.
 */
public final class SimBoard implements Board
{
    private final List<String> commands = new ArrayList<>();
    private final ArrayDeque<BoardEvent> events = new ArrayDeque<>();
    private final Tone[] tone;
    private final boolean[] ringing;
    private final boolean[] rang;
    private final List<List<Tone>> tonesHeard = new ArrayList<>();
    private final String[] callerId;
    private final LongSupplier clock;

    /** @param clock the time injected events are stamped with */
    SimBoard(final int lines, final LongSupplier clock)
    {
        this.clock = clock;
        tone = new Tone[lines];
        ringing = new boolean[lines];
        rang = new boolean[lines];
        callerId = new String[lines];
        for (int i = 0; i < lines; i++)
        {
            tonesHeard.add(new ArrayList<>());
        }
    }

    // ------------------------------------------------------------------------------------------ the phone

    /** Queues a hook or digit event for the 0-based line (delivered on the world's next pump). */
    public void inject(final BoardEventType type, final int line, final char digit)
    {
        final BoardEvent e = new BoardEvent();
        e.type = type;
        e.line = line;
        e.digit = digit;
        e.timeMs = clock.getAsLong();
        events.add(e);
    }

    /** Events injected but not yet polled. */
    public int pendingEvents()
    {
        return events.size();
    }

    // ------------------------------------------------------------------------------------------ what it did

    /** "ring 0 101 Phone 101", "tone 0 DIAL", "stopTone 0", "ringStop 0", in order. */
    public List<String> commands()
    {
        return List.copyOf(commands);
    }

    /** The tone the 0-based line plays now, or null. */
    public Tone tone(final int line)
    {
        return tone[line];
    }

    /** Every tone the line was told to play, in order. */
    public List<Tone> tonesPlayed(final int line)
    {
        return List.copyOf(tonesHeard.get(line));
    }

    public boolean isRinging(final int line)
    {
        return ringing[line];
    }

    /** True once the line has rung at all. */
    public boolean hasRung(final int line)
    {
        return rang[line];
    }

    /** "number/name" of the last ring's caller ID, or null. */
    public String callerId(final int line)
    {
        return callerId[line];
    }

    // ------------------------------------------------------------------------------------------ Board

    @Override
    public int lineCount()
    {
        return tone.length;
    }

    @Override
    public void ringStart(final int line, final String callerIdNumber, final String callerIdName)
    {
        commands.add("ring " + line + " " + callerIdNumber + " " + callerIdName);
        ringing[line] = true;
        rang[line] = true;
        callerId[line] = callerIdNumber + "/" + callerIdName;
    }

    @Override
    public void ringStop(final int line)
    {
        commands.add("ringStop " + line);
        ringing[line] = false;
    }

    @Override
    public void playTone(final int line, final Tone t)
    {
        commands.add("tone " + line + " " + t);
        tone[line] = t;
        tonesHeard.get(line).add(t);
    }

    @Override
    public void stopTone(final int line)
    {
        commands.add("stopTone " + line);
        tone[line] = null;
    }

    @Override
    public boolean pollEvent(final BoardEvent into, final int timeoutMs)
    {
        final BoardEvent e = events.poll();
        if (e == null)
        {
            return false;
        }
        into.copyFrom(e);
        return true;
    }

    @Override
    public void wakeup()
    {
    }

    @Override
    public void mediaStart(final int line, final FrameFormat format, final int ptimeMs)
    {
        throw new UnsupportedOperationException("the media agent owns board media, and the simulation has none");
    }

    @Override
    public void mediaStop(final int line)
    {
        throw new UnsupportedOperationException("the media agent owns board media, and the simulation has none");
    }

    @Override
    public int mediaRead(final int line, final MutableDirectBuffer dst, final int offset)
    {
        return 0;
    }

    @Override
    public int mediaWrite(final int line, final DirectBuffer src, final int offset, final int length)
    {
        return 0;
    }

    @Override
    public MockPhones mockPhones()
    {
        return null;
    }

    @Override
    public void close()
    {
    }
}
