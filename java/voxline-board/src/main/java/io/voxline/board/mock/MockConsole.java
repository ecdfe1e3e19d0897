package io.voxline.board.mock;

import io.voxline.board.BoardException;
import io.voxline.board.MockPhones;
import io.voxline.board.PhoneState;
import io.voxline.board.ToneReport;

/**
 * Interprets console commands. Lines are 1-based as on the router's label. Every answer is one line
 * starting with "ok" or "err <why>"; a bad command changes nothing.
 */
public final class MockConsole
{
    public static final String HELP = "ok commands: offhook L | onhook L | flash L | dial L DIGITS | tone L HZ | hear L | status L | help";
    private static final int DIAL_ON_MS = 100;
    private static final int DIAL_OFF_MS = 100;
    private static final int HEAR_WINDOW_MS = 1000;

    private final MockPhones phones;
    private final int lines;
    private final LineStatus status;

    public MockConsole(final MockPhones phones, final int lines, final LineStatus status)
    {
        this.phones = phones;
        this.lines = lines;
        this.status = status;
    }

    public String execute(final String commandLine)
    {
        final String[] w = commandLine.trim().split("\\s+");
        if (w.length == 0 || w[0].isEmpty())
        {
            return "err empty command (try help)";
        }
        final String cmd = w[0].toLowerCase();
        if (cmd.equals("help"))
        {
            return HELP;
        }
        final int argsWanted = switch (cmd)
        {
            case "offhook", "onhook", "flash", "hear", "status" -> 1;
            case "dial", "tone" -> 2;
            default -> -1;
        };
        if (argsWanted < 0)
        {
            return "err unknown command '" + w[0] + "' (try help)";
        }
        if (w.length != argsWanted + 1)
        {
            return "err usage: " + usage(cmd);
        }
        final int line;
        try
        {
            line = Integer.parseInt(w[1]);
        }
        catch (final NumberFormatException ex)
        {
            return "err line '" + w[1] + "' is not a number (lines are 1.." + lines + ")";
        }
        if (line < 1 || line > lines)
        {
            return "err no line " + line + " (lines are 1.." + lines + ")";
        }
        try
        {
            return run(cmd, w, line);
        }
        catch (final BoardException ex)
        {
            // the board refused: say why in the console's words and 1-based line, nothing changed
            return "err " + refusal(cmd, w, line, ex);
        }
        catch (final RuntimeException ex)
        {
            return "err " + ex.getMessage();
        }
    }

    /** A board refusal in the user's terms: the line as on the label, what to do, the limit that was hit. */
    private String refusal(final String cmd, final String[] w, final int line, final BoardException ex)
    {
        return switch (ex.code())
        {
            case BoardException.ERR_BUFFER -> cmd.equals("dial") ? tooManyDigits(line, w[2].length()) :
                "line " + line + ": " + cmd + " does not fit the board's buffer";
            case BoardException.ERR_ONHOOK -> "line " + line + " is on-hook: lift the handset first (offhook " + line + ")";
            case BoardException.ERR_OFFHOOK -> "line " + line + " is off-hook: replace the handset first (onhook " + line + ")";
            case BoardException.ERR_LINE -> "no line " + line + " (lines are 1.." + lines + ")";
            case BoardException.ERR_CLOSED -> "the board is closed";
            case BoardException.ERR_UNSUPPORTED -> "this board has no emulated phones (" + cmd + " works on a mock board)";
            case BoardException.ERR_STATE -> "line " + line + " cannot " + cmd + " now";
            default -> "line " + line + ": " + cmd + " refused: " + reason(ex.getMessage());
        };
    }

    private static String tooManyDigits(final int line, final int count)
    {
        final int max = MockPhones.MAX_QUEUED_DIGITS;
        return count > max ?
            "line " + line + ": " + count + " digits are more than the keypad holds (at most " + max + " at a time)" :
            "line " + line + " is still dialing earlier digits: at most " + max +
                " can wait, dial the rest when they are sent";
    }

    /** The board's text without its own prefix (which names the 0-based line). */
    private static String reason(final String message)
    {
        final int colon = message == null ? -1 : message.indexOf(": ");
        return colon < 0 ? String.valueOf(message) : message.substring(colon + 2);
    }

    private String run(final String cmd, final String[] w, final int line)
    {
        final int board = line - 1;
        return switch (cmd)
        {
            case "offhook" ->
            {
                phones.hook(board, true);
                yield "ok line " + line + " off-hook";
            }
            case "onhook" ->
            {
                phones.hook(board, false);
                yield "ok line " + line + " on-hook";
            }
            case "flash" ->
            {
                phones.flash(board);
                yield "ok line " + line + " flash";
            }
            case "dial" -> dial(board, line, w[2]);
            case "tone" -> tone(board, line, w[2]);
            case "hear" -> hear(board);
            default -> status(board, line);
        };
    }

    private String dial(final int board, final int line, final String digits)
    {
        for (int i = 0; i < digits.length(); i++)
        {
            if ("0123456789*#ABCDabcd".indexOf(digits.charAt(i)) < 0)
            {
                return "err '" + digits.charAt(i) + "' is not a DTMF digit (0-9 * # A-D)";
            }
        }
        if (!phones.state(board).offHook())
        {
            return "err line " + line + " is on-hook: lift the handset first (offhook " + line + ")";
        }
        phones.dial(board, digits.toUpperCase(), DIAL_ON_MS, DIAL_OFF_MS);
        return "ok line " + line + " dialing " + digits.toUpperCase();
    }

    private String tone(final int board, final int line, final String hzText)
    {
        final int hz;
        try
        {
            hz = Integer.parseInt(hzText);
        }
        catch (final NumberFormatException ex)
        {
            return "err '" + hzText + "' is not a frequency in Hz";
        }
        if (hz != 0 && (hz < 50 || hz > 3900))
        {
            return "err " + hz + " Hz is outside 50..3900 (8 kHz sampling; 0 stops)";
        }
        phones.speakTone(board, hz);
        return hz == 0 ? "ok line " + line + " silent" : "ok line " + line + " speaking " + hz + " Hz";
    }

    private String hear(final int board)
    {
        final ToneReport r = phones.hear(board, HEAR_WINDOW_MS);
        if (r.silence())
        {
            return "ok silence";
        }
        final int lo = r.f2() == 0 ? r.f1() : Math.min(r.f1(), r.f2());
        final int hi = r.f2() == 0 ? 0 : Math.max(r.f1(), r.f2());
        return "ok tone " + lo + (hi != 0 ? "+" + hi : "");
    }

    private String status(final int board, final int line)
    {
        final PhoneState s = phones.state(board);
        final String call = status == null ? null : status.describe(line);
        return "ok line=" + line + " hook=" + (s.offHook() ? "off" : "on") + " ringing=" + (s.ringing() ? "yes" : "no") +
            " " + (call == null ? "call=idle peer=-" : call);
    }

    private static String usage(final String cmd)
    {
        return switch (cmd)
        {
            case "dial" -> "dial L DIGITS";
            case "tone" -> "tone L HZ (0 stops)";
            default -> cmd + " L";
        };
    }
}
