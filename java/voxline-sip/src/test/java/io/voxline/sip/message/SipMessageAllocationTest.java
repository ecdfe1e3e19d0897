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
    // the constructs RFC 4475 tortures: folding, quoted-pairs, escapes, list lines, IPv6, dates, multipart, streams
    private static final String BODY = "--b1\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b1\r\n" +
        "Content-Type: application/sdp\r\n\r\nv=0\r\n--b1--\r\n";
    private static final String TORTURE = Messages.lines(
        "MESSAGE sip:%61na;par=a%40example.net@[2001:db8::10]:5070;%6C%72;transport=udp SIP/2.0",
        "Via  : SIP  /   2.0",
        " /UDP  [2001:db8::9:1];branch=z9hG4bKt1;received=2001:db8::9:255, SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKt2",
        "From: \"Ann \\\"R\\\"\" <sip:annr@example.com>;tag=t9",
        "To: tok~en'+ <sip:%61na@example.com>",
        "Call-ID: torture.w0rd%ZK-!.*_+'@w0rd`~)(><",
        "cseq: 0011",
        "  MESSAGE",
        "Max-Forwards: 0069",
        "Allow: INVITE, ACK, BYE",
        "Supported: timer, 100rel",
        "Accept: application/sdp;level=1, */*",
        "Date: Sat, 15 Oct 2005 04:44:56 GMT",
        "Warning: 370 devnull \"a, b\"",
        "Route: <sip:192.0.2.8;lr>, <sip:[2001:db8::8];lr>",
        "Contact: <sip:c%61ller@192.0.2.1?Route=%3Csip:x%3E>;expires=60",
        "Authorization: Digest username=\"a\", realm=\"b\", nonce=\"c\", uri=\"sip:d\", response=\"e\"",
        "Retry-After: 120 (nap) ;duration=60",
        "Timestamp: 54.1 0.5",
        "Content-Type: multipart/mixed;boundary=\"b1\"",
        "Content-Length: " + BODY.length(),
        "") + BODY;
    private final UnsafeBuffer torture = Messages.buffer(TORTURE);
    private final int tortureLength = Messages.length(TORTURE);
    private final SipUri uriA = new SipUri();
    private final SipUri uriB = new SipUri();
    private final UnsafeBuffer uris = Messages.buffer("sip:%61na@[2001:DB8::10]:5070;transport=UDP;lr?x=1sip:ana@[2001:db8:0::10]:5070;lr;transport=udp?x=1");
    private final HeaderElements elements = new HeaderElements();
    private final MultipartBody parts = new MultipartBody();
    private final UnsafeBuffer decoded = new UnsafeBuffer(new byte[256]);
    private final BufferView toTagView = new BufferView();
    private long sink;
    private boolean equivalent;
    private int partsSeen;

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
        assertTrue(equivalent, "the two URIs are equivalent");
        assertEquals(2, partsSeen, "both parts were read");
        assertTrue(parts.isComplete());
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

        // the torture constructs, over a stream: framing, parse, and every helper a UA or proxy uses on them
        final int frame = SipFraming.frameLength(torture, Messages.PAD, tortureLength);
        if (frame != tortureLength || !msg.parseStream(torture, Messages.PAD, frame))
        {
            throw new AssertionError(msg.errorReason());
        }
        final SipUri ruri = msg.parsedRequestUri();
        sink += ruri.user().equalsDecoded("ana;par=a@example.net") ? 1 : 0;
        sink += ruri.isLooseRouting() ? 1 : 0;
        sink += ruri.port() + ruri.hostType().ordinal();
        sink += msg.from().displayName().equalsUnescaped("Ann \"R\"") ? 1 : 0;
        sink += msg.to().uri().user().equalsDecoded("ana") ? 1 : 0;
        sink += msg.cseqNumber() + msg.maxForwards();
        for (elements.start(msg, HeaderName.ALLOW); elements.next(); )
        {
            sink += elements.length();
        }
        sink += elements.count(msg, HeaderName.ACCEPT);
        sink += contact.parse(msg, msg.first(HeaderName.CONTACT)) && contact.uri().header("route").equalsDecoded("<sip:x>") ? 1 : 0;
        sink += contact.uri().user().decodeTo(decoded, 0);
        sink += via.parse(msg, msg.first(HeaderName.VIA)) ? via.receivedAddress(toTagView).length() : 0;
        if (parts.wrap(msg))
        {
            partsSeen = 0;
            while (parts.next() && ++partsSeen > 0)
            {
                sink += parts.partBodyLength() + (parts.partMediaType().is("application", "sdp") ? 1 : 0);
            }
        }
        uriA.parse(uris, Messages.PAD, 50);
        uriB.parse(uris, Messages.PAD + 50, 50);
        equivalent = SipUri.equivalent(uriA, uriB);
        sink += equivalent ? 1 : 0;
    }
}
