package io.voxline.gateway.fuzz;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.voxline.board.Board;
import io.voxline.board.BoardEvent;
import io.voxline.board.FrameFormat;
import io.voxline.board.MockPhones;
import io.voxline.board.Tone;

/**
 * A board whose phones the script lifts and hangs up: it checks each signal the core gives (a line that exists,
 * no ringing of a phone that is off-hook) and keeps what each line is doing.
 */
final class FuzzBoard implements Board
{
    final boolean[] offHook;
    final boolean[] ringing;
    final Tone[] tone;

    FuzzBoard(final int lines)
    {
        offHook = new boolean[lines];
        ringing = new boolean[lines];
        tone = new Tone[lines];
    }

    /** The script lifted (true) or hung up (false) the phone on a line, if the line exists. */
    void hook(final int line, final boolean off)
    {
        if (line >= 0 && line < offHook.length)
        {
            offHook[line] = off;
        }
    }

    private void checkLine(final int line, final String what)
    {
        if (line < 0 || line >= offHook.length)
        {
            throw new AssertionError(what + " on line " + line + ", which the board does not have");
        }
    }

    @Override
    public int lineCount()
    {
        return offHook.length;
    }

    @Override
    public void ringStart(final int line, final String callerIdNumber, final String callerIdName)
    {
        checkLine(line, "ringStart");
        if (offHook[line])
        {
            throw new AssertionError("rang line " + line + " while its phone is off-hook");
        }
        ringing[line] = true;
    }

    @Override
    public void ringStop(final int line)
    {
        checkLine(line, "ringStop");
        ringing[line] = false;
    }

    @Override
    public void playTone(final int line, final Tone t)
    {
        checkLine(line, "playTone");
        if (t == null)
        {
            throw new AssertionError("played no tone on line " + line);
        }
        tone[line] = t;
    }

    @Override
    public void stopTone(final int line)
    {
        checkLine(line, "stopTone");
        tone[line] = null;
    }

    @Override
    public boolean pollEvent(final BoardEvent into, final int timeoutMs)
    {
        return false;
    }

    @Override
    public void wakeup()
    {
    }

    @Override
    public void mediaStart(final int line, final FrameFormat format, final int ptimeMs)
    {
        throw new AssertionError("the media agent owns board media, not the core");
    }

    @Override
    public void mediaStop(final int line)
    {
        throw new AssertionError("the media agent owns board media, not the core");
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
