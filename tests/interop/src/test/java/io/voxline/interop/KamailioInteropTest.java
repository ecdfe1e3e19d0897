package io.voxline.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.board.MockPhones;
import io.voxline.board.ToneReport;
import io.voxline.gateway.Gateway;
import io.voxline.gateway.GatewayConfig;
import io.voxline.gateway.GatewayOptions;
import io.voxline.journal.CallDirection;
import io.voxline.journal.CallHistory;
import io.voxline.journal.CallRecord;
import io.voxline.journal.SignalRecord;

/**
 * Kamailio as the provider's proxy and registrar (src/test/resources/kamailio/kamailio.cfg: usrloc + registrar,
 * digest auth with a fixed password per user, Record-Route), two Voxline gateways in this JVM on mock boards. Each
 * line registers with digest auth (401), line 101 calls 201 through Kamailio (the INVITE challenged with 407),
 * the phones talk, 101 hangs up. A line with a wrong password stays unregistered and retries with back-off.
 * What Kamailio saw is read from its registrations (kamcmd ul.dump) and its xlog lines.
 */
class KamailioInteropTest
{
    private static final String DOMAIN = "voip.provider.test";
    private static final String USER_A = "101";
    private static final String USER_B = "201";
    private static final String USER_C = "301";
    private static final String PASSWORD_A = "a's secret 101";
    private static final String PASSWORD_B = "b's secret 201";
    private static final String PASSWORD_C = "c's secret 301";
    private static final Path DIR = Path.of("target", "interop", "kamailio").toAbsolutePath();
    /** How long one step of the call may take before it counts as not having happened. */
    private static final long STEP_MS = 8_000;

    private static KamailioProcess kamailio;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @TempDir
    Path journals;

    @BeforeAll
    static void startKamailio() throws Exception
    {
        if (!Tools.installed("kamailio"))
        {
            return; // each test says so (assumeKamailio)
        }
        final Map<String, String> values = new LinkedHashMap<>();
        values.put("DOMAIN", DOMAIN);
        values.put("PASSWORDS", password(USER_A, PASSWORD_A) + password(USER_B, PASSWORD_B) + password(USER_C, PASSWORD_C));
        kamailio = KamailioProcess.start(DIR, "/kamailio/kamailio.cfg", Ports.free(), values);
    }

    /** One line of the configuration's route[PASSWORD]. */
    private static String password(final String user, final String password)
    {
        return "    if ($var(user) == \"" + user + "\") { $var(password) = \"" + password + "\"; }\n";
    }

    @BeforeEach
    void assumeKamailio()
    {
        Tools.assumeInstalled("kamailio", "kamailio");
    }

    @AfterEach
    void closeGateways() throws Exception
    {
        for (int i = opened.size() - 1; i >= 0; i--)
        {
            opened.get(i).close();
        }
        opened.clear();
    }

    @AfterAll
    static void stopKamailio() throws InterruptedException
    {
        if (kamailio != null)
        {
            kamailio.close();
        }
    }

    @Test
    void linesRegisterWithDigestAndCallEachOtherThroughKamailio() throws Exception
    {
        final Path journalA = journals.resolve("a");
        final Path journalB = journals.resolve("b");
        final Board boardA = open(Boards.open("mock:lines=1,region=us"));
        final Board boardB = open(Boards.open("mock:lines=1,region=us"));
        final Gateway a = open(Gateway.start(config(USER_A, PASSWORD_A, 23000, 23099, journalA), boardA, GatewayOptions.DEFAULT));
        final Gateway b = open(Gateway.start(config(USER_B, PASSWORD_B, 23100, 23199, journalB), boardB, GatewayOptions.DEFAULT));
        final MockPhones pa = boardA.mockPhones();
        final MockPhones pb = boardB.mockPhones();

        step("both lines registered at Kamailio", () -> a.isRegistered(1) && b.isRegistered(1), a, b);
        final String dump = kamailio.rpc("ul.dump");
        assertTrue(dump.contains("AoR: " + USER_A) && dump.contains("sip:" + USER_A + "@" + hostPort(a.sipAddress())),
            "Kamailio's usrloc holds line A's contact:\n" + dump);
        assertTrue(dump.contains("AoR: " + USER_B) && dump.contains("sip:" + USER_B + "@" + hostPort(b.sipAddress())),
            "Kamailio's usrloc holds line B's contact:\n" + dump);
        for (final String user : List.of(USER_A, USER_B))
        {
            assertTrue(kamailio.count("REGISTER of " + user + " challenged") >= 1 && kamailio.count("REGISTER of " + user + " saved") >= 1,
                "Kamailio challenged " + user + "'s REGISTER, then saved it:\n" + String.join("\n", kamailio.xlog()));
            assertEquals(0, kamailio.count("REGISTER of " + user + " challenged (auth result -2)"),
                "no wrong password for " + user + ":\n" + String.join("\n", kamailio.xlog()));
        }

        step("phone A off-hook hears dial tone (350+440 Hz)", () -> pa.hook(0, true), () -> hears(pa, 350, 440), a, b);
        step("phone A dials " + USER_B + ": B rings", () -> pa.dial(0, USER_B, 100, 100), () -> pb.state(0).ringing(), a, b);
        step("phone A hears ringback (440+480 Hz)", () -> { }, () -> hears(pa, 440, 480), a, b);
        step("phone B off-hook: both connected", () -> pb.hook(0, true),
            () -> state(a).startsWith("call=connected") && state(b).startsWith("call=connected"), a, b);
        step("1000 Hz spoken at A is heard at B", () -> pa.speakTone(0, 1000), () -> hears(pb, 1000, 0), a, b);
        step("1500 Hz spoken at B is heard at A", () ->
        {
            pa.speakTone(0, 0);
            pb.speakTone(0, 1500);
        }, () -> hears(pa, 1500, 0), a, b);
        step("phone A hangs up: the call ends at both ends", () ->
        {
            pb.speakTone(0, 0);
            pa.hook(0, false);
        }, () -> state(a).startsWith("call=idle") && !state(b).startsWith("call=connected"), a, b);
        step("phone B hangs up after the far end left", () -> pb.hook(0, false), () -> state(b).startsWith("call=idle"), a, b);

        final String seen = String.join("\n", kamailio.xlog());
        assertTrue(kamailio.count("INVITE from " + USER_A + " challenged") >= 1, "Kamailio challenged the INVITE (407):\n" + seen);
        assertTrue(kamailio.count("INVITE from " + USER_A + " relayed to sip:" + USER_B + "@" + hostPort(b.sipAddress())) == 1,
            "the signed INVITE went once to B's registered contact:\n" + seen);
        assertTrue(kamailio.count("reply 180") >= 1 && kamailio.count("reply 200", "INVITE") >= 1, "B rang and answered through Kamailio:\n" + seen);
        assertTrue(kamailio.count("in-dialog ACK relayed") >= 1, "A's ACK followed the Record-Route:\n" + seen);
        assertTrue(kamailio.count("in-dialog BYE relayed to sip:" + USER_B + "@" + hostPort(b.sipAddress())) >= 1,
            "A's BYE followed the Record-Route to B:\n" + seen);
        assertTrue(kamailio.count("reply 200", "BYE") >= 1, "B answered the BYE:\n" + seen);

        // the callee hangs up: B's BYE takes the route set B learnt from the INVITE's Record-Route
        step("phone A calls " + USER_B + " again: B rings", () ->
        {
            pa.hook(0, true);
            pa.dial(0, USER_B, 100, 100);
        }, () -> pb.state(0).ringing(), a, b);
        step("phone B off-hook: both connected again", () -> pb.hook(0, true),
            () -> state(a).startsWith("call=connected") && state(b).startsWith("call=connected"), a, b);
        step("phone B hangs up: the call ends at both ends", () -> pb.hook(0, false),
            () -> state(b).startsWith("call=idle") && !state(a).startsWith("call=connected"), a, b);
        step("phone A hangs up after the far end left", () -> pa.hook(0, false), () -> state(a).startsWith("call=idle"), a, b);
        final String again = String.join("\n", kamailio.xlog());
        assertEquals(2, kamailio.count("INVITE from " + USER_A + " relayed to sip:" + USER_B + "@"), again);
        assertEquals(1, kamailio.count("INVITE from " + USER_A + " challenged"),
            "the second INVITE was signed from the start with the nonce of the first challenge:\n" + again);
        assertTrue(kamailio.count("in-dialog BYE relayed to sip:" + USER_A + "@" + hostPort(a.sipAddress())) >= 1,
            "B's BYE followed the Record-Route to A:\n" + again);

        closeGateways();
        final List<CallRecord> outs = CallHistory.read(journalA).calls();
        final List<CallRecord> ins = CallHistory.read(journalB).calls();
        assertEquals(2, outs.size(), outs.toString());
        assertEquals(2, ins.size(), ins.toString());
        for (int i = 0; i < 2; i++)
        {
            final CallRecord out = outs.get(i);
            final CallRecord in = ins.get(i);
            assertEquals(CallDirection.OUT, out.direction());
            assertEquals(CallDirection.IN, in.direction());
            assertTrue(out.answered() && out.ended(), out.toString());
            assertTrue(in.answered() && in.ended(), in.toString());
            assertEquals(out.callId(), in.callId(), "both gateways journal the same call");
        }
        assertTrue(outs.get(0).endReason().contains("local"), "A hung up the first call: " + outs.get(0).endReason());
        assertTrue(ins.get(0).endReason().contains("remote"), "B saw the far end hang up: " + ins.get(0).endReason());
        assertTrue(ins.get(1).endReason().contains("local"), "B hung up the second call: " + ins.get(1).endReason());
        assertTrue(outs.get(1).endReason().contains("remote"), "A saw the far end hang up: " + outs.get(1).endReason());
    }

    @Test
    void aWrongPasswordIsRefusedAndTheLineRetriesWithBackOff() throws Exception
    {
        final Path journal = journals.resolve("c");
        final Board board = open(Boards.open("mock:lines=1,region=us"));
        final Gateway c = open(Gateway.start(config(USER_C, PASSWORD_C + "?", 23200, 23299, journal), board, GatewayOptions.DEFAULT));
        final String refused = "REGISTER of " + USER_C + " challenged (auth result -2)";

        step("Kamailio found line C's password wrong", () -> kamailio.count(refused) >= 1, c, c);
        // from here the line backs off 1 s, then 2 s (each ±10 %): within 4.5 s it tries twice more, a loop would try
        // hundreds of times
        final long first = System.nanoTime();
        while (System.nanoTime() - first < 4_500_000_000L)
        {
            assertFalse(c.isRegistered(1), "line C registered with a wrong password:\n" + String.join("\n", kamailio.xlog()));
            Thread.sleep(100);
        }
        final long registers = kamailio.count("request REGISTER", "from=sip:" + USER_C + "@");
        final long wrong = kamailio.count(refused);
        final String seen = String.join("\n", kamailio.xlog());
        assertTrue(wrong >= 2, "the line tried again: " + wrong + " wrong passwords:\n" + seen);
        assertTrue(registers >= 4 && registers <= 8, "retried with back-off, no loop: " + registers + " REGISTERs in 4.5 s:\n" + seen);
        assertEquals(0, kamailio.count("REGISTER of " + USER_C + " saved"), seen);
        final String dump = kamailio.rpc("ul.dump");
        assertFalse(dump.contains("AoR: " + USER_C), "Kamailio holds no contact of line C:\n" + dump);

        closeGateways();
        final List<String> signals = CallHistory.read(journal).signals().stream().map(SignalRecord::text).toList();
        assertTrue(signals.stream().anyMatch(s -> s.contains("line 1 not registered (401)")), "the journal says why: " + signals);
        assertFalse(signals.stream().anyMatch(s -> s.contains("line 1 registered")), signals.toString());
    }

    // ------------------------------------------------------------------------------------------ helpers

    private <T extends AutoCloseable> T open(final T resource)
    {
        opened.add(resource);
        return resource;
    }

    private static GatewayConfig config(final String user, final String password, final int rtpLow, final int rtpHigh,
        final Path journal)
    {
        return new GatewayConfig(new InetSocketAddress(Ports.HOST, 0), "mock:lines=1,region=us",
            List.of(new GatewayConfig.Line(1, user, DOMAIN, kamailio.address(), password, "Phone " + user)),
            new GatewayConfig.Media(Ports.HOST, rtpLow, rtpHigh, List.of("PCMU", "PCMA")),
            journal, GatewayConfig.Dialing.DEFAULT, 3600);
    }

    private static void step(final String what, final BooleanSupplier done, final Gateway x, final Gateway y) throws InterruptedException
    {
        step(what, () -> { }, done, x, y);
    }

    /** Does action, then polls done until it holds or STEP_MS passed (then fails, with both lines' states and Kamailio's log). */
    private static void step(final String what, final Runnable action, final BooleanSupplier done, final Gateway x, final Gateway y)
        throws InterruptedException
    {
        final long start = System.nanoTime();
        action.run();
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() - start > STEP_MS * 1_000_000L)
            {
                throw new AssertionError("not within " + STEP_MS + " ms: " + what + " (" + state(x) + ", " + state(y) + ")\n" +
                    "Kamailio saw:\n" + String.join("\n", kamailio.xlog()));
            }
            Thread.sleep(50);
        }
        System.out.printf("ok   %-50s (%d ms)%n", what, (System.nanoTime() - start) / 1_000_000);
    }

    /** The phone's earpiece carried f1 (and f2 unless 0) within ±10 Hz in the last second. */
    private static boolean hears(final MockPhones phone, final int f1, final int f2)
    {
        final ToneReport r = phone.hear(0, 1000);
        return r.contains(f1, 10) && (f2 == 0 || r.contains(f2, 10));
    }

    private static String state(final Gateway g)
    {
        final String s = g.describeLine(1);
        return s == null ? "" : s;
    }

    private static String hostPort(final InetSocketAddress a)
    {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

}
