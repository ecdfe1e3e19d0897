package io.voxline.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * `voxline proxy …` in its own JVM, started the way the launcher starts it (io.voxline.app.Main with the shared
 * jvm.options), its output in a log file. Ready once it says where it listens.
 */
final class ProxyProcess implements AutoCloseable
{
    private static final String READY = "voxline proxy: listening on";

    private final Process process;
    private final Path log;

    private ProxyProcess(final Process process, final Path log)
    {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts `voxline proxy args` with its output in dir/name.log and waits until it listens; if it exits first,
     * throws {@link Exited} with what it said.
     */
    static ProxyProcess start(final Path dir, final String name, final List<String> args) throws IOException, InterruptedException
    {
        Files.createDirectories(dir);
        final Path log = dir.resolve(name + ".log");
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + Path.of(System.getProperty("voxline.root"), "java", "jvm.options"));
        cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", System.getProperty("java.class.path"), "io.voxline.app.Main", "proxy"));
        cmd.addAll(args);
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final ProxyProcess proxy = new ProxyProcess(p, log);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0)
        {
            final String said = proxy.output();
            if (said.contains(READY))
            {
                return proxy;
            }
            if (!p.isAlive())
            {
                throw new Exited(p.exitValue(), proxy.output());
            }
            Thread.sleep(50);
        }
        proxy.close();
        throw new IllegalStateException("voxline proxy did not say where it listens within 60 s:\n" + proxy.output());
    }

    /** Everything the proxy has written so far. */
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

    boolean isAlive()
    {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The proxy stopped before it listened (a refused option, a bad users file). */
    static final class Exited extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        final int exitCode;
        final String output;

        Exited(final int exitCode, final String output)
        {
            super("voxline proxy exited with " + exitCode + " before it listened:\n" + output);
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
