package io.voxline.board.mock;

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
        catch (final RuntimeException ex)
        {
            // the board refused (e.g. a state it cannot be in): say why, nothing changed
            return "err " + ex.getMessage();
        }
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
