package io.voxline.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.app.demo.SeedCall;
import io.voxline.app.demo.SipHop;
import io.voxline.app.demo.StoryCheck;
import io.voxline.board.MockPhones;
import io.voxline.journal.CallHistory;
import io.voxline.sip.message.SipMethod;

/** The two ways a call does not get answered: the caller gives up while it rings, or the callee is busy. */
class CancelAndBusySystemTest
{
    @TempDir
    Path journal;

    @Test
    void hangingUpWhileItRingsCancelsTheCallOnBothSides()
    {
        try (SeedCall net = new SeedCall(journal.resolve("router-a"), System.out))
        {
            final MockPhones a = net.phoneA();
            final MockPhones b = net.phoneB();
            assertTrue(net.step("registered", () -> { }, () -> net.gatewayA().isRegistered(1) && net.gatewayB().isRegistered(1)));
            assertTrue(net.step("A dials 201", () ->
            {
                a.hook(0, true);
                a.dial(0, "201", 100, 100);
            }, () -> b.state(0).ringing()));
            assertTrue(net.step("A hears ringback", () -> { }, () -> SeedCall.hears(a, 440, 480)));
            assertTrue(net.step("A hangs up while B rings: B stops ringing, both idle", () -> a.hook(0, false),
                () -> !b.state(0).ringing() && SeedCall.callState(net.gatewayA()).startsWith("call=idle") &&
                    SeedCall.callState(net.gatewayB()).startsWith("call=idle")));

            assertTrue(net.step("a CANCEL reached B through the proxies and A got 487 for its INVITE", () -> { },
                () -> hops(net).stream().anyMatch(h -> h.request() && h.method() == SipMethod.CANCEL && h.to() == net.elements().get(3)) &&
                    hops(net).stream().anyMatch(h -> !h.request() && h.status() == 487 && h.to() == net.elements().get(0))),
                SeedCallSystemTest.describe(hops(net)));
            final List<SipHop> hops = hops(net);
            assertTrue(hops.stream().noneMatch(h -> !h.request() && h.status() == 200 && h.cseqMethod() == SipMethod.INVITE),
                "nobody answered");
        }
        for (final Path router : List.of(journal.resolve("router-a"), SeedCall.journalOfB(journal.resolve("router-a"))))
        {
            final List<io.voxline.journal.CallRecord> calls = CallHistory.read(router).calls();
            assertTrue(calls.size() == 1 && calls.get(0).ended() && !calls.get(0).answered() && calls.get(0).endReason().equals("cancelled"),
                "journalled as cancelled, never answered: " + calls);
        }
    }

    @Test
    void callingABusyLineGivesBusyTone()
    {
        try (SeedCall net = new SeedCall(journal.resolve("router-a"), System.out))
        {
            final MockPhones a = net.phoneA();
            final MockPhones b = net.phoneB();
            assertTrue(net.step("registered", () -> { }, () -> net.gatewayA().isRegistered(1) && net.gatewayB().isRegistered(1)));
            assertTrue(net.step("B is off-hook (busy)", () -> b.hook(0, true), () -> SeedCall.hears(b, 350, 440)));
            assertTrue(net.step("A calls 201 and hears busy tone (480+620)", () ->
            {
                a.hook(0, true);
                a.dial(0, "201", 100, 100);
            }, () -> SeedCall.hears(a, 480, 620)));
            final List<SipHop> hops = hops(net);
            assertTrue(hops.stream().anyMatch(h -> !h.request() && h.status() == 486 && h.to() == net.elements().get(0)),
                "486 Busy Here came back to A:\n" + SeedCallSystemTest.describe(hops));
            assertTrue(!b.state(0).ringing(), "a busy phone does not ring");
        }
    }

    private static List<SipHop> hops(final SeedCall net)
    {
        final StoryCheck check = new StoryCheck(net.packets(), net.elements().get(0), net.elements().get(1), net.elements().get(2), net.elements().get(3));
        return check.hops();
    }
}
