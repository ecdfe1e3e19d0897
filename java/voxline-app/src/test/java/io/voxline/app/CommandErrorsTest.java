package io.voxline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad command line or a config the board refuses: one clear line naming what to change, exit 2, nothing started. */
class CommandErrorsTest
{
    @TempDir
    Path dir;

    private int exit;

    @Test
    void aBoardUriTheBoardRefusesIsNamedWithFileAndLine() throws IOException
    {
        final Path cfg = config("mock:lines=2,region=xx", 1);
        final String err = run("gateway", "--config", cfg.toString());
        assertEquals(2, exit, err);
        assertTrue(err.startsWith("voxline gateway: " + cfg + ":4: board.uri: "), err);
        assertTrue(err.contains("region"), err);
    }

    @Test
    void aLineTheBoardDoesNotHaveIsNamedWithFileAndLine() throws IOException
    {
        final Path cfg = config("mock:lines=1,region=us", 2);
        final String err = run("gateway", "--config", cfg.toString());
        assertEquals(2, exit, err);
        assertTrue(err.startsWith("voxline gateway: " + cfg + ":6: line[0].number: line 2 is not on the board"), err);
    }

    @Test
    void badProxyArgumentsSayWhy()
    {
        String err = run("proxy", "--listen", "udp:localhost:5060");
        assertEquals(2, exit, err);
        assertTrue(err.contains("'localhost' is a name"), err);
        err = run("proxy", "--route", "2*sip:127.0.0.1:5080");
        assertEquals(2, exit, err);
        assertTrue(err.contains("is not PATTERN=URI"), err);
        err = run("proxy", "--route", "*2=sip:127.0.0.1:5080");
        assertTrue(err.contains("a pattern is a domain, a user prefix ending in *"), err);
        err = run("proxy", "--listen", "tls:127.0.0.1:0");
        assertEquals(2, exit, err);
        assertTrue(err.contains("a tls: --listen needs --tls-keystore FILE"), err);
        err = run("proxy", "--listen", "sctp:127.0.0.1:5060");
        assertTrue(err.contains("'sctp' is not supported (udp, tcp or tls)"), err);
    }

    @Test
    void aConsoleOffLoopbackIsRefused()
    {
        final String err = run("gateway", "--console", "tcp:10.0.0.1:7000");
        assertEquals(2, exit, err);
        assertTrue(err.contains("loopback"), err);
    }

    private Path config(final String boardUri, final int lineNumber) throws IOException
    {
        final Path file = dir.resolve("gw.toml");
        Files.writeString(file, """
            [sip]
            listen = "udp:127.0.0.1:0"
            [board]
            uri = "%s"
            [[line]]
            number = %d
            user = "101"
            domain = "a.test"
            proxy = "sip:127.0.0.1:5070"
            [journal]
            dir = "%s"
            """.formatted(boardUri, lineNumber, dir.resolve("journal")));
        return file;
    }

    private String run(final String... args)
    {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        final PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try
        {
            exit = Main.run(args);
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
