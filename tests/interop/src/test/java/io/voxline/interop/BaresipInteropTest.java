package io.voxline.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
 * baresip (Debian baresip-core) as the far-end softphone: our emulated phone on a gateway line calls it through a
 * voxline proxy, it answers on its own (answermode=auto) and speaks its ausine 1000 Hz; what it hears is recorded
 * by its sndfile module; DTMF goes both ways as RFC 4733 events; either side hangs up. baresip runs as a child
 * process under a timeout, driven over ctrl_tcp; the gateway and the proxy run in this JVM on a mock board.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BaresipInteropTest
{
    private static final long STEP_MS = 10_000;
    private static final int OUR_TONE_HZ = 1500;
    private static final int THEIR_TONE_HZ = 1000;

    private static final Path DIR = Path.of("target", "interop", "baresip").toAbsolutePath();
    /** RTP payload type of telephone-event in our offer (baresip answers with it). */
    private static final int EVENT_PT = 101;

    @TempDir
    Path journal;
    /** sndfile's recordings: a short path (see {@link Baresip#start}); copied to the evidence at the end. */
    @TempDir
    Path recordings;
    private Path evidence;

    private final List<AutoCloseable> started = new ArrayList<>();
    /** The RFC 4733 packets our media agent sent, as "M? timestamp event E? duration". */
    private final List<String> eventsSent = new CopyOnWriteArrayList<>();
    private Baresip baresip;
    private Gateway gateway;
    private MockPhones phone;

    @BeforeEach
    void start(final TestInfo test) throws Exception
    {
        Tools.assumeInstalled("baresip", "baresip-core");
        // the config, baresip's log and its recordings stay as the run's evidence
        final Path dir = DIR.resolve(test.getTestMethod().map(m -> m.getName()).orElse("baresip"));
        deleteTree(dir);
        evidence = dir;
        baresip = started(Baresip.start(dir, recordings));
        final InetAddress lo = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        final InetSocketAddress far = baresip.sipAddress();
        // our line's proxy and registrar; calls to 2xx go on to baresip
        final ProxyServer proxy = started(ProxyServer.start(new ProxyConfig(List.of(new InetSocketAddress(lo, 0)),
            List.of("a.test"), List.of(new ProxyConfig.Route("2*", far, "sip:127.0.0.1:" + far.getPort())), true),
            null));
        final InetSocketAddress proxyAddress = proxy.listenAddresses().get(0);
        final Board board = started(Boards.open("mock:lines=1,region=us"));
        gateway = started(Gateway.start(new GatewayConfig(new InetSocketAddress(lo, 0), "mock:lines=1,region=us",
            List.of(new GatewayConfig.Line(1, "101", "a.test", proxyAddress, null, "Phone 101")),
            new GatewayConfig.Media("127.0.0.1", 0, 0, List.of("PCMU", "PCMA")), journal,
            GatewayConfig.Dialing.DEFAULT, 3600), board, GatewayOptions.DEFAULT.withRtpTap(this::onRtpSent)));
        phone = board.mockPhones();
        step("our line registered with the proxy", () -> gateway.isRegistered(1));
    }

    @AfterEach
    void stop() throws IOException
    {
        for (int i = started.size() - 1; i >= 0; i--)
        {
            try
            {
                started.get(i).close();
            }
            catch (final Exception ex)
            {
                // the rest must close too
            }
        }
        if (baresip != null)
        {
            for (final Path wav : baresip.recordings())
            {
                Files.copy(wav, evidence.resolve(wav.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** On the media thread: keeps what each RFC 4733 packet said. */
    private void onRtpSent(final InetSocketAddress from, final InetSocketAddress to, final DirectBuffer b, final int at,
        final int length)
    {
        if (length == 16 && (b.getByte(at + 1) & 0x7F) == EVENT_PT)
        {
            final boolean marker = (b.getByte(at + 1) & 0x80) != 0;
            final long ts = b.getInt(at + 4, ByteOrder.BIG_ENDIAN) & 0xFFFFFFFFL;
            final boolean end = (b.getByte(at + 13) & 0x80) != 0;
            eventsSent.add((marker ? "M " : "") + ts + " " + b.getByte(at + 12) + (end ? " E " : " ") +
                (b.getShort(at + 14, ByteOrder.BIG_ENDIAN) & 0xFFFF));
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        if (Files.exists(dir))
        {
            try (var paths = Files.walk(dir))
            {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.delete(p);
                }
            }
        }
    }

    private <T extends AutoCloseable> T started(final T c)
    {
        started.add(c);
        return c;
    }

    /** Our phone dials baresip's number; baresip answers by itself and both sides are connected. */
    private void callBaresip() throws InterruptedException
    {
        phone.hook(0, true);
        step("dial tone", () -> hears(350) && hears(440));
        phone.dial(0, Baresip.USER, 100, 100);
        step("baresip answers on its own: our line is connected", () -> state().startsWith("call=connected"));
        assertTrue(baresip.awaitEvents("CALL_ESTABLISHED", e -> !e.isEmpty(), STEP_MS), baresip.messages().toString());
    }

    @Test
    void weHearItsSineItHearsOurToneAndOurHangUpEndsItsCall() throws Exception
    {
        callBaresip();
        step("our phone hears baresip's ausine " + THEIR_TONE_HZ + " Hz", () -> hears(THEIR_TONE_HZ));

        phone.speakTone(0, OUR_TONE_HZ);
        final Path heard = step("baresip records what it hears", () -> WavTone.decodedRecording(baresip) != null,
            () -> WavTone.decodedRecording(baresip));
        // two seconds of our tone in its recording (the file grows as the call goes on)
        final long bytesAtStart = heard.toFile().length();
        step("two seconds of our tone reach baresip",
            () -> heard.toFile().length() - bytesAtStart > WavTone.bytesPerSecond(heard) * 2);

        phone.hook(0, false);
        step("our hang-up: our line is idle", () -> state().startsWith("call=idle"));
        assertTrue(baresip.awaitEvents("CALL_CLOSED", e -> !e.isEmpty(), STEP_MS),
            "baresip saw our BYE: " + baresip.messages());

        final WavTone.Spectrum spectrum = WavTone.dominant(heard, 1.0);
        System.out.println("baresip heard (" + heard.getFileName() + "): " + spectrum);
        assertEquals(OUR_TONE_HZ, spectrum.hz(), 10, "what baresip heard in the last second of the call: " + spectrum);
        assertTrue(spectrum.ratio() > 20, "our tone stands out in what baresip heard: " + spectrum);
    }

    @Test
    void digitsGoBothWaysAsRfc4733AndItsHangUpEndsOurCall() throws Exception
    {
        callBaresip();
        // baresip answered with telephone-event: keys on our phone go as RFC 4733 events
        phone.dial(0, "159#", 120, 120);
        assertTrue(baresip.awaitEvents("CALL_DTMF_START", e -> e.size() >= 4, STEP_MS),
            "baresip reports our digits: " + baresip.events("CALL_DTMF_START") + " " + baresip.messages());
        assertEquals(List.of("1", "5", "9", "#"), baresip.events("CALL_DTMF_START"));
        // baresip reports a key at its start: the last key's end packets may still be on their way out
        step("the last key's three end packets sent",
            () -> eventsSent.stream().filter(p -> p.contains(" 11 E ")).count() == 3);
        System.out.println("RFC 4733 packets we sent: " + eventsSent);
        assertEventPackets(List.of(1, 5, 9, 11));

        baresip.command("sndcode", "47*");
        step("baresip's digits reach our reactor as RFC 4733 events", () -> "47*".equals(gateway.digitsReceived(1)));
        System.out.println("digits our line received: " + gateway.digitsReceived(1));

        baresip.command("hangup", "");
        step("baresip's hang-up ends our call", () -> state().startsWith("call=disconnected"));
        assertTrue(baresip.awaitEvents("CALL_CLOSED", e -> !e.isEmpty(), STEP_MS), baresip.messages().toString());
        phone.hook(0, false);
        step("our phone hangs up after the far end left", () -> state().startsWith("call=idle"));
        assertFalse(baresip.output().contains("ERROR"), baresip.output());
    }

    /**
     * Each key went as one RFC 4733 event: a first packet with the marker bit, then updates, the same timestamp
     * throughout, the duration never shrinking, and three end packets with the final duration.
     */
    private void assertEventPackets(final List<Integer> keys)
    {
        final List<String> packets = List.copyOf(eventsSent);
        int i = 0;
        for (final int key : keys)
        {
            assertTrue(i < packets.size() && packets.get(i).startsWith("M "),
                "a marker starts key " + key + ": " + packets);
            final String[] first = packets.get(i).substring(2).split(" ");
            int duration = 0;
            int ends = 0;
            for (; i < packets.size() && (ends == 0 || packets.get(i).contains(" E ")); i++)
            {
                final String[] f = packets.get(i).replace("M ", "").replace(" E", "").split(" ");
                assertEquals(first[0], f[0], "one timestamp for the whole event: " + packets);
                assertEquals(Integer.toString(key), f[1], packets.toString());
                final int d = Integer.parseInt(f[2]);
                assertTrue(d >= duration && (ends == 0 || d == duration), "duration grows, then stays: " + packets);
                duration = d;
                ends += packets.get(i).contains(" E ") ? 1 : 0;
            }
            assertEquals(3, ends, "three end packets for key " + key + ": " + packets);
            assertTrue(duration >= 8 * 80, "a key held 120 ms lasts at least 80 ms: " + duration + " samples");
        }
        assertEquals(packets.size(), i, "nothing else sent as events: " + packets);
    }

    private String state()
    {
        final String s = gateway.describeLine(1);
        return s == null ? "" : s;
    }

    private boolean hears(final int hz)
    {
        final ToneReport r = phone.hear(0, 1000);
        return r.contains(hz, 10);
    }

    private void step(final String what, final BooleanSupplier done) throws InterruptedException
    {
        step(what, done, () -> null);
    }

    /** Polls done until it holds (then returns result), failing after STEP_MS with what each side said. */
    private <T> T step(final String what, final BooleanSupplier done, final Supplier<T> result)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STEP_MS);
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
                return result.get();
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("not within " + STEP_MS / 1000 + " s: " + what + "\nour line: " +
                    (gateway == null ? "-" : state()) + "\nbaresip:\n" + baresip.output() + "\nctrl: " +
                    baresip.messages());
            }
            Thread.sleep(20);
        }
    }
}
