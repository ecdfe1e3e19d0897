package io.voxline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same call between separate processes started as a person would: two `voxline proxy`, two
 * `voxline gateway --config … --console tcp:…`, and the phones driven over the consoles.
 */
class SeparateProcessesSystemTest
{
    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException
    {
        for (final Process p : processes)
        {
            p.destroy();
        }
        for (final Process p : processes)
        {
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aCallBetweenFourProcessesDrivenOverTheConsoles() throws Exception
    {
        final int p1 = freeUdpPort();
        final int p2 = freeUdpPort();
        final int gwA = freeUdpPort();
        final int gwB = freeUdpPort();
        final int consoleA = freeTcpPort();
        final int consoleB = freeTcpPort();

        start("proxy2", "proxy", "--listen", "udp:127.0.0.1:" + p2, "--domain", "b.test");
        start("proxy1", "proxy", "--listen", "udp:127.0.0.1:" + p1, "--domain", "a.test", "--route", "2*=sip:127.0.0.1:" + p2);
        start("gatewayA", "gateway", "--config", config("a", gwA, "101", "a.test", p1, 16200).toString(), "--console", "tcp:127.0.0.1:" + consoleA);
        start("gatewayB", "gateway", "--config", config("b", gwB, "201", "b.test", p2, 16400).toString(), "--console", "tcp:127.0.0.1:" + consoleB);

        try (Console a = Console.connect(consoleA); Console b = Console.connect(consoleB))
        {
            assertEquals("ok line=1 hook=on ringing=no call=idle peer=-", a.await("status 1", s -> s.contains("call=idle")));
            assertEquals("ok line 1 off-hook", a.send("offhook 1"));
            a.await("hear 1", s -> tone(s, 350, 440));
            assertTrue(a.send("dial 1 201").startsWith("ok"));
            b.await("status 1", s -> s.contains("ringing=yes"));
            a.await("hear 1", s -> tone(s, 440, 480));
            assertEquals("ok line 1 off-hook", b.send("offhook 1"));
            a.await("status 1", s -> s.contains("call=connected") && s.contains("201"));
            b.await("status 1", s -> s.contains("call=connected") && s.contains("101"));
            a.send("tone 1 1000");
            b.await("hear 1", s -> tone(s, 1000, 0));
            a.send("tone 1 0");
            b.send("tone 1 1500");
            a.await("hear 1", s -> tone(s, 1500, 0));
            b.send("tone 1 0");
            a.send("onhook 1");
            a.await("status 1", s -> s.contains("call=idle"));
            b.await("status 1", s -> !s.contains("call=connected"));
            b.send("onhook 1");
            b.await("status 1", s -> s.contains("call=idle"));
        }

        final Process calls = new ProcessBuilder(java("calls", "--journal", dir.resolve("a-journal").toString()))
            .redirectErrorStream(true).start();
        final String table = new String(calls.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(calls.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, calls.exitValue(), table);
        assertTrue(table.contains("101") && table.contains("201") && table.contains("OUT"), "voxline calls lists the call:\n" + table);
    }

    /** "ok tone F1[+F2]" with each wanted component within 10 Hz (f2 0: one component). */
    static boolean tone(final String answer, final int f1, final int f2)
    {
        if (!answer.startsWith("ok tone "))
        {
            return false;
        }
        final String[] f = answer.substring(8).split("\\+");
        final boolean first = Math.abs(Integer.parseInt(f[0]) - f1) <= 10 || (f.length > 1 && Math.abs(Integer.parseInt(f[1]) - f1) <= 10);
        final boolean second = f2 == 0 || (f.length > 1 && (Math.abs(Integer.parseInt(f[1]) - f2) <= 10 || Math.abs(Integer.parseInt(f[0]) - f2) <= 10));
        return first && second;
    }

    private Path config(final String name, final int sipPort, final String user, final String domain, final int proxyPort, final int rtp) throws IOException
    {
        final Path file = dir.resolve(name + ".toml");
        Files.writeString(file, """
            [sip]
            listen = "udp:127.0.0.1:%d"
            [board]
            uri = "mock:lines=1,region=us"
            [[line]]
            number = 1
            user = "%s"
            domain = "%s"
            proxy = "sip:127.0.0.1:%d"
            [media]
            rtp_ports = "%d-%d"
            codecs = ["PCMU", "PCMA"]
            [journal]
            dir = "%s"
            """.formatted(sipPort, user, domain, proxyPort, rtp, rtp + 99, dir.resolve(name + "-journal")));
        return file;
    }

    private void start(final String name, final String... args) throws IOException
    {
        final Process p = new ProcessBuilder(java(args))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
        processes.add(p);
    }

    private static List<String> java(final String... args)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + Path.of(System.getProperty("voxline.root"), "java", "jvm.options"));
        cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "io.voxline.app.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            return s.getLocalPort();
        }
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1})))
        {
            return s.getLocalPort();
        }
    }

    /** One console connection: a command, an answer line. */
    private static final class Console implements AutoCloseable
    {
        private final Socket socket;
        private final BufferedReader in;
        private final PrintWriter out;

        private Console(final Socket socket) throws IOException
        {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        static Console connect(final int port) throws Exception
        {
            final long deadline = System.currentTimeMillis() + 60_000;
            while (true)
            {
                try
                {
                    return new Console(new Socket("127.0.0.1", port));
                }
                catch (final IOException ex)
                {
                    if (System.currentTimeMillis() > deadline)
                    {
                        throw ex;
                    }
                    Thread.sleep(200);
                }
            }
        }

        String send(final String command) throws IOException
        {
            out.println(command);
            final String answer = in.readLine();
            if (answer == null)
            {
                fail("console closed after " + command);
            }
            return answer;
        }

        String await(final String command, final Predicate<String> ok) throws Exception
        {
            final long deadline = System.currentTimeMillis() + 15_000;
            String last;
            do
            {
                last = send(command);
                if (ok.test(last))
                {
                    return last;
                }
                Thread.sleep(100);
            }
            while (System.currentTimeMillis() < deadline);
            fail("'" + command + "' never answered as expected; last: " + last);
            return last;
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}
