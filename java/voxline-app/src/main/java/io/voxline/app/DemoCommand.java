package io.voxline.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.voxline.app.capture.PcapWriter;
import io.voxline.app.demo.Ladder;
import io.voxline.app.demo.SeedCall;
import io.voxline.app.demo.StoryCheck;
import io.voxline.journal.CallHistory;
import io.voxline.journal.CallRecord;
import io.voxline.journal.CallTable;

/** The seed call, end to end, in one process on loopback. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Run the seed call on the built-in mock board: phone A (router A, line 101) calls 201 through proxy 1 and",
        "proxy 2 to phone B (router B); they talk; A hangs up. Prints a ladder diagram drawn from the messages",
        "actually sent and exits 0 only if every step happened."})
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--pcap", paramLabel = "FILE", description = "write every SIP and RTP datagram of the run to FILE (pcap, opens in Wireshark/tshark)")
    Path pcap;

    @Option(names = "--journal", paramLabel = "DIR", description = "journal the calls here (default: ${DEFAULT-VALUE}; see them with: voxline calls --journal DIR)",
        defaultValue = "var/journal")
    Path journal;

    @Override
    public Integer call() throws IOException
    {
        System.out.println("voxline demo: the seed call, on one machine");
        System.out.println();
        boolean ok;
        final SeedCall story = new SeedCall(journal, System.out, 5060);
        StoryCheck wire;
        try
        {
            ok = story.playStory();
            // let the last retransmission-free answers land before reading the capture
            Thread.sleep(300);
            wire = story.checkWire();
            System.out.println();
            System.out.print(Ladder.draw(story.packets(), story.elements()));
            System.out.println();
            for (final String s : wire.passed())
            {
                System.out.println("ok   " + s);
            }
            for (final String f : wire.failures())
            {
                System.out.println("FAIL " + f);
            }
            ok &= wire.ok();
            if (pcap != null)
            {
                PcapWriter.write(pcap, story.packets());
                System.out.println("wrote " + story.packets().size() + " datagrams to " + pcap);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 1;
        }
        finally
        {
            story.close();
        }

        final CallHistory history = CallHistory.read(journal);
        final String callId = wire.callId();
        final boolean recorded = history.calls().stream().anyMatch(r -> r.callId().equals(callId) && isTheStory(r));
        System.out.println();
        System.out.println("router A's call history (voxline calls --journal " + journal + "), latest:");
        System.out.print(CallTable.format(history.calls().subList(Math.max(0, history.calls().size() - 3), history.calls().size())));
        final Path journalOfB = SeedCall.journalOfB(journal);
        final CallHistory historyOfB = CallHistory.read(journalOfB);
        System.out.println("router B's (voxline calls --journal " + journalOfB + "), latest:");
        System.out.print(CallTable.format(historyOfB.calls().subList(Math.max(0, historyOfB.calls().size() - 3), historyOfB.calls().size())));
        if (!recorded)
        {
            System.out.println("FAIL router A's journal does not hold this run's call (" + callId + ") from 101 to 201, answered and ended");
        }
        ok &= recorded;
        System.out.println();
        System.out.println(ok ? "voxline demo: every step happened" : "voxline demo: FAILED");
        return ok ? 0 : 1;
    }

    private boolean isTheStory(final CallRecord r)
    {
        return r.answered() && r.ended() && r.remoteUri().contains("201") && r.localUri().contains("101");
    }
}
