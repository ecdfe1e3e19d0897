package io.voxline.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.parse.BufferView;

/**
 * Property: no input makes the parser, the header flyweights or the writer throw, and whatever the
 * parser records lies inside the bytes it was given. Seeded, so a failure is reproducible.
 */
class SipMessageFuzzTest
{
    private static final String[] VALID = {
        Messages.INVITE, Messages.RINGING, Messages.OK_200, Messages.ACK, Messages.BYE, Messages.REGISTER, Messages.OPTIONS,
        Messages.lines(
            "OPTIONS sip:192.0.2.2 SIP/2.0",
            "v: SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bK2;rport, SIP/2.0/TCP 192.0.2.1;branch=z9hG4bK3",
            "m: \"Smith, John\" <sip:j@192.0.2.7;x=a>;p=\"a,b\";expires=5, *",
            "f: <sip:201@b.test>;tag=1",
            " ;x=y",
            "t: tel:+15551234;tag=2",
            "i: a1",
            "CSeq: 1 OPTIONS",
            "l: 0",
            ""),
    };
    private static final byte[] INTERESTING = "\r\n \t:;,<>\"\\@=/[]?%*0123456789.SIPsipz9hG4bK\0\u007f\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    private final SipMessage msg = new SipMessage();
    private final Via via = new Via();
    private final NameAddr addr = new NameAddr();
    private final SipUri uri = new SipUri();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 16]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final SipMessage reparsed = new SipMessage();

    @Test
    void randomBytesNeverThrow()
    {
        final Random random = new Random(0x5EED);
        for (int n = 0; n < 30_000; n++)
        {
            final byte[] bytes = new byte[random.nextInt(400)];
            for (int i = 0; i < bytes.length; i++)
            {
                bytes[i] = random.nextBoolean() ? (byte)random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
            }
            exercise(bytes, random);
        }
    }

    @Test
    void mutationsOfValidMessagesNeverThrow()
    {
        final Random random = new Random(0xC0FFEE);
        int accepted = 0;
        for (int n = 0; n < 150_000; n++)
        {
            byte[] bytes = VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.ISO_8859_1);
            final int mutations = 1 + random.nextInt(4);
            for (int k = 0; k < mutations; k++)
            {
                bytes = mutate(bytes, random);
            }
            if (exercise(bytes, random))
            {
                accepted++;
            }
        }
        assertTrue(accepted > 1000, "mutations should still often be valid: " + accepted);
    }

    @Test
    void everyPrefixOfAValidMessageIsHandled()
    {
        final Random random = new Random(7);
        for (final String text : VALID)
        {
            final byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            for (int len = 0; len <= bytes.length; len++)
            {
                exercise(java.util.Arrays.copyOf(bytes, len), random);
            }
        }
    }

    private static byte[] mutate(final byte[] b, final Random random)
    {
        if (b.length == 0)
        {
            return new byte[] {INTERESTING[random.nextInt(INTERESTING.length)]};
        }
        final int pos = random.nextInt(b.length);
        switch (random.nextInt(7))
        {
            case 0: // replace a byte
            {
                final byte[] c = b.clone();
                c[pos] = random.nextBoolean() ? (byte)random.nextInt(256) : INTERESTING[random.nextInt(INTERESTING.length)];
                return c;
            }
            case 1: // insert a byte
            {
                final byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, pos);
                c[pos] = INTERESTING[random.nextInt(INTERESTING.length)];
                System.arraycopy(b, pos, c, pos + 1, b.length - pos);
                return c;
            }
            case 2: // delete a run
            {
                final int len = Math.min(b.length - pos, 1 + random.nextInt(8));
                final byte[] c = new byte[b.length - len];
                System.arraycopy(b, 0, c, 0, pos);
                System.arraycopy(b, pos + len, c, pos, b.length - pos - len);
                return c;
            }
            case 3: // truncate
                return java.util.Arrays.copyOf(b, pos);
            case 4: // duplicate a run
            {
                final int len = Math.min(b.length - pos, 1 + random.nextInt(40));
                final byte[] c = new byte[b.length + len];
                System.arraycopy(b, 0, c, 0, pos + len);
                System.arraycopy(b, pos, c, pos + len, b.length - pos);
                return c;
            }
            case 5: // a digit run becomes huge
            {
                final byte[] nines = "99999999999999999999".getBytes(StandardCharsets.US_ASCII);
                final byte[] c = new byte[b.length + nines.length];
                System.arraycopy(b, 0, c, 0, pos);
                System.arraycopy(nines, 0, c, pos, nines.length);
                System.arraycopy(b, pos, c, pos + nines.length, b.length - pos);
                return c;
            }
            default: // flip case
            {
                final byte[] c = b.clone();
                c[pos] ^= 0x20;
                return c;
            }
        }
    }

    /** Parses bytes placed at a random offset and drives every reader; returns whether the parse succeeded. */
    private boolean exercise(final byte[] bytes, final Random random)
    {
        final int pad = random.nextInt(5);
        final UnsafeBuffer buf = new UnsafeBuffer(new byte[bytes.length + pad + random.nextInt(3)]);
        buf.putBytes(pad, bytes);
        try
        {
            final boolean ok = msg.parse(buf, pad, bytes.length);
            assertEquals(ok, msg.error() == ParseError.NONE);
            if (ok)
            {
                assertTrue(msg.offset() >= pad && msg.offset() + msg.length() <= pad + bytes.length);
                assertTrue(msg.bodyOffset() + msg.bodyLength() <= pad + bytes.length);
                assertTrue(msg.count(HeaderName.VIA) >= 1 && msg.topVia().isValid());
                assertEquals(1, msg.count(HeaderName.CALL_ID));
            }
            readEverything(pad, bytes.length);
            return ok;
        }
        catch (final Throwable t)
        {
            fail("threw on input (pad " + pad + "): " + escape(bytes), t);
            return false;
        }
    }

    private void readEverything(final int pad, final int length)
    {
        msg.toString();
        msg.errorReason();
        msg.methodName().toString();
        msg.requestUri().toString();
        msg.reasonPhrase().toString();
        msg.cseqMethodName().toString();
        final SipUri ru = msg.parsedRequestUri();
        if (ru != null)
        {
            touch(ru);
        }
        final BufferView callId = msg.callId();
        if (callId != null)
        {
            callId.toString();
        }
        msg.fromTag();
        msg.toTag();
        for (int i = 0; i < msg.headerCount(); i++)
        {
            assertTrue(msg.valueOffset(i) >= pad && msg.valueOffset(i) + msg.valueLength(i) <= pad + length, "entry inside input");
            msg.value(i).toString();
            msg.headerNameText(i).toString();
            msg.leadingNumber(i);
            if (via.parse(msg, i))
            {
                via.host().toString();
                via.branch();
                via.received();
                via.rport();
                via.isRfc3261Branch();
                via.portOrDefault();
                via.ttl();
            }
            if (addr.parse(msg, i))
            {
                addr.displayName();
                addr.tag();
                addr.expires();
                addr.q();
                touch(addr.uri());
            }
            if (uri.parse(msg.buffer(), msg.valueOffset(i), msg.valueLength(i)))
            {
                touch(uri);
            }
        }
        writer.wrap(out, 0);
        if (msg.error() == ParseError.NONE)
        {
            SipResponses.writeResponse(writer, msg, 200, null, "t1", "192.0.2.1", 5060);
        }
        else
        {
            SipResponses.writeParseError(writer, msg, "192.0.2.1", 5060);
        }
        if (writer.isComplete() || (!writer.hasFailed() && writer.endHeaders() > 0))
        {
            // what we write in answer must itself be a valid message
            assertTrue(reparsed.parse(out, 0, writer.length()), () -> reparsed.errorReason() + "\n" + writer);
        }
        writer.wrap(out, 0).statusLine(200, "OK");
        for (int i = 0; i < msg.headerCount(); i++)
        {
            if (msg.headerName(i) != HeaderName.CONTENT_LENGTH)
            {
                writer.copyEntry(msg, i);
            }
        }
        writer.endHeaders();
    }

    private static void touch(final SipUri u)
    {
        u.toString();
        u.user();
        u.host();
        u.port();
        u.transport();
        u.isLooseRouting();
        u.headers();
        u.opaquePart();
        u.hostAddress(new BufferView());
    }

    private static String escape(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            final int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\')
            {
                sb.append((char)c);
            }
            else
            {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
