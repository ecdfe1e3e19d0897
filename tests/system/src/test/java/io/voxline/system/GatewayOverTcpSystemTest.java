package io.voxline.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.app.capture.CapturedPacket;
import io.voxline.app.capture.PacketCapture;
import io.voxline.app.config.GatewayConfigLoader;
import io.voxline.app.demo.SeedCall;
import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.board.MockPhones;
import io.voxline.gateway.Gateway;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayOptions;
import io.voxline.proxy.ProxyConfig;
import io.voxline.proxy.ProxyServer;
import io.voxline.sip.transport.StreamConfig;
import io.voxline.sip.transport.TestCertificates;
import io.voxline.sip.transport.TlsConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * Gateways whose lines reach their proxy over TCP and TLS, configured as a user would (TOML through
 * {@link GatewayConfigLoader}), against an in-process voxline proxy listening on UDP, TCP and TLS (a self-signed
 * certificate made at run time by keytool): a whole call between a TCP line and a TLS line, checked from what the
 * transports sent (every SIP message of the call on the stream transports, none on UDP; voice heard both ways), and
 * a line whose connection the proxy closes registering again over a new connection and still taking calls.
 */
class GatewayOverTcpSystemTest
{
    private static final String PASSWORD = "system-test-only";
    private static final String DOMAIN = "voxline.test";
    private static final long STEP_TIMEOUT_MS = 10_000;

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Path truststore;
    private static Path passwordFile;

    private final PacketCapture capture = new PacketCapture();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private int journals;

    /** One certificate for 127.0.0.1 (proxy and gateways present it) and a truststore holding it, made by keytool. */
    @BeforeAll
    static void stores() throws Exception
    {
        final TestCertificates.Stores stores = TestCertificates.forLoopback(dir, "element", "CN=voxline-system-test", PASSWORD, "PKCS12");
        keystore = stores.keystore();
        truststore = stores.truststore();
        passwordFile = dir.resolve("tls-password");
        Files.writeString(passwordFile, PASSWORD + "\n");
    }

    @AfterEach
    void stop()
    {
        steps.forEach(System.out::println);
        for (int i = started.size() - 1; i >= 0; i--)
        {
            try
            {
                started.get(i).close();
            }
            catch (final Exception ex)
            {
                System.out.println("closing " + started.get(i) + ": " + ex);
            }
        }
        capture.close();
    }

    // ------------------------------------------------------------------------------------------ the tests

    @Test
    void aTcpLineCallsATlsLineThroughTheProxyAndTheyTalk()
    {
        final ProxyServer proxy = proxy(true, StreamConfig.DEFAULTS);
        final InetSocketAddress proxyTcp = proxy.address(TransportKind.TCP);
        final InetSocketAddress proxyTls = proxy.address(TransportKind.TLS);
        final Rig a = gateway("""
            [sip]
            listen = ["udp:127.0.0.1:0", "tcp:127.0.0.1:0"]
            [[line]]
            user = "101"
            domain = "%s"
            proxy = "sip:127.0.0.1:%d;transport=tcp"
            """.formatted(DOMAIN, proxyTcp.getPort()), 17000);
        final Rig b = gateway("""
            [sip]
            listen = ["udp:127.0.0.1:0", "tls:127.0.0.1:0"]
            [tls]
            keystore = '%s'
            keystore_password = "file:%s"
            truststore = '%s'
            truststore_password = "env:VX_SYSTEM_TLS"
            [[line]]
            user = "201"
            domain = "%s"
            proxy = "sips:127.0.0.1:%d"
            """.formatted(keystore, passwordFile, truststore, DOMAIN, proxyTls.getPort()), 17200);
        assertEquals(TransportKind.TCP, a.config.lines().get(0).transport());
        assertEquals(TransportKind.TLS, b.config.lines().get(0).transport());

        assertTrue(call(a, b), "every step the phones can observe: " + steps);

        final List<CapturedPacket> packets = capture.packets();
        final InetSocketAddress aTcp = a.gateway.address(TransportKind.TCP);
        final InetSocketAddress bTls = b.gateway.address(TransportKind.TLS);
        // what gateway A sent: on its TCP transport, every Via naming TCP
        final List<CapturedPacket> fromA = sip(packets, p -> p.source().equals(aTcp));
        assertEquals(Set.of("REGISTER", "INVITE", "ACK", "BYE"), requests(fromA), describe(fromA));
        for (final CapturedPacket p : fromA)
        {
            assertTrue(topVia(p).startsWith("SIP/2.0/TCP "), "gateway A's Via names TCP: " + firstLine(p) + " " + topVia(p));
            assertEquals(proxyTcp, p.destination(), "to the proxy's TCP listener: " + firstLine(p));
        }
        // what gateway B sent: on its TLS transport (the tap sees it before encryption)
        final List<CapturedPacket> fromB = sip(packets, p -> p.source().equals(bTls));
        assertEquals(Set.of("REGISTER"), requests(fromB), describe(fromB));
        assertTrue(responses(fromB).containsAll(Set.of("180 INVITE", "200 INVITE", "200 BYE")), describe(fromB));
        for (final CapturedPacket p : fromB)
        {
            assertTrue(topVia(p).startsWith("SIP/2.0/TLS "), "B's requests name TLS, its responses carry the proxy's TLS Via: " +
                firstLine(p) + " " + topVia(p));
        }
        // the proxy: the INVITE went to B over TLS, B's answers came back to A over TCP
        final List<CapturedPacket> proxyToB = sip(packets, p -> p.source().equals(proxyTls));
        assertTrue(requests(proxyToB).containsAll(Set.of("INVITE", "ACK", "BYE")), describe(proxyToB));
        proxyToB.forEach(p -> assertTrue(topVia(p).startsWith("SIP/2.0/TLS "), firstLine(p) + " " + topVia(p)));
        final List<CapturedPacket> proxyToA = sip(packets, p -> p.source().equals(proxyTcp));
        assertTrue(responses(proxyToA).containsAll(Set.of("200 REGISTER", "180 INVITE", "200 INVITE", "200 BYE")), describe(proxyToA));
        // nothing of the call on UDP, anywhere
        final Set<InetSocketAddress> udp = Set.of(a.gateway.address(TransportKind.UDP), b.gateway.address(TransportKind.UDP),
            proxy.address(TransportKind.UDP));
        final List<CapturedPacket> onUdp = sip(packets, p -> udp.contains(p.source()) || udp.contains(p.destination()));
        assertTrue(onUdp.isEmpty(), "no SIP over UDP: " + describe(onUdp));
        // the voice flowed straight between the gateways, both ways
        assertTrue(rtp(packets, 17000, 17200) > 25 && rtp(packets, 17200, 17000) > 25,
            "RTP both ways: A->B " + rtp(packets, 17000, 17200) + ", B->A " + rtp(packets, 17200, 17000));
    }

    @Test
    void aLineWhoseConnectionTheProxyClosesRegistersAgainOverANewOneAndStillTakesCalls() throws Exception
    {
        // one TCP connection at a time: a stranger's connection makes the proxy close the line's (the oldest idle one)
        final ProxyServer proxy = proxy(false, StreamConfig.DEFAULTS.withMaxConnections(1));
        final InetSocketAddress proxyTcp = proxy.address(TransportKind.TCP);
        final Rig b = gateway("""
            [sip]
            listen = ["udp:127.0.0.1:0", "tcp:127.0.0.1:0"]
            [[line]]
            user = "201"
            domain = "%s"
            proxy = "sip:127.0.0.1:%d;transport=tcp"
            """.formatted(DOMAIN, proxyTcp.getPort()), 17400);
        final Rig a = gateway("""
            [sip]
            listen = "udp:127.0.0.1:0"
            [[line]]
            user = "101"
            domain = "%s"
            proxy = "sip:127.0.0.1:%d"
            """.formatted(DOMAIN, proxy.address(TransportKind.UDP).getPort()), 17600);

        // registered, and the Contact moved to the port the proxy sees the connection at (a second REGISTER)
        assertTrue(step("both lines registered, B over TCP twice on its first connection", () -> { },
            () -> a.gateway.isRegistered(1) && b.gateway.isRegistered(1) && registerOkCount(proxyTcp) >= 2), String.valueOf(steps));
        final Set<Integer> first = registerOks(proxyTcp);
        assertEquals(1, first.size(), "one connection so far: " + first);

        try (Socket stranger = new Socket())
        {
            stranger.connect(proxyTcp, 5000);
            assertTrue(step("the proxy closes B's connection; B registers again over a new one", () -> { },
                () -> registerOks(proxyTcp).size() > 1 && b.gateway.isRegistered(1)), String.valueOf(steps));
        }
        final Set<Integer> ports = registerOks(proxyTcp);
        ports.removeAll(first);
        assertEquals(1, ports.size(), "one new connection: " + registerOks(proxyTcp));
        final int second = ports.iterator().next();

        assertTrue(call(a, b), "a call to the line after its new registration: " + steps);
        final List<CapturedPacket> invites = sip(capture.packets(), p -> p.source().equals(proxyTcp) && firstLine(p).startsWith("INVITE "));
        assertEquals(1, invites.size(), describe(invites));
        assertEquals(second, invites.get(0).destination().getPort(), "the INVITE went down the new connection");
    }

    // ------------------------------------------------------------------------------------------ the call

    /** A calls B's line: dial, ring, answer, voice both ways, hang up; true when every step was seen. */
    private boolean call(final Rig a, final Rig b)
    {
        final MockPhones pa = a.board.mockPhones();
        final MockPhones pb = b.board.mockPhones();
        final String number = b.config.lines().get(0).user();
        return step("both lines registered", () -> { }, () -> a.gateway.isRegistered(1) && b.gateway.isRegistered(1))
            && step("phone A off-hook hears dial tone", () -> pa.hook(0, true), () -> SeedCall.hears(pa, 350, 440))
            && step("phone A dials " + number + ", phone B rings", () -> pa.dial(0, number, 100, 100), () -> pb.state(0).ringing())
            && step("phone A hears ringback", () -> { }, () -> SeedCall.hears(pa, 440, 480))
            && step("phone B off-hook: both connected", () -> pb.hook(0, true),
                () -> SeedCall.callState(a.gateway).startsWith("call=connected") && SeedCall.callState(b.gateway).startsWith("call=connected"))
            && step("1000 Hz spoken at A is heard at B", () -> pa.speakTone(0, 1000), () -> SeedCall.hears(pb, 1000, 0))
            && step("1500 Hz spoken at B is heard at A", () ->
            {
                pa.speakTone(0, 0);
                pb.speakTone(0, 1500);
            }, () -> SeedCall.hears(pa, 1500, 0))
            && step("phone A hangs up: the call ends on both", () ->
            {
                pb.speakTone(0, 0);
                pa.hook(0, false);
            }, () -> SeedCall.callState(a.gateway).startsWith("call=idle") && !SeedCall.callState(b.gateway).startsWith("call=connected"))
            && step("phone B hangs up", () -> pb.hook(0, false), () -> SeedCall.callState(b.gateway).startsWith("call=idle"));
    }

    private boolean step(final String what, final Runnable action, final BooleanSupplier done)
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
                steps.add("ok " + what + " (" + (System.currentTimeMillis() - start) + " ms)");
                return true;
            }
            if (System.currentTimeMillis() - start > STEP_TIMEOUT_MS)
            {
                steps.add("FAIL " + what);
                return false;
            }
            try
            {
                Thread.sleep(50);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the elements

    private record Rig(GatewayConfig config, Board board, Gateway gateway)
    {
    }

    private ProxyServer proxy(final boolean tls, final StreamConfig stream)
    {
        final InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        final List<ProxyConfig.Listener> listeners = new ArrayList<>(List.of(ProxyConfig.Listener.udp(any), ProxyConfig.Listener.tcp(any)));
        if (tls)
        {
            listeners.add(ProxyConfig.Listener.tls(any));
        }
        final TlsConfig identity = tls ? TlsConfig.keystore(keystore, PASSWORD, "PKCS12").truststore(truststore, PASSWORD, "PKCS12") : null;
        final ProxyConfig config = new ProxyConfig(listeners, List.of(DOMAIN), List.of(), true, ProxyConfig.Limits.OFF, null, identity, stream);
        return started(ProxyServer.start(config, capture::onPacket));
    }

    /** A gateway from its TOML (board, media and journal added here), as `voxline gateway --config` reads it. */
    private Rig gateway(final String sip, final int rtpLow)
    {
        final String toml = sip + """
            [board]
            uri = "mock:lines=1,region=us"
            [media]
            rtp_ports = "%d-%d"
            [journal]
            dir = '%s'
            """.formatted(rtpLow, rtpLow + 199, dir.resolve("journal-" + rtpLow + "-" + journals++));
        final GatewayConfig config = GatewayConfigLoader.parse("gateway-" + rtpLow + ".toml", toml, Map.of("VX_SYSTEM_TLS", PASSWORD));
        final Board board = started(Boards.open(config.boardUri()));
        final Gateway gateway = started(Gateway.start(config, board, new GatewayOptions(capture::onPacket, capture::onPacket, null)));
        return new Rig(config, board, gateway);
    }

    private <T extends AutoCloseable> T started(final T element)
    {
        started.add(element);
        return element;
    }

    // ------------------------------------------------------------------------------------------ reading the capture

    /** The connection ports (as the proxy sees them) that 200 OKs to REGISTER went to from the proxy's TCP listener. */
    private Set<Integer> registerOks(final InetSocketAddress proxyTcp)
    {
        return registerOkPackets(proxyTcp).stream().map(p -> p.destination().getPort()).collect(Collectors.toCollection(TreeSet::new));
    }

    private int registerOkCount(final InetSocketAddress proxyTcp)
    {
        return registerOkPackets(proxyTcp).size();
    }

    private List<CapturedPacket> registerOkPackets(final InetSocketAddress proxyTcp)
    {
        return sip(capture.packets(), p -> p.source().equals(proxyTcp) && firstLine(p).startsWith("SIP/2.0 200") &&
            cseqMethod(p).equals("REGISTER"));
    }

    private static List<CapturedPacket> sip(final List<CapturedPacket> packets, final Predicate<CapturedPacket> which)
    {
        return packets.stream().filter(p -> !p.isRtp() && p.payload().length > 4 && which.test(p)).toList();
    }

    private static long rtp(final List<CapturedPacket> packets, final int fromLow, final int toLow)
    {
        return packets.stream().filter(CapturedPacket::isRtp)
            .filter(p -> within(p.source().getPort(), fromLow) && within(p.destination().getPort(), toLow)).count();
    }

    private static boolean within(final int port, final int low)
    {
        return port >= low && port < low + 200;
    }

    private static Set<String> requests(final List<CapturedPacket> packets)
    {
        return packets.stream().map(GatewayOverTcpSystemTest::firstLine).filter(l -> !l.startsWith("SIP/2.0"))
            .map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toCollection(TreeSet::new));
    }

    /** "STATUS METHOD" of each response, e.g. "180 INVITE". */
    private static Set<String> responses(final List<CapturedPacket> packets)
    {
        return packets.stream().filter(p -> firstLine(p).startsWith("SIP/2.0 "))
            .map(p -> firstLine(p).substring(8, 11) + " " + cseqMethod(p)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String firstLine(final CapturedPacket p)
    {
        final String text = p.text();
        final int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    private static String header(final CapturedPacket p, final String name, final String compact)
    {
        for (final String line : p.text().split("\r\n"))
        {
            final int colon = line.indexOf(':');
            if (colon > 0)
            {
                final String n = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                if (n.equals(name) || n.equals(compact))
                {
                    return line.substring(colon + 1).trim();
                }
            }
            if (line.isEmpty())
            {
                break;
            }
        }
        return "";
    }

    private static String topVia(final CapturedPacket p)
    {
        return header(p, "via", "v");
    }

    private static String cseqMethod(final CapturedPacket p)
    {
        final String cseq = header(p, "cseq", "cseq");
        return cseq.substring(cseq.indexOf(' ') + 1).trim();
    }

    private static String describe(final List<CapturedPacket> packets)
    {
        final StringBuilder sb = new StringBuilder();
        for (final CapturedPacket p : packets)
        {
            sb.append("\n  ").append(p.source()).append(" -> ").append(p.destination()).append(": ").append(firstLine(p))
                .append(" | Via: ").append(topVia(p));
        }
        return sb.toString();
    }
}
