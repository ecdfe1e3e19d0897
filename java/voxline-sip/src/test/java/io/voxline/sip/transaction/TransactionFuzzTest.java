package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;

/**
 * Mutated messages (bytes flipped, lines cut or repeated) that still parse must never make the layer throw,
 * whatever state their transactions are in; a TU that answers everything keeps the server side busy.
 */
class TransactionFuzzTest
{
    private static final List<String> SEEDS = List.of(
        Wire.invite("z9hG4bKf1"),
        Wire.request("BYE", "sip:201@127.0.0.2:5064", "z9hG4bKf2", 2),
        Wire.request("CANCEL", "sip:201@127.0.0.2:5064", "z9hG4bKf1", 1),
        Wire.request("ACK", "sip:201@127.0.0.2:5064", "z9hG4bKf1", 1),
        Wire.response(Wire.parse(Wire.invite("z9hG4bKc1")), 180, "t"),
        Wire.response(Wire.parse(Wire.invite("z9hG4bKc1")), 486, "t"),
        Wire.response(Wire.parse(Wire.invite("z9hG4bKc1")), 200, "t"),
        Wire.response(Wire.parse(Wire.request("BYE", "sip:x@127.0.0.2", "z9hG4bKc2", 2)), 200, "t"));

    @Test
    void mutatedMessagesNeverThrow()
    {
        final SteppedTimers timers = new SteppedTimers();
        final RecordingTransport transport = new RecordingTransport(Wire.B, timers);
        final RecordingUser user = new RecordingUser();
        final SplittableRandom random = new SplittableRandom(42);
        final java.util.List<ServerTransaction> seen = new java.util.ArrayList<>();
        user.onRequest = (st, m) ->
        {
            if (st != null)
            {
                seen.add(st);
                st.respond(100 + random.nextInt(600), null, random.nextBoolean() ? "t" : null);
            }
        };
        user.onCancel = (st, m) -> st.respond(487, null, "t");
        final TransactionLayer layer = new TransactionLayer(transport, timers, Wire.CONFIG, user, new SipIds(random));
        final RecordingListener listener = new RecordingListener();
        listener.onResponse = (t, r) ->
        {
            if (random.nextInt(4) == 0)
            {
                t.cancel();
            }
        };
        // client transactions for the responses to find
        for (final String branch : new String[] {"z9hG4bKc1", "z9hG4bKc2"})
        {
            final UnsafeBuffer b = Wire.buffer(branch.endsWith("1") ? Wire.invite(branch) :
                Wire.request("BYE", "sip:x@127.0.0.2", branch, 2));
            layer.sendRequest(b, 0, b.capacity(), Wire.A, listener);
        }
        final SipMessage m = new SipMessage();
        int parsed = 0;
        for (int round = 0; round < 20_000; round++)
        {
            final byte[] bytes = mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            if (m.parse(new UnsafeBuffer(bytes), 0, bytes.length))
            {
                parsed++;
                layer.onMessage(m, random.nextBoolean() ? Wire.A : Wire.B);
            }
            if (round % 50 == 0)
            {
                timers.advance(random.nextInt(3000));
            }
        }
        // an INVITE left proceeding waits for its TU (RFC 3261 has no timer there): the TU ends them now
        for (final ServerTransaction st : seen)
        {
            st.respond(500, null, "t");
        }
        timers.advance(200_000);
        assertTrue(parsed > 2000, "enough mutants parsed to mean something: " + parsed);
        assertTrue(layer.serverTransactionCount() == 0 && layer.clientTransactionCount() == 0,
            "everything ends: " + layer.serverTransactionCount() + "/" + layer.clientTransactionCount());
    }

    private static byte[] mutate(final String seed, final SplittableRandom random)
    {
        final byte[] bytes = seed.getBytes(StandardCharsets.UTF_8);
        final int edits = random.nextInt(4);
        for (int e = 0; e < edits; e++)
        {
            final int at = random.nextInt(bytes.length);
            switch (random.nextInt(4))
            {
                case 0:
                    bytes[at] = (byte)random.nextInt(256);
                    break;
                case 1:
                    bytes[at] = (byte)"z9hG4bK;=:,<>@ 0123456789".charAt(random.nextInt(25));
                    break;
                case 2:
                    bytes[at] = bytes[random.nextInt(bytes.length)];
                    break;
                default:
                    final String s = new String(bytes, StandardCharsets.ISO_8859_1);
                    final String[] lines = s.split("\r\n", -1);
                    final int i = 1 + random.nextInt(Math.max(1, lines.length - 3));
                    lines[i] = lines[Math.min(lines.length - 3, 1 + random.nextInt(Math.max(1, lines.length - 3)))];
                    return String.join("\r\n", lines).getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return bytes;
    }
}
