package io.voxline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.app.Main;

/** `voxline demo --pcap` and `voxline calls`, as a user runs them. */
class DemoAndCallsCommandTest
{
    @TempDir
    Path dir;

    @Test
    void theDemoPassesWritesACaptureAndTheCallShowsInTheHistory() throws Exception
    {
        final Path pcap = dir.resolve("demo.pcap");
        final Path journal = dir.resolve("journal");
        final String demo = run("demo", "--pcap", pcap.toString(), "--journal", journal.toString());
        assertEquals(0, lastExit, demo);
        assertTrue(demo.contains("voxline demo: every step happened"), demo);
        assertTrue(demo.contains("INVITE 201") && demo.contains("180 Ringing") && demo.contains("RTP voice, direct"), "the ladder:\n" + demo);

        final ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b2c3d4, header.getInt(0), "pcap magic");
        assertEquals(101, header.getInt(20), "LINKTYPE_RAW");
        final String calls = run("calls", "--journal", journal.toString());
        assertTrue(calls.contains("OUT") && calls.contains("sip:101@a.test") && calls.contains("sip:201@a.test"), calls);
        assertTrue(calls.contains("local hangup"), "the end reason is listed:\n" + calls);
        final String callsOfB = run("calls", "--journal", io.voxline.app.demo.SeedCall.journalOfB(journal).toString());
        assertTrue(callsOfB.contains("IN") && callsOfB.contains("remote hangup"), callsOfB);

        // .ci/run installs tshark; on a laptop without it this part is reported as skipped
        final File tshark = new File("/usr/bin/tshark");
        org.junit.jupiter.api.Assumptions.assumeTrue(tshark.canExecute(), "tshark (Debian package tshark) is not installed");
        final Process p = new ProcessBuilder(tshark.getPath(), "-r", pcap.toString(), "-Y", "sip.Method == \"INVITE\" || rtp",
            "-d", "udp.port==16000-16999,rtp").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("INVITE") && out.contains("RTP"), "tshark reads the capture:\n" + out);

    }

    @Test
    void callsOnAMissingJournalSaysSoAndFails() throws IOException
    {
        final String out = run("calls", "--journal", dir.resolve("nowhere").toString());
        assertTrue(out.contains("nowhere") && out.contains("no such directory"), out);
        assertEquals(1, lastExit, "a missing journal is a failure, said in one line");
    }

    @Test
    void helpListsEveryCommand() throws IOException
    {
        final String help = run("--help");
        for (final String cmd : new String[] {"gateway", "proxy", "demo", "calls"})
        {
            assertTrue(help.contains(cmd), help);
        }
    }

    private int lastExit;

    private String run(final String... args) throws IOException
    {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        final PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try
        {
            lastExit = Main.run(args);
        }
        finally
        {
            System.setOut(out);
            System.setErr(err);
        }
        out.print(buf.toString(StandardCharsets.UTF_8));
        return buf.toString(StandardCharsets.UTF_8);
    }
}
