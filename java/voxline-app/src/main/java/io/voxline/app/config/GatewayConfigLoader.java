package io.voxline.app.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.dialplan.DigitMap;

/**
 * Reads a gateway's TOML file. Every mistake (syntax, unknown key, wrong type, bad value, missing key)
 * is reported as FILE:LINE: KEY: why, and nothing is started from a file with a mistake in it.
 */
public final class GatewayConfigLoader
{
    static final Map<String, Set<String>> KEYS = Map.of(
        "sip", Set.of("listen", "register_expires", "keepalive_seconds", "registrar_ping_seconds"),
        "board", Set.of("uri"),
        "line", Set.of("number", "user", "domain", "proxy", "password", "display_name"),
        "media", Set.of("rtp_ports", "codecs", "ip"),
        "journal", Set.of("dir"),
        "dialing", Set.of("interdigit_timeout_ms", "digit_map"));
    private static final Set<String> CODECS = Set.of("PCMU", "PCMA");

    private final String file;
    private final TomlTable root;

    private GatewayConfigLoader(final String file, final TomlTable root)
    {
        this.file = file;
        this.root = root;
    }

    public static GatewayConfig load(final Path path)
    {
        final String file = path.toString();
        final String text;
        try
        {
            text = Files.readString(path);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file + ": cannot read: " + ex.getMessage());
        }
        return parse(file, text);
    }

    public static GatewayConfig parse(final String file, final String text)
    {
        final TomlParseResult result = Toml.parse(text);
        if (result.hasErrors())
        {
            final TomlParseError e = result.errors().get(0);
            throw new ConfigException(file + ":" + e.position().line() + ": syntax: " + e.getMessage());
        }
        return new GatewayConfigLoader(file, result).build();
    }

    private GatewayConfig build()
    {
        for (final String key : root.keySet())
        {
            if (!KEYS.containsKey(key))
            {
                throw ConfigException.at(file, line(root, key), key, "unknown section (known: " + String.join(", ", KEYS.keySet()) + ")");
            }
        }
        final TomlTable sip = table("sip");
        final TomlTable board = table("board");
        final TomlTable media = table("media");
        final TomlTable journal = table("journal");
        final TomlTable dialing = table("dialing");

        final InetSocketAddress listen = endpoint(sip, "sip", "listen", "udp:127.0.0.1:5062", true);
        final int expires = (int)number(sip, "sip", "register_expires", 3600, 30, 86_400);
        final GatewayConfig.Keepalive keepalive = new GatewayConfig.Keepalive(
            interval(sip, "sip", "keepalive_seconds", GatewayConfig.Keepalive.DEFAULT.keepaliveSeconds(), 5, 600),
            interval(sip, "sip", "registrar_ping_seconds", GatewayConfig.Keepalive.DEFAULT.registrarPingSeconds(), 10, 3600));
        final String boardUri = string(board, "board", "uri", "mock:lines=2,region=us");

        final List<GatewayConfig.Line> lines = lines();

        final String ports = string(media, "media", "rtp_ports", "16000-16999");
        final int dash = ports.indexOf('-');
        final int low;
        final int high;
        try
        {
            low = Integer.parseInt(ports.substring(0, Math.max(dash, 0)).trim());
            high = Integer.parseInt(ports.substring(dash + 1).trim());
        }
        catch (final NumberFormatException ex)
        {
            throw ConfigException.at(file, line(media, "rtp_ports"), "media.rtp_ports", "'" + ports + "' is not LOW-HIGH, e.g. 16000-16999");
        }
        if (low < 1024 || high > 65535 || high - low < 2)
        {
            throw ConfigException.at(file, line(media, "rtp_ports"), "media.rtp_ports", "'" + ports + "' must lie in 1024-65535 and hold at least two even ports");
        }
        final List<String> codecs = new ArrayList<>();
        if (media.contains("codecs"))
        {
            if (!media.isArray("codecs"))
            {
                throw ConfigException.at(file, line(media, "codecs"), "media.codecs", "must be an array of strings, e.g. [\"PCMU\", \"PCMA\"]");
            }
            final TomlArray arr = media.getArray("codecs");
            for (int i = 0; i < arr.size(); i++)
            {
                final Object v = arr.get(i);
                final String name = v instanceof String s ? s.toUpperCase() : null;
                if (name == null || !CODECS.contains(name))
                {
                    throw ConfigException.at(file, arr.inputPositionOf(i).line(), "media.codecs", "'" + v + "' is not a codec (known: PCMU, PCMA)");
                }
                codecs.add(name);
            }
            if (codecs.isEmpty())
            {
                throw ConfigException.at(file, line(media, "codecs"), "media.codecs", "must name at least one codec");
            }
        }
        else
        {
            codecs.addAll(List.of("PCMU", "PCMA"));
        }
        final String mediaIp = media.contains("ip") ?
            literal(media, "media", "ip") : listen.getAddress().getHostAddress();

        final Path journalDir = Path.of(string(journal, "journal", "dir", "var/journal"));
        final int interDigit = (int)number(dialing, "dialing", "interdigit_timeout_ms", GatewayConfig.Dialing.DEFAULT.interDigitTimeoutMs(), 500, 60_000);
        final String digitMap = string(dialing, "dialing", "digit_map", GatewayConfig.Dialing.DEFAULT.digitMap());
        final String badMap = DigitMap.check(digitMap);
        if (badMap != null)
        {
            throw ConfigException.at(file, line(dialing, "digit_map"), "dialing.digit_map", badMap);
        }

        return new GatewayConfig(listen, boardUri, lines, new GatewayConfig.Media(mediaIp, low, high, codecs), journalDir,
            new GatewayConfig.Dialing(interDigit, digitMap), expires, keepalive);
    }

    private List<GatewayConfig.Line> lines()
    {
        final List<GatewayConfig.Line> lines = new ArrayList<>();
        if (!root.contains("line"))
        {
            return lines;
        }
        if (!root.isArray("line"))
        {
            throw ConfigException.at(file, line(root, "line"), "line", "must be written as [[line]] tables");
        }
        final TomlArray arr = root.getArray("line");
        final Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < arr.size(); i++)
        {
            if (!(arr.get(i) instanceof TomlTable t))
            {
                throw ConfigException.at(file, arr.inputPositionOf(i).line(), "line", "must be written as [[line]] tables");
            }
            checkKeys(t, "line");
            final String where = "line[" + i + "]";
            final int number = (int)number(t, where, "number", i + 1, 1, 64);
            if (!numbers.add(number))
            {
                throw ConfigException.at(file, line(t, "number"), where + ".number", "line " + number + " is configured twice");
            }
            final String user = required(t, where, "user");
            final String domain = required(t, where, "domain");
            final InetSocketAddress proxy = endpoint(t, where, "proxy", null, false);
            final String password = t.contains("password") ? string(t, where, "password", null) : null;
            final String display = t.contains("display_name") ? string(t, where, "display_name", null) : null;
            lines.add(new GatewayConfig.Line(number, user, domain, proxy, password, display));
        }
        return lines;
    }

    private TomlTable table(final String name)
    {
        if (!root.contains(name))
        {
            return Toml.parse("");
        }
        if (!root.isTable(name))
        {
            throw ConfigException.at(file, line(root, name), name, "must be a [" + name + "] table");
        }
        final TomlTable t = root.getTable(name);
        checkKeys(t, name);
        return t;
    }

    private void checkKeys(final TomlTable t, final String section)
    {
        for (final String key : t.keySet())
        {
            if (!KEYS.get(section).contains(key))
            {
                throw ConfigException.at(file, line(t, key), section + "." + key,
                    "unknown key (known: " + String.join(", ", KEYS.get(section).stream().sorted().toList()) + ")");
            }
        }
    }

    private String required(final TomlTable t, final String section, final String key)
    {
        if (!t.contains(key))
        {
            final int at = t.isEmpty() ? 0 : line(t, t.keySet().iterator().next());
            throw ConfigException.at(file, at, section + "." + key, "is required");
        }
        final String v = string(t, section, key, null);
        if (v.isBlank())
        {
            throw ConfigException.at(file, line(t, key), section + "." + key, "must not be empty");
        }
        return v;
    }

    private String string(final TomlTable t, final String section, final String key, final String fallback)
    {
        if (!t.contains(key))
        {
            return fallback;
        }
        if (!t.isString(key))
        {
            throw ConfigException.at(file, line(t, key), section + "." + key, "must be a string");
        }
        return t.getString(key);
    }

    private long number(final TomlTable t, final String section, final String key, final long fallback, final long min, final long max)
    {
        if (!t.contains(key))
        {
            return fallback;
        }
        if (!t.isLong(key))
        {
            throw ConfigException.at(file, line(t, key), section + "." + key, "must be a whole number");
        }
        final long v = t.getLong(key);
        if (v < min || v > max)
        {
            throw ConfigException.at(file, line(t, key), section + "." + key, v + " is outside " + min + ".." + max);
        }
        return v;
    }

    /** Seconds between two things, 0 turning them off. */
    private int interval(final TomlTable t, final String section, final String key, final int fallback, final int min, final int max)
    {
        final long v = number(t, section, key, fallback, Long.MIN_VALUE, Long.MAX_VALUE);
        if (v != 0 && (v < min || v > max))
        {
            throw ConfigException.at(file, line(t, key), section + "." + key, v + " is outside " + min + ".." + max + " (0 turns it off)");
        }
        return (int)v;
    }

    private InetSocketAddress endpoint(final TomlTable t, final String section, final String key, final String fallback, final boolean listen)
    {
        final String v = listen ? string(t, section, key, fallback) : required(t, section, key);
        try
        {
            return listen ? Endpoints.listen(v) : Endpoints.sipUri(v);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.at(file, t.contains(key) ? line(t, key) : 0, section + "." + key, ex.getMessage());
        }
    }

    private String literal(final TomlTable t, final String section, final String key)
    {
        final String v = string(t, section, key, null);
        try
        {
            return Endpoints.literal(v, v).getHostAddress();
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.at(file, line(t, key), section + "." + key, ex.getMessage());
        }
    }

    /**
     * "FILE:LINE: KEY" for a key of a file that loaded, so a problem found later (the board refuses its uri,
     * a line the board does not have) still points at the line to change. KEY is "section.key" or "line[i].key".
     */
    public static String where(final Path path, final String key)
    {
        int at = 0;
        try
        {
            final TomlParseResult toml = Toml.parse(Files.readString(path));
            final int dot = key.lastIndexOf('.');
            final String section = key.substring(0, dot);
            final String name = key.substring(dot + 1);
            TomlTable t = null;
            if (section.startsWith("line[") && toml.isArray("line"))
            {
                final int i = Integer.parseInt(section.substring(5, section.length() - 1));
                t = i < toml.getArray("line").size() ? toml.getArray("line").getTable(i) : null;
            }
            else if (toml.isTable(section))
            {
                t = toml.getTable(section);
            }
            at = t == null ? 0 : line(t, name);
        }
        catch (final IOException | RuntimeException ex)
        {
            // the position is a courtesy: without it the message still names file and key
        }
        return path + ":" + at + ": " + key;
    }

    private static int line(final TomlTable t, final String key)
    {
        final TomlPosition p = t.inputPositionOf(key);
        return p == null ? 0 : p.line();
    }
}
