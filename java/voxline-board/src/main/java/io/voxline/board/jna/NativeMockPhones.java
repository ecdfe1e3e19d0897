package io.voxline.board.jna;

import com.sun.jna.Memory;

import io.voxline.board.MockPhones;
import io.voxline.board.PhoneState;
import io.voxline.board.ToneReport;

/**
 * The analog phones a mock board emulates, through vxb_mock_*. The phone's hook switch, keypad (real
 * DTMF audio) and voice go into the line; its earpiece keeps the last second it carried while off-hook
 * (on-hook the receiver hears nothing); its caller-ID receiver demodulates the FSK sent between the first
 * and second ring. Requests the phone cannot carry out (dialling on-hook) throw BoardException.
 */
public final class NativeMockPhones implements MockPhones
{
    /** The level {@link #speakTone(int, int)} speaks at: a normal talker. */
    public static final double DEFAULT_SPEAK_DBM0 = -10.0;

    private final NativeBoard board;

    NativeMockPhones(final NativeBoard board)
    {
        this.board = board;
    }

    @Override
    public void hook(final int line, final boolean offHook)
    {
        board.enterOrThrow("hook");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_hook(board.handle(), line, offHook ? 1 : 0), "hook", line);
        }
        finally
        {
            board.exit();
        }
    }

    @Override
    public void flash(final int line)
    {
        board.enterOrThrow("flash");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_flash(board.handle(), line), "flash", line);
        }
        finally
        {
            board.exit();
        }
    }

    @Override
    public void dial(final int line, final String digits, final int onMs, final int offMs)
    {
        board.enterOrThrow("dial");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_dial(board.handle(), line, digits, onMs, offMs), "dial", line);
        }
        finally
        {
            board.exit();
        }
    }

    @Override
    public void speakTone(final int line, final int hz)
    {
        speakTone(line, hz, DEFAULT_SPEAK_DBM0);
    }

    /** Speaks a steady sine of hz (50..3900) at levelDbm0 (-40..+3) into the mouthpiece; hz 0 stops. */
    public void speakTone(final int line, final int hz, final double levelDbm0)
    {
        board.enterOrThrow("speakTone");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_speak_tone(board.handle(), line, hz, (int)Math.round(levelDbm0 * 10)),
                "speakTone", line);
        }
        finally
        {
            board.exit();
        }
    }

    /** Queues 8 kHz linear PCM to be spoken into the mouthpiece (up to 2 s queued). */
    public void speak(final int line, final short[] pcm)
    {
        board.enterOrThrow("speak");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_speak(board.handle(), line, pcm, pcm.length), "speak", line);
        }
        finally
        {
            board.exit();
        }
    }

    @Override
    public int listen(final int line, final short[] dst)
    {
        board.enterOrThrow("listen");
        try
        {
            return NativeBoard.check(Vxb.vxb_mock_listen(board.handle(), line, dst, dst.length), "listen", line);
        }
        finally
        {
            board.exit();
        }
    }

    /** The earpiece in the last windowMs (20..1000): silence, or the one or two strongest components, to +-10 Hz. */
    @Override
    public ToneReport hear(final int line, final int windowMs)
    {
        try (Memory m = new Memory(Abi.HEAR_SIZE))
        {
            m.clear();
            board.enterOrThrow("hear");
            try
            {
                NativeBoard.check(Vxb.vxb_mock_hear(board.handle(), line, windowMs, m), "hear", line);
            }
            finally
            {
                board.exit();
            }
            final double level = m.getInt(Abi.HEAR_LEVEL) / 10.0;
            if (m.getInt(Abi.HEAR_SILENCE) != 0)
            {
                return new ToneReport(true, 0, 0, level);
            }
            return new ToneReport(false, m.getInt(Abi.HEAR_F1), m.getInt(Abi.HEAR_F2), level);
        }
    }

    /** The phone's view; the caller-ID fields are null until its receiver has decoded a message. */
    @Override
    public PhoneState state(final int line)
    {
        try (Memory m = readState(line))
        {
            final boolean decoded = m.getInt(Abi.PHONE_CID_COUNT) > 0;
            final String number = decoded ? NativeBoard.text(m, Abi.PHONE_CID_NUMBER, Abi.PHONE_TEXT_LEN) : null;
            final String name = decoded ? NativeBoard.text(m, Abi.PHONE_CID_NAME, Abi.PHONE_TEXT_LEN) : null;
            return new PhoneState(m.getInt(Abi.PHONE_OFF_HOOK) != 0, m.getInt(Abi.PHONE_RINGING) != 0,
                number == null || number.isEmpty() ? null : number, name == null || name.isEmpty() ? null : name);
        }
    }

    /** How many caller-ID messages the phone has decoded (with a good checksum). */
    public int callerIdCount(final int line)
    {
        try (Memory m = readState(line))
        {
            return m.getInt(Abi.PHONE_CID_COUNT);
        }
    }

    /** Moves a clock=manual board's time on by ms. */
    public void advance(final int ms)
    {
        board.enterOrThrow("advance");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_advance(board.handle(), ms), "advance", -1);
        }
        finally
        {
            board.exit();
        }
    }

    /** Injects a line fault: 2 thermal, 3 ground (VXB_FAULT_*), reported as a FAULT event. */
    public void fault(final int line, final int fault)
    {
        board.enterOrThrow("fault");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_fault(board.handle(), line, fault), "fault", line);
        }
        finally
        {
            board.exit();
        }
    }

    private Memory readState(final int line)
    {
        final Memory m = new Memory(Abi.PHONE_SIZE);
        m.clear();
        board.enterOrThrow("state");
        try
        {
            NativeBoard.check(Vxb.vxb_mock_phone_state(board.handle(), line, m), "state", line);
        }
        catch (final RuntimeException ex)
        {
            m.close();
            throw ex;
        }
        finally
        {
            board.exit();
        }
        return m;
    }
}
