package io.voxline.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.StreamFramer.Result;

class StreamFramerTest
{
    private static final String OPTIONS = "OPTIONS sip:127.0.0.1 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";
    private static final String MESSAGE = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK2\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Length: 11\r\n" +
        "\r\n" +
        "hello\r\n\r\nyo";

    private final StreamFramer framer = new StreamFramer(1024);

    private static UnsafeBuffer bytes(final String s)
    {
        return new UnsafeBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Frames the whole text as a stream: the messages found (as text), "PING" for pings; stops at the first other result. */
    private List<String> frameAll(final String text)
    {
        final UnsafeBuffer b = bytes(text);
        final List<String> out = new ArrayList<>();
        int start = 0;
        while (true)
        {
            final Result r = framer.scan(b, start, b.capacity());
            switch (r)
            {
                case MESSAGE -> out.add(b.getStringWithoutLengthAscii(start, framer.length()));
                case PING -> out.add("PING");
                case SKIP ->
                {
                    // ignored CR/LF
                }
                default ->
                {
                    out.add(r.name());
                    return out;
                }
            }
            start += framer.length();
        }
    }

    @Test
    void aMessageWithABodyIsFramedByContentLengthEvenWhenTheBodyHoldsAnEmptyLine()
    {
        assertEquals(List.of(MESSAGE, "NEED_MORE"), frameAll(MESSAGE));
    }

    @Test
    void severalMessagesInOneReadComeOutOneByOne()
    {
        assertEquals(List.of(OPTIONS, MESSAGE, OPTIONS, "NEED_MORE"), frameAll(OPTIONS + MESSAGE + OPTIONS));
    }

    @Test
    void aMessageSplitAtEveryPossiblePlaceIsIncompleteUntilItsLastByte()
    {
        final UnsafeBuffer b = bytes(MESSAGE);
        for (int end = 1; end < b.capacity(); end++)
        {
            assertEquals(Result.NEED_MORE, framer.scan(b, 0, end), "after " + end + " bytes");
            assertTrue(framer.messageStarted());
        }
        assertEquals(Result.MESSAGE, framer.scan(b, 0, b.capacity()));
        assertEquals(b.capacity(), framer.length());
    }

    @Test
    void compactAndOddlyCasedAndFoldedContentLengthsCount()
    {
        final String compact = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nl: 3\r\n\r\nabc";
        assertEquals(List.of(compact, "NEED_MORE"), frameAll(compact));
        final String cased = "SIP/2.0 200 OK\r\ncOnTeNt-LeNgTh   :\t2 \r\n\r\nok";
        assertEquals(List.of(cased, "NEED_MORE"), frameAll(cased));
        final String folded = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length:\r\n   4\r\n\r\nabcd";
        assertEquals(List.of(folded, "NEED_MORE"), frameAll(folded));
        final String bareLf = "MESSAGE sip:a@127.0.0.1 SIP/2.0\nContent-Length: 2\n\nhi";
        assertEquals(List.of(bareLf, "NEED_MORE"), frameAll(bareLf));
    }

    @Test
    void otherHeadersThatMerelyContainTheNameDoNotCount()
    {
        final String m = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nX-Content-Length: 99\r\nSubject: Content-Length: 7\r\n" +
            "Content-Length: 1\r\n\r\nZ";
        assertEquals(List.of(m, "NEED_MORE"), frameAll(m));
    }

    @Test
    void aMissingContentLengthFramesTheHeaderAloneAndSaysSo()
    {
        final String m = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1\r\n\r\n";
        final UnsafeBuffer b = bytes(m);
        assertEquals(Result.MESSAGE, framer.scan(b, 0, b.capacity()));
        assertEquals(b.capacity(), framer.length());
        assertTrue(framer.contentLengthMissing());
        assertEquals(Result.MESSAGE, framer.scan(bytes(OPTIONS), 0, OPTIONS.length()));
        assertFalse(framer.contentLengthMissing());
    }

    @Test
    void contentLengthsThatCannotFrameTheStreamAreRefused()
    {
        for (final String value : new String[] {"abc", "-1", "1 2", "", "1,1", "0x10"})
        {
            final String m = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: " + value + "\r\n\r\n";
            assertEquals(Result.BAD_CONTENT_LENGTH, framer.scan(bytes(m), 0, m.length()), value);
        }
        final String twice = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: 1\r\nl: 2\r\n\r\nab";
        assertEquals(Result.BAD_CONTENT_LENGTH, framer.scan(bytes(twice), 0, twice.length()));
        final String same = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: 2\r\nl: 2\r\n\r\nab";
        assertEquals(Result.MESSAGE, framer.scan(bytes(same), 0, same.length()));
    }

    @Test
    void oversizedMessagesAreRefusedBeforeTheyArrive()
    {
        final String bigBody = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: 1000\r\n\r\n";
        assertEquals(Result.TOO_LARGE, framer.scan(bytes(bigBody), 0, bigBody.length()), "declared body over the limit");
        final String huge = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n";
        assertEquals(Result.TOO_LARGE, framer.scan(bytes(huge), 0, huge.length()));
        final String endless = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nX: " + "a".repeat(1100);
        assertEquals(Result.TOO_LARGE, framer.scan(bytes(endless), 0, endless.length()), "no header end within the limit");
        final String shortHeader = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nX: " + "a".repeat(500);
        assertEquals(Result.NEED_MORE, framer.scan(bytes(shortHeader), 0, shortHeader.length()));
        final String exact = "MESSAGE sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: 968\r\n\r\n";
        final String full = exact + "b".repeat(1024 - exact.length());
        assertEquals(Result.MESSAGE, framer.scan(bytes(full), 0, full.length()), "exactly the limit");
    }

    @Test
    void keepalivePingsAreFoundAndLoneCrlfsIgnored()
    {
        assertEquals(List.of("PING", "NEED_MORE"), frameAll("\r\n\r\n"));
        assertEquals(List.of("PING", OPTIONS, "PING", "NEED_MORE"), frameAll("\r\n\r\n" + OPTIONS + "\r\n\r\n"));
        assertEquals(List.of(OPTIONS, "NEED_MORE"), frameAll("\r\n" + OPTIONS), "a lone CRLF (a pong) before a message");
        final UnsafeBuffer half = bytes("\r\n");
        assertEquals(Result.NEED_MORE, framer.scan(half, 0, 2), "maybe the first half of a ping");
        assertFalse(framer.messageStarted(), "CRLF alone is not a message begun");
        assertEquals(Result.NEED_MORE, framer.scan(bytes("\r\n\r"), 0, 3));
        assertFalse(framer.messageStarted());
        assertEquals(List.of(OPTIONS, "NEED_MORE"), frameAll("\n\r" + OPTIONS), "other CR/LF runs are skipped");
    }

    @Test
    void anEmptyRangeNeedsMoreAndTinyLimitsAreRejected()
    {
        assertEquals(Result.NEED_MORE, framer.scan(bytes("x"), 0, 0));
        assertFalse(framer.messageStarted());
        assertThrows(IllegalArgumentException.class, () -> new StreamFramer(10));
    }
}
