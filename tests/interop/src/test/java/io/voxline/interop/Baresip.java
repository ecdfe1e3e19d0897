package io.voxline.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * baresip as a far-end softphone: its config directory written from the template in resources/baresip (free
 * ports substituted), `baresip -f DIR` as a child process under coreutils' timeout (never -d: it would fork out
 * of reach), and its ctrl_tcp remote control: netstring JSON commands out, responses and events in. Closing
 * stops the process this object started (by its handle, never by name).
 */
final class Baresip implements AutoCloseable
{
    /** The far end's SIP user (accounts template). */
    static final String USER = "200";
    /** Hard limit on the process's life, whatever happens to the JVM. */
    private static final int LIFETIME_SECONDS = 120;
    private static final String READY = "baresip is ready.";
    private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern PARAM = Pattern.compile("\"param\"\\s*:\\s*\"([^\"]*)\"");

    private final Path dir;
    private final Path log;
    private final Path recordings;
    private final int sipPort;
    private final Process process;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Socket ctrl;
    private Thread reader;
    private int token;

    private Baresip(final Path dir, final Path recordings, final int sipPort, final Process process)
    {
        this.dir = dir;
        this.log = dir.resolve("baresip.log");
        this.recordings = recordings;
        this.sipPort = sipPort;
        this.process = process;
    }

    /**
     * Writes the config into dir, starts baresip, waits until it is ready and its ctrl_tcp answers. sndfile records
     * into recordings, which needs a short path: baresip 1.0 cuts the file name at 128 bytes (enc and dec then
     * write one file).
     */
    static Baresip start(final Path dir, final Path recordings) throws IOException, InterruptedException
    {
        Files.createDirectories(dir);
        Files.createDirectories(recordings);
        final int sipPort = Ports.free();
        final int ctrlPort = Ports.free();
        // an RTP range of its own (baresip takes one even port of it per call), so parallel suites do not collide
        final int rtpLow = Math.min(Ports.free() & ~1, 65000);
        for (final String name : List.of("config", "accounts", "contacts"))
        {
            String text = resource("baresip/" + name);
            text = text.replace("@SIP_PORT@", Integer.toString(sipPort))
                .replace("@CTRL_PORT@", Integer.toString(ctrlPort))
                .replace("@RTP_PORTS@", rtpLow + "-" + Math.min(65534, rtpLow + 40))
                .replace("@RECORD_DIR@", recordings.toAbsolutePath().toString());
            Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        }
        final List<String> cmd = new ArrayList<>();
        if (Tools.installed("timeout"))
        {
            cmd.addAll(List.of("timeout", "--kill-after=5", Integer.toString(LIFETIME_SECONDS)));
        }
        cmd.addAll(List.of("baresip", "-f", dir.toAbsolutePath().toString()));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("baresip.log").toFile()).start();
        final Baresip b = new Baresip(dir, recordings, sipPort, p);
        try
        {
            b.awaitReady();
            b.connect(ctrlPort);
            return b;
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            b.close();
            throw ex;
        }
    }

    private static String resource(final String name) throws IOException
    {
        try (InputStream in = Baresip.class.getClassLoader().getResourceAsStream(name))
        {
            if (in == null)
            {
                throw new IOException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void awaitReady() throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!output().contains(READY))
        {
            if (!process.isAlive())
            {
                throw new IllegalStateException("baresip exited with " + process.exitValue() + ":\n" + output());
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("baresip not ready within 20 s:\n" + output());
            }
            Thread.sleep(20);
        }
    }

    private void connect(final int ctrlPort) throws IOException, InterruptedException
    {
        final InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        IOException last = null;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                ctrl = new Socket();
                ctrl.connect(new InetSocketAddress(lo, ctrlPort), 1000);
                reader = new Thread(this::readNetstrings, "baresip-ctrl");
                reader.setDaemon(true);
                reader.start();
                return;
            }
            catch (final IOException ex)
            {
                last = ex;
                ctrl.close();
                Thread.sleep(50);
            }
        }
        throw new IOException("baresip's ctrl_tcp does not answer on " + ctrlPort, last);
    }

    /** Reads LENGTH:JSON, netstrings until the socket closes; every JSON text goes to received. */
    private void readNetstrings()
    {
        try (InputStream in = ctrl.getInputStream())
        {
            while (true)
            {
                int length = 0;
                int c;
                while ((c = in.read()) != ':')
                {
                    if (c < 0)
                    {
                        return;
                    }
                    if (c >= '0' && c <= '9')
                    {
                        length = length * 10 + c - '0';
                    }
                }
                final byte[] body = in.readNBytes(length);
                if (body.length < length || in.read() != ',')
                {
                    return;
                }
                received.add(new String(body, StandardCharsets.UTF_8));
            }
        }
        catch (final IOException ex)
        {
            // closed
        }
    }

    /** Sends a ctrl_tcp command (a menu command without its slash: dial, hangup, sndcode …). */
    void command(final String command, final String params)
    {
        final String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t" +
            ++token + "\"}";
        final byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try
        {
            final OutputStream out = ctrl.getOutputStream();
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("baresip ctrl_tcp: " + command, ex);
        }
    }

    /** Every message from ctrl_tcp so far (responses and events, JSON text). */
    List<String> messages()
    {
        return List.copyOf(received);
    }

    /** The events of type (CALL_ESTABLISHED, CALL_CLOSED, CALL_DTMF_START …) so far, each by its param. */
    List<String> events(final String type)
    {
        final List<String> params = new ArrayList<>();
        for (final String m : received)
        {
            final Matcher t = TYPE.matcher(m);
            if (m.contains("\"event\":true") && t.find() && t.group(1).equals(type))
            {
                final Matcher p = PARAM.matcher(m);
                params.add(p.find() ? p.group(1) : "");
            }
        }
        return params;
    }

    /** Waits up to timeoutMs for the events of type to satisfy done. */
    boolean awaitEvents(final String type, final Predicate<List<String>> done, final long timeoutMs)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.test(events(type)))
        {
            if (System.nanoTime() - deadline > 0 || !process.isAlive())
            {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Where baresip listens for SIP. */
    InetSocketAddress sipAddress()
    {
        return new InetSocketAddress(Ports.HOST, sipPort);
    }

    /** sndfile's recordings of the calls: *-dec.wav is what baresip heard, *-enc.wav what it sent. */
    List<Path> recordings() throws IOException
    {
        try (var files = Files.list(recordings))
        {
            return files.sorted().toList();
        }
    }

    Path dir()
    {
        return dir;
    }

    /** Everything baresip printed so far. */
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

    /** Stops the process this object started: SIGTERM (baresip hangs up and quits), then SIGKILL after 5 s. */
    @Override
    public void close()
    {
        try
        {
            if (ctrl != null)
            {
                ctrl.close();
            }
        }
        catch (final IOException ignore)
        {
            // going anyway
        }
        // baresip itself is a child of timeout: known by its handle, killed by it if SIGTERM is not enough
        final List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                children.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (final ProcessHandle child : children)
        {
            if (child.isAlive())
            {
                child.destroyForcibly();
            }
        }
    }
}
