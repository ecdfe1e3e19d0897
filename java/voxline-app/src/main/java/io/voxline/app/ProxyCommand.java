package io.voxline.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.voxline.app.config.Endpoints;
import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;
import io.voxline.sip.auth.CredentialStore;
import io.voxline.sip.auth.UsersFileException;

/** Runs a stateful SIP proxy and registrar until stopped. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Run a stateful SIP proxy/registrar (RFC 3261 section 16) until interrupted.")
final class ProxyCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "udp:HOST:PORT", description = "where to listen (repeatable; default udp:127.0.0.1:5060); HOST is an IP literal")
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
        description = "datagrams a second one source IP address may send on average; more are dropped unread (0: no limit; default ${DEFAULT-VALUE})")
    int rateLimit = ProxyConfig.Limits.DEFAULT.perSecond();

    @Option(names = "--rate-burst", paramLabel = "N",
        description = "datagrams one source IP address may send at once above its --rate-limit (default ${DEFAULT-VALUE})")
    int rateBurst = ProxyConfig.Limits.DEFAULT.burst();

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
            final List<String> where = server.listenAddresses().stream().map(a -> "udp:" + Endpoints.format(a)).toList();
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
        final List<InetSocketAddress> addresses = new ArrayList<>();
        for (final String l : listen.isEmpty() ? List.of("udp:127.0.0.1:5060") : listen)
        {
            try
            {
                addresses.add(Endpoints.listen(l));
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
                table.add(new ProxyConfig.Route(pattern, Endpoints.sipUri(uri), uri));
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
        return new ProxyConfig(addresses, domains, table, !noRecordRoute, new ProxyConfig.Limits(rateLimit, rateBurst), auth);
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
