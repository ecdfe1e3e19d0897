package io.voxline.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.Via;

/** Parse one message and read the headers a transaction layer and a proxy look at. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SipParseBenchmark
{
    @Param({"INVITE", "180", "BYE", "REGISTER"})
    public String kind;

    private final SipMessage message = new SipMessage();
    private final Via via = new Via();
    private UnsafeBuffer buffer;
    private int length;

    @Setup
    public void setUp()
    {
        final byte[] bytes = SipCorpus.of(kind).getBytes(StandardCharsets.US_ASCII);
        buffer = new UnsafeBuffer(bytes);
        length = bytes.length;
    }

    @Benchmark
    public long parseAndReadUsualHeaders()
    {
        if (!message.parse(buffer, 0, length))
        {
            throw new IllegalStateException(message.errorReason());
        }
        long sum = message.cseqNumber() + message.callId().length() + message.maxForwards();
        final SipMessage m = message;
        if (via.parse(m, m.first(io.voxline.sip.message.HeaderName.VIA)))
        {
            sum += via.branch().length() + via.portOrDefault();
        }
        final CharSequence fromTag = m.fromTag();
        sum += fromTag == null ? 0 : fromTag.length();
        final CharSequence toTag = m.toTag();
        sum += toTag == null ? 0 : toTag.length();
        return sum + m.bodyLength() + (m.isRequest() ? m.method().ordinal() : m.statusCode());
    }
}
