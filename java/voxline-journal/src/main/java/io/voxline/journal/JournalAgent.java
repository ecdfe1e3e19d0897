package io.voxline.journal;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only appender of the journal queue. Each {@link #doWork()} drains the ring the reactor writes into
 * (through {@link JournalWriter}) and appends one self-describing Chronicle document per entry. On start it
 * first ends the calls a previous run left up ({@link JournalRecovery}); on close it refuses new entries and
 * appends everything already accepted before closing the queue.
 *
 * <p>Runs on an Agrona AgentRunner or is stepped by an AgentInvoker (see {@link Journal}); the appender is
 * created on the thread that runs the agent, as Chronicle wants.
 *
 * <p>Documents, one per entry ({@code timeMs} is milliseconds since the epoch):
 * <pre>
 * kind: callStarted,  timeMs, callId, line, direction: IN|OUT, local, remote
 * kind: callAnswered, timeMs, callId, line
 * kind: callEnded,    timeMs, callId, line, reason
 * kind: signal,       timeMs, text
 * </pre>
 */
public final class JournalAgent implements Agent
{
    public static final String ROLE_NAME = "voxline-journal";
    /** Entries appended per doWork, so one burst cannot hold the agent for long. */
    static final int DRAIN_LIMIT = 256;

    private static final Logger LOG = LoggerFactory.getLogger(JournalAgent.class);

    private final ChronicleQueue queue;
    private final RingBuffer ring;
    private final JournalWriter writer;
    private final EpochClock clock;
    private final boolean recoverOnStart;
    private final MessageHandler onEntry = this::onEntry;
    private final StringBuilder text1 = new StringBuilder(128);
    private final StringBuilder text2 = new StringBuilder(128);
    private final StringBuilder text3 = new StringBuilder(128);
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile List<CallRecord> recovered = List.of();
    private ExcerptAppender appender;
    private boolean started;
    private boolean closed;

    JournalAgent(final ChronicleQueue queue, final RingBuffer ring, final EpochClock clock, final boolean recoverOnStart)
    {
        this.queue = queue;
        this.ring = ring;
        this.writer = new JournalWriter(ring);
        this.clock = clock;
        this.recoverOnStart = recoverOnStart;
    }

    /** The reactor's handle: the one way entries reach this agent. */
    public JournalWriter writer()
    {
        return writer;
    }

    @Override
    public String roleName()
    {
        return ROLE_NAME;
    }

    @Override
    public void onStart()
    {
        if (started)
        {
            return;
        }
        started = true;
        appender = queue.createAppender();
        if (recoverOnStart)
        {
            // a journal that cannot be read back must not stop new calls being journalled
            try
            {
                recovered = JournalRecovery.recover(queue, this, clock.time());
                if (!recovered.isEmpty())
                {
                    LOG.info("journal {}: ended {} call(s) left up by the previous run", queue.fileAbsolutePath(),
                        recovered.size());
                }
            }
            catch (final RuntimeException e)
            {
                LOG.warn("journal {}: restart recovery failed, calls left up stay open: {}",
                    queue.fileAbsolutePath(), e.toString(), e);
            }
        }
    }

    @Override
    public int doWork()
    {
        return ring.read(onEntry, DRAIN_LIMIT);
    }

    @Override
    public void onClose()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        writer.close();
        try
        {
            // entries accepted before a start that never came are still appended (recovery first, as ever)
            onStart();
            while (ring.read(onEntry) > 0)
            {
                // drain: everything accepted reaches the queue
            }
        }
        finally
        {
            try
            {
                if (appender != null)
                {
                    appender.close();
                }
            }
            finally
            {
                queue.close();
            }
        }
    }

    /** Documents appended since the agent was made (recovery's included). */
    public long appendedCount()
    {
        return appended.get();
    }

    /** Ring entries that could not be decoded (a bug if ever non-zero), dropped. */
    public long malformedCount()
    {
        return malformed.get();
    }

    /** The calls this agent's start ended with reason "restart", as they stood before. */
    public List<CallRecord> recoveredCalls()
    {
        return recovered;
    }

    void appendCallEnded(final CharSequence callId, final int line, final long timeMs, final CharSequence reason)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Wire wire = dc.wire();
            wire.write("kind").text(EntryKind.CALL_ENDED.wireName);
            wire.write("timeMs").int64(timeMs);
            wire.write("callId").text(callId);
            wire.write("line").int32(line);
            wire.write("reason").text(reason);
        }
        appended.incrementAndGet();
    }

    void appendSignal(final long timeMs, final CharSequence text)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Wire wire = dc.wire();
            wire.write("kind").text(EntryKind.SIGNAL.wireName);
            wire.write("timeMs").int64(timeMs);
            wire.write("text").text(text);
        }
        appended.incrementAndGet();
    }

    private void onEntry(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final EntryKind kind = EntryKind.ofTypeId(typeId);
        if (kind == null || length < JournalWriter.TEXT_OFFSET)
        {
            malformed.incrementAndGet();
            return;
        }
        final long timeMs = buffer.getLong(index + JournalWriter.TIME_OFFSET);
        final int line = buffer.getInt(index + JournalWriter.LINE_OFFSET);
        final byte direction = buffer.getByte(index + JournalWriter.DIRECTION_OFFSET);
        final int end = index + length;
        int at = index + JournalWriter.TEXT_OFFSET;
        switch (kind)
        {
            case CALL_STARTED:
                at = readText(buffer, at, end, text1);
                at = readText(buffer, at, end, text2);
                readText(buffer, at, end, text3);
                appendCallStarted(text1, line, direction, text2, text3, timeMs);
                break;
            case CALL_ANSWERED:
                readText(buffer, at, end, text1);
                appendCallAnswered(text1, line, timeMs);
                break;
            case CALL_ENDED:
                at = readText(buffer, at, end, text1);
                readText(buffer, at, end, text2);
                appendCallEnded(text1, line, timeMs, text2);
                break;
            default:
                readText(buffer, at, end, text1);
                appendSignal(timeMs, text1);
                break;
        }
    }

    private void appendCallStarted(
        final CharSequence callId,
        final int line,
        final byte direction,
        final CharSequence local,
        final CharSequence remote,
        final long timeMs)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Wire wire = dc.wire();
            wire.write("kind").text(EntryKind.CALL_STARTED.wireName);
            wire.write("timeMs").int64(timeMs);
            wire.write("callId").text(callId);
            wire.write("line").int32(line);
            wire.write("direction").text(direction == JournalWriter.DIRECTION_IN ? "IN" :
                direction == JournalWriter.DIRECTION_OUT ? "OUT" : "");
            wire.write("local").text(local);
            wire.write("remote").text(remote);
        }
        appended.incrementAndGet();
    }

    private void appendCallAnswered(final CharSequence callId, final int line, final long timeMs)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            final Wire wire = dc.wire();
            wire.write("kind").text(EntryKind.CALL_ANSWERED.wireName);
            wire.write("timeMs").int64(timeMs);
            wire.write("callId").text(callId);
            wire.write("line").int32(line);
        }
        appended.incrementAndGet();
    }

    /** Reads one (length, UTF-8) text at the index into out; returns the index after it. */
    private static int readText(final MutableDirectBuffer buffer, final int at, final int end, final StringBuilder out)
    {
        if (at + JournalWriter.TEXT_LENGTH_SIZE > end)
        {
            out.setLength(0);
            return end;
        }
        final int length = Math.min(buffer.getShort(at) & 0xFFFF, end - at - JournalWriter.TEXT_LENGTH_SIZE);
        Utf8.decode(buffer, at + JournalWriter.TEXT_LENGTH_SIZE, length, out);
        return at + JournalWriter.TEXT_LENGTH_SIZE + length;
    }
}
