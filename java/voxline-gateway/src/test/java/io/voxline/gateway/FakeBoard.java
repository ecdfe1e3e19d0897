package io.voxline.gateway;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import io.voxline.board.Board;
import io.voxline.board.BoardEvent;
import io.voxline.board.FrameFormat;
import io.voxline.board.MockPhones;
import io.voxline.board.Tone;

/** Records the signals the gateway gives each line; the current tone and ringing per line. */
final class FakeBoard implements Board
{
    final List<String> commands = new ArrayList<>();
    final Tone[] tone;
    final boolean[] ringing;
    final String[] callerId;

    FakeBoard(final int lines)
    {
        tone = new Tone[lines];
        ringing = new boolean[lines];
        callerId = new String[lines];
    }

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
        return false;
    }

    @Override
    public void wakeup()
    {
    }

    @Override
    public void mediaStart(final int line, final FrameFormat format, final int ptimeMs)
    {
        throw new UnsupportedOperationException("the media agent owns board media");
    }

    @Override
    public void mediaStop(final int line)
    {
        throw new UnsupportedOperationException("the media agent owns board media");
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
