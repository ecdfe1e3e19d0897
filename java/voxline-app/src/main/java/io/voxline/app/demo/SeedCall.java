package io.voxline.app.demo;

import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.voxline.app.capture.CapturedPacket;
import io.voxline.app.capture.PacketCapture;
import io.voxline.app.config.Endpoints;
import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.board.MockPhones;
import io.voxline.board.ToneReport;
import io.voxline.gateway.Gateway;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayOptions;
import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;

/**
 * The seed call in one process on loopback: router A (line 101, domain a.test) behind proxy 1, router B
 * (line 201, domain b.test) behind proxy 2, proxy 1 routing 2* to proxy 2. Router A journals into the
 * directory given, router B beside it (see {@link #journalOfB}). Each element has an address of
 * its own in 127.0.0.0/8 when the machine allows it, so captures and the ladder read naturally.
 */
public final class SeedCall implements AutoCloseable
{
    /** How long any one step may take before it counts as not having happened. */
    public static final long STEP_TIMEOUT_MS = 8_000;

    private final PrintStream log;
    private final PacketCapture capture = new PacketCapture();
    private final List<String> steps = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final ProxyServer proxy1;
    private final ProxyServer proxy2;
    private final Board boardA;
    private final Board boardB;
    private final Gateway gatewayA;
    private final Gateway gatewayB;
    private final Element a;
    private final Element p1;
    private final Element p2;
    private final Element b;

    /** The story's network on free ports: what tests use, so that runs never collide. */
    public SeedCall(final Path journalDir, final PrintStream log)
    {
        this(journalDir, log, 0);
    }

    /**
     * The story's network, each element on sipPort when it is free there (the demo asks for 5060, which reads
     * best in a capture), else on a free port.
     */
    public SeedCall(final Path journalDir, final PrintStream log, final int sipPort)
    {
        this.log = log;
        final boolean spread = canBind("127.0.0.11") && canBind("127.0.0.14");
        final InetAddress ipA = ip(spread ? "127.0.0.11" : "127.0.0.1");
        final InetAddress ipP1 = ip(spread ? "127.0.0.12" : "127.0.0.1");
        final InetAddress ipP2 = ip(spread ? "127.0.0.13" : "127.0.0.1");
        final InetAddress ipB = ip(spread ? "127.0.0.14" : "127.0.0.1");
        final List<AutoCloseable> started = new ArrayList<>();
        try
        {
            proxy2 = started(started, onPort(sipPort, port -> ProxyServer.start(
                new ProxyConfig(List.of(new InetSocketAddress(ipP2, port)), List.of("b.test"), List.of(), true), capture::onPacket)));
            final InetSocketAddress p2Address = proxy2.listenAddresses().get(0);
            final ProxyConfig.Route to2 = new ProxyConfig.Route("2*", p2Address, "sip:" + Endpoints.format(p2Address));
            proxy1 = started(started, onPort(sipPort, port -> ProxyServer.start(
                new ProxyConfig(List.of(new InetSocketAddress(ipP1, port)), List.of("a.test"), List.of(to2), true), capture::onPacket)));
            final InetSocketAddress p1Address = proxy1.listenAddresses().get(0);

            boardA = started(started, Boards.open("mock:lines=1,region=us"));
            boardB = started(started, Boards.open("mock:lines=1,region=us"));
            // each router keeps its own journal, as two routers would
            final GatewayOptions options = new GatewayOptions(capture::onPacket, capture::onPacket, null);
            gatewayA = started(started, onPort(sipPort, port -> Gateway.start(
                gateway(ipA, port, "101", "a.test", p1Address, 16000, 16499, journalDir), boardA, options)));
            gatewayB = started(started, onPort(sipPort, port -> Gateway.start(
                gateway(ipB, port, "201", "b.test", p2Address, 16500, 16999, journalOfB(journalDir)), boardB, options)));

            a = new Element("A (router 101)", gatewayA.sipAddress(), 16000, 16499);
            p1 = new Element("proxy 1 (a.test)", p1Address, 0, 0);
            p2 = new Element("proxy 2 (b.test)", p2Address, 0, 0);
            b = new Element("B (router 201)", gatewayB.sipAddress(), 16500, 16999);
        }
        catch (final RuntimeException ex)
        {
            // what did start must not outlive a failed construction
            for (int i = started.size() - 1; i >= 0; i--)
            {
                closeQuietly(started.get(i));
            }
            capture.close();
            throw ex;
        }
    }

    private static <T extends AutoCloseable> T started(final List<AutoCloseable> started, final T element)
    {
        started.add(element);
        return element;
    }

    /** Starts on the wanted port, or on a free one when that is taken. */
    private static <T> T onPort(final int wanted, final java.util.function.IntFunction<T> start)
    {
        if (wanted == 0)
        {
            return start.apply(0);
        }
        try
        {
            return start.apply(wanted);
        }
        catch (final RuntimeException taken)
        {
            return start.apply(0);
        }
    }

    private static GatewayConfig gateway(final InetAddress ip, final int port, final String user, final String domain,
        final InetSocketAddress proxy, final int rtpLow, final int rtpHigh, final Path journalDir)
    {
        return new GatewayConfig(new InetSocketAddress(ip, port), "mock:lines=1,region=us",
            List.of(new GatewayConfig.Line(1, user, domain, proxy, null, "Phone " + user)),
            new GatewayConfig.Media(ip.getHostAddress(), rtpLow, rtpHigh, List.of("PCMU", "PCMA")),
            journalDir, GatewayConfig.Dialing.DEFAULT, 3600);
    }

    /** Router B's journal: beside router A's, whose directory the caller named. */
    public static Path journalOfB(final Path journalOfA)
    {
        return journalOfA.resolveSibling(journalOfA.getFileName() + "-router-b");
    }

    public List<Element> elements()
    {
        return List.of(a, p1, p2, b);
    }

    public Gateway gatewayA()
    {
        return gatewayA;
    }

    public Gateway gatewayB()
    {
        return gatewayB;
    }

    public MockPhones phoneA()
    {
        return boardA.mockPhones();
    }

    public MockPhones phoneB()
    {
        return boardB.mockPhones();
    }

    public List<CapturedPacket> packets()
    {
        return capture.packets();
    }

    public List<String> steps()
    {
        return steps;
    }

    public List<String> failures()
    {
        return failures;
    }

    /** Plays the story with the emulated phones; true if every step was observed. */
    public boolean playStory()
    {
        final MockPhones pa = phoneA();
        final MockPhones pb = phoneB();
        return step("both routers registered their lines", () -> { },
                () -> gatewayA.isRegistered(1) && gatewayB.isRegistered(1))
            && step("phone A off-hook hears dial tone (350+440 Hz)", () -> pa.hook(0, true), () -> hears(pa, 350, 440))
            && step("phone A dials 201: router A sends the INVITE", () -> pa.dial(0, "201", 100, 100), () ->
            {
                final String s = callState(gatewayA);
                return s.startsWith("call=calling") || s.startsWith("call=ringback");
            })
            && step("phone B rings", () -> { }, () -> pb.state(0).ringing())
            && step("phone A hears ringback (440+480 Hz)", () -> { }, () -> hears(pa, 440, 480))
            && step("phone B off-hook: both routers connected", () -> pb.hook(0, true),
                () -> callState(gatewayA).startsWith("call=connected") && callState(gatewayB).startsWith("call=connected"))
            && step("1000 Hz spoken at A is heard at B", () -> pa.speakTone(0, 1000), () -> hears(pb, 1000, 0))
            && step("1500 Hz spoken at B is heard at A", () ->
            {
                pa.speakTone(0, 0);
                pb.speakTone(0, 1500);
            }, () -> hears(pa, 1500, 0))
            && step("phone A hangs up: the call ends on both routers", () ->
            {
                pb.speakTone(0, 0);
                pa.hook(0, false);
            }, () -> callState(gatewayA).startsWith("call=idle") && !callState(gatewayB).startsWith("call=connected"))
            && step("phone B hangs up after the far end left", () -> pb.hook(0, false), () -> callState(gatewayB).startsWith("call=idle"));
    }

    /** Does action, then waits up to STEP_TIMEOUT_MS for done; logs and records the step either way. */
    public boolean step(final String what, final Runnable action, final BooleanSupplier done)
    {
        final long start = System.currentTimeMillis();
        action.run();
        while (true)
        {
            boolean ok;
            try
            {
                ok = done.getAsBoolean();
            }
            catch (final RuntimeException ex)
            {
                ok = false;
            }
            if (ok)
            {
                final String line = String.format("ok   %-52s (%d ms)", what, System.currentTimeMillis() - start);
                steps.add(line);
                log.println(line);
                return true;
            }
            if (System.currentTimeMillis() - start > STEP_TIMEOUT_MS)
            {
                final String line = "FAIL " + what + " (not within " + STEP_TIMEOUT_MS / 1000 + " s; A: " + safeState(gatewayA) + ", B: " + safeState(gatewayB) + ")";
                steps.add(line);
                failures.add(line);
                log.println(line);
                return false;
            }
            sleep(50);
        }
    }

    /** True when the phone's earpiece carried f1 (and f2, unless 0) within ±10 Hz in the last second. */
    public static boolean hears(final MockPhones phone, final int f1, final int f2)
    {
        final ToneReport r = phone.hear(0, 1000);
        return r.contains(f1, 10) && (f2 == 0 || r.contains(f2, 10));
    }

    /** The gateway's "call=STATE peer=URI" for line 1. */
    public static String callState(final Gateway g)
    {
        final String s = g.describeLine(1);
        return s == null ? "" : s;
    }

    private static String safeState(final Gateway g)
    {
        try
        {
            return callState(g);
        }
        catch (final RuntimeException ex)
        {
            return "?";
        }
    }

    /** Checks what crossed the sockets against the story; adds what failed to failures(). */
    public StoryCheck checkWire()
    {
        final StoryCheck check = new StoryCheck(packets(), a, p1, p2, b).verify();
        failures.addAll(check.failures());
        return check;
    }

    private static boolean canBind(final String ip)
    {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip, 0)))
        {
            return true;
        }
        catch (final SocketException ex)
        {
            return false;
        }
    }

    private static InetAddress ip(final String literal)
    {
        return Endpoints.literal(literal, literal);
    }

    private static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        for (final AutoCloseable c : new AutoCloseable[] {gatewayA, gatewayB, proxy1, proxy2, boardA, boardB, capture})
        {
            closeQuietly(c);
        }
    }

    private void closeQuietly(final AutoCloseable c)
    {
        try
        {
            if (c != null)
            {
                c.close();
            }
        }
        catch (final Exception ex)
        {
            log.println("closing " + c + ": " + ex);
        }
    }
}
