package io.voxline.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

import io.voxline.board.Board;
import io.voxline.board.BoardEventPoller;
import io.voxline.journal.Journal;
import io.voxline.journal.JournalConfig;
import io.voxline.media.MediaConfig;
import io.voxline.media.MediaControl;
import io.voxline.media.MediaEngine;
import io.voxline.media.MediaEventSink;
import io.voxline.reactor.Reactor;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transport.CloseReason;
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.StreamConfig;
import io.voxline.sip.transport.StreamTransport;
import io.voxline.sip.transport.TcpTransport;
import io.voxline.sip.transport.TlsTransport;
import io.voxline.sip.transport.TransportKind;
import io.voxline.sip.transport.UdpTransport;

/**
 * A running gateway: its SIP listeners (UDP, TCP, TLS: {@link GatewayConfig#listeners()}), the reactor thread that
 * owns the {@link GatewayCore} (TCP/TLS connections on the reactor's stream I/O thread), the media agent, the board
 * event poller and the journal. The board is the caller's (open it before, close it after).
 *
 * <pre>
 * try (Board board = Boards.open(config.boardUri());
 *      Gateway gw = Gateway.start(config, board, GatewayOptions.DEFAULT))
 * {
 *     console.status(gw::describeLine);
 *     ...
 * }
 * </pre>
 * The query methods are thread-safe: they run on the reactor and wait up to {@value #QUERY_TIMEOUT_MS} ms.
 */
public final class Gateway implements AutoCloseable
{
    public static final long QUERY_TIMEOUT_MS = 2_000;

    private final List<SipTransport> transports;
    private final List<GatewayConfig.Listener> bound;
    private final int primary;
    private final Reactor reactor;
    private final MediaEngine mediaEngine;
    private final BoardEventPoller poller;
    private final Journal journal;
    private final boolean ownJournal;
    private final GatewayCore core;
    private volatile boolean closed;

    private Gateway(
        final List<SipTransport> transports, final int primary, final Reactor reactor, final MediaEngine mediaEngine,
        final BoardEventPoller poller, final Journal journal, final boolean ownJournal, final GatewayCore core)
    {
        this.transports = transports;
        this.primary = primary;
        final List<GatewayConfig.Listener> listeners = new ArrayList<>(transports.size());
        for (final SipTransport t : transports)
        {
            listeners.add(new GatewayConfig.Listener(TransportKind.of(t), t.localAddress()));
        }
        this.bound = List.copyOf(listeners);
        this.reactor = reactor;
        this.mediaEngine = mediaEngine;
        this.poller = poller;
        this.journal = journal;
        this.ownJournal = ownJournal;
        this.core = core;
    }

    /**
     * Binds every SIP listener (port 0 takes a free one; TLS loads its stores now), opens the journal unless options
     * bring one, launches the media agent, starts the reactor (named "gw-PORT" after the primary listener) and the
     * board poller, and registers every line (over TCP/TLS: on a connection to its proxy that it keeps open).
     *
     * @throws java.io.UncheckedIOException when a SIP listener cannot be bound
     * @throws IllegalArgumentException     for a configuration the core refuses (lines not on the board, codecs, a
     *                                      line on a transport without a listener, a TLS listener without TLS setup)
     * @throws IllegalStateException        when the journal cannot be opened
     */
    public static Gateway start(final GatewayConfig config, final Board board, final GatewayOptions options)
    {
        final GatewayOptions opts = options == null ? GatewayOptions.DEFAULT : options;
        final List<SipTransport> transports = new ArrayList<>();
        Journal journal = opts.journal();
        final boolean ownJournal = journal == null;
        Reactor reactor = null;
        MediaEngine engine = null;
        try
        {
            for (final GatewayConfig.Listener l : config.listeners())
            {
                transports.add(bind(l, config));
            }
            final int primary = config.listeners().indexOf(config.primaryListener());
            if (opts.sipTap() != null)
            {
                for (final SipTransport t : transports)
                {
                    if (t instanceof UdpTransport udp)
                    {
                        udp.tap(opts.sipTap());
                    }
                    else if (t instanceof StreamTransport stream)
                    {
                        stream.tap(opts.sipTap());
                    }
                }
            }
            if (ownJournal)
            {
                journal = Journal.open(JournalConfig.of(config.journalDir())).start();
            }
            final EpochClock clock = SystemEpochClock.INSTANCE;
            final WheelTimerService timers = new WheelTimerService(clock);
            final LateMediaPort mediaPort = new LateMediaPort();
            final GatewayCore core = new GatewayCore(config, board, transports, timers, timers::poll, clock, mediaPort,
                CallLog.of(journal.writer()), new SipIds(), TransactionConfig.RFC3261);
            final String name = "gw-" + transports.get(primary).localAddress().getPort();
            reactor = new Reactor(name, core);
            final MediaConfig mediaConfig = new MediaConfig()
                .localAddress(mediaAddress(config.media().ip()))
                .rtpPorts(config.media().rtpPortLow(), config.media().rtpPortHigh())
                .tap(opts.rtpTap());
            engine = MediaEngine.launch(board, MediaEventSink.of(reactor), mediaConfig);
            // set before the reactor thread starts, so the core sees it from its first event
            mediaPort.control = engine.control();
            for (int i = 0; i < transports.size(); i++)
            {
                final int index = i;
                if (transports.get(i) instanceof UdpTransport udp)
                {
                    reactor.addDatagramChannel(udp.channel(), i);
                }
                else if (transports.get(i) instanceof StreamTransport stream)
                {
                    // told on the reactor thread: what the connection carried ends, lines registered over it re-register
                    stream.listener((t, id, remote, inbound, reason) ->
                        core.onConnectionClosed(index, remote, reason == CloseReason.CONNECT_TIMEOUT));
                    reactor.addStreamTransport(stream, i);
                }
            }
            reactor.start();
            final BoardEventPoller poller = new BoardEventPoller(name, board, reactor);
            poller.start();
            return new Gateway(List.copyOf(transports), primary, reactor, engine, poller, journal, ownJournal, core);
        }
        catch (final RuntimeException ex)
        {
            if (reactor != null)
            {
                reactor.close();
            }
            if (engine != null)
            {
                engine.close();
            }
            if (ownJournal && journal != null)
            {
                journal.close();
            }
            closeAll(transports);
            throw ex;
        }
    }

    private static SipTransport bind(final GatewayConfig.Listener l, final GatewayConfig config)
    {
        return switch (l.kind())
        {
            case UDP -> UdpTransport.bind(l.address());
            case TCP -> TcpTransport.bind(l.address(), StreamConfig.DEFAULTS);
            case TLS ->
            {
                if (config.tls() == null)
                {
                    throw new IllegalArgumentException("a tls: listener needs a TLS keystore");
                }
                yield TlsTransport.bind(l.address(), StreamConfig.DEFAULTS, config.tls());
            }
        };
    }

    private static void closeAll(final List<SipTransport> transports)
    {
        for (final SipTransport t : transports)
        {
            if (t instanceof UdpTransport udp)
            {
                udp.close();
            }
            else if (t instanceof StreamTransport stream)
            {
                stream.close();
            }
        }
    }

    /** Where the gateway's primary SIP listener (the first UDP one, else the first) is bound. */
    public InetSocketAddress sipAddress()
    {
        return transports.get(primary).localAddress();
    }

    /** Every bound listener (transport and address), in the order of the configuration. */
    public List<GatewayConfig.Listener> listeners()
    {
        return bound;
    }

    /** The bound address of the first listener of kind, or null. */
    public InetSocketAddress address(final TransportKind kind)
    {
        for (final GatewayConfig.Listener l : bound)
        {
            if (l.kind() == kind)
            {
                return l.address();
            }
        }
        return null;
    }

    /** "call=STATE peer=URI|-" for a 1-based line (the console's status), or null when there is no such line. */
    public String describeLine(final int line)
    {
        return query(() -> core.describe(line), null);
    }

    /** True while the 1-based line's registration holds. */
    public boolean isRegistered(final int line)
    {
        return query(() -> core.isRegistered(line), Boolean.FALSE);
    }

    /**
     * The DTMF digits the 1-based line received as RFC 4733 events during its current or last call (the last
     * 64 at most), "" when none, null when there is no such line.
     */
    public String digitsReceived(final int line)
    {
        return query(() -> core.digitsReceived(line), null);
    }

    /** The journal the gateway writes (its own, or the one it was given). */
    public Journal journal()
    {
        return journal;
    }

    /** Runs a read of the core's state on the reactor thread and waits for it; orElse when closed or too slow. */
    private <T> T query(final Supplier<T> read, final T orElse)
    {
        if (closed)
        {
            return orElse;
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        reactor.execute(() ->
        {
            try
            {
                result.complete(read.get());
            }
            catch (final RuntimeException ex)
            {
                result.completeExceptionally(ex);
            }
        });
        try
        {
            return result.get(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return orElse;
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            return orElse;
        }
    }

    /** Stops the poller, the reactor (registrations stop refreshing), the media agent and the socket; closes the journal it opened. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        poller.close();
        reactor.close();
        mediaEngine.close();
        closeAll(transports);
        if (ownJournal)
        {
            journal.close();
        }
    }

    private static InetAddress mediaAddress(final String ip)
    {
        final InetAddress address = IpLiterals.address(ip);
        if (address == null)
        {
            throw new IllegalArgumentException("media ip must be an IP literal: " + ip);
        }
        return address;
    }

    /** The media agent's control, known only once the agent runs (it needs the reactor, which needs the core). */
    private static final class LateMediaPort implements MediaPort
    {
        MediaControl control;

        @Override
        public int openPort(final int line)
        {
            return control.openPort(line);
        }

        @Override
        public boolean start(
            final int line, final InetSocketAddress remote, final int payloadType, final int telephoneEventPt, final int ptimeMs)
        {
            return control.start(line, remote, payloadType, telephoneEventPt, ptimeMs);
        }

        @Override
        public boolean stop(final int line)
        {
            return control.stop(line);
        }

        @Override
        public boolean keyDown(final int line, final char digit)
        {
            return control.keyDown(line, digit);
        }

        @Override
        public boolean keyUp(final int line, final char digit, final int durationMs)
        {
            return control.keyUp(line, digit, durationMs);
        }
    }
}
