package io.voxline.journal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.Wire;

/**
 * The call history of a journal directory, read from the start and joined into call records (in the order
 * the calls started), with the signalling events beside them. Reading opens the queue read-only, so it
 * works while a gateway has it open for append, and never creates or changes anything.
 *
 * <p>A journal is read, never trusted: an entry that cannot be parsed, or that answers or ends a call that
 * never started, is skipped and counted; a missing or empty directory gives an empty history and a message
 * saying so, not an exception.
 */
public final class CallHistory
{
    /** How the read went. */
    public enum Status
    {
        /** The journal was read (it may hold no calls). */
        READ,
        /** No such directory. */
        MISSING,
        /** The directory holds no journal files yet. */
        EMPTY,
        /** The directory could not be read as a journal. */
        UNREADABLE
    }

    private static final String QUEUE_FILE_SUFFIX = ".cq4";

    private final Path dir;
    private final Status status;
    private final String message;
    private final List<CallRecord> calls;
    private final List<SignalRecord> signals;
    private final long lastTimeMs;
    private final int skippedEntries;

    private CallHistory(
        final Path dir,
        final Status status,
        final String message,
        final List<CallRecord> calls,
        final List<SignalRecord> signals,
        final long lastTimeMs,
        final int skippedEntries)
    {
        this.dir = dir;
        this.status = status;
        this.message = message;
        this.calls = calls;
        this.signals = signals;
        this.lastTimeMs = lastTimeMs;
        this.skippedEntries = skippedEntries;
    }

    /** Reads the journal in dir. Never throws for a missing, empty or unreadable journal: see {@link #status()}. */
    public static CallHistory read(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return problem(dir, Status.MISSING, "no journal at " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir))
        {
            return problem(dir, Status.UNREADABLE, "no journal at " + dir + ": not a directory");
        }
        try
        {
            if (!hasQueueFiles(dir))
            {
                return problem(dir, Status.EMPTY, "journal " + dir + " is empty: no calls recorded yet");
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return problem(dir, Status.UNREADABLE, "cannot read journal " + dir + ": " + e);
        }
        // read-only: never creates the directory or files, and leaves the appender's locks alone
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir).readOnly(true).build())
        {
            return from(dir, queue);
        }
        catch (final RuntimeException e)
        {
            return problem(dir, Status.UNREADABLE, "cannot read journal " + dir + ": " + e);
        }
    }

    /** Reads an open queue from its start (on the calling thread: the tailer is made and closed here). */
    static CallHistory from(final Path dir, final ChronicleQueue queue)
    {
        final Joiner joiner = new Joiner();
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.toStart();
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        break;
                    }
                    if (dc.isData())
                    {
                        joiner.onDocument(dc.wire());
                    }
                }
            }
        }
        return new CallHistory(dir, Status.READ, null, joiner.records(), Collections.unmodifiableList(joiner.signals),
            joiner.lastTimeMs, joiner.skipped);
    }

    public Path dir()
    {
        return dir;
    }

    public Status status()
    {
        return status;
    }

    /** Why there is no history to show (missing, empty or unreadable journal); empty when it was read. */
    public Optional<String> message()
    {
        return Optional.ofNullable(message);
    }

    /** Every call leg, in the order the legs started. */
    public List<CallRecord> calls()
    {
        return calls;
    }

    /** The legs started and not (yet) ended: up now, or left up by a crash if no gateway has the journal. */
    public List<CallRecord> openCalls()
    {
        final List<CallRecord> open = new ArrayList<>();
        for (final CallRecord c : calls)
        {
            if (!c.ended())
            {
                open.add(c);
            }
        }
        return open;
    }

    /** The signalling events, in journal order. */
    public List<SignalRecord> signals()
    {
        return signals;
    }

    /** The latest time of any entry, or {@link CallRecord#NO_TIME} when there is none. */
    public long lastTimeMs()
    {
        return lastTimeMs;
    }

    /** Entries that could not be parsed or joined (unknown kind, a call never started, a repeated start). */
    public int skippedEntries()
    {
        return skippedEntries;
    }

    private static CallHistory problem(final Path dir, final Status status, final String message)
    {
        return new CallHistory(dir, status, message, List.of(), List.of(), CallRecord.NO_TIME, 0);
    }

    private static boolean hasQueueFiles(final Path dir) throws IOException
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + QUEUE_FILE_SUFFIX))
        {
            return files.iterator().hasNext();
        }
    }

    /** Joins entries into legs; a leg is keyed by (line, Call-ID) while it is up. */
    private static final class Joiner
    {
        final List<Leg> legs = new ArrayList<>();
        final Map<String, Leg> open = new HashMap<>();
        final List<SignalRecord> signals = new ArrayList<>();
        final StringBuilder kindText = new StringBuilder();
        long lastTimeMs = CallRecord.NO_TIME;
        int skipped;

        void onDocument(final Wire wire)
        {
            try
            {
                kindText.setLength(0); // a document without a kind must not keep the last one's
                wire.read("kind").text(kindText);
                final EntryKind kind = EntryKind.ofWireName(kindText);
                if (kind == null)
                {
                    skipped++;
                    return;
                }
                final long timeMs = wire.read("timeMs").int64();
                lastTimeMs = Math.max(lastTimeMs, timeMs);
                switch (kind)
                {
                    case CALL_STARTED:
                    {
                        final String callId = text(wire, "callId");
                        final int line = wire.read("line").int32();
                        final CallDirection direction = CallDirection.parse(wire.read("direction").text());
                        final String local = text(wire, "local");
                        final String remote = text(wire, "remote");
                        onStarted(callId, line, direction, local, remote, timeMs);
                        break;
                    }
                    case CALL_ANSWERED:
                    {
                        final String callId = text(wire, "callId");
                        onAnswered(callId, wire.read("line").int32(), timeMs);
                        break;
                    }
                    case CALL_ENDED:
                    {
                        final String callId = text(wire, "callId");
                        final int line = wire.read("line").int32();
                        onEnded(callId, line, timeMs, text(wire, "reason"));
                        break;
                    }
                    default:
                        signals.add(new SignalRecord(timeMs, text(wire, "text")));
                        break;
                }
            }
            catch (final RuntimeException e)
            {
                skipped++;
            }
        }

        void onStarted(
            final String callId,
            final int line,
            final CallDirection direction,
            final String local,
            final String remote,
            final long timeMs)
        {
            final String key = key(callId, line);
            if (open.containsKey(key))
            {
                skipped++;
                return;
            }
            final Leg leg = new Leg(callId, line, direction, local, remote, timeMs);
            legs.add(leg);
            open.put(key, leg);
        }

        void onAnswered(final String callId, final int line, final long timeMs)
        {
            final Leg leg = open.get(key(callId, line));
            if (leg == null)
            {
                skipped++;
                return;
            }
            if (leg.answerMs == CallRecord.NO_TIME)
            {
                leg.answerMs = timeMs;
            }
        }

        void onEnded(final String callId, final int line, final long timeMs, final String reason)
        {
            final Leg leg = open.remove(key(callId, line));
            if (leg == null)
            {
                skipped++;
                return;
            }
            leg.endMs = timeMs;
            leg.endReason = reason;
        }

        List<CallRecord> records()
        {
            final List<CallRecord> records = new ArrayList<>(legs.size());
            for (final Leg leg : legs)
            {
                records.add(new CallRecord(leg.callId, leg.line, leg.direction, leg.local, leg.remote, leg.startMs,
                    leg.answerMs, leg.endMs, leg.endReason));
            }
            return Collections.unmodifiableList(records);
        }

        private static String key(final String callId, final int line)
        {
            return line + " " + callId;
        }

        private static String text(final Wire wire, final String field)
        {
            final String value = wire.read(field).text();
            return value == null ? "" : value;
        }
    }

    private static final class Leg
    {
        final String callId;
        final int line;
        final CallDirection direction;
        final String local;
        final String remote;
        final long startMs;
        long answerMs = CallRecord.NO_TIME;
        long endMs = CallRecord.NO_TIME;
        String endReason;

        Leg(final String callId, final int line, final CallDirection direction, final String local,
            final String remote, final long startMs)
        {
            this.callId = callId;
            this.line = line;
            this.direction = direction;
            this.local = local;
            this.remote = remote;
            this.startMs = startMs;
        }
    }
}
