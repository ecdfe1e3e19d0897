package io.voxline.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.parse.BufferView;

/**
 * After warm-up, parsing a message, reading the usual headers and writing a response allocate nothing on
 * the calling thread (measured with the JVM's per-thread allocation counter, not timed).
 */
class SipMessageAllocationTest
{
    private static final int ROUNDS = 10_000;
    private static final int WARM_UP = 50_000;

    private final SipMessage msg = new SipMessage();
    private final Via via = new Via();
    private final NameAddr contact = new NameAddr();
    private final SipMessageWriter writer = new SipMessageWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private final UnsafeBuffer invite = Messages.buffer(Messages.INVITE);
    private final int inviteLength = Messages.length(Messages.INVITE);
    private final UnsafeBuffer register = Messages.buffer(Messages.REGISTER);
    private final int registerLength = Messages.length(Messages.REGISTER);
    private final UnsafeBuffer ringing = Messages.buffer(Messages.RINGING);
    private final int ringingLength = Messages.length(Messages.RINGING);
    private final UnsafeBuffer bad = Messages.buffer(Messages.OPTIONS.replace("CSeq: 63104 OPTIONS", "CSeq: 1 BYE"));
    private final int badLength = Messages.length(Messages.OPTIONS.replace("CSeq: 63104 OPTIONS", "CSeq: 1 BYE"));
    private final BufferView toTag = new BufferView(new UnsafeBuffer("b0b".getBytes()), 0, 3);
    private long sink;

    @Test
    void parsingAndReadingAllocateNothing()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        final long thread = Thread.currentThread().getId();

        for (int i = 0; i < WARM_UP; i++)
        {
            round();
        }
        // A window can catch a few dozen bytes from the JIT replacing code under a running loop; one
        // allocation per round would show as >= 160,000 bytes in every window.
        long allocated = Long.MAX_VALUE;
        for (int window = 0; window < 3 && allocated != 0; window++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < ROUNDS; i++)
            {
                round();
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertTrue(sink != 0);
        assertEquals(0, allocated, "bytes allocated over " + ROUNDS + " rounds");
    }

    private void round()
    {
        // an INVITE as a UAS or proxy reads it
        if (!msg.parse(invite, Messages.PAD, inviteLength))
        {
            throw new AssertionError(msg.errorReason());
        }
        sink += msg.method().ordinal();
        sink += msg.requestUri().length();
        sink += msg.parsedRequestUri().host().length();
        sink += msg.callId().length();
        sink += msg.cseqNumber() + msg.cseqMethod().ordinal();
        sink += msg.maxForwards() + msg.contentLength() + msg.bodyLength();
        sink += msg.topVia().branch().length() + msg.topVia().port();
        sink += msg.topVia().isRfc3261Branch() ? 1 : 0;
        sink += msg.fromTag().length();
        sink += msg.toTag() == null ? 1 : 0;
        sink += msg.from().uri().user().length();
        for (int i = msg.first(HeaderName.VIA); i >= 0; i = msg.next(HeaderName.VIA, i))
        {
            sink += via.parse(msg, i) ? via.host().length() : 0;
        }
        sink += contact.parse(msg, msg.first(HeaderName.CONTACT)) ? contact.uri().port() : 0;
        sink += msg.firstValue(HeaderName.CONTENT_TYPE).equalsIgnoreCase("application/sdp") ? 1 : 0;
        sink += msg.find("User-Agent");
        for (int i = 0; i < msg.headerCount(); i++)
        {
            sink += msg.headerName(i).ordinal() + msg.value(i).length();
        }

        // answer it: 180 with a tag, received and rport, a Contact
        writer.wrap(out, 0);
        SipResponses.writeResponse(writer, msg, 180, null, toTag, msg.topVia().host(), 5060);
        writer.startHeader(HeaderName.CONTACT).append("<sip:bob@").append(msg.parsedRequestUri().host()).append(':')
            .append(5060).append('>').endHeader();
        sink += writer.endHeaders();

        // a REGISTER's contacts, a response, and a bad request answered with 400
        if (!msg.parse(register, Messages.PAD, registerLength))
        {
            throw new AssertionError(msg.errorReason());
        }
        for (int i = msg.first(HeaderName.CONTACT); i >= 0; i = msg.next(HeaderName.CONTACT, i))
        {
            sink += contact.parse(msg, i) ? contact.expires() + contact.q() : 0;
        }
        sink += msg.expires();
        if (!msg.parse(ringing, Messages.PAD, ringingLength))
        {
            throw new AssertionError(msg.errorReason());
        }
        sink += msg.statusCode() + msg.toTag().length() + msg.count(HeaderName.VIA);
        msg.parse(bad, Messages.PAD, badLength);
        sink += SipResponses.writeParseError(writer.wrap(out, 0), msg, "192.0.2.4", 5060);
    }
}
