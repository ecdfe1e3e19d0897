package io.voxline.media;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.board.Board;
import io.voxline.board.FrameFormat;
import io.voxline.board.FrameHeader;
import io.voxline.media.codec.G711;
import io.voxline.media.dtmf.TelephoneEvent;
import io.voxline.media.dtmf.TelephoneEventListener;
import io.voxline.media.dtmf.TelephoneEventReceiver;
import io.voxline.media.dtmf.TelephoneEventSender;
import io.voxline.media.jitter.JitterBuffer;
import io.voxline.media.rtp.RtpPacketFlyweight;
import io.voxline.media.rtp.RtpPacketTap;
import io.voxline.media.rtp.RtpReceptionStats;
import io.voxline.media.rtp.RtpSequence;

/**
 * One line's media, owned by the agent thread: its RTP socket, the send side (mouthpiece frame → G.711 →
 * RTP) and the receive side (RTP → jitter buffer → G.711 → earpiece), paced by the board's frames.
 * Playout counts samples, not packets: the far end's packets need not match the board frame (it may send
 * 30 ms packets into 20 ms frames, or 10 ms ones), so a packet's samples that do not fit one frame wait
 * for the next, and packets are taken as the frames need them.
 * Every buffer is allocated here, once; the per-packet path allocates nothing.
 */
final class MediaSession implements TelephoneEventListener
{
    enum State
    {
        /** No port. */
        IDLE,
        /** A bound port (its number is in the SDP), no remote yet: nothing is sent or read. */
        OPEN,
        /** Connected to the remote; frames flow both ways. */
        ACTIVE
    }

    static final int MAX_DATAGRAM = 1500;
    private static final ByteOrder PCM_ORDER = ByteOrder.nativeOrder();
    /** Frames moved per doWork at most, so one line cannot starve the others after a stall. */
    private static final int MAX_FRAMES_PER_WORK = 4;
    private static final int MAX_PACKETS_PER_WORK = 32;
    /** Packets in a row from a new SSRC before the receiver follows it (the far end restarted its stream). */
    private static final int SSRC_SWITCH_PACKETS = 3;
    private static final int COMFORT_NOISE_PT = 13;
    private static final long NANOS_PER_SAMPLE = 1_000_000_000L / G711.CLOCK_RATE;

    final int line;
    private final Board board;
    private final MediaEventSink sink;
    private final EpochClock epochClock;
    private final NanoClock nanoClock;
    private final RtpPacketTap tap;
    private final int dscp;
    final MediaStats stats = new MediaStats();

    private State state = State.IDLE;
    private DatagramChannel channel;
    private int localPort;
    private InetSocketAddress localAddress;
    private InetSocketAddress remote;
    private G711 law;
    private int payloadType;
    private int telephoneEventPt = -1;
    private int ptimeMs;
    private long nowMs;

    private final ByteBuffer txBytes = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer tx = new UnsafeBuffer(txBytes);
    private final RtpPacketFlyweight txPacket = new RtpPacketFlyweight();
    private int ssrc;
    private int txSequence;
    private int txTimestamp;
    private boolean firstPacket;

    private final ByteBuffer rxBytes = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final UnsafeBuffer rx = new UnsafeBuffer(rxBytes);
    private final RtpPacketFlyweight rxPacket = new RtpPacketFlyweight();
    private boolean remoteSsrcKnown;
    private int remoteSsrc;
    private int candidateSsrc;
    private int candidateCount;

    private final UnsafeBuffer mouthpiece;
    private final FrameHeader frameHeader = new FrameHeader();
    private final UnsafeBuffer earpiece;
    /** The packet being played: G.711 codes [playPos, playLen) are still to go to the earpiece. */
    private final UnsafeBuffer playout;
    private int playPos;
    private int playLen;
    private final JitterBuffer jitter;
    private final RtpReceptionStats reception = new RtpReceptionStats();
    private final TelephoneEventReceiver eventReceiver = new TelephoneEventReceiver(this);
    private final TelephoneEventSender eventSender = new TelephoneEventSender();
    private boolean boardErrorReported;

    MediaSession(final int line, final Board board, final MediaEventSink sink, final MediaConfig config)
    {
        this.line = line;
        this.board = board;
        this.sink = sink;
        this.epochClock = config.epochClock();
        this.nanoClock = config.nanoClock();
        this.tap = config.tap();
        this.dscp = config.dscp();
        final int frameSamples = MediaControl.MAX_BOARD_FRAME_MS * G711.CLOCK_RATE / 1000;
        final int maxSamples = config.maxPtimeMs() * G711.CLOCK_RATE / 1000;
        // board frames are LINEAR16 and must sit in direct memory for the native side
        mouthpiece = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * frameSamples));
        earpiece = new UnsafeBuffer(ByteBuffer.allocateDirect(2 * frameSamples));
        // a received packet may be longer than a board frame: the slots hold the longest accepted
        playout = new UnsafeBuffer(new byte[maxSamples]);
        jitter = new JitterBuffer(config.jitterCapacity(), maxSamples, config.jitterDelayFrames());
    }

    State state()
    {
        return state;
    }

    int localPort()
    {
        return localPort;
    }

    // ---- commands from the reactor (transitions in one place: these four methods) ----

    void onOpen(final DatagramChannel newChannel, final int port)
    {
        switch (state)
        {
            case IDLE ->
            {
            }
            case OPEN, ACTIVE -> onStop();
        }
        channel = newChannel;
        localPort = port;
        try
        {
            localAddress = (InetSocketAddress)newChannel.getLocalAddress();
            if (dscp >= 0)
            {
                newChannel.setOption(StandardSocketOptions.IP_TOS, dscp << 2);
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            // TOS is best effort; the address was known at bind time
        }
        state = State.OPEN;
    }

    void onStart(final InetSocketAddress newRemote, final int pt, final int tePt, final int ptime)
    {
        switch (state)
        {
            case IDLE -> error(MediaEvents.ERROR_NO_PORT, 0);
            case OPEN -> begin(newRemote, pt, tePt, ptime);
            case ACTIVE -> change(newRemote, pt, tePt, ptime);
        }
    }

    void onStop()
    {
        switch (state)
        {
            case IDLE ->
            {
                return;
            }
            case ACTIVE -> stopBoard();
            case OPEN ->
            {
            }
        }
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
        channel = null;
        localPort = 0;
        localAddress = null;
        remote = null;
        state = State.IDLE;
    }

    void onSendEvent(final int event, final int durationMs)
    {
        if (state == State.ACTIVE && telephoneEventPt >= 0)
        {
            eventSender.enqueue(event, durationMs);
        }
    }

    void onKeyDown(final int event)
    {
        if (state == State.ACTIVE && telephoneEventPt >= 0)
        {
            eventSender.begin(event);
        }
    }

    void onKeyUp(final int event, final int durationMs)
    {
        if (state == State.ACTIVE && telephoneEventPt >= 0)
        {
            eventSender.end(event, durationMs);
        }
    }

    private void begin(final InetSocketAddress newRemote, final int pt, final int tePt, final int ptime)
    {
        if (!MediaControl.isBoardFrameMs(ptime))
        {
            error(MediaEvents.ERROR_PTIME, ptime);
            return;
        }
        if (!connect(newRemote))
        {
            return;
        }
        configure(pt, tePt);
        try
        {
            board.mediaStart(line, FrameFormat.LINEAR16, ptime);
        }
        catch (final RuntimeException ex)
        {
            error(MediaEvents.ERROR_BOARD_START, 0);
            return;
        }
        ptimeMs = ptime;
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        ssrc = random.nextInt();
        txSequence = random.nextInt(RtpSequence.MODULUS);
        txTimestamp = random.nextInt();
        firstPacket = true;
        stats.clear();
        jitter.resetCounters();
        resetReceive();
        eventSender.reset();
        boardErrorReported = false;
        state = State.ACTIVE;
    }

    /** A new remote, codec or ptime for a running session (a re-INVITE): same SSRC and numbering. */
    private void change(final InetSocketAddress newRemote, final int pt, final int tePt, final int ptime)
    {
        if (!MediaControl.isBoardFrameMs(ptime))
        {
            // the running stream carries on as it was
            error(MediaEvents.ERROR_PTIME, ptime);
            return;
        }
        if (!newRemote.equals(remote))
        {
            if (!connect(newRemote))
            {
                stopBoard();
                state = State.OPEN;
                return;
            }
            resetReceive();
        }
        if (pt != payloadType)
        {
            resetPlayout();
        }
        configure(pt, tePt);
        if (ptime != ptimeMs)
        {
            stopBoard();
            try
            {
                board.mediaStart(line, FrameFormat.LINEAR16, ptime);
            }
            catch (final RuntimeException ex)
            {
                error(MediaEvents.ERROR_BOARD_START, 0);
                state = State.OPEN;
                return;
            }
            ptimeMs = ptime;
            resetPlayout();
        }
    }

    private boolean connect(final InetSocketAddress newRemote)
    {
        try
        {
            if (channel.isConnected())
            {
                channel.disconnect();
            }
            // connected: read and write need no address, so neither allocates, and strangers are filtered out
            channel.connect(newRemote);
            remote = newRemote;
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            error(MediaEvents.ERROR_CONNECT, 0);
            return false;
        }
    }

    private void configure(final int pt, final int tePt)
    {
        payloadType = pt;
        law = G711.forPayloadType(pt);
        telephoneEventPt = tePt;
    }

    private void resetReceive()
    {
        resetPlayout();
        reception.reset();
        eventReceiver.reset();
        remoteSsrcKnown = false;
        candidateCount = 0;
    }

    /** Forgets the buffered packets and what was left of the one playing (codes of the old stream or codec). */
    private void resetPlayout()
    {
        jitter.reset();
        playPos = 0;
        playLen = 0;
    }

    private void stopBoard()
    {
        try
        {
            board.mediaStop(line);
        }
        catch (final RuntimeException ex)
        {
            // the line is going away either way
        }
    }

    private void error(final int reason, final int detail)
    {
        sink.onMediaEvent(MediaEvents.MEDIA_ERROR, line, reason, detail, epochClock.time());
    }

    // ---- the per-frame path: no allocation below this line ----

    int doWork()
    {
        if (state != State.ACTIVE)
        {
            return 0;
        }
        nowMs = epochClock.time();
        int work = receive();
        for (int i = 0; i < MAX_FRAMES_PER_WORK; i++)
        {
            final int length = board.mediaRead(line, mouthpiece, 0, frameHeader);
            if (length <= 0)
            {
                if (length < 0)
                {
                    boardError(length);
                }
                break;
            }
            stats.increment(MediaStats.FRAMES_READ);
            final int samples = length >> 1;
            send(samples);
            play(samples);
            work++;
        }
        if (eventReceiver.poll(nowMs))
        {
            work++;
        }
        if (work > 0)
        {
            publishCounters();
        }
        return work;
    }

    private int receive()
    {
        int packets = 0;
        while (packets < MAX_PACKETS_PER_WORK)
        {
            rxBytes.clear();
            final int n;
            try
            {
                n = channel.read(rxBytes);
            }
            catch (final IOException ex)
            {
                // e.g. ICMP port unreachable from an earlier send: the far end is not listening (yet)
                stats.increment(MediaStats.RECEIVE_ERRORS);
                break;
            }
            if (n <= 0)
            {
                break;
            }
            packets++;
            onDatagram(n);
        }
        return packets;
    }

    private void onDatagram(final int length)
    {
        if (rxPacket.wrap(rx, 0, length) != RtpPacketFlyweight.OK || !acceptSsrc(rxPacket.ssrc()))
        {
            stats.increment(MediaStats.DISCARDED);
            return;
        }
        final int pt = rxPacket.payloadType();
        final int seq = rxPacket.sequence();
        if (pt == payloadType)
        {
            reception.onPacket(seq);
            if (jitter.insert(seq, rx, rxPacket.payloadOffset(), rxPacket.payloadLength()) == JitterBuffer.TOO_LARGE)
            {
                stats.increment(MediaStats.DISCARDED);
                return;
            }
            reception.onArrival(rxPacket.timestamp(), (int)(nanoClock.nanoTime() / NANOS_PER_SAMPLE));
        }
        else if (pt == telephoneEventPt)
        {
            reception.onPacket(seq);
            jitter.insertGap(seq);
            eventReceiver.onPacket(rxPacket.timestamp(), rx, rxPacket.payloadOffset(), rxPacket.payloadLength(), nowMs);
        }
        else if (pt == COMFORT_NOISE_PT)
        {
            reception.onPacket(seq);
            jitter.insertGap(seq);
        }
        else
        {
            stats.increment(MediaStats.DISCARDED);
            return;
        }
        stats.increment(MediaStats.PACKETS_RECEIVED);
        stats.add(MediaStats.OCTETS_RECEIVED, rxPacket.payloadLength());
    }

    /** Latches the first SSRC; follows a new one only once it persists (a restarted far end), else drops it. */
    private boolean acceptSsrc(final int packetSsrc)
    {
        if (!remoteSsrcKnown)
        {
            remoteSsrcKnown = true;
            remoteSsrc = packetSsrc;
            return true;
        }
        if (packetSsrc == remoteSsrc)
        {
            candidateCount = 0;
            return true;
        }
        if (candidateCount > 0 && packetSsrc == candidateSsrc)
        {
            if (++candidateCount >= SSRC_SWITCH_PACKETS)
            {
                resetReceive();
                remoteSsrcKnown = true;
                remoteSsrc = packetSsrc;
                return true;
            }
            return false;
        }
        candidateSsrc = packetSsrc;
        candidateCount = 1;
        return false;
    }

    /** One mouthpiece frame out as RTP: voice, or a telephone-event packet while one is being sent. */
    private void send(final int samples)
    {
        txPacket.wrapForWrite(tx, 0);
        final int payload;
        if (telephoneEventPt >= 0 && eventSender.wantsFrame())
        {
            payload = eventSender.writePacket(txTimestamp, samples, tx, txPacket.payloadOffset());
            txPacket.writeHeader(telephoneEventPt, eventSender.marker(), txSequence, eventSender.timestamp(), ssrc);
            if (!eventSender.isActive())
            {
                stats.increment(MediaStats.DIGITS_SENT);
            }
        }
        else
        {
            if (telephoneEventPt >= 0 && frameHeader.has(FrameHeader.DTMF))
            {
                // the board hears a key: it goes as RFC 4733 events, so its tone is muted in the voice
                mouthpiece.setMemory(0, 2 * samples, (byte)0);
            }
            txPacket.writeHeader(payloadType, firstPacket, txSequence, txTimestamp, ssrc);
            law.encode(mouthpiece, 0, PCM_ORDER, samples, tx, txPacket.payloadOffset());
            payload = samples;
            firstPacket = false;
        }
        final int length = txPacket.payloadWritten(payload);
        txSequence = RtpSequence.next(txSequence);
        txTimestamp += samples;
        txBytes.limit(length).position(0);
        try
        {
            if (channel.write(txBytes) == length)
            {
                stats.increment(MediaStats.PACKETS_SENT);
                stats.add(MediaStats.OCTETS_SENT, payload);
                if (tap != null)
                {
                    tap.onPacket(localAddress, remote, tx, 0, length);
                }
            }
            else
            {
                stats.increment(MediaStats.SEND_ERRORS);
            }
        }
        catch (final IOException ex)
        {
            stats.increment(MediaStats.SEND_ERRORS);
        }
    }

    /**
     * One earpiece frame in: first what is left of the packet playing, then as many packets from the jitter
     * buffer as the frame needs (their surplus waits for the next frame). Silence fills the rest only when the
     * buffer has no audio for now: holding its playout delay, a gap (an event or comfort noise), or a loss
     * past what it conceals.
     */
    private void play(final int samples)
    {
        int filled = 0;
        while (filled < samples)
        {
            if (playPos == playLen)
            {
                playPos = 0;
                playLen = jitter.take(playout, 0);
                if (playLen == 0)
                {
                    break;
                }
            }
            final int n = Math.min(samples - filled, playLen - playPos);
            law.decode(playout, playPos, n, earpiece, 2 * filled, PCM_ORDER);
            playPos += n;
            filled += n;
        }
        if (filled < samples)
        {
            earpiece.setMemory(2 * filled, 2 * (samples - filled), (byte)0);
        }
        final int rc = board.mediaWrite(line, earpiece, 0, 2 * samples);
        if (rc < 0)
        {
            boardError(rc);
        }
    }

    private void boardError(final int rc)
    {
        stats.increment(MediaStats.BOARD_ERRORS);
        if (!boardErrorReported)
        {
            boardErrorReported = true;
            error(MediaEvents.ERROR_BOARD_IO, rc);
        }
    }

    private void publishCounters()
    {
        stats.set(MediaStats.PACKETS_LOST, reception.lost());
        stats.set(MediaStats.JITTER, reception.jitter());
        stats.set(MediaStats.LATE, jitter.late());
        stats.set(MediaStats.DUPLICATES, jitter.duplicates());
        stats.set(MediaStats.FRAMES_PLAYED, jitter.played());
        stats.set(MediaStats.CONCEALED, jitter.concealed());
        stats.set(MediaStats.UNDERRUNS, jitter.underruns());
    }

    @Override
    public void onTelephoneEvent(final int event, final int durationSamples, final boolean endSeen)
    {
        stats.increment(MediaStats.DIGITS_RECEIVED);
        final char digit = TelephoneEvent.digitForEvent(event);
        final int durationMs = durationSamples / 8;
        if (digit != 0)
        {
            sink.onMediaEvent(MediaEvents.DTMF_DIGIT, line, digit, durationMs, nowMs);
        }
        else
        {
            sink.onMediaEvent(MediaEvents.TELEPHONE_EVENT, line, event, durationMs, nowMs);
        }
    }
}
