package io.voxline.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import io.voxline.app.config.ConfigException;
import io.voxline.app.config.Endpoints;
import io.voxline.app.config.GatewayConfigLoader;
import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.board.mock.ConsoleServer;
import io.voxline.board.mock.MockConsole;
import io.voxline.gateway.Gateway;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayOptions;
import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;
import io.voxline.sip.transport.TransportKind;

/** Runs the gateway: every FXS line a SIP user agent. Without --config, the router's built-in setup. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {
        "Run the FXS gateway until interrupted.",
        "Without --config: the built-in setup of a router on a laptop: a mock board with lines 101 and 102,",
        "an embedded registrar/proxy on 127.0.0.1:5060 (domain " + GatewayCommand.BUILT_IN_DOMAIN + ") and the phone console on standard input."})
final class GatewayCommand implements Callable<Integer>
{
    static final String BUILT_IN_DOMAIN = "router.lan";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "gateway configuration (TOML)")
    Path config;

    @Option(names = "--console", paramLabel = "tcp:127.0.0.1:PORT|stdin",
        description = "serve the mock phones' console on a loopback TCP port or on standard input (default: stdin without --config, none with it)")
    String console;

    @Override
    public Integer call() throws InterruptedException
    {
        final GatewayConfig cfg;
        try
        {
            cfg = config == null ? builtIn() : GatewayConfigLoader.load(config);
        }
        catch (final ConfigException ex)
        {
            System.err.println("voxline gateway: " + ex.getMessage());
            return 2;
        }
        final String consoleSpec = console != null ? console : config == null ? "stdin" : null;
        final InetSocketAddress consoleTcp = consoleSpec == null || consoleSpec.equals("stdin") ? null : consoleAddress(consoleSpec);

        final Board board;
        try
        {
            board = Boards.open(cfg.boardUri());
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("voxline gateway: " + (config == null ? "" : GatewayConfigLoader.where(config, "board.uri") + ": ") + ex.getMessage());
            return 2;
        }
        for (int i = 0; i < cfg.lines().size(); i++)
        {
            if (cfg.lines().get(i).number() > board.lineCount())
            {
                System.err.println("voxline gateway: " + (config == null ? "" : GatewayConfigLoader.where(config, "line[" + i + "].number") + ": ") +
                    "line " + cfg.lines().get(i).number() + " is not on the board (" + cfg.boardUri() + " has " + board.lineCount() + ")");
                board.close();
                return 2;
            }
        }

        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.countDown();
            awaitQuietly(stopped); // let the journal append what it accepted before the JVM goes
        }, "gateway-shutdown"));
        ProxyServer embedded = null;
        ConsoleServer server = null;
        Gateway gateway = null;
        try
        {
            if (config == null)
            {
                embedded = ProxyServer.start(new ProxyConfig(List.of(new InetSocketAddress("127.0.0.1", 5060)),
                    List.of(BUILT_IN_DOMAIN), List.of(), true), null);
            }
            gateway = Gateway.start(cfg, board, GatewayOptions.DEFAULT);
            System.out.println("voxline gateway: sip " + String.join(", ", gateway.listeners().stream().map(GatewayConfig.Listener::toString).toList()) +
                ", " + cfg.lines().size() + " line(s): " + String.join(", ", cfg.lines().stream()
                .map(l -> l.number() + "=" + l.user() + "@" + l.domain() + (l.transport() == TransportKind.UDP ? "" : " over " + l.transport().uriParam()))
                .toList()) +
                (embedded != null ? "; embedded registrar/proxy on udp:127.0.0.1:5060" : ""));
            if (consoleSpec != null)
            {
                if (board.mockPhones() == null)
                {
                    System.err.println("voxline gateway: the console drives emulated phones; board " + cfg.boardUri() + " has none");
                    return 2;
                }
                server = new ConsoleServer(new MockConsole(board.mockPhones(), board.lineCount(), gateway::describeLine));
                if (consoleTcp != null)
                {
                    try
                    {
                        System.out.println("voxline gateway: console on tcp:" + Endpoints.format(server.serveTcp(consoleTcp)));
                    }
                    catch (final IOException ex)
                    {
                        System.err.println("voxline gateway: --console tcp:" + Endpoints.format(consoleTcp) + ": " + ex.getMessage());
                        return 2;
                    }
                }
                else
                {
                    System.out.println("voxline gateway: console on standard input (try: help)");
                    server.serveStream(System.in, System.out);
                }
            }
            System.out.flush();
            stop.await();
            return 0;
        }
        finally
        {
            for (final AutoCloseable c : new AutoCloseable[] {server, gateway, embedded, board})
            {
                closeQuietly(c);
            }
            stopped.countDown();
        }
    }

    static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(final AutoCloseable c)
    {
        if (c == null)
        {
            return;
        }
        try
        {
            c.close();
        }
        catch (final Exception ex)
        {
            System.err.println("voxline: closing " + c + ": " + ex);
        }
    }

    private InetSocketAddress consoleAddress(final String spec)
    {
        if (!spec.startsWith("tcp:"))
        {
            throw new ParameterException(this.spec.commandLine(), "--console '" + spec + "' is neither tcp:127.0.0.1:PORT nor stdin");
        }
        try
        {
            final InetSocketAddress a = Endpoints.listen("udp:" + spec.substring(4));
            if (!a.getAddress().isLoopbackAddress())
            {
                throw new ParameterException(this.spec.commandLine(), "--console must listen on a loopback address: it drives the phones");
            }
            return a;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(this.spec.commandLine(), "--console " + ex.getMessage().replace("udp:", "tcp:"));
        }
    }

    static GatewayConfig builtIn()
    {
        final InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", 5060);
        return new GatewayConfig(new InetSocketAddress("127.0.0.1", 5062), "mock:lines=2,region=us",
            List.of(new GatewayConfig.Line(1, "101", BUILT_IN_DOMAIN, proxy, null, "Line 1"),
                new GatewayConfig.Line(2, "102", BUILT_IN_DOMAIN, proxy, null, "Line 2")),
            new GatewayConfig.Media("127.0.0.1", 16000, 16999, List.of("PCMU", "PCMA")),
            Path.of("var/journal"), GatewayConfig.Dialing.DEFAULT, 3600);
    }
}
