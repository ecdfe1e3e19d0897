package io.voxline.sip.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.OptionTags;
import io.voxline.sip.message.ParseError;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.SipResponses;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.ParamList;
import io.voxline.sip.sdp.LocalAudio;
import io.voxline.sip.sdp.Negotiation;
import io.voxline.sip.sdp.SdpNegotiator;
import io.voxline.sip.sdp.SdpParser;
import io.voxline.sip.sdp.SessionDescription;

/**
 * Jazzer targets over the SIP parser, its flyweights, the writer and the SDP parser. Any exception or failed
 * invariant is a finding. In a plain {@code mvn verify} they run once per file in
 * {@code ParserFuzzTestInputs/<method>/} (seeds, kept corpus, regressions); see the README's "Fuzzing" for a
 * real run.
 */
class ParserFuzzTest
{
    /** Where the second parse places the input inside a larger buffer, as a ring slot would hold it. */
    private static final int PAD = 11;
    private static final LocalAudio LOCAL = LocalAudio.of("127.0.0.1", 40000);

    private final SipMessage exact = new SipMessage();
    private final SipMessage padded = new SipMessage();
    private final SipMessage reparsed = new SipMessage();
    private final SipMessage again = new SipMessage();
    private final Via via = new Via();
    private final NameAddr addr = new NameAddr();
    private final SipUri uri = new SipUri();
    private final BufferView hostAddress = new BufferView();
    private final SipMessageWriter writer = new SipMessageWriter();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1 << 17]);
    private final UnsafeBuffer out2 = new UnsafeBuffer(new byte[1 << 17]);

    /**
     * Arbitrary bytes as one datagram: the parse never throws and is the same wherever the bytes lie; every
     * accessor and flyweight reads only inside the input; a valid message re-encoded by the writer parses to
     * the same message; every answer we would write (response, 400/505, CANCEL, ACK) parses; a body that is
     * SDP survives encode and parse.
     */
    @FuzzTest(maxDuration = "40s")
    void sipMessage(final byte[] input)
    {
        // exactly the input's bytes: a read outside them throws (Agrona checks bounds)
        final UnsafeBuffer tight = new UnsafeBuffer(input.length == 0 ? new byte[1] : input, 0, Math.max(1, input.length));
        final boolean ok = exact.parse(tight, 0, input.length);
        final byte[] roomy = new byte[input.length + 2 * PAD];
        Arrays.fill(roomy, (byte)'#');
        System.arraycopy(input, 0, roomy, PAD, input.length);
        final UnsafeBuffer inside = new UnsafeBuffer(roomy);
        assertEquals(ok, padded.parse(inside, PAD, input.length), "the result depends on where the bytes lie");
        assertSameShape(exact, padded, PAD);

        final SipMessage m = padded;
        assertEquals(ok, m.error() == ParseError.NONE);
        checkResult(m, PAD, input.length);
        readEverything(m, PAD, input.length);
        if (ok)
        {
            checkValid(m, PAD, input.length);
            reencode(m);
        }
        answers(m);
        if (m.bodyLength() > 0 && m.bodyOffset() >= PAD && m.bodyOffset() + m.bodyLength() <= PAD + input.length)
        {
            sdp(SdpParser.parse(inside, m.bodyOffset(), m.bodyLength()));
        }
    }

    /** Arbitrary bytes as an SDP body: parse, encode and parse again give the same description; offer/answer holds. */
    @FuzzTest(maxDuration = "40s")
    void sdpBody(final byte[] input)
    {
        sdp(SdpParser.parse(input));
    }

    // ------------------------------------------------------------------------------------------ SIP

    private static void assertSameShape(final SipMessage a, final SipMessage b, final int shift)
    {
        assertEquals(a.error(), b.error());
        assertEquals(a.isAnswerable(), b.isAnswerable());
        assertEquals(a.headerCount(), b.headerCount());
        assertEquals(a.length(), b.length());
        assertEquals(a.bodyLength(), b.bodyLength());
        for (int i = 0; i < a.headerCount(); i++)
        {
            assertEquals(a.headerName(i), b.headerName(i));
            assertEquals(a.valueOffset(i) + shift, b.valueOffset(i));
            assertEquals(a.valueLength(i), b.valueLength(i));
        }
    }

    private static void checkResult(final SipMessage m, final int start, final int length)
    {
        final ParseError e = m.error();
        assertNotNull(e);
        final String reason = m.errorReason();
        assertNotNull(reason);
        assertFalse(reason.isEmpty());
        for (int k = 0; k < reason.length(); k++)
        {
            assertTrue(reason.charAt(k) >= 0x20 && reason.charAt(k) < 0x7F, "a reason phrase is printable text");
        }
        if (e != ParseError.NONE)
        {
            assertTrue(m.errorStatus() == 400 || m.errorStatus() == 505, () -> e + " answers " + m.errorStatus());
        }
        assertTrue(m.headerCount() >= 0 && m.headerCount() <= m.maxHeaders());
        for (int i = 0; i < m.headerCount(); i++)
        {
            assertTrue(m.valueOffset(i) >= start && m.valueOffset(i) + m.valueLength(i) <= start + length, "entry inside the input");
            assertTrue(m.nameOffset(i) >= start && m.nameOffset(i) + m.nameLength(i) <= m.valueOffset(i), "name before value");
        }
        if (m.isAnswerable())
        {
            assertTrue(m.isRequest() && m.method() != SipMethod.ACK);
        }
    }

    private static void checkValid(final SipMessage m, final int start, final int length)
    {
        assertTrue(m.offset() >= start && m.offset() + m.length() <= start + length);
        assertTrue(m.bodyOffset() >= m.offset() && m.bodyOffset() + m.bodyLength() == m.offset() + m.length());
        assertTrue(m.isRequest() != m.isResponse());
        assertTrue(m.count(HeaderName.VIA) >= 1 && m.topVia().isValid());
        assertTrue(m.from().isValid() && m.to().isValid());
        assertEquals(1, m.count(HeaderName.CALL_ID));
        assertEquals(1, m.count(HeaderName.CSEQ));
        assertTrue(m.callId().length() > 0);
        assertTrue(m.cseqNumber() >= 0 && m.cseqNumber() <= SipMessage.MAX_UINT32);
        assertTrue(m.maxForwards() >= -1 && m.maxForwards() <= 255);
        assertTrue(m.contentLength() == -1 || m.contentLength() == m.bodyLength());
        if (m.isRequest())
        {
            assertTrue(m.methodName().length() > 0 && m.requestUri().length() > 0);
            assertTrue(m.methodName().contentEquals(m.cseqMethodName()), "CSeq method is the request's");
            assertEquals(m.method(), m.cseqMethod());
            assertTrue(m.isAnswerable() == (m.method() != SipMethod.ACK), "a valid request other than ACK is answerable");
        }
        else
        {
            assertTrue(m.statusCode() >= 100 && m.statusCode() <= 699);
        }
        for (int i = 0; i < m.headerCount(); i++)
        {
            assertTrue(m.valueOffset(i) + m.valueLength(i) <= m.bodyOffset(), "headers before the body");
        }
    }

    /** Every reader on every entry: nothing throws and every view lies inside the input. */
    private void readEverything(final SipMessage m, final int start, final int length)
    {
        final int end = start + length;
        m.toString();
        m.methodName().toString();
        m.requestUri().toString();
        m.reasonPhrase().toString();
        m.cseqMethodName().toString();
        final SipUri ru = m.parsedRequestUri();
        if (ru != null)
        {
            touch(ru, start, end);
        }
        final BufferView callId = m.callId();
        if (callId != null)
        {
            inside(callId, start, end);
        }
        m.fromTag();
        m.toTag();
        OptionTags.countUnsupported(m, HeaderName.REQUIRE);
        OptionTags.countUnsupported(m, HeaderName.PROXY_REQUIRE, "100rel", "timer");
        OptionTags.countUnsupported(m, HeaderName.SUPPORTED, "path");
        for (int i = 0; i < m.headerCount(); i++)
        {
            inside(m.value(i), start, end);
            inside(m.headerNameText(i), start, end);
            m.value(i).toUtf8String();
            m.leadingNumber(i);
            final int found = m.find(m.headerNameText(i));
            assertTrue(found >= 0 && found <= i, "find() finds an entry by its own name");
            assertEquals(m.headerName(i), m.headerName(found));
            if (via.parse(m, i))
            {
                checkVia(via, start, end);
            }
            if (addr.parse(m, i))
            {
                inside(addr.text(), start, end);
                inside(addr.displayName(), start, end);
                inside(addr.uriText(), start, end);
                inside(addr.tag(), start, end);
                addr.expires();
                addr.q();
                addr.isWildcard();
                addr.hasAngleBrackets();
                params(addr.params(), start, end);
                addr.toString();
                if (!addr.isWildcard())
                {
                    touch(addr.uri(), start, end);
                }
            }
            if (uri.parse(m.buffer(), m.valueOffset(i), m.valueLength(i)))
            {
                touch(uri, start, end);
            }
        }
        if (m.error() == ParseError.NONE)
        {
            checkVia(m.topVia(), start, end);
        }
    }

    private void checkVia(final Via v, final int start, final int end)
    {
        inside(v.text(), start, end);
        inside(v.protocolName(), start, end);
        inside(v.protocolVersion(), start, end);
        inside(v.transport(), start, end);
        inside(v.host(), start, end);
        assertTrue(v.host().length() > 0, "a valid Via has a host");
        assertTrue(v.port() >= -1 && v.port() <= 65535);
        assertTrue(v.portOrDefault() >= 0 && v.portOrDefault() <= 65535);
        inside(v.branch(), start, end);
        inside(v.received(), start, end);
        inside(v.maddr(), start, end);
        assertTrue(v.rport() >= -1 && v.rport() <= 65535);
        v.hasRport();
        v.isRfc3261Branch();
        v.ttl();
        v.hostType();
        params(v.params(), start, end);
        assertTrue(v.rportParamIndex() < v.params().count());
        v.toString();
    }

    private void touch(final SipUri u, final int start, final int end)
    {
        assertTrue(u.isValid());
        inside(u.text(), start, end);
        inside(u.schemeName(), start, end);
        inside(u.user(), start, end);
        inside(u.password(), start, end);
        inside(u.host(), start, end);
        inside(u.opaquePart(), start, end);
        inside(u.headers(), start, end);
        inside(u.transport(), start, end);
        inside(u.maddr(), start, end);
        assertTrue(u.port() >= -1 && u.port() <= 65535);
        u.portOrDefault();
        u.scheme();
        u.isLooseRouting();
        params(u.params(), start, end);
        final BufferView address = u.hostAddress(hostAddress);
        if (address != null)
        {
            inside(address, start, end);
            u.hostType();
        }
        u.toString();
    }

    private static void params(final ParamList p, final int start, final int end)
    {
        assertTrue(p.count() >= 0 && p.count() <= ParamList.MAX_PARAMS);
        for (int k = 0; k < p.count(); k++)
        {
            inside(p.name(k), start, end);
            assertTrue(p.nameLength(k) > 0, "a parameter has a name");
            if (p.valueLength(k) >= 0)
            {
                inside(p.value(k), start, end);
            }
        }
    }

    private static void inside(final BufferView v, final int start, final int end)
    {
        if (v != null && v.buffer() != null)
        {
            // an empty view may point anywhere; a non-empty one must lie inside the input
            assertTrue(v.length() == 0 || (v.offset() >= start && v.length() > 0 && v.offset() + v.length() <= end),
                () -> "a view outside the input: [" + v.offset() + ", +" + v.length() + ") of [" + start + ", " + end + ")");
            v.toString();
        }
    }

    // ------------------------------------------------------------------------------------------ writer

    /**
     * The writer's copy of a valid message parses to the same message, and writing that copy again gives the
     * same bytes: what a proxy forwards is what it received, in canonical form.
     */
    private void reencode(final SipMessage m)
    {
        final int len = copy(m, out);
        assertTrue(len > 0, () -> "the writer failed to copy:\n" + m);
        assertTrue(reparsed.parse(out, 0, len), () -> "our copy does not parse (" + reparsed.errorReason() + "):\n" + writer);
        assertEquals(m.isRequest(), reparsed.isRequest());
        assertEquals(m.statusCode(), reparsed.statusCode());
        assertTrue(m.methodName().contentEquals(reparsed.methodName()));
        assertTrue(m.requestUri().contentEquals(reparsed.requestUri()));
        int entries = 0;
        for (int i = 0; i < m.headerCount(); i++)
        {
            if (m.headerName(i) == HeaderName.CONTENT_LENGTH)
            {
                continue;
            }
            final int j = entries++;
            assertEquals(m.headerName(i), reparsed.headerName(j), "entry " + i);
            if (m.headerName(i) == HeaderName.OTHER)
            {
                assertTrue(m.headerNameText(i).equalsIgnoreCase(reparsed.headerNameText(j)));
            }
            assertEquals(unfolded(m.value(i)), reparsed.value(j).toString(), "entry " + i + " keeps its value");
        }
        assertEquals(entries + 1, reparsed.headerCount(), "the copy adds only Content-Length");
        assertTrue(m.callId().contentEquals(reparsed.callId()));
        assertEquals(m.cseqNumber(), reparsed.cseqNumber());
        assertTrue(sameBytes(m, reparsed), "the body is kept");

        final int len2 = copy(reparsed, out2);
        assertEquals(len, len2, "a copy of the copy has the same length");
        for (int k = 0; k < len; k++)
        {
            assertEquals(out.getByte(k), out2.getByte(k), "a copy of the copy is the same bytes");
        }
    }

    private int copy(final SipMessage m, final UnsafeBuffer into)
    {
        writer.wrap(into, 0);
        if (m.isRequest())
        {
            writer.requestLine(m.methodName(), m.requestUri());
        }
        else
        {
            writer.statusLine(m.statusCode(), m.reasonPhrase());
        }
        for (int i = 0; i < m.headerCount(); i++)
        {
            writer.copyEntry(m, i);
        }
        return writer.body(null, m.buffer(), m.bodyOffset(), m.bodyLength());
    }

    private static boolean sameBytes(final SipMessage a, final SipMessage b)
    {
        if (a.bodyLength() != b.bodyLength())
        {
            return false;
        }
        for (int k = 0; k < a.bodyLength(); k++)
        {
            if (a.buffer().getByte(a.bodyOffset() + k) != b.buffer().getByte(b.bodyOffset() + k))
            {
                return false;
            }
        }
        return true;
    }

    /** A value as the writer writes it: CR, LF and NUL become SP. */
    private static String unfolded(final BufferView v)
    {
        final StringBuilder sb = new StringBuilder(v.length());
        for (int k = 0; k < v.length(); k++)
        {
            final char c = v.charAt(k);
            sb.append(c == '\r' || c == '\n' || c == 0 ? ' ' : c);
        }
        return sb.toString();
    }

    /** Everything we would write in answer to m parses, and says what it must. */
    private void answers(final SipMessage m)
    {
        if (m.error() != ParseError.NONE)
        {
            final int len = SipResponses.writeParseError(writer.wrap(out, 0), m, "192.0.2.1", 5060);
            if (len >= 0)
            {
                assertTrue(m.isAnswerable());
                assertParses(len);
                assertEquals(m.errorStatus(), reparsed.statusCode());
                assertTrue(reparsed.reasonPhrase().contentEquals(m.errorReason()));
            }
            return;
        }
        if (m.isAnswerable())
        {
            for (final int code : new int[] {100, 180, 200, 487, 503})
            {
                assertTrue(SipResponses.writeResponse(writer.wrap(out, 0), m, code, null, "t1", "192.0.2.1", 5060));
                final int len = writer.endHeaders();
                assertParses(len);
                assertEquals(code, reparsed.statusCode());
                assertEquals(m.count(HeaderName.VIA), reparsed.count(HeaderName.VIA), "a response keeps every Via");
                assertTrue(m.callId().contentEquals(reparsed.callId()));
                assertEquals(m.cseqNumber(), reparsed.cseqNumber());
                assertTrue(m.cseqMethodName().contentEquals(reparsed.cseqMethodName()));
                assertNotNull(reparsed.toTag(), "the response's To has a tag");
                if (m.topVia().hasRport())
                {
                    assertEquals(5060, reparsed.topVia().rport(), "rport filled in with the source port");
                }
            }
        }
        if (m.isRequest() && m.method() == SipMethod.INVITE)
        {
            assertTrue(SipRequests.writeCancel(writer.wrap(out, 0), m));
            assertParses(writer.endHeaders());
            assertEquals(SipMethod.CANCEL, reparsed.method());
            assertTrue(same(m.topVia().branch(), reparsed.topVia().branch()), "CANCEL keeps the top Via's branch");
            assertEquals(m.cseqNumber(), reparsed.cseqNumber());

            // the ACK for a non-2xx final response to it
            final int resp = SipResponses.writeResponse(writer.wrap(out2, 0), m, 486, null, "t2") ? writer.endHeaders() : -1;
            assertTrue(resp > 0 && again.parse(out2, 0, resp), () -> again.errorReason() + "\n" + writer);
            assertTrue(SipRequests.writeAckForNon2xx(writer.wrap(out, 0), m, again));
            assertParses(writer.endHeaders());
            assertEquals(SipMethod.ACK, reparsed.method());
            assertTrue(reparsed.toTag() != null && reparsed.toTag().contentEquals(again.toTag()), "ACK carries the response's To tag");
        }
    }

    private static boolean same(final BufferView a, final BufferView b)
    {
        return a == null ? b == null : b != null && a.contentEquals(b.buffer(), b.offset(), b.length());
    }

    private void assertParses(final int len)
    {
        assertTrue(len > 0, () -> "the writer failed:\n" + writer);
        assertTrue(reparsed.parse(out, 0, len), () -> "what we write does not parse (" + reparsed.errorReason() + "):\n" + writer);
    }

    // ------------------------------------------------------------------------------------------ SDP

    private static void sdp(final SdpParser.Result result)
    {
        assertTrue(result.ok() == (result.error() == null), "a result is a description or an error");
        if (!result.ok())
        {
            assertFalse(result.error().isEmpty());
            return;
        }
        final SessionDescription d = result.description();
        final String text = d.encode();
        final SdpParser.Result back = SdpParser.parse(text);
        assertTrue(back.ok(), () -> "our encoding does not parse (" + back.error() + "):\n" + text);
        assertEquals(d, back.description(), () -> "parse(encode(d)) differs from d:\n" + text);

        final Negotiation answer = SdpNegotiator.answer(d, LOCAL, 1, 1);
        if (answer.isAccepted())
        {
            final String answerText = answer.answer().encode();
            final SdpParser.Result parsedAnswer = SdpParser.parse(answerText);
            assertTrue(parsedAnswer.ok(), () -> "our answer does not parse (" + parsedAnswer.error() + "):\n" + answerText);
            assertEquals(d.media().size(), parsedAnswer.description().media().size(), "an answer has one m= per offered m=");
            assertTrue(answer.audio().remotePort() > 0 && answer.audio().remotePort() <= 65535);
            assertNotNull(answer.audio().remoteAddress());
            // the offerer's view: our answer, accepted against what was offered
            assertTrue(SdpNegotiator.acceptAnswer(d, parsedAnswer.description()).isAccepted(),
                () -> "the offerer refuses our answer:\n" + text + "\n" + answerText);
        }
        else
        {
            assertEquals(Negotiation.NOT_ACCEPTABLE_HERE, answer.status());
        }
        // the description as an answer to our own offer
        final Negotiation accepted = SdpNegotiator.acceptAnswer(SdpNegotiator.offer(LOCAL, 1, 1), d);
        if (accepted.isAccepted())
        {
            assertTrue(accepted.audio().remotePort() > 0 && accepted.audio().remotePort() <= 65535);
        }
    }
}
