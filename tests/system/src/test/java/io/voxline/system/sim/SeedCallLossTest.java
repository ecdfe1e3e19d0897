package io.voxline.system.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.voxline.board.Tone;

/**
 * Issue 3: every message of the seed call lost once, and the call still completes. The story is first played with
 * no loss, recording each datagram; then, for each of them, a fresh world drops exactly that datagram (its
 * retransmissions pass) and the story must still happen as {@link SeedCallScenario} checks it: B rings, both sides
 * connect with media towards the other's RTP address, A's hang-up is answered and both lines are idle, and once
 * every timer has run out no transaction or dialog is left anywhere. The phase the loss hit, and the lost message's
 * own retransmission if one was needed, must come within 64*T1 of the loss.
 */
class SeedCallLossTest
{
    /** The seed call as it crosses the network with no loss: (from, to, message) per datagram, in order. */
    static final List<String> LADDER = List.of(
        "REGISTER A -> proxy1",
        "REGISTER B -> proxy2",
        "200 OK (REGISTER) proxy1 -> A",
        "200 OK (REGISTER) proxy2 -> B",
        "INVITE A -> proxy1",
        "100 Trying (INVITE) proxy1 -> A",
        "INVITE proxy1 -> proxy2",
        "100 Trying (INVITE) proxy2 -> proxy1",
        "INVITE proxy2 -> B",
        "180 Ringing (INVITE) B -> proxy2",
        "180 Ringing (INVITE) proxy2 -> proxy1",
        "180 Ringing (INVITE) proxy1 -> A",
        "200 OK (INVITE) B -> proxy2",
        "200 OK (INVITE) proxy2 -> proxy1",
        "200 OK (INVITE) proxy1 -> A",
        "ACK A -> proxy1",
        "ACK proxy1 -> proxy2",
        "ACK proxy2 -> B",
        "BYE A -> proxy1",
        "BYE proxy1 -> proxy2",
        "BYE proxy2 -> B",
        "200 OK (BYE) B -> proxy2",
        "200 OK (BYE) proxy2 -> proxy1",
        "200 OK (BYE) proxy1 -> A");

    @Test
    void withoutLossTheStoryHappens()
    {
        final SeedCallScenario story = new SeedCallScenario();
        final SeedCallScenario.Outcome outcome = story.play();
        System.out.println(outcome.describe());
        assertTrue(outcome.ok(), outcome::describe);
        assertEquals(LADDER, story.network().sent().stream().map(Datagram::label).toList(), outcome::describe);
        assertEquals(List.of(Tone.DIAL, Tone.RINGBACK), story.a().board().tonesPlayed(0), "A heard dial tone, then ringback");
        assertEquals(List.of(Tone.REORDER), story.b().board().tonesPlayed(0), "B heard A hang up");
        assertFalse(outcome.leftoversWhenEnded().isEmpty(), "transactions linger after the call, as their timers say");
    }

    @Test
    void theSameWorldSendsTheSameBytesAtTheSameTimes()
    {
        final SeedCallScenario one = new SeedCallScenario();
        final SeedCallScenario two = new SeedCallScenario();
        one.play();
        two.play();
        final List<Datagram> x = one.network().sent();
        final List<Datagram> y = two.network().sent();
        assertEquals(x.size(), y.size());
        for (int i = 0; i < x.size(); i++)
        {
            assertEquals(x.get(i).sentAtMs(), y.get(i).sentAtMs(), x.get(i).toString());
            assertEquals(x.get(i).text(), y.get(i).text(), x.get(i).toString());
        }
    }

    /** The harness does see a call that fails: every ACK towards B is lost, so B never has its 2xx acknowledged. */
    @Test
    void aLossThatIsNeverRepairedFailsTheStory()
    {
        final SeedCallScenario story = new SeedCallScenario();
        story.network().dropAll(d -> d.isRequest("ACK") && d.toName().equals("B"));
        final SeedCallScenario.Outcome outcome = story.play();
        assertFalse(outcome.ok());
        assertTrue(outcome.failures().get(0).startsWith("\"" + SeedCallScenario.CONNECTED + "\" did not happen"),
            outcome::describe);
        assertTrue(story.network().sent(d -> d.isResponse(200, "INVITE") && d.fromName().equals("B")).size() > 5,
            "B retransmitted its 2xx, A acknowledged each one:\n" + outcome.describe());
    }

    /** A 180 overtaken by the 200 (it arrives at proxy 1 after the answer) changes nothing. */
    @Test
    void aRingingOvertakenByTheAnswerChangesNothing()
    {
        final SeedCallScenario story = new SeedCallScenario();
        story.network().delay(d -> d.isResponse(180, "INVITE") && d.fromName().equals("proxy2"), SeedCallScenario.RING_MS + 500);
        final SeedCallScenario.Outcome outcome = story.play();
        assertTrue(outcome.ok(), outcome::describe);
        final Datagram late = story.network().sent(d -> d.isResponse(180, "INVITE") && d.fromName().equals("proxy2")).get(0);
        final Datagram ok = story.network().sent(d -> d.isResponse(200, "INVITE") && d.toName().equals("A")).get(0);
        assertTrue(late.deliveredAtMs() > ok.deliveredAtMs(), outcome::describe);
        assertEquals(List.of(Tone.DIAL), story.a().board().tonesPlayed(0), "no ringback once connected");
    }

    @TestFactory
    Stream<DynamicTest> eachMessageDroppedOnce()
    {
        final List<Datagram> baseline = baseline();
        assertEquals(LADDER.size(), baseline.size());
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Datagram d : baseline)
        {
            // retransmissions share the key: drop the occurrence the no-loss run had at this place
            final int nth = (int)baseline.stream().filter(x -> x.index() <= d.index() && x.key().equals(d.key())).count();
            tests.add(DynamicTest.dynamicTest("drop " + d.index() + ": " + d.label(), () -> dropAndPlay(d, nth)));
        }
        return tests.stream();
    }

    /** Every datagram of the no-loss story. */
    static List<Datagram> baseline()
    {
        final SeedCallScenario story = new SeedCallScenario();
        final SeedCallScenario.Outcome outcome = story.play();
        assertTrue(outcome.ok(), outcome::describe);
        return story.network().sent();
    }

    static void dropAndPlay(final Datagram lost, final int nth)
    {
        final SeedCallScenario story = new SeedCallScenario();
        final SimNetwork.Dropped dropped = story.network().dropOnce(d -> d.key().equals(lost.key()), nth);
        final SeedCallScenario.Outcome outcome = story.play();
        final Datagram d = dropped.datagram();
        assertNotNull(d, () -> "the message was never sent:\n" + outcome.describe());
        assertEquals(lost.label(), d.label());
        assertEquals(List.of(d), story.network().withFate(Datagram.Fate.DROPPED), "exactly one datagram lost");
        assertTrue(outcome.ok(), () -> "after dropping " + d + ":\n" + outcome.describe());

        final SeedCallScenario.Phase hit = outcome.phaseOf(d.index());
        final long limit = SeedCallScenario.PHASE_LIMIT_MS;
        assertTrue(hit.endMs() - d.sentAtMs() < limit,
            () -> "\"" + hit.name() + "\" came " + (hit.endMs() - d.sentAtMs()) + " ms after the loss:\n" + outcome.describe());
        final Optional<Datagram> resent = story.network().sent().stream()
            .filter(x -> x.index() > d.index() && x.key().equals(d.key()) && x.fate() == Datagram.Fate.DELIVERED).findFirst();
        resent.ifPresent(r -> assertTrue(r.deliveredAtMs() - d.sentAtMs() < limit,
            () -> "resent " + (r.deliveredAtMs() - d.sentAtMs()) + " ms after the loss:\n" + outcome.describe()));
        System.out.printf("drop %2d %-34s \"%s\" at +%d ms; %s; A heard %s%n", d.index(), d.label(), hit.name(),
            Math.max(0, hit.endMs() - d.sentAtMs()),
            resent.map(r -> "again at +" + (r.deliveredAtMs() - d.sentAtMs()) + " ms").orElse("never resent"),
            story.a().board().tonesPlayed(0));
    }
}
