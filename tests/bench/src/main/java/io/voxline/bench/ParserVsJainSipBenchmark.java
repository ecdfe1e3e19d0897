package io.voxline.bench;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;

import javax.sip.address.SipURI;
import javax.sip.address.URI;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipUri;

/**
 * Our parser against the JAIN-SIP reference implementation (javax.sip:jain-sip-ri, NIST's StringMsgParser) on
 * the same bytes in the same run: parse one message and read what a transaction layer and a proxy read (top Via
 * branch, From and To tags, Call-ID, CSeq number and method, the Contact's URI host and port, Content-Length and
 * the body). kind "mix" parses the whole corpus (6 messages) per operation. Run: tests/bench/run ParserVsJainSip.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2) // JAIN-SIP's larger code needs longer than ours to reach its compiled steady state
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ParserVsJainSipBenchmark
{
    static final String[] CORPUS = {"INVITE", "180", "200", "ACK", "BYE", "REGISTER-AUTH"};

    @Param({"mix", "INVITE", "180", "200", "ACK", "BYE", "REGISTER-AUTH"})
    public String kind;

    private final SipMessage message = new SipMessage();
    private final io.voxline.sip.message.Via via = new io.voxline.sip.message.Via();
    private final NameAddr contact = new NameAddr();
    private final StringMsgParser jainParser = new StringMsgParser();
    private byte[][] messages;
    private UnsafeBuffer[] buffers;

    @Setup
    public void setUp() throws ParseException
    {
        final String[] kinds = "mix".equals(kind) ? CORPUS : new String[] {kind};
        messages = new byte[kinds.length][];
        buffers = new UnsafeBuffer[kinds.length];
        for (int i = 0; i < kinds.length; i++)
        {
            messages[i] = SipCorpus.of(kinds[i]).getBytes(StandardCharsets.US_ASCII);
            buffers[i] = new UnsafeBuffer(messages[i]);
            // both parsers must read the same values, or the comparison means nothing
            final long ours = readOurs(buffers[i], messages[i].length);
            final long theirs = readJainSip(messages[i]);
            if (ours != theirs)
            {
                throw new IllegalStateException(kinds[i] + ": voxline read " + ours + ", JAIN-SIP read " + theirs);
            }
        }
    }

    @Benchmark
    public long voxline()
    {
        long sum = 0;
        for (int i = 0; i < buffers.length; i++)
        {
            sum += readOurs(buffers[i], messages[i].length);
        }
        return sum;
    }

    @Benchmark
    public long jainSip() throws ParseException
    {
        long sum = 0;
        for (int i = 0; i < messages.length; i++)
        {
            sum += readJainSip(messages[i]);
        }
        return sum;
    }

    private long readOurs(final UnsafeBuffer buffer, final int length)
    {
        final SipMessage m = message;
        if (!m.parse(buffer, 0, length))
        {
            throw new IllegalStateException(m.errorReason());
        }
        long sum = m.isRequest() ? m.method().name().length() : m.statusCode();
        if (via.parse(m, m.first(HeaderName.VIA)))
        {
            sum += via.branch().length();
        }
        sum += lengthOf(m.fromTag()) + lengthOf(m.toTag()) + m.callId().length();
        sum += m.cseqNumber() + m.cseqMethodName().length();
        if (contact.parse(m, m.first(HeaderName.CONTACT)))
        {
            final SipUri uri = contact.uri();
            sum += uri.host().length() + uri.port();
        }
        return sum + m.contentLength() + m.bodyLength();
    }

    private long readJainSip(final byte[] bytes) throws ParseException
    {
        final SIPMessage m = jainParser.parseSIPMessage(bytes, true, false, null);
        long sum = m instanceof SIPRequest r ? r.getMethod().length() : ((SIPResponse)m).getStatusCode();
        final Via top = m.getTopmostVia();
        if (top != null && top.getBranch() != null)
        {
            sum += top.getBranch().length();
        }
        sum += lengthOf(m.getFromTag()) + lengthOf(m.getToTag()) + m.getCallId().getCallId().length();
        final CSeq cseq = (CSeq)m.getCSeq();
        sum += cseq.getSeqNumber() + cseq.getMethod().length();
        final Contact c = m.getContactHeader();
        if (c != null)
        {
            final URI uri = c.getAddress().getURI();
            if (uri instanceof SipURI sip)
            {
                sum += sip.getHost().length() + sip.getPort();
            }
        }
        final byte[] body = m.getRawContent();
        return sum + m.getContentLength().getContentLength() + (body == null ? 0 : body.length);
    }

    private static int lengthOf(final CharSequence s)
    {
        return s == null ? 0 : s.length();
    }
}
