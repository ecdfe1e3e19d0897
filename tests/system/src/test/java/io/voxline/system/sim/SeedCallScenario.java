package io.voxline.system.sim;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.voxline.gateway.line.LineState;
import io.voxline.sip.transaction.TransactionConfig;

/**
 * The seed call of issue 2 over a {@link SimWorld}: router A (line 101, a.test) registers with proxy 1, router B
 * (line 201, b.test) with proxy 2; proxy 1 routes 2* to proxy 2. Phone A lifts, hears dial tone and dials 201;
 * B rings and is answered after {@link #RING_MS}; they talk for {@link #TALK_MS}; A hangs up, B hears the far end
 * hang up and hangs up too. Every datagram takes {@link #LATENCY_MS}. {@link #play()} runs the story
 * phase by phase, each given 64*T1 of simulated time to happen, then lets every timer run out and checks what the
 * phones saw, what crossed the network and that nothing is left behind. Build one, add network rules through
 * {@link #network()}, then play it once.
 */
public final class SeedCallScenario
{
    public static final InetSocketAddress A_SIP = new InetSocketAddress("127.0.1.1", 5062);
    public static final InetSocketAddress PROXY1 = new InetSocketAddress("127.0.2.1", 5070);
    public static final InetSocketAddress PROXY2 = new InetSocketAddress("127.0.3.1", 5080);
    public static final InetSocketAddress B_SIP = new InetSocketAddress("127.0.4.1", 5064);
    public static final int A_RTP = 40000;
    public static final int B_RTP = 42000;

    public static final long T1 = TransactionConfig.RFC3261.t1Ms();
    /** How long each phase may take: 64*T1, the longest any transaction waits for its answer (timers B, F, H). */
    public static final long PHASE_LIMIT_MS = 64 * T1;
    /** After the call, the longest any state may linger (64*T1 for answered INVITEs and timer J) and a margin. */
    public static final long SETTLE_MS = 64 * T1 + TransactionConfig.RFC3261.t4Ms() + 5_000;

    /** Each datagram takes this long to arrive. */
    public static final long LATENCY_MS = 5;
    /** B rings this long before the person answers. */
    public static final long RING_MS = 2_000;
    /** They talk this long before A hangs up. */
    public static final long TALK_MS = 3_000;
    /** B hears the reorder tone this long before hanging up. */
    public static final long HANG_UP_DELAY_MS = 1_000;

    /**
     * One step of the story: the first datagram sent in it, when its stimulus came and when the condition it waits
     * for held (-1 if it never did).
     */
    public record Phase(String name, int firstDatagram, long startMs, long endMs)
    {
        public boolean reached()
        {
            return endMs >= 0;
        }

        @Override
        public String toString()
        {
            return String.format("%-28s from datagram %2d, %6d .. %s ms", name, firstDatagram, startMs - SimWorld.START_MS,
                reached() ? String.valueOf(endMs - SimWorld.START_MS) : "never");
        }
    }

    /** What {@link #play()} found: the phases, and every check that failed (none when the story held). */
    public record Outcome(List<Phase> phases, List<String> failures, List<String> leftoversWhenEnded, String transcript)
    {
        public boolean ok()
        {
            return failures.isEmpty();
        }

        /** The phase in which the datagram with this index was sent (the last one begun before it), or null. */
        public Phase phaseOf(final int datagramIndex)
        {
            Phase in = null;
            for (final Phase p : phases)
            {
                if (p.firstDatagram() <= datagramIndex)
                {
                    in = p;
                }
            }
            return in;
        }

        public Phase phase(final String name)
        {
            return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        }

        public String describe()
        {
            final StringBuilder sb = new StringBuilder();
            sb.append("failures:\n");
            failures.forEach(f -> sb.append("  ").append(f).append('\n'));
            sb.append("phases (ms since start):\n");
            phases.forEach(p -> sb.append("  ").append(p).append('\n'));
            sb.append("held when the call had ended: ").append(leftoversWhenEnded).append('\n');
            sb.append("datagrams (index@ms):\n").append(transcript);
            return sb.toString();
        }
    }

    public static final String REGISTERED = "both lines registered";
    public static final String DIAL_TONE = "A hears dial tone";
    public static final String B_RINGS = "B rings";
    public static final String CONNECTED = "connected, B has the ACK";
    public static final String B_HEARS_HANGUP = "B hears A hang up";
    public static final String ENDED = "ended, A has BYE's answer";

    private final SimWorld world = new SimWorld();
    private final SimGateway a;
    private final SimGateway b;
    private final SimProxy proxy1;
    private final SimProxy proxy2;
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private boolean played;
    private List<String> leftoversWhenEnded = List.of();

    public SeedCallScenario()
    {
        // elements in the order of the story's columns; seeds fixed, so every run sends the same bytes
        a = world.gateway("A", A_SIP, "101", "a.test", PROXY1, A_RTP, 11);
        proxy1 = world.proxy("proxy1", PROXY1, List.of("a.test"), List.of(SimProxy.route("2*", PROXY2)), 12);
        proxy2 = world.proxy("proxy2", PROXY2, List.of("b.test"), List.of(), 13);
        b = world.gateway("B", B_SIP, "201", "b.test", PROXY2, B_RTP, 14);
        world.network().latency(LATENCY_MS);
    }

    public SimWorld world()
    {
        return world;
    }

    public SimNetwork network()
    {
        return world.network();
    }

    public SimGateway a()
    {
        return a;
    }

    public SimGateway b()
    {
        return b;
    }

    public SimProxy proxy1()
    {
        return proxy1;
    }

    public SimProxy proxy2()
    {
        return proxy2;
    }

    /** Plays the story once (a scenario is single use). */
    public Outcome play()
    {
        if (played)
        {
            throw new IllegalStateException("a scenario plays once");
        }
        played = true;
        final boolean story = storyHappened();
        if (story)
        {
            checkWhatHappened();
        }
        return new Outcome(List.copyOf(phases), List.copyOf(failures), leftoversWhenEnded, world.network().transcript());
    }

    private boolean storyHappened()
    {
        return phase(REGISTERED, world::start, () -> a.isRegistered() && b.isRegistered() &&
                proxy1.registrations() == 1 && proxy2.registrations() == 1) &&
            phase(DIAL_TONE, a::offHook, () -> a.lineState() == LineState.DIALTONE) &&
            phase(B_RINGS, () -> a.dial("201"), () -> b.board().isRinging(0)) &&
            pause(RING_MS) &&
            phase(CONNECTED, b::offHook, () -> a.lineState() == LineState.CONNECTED &&
                b.lineState() == LineState.CONNECTED && delivered(d -> d.isRequest("ACK") && d.toName().equals("B"))) &&
            pause(TALK_MS) &&
            phase(B_HEARS_HANGUP, a::onHook, () -> b.lineState() == LineState.DISCONNECTED) &&
            pause(HANG_UP_DELAY_MS) &&
            phase(ENDED, b::onHook, () -> a.lineState() == LineState.IDLE && b.lineState() == LineState.IDLE &&
                delivered(d -> d.isResponse(200, "BYE") && d.toName().equals("A")));
    }

    /** The person's action (stimulus), then up to 64*T1 for condition to hold; false (and a failure) if it never did. */
    private boolean phase(final String name, final Runnable stimulus, final BooleanSupplier condition)
    {
        final long start = world.now();
        final int first = world.network().sent().size();
        stimulus.run();
        final boolean reached = world.runUntil(condition, PHASE_LIMIT_MS);
        phases.add(new Phase(name, first, start, reached ? world.now() : -1));
        if (!reached)
        {
            failures.add("\"" + name + "\" did not happen within " + PHASE_LIMIT_MS + " ms; " + a + ", " + b +
                "; failures caught " + world.failures());
        }
        return reached;
    }

    private boolean pause(final long ms)
    {
        world.run(ms);
        return true;
    }

    private boolean delivered(final Predicate<Datagram> match)
    {
        return !world.network().sent(d -> d.fate() == Datagram.Fate.DELIVERED && match.test(d)).isEmpty();
    }

    /** After the story: the phones, the media, the journal, the wire, and nothing left once every timer ran out. */
    private void checkWhatHappened()
    {
        final long ended = world.now();
        leftoversWhenEnded = world.leftovers();
        world.run(SETTLE_MS);
        check(b.board().hasRung(0), "B rang");
        check("101/Phone 101".equals(b.board().callerId(0)), "B's caller ID shows A: " + b.board().callerId(0));
        check(a.media().commands().contains("start 0 " + hostPort(b.rtpAddress()) + " pt=0"),
            "A's media started towards B's RTP address: " + a.media().commands());
        check(b.media().commands().contains("start 0 " + hostPort(a.rtpAddress()) + " pt=0"),
            "B's media started towards A's RTP address: " + b.media().commands());
        check(!a.media().isOpen(0) && !b.media().isOpen(0), "both RTP ports closed: " + a.media().commands() + " " +
            b.media().commands());
        check(a.log().calls().equals(List.of("started 1 OUT sip:101@a.test sip:201@a.test", "answered 1",
            "ended 1 local hangup")), "A's call record: " + a.log().calls());
        check(b.log().calls().size() == 3 && b.log().calls().get(0).startsWith("started 1 IN sip:201@") &&
            b.log().calls().get(1).equals("answered 1") && b.log().calls().get(2).equals("ended 1 remote hangup"),
            "B's call record: " + b.log().calls());
        final SimNetwork net = world.network();
        check(net.sent(d -> d.isRequest("BYE") && d.fromName().equals("B")).isEmpty(), "B sent no BYE of its own");
        check(net.sent(d -> d.isRequest("CANCEL")).isEmpty(), "no CANCEL");
        check(net.sent(d -> d.statusCode() >= 300).isEmpty(),
            "no failure responses: " + net.sent(d -> d.statusCode() >= 300));
        check(net.withFate(Datagram.Fate.UNDELIVERABLE).isEmpty(),
            "every datagram had a receiver: " + net.withFate(Datagram.Fate.UNDELIVERABLE));
        check(net.sent(d -> d.sentAtMs() > ended).isEmpty(),
            "quiet once A had BYE's answer: " + net.sent(d -> d.sentAtMs() > ended));
        check(world.leftovers().isEmpty(), "nothing left " + SETTLE_MS + " ms after the call: " + world.leftovers());
        check(world.failures().isEmpty(), "no failures caught inside any core: " + world.failures());
    }

    private void check(final boolean held, final String what)
    {
        if (!held)
        {
            failures.add(what);
        }
    }

    private static String hostPort(final InetSocketAddress address)
    {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
