package io.voxline.board.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.Tone;
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
    void aSpokenToneIsAcceptedAndStopped()
    {
        console.execute("offhook 1");
        assertEquals("ok line 1 speaking 1000 Hz", console.execute("tone 1 1000"));
        assertEquals("ok line 1 silent", console.execute("tone 1 0"));
    }
}
