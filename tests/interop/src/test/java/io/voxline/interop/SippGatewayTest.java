package io.voxline.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.board.MockPhones;
import io.voxline.board.ToneReport;
import io.voxline.gateway.Gateway;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayOptions;

/**
 * Calls into a gateway line and out of it through `voxline proxy`, with SIPp as the far end and its own captures
 * as the far end's voice: the speech of /usr/share/sip-tester/g711a.pcap (PCMA, 30 ms packets) and the RFC 2833
 * digits of dtmf_2833_*.pcap, played by play_pcap_audio. The gateway runs in this JVM on a mock board with one
 * line (user 100 of gw.test) registered at the proxy, so the test is the person at the emulated phone: it answers
 * when the bell rings, dials, listens to the earpiece, and reads the digits the gateway's reactor received
 * ({@link Gateway#digitsReceived}). The proxy routes 3xx to a SIPp UAS.
 */
class SippGatewayTest
{
    private static final String DOMAIN = "gw.test";
    private static final String LINE_USER = "100";
    private static final String FAR_USER = "300";
    /** What the scenarios play as RFC 2833 events, in the order their RTP timestamps rise. */
    private static final String DIGITS = "159#";
    private static final Path CAPTURES = Path.of("/usr/share/sip-tester");
    private static final Path DIR = Path.of("target", "interop", "gateway").toAbsolutePath();
    private static final long STEP_MS = 15_000;
    /** How long the earpiece must carry voice (the capture has about 5 s of speech, from 1.5 s in). */
    private static final long VOICE_MS = 1_500;

    private static ProxyProcess proxy;
    private static int proxyPort;
    private static int farPort;
    private static Board board;
    private static MockPhones phone;
    private static Gateway gateway;

    @BeforeAll
    static void startProxyAndGateway() throws Exception
    {
        if (!Tools.installed("sipp") || !capturesPresent())
        {
            return; // each test says so (assumeSipp)
        }
        Files.createDirectories(DIR);
        proxyPort = Ports.free();
        farPort = Ports.free();
        proxy = ProxyProcess.start(DIR, "proxy", List.of("--listen", "udp:127.0.0.1:" + proxyPort, "--domain", DOMAIN,
            "--route", "3*=sip:127.0.0.1:" + farPort));
        board = Boards.open("mock:lines=1,region=us");
        phone = board.mockPhones();
        final GatewayConfig config = new GatewayConfig(new InetSocketAddress(Ports.HOST, 0), "mock:lines=1,region=us",
            List.of(new GatewayConfig.Line(1, LINE_USER, DOMAIN, new InetSocketAddress(Ports.HOST, proxyPort), null, "Line 100")),
            new GatewayConfig.Media(Ports.HOST, 21000, 21998, List.of("PCMU", "PCMA")),
            DIR.resolve("journal"), GatewayConfig.Dialing.DEFAULT, 3600);
        gateway = Gateway.start(config, board, GatewayOptions.DEFAULT);
        if (!await(() -> gateway.isRegistered(1)))
        {
            fail("line 100 did not register at the proxy within " + STEP_MS + " ms:\n" + proxy.output());
        }
    }

    @AfterAll
    static void stop() throws InterruptedException
    {
        if (gateway != null)
        {
            gateway.close();
        }
        if (board != null)
        {
            board.close();
        }
        if (proxy != null)
        {
            proxy.close();
        }
    }

    @BeforeEach
    void assumeSipp()
    {
        Tools.assumeInstalled("sipp", "sip-tester");
        Assumptions.assumeTrue(capturesPresent(), "SIPp's captures are missing from " + CAPTURES + ": apt-get install sip-tester");
    }

    /** The handset goes back and the line is idle again, whatever the test left. */
    @AfterEach
    void hangUp()
    {
        if (phone == null)
        {
            return;
        }
        if (phone.state(0).offHook())
        {
            phone.hook(0, false);
        }
        await(() -> state().startsWith("call=idle"));
    }

    @Test
    void sippCallsTheLineThroughTheProxyAndThePhoneHearsTheCaptureAndTheDigitsReachTheReactor() throws Exception
    {
        final Sipp.Running uac = Sipp.scenario("uac_media.xml", "sipp-calls-line").target(proxyPort).localPort(Ports.free())
            .media(mediaPort()).user("sipp").key("domain", DOMAIN).key("callee", LINE_USER).timeoutSeconds(30).start(DIR);
        Sipp.Result result = null;
        try
        {
            assertTrue(await(() -> phone.state(0).ringing()), "the phone rings: " + state());
            phone.hook(0, true);
            assertTrue(await(() -> state().startsWith("call=connected")), "the call is up: " + state());
            final Ear ear = new Ear();
            assertTrue(await(ear::heardVoice), "the earpiece carries the capture's speech: " + ear);
            System.out.println("the phone heard " + ear);
            assertTrue(await(() -> DIGITS.equals(gateway.digitsReceived(1))),
                "the reactor received the RFC 2833 digits " + DIGITS + ": \"" + gateway.digitsReceived(1) + "\"");
            result = uac.await();
        }
        finally
        {
            if (result == null)
            {
                uac.kill();
            }
        }
        assertTrue(result.allSucceeded(1), "SIPp's BYE got our 200:\n" + result.report());
        assertTrue(await(() -> state().startsWith("call=disconnected")), "SIPp's BYE ended the call: " + state());
        assertTrue(proxy.isAlive(), proxy.output());
    }

    @Test
    void theLineCallsSippThroughTheProxyHearsTheCaptureAndHangsUp() throws Exception
    {
        final Sipp.Running uas = Sipp.scenario("uas_media.xml", "sipp-answers-line").localPort(farPort).media(mediaPort())
            .user(FAR_USER).timeoutSeconds(30).start(DIR);
        Sipp.Result result = null;
        try
        {
            phone.hook(0, true);
            assertTrue(await(() -> state().startsWith("call=dialtone")), "dial tone: " + state());
            phone.dial(0, FAR_USER, 80, 80);
            assertTrue(await(() -> state().startsWith("call=connected")), "SIPp answered: " + state());
            final Ear ear = new Ear();
            assertTrue(await(ear::heardVoice), "the earpiece carries the capture's speech: " + ear);
            System.out.println("the phone heard " + ear);
            assertTrue(await(() -> DIGITS.equals(gateway.digitsReceived(1))),
                "the reactor received the RFC 2833 digits " + DIGITS + ": \"" + gateway.digitsReceived(1) + "\"");
            // SIPp waits for the BYE once its last capture has started: the digit's arrival says it has
            phone.hook(0, false);
            result = uas.await();
        }
        finally
        {
            if (result == null)
            {
                uas.kill();
            }
        }
        assertTrue(result.allSucceeded(1), "our BYE got SIPp's 200:\n" + result.report());
        assertTrue(result.messages().contains("BYE sip:"), result.messages());
        assertTrue(await(() -> state().startsWith("call=idle")), state());
    }

    /**
     * The person's ear on the emulated phone: polls the earpiece (the last 200 ms each time) and adds up for how long
     * it carried the far end's voice while the call was up, that is something other than silence and the
     * call-progress tones (dial tone 350+440 Hz, ringback 440+480 Hz, busy and reorder 480+620 Hz). A window still
     * holding the end of ringback just after the answer, or the start of reorder just after a BYE, is too short to
     * pass for {@value #VOICE_MS} ms of voice; the capture carries about 5 s of speech.
     */
    private static final class Ear
    {
        private final StringBuilder heard = new StringBuilder();
        private String last = "";
        private int repeats;
        private long lastPollNs;
        private long voicedMs;

        boolean heardVoice()
        {
            final long now = System.nanoTime();
            final long stepMs = lastPollNs == 0 ? 0 : Math.min(50, TimeUnit.NANOSECONDS.toMillis(now - lastPollNs));
            lastPollNs = now;
            final boolean connected = state().startsWith("call=connected");
            final ToneReport r = phone.hear(0, 200);
            note(r);
            if (connected && !r.silence() && !pair(r, 350, 440) && !pair(r, 440, 480) && !pair(r, 480, 620))
            {
                voicedMs += stepMs;
            }
            return voicedMs >= VOICE_MS;
        }

        private static boolean pair(final ToneReport r, final int f1, final int f2)
        {
            return r.contains(f1, 25) && r.contains(f2, 25);
        }

        private void note(final ToneReport r)
        {
            final String s = r.toString();
            if (s.equals(last))
            {
                repeats++;
                return;
            }
            flush();
            last = s;
            repeats = 1;
        }

        private void flush()
        {
            if (repeats > 0 && heard.length() < 4000)
            {
                heard.append(last).append(" x").append(repeats).append(", ");
            }
        }

        /** What it heard, poll by poll (runs of the same report counted), and for how long it was voice. */
        @Override
        public String toString()
        {
            flush();
            repeats = 0;
            return "voice for " + voicedMs + " ms of " + VOICE_MS + " (polls: " + heard + ")";
        }
    }

    private static String state()
    {
        final String s = gateway.describeLine(1);
        return s == null ? "" : s;
    }

    /** Polls condition every 20 ms for up to {@value #STEP_MS} ms. */
    private static boolean await(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_MS);
        while (System.nanoTime() - deadline < 0)
        {
            if (condition.getAsBoolean())
            {
                return true;
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** A UDP port for SIPp's RTP whose neighbour two up (SIPp's video port) is free too. */
    private static int mediaPort()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            final int port = Ports.free();
            if (port > 65_000)
            {
                continue;
            }
            try (DatagramSocket video = new DatagramSocket(new InetSocketAddress(Ports.HOST, port + 2)))
            {
                return port;
            }
            catch (final IOException taken)
            {
                // try another
            }
        }
        throw new IllegalStateException("no pair of free UDP ports for SIPp's media");
    }

    private static boolean capturesPresent()
    {
        return Files.isReadable(CAPTURES.resolve("g711a.pcap")) && Files.isReadable(CAPTURES.resolve("dtmf_2833_1.pcap"));
    }
}
