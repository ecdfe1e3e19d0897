package io.voxline.system.torture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One case of the torture suite (src/test/resources/torture: manifest.txt and NAME.dat): the message bytes and
 * what each element should answer. See the manifest's header for the keys.
 */
record TortureCase(String name, byte[] bytes, Map<String, String> fields)
{
    /** What an element should do with the message. */
    record Expectation(boolean none, boolean ok, Set<Integer> codes, String reason, String unsupported, String accept,
        String warning)
    {
        boolean accepts(final int status)
        {
            if (ok)
            {
                return status >= 200 && status != 400 && status != 505;
            }
            return codes.contains(status);
        }

        @Override
        public String toString()
        {
            if (none)
            {
                return "no answer";
            }
            return ok ? "a final answer but 400/505" : codes.toString();
        }
    }

    String get(final String key)
    {
        return fields.get(key);
    }

    boolean isRequest()
    {
        return !(bytes.length >= 4 && bytes[0] == 'S' && bytes[1] == 'I' && bytes[2] == 'P' && bytes[3] == '/');
    }

    /** The expectation for "proxy" or "gateway". */
    Expectation expectation(final String element)
    {
        final String spec = fields.get(element);
        final String reason = "400".equals(spec) || "505".equals(spec) ? fields.get("reason") : null;
        return new Expectation("none".equals(spec), "ok".equals(spec), codes("ok".equals(spec) || "none".equals(spec) ? null : spec),
            reason, fields.get(element + ".unsupported"), fields.get(element + ".accept"), fields.get(element + ".warning"));
    }

    private static Set<Integer> codes(final String spec)
    {
        final Set<Integer> out = new TreeSet<>();
        if (spec != null)
        {
            for (final String c : spec.split(","))
            {
                out.add(Integer.parseInt(c.strip()));
            }
        }
        return out;
    }

    @Override
    public String toString()
    {
        return name;
    }

    /** Every case, in manifest order. */
    static List<TortureCase> all()
    {
        final List<TortureCase> out = new ArrayList<>();
        String name = null;
        Map<String, String> fields = null;
        for (final String raw : resource("manifest.txt").split("\n"))
        {
            final String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]"))
            {
                if (name != null)
                {
                    out.add(new TortureCase(name, bytes(name + ".dat"), fields));
                }
                name = line.substring(1, line.length() - 1);
                fields = new LinkedHashMap<>();
                continue;
            }
            final int eq = line.indexOf(" = ");
            if (line.substring(0, Math.max(eq, 0)).endsWith(".interim"))
            {
                // the RFC's answer is what each element owes: no stand-in statuses any more
                throw new IllegalStateException("[" + name + "] " + line + ": interim answers are not taken");
            }
            if (!line.startsWith("check = "))
            {
                fields.put(line.substring(0, eq), line.substring(eq + 3));
            }
        }
        if (name != null)
        {
            out.add(new TortureCase(name, bytes(name + ".dat"), fields));
        }
        return out;
    }

    private static String resource(final String file)
    {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(final String file)
    {
        try (InputStream in = TortureCase.class.getResourceAsStream("/torture/" + file))
        {
            if (in == null)
            {
                throw new IllegalStateException("no torture resource " + file);
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
