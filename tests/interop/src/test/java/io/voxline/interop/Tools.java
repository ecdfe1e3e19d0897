package io.voxline.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/** The external programs the interop tests drive, found on PATH; a missing one skips the test, naming its package. */
final class Tools
{
    private Tools()
    {
    }

    /** Skips the calling test unless command is on PATH; the message says which Debian package installs it. */
    static void assumeInstalled(final String command, final String debianPackage)
    {
        Assumptions.assumeTrue(find(command) != null,
            command + " is not installed: apt-get install " + debianPackage + " (CI installs it; .ci/run)");
    }

    /** Whether command is on PATH. */
    static boolean installed(final String command)
    {
        return find(command) != null;
    }

    /** The executable named command on PATH, or null. */
    static Path find(final String command)
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return null;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            if (dir.isEmpty())
            {
                continue;
            }
            final Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
