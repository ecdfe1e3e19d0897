package io.voxline.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.board.Board;
import io.voxline.board.Boards;
import io.voxline.board.MockPhones;
import io.voxline.board.ToneReport;
import io.voxline.journal.CallDirection;
import io.voxline.journal.CallHistory;
import io.voxline.journal.CallRecord;
import io.voxline.media.rtp.RtpPacketTap;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.transport.PacketTap;

/**
 * Two real gateways on loopback, each the other's "proxy", with real mock boards: a person at A lifts the
 * handset, hears dial tone, dials B's number; B rings and A hears ringback; B answers; tones spoken into each
 * mouthpiece are heard at the far earpiece; A hangs up and B hears reorder until it hangs up too. REGISTERs to a
 * gateway are refused (405) and back off; that is fine here.
 */
class TwoGatewaysTest
{
    private static final long WAIT_MS = 10_000;

    @TempDir
    Path dir;

    private static int freeUdpPort()
    {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return s.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private GatewayConfig config(final InetSocketAddress listen, final String user, final String domain,
        final InetSocketAddress peer, final String journal)
    {
        return new GatewayConfig(listen, "mock:lines=1,region=us",
            List.of(new GatewayConfig.Line(1, user, domain, peer, null, "Phone " + user)),
            new GatewayConfig.Media("127.0.0.1", 0, 0, List.of("PCMU", "PCMA")), dir.resolve(journal),
            GatewayConfig.Dialing.DEFAULT, 3600);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aCallFromPhoneAToPhoneB() throws Exception
    {
        final InetSocketAddress addrA = new InetSocketAddress("127.0.0.1", freeUdpPort());
        final InetSocketAddress addrB = new InetSocketAddress("127.0.0.1", freeUdpPort());
        // what crossed the sockets: "A>B INVITE", "B>A 180", ... and RTP packets between the two
        final Queue<String> ladder = new ConcurrentLinkedQueue<>();
        final PacketTap sipTap = (src, dst, buf, off, len) ->
        {
            final SipMessage m = new SipMessage();
            if (m.parse(buf, off, len) && (m.cseqMethod() != SipMethod.REGISTER))
            {
                ladder.add((src.equals(addrA) ? "A>B " : "B>A ") +
                    (m.isRequest() ? m.methodName().toString() : m.statusCode() + " " + m.cseqMethodName()));
            }
        };
        final AtomicLong rtpAtoB = new AtomicLong();
        final AtomicLong rtpBtoA = new AtomicLong();
        final RtpPacketTap tapA = (src, dst, buf, off, len) -> rtpAtoB.incrementAndGet();
        final RtpPacketTap tapB = (src, dst, buf, off, len) -> rtpBtoA.incrementAndGet();
        try (Board boardA = Boards.open("mock:lines=1,region=us");
            Board boardB = Boards.open("mock:lines=1,region=us");
            Gateway a = Gateway.start(config(addrA, "101", "a.test", addrB, "journal-a"), boardA,
                GatewayOptions.DEFAULT.withSipTap(sipTap).withRtpTap(tapA));
            Gateway b = Gateway.start(config(addrB, "201", "b.test", addrA, "journal-b"), boardB,
                GatewayOptions.DEFAULT.withSipTap(sipTap).withRtpTap(tapB)))
        {
            assertEquals(addrA, a.sipAddress());
            final MockPhones phoneA = boardA.mockPhones();
            final MockPhones phoneB = boardB.mockPhones();
            assertEquals("call=idle peer=-", a.describeLine(1));
            assertEquals(null, a.describeLine(2));

            phoneA.hook(0, true);
            awaitHeard(phoneA, "dial tone at A", 350, 440);
            assertEquals("call=dialtone peer=-", a.describeLine(1));

            phoneA.dial(0, "201", 100, 100);
            await("B rings", () -> phoneB.state(0).ringing());
            await("B's line is ringing", () -> b.describeLine(1).equals("call=ringing peer=sip:101@a.test"));
            await("caller ID at B", () -> "101".equals(phoneB.state(0).callerIdNumber()));
            assertEquals("Phone 101", phoneB.state(0).callerIdName());
            awaitHeard(phoneA, "ringback at A", 440, 480);
            assertEquals("call=ringback peer=sip:201@a.test", a.describeLine(1));

            phoneB.hook(0, true);
            await("A connected", () -> a.describeLine(1).equals("call=connected peer=sip:201@a.test"));
            await("B connected", () -> b.describeLine(1).equals("call=connected peer=sip:101@a.test"));
            assertFalse(phoneB.state(0).ringing());

            phoneA.speakTone(0, 1000);
            awaitHeard(phoneB, "A's 1000 Hz at B", 1000);
            phoneA.speakTone(0, 0);
            phoneB.speakTone(0, 1500);
            awaitHeard(phoneA, "B's 1500 Hz at A", 1500);
            phoneB.speakTone(0, 0);

            phoneA.hook(0, false);
            await("A idle", () -> a.describeLine(1).equals("call=idle peer=-"));
            await("B disconnected", () -> b.describeLine(1).equals("call=disconnected peer=-"));
            awaitHeard(phoneB, "reorder at B", 480, 620);
            phoneB.hook(0, false);
            await("B idle", () -> b.describeLine(1).equals("call=idle peer=-"));
            assertFalse(a.isRegistered(1), "a gateway is no registrar");
            await("B's 200 for the BYE", () -> ladder.contains("B>A 200 BYE"));
        }
        assertEquals(List.of("A>B INVITE", "B>A 180 INVITE", "B>A 200 INVITE", "A>B ACK", "A>B BYE", "B>A 200 BYE"),
            ladder.stream().filter(l -> !l.contains("100 ")).distinct().toList(), ladder.toString());
        assertTrue(rtpAtoB.get() > 50 && rtpBtoA.get() > 50, "RTP both ways: " + rtpAtoB + " / " + rtpBtoA);

        final CallRecord out = CallHistory.read(dir.resolve("journal-a")).calls().get(0);
        assertEquals(CallDirection.OUT, out.direction());
        assertEquals("sip:101@a.test", out.localUri());
        assertEquals("sip:201@a.test", out.remoteUri());
        assertTrue(out.answered() && out.ended());
        assertEquals("local hangup", out.endReason());
        final CallRecord in = CallHistory.read(dir.resolve("journal-b")).calls().get(0);
        assertEquals(CallDirection.IN, in.direction());
        assertEquals(out.callId(), in.callId());
        assertEquals("remote hangup", in.endReason());
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (System.nanoTime() < deadline)
        {
            if (condition.getAsBoolean())
            {
                return;
            }
            Thread.sleep(20);
        }
        fail("timed out waiting for " + what);
    }

    /** Waits until the phone's ear carries every frequency given (±10 Hz) over the last 500 ms. */
    private static void awaitHeard(final MockPhones phone, final String what, final int... hz) throws InterruptedException
    {
        final Supplier<ToneReport> ear = () -> phone.hear(0, 500);
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        ToneReport last = null;
        while (System.nanoTime() < deadline)
        {
            last = ear.get();
            boolean all = true;
            for (final int f : hz)
            {
                all &= last.contains(f, 10);
            }
            if (all)
            {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what + "; last heard " + last);
    }
}
