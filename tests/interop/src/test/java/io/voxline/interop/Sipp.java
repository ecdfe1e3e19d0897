package io.voxline.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One SIPp run: a scenario from src/test/resources/sipp, on 127.0.0.1, with every trace (-trace_msg, -trace_err,
 * -trace_stat, -trace_screen) written as LABEL_*.log/csv into the run's directory. SIPp's exit code is 0 when
 * every call of the run succeeded; the statistics file says how many did.
 */
final class Sipp
{
    private final String scenario;
    private final String label;
    private final List<String> args = new ArrayList<>();
    private String target;
    private int localPort;
    private String transport = "u1";
    private int calls = 1;
    private int timeoutSeconds = 20;

    private Sipp(final String scenario, final String label)
    {
        this.scenario = scenario;
        this.label = label;
    }

    /** A run of the scenario file (in resources/sipp), its files named after label. */
    static Sipp scenario(final String file, final String label)
    {
        return new Sipp(file, label);
    }

    /** Where a client scenario sends its requests (a server scenario has no target). */
    Sipp target(final int port)
    {
        target = Ports.HOST + ":" + port;
        return this;
    }

    Sipp localPort(final int port)
    {
        localPort = port;
        return this;
    }

    /** Over TCP, one connection (-t t1); the default is UDP (-t u1). */
    Sipp tcp()
    {
        transport = "t1";
        return this;
    }

    /** The user SIPp is ([service], -s). */
    Sipp user(final String user)
    {
        args.addAll(List.of("-s", user));
        return this;
    }

    /** Credentials for [authentication]: SIPp computes the digest over "sip:" + authUri. */
    Sipp credentials(final String user, final String password, final String authUri)
    {
        args.addAll(List.of("-au", user, "-ap", password, "-auth_uri", authUri));
        return this;
    }

    /** [name] in the scenario becomes value (-key). */
    Sipp key(final String name, final String value)
    {
        args.addAll(List.of("-key", name, value));
        return this;
    }

    /**
     * SIPp's RTP port ([media_port] and [media_ip] in its SDP; -mp) on 127.0.0.1 (-mi), instead
     * of the fixed 6000 another run may hold. SIPp takes port + 2 as well (video).
     */
    Sipp media(final int port)
    {
        args.addAll(List.of("-mi", Ports.HOST, "-mp", Integer.toString(port)));
        return this;
    }

    /** How many calls the run makes or takes before it ends (-m). */
    Sipp calls(final int n)
    {
        calls = n;
        return this;
    }

    /** After this, SIPp gives up and fails (-timeout, -timeout_error). */
    Sipp timeoutSeconds(final int seconds)
    {
        timeoutSeconds = seconds;
        return this;
    }

    /** Runs to the end and says how it went. */
    Result run(final Path dir) throws IOException, InterruptedException
    {
        return start(dir).await();
    }

    /** Starts in the background (a UAS waiting for its calls); {@link Running#await} gives the result. */
    Running start(final Path dir) throws IOException
    {
        if (localPort == 0)
        {
            throw new IllegalStateException(label + ": no local port");
        }
        Files.createDirectories(dir);
        final List<String> cmd = new ArrayList<>();
        cmd.add("sipp");
        if (target != null)
        {
            cmd.add(target);
        }
        cmd.addAll(List.of("-sf", resource("sipp/" + scenario).toString(),
            "-i", Ports.HOST, "-p", Integer.toString(localPort), "-t", transport,
            "-m", Integer.toString(calls), "-timeout", timeoutSeconds + "s", "-timeout_error", "-nostdin",
            "-trace_msg", "-message_file", label + "_messages.log",
            "-trace_err", "-error_file", label + "_errors.log",
            "-trace_stat", "-stf", label + "_stats.csv",
            "-trace_screen", "-screen_file", label + "_screen.log"));
        cmd.addAll(args);
        Files.writeString(dir.resolve(label + "_command.txt"), String.join(" ", cmd) + "\n", StandardCharsets.UTF_8);
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve(label + "_stdout.log").toFile()).start();
        return new Running(p, dir, label, timeoutSeconds);
    }

    static Path resource(final String name)
    {
        try
        {
            return Path.of(Sipp.class.getClassLoader().getResource(name).toURI());
        }
        catch (final URISyntaxException | NullPointerException ex)
        {
            throw new IllegalStateException("no test resource " + name, ex);
        }
    }

    /** A SIPp process under way. */
    static final class Running
    {
        private final Process process;
        private final Path dir;
        private final String label;
        private final int timeoutSeconds;

        Running(final Process process, final Path dir, final String label, final int timeoutSeconds)
        {
            this.process = process;
            this.dir = dir;
            this.label = label;
            this.timeoutSeconds = timeoutSeconds;
        }

        /** Waits for the end (SIPp's own timeout, plus a margin) and reads the statistics. */
        Result await() throws InterruptedException
        {
            int code;
            if (process.waitFor(timeoutSeconds + 15L, TimeUnit.SECONDS))
            {
                code = process.exitValue();
            }
            else
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                code = -1;
            }
            final long[] counts = counts(dir.resolve(label + "_stats.csv"));
            return new Result(label, code, counts[0], counts[1], dir);
        }

        /** Stops it now (a test that failed before this peer's call came). */
        void kill() throws InterruptedException
        {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
    }

    /** SuccessfulCall(C) and FailedCall(C) from the last line of the statistics file, or -1 each. */
    static long[] counts(final Path stats)
    {
        final long[] counts = {-1, -1};
        try
        {
            if (!Files.exists(stats))
            {
                return counts;
            }
            final List<String> lines = Files.readAllLines(stats, StandardCharsets.ISO_8859_1);
            if (lines.size() < 2)
            {
                return counts;
            }
            final List<String> names = List.of(lines.get(0).split(";"));
            final String[] last = lines.get(lines.size() - 1).split(";");
            final int ok = names.indexOf("SuccessfulCall(C)");
            final int failed = names.indexOf("FailedCall(C)");
            if (ok >= 0 && ok < last.length)
            {
                counts[0] = Long.parseLong(last[ok].trim());
            }
            if (failed >= 0 && failed < last.length)
            {
                counts[1] = Long.parseLong(last[failed].trim());
            }
            return counts;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final NumberFormatException ex)
        {
            return counts;
        }
    }

    /** How a run ended: SIPp's exit code (0: every call succeeded) and its call counters. */
    record Result(String label, int exitCode, long successful, long failed, Path dir)
    {
        /** All calls succeeded: exit 0 and the counters agree. */
        boolean allSucceeded(final int calls)
        {
            return exitCode == 0 && successful == calls && failed == 0;
        }

        /** The messages SIPp exchanged (its -trace_msg file). */
        String messages()
        {
            return read(dir.resolve(label + "_messages.log"));
        }

        /** What SIPp found unexpected (its -trace_err file). */
        String errors()
        {
            return read(dir.resolve(label + "_errors.log"));
        }

        /** For a failed assertion: the exit code, the counters, the error trace and the end of the screen. */
        String report()
        {
            final String screen = read(dir.resolve(label + "_screen.log"));
            return label + ": sipp exit " + exitCode + ", successful " + successful + ", failed " + failed +
                " (files in " + dir + ")\n-- errors:\n" + read(dir.resolve(label + "_errors.log")) +
                "\n-- screen (end):\n" + screen.substring(Math.max(0, screen.length() - 3000));
        }

        private static String read(final Path file)
        {
            try
            {
                return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(none)";
            }
            catch (final IOException ex)
            {
                return "(unreadable: " + ex + ")";
            }
        }
    }
}
