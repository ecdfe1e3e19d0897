package io.voxline.board.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.BoardException;
import io.voxline.board.MockPhones;
import io.voxline.board.PhoneState;
import io.voxline.board.Tone;
import io.voxline.board.ToneReport;
import io.voxline.board.jna.NativeBoard;

class MockConsoleTest
{
    private NativeBoard board;
    private MockConsole console;

    @BeforeEach
    void open()
    {
        board = NativeBoard.open("mock:lines=2,region=us,clock=manual");
        console = new MockConsole(board.mockPhones(), 2, line -> line == 1 ? "call=connected peer=sip:201@b.test" : null);
    }

    @AfterEach
    void close()
    {
        board.close();
    }

    @Test
    void hookCommandsChangeThePhoneAndStatusShowsIt()
    {
        assertEquals("ok line=1 hook=on ringing=no call=connected peer=sip:201@b.test", console.execute("status 1"));
        assertEquals("ok line 1 off-hook", console.execute("offhook 1"));
        board.nativeMockPhones().advance(100);
        assertEquals("ok line=1 hook=off ringing=no call=connected peer=sip:201@b.test", console.execute("status 1"));
        assertEquals("ok line=2 hook=on ringing=no call=idle peer=-", console.execute("  STATUS   2 "));
    }

    @Test
    void hearNamesTheTwoComponentsOfDialToneInAscendingOrder()
    {
        console.execute("offhook 1");
        board.playTone(0, Tone.DIAL);
        board.nativeMockPhones().advance(1200);
        assertEquals("ok tone 350+440", console.execute("hear 1"));
        assertEquals("ok silence", console.execute("hear 2"));
    }

    @Test
    void dialSendsRealDtmfThatTheBoardDetects()
    {
        console.execute("offhook 1");
        assertEquals("ok line 1 dialing 201", console.execute("dial 1 201"));
        board.nativeMockPhones().advance(1000);
        final StringBuilder heard = new StringBuilder();
        final io.voxline.board.BoardEvent ev = new io.voxline.board.BoardEvent();
        while (board.pollEvent(ev, 0))
        {
            if (ev.type == io.voxline.board.BoardEventType.DTMF_DOWN)
            {
                heard.append(ev.digit);
            }
        }
        assertEquals("201", heard.toString());
    }

    @Test
    void badCommandsSayWhyAndChangeNothing()
    {
        assertEquals("err empty command (try help)", console.execute("   "));
        assertTrue(console.execute("jump 1").startsWith("err unknown command 'jump'"));
        assertEquals("err usage: dial L DIGITS", console.execute("dial 1"));
        assertEquals("err no line 3 (lines are 1..2)", console.execute("offhook 3"));
        assertEquals("err line 'x' is not a number (lines are 1..2)", console.execute("onhook x"));
        assertEquals("err line 1 is on-hook: lift the handset first (offhook 1)", console.execute("dial 1 123"));
        console.execute("offhook 1");
        assertEquals("err 'Z' is not a DTMF digit (0-9 * # A-D)", console.execute("dial 1 12Z"));
        assertEquals("err 5000 Hz is outside 50..3900 (8 kHz sampling; 0 stops)", console.execute("tone 1 5000"));
        assertEquals("err 'loud' is not a frequency in Hz", console.execute("tone 1 loud"));
        assertEquals(MockConsole.HELP, console.execute("help"));
    }

    @Test
    void boardRefusalsNameTheUsersLineAndTheLimit()
    {
        console.execute("offhook 2");
        final String tooMany = "1".repeat(MockPhones.MAX_QUEUED_DIGITS + 1);
        assertEquals("err line 2: 65 digits are more than the keypad holds (at most 64 at a time)",
            console.execute("dial 2 " + tooMany));
        assertEquals("ok line 2 dialing " + "2".repeat(40), console.execute("dial 2 " + "2".repeat(40)));
        assertEquals("err line 2 is still dialing earlier digits: at most 64 can wait, dial the rest when they are sent",
            console.execute("dial 2 " + "3".repeat(30)));
        assertEquals("ok line 2 dialing " + "4".repeat(24), console.execute("dial 2 " + "4".repeat(24)), "exactly full");
    }

    @Test
    void anyOtherRefusalIsWordedForTheConsoleWithoutTheBoardsLineNumbering()
    {
        final MockPhones refusing = new MockPhones()
        {
            @Override
            public void hook(final int line, final boolean offHook)
            {
                throw new BoardException(BoardException.ERR_STATE, "hook(line " + line + "): not allowed in this state");
            }

            @Override
            public void flash(final int line)
            {
                throw new BoardException(-10, "flash(line " + line + "): operating system error");
            }

            @Override
            public void dial(final int line, final String digits, final int onMs, final int offMs)
            {
            }

            @Override
            public void speakTone(final int line, final int hz)
            {
                throw new BoardException(BoardException.ERR_UNSUPPORTED, "speakTone(line " + line + "): unsupported");
            }

            @Override
            public int listen(final int line, final short[] dst)
            {
                return 0;
            }

            @Override
            public ToneReport hear(final int line, final int windowMs)
            {
                throw new BoardException(BoardException.ERR_CLOSED, "hear: board closed");
            }

            @Override
            public PhoneState state(final int line)
            {
                return new PhoneState(false, false, null, null);
            }
        };
        final MockConsole c = new MockConsole(refusing, 2, null);
        assertEquals("err line 1: flash refused: operating system error", c.execute("flash 1"));
        assertEquals("err line 2 cannot offhook now", c.execute("offhook 2"));
        assertEquals("err this board has no emulated phones (tone works on a mock board)", c.execute("tone 1 440"));
        assertEquals("err the board is closed", c.execute("hear 2"));
    }

    @Test
    void aSpokenToneIsAcceptedAndStopped()
    {
        console.execute("offhook 1");
        assertEquals("ok line 1 speaking 1000 Hz", console.execute("tone 1 1000"));
        assertEquals("ok line 1 silent", console.execute("tone 1 0"));
    }
}
