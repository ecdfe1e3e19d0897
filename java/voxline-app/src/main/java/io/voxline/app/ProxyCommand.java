package io.voxline.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.voxline.app.config.Endpoints;
import io.voxline.app.config.TlsStores;
import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;
import io.voxline.sip.auth.CredentialStore;
import io.voxline.sip.auth.UsersFileException;
import io.voxline.sip.transport.StreamConfig;
import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/** Runs a stateful SIP proxy and registrar until stopped. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Run a stateful SIP proxy/registrar (RFC 3261 section 16) until interrupted.")
final class ProxyCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "udp|tcp|tls:HOST:PORT",
        description = "where to listen, and on which transport (repeatable; default udp:127.0.0.1:5060); HOST is an IP literal; the port defaults to 5060, 5061 for tls")
    List<String> listen = new ArrayList<>();

    @Option(names = "--domain", paramLabel = "D", description = "a domain this proxy is responsible for: it registers users of it (repeatable)")
    List<String> domains = new ArrayList<>();

    @Option(names = "--route", paramLabel = "PATTERN=URI",
        description = "where to send requests for users not registered here; PATTERN is a domain, a user prefix such as 2*, or *; first match wins (repeatable)")
    List<String> routes = new ArrayList<>();

    @Option(names = "--no-record-route", description = "do not stay in the path of dialogs (no Record-Route)")
    boolean noRecordRoute;

    @Option(names = "--users", paramLabel = "FILE",
        description = "serve only these users (digest auth, realm = the first --domain): one a line, USER:PASSWORD, USER:md5:HA1 or USER:sha256:HA1; without it the proxy is open")
    Path users;

    @Option(names = "--rate-limit", paramLabel = "N",
        description = "messages (UDP datagrams, TCP/TLS messages) a second one source IP address may send on average; more are dropped unread (0: no limit; default ${DEFAULT-VALUE})")
    int rateLimit = ProxyConfig.Limits.DEFAULT.perSecond();

    @Option(names = "--rate-burst", paramLabel = "N",
        description = "messages one source IP address may send at once above its --rate-limit (default ${DEFAULT-VALUE})")
    int rateBurst = ProxyConfig.Limits.DEFAULT.burst();

    @Option(names = "--tls-keystore", paramLabel = "FILE",
        description = "the proxy's TLS certificate and key (PKCS12, or JKS when the name ends in .jks); needed by a tls: --listen")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password", paramLabel = "env:VAR|file:PATH|pass:TEXT",
        description = "the keystore's password: from an environment variable, the first line of a file, or (visible to other users in ps) the command line")
    String tlsKeystorePassword;

    @Option(names = "--tls-truststore", paramLabel = "FILE",
        description = "the certificates trusted when the proxy connects out over TLS (PKCS12 or JKS); default: the JDK's CAs")
    Path tlsTruststore;

    @Option(names = "--tls-truststore-password", paramLabel = "env:VAR|file:PATH|pass:TEXT", description = "the truststore's password, as for the keystore")
    String tlsTruststorePassword;

    @Option(names = "--tcp-max-connections", paramLabel = "N",
        description = "open TCP (and TLS) connections per listener, both ways; past it one that never completed a message is closed, else the longest idle of the source holding the most (default ${DEFAULT-VALUE})")
    int tcpMaxConnections = StreamConfig.DEFAULTS.maxConnections();

    @Option(names = "--tcp-max-per-source", paramLabel = "N",
        description = "TCP (and TLS) connections one address (one IPv6 /64) may hold per listener; more are closed at accept: raise it for many phones behind one NAT (default ${DEFAULT-VALUE})")
    int tcpMaxPerSource = StreamConfig.DEFAULTS.maxConnectionsPerSource();

    @Option(names = "--tcp-idle-timeout", paramLabel = "SECONDS",
        description = "a TCP or TLS connection with no traffic either way for this long is closed (default ${DEFAULT-VALUE})")
    long tcpIdleTimeoutSeconds = StreamConfig.DEFAULTS.idleTimeoutMs() / 1000;

    /** Where secrets come from: tests give their own environment. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException
    {
        final ProxyConfig config = config();
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.countDown();
            GatewayCommand.awaitQuietly(stopped);
        }, "proxy-shutdown"));
        try (ProxyServer server = ProxyServer.start(config, null))
        {
            final List<String> where = server.listeners().stream().map(ProxyConfig.Listener::toString).toList();
            System.out.println("voxline proxy: listening on " + String.join(", ", where) +
                (domains.isEmpty() ? "" : "; domains " + String.join(", ", domains)) +
                (routes.isEmpty() ? "" : "; routes " + String.join(", ", routes)) +
                (rateLimit == 0 ? "; no rate limit" : "; rate limit " + rateLimit + "/s, burst " + rateBurst + " per source"));
            System.out.println(authLine(config, server.realm()));
            System.out.flush();
            stop.await();
        }
        finally
        {
            stopped.countDown();
        }
        return 0;
    }

    ProxyConfig config()
    {
        final List<ProxyConfig.Listener> listeners = new ArrayList<>();
        boolean tls = false;
        for (final String l : listen.isEmpty() ? List.of("udp:127.0.0.1:5060") : listen)
        {
            try
            {
                final Endpoints.Listen parsed = Endpoints.listener(l);
                listeners.add(new ProxyConfig.Listener(parsed.kind(), parsed.address()));
                tls |= parsed.kind() == TransportKind.TLS;
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ParameterException(spec.commandLine(), "--listen " + ex.getMessage());
            }
        }
        final List<ProxyConfig.Route> table = new ArrayList<>();
        for (final String r : routes)
        {
            final int eq = r.indexOf('=');
            if (eq <= 0 || eq == r.length() - 1)
            {
                throw new ParameterException(spec.commandLine(), "--route '" + r + "' is not PATTERN=URI, e.g. 2*=sip:127.0.0.1:5080");
            }
            final String pattern = r.substring(0, eq).trim();
            final String uri = r.substring(eq + 1).trim();
            if (pattern.indexOf('*') >= 0 && !pattern.equals("*") && pattern.indexOf('*') != pattern.length() - 1)
            {
                throw new ParameterException(spec.commandLine(), "--route '" + r + "': a pattern is a domain, a user prefix ending in * (2*), or *");
            }
            try
            {
                table.add(new ProxyConfig.Route(pattern, Endpoints.nextHop(uri).address(), uri));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ParameterException(spec.commandLine(), "--route " + ex.getMessage());
            }
        }
        if (rateLimit < 0 || rateBurst < 1)
        {
            throw new ParameterException(spec.commandLine(), "--rate-limit must be 0 (off) or more and --rate-burst 1 or more");
        }
        ProxyConfig.Auth auth = null;
        if (users != null)
        {
            try
            {
                auth = new ProxyConfig.Auth(CredentialStore.load(users), null);
            }
            catch (final UsersFileException ex)
            {
                throw new ParameterException(spec.commandLine(), "--users " + ex.getMessage());
            }
        }
        if (tcpMaxConnections < 1 || tcpIdleTimeoutSeconds < 1 || tcpMaxPerSource < 1)
        {
            throw new ParameterException(spec.commandLine(),
                "--tcp-max-connections, --tcp-max-per-source and --tcp-idle-timeout must be 1 or more");
        }
        final StreamConfig stream = StreamConfig.DEFAULTS.withMaxConnections(tcpMaxConnections)
            .withMaxConnectionsPerSource(tcpMaxPerSource).withIdleTimeoutMs(tcpIdleTimeoutSeconds * 1000);
        return new ProxyConfig(listeners, domains, table, !noRecordRoute, new ProxyConfig.Limits(rateLimit, rateBurst), auth,
            tls(tls), stream);
    }

    /**
     * The TLS identity and trust: a tls: listener needs the keystore; the stores are read now, so a bad file or
     * password stops the command here, named. Null when no listener is TLS (the options are then refused).
     */
    private TlsConfig tls(final boolean listening)
    {
        if (!listening)
        {
            if (tlsKeystore != null || tlsTruststore != null)
            {
                throw new ParameterException(spec.commandLine(), "--tls-keystore and --tls-truststore need a tls: --listen");
            }
            return null;
        }
        if (tlsKeystore == null)
        {
            throw new ParameterException(spec.commandLine(), "a tls: --listen needs --tls-keystore FILE and --tls-keystore-password");
        }
        TlsConfig config = TlsConfig.keystore(tlsKeystore, secret("--tls-keystore-password", tlsKeystorePassword), TlsStores.type(tlsKeystore));
        if (tlsTruststore != null)
        {
            config = config.truststore(tlsTruststore, secret("--tls-truststore-password", tlsTruststorePassword), TlsStores.type(tlsTruststore));
        }
        try
        {
            config.context();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
        return config;
    }

    /** A password from env:VAR, file:PATH or pass:TEXT ({@link TlsStores#password}); never echoed in an error. */
    String secret(final String option, final String source)
    {
        try
        {
            return TlsStores.password(source, environment);
        }
        catch (final IllegalArgumentException ex)
        {
            final String why = ex.getMessage();
            throw new ParameterException(spec.commandLine(), option + (why.startsWith("is ") || why.startsWith("must ") ? " " : ": ") + why);
        }
    }

    /** What the proxy says at start about whom it serves: once, and plainly when it serves anyone. */
    static String authLine(final ProxyConfig config, final String realm)
    {
        if (config.auth() == null)
        {
            return "voxline proxy: OPEN: no --users, so anyone may register any user and send calls through this proxy";
        }
        return "voxline proxy: digest auth for " + config.auth().users().size() + " user(s), realm \"" + realm + "\"" +
            (config.domains().isEmpty() ? " (no --domain: the realm is the proxy's own address)" : "");
    }
}
