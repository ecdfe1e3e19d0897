package io.voxline.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * Reads a gateway's TOML file. Every mistake (syntax, unknown key, wrong type, bad value, missing key)
 * is reported as FILE:LINE: KEY: why, and nothing is started from a file with a mistake in it.
 *
 * <p>Transports: [sip] listen is one listener ("udp:IP:PORT", "tcp:…", "tls:…") or a list of them; a line's
 * proxy URI says how the line reaches it ("sip:IP:PORT" UDP, ";transport=tcp", "sips:" TLS), which needs a
 * listener of that kind. A tls: listener needs the [tls] table, whose stores are read here so that a bad file or
 * password is named before anything starts (passwords as env:VAR, file:PATH or pass:TEXT, as for the proxy).
 */
public final class GatewayConfigLoader
{
    static final Map<String, Set<String>> KEYS = Map.of(
        "sip", Set.of("listen", "register_expires", "keepalive_seconds", "registrar_ping_seconds"),
        "tls", Set.of("keystore", "keystore_password", "truststore", "truststore_password"),
        "board", Set.of("uri"),
        "line", Set.of("number", "user", "domain", "proxy", "password", "display_name", "accept_calls_from"),
        "media", Set.of("rtp_ports", "codecs", "ip"),
        "journal", Set.of("dir"),
        "dialing", Set.of("interdigit_timeout_ms", "digit_map"));
    private static final Set<String> CODECS = Set.of("PCMU", "PCMA");

    private static final String DEFAULT_LISTEN = "udp:127.0.0.1:5062";

    private final String file;
    private final TomlTable root;
    private final Map<String, String> environment;

    private GatewayConfigLoader(final String file, final TomlTable root, final Map<String, String> environment)
    {
        this.file = file;
        this.root = root;
        this.environment = environment;
    }

    public static GatewayConfig load(final Path path)
    {
        return load(path, System.getenv());
    }

    /** As {@link #load(Path)}, env:VAR passwords read from environment. */
    public static GatewayConfig load(final Path path, final Map<String, String> environment)
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
        return parse(file, text, environment);
    }

    public static GatewayConfig parse(final String file, final String text)
    {
        return parse(file, text, System.getenv());
    }

    /** file names the text in messages; env:VAR passwords are read from environment. */
    public static GatewayConfig parse(final String file, final String text, final Map<String, String> environment)
    {
        final TomlParseResult result = Toml.parse(text);
        if (result.hasErrors())
        {
            final TomlParseError e = result.errors().get(0);
            throw new ConfigException(file + ":" + e.position().line() + ": syntax: " + e.getMessage());
        }
        return new GatewayConfigLoader(file, result, environment).build();
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

        final List<GatewayConfig.Listener> listeners = listeners(sip);
        final Set<TransportKind> kinds = EnumSet.noneOf(TransportKind.class);
        listeners.forEach(l -> kinds.add(l.kind()));
        final TlsConfig tls = tls(sip, kinds.contains(TransportKind.TLS));
        final int expires = (int)number(sip, "sip", "register_expires", 3600, 30, 86_400);
        final GatewayConfig.Keepalive keepalive = new GatewayConfig.Keepalive(
            interval(sip, "sip", "keepalive_seconds", GatewayConfig.Keepalive.DEFAULT.keepaliveSeconds(), 5, 600),
            interval(sip, "sip", "registrar_ping_seconds", GatewayConfig.Keepalive.DEFAULT.registrarPingSeconds(), 10, 3600));
        final String boardUri = string(board, "board", "uri", "mock:lines=2,region=us");

        final List<GatewayConfig.Line> lines = lines(kinds);

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
            literal(media, "media", "ip") : primary(listeners).address().getAddress().getHostAddress();

        final Path journalDir = Path.of(string(journal, "journal", "dir", "var/journal"));
        final int interDigit = (int)number(dialing, "dialing", "interdigit_timeout_ms", GatewayConfig.Dialing.DEFAULT.interDigitTimeoutMs(), 500, 60_000);
        final String digitMap = string(dialing, "dialing", "digit_map", GatewayConfig.Dialing.DEFAULT.digitMap());
        final String badMap = DigitMap.check(digitMap);
        if (badMap != null)
        {
            throw ConfigException.at(file, line(dialing, "digit_map"), "dialing.digit_map", badMap);
        }

        return new GatewayConfig(null, boardUri, lines, new GatewayConfig.Media(mediaIp, low, high, codecs), journalDir,
            new GatewayConfig.Dialing(interDigit, digitMap), expires, keepalive, listeners, tls);
    }

    /** [sip] listen: one "TRANSPORT:IP:PORT" string or an array of them; each listed once, a port given. */
    private List<GatewayConfig.Listener> listeners(final TomlTable sip)
    {
        final List<GatewayConfig.Listener> listeners = new ArrayList<>();
        if (!sip.contains("listen") || sip.isString("listen"))
        {
            listeners.add(listener(string(sip, "sip", "listen", DEFAULT_LISTEN), sip.contains("listen") ? line(sip, "listen") : 0));
            return listeners;
        }
        if (!sip.isArray("listen"))
        {
            throw ConfigException.at(file, line(sip, "listen"), "sip.listen",
                "must be a string or an array of strings, e.g. [\"udp:127.0.0.1:5062\", \"tcp:127.0.0.1:5062\"]");
        }
        final TomlArray arr = sip.getArray("listen");
        if (arr.isEmpty())
        {
            throw ConfigException.at(file, line(sip, "listen"), "sip.listen", "must name at least one listener");
        }
        for (int i = 0; i < arr.size(); i++)
        {
            final int at = arr.inputPositionOf(i).line();
            if (!(arr.get(i) instanceof String spec))
            {
                throw ConfigException.at(file, at, "sip.listen", "'" + arr.get(i) + "' is not a string such as \"tcp:127.0.0.1:5062\"");
            }
            final GatewayConfig.Listener l = listener(spec, at);
            for (final GatewayConfig.Listener other : listeners)
            {
                if (other.equals(l))
                {
                    throw ConfigException.at(file, at, "sip.listen", l + " is listed twice");
                }
                // TCP and TLS both take a TCP port: one address cannot serve both
                if (l.kind() != TransportKind.UDP && other.kind() != TransportKind.UDP && l.address().getPort() != 0 &&
                    l.address().equals(other.address()))
                {
                    throw ConfigException.at(file, at, "sip.listen", l + " and " + other + " would share one TCP port");
                }
            }
            listeners.add(l);
        }
        return listeners;
    }

    private GatewayConfig.Listener listener(final String spec, final int at)
    {
        try
        {
            final Endpoints.Listen l = Endpoints.listener(spec, true);
            return new GatewayConfig.Listener(l.kind(), l.address());
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.at(file, at, "sip.listen", ex.getMessage());
        }
    }

    /** The gateway's own address, as GatewayConfig picks it: the first UDP listener, else the first. */
    private static GatewayConfig.Listener primary(final List<GatewayConfig.Listener> listeners)
    {
        return listeners.stream().filter(l -> l.kind() == TransportKind.UDP).findFirst().orElse(listeners.get(0));
    }

    /**
     * [tls]: needed by a tls: listener and only then. The stores are loaded now (keystore first, then the truststore)
     * so that an error names the key and file; a password is never part of a message.
     */
    private TlsConfig tls(final TomlTable sip, final boolean listening)
    {
        if (!root.contains("tls"))
        {
            if (listening)
            {
                throw ConfigException.at(file, line(sip, "listen"), "sip.listen",
                    "a tls: listener needs a [tls] table with keystore and keystore_password");
            }
            return null;
        }
        final TomlTable t = table("tls");
        if (!listening)
        {
            throw ConfigException.at(file, line(root, "tls"), "tls", "[tls] serves a tls: listener, and sip.listen has none");
        }
        final Path keystore = Path.of(required(t, "tls", "keystore"));
        TlsConfig config = TlsConfig.keystore(keystore, password(t, "keystore_password"), TlsStores.type(keystore));
        check(config, t, "keystore");
        if (t.contains("truststore"))
        {
            final Path truststore = Path.of(required(t, "tls", "truststore"));
            config = config.truststore(truststore, password(t, "truststore_password"), TlsStores.type(truststore));
            check(config, t, "truststore");
        }
        else if (t.contains("truststore_password"))
        {
            throw ConfigException.at(file, line(t, "truststore_password"), "tls.truststore_password", "is only used with tls.truststore");
        }
        return config;
    }

    private String password(final TomlTable t, final String key)
    {
        try
        {
            return TlsStores.password(string(t, "tls", key, null), environment);
        }
        catch (final IllegalArgumentException ex)
        {
            final int at = t.contains(key) ? line(t, key) : line(root, "tls");
            throw ConfigException.at(file, at, "tls." + key, ex.getMessage());
        }
    }

    private void check(final TlsConfig config, final TomlTable t, final String key)
    {
        try
        {
            config.context();
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.at(file, line(t, key), "tls." + key, ex.getMessage());
        }
    }

    private List<GatewayConfig.Line> lines(final Set<TransportKind> listening)
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
            final Endpoints.Hop proxy = proxy(t, where, listening);
            final String password = t.contains("password") ? string(t, where, "password", null) : null;
            final String display = t.contains("display_name") ? string(t, where, "display_name", null) : null;
            lines.add(new GatewayConfig.Line(number, user, domain, proxy.address(), password, display, proxy.kind(),
                callSources(t, where)));
        }
        return lines;
    }

    /** accept_calls_from: "proxy" (the default: new calls only from the line's proxy) or "any". */
    private GatewayConfig.CallSources callSources(final TomlTable t, final String section)
    {
        final String v = string(t, section, "accept_calls_from", "proxy");
        final GatewayConfig.CallSources sources = GatewayConfig.CallSources.fromConfig(v);
        if (sources == null)
        {
            throw ConfigException.at(file, line(t, "accept_calls_from"), section + ".accept_calls_from",
                "'" + v + "' is neither \"proxy\" nor \"any\"");
        }
        return sources;
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

    /**
     * A line's registrar and outbound proxy, and the transport to it: "sip:IP:PORT" UDP, ";transport=tcp" (or tls),
     * "sips:" TLS (port 5061 by default); the gateway must listen on that transport.
     */
    private Endpoints.Hop proxy(final TomlTable t, final String section, final Set<TransportKind> listening)
    {
        final String v = required(t, section, "proxy");
        final Endpoints.Hop hop;
        try
        {
            hop = Endpoints.nextHop(v);
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.at(file, line(t, "proxy"), section + ".proxy", ex.getMessage());
        }
        if (!listening.contains(hop.kind()))
        {
            final String name = hop.kind().uriParam();
            throw ConfigException.at(file, line(t, "proxy"), section + ".proxy", "'" + v + "' goes over " + name.toUpperCase(Locale.ROOT) +
                ", and sip.listen has no " + name + ": listener");
        }
        return hop;
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
