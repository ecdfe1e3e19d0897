package io.voxline.app.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * TLS stores and their passwords as people give them, one way for every command: `voxline proxy --tls-*` and the
 * gateway's [tls] table. Errors are IllegalArgumentException whose message the caller puts after the option or key;
 * no message ever holds a password.
 */
public final class TlsStores
{
    private TlsStores()
    {
    }

    /**
     * A password given as env:VAR (an environment variable), file:PATH (the file's first line) or pass:TEXT (the
     * text itself, which other users of the machine may see in a process list or a readable file). Errors read well
     * after the option or key: "is needed: …", "environment variable X is not set", "cannot read F (…)", "must be …".
     */
    public static String password(final String source, final Map<String, String> environment)
    {
        if (source == null)
        {
            throw new IllegalArgumentException("is needed: env:VAR, file:PATH or pass:TEXT");
        }
        if (source.startsWith("env:"))
        {
            final String value = environment.get(source.substring(4));
            if (value == null)
            {
                throw new IllegalArgumentException("environment variable " + source.substring(4) + " is not set");
            }
            return value;
        }
        if (source.startsWith("file:"))
        {
            final Path file = Path.of(source.substring(5));
            try
            {
                final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.get(0);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read " + file + " (" + ex.getClass().getSimpleName() + ")");
            }
        }
        if (source.startsWith("pass:"))
        {
            return source.substring(5);
        }
        throw new IllegalArgumentException("must be env:VAR, file:PATH or pass:TEXT");
    }

    /** "JKS" for a file named *.jks, else "PKCS12" (the JDK's default store type). */
    public static String type(final Path file)
    {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }
}
