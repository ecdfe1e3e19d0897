package io.voxline.interop;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Kamailio in the foreground under the test (`kamailio -f CFG -P PIDFILE -w DIR -DD -E`): the test owns the main
 * process, whose SIGTERM ends its workers. The configuration is a template from src/test/resources/kamailio with
 * every {@code @NAME@} replaced; the control socket (for {@link #rpc}) lives in a short temporary directory, the
 * written configuration and everything Kamailio says in dir. Ready once it answers an OPTIONS.
 */
final class KamailioProcess implements AutoCloseable
{
    /** What Kamailio logs through the configuration's xlog calls starts with this. */
    static final String XLOG = "XLOG ";

    private static final long READY_TIMEOUT_MS = 15_000;
    private static final long RPC_TIMEOUT_S = 10;

    private final Process process;
    private final Path log;
    private final Path runDir;
    private final Path ctl;
    private final int port;

    private KamailioProcess(final Process process, final Path log, final Path runDir, final Path ctl, final int port)
    {
        this.process = process;
        this.log = log;
        this.runDir = runDir;
        this.ctl = ctl;
        this.port = port;
    }

    /**
     * Writes the template (a resource path such as /kamailio/kamailio.cfg) to dir/kamailio.cfg with @PORT@, @CTL@
     * and every key of values filled in, starts Kamailio on it with its output in dir/kamailio.log and waits until it
     * answers on 127.0.0.1:port. Throws with what it said when it exits or stays silent.
     */
    static KamailioProcess start(final Path dir, final String template, final int port, final Map<String, String> values)
        throws IOException, InterruptedException
    {
        Files.createDirectories(dir);
        String cfg = resource(template).replace("@PORT@", Integer.toString(port));
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            cfg = cfg.replace("@" + e.getKey() + "@", e.getValue());
        }
        if (cfg.replace("@CTL@", "").matches("(?s).*@[A-Z_]+@.*"))
        {
            throw new IllegalArgumentException("a placeholder of " + template + " has no value:\n" + cfg);
        }
        // unix socket paths are short (108 bytes): not under a deep build directory
        final Path runDir = Files.createTempDirectory("voxline-kamailio");
        final Path ctl = runDir.resolve("ctl");
        cfg = cfg.replace("@CTL@", ctl.toString());
        final Path file = dir.resolve("kamailio.cfg");
        Files.writeString(file, cfg, StandardCharsets.UTF_8);
        final Path log = dir.resolve("kamailio.log");
        // -DD: the main process stays ours (no daemon); -E: logs to stderr; small shared (-m) and private (-M) memory
        final List<String> cmd = List.of(Tools.find("kamailio").toString(), "-f", file.toString(),
            "-P", runDir.resolve("kamailio.pid").toString(), "-w", runDir.toString(), "-DD", "-E", "-m", "32", "-M", "4");
        final Process p;
        try
        {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        }
        catch (final IOException ex)
        {
            deleteTree(runDir);
            throw ex;
        }
        final KamailioProcess k = new KamailioProcess(p, log, runDir, ctl, port);
        try
        {
            k.awaitReady();
            return k;
        }
        catch (IOException | InterruptedException | RuntimeException ex)
        {
            k.close();
            throw ex;
        }
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = KamailioProcess.class.getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IOException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sends OPTIONS until one is answered: then Kamailio's workers read its port. */
    private void awaitReady() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Ports.HOST, 0)))
        {
            s.setSoTimeout(200);
            final InetSocketAddress to = address();
            int n = 0;
            while (System.nanoTime() - deadline < 0)
            {
                if (!process.isAlive())
                {
                    throw new IllegalStateException("kamailio exited with " + process.exitValue() + " before it answered:\n" + output());
                }
                n++;
                final byte[] options = ("OPTIONS sip:" + Ports.HOST + ":" + port + " SIP/2.0\r\n" +
                    "Via: SIP/2.0/UDP " + Ports.HOST + ":" + s.getLocalPort() + ";branch=z9hG4bK-ready-" + n + ";rport\r\n" +
                    "Max-Forwards: 70\r\n" +
                    "From: <sip:probe@" + Ports.HOST + ">;tag=ready\r\n" +
                    "To: <sip:" + Ports.HOST + ":" + port + ">\r\n" +
                    "Call-ID: ready-" + port + "@" + Ports.HOST + "\r\n" +
                    "CSeq: " + n + " OPTIONS\r\n" +
                    "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(options, options.length, to));
                final DatagramPacket answer = new DatagramPacket(new byte[4096], 4096);
                try
                {
                    s.receive(answer);
                    if (new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII).startsWith("SIP/2.0 200"))
                    {
                        return;
                    }
                }
                catch (final SocketTimeoutException notYet)
                {
                    // not listening yet: ask again
                }
            }
        }
        throw new IllegalStateException("kamailio did not answer an OPTIONS within " + READY_TIMEOUT_MS + " ms:\n" + output());
    }

    /** Where Kamailio listens (UDP). */
    InetSocketAddress address()
    {
        return new InetSocketAddress(Ports.HOST, port);
    }

    /** Everything Kamailio has written so far. */
    String output()
    {
        try
        {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(no log: " + ex + ")";
        }
    }

    /** The configuration's xlog lines so far, without the prefix. */
    List<String> xlog()
    {
        final List<String> lines = new ArrayList<>();
        for (final String line : output().split("\n"))
        {
            final int at = line.indexOf(XLOG);
            if (at >= 0)
            {
                lines.add(line.substring(at + XLOG.length()));
            }
        }
        return lines;
    }

    /** How many xlog lines so far contain every one of parts. */
    long count(final String... parts)
    {
        return xlog().stream().filter(l -> Stream.of(parts).allMatch(l::contains)).count();
    }

    /** `kamcmd COMMAND…` on this Kamailio's control socket: what it printed (stdout and stderr), within 10 s. */
    String rpc(final String... command) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of(Tools.find("kamcmd").toString(), "-s", "unix:" + ctl));
        cmd.addAll(List.of(command));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(RPC_TIMEOUT_S, TimeUnit.SECONDS))
        {
            p.destroyForcibly();
            p.waitFor(RPC_TIMEOUT_S, TimeUnit.SECONDS);
            throw new IllegalStateException("kamcmd " + String.join(" ", command) + " did not finish within " + RPC_TIMEOUT_S + " s");
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /** SIGTERM to the main process (it ends its workers); any worker still there after that is killed by its PID. */
    @Override
    public void close() throws InterruptedException
    {
        final List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (final ProcessHandle w : workers)
        {
            if (w.isAlive())
            {
                w.destroyForcibly();
            }
        }
        deleteTree(runDir);
    }

    private static void deleteTree(final Path root)
    {
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path f : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(f);
            }
        }
        catch (final IOException ex)
        {
            // a temporary directory left behind: harmless
        }
    }
}
