package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.board.Board;
import io.voxline.board.BoardEventType;
import io.voxline.board.Tone;
import io.voxline.gateway.dialplan.DigitMap;
import io.voxline.gateway.line.LineActions;
import io.voxline.gateway.line.LineEvent;
import io.voxline.gateway.line.LineState;
import io.voxline.gateway.line.LineStateMachine;
import io.voxline.gateway.register.LineRegistration;
import io.voxline.gateway.register.RegistrationState;
import io.voxline.journal.CallDirection;
import io.voxline.media.MediaControl;
import io.voxline.media.MediaEvents;
import io.voxline.reactor.ReactorEvent;
import io.voxline.reactor.ReactorHandler;
import io.voxline.sip.auth.DigestClient;
import io.voxline.sip.dialog.AckRetransmission;
import io.voxline.sip.dialog.Dialog;
import io.voxline.sip.dialog.InDialogCheck;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.OptionTags;
import io.voxline.sip.message.ParseError;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.SipResponses;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.sdp.AudioCodec;
import io.voxline.sip.sdp.LocalAudio;
import io.voxline.sip.sdp.NegotiatedAudio;
import io.voxline.sip.sdp.Negotiation;
import io.voxline.sip.sdp.SdpNegotiator;
import io.voxline.sip.sdp.SdpParser;
import io.voxline.sip.sdp.SessionDescription;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transaction.TransactionUser;
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.TransportKind;
import io.voxline.sip.transport.UdpTransport;

/**
 * The gateway's user agent core, on the reactor thread: one {@link LineStateMachine} per configured FXS line,
 * the SIP calls those lines place and receive (through a {@link TransactionLayer} and {@link Dialog}s), their
 * registrations, and the board, media and journal commands that follow. Deterministic: no threads of its own,
 * time from the injected {@link TimerService} and clock, so tests drive it event by event.
 *
 * <p>Digest authentication (RFC 3261 §22): a line with a password answers a 401/407 to its REGISTER (see
 * {@link LineRegistration}), INVITE or BYE once with the request signed, CSeq + 1 and a new branch (the INVITE keeps
 * its Call-ID, From tag and body; the ACK of the challenge is its transaction's), and again only for stale=true;
 * otherwise the call fails as for any refusal (reorder). The line keeps the proxy's nonce and signs its next
 * INVITEs with it from the start; the ACK of a 2xx carries the INVITE's credentials (RFC 3261 §13.2.2.4; its
 * Proxy-Authorization only when the dialog's path starts at the line's proxy). A digest answer can be cracked
 * offline, so a line answers only challenges to requests whose next hop is its own proxy, in its registrar's realm,
 * and with qop unless its registrar itself challenges without (see {@link #takesChallenge}).
 *
 * <p>New calls: a line takes INVITEs only from its proxy unless configured otherwise
 * ({@link GatewayConfig.CallSources}); a source no line takes calls from gets 403 whatever it asks for.
 *
 * <p>NAT (RFC 3581, see {@link LineRegistration}): a line's Contact in its INVITEs, 200s and dialogs is the public
 * address its registrar sees it at when a NAT is in between; its registration keeps the NAT binding open (CRLF
 * keepalives) and pings the registrar ({@link GatewayConfig.Keepalive}). A 404/480 for one of our own registered
 * numbers means the registrar lost its bindings: every line registered there registers again at once.
 *
 * <p>Every datagram is parsed once; a CRLF-only datagram (a keepalive) is ignored silently; a message that does
 * not parse is answered 400/505 when it can be, else dropped. Nothing thrown below escapes an {@code on*} method: it is counted ({@link #errorCount()}) and the
 * core carries on.
 */
public final class GatewayCore implements ReactorHandler, TransactionUser
{
    public static final String USER_AGENT = "Voxline";
    public static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS";
    /** Dial tone waits this long for the first digit, then reorder. */
    public static final long FIRST_DIGIT_TIMEOUT_MS = LineStateMachine.DEFAULT_FIRST_DIGIT_TIMEOUT_MS;
    /**
     * How long a call may go unanswered: an incoming one rings this long (less when its INVITE's Expires says so),
     * then is refused 480; an outgoing one without a final answer is cancelled and the caller hears reorder.
     */
    public static final long RING_NO_ANSWER_MS = 180_000;
    /** RFC 3326 Reason of our 480 after ringing too long: Q.850 cause 19, "no answer from user (user alerted)". */
    static final String NO_ANSWER_REASON = "Q.850;cause=19;text=\"no answer\"";

    private static final BoardEventType[] BOARD_EVENTS = BoardEventType.values();
    /** Digits received in a call that {@link #digitsReceived(int)} keeps. */
    static final int DIGITS_KEPT = 64;
    /** The option tags (RFC 3261 19.2) we support: none yet, so any Require is answered 420. */
    private static final String[] SUPPORTED = {};
    private static final String SDP = SdpParser.CONTENT_TYPE;

    private final GatewayConfig config;
    private final Board board;
    /** The transports by index (the reactor's transport index), their layers, kinds and "host:port". */
    private final SipTransport[] transports;
    private final TransactionLayer[] layers;
    private final TransportKind[] kinds;
    private final String[] hostPorts;
    /** The primary transport: the first UDP one, else the first; its address is the gateway's own. */
    private final int primary;
    private final TimerService timers;
    private final Runnable timerPoll;
    private final EpochClock clock;
    private final MediaPort media;
    private final CallLog log;
    private final SipIds ids;
    private final TransactionConfig sipTimers;
    private final LineSlot[] lines;
    private final List<LineSlot> configured = new ArrayList<>();
    /** Calls by dialog id (Call-ID|local tag|remote tag), from the dialog's creation to the call's end. */
    private final HashMap<String, Call> dialogs = new HashMap<>();
    /** Our outgoing calls by Call-ID, from the INVITE until 64*T1 after the call ends: forked 2xx answers find them. */
    private final HashMap<String, Call> placed = new HashMap<>();
    private final SipMessage rx = new SipMessage();
    private final UnsafeBuffer tx = new UnsafeBuffer(new byte[UdpTransport.MAX_DATAGRAM]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final String hostPort;
    private final String mediaIp;
    private final List<AudioCodec> codecs;
    private final ClientTransactionListener byeListener = new ByeListener();
    private final RequestChecks checks = new RequestChecks();
    private final MergedRequests merged = new MergedRequests();
    /** A TLS listener is here: sips: Request-URIs are ours to serve. */
    private final boolean tls;
    private long sessionIds;
    private long errors;
    /** New calls refused 403 because no line takes calls from their source. */
    private long strangerCalls;
    private long parseErrors;
    private long truncated;
    private long keepalivesReceived;
    /** The transport index of the message being handled (what a request's server transaction answers on). */
    private int current;
    private FlowControl flows = FlowControl.NONE;

    /**
     * @param timerPoll fires the timers that are due (the reactor's wheel poll; a test's stepped clock)
     * @param clock     the time journal entries carry
     * @param ids       branches, tags and Call-IDs (tests seed it)
     */
    public GatewayCore(
        final GatewayConfig config,
        final Board board,
        final SipTransport transport,
        final TimerService timers,
        final Runnable timerPoll,
        final EpochClock clock,
        final MediaPort media,
        final CallLog log,
        final SipIds ids)
    {
        this(config, board, transport, timers, timerPoll, clock, media, log, ids, TransactionConfig.RFC3261);
    }

    /** One transport: the gateway's only listener (UDP, or a test's). */
    public GatewayCore(
        final GatewayConfig config,
        final Board board,
        final SipTransport transport,
        final TimerService timers,
        final Runnable timerPoll,
        final EpochClock clock,
        final MediaPort media,
        final CallLog log,
        final SipIds ids,
        final TransactionConfig sipTimers)
    {
        this(config, board, List.of(transport), timers, timerPoll, clock, media, log, ids, sipTimers);
    }

    /**
     * @param transports one per listener, in the order of {@link GatewayConfig#listeners()}: the index is the
     *                   reactor's transport index of what arrives on it; each gets its own {@link TransactionLayer}
     * @throws IllegalArgumentException when a line's transport has no listener here, for unknown codecs, and for
     *                                  lines the board does not have
     */
    public GatewayCore(
        final GatewayConfig config,
        final Board board,
        final List<? extends SipTransport> transports,
        final TimerService timers,
        final Runnable timerPoll,
        final EpochClock clock,
        final MediaPort media,
        final CallLog log,
        final SipIds ids,
        final TransactionConfig sipTimers)
    {
        if (transports.isEmpty())
        {
            throw new IllegalArgumentException("a gateway needs at least one transport");
        }
        this.config = config;
        this.board = board;
        this.timers = timers;
        this.timerPoll = timerPoll;
        this.clock = clock;
        this.media = media;
        this.log = log;
        this.ids = ids;
        this.sipTimers = sipTimers;
        final int n = transports.size();
        this.transports = transports.toArray(new SipTransport[0]);
        this.layers = new TransactionLayer[n];
        this.kinds = new TransportKind[n];
        this.hostPorts = new String[n];
        int first = -1;
        boolean anyTls = false;
        for (int i = 0; i < n; i++)
        {
            kinds[i] = TransportKind.of(this.transports[i]);
            if (kinds[i] == null)
            {
                throw new IllegalArgumentException("transport " + i + " speaks " + this.transports[i].protocol() + ", not UDP, TCP or TLS");
            }
            layers[i] = new TransactionLayer(this.transports[i], timers, sipTimers, this, ids);
            final InetSocketAddress local = this.transports[i].localAddress();
            final String sipIp = local.getAddress().isAnyLocalAddress() ? config.media().ip() : local.getAddress().getHostAddress();
            hostPorts[i] = TransactionLayer.hostPort(new InetSocketAddress(IpLiterals.address(sipIp), local.getPort()));
            if (first < 0 && kinds[i] == TransportKind.UDP)
            {
                first = i;
            }
            anyTls |= kinds[i] == TransportKind.TLS;
        }
        this.primary = Math.max(first, 0);
        this.hostPort = hostPorts[primary];
        this.mediaIp = config.media().ip();
        this.tls = anyTls;
        final List<AudioCodec> list = new ArrayList<>();
        for (final String name : config.media().codecs())
        {
            final AudioCodec c = AudioCodec.byName(name);
            if (c == null)
            {
                throw new IllegalArgumentException("unknown codec " + name);
            }
            list.add(c);
        }
        this.codecs = List.copyOf(list);
        final DigitMap digitMap = DigitMap.of(config.dialing().digitMap());
        this.lines = new LineSlot[board.lineCount()];
        for (final GatewayConfig.Line l : config.lines())
        {
            final int index = l.number() - 1;
            if (index < 0 || index >= lines.length)
            {
                throw new IllegalArgumentException("line " + l.number() + " is not on the board (it has " + lines.length + ")");
            }
            if (lines[index] != null)
            {
                throw new IllegalArgumentException("line " + l.number() + " is configured twice");
            }
            final int transport = l.proxy() == null ? primary : transportIndex(l.transport(), primary);
            if (transport < 0)
            {
                throw new IllegalArgumentException("line " + l.number() + " reaches its proxy over " + l.transport().protocol() +
                    ", but the gateway has no " + l.transport().uriParam() + ": listener");
            }
            lines[index] = new LineSlot(index, l, digitMap, transport);
            configured.add(lines[index]);
        }
    }

    // ------------------------------------------------------------------------------------------ queries

    /** For the console: "call=STATE peer=URI|-" for a 1-based line, or null when the line is not configured. */
    public String describe(final int line)
    {
        final LineSlot s = slot(line - 1);
        if (s == null)
        {
            return null;
        }
        final Call c = s.call;
        return "call=" + s.fsm.state().text() + " peer=" + (c == null ? "-" : c.remoteUri);
    }

    /**
     * The DTMF digits the line (1-based) received as RFC 4733 events in its current or last call, the last
     * {@value #DIGITS_KEPT} at most; null when the line is not configured. Kept in memory only: digits in a call
     * are often PINs, so they are not journalled.
     */
    public String digitsReceived(final int line)
    {
        final LineSlot s = slot(line - 1);
        return s == null ? null : s.digitsReceived.toString();
    }

    /** The line's state (1-based line), or null when it is not configured. */
    public LineState lineState(final int line)
    {
        final LineSlot s = slot(line - 1);
        return s == null ? null : s.fsm.state();
    }

    /** True while the line's (1-based) registration holds. */
    public boolean isRegistered(final int line)
    {
        final LineSlot s = slot(line - 1);
        return s != null && s.registration != null && s.registration.isRegistered();
    }

    /** Where the line's (1-based) registration stands; null when the line is not configured or has no registrar. */
    public RegistrationState registrationState(final int line)
    {
        final LineSlot s = slot(line - 1);
        return s == null || s.registration == null ? null : s.registration.state();
    }

    /** The line's registration (1-based), or null without a registrar. */
    public LineRegistration registration(final int line)
    {
        final LineSlot s = slot(line - 1);
        return s == null ? null : s.registration;
    }

    /** The primary transport's transaction layer. */
    public TransactionLayer transactionLayer()
    {
        return layers[primary];
    }

    /** Calls that still have a dialog (for tests: lingering calls are cleaned up). */
    public int dialogCount()
    {
        return dialogs.size();
    }

    /** Out-of-dialog server transactions kept to find merged requests (RFC 3261 8.2.2.2): for tests. */
    int mergedRequestsTracked()
    {
        return merged.size();
    }

    /** Exceptions caught in event handlers. */
    public long errorCount()
    {
        return errors;
    }

    /** New calls refused 403 because no line takes calls from where they came from (see {@link GatewayConfig.CallSources}). */
    public long strangerCallCount()
    {
        return strangerCalls;
    }

    /** Datagrams that did not parse (answered 400/505 or dropped). */
    public long parseErrorCount()
    {
        return parseErrors;
    }

    /** CRLF-only datagrams (keepalives, RFC 5626 §3.5.1): ignored, neither answered nor counted as errors. */
    public long keepalivesReceivedCount()
    {
        return keepalivesReceived;
    }

    /** Datagrams dropped because they filled the receive buffer (possibly cut). */
    public long truncatedCount()
    {
        return truncated;
    }

    /** "host:port" written in Via and Contact: the primary transport's. */
    public String hostPort()
    {
        return hostPort;
    }

    /** The transaction layer of transport i (the reactor's transport index). */
    public TransactionLayer transactionLayer(final int i)
    {
        return layers[i];
    }

    /** How many transports (and transaction layers) the core has. */
    public int transportCount()
    {
        return layers.length;
    }

    /**
     * What the stream transports report and do for the lines' flows (RFC 5626): the wiring's; set before the
     * first event. Without it ({@link FlowControl#NONE}) a missing pong is not a failure and no flow is closed.
     */
    public GatewayCore flowControl(final FlowControl control)
    {
        flows = control == null ? FlowControl.NONE : control;
        return this;
    }

    // ------------------------------------------------------------------------------------------ reactor

    /** Registers every line that has a registrar. */
    @Override
    public void onStart()
    {
        try
        {
            for (final LineSlot s : configured)
            {
                if (s.registration != null)
                {
                    s.registration.expectPongs(flows.reportsPongs());
                    s.registration.start();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    @Override
    public void onDatagram(final ReactorEvent event)
    {
        onDatagram(event.buffer, 0, event.length, event.truncated, event.source, event.transportIndex);
    }

    /** One datagram of the primary transport: bytes [offset, offset+length) of buffer, from source. */
    public void onDatagram(
        final org.agrona.DirectBuffer buffer, final int offset, final int length, final boolean cut,
        final InetSocketAddress source)
    {
        onDatagram(buffer, offset, length, cut, source, primary);
    }

    /**
     * One message of transport transportIndex: a UDP datagram, or one framed message of a TCP/TLS connection from
     * source (the connection's remote address: answers go back on it). On a stream Content-Length is mandatory
     * (RFC 3261 18.3), so it is parsed in the parser's stream mode.
     */
    public void onDatagram(
        final org.agrona.DirectBuffer buffer, final int offset, final int length, final boolean cut,
        final InetSocketAddress source, final int transportIndex)
    {
        try
        {
            if (cut)
            {
                truncated++;
                return;
            }
            if (source == null || transportIndex < 0 || transportIndex >= layers.length)
            {
                return;
            }
            current = transportIndex;
            final TransactionLayer layer = layers[transportIndex];
            final boolean parsed = layer.isReliable() ? rx.parseStream(buffer, offset, length) : rx.parse(buffer, offset, length);
            if (!parsed)
            {
                if (rx.error() == ParseError.EMPTY)
                {
                    keepalivesReceived++; // a peer's keepalive: nothing to answer, nothing wrong
                    return;
                }
                parseErrors++;
                final int len = SipResponses.writeParseError(writer.wrap(tx, 0), rx,
                    source.getAddress().getHostAddress(), source.getPort());
                if (len > 0)
                {
                    // on UDP where any response goes (RFC 3261 18.2.2 + RFC 3581), on a stream down its connection
                    layer.respondStateless(tx, 0, len, rx.topVia(), source);
                }
                return;
            }
            layer.onMessage(rx, source);
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    @Override
    public void onBoardEvent(final ReactorEvent event)
    {
        onBoardEvent(event.code, event.line, event.arg1, event.arg2);
    }

    /** A board event without its second argument (a DTMF_UP then counts as 0 ms long). */
    public void onBoardEvent(final int code, final int line, final int arg1)
    {
        onBoardEvent(code, line, arg1, 0);
    }

    /**
     * A board event: code is the BoardEventType ordinal, line 0-based, arg1 the DTMF digit, arg2 as
     * {@link io.voxline.board.BoardEventPoller#arg2} gives it (a DTMF_UP's tone length in ms).
     */
    public void onBoardEvent(final int code, final int line, final int arg1, final int arg2)
    {
        try
        {
            final LineSlot s = slot(line);
            if (s == null || code < 0 || code >= BOARD_EVENTS.length)
            {
                return;
            }
            switch (BOARD_EVENTS[code])
            {
                case OFF_HOOK -> s.fsm.on(LineEvent.OFF_HOOK);
                case ON_HOOK -> s.fsm.on(LineEvent.ON_HOOK);
                case FLASH -> s.fsm.on(LineEvent.FLASH);
                case DTMF_DOWN ->
                {
                    if (s.fsm.state() == LineState.CONNECTED)
                    {
                        s.keyDownInCall((char)arg1);
                    }
                    else
                    {
                        s.fsm.on(LineEvent.DIGIT, (char)arg1);
                    }
                }
                case DTMF_UP -> s.keyUpInCall((char)arg1, arg2);
                case FAULT -> log.signal(clock.time(), "line " + (line + 1) + " fault " + arg1);
                case RING_BURST_START, RING_BURST_END, TONE_DONE, FAX_TONE ->
                {
                    // nothing to decide: cadences are the board's
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    @Override
    public void onMediaEvent(final ReactorEvent event)
    {
        onMediaEvent(event.code, event.line, event.arg1, event.arg2);
    }

    /** A media event: code from {@link MediaEvents}, line 0-based, the arguments as the media agent gave them. */
    public void onMediaEvent(final int code, final int line, final int arg1, final int arg2)
    {
        try
        {
            if (code == MediaEvents.MEDIA_ERROR)
            {
                log.signal(clock.time(), "line " + (line + 1) + " media error " + arg1 + "/" + arg2);
            }
            else if (code == MediaEvents.DTMF_DIGIT)
            {
                final LineSlot s = slot(line);
                if (s != null)
                {
                    s.digitReceived((char)arg1);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    @Override
    public void onTick(final long nowMs)
    {
        try
        {
            timerPoll.run();
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * A TCP/TLS connection of transport transportIndex to (or from) remote closed (told on the reactor thread):
     * the client transactions it carried end at once (RFC 3261 17.1.4; timedOut: it could not be made in time), and
     * every line that registered over it registers again at once, on a new connection (with back-off when that
     * fails too).
     */
    public void onConnectionClosed(final int transportIndex, final InetSocketAddress remote, final boolean timedOut)
    {
        try
        {
            if (transportIndex < 0 || transportIndex >= layers.length || remote == null || !layers[transportIndex].isReliable())
            {
                return; // UDP has no connections
            }
            layers[transportIndex].onConnectionClosed(remote, timedOut);
            for (final LineSlot s : configured)
            {
                if (s.onFlow(transportIndex, remote))
                {
                    s.registration.onFlowClosed("the connection to the registrar closed");
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * A CRLF pong (RFC 5626 §4.4.1) came on the connection of transport transportIndex to remote: the flow of every
     * line registered over it is alive.
     */
    public void onPong(final int transportIndex, final InetSocketAddress remote)
    {
        try
        {
            for (final LineSlot s : configured)
            {
                if (s.onFlow(transportIndex, remote))
                {
                    s.registration.onPong();
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /** Stops refreshing registrations (the app closes the reactor next). */
    @Override
    public void onShutdown()
    {
        for (final LineSlot s : configured)
        {
            if (s.registration != null)
            {
                s.registration.stop();
            }
        }
    }

    private void failed(final RuntimeException ex)
    {
        errors++;
        System.err.println("gateway " + hostPort + ": " + ex);
        ex.printStackTrace();
    }

    /** The transport of kind: preferred when it is of that kind, else the first such; -1 when there is none. */
    private int transportIndex(final TransportKind kind, final int preferred)
    {
        if (kind == null)
        {
            return -1;
        }
        if (preferred >= 0 && preferred < kinds.length && kinds[preferred] == kind)
        {
            return preferred;
        }
        for (int i = 0; i < kinds.length; i++)
        {
            if (kinds[i] == kind)
            {
                return i;
            }
        }
        return -1;
    }

    /** ";transport=tcp" for a URI of ours on transport i, nothing for UDP (RFC 3263 §4.1: its default). */
    private String uriSuffix(final int i)
    {
        return kinds[i] == TransportKind.UDP ? "" : ";transport=" + kinds[i].uriParam();
    }

    /**
     * The transport in-dialog requests of d go on: the one its next hop's URI names (the first route, else the
     * remote target: transport=, sips:), when we have it, else fallback (the transport the dialog began on).
     */
    private int transportFor(final Dialog d, final int fallback)
    {
        final List<String> routes = d.routeSet();
        String next = routes.isEmpty() ? String.valueOf(d.remoteTarget()) : routes.get(0);
        final int lt = next.indexOf('<');
        if (lt >= 0)
        {
            final int gt = next.indexOf('>', lt);
            next = next.substring(lt + 1, gt < 0 ? next.length() : gt);
        }
        final byte[] bytes = next.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        final SipUri uri = new SipUri();
        final TransportKind kind = uri.parse(new UnsafeBuffer(bytes), 0, bytes.length) ? TransportKind.forUri(uri) : null;
        final int i = transportIndex(kind, fallback);
        return i < 0 ? fallback : i;
    }

    private LineSlot slot(final int boardLine)
    {
        return boardLine >= 0 && boardLine < lines.length ? lines[boardLine] : null;
    }

    // ------------------------------------------------------------------------------------------ requests in

    @Override
    public void onRequest(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        try
        {
            final SipMethod method = request.method();
            if (method == SipMethod.ACK)
            {
                onAck(request);
                return;
            }
            final boolean inDialog = request.toTag() != null;
            final boolean served = method == SipMethod.INVITE || method == SipMethod.BYE || method == SipMethod.OPTIONS;
            if (method == SipMethod.INVITE && !inDialog && refusedStranger(st, source))
            {
                return;
            }
            // RFC 3261 8.2: the method (8.2.1, 405 below), the Request-URI's scheme (8.2.2.1), merged requests
            // (8.2.2.2), Require (8.2.2.3), in that order; then each method looks at its body
            if (served && !RequestChecks.servesScheme(request.parsedRequestUri(), tls))
            {
                respond(st, 416, null, inDialog ? null : ids.newTag(), false);
                return;
            }
            if (served && !inDialog && merged.isMerged(st, request))
            {
                st.respond(482, null, ids.newTag());
                return;
            }
            if (served && rejectedExtensions(st, request, inDialog))
            {
                return;
            }
            switch (method)
            {
                case INVITE ->
                {
                    if (inDialog)
                    {
                        onReInvite(st, request);
                    }
                    else
                    {
                        onInvite(st, request);
                    }
                }
                case BYE -> onBye(st, request);
                case OPTIONS -> respondOptions(st, request);
                default ->
                {
                    if (inDialog && dialogs.get(Dialog.idOfRequest(request)) == null)
                    {
                        st.respond(481, null, null);
                    }
                    else
                    {
                        respond(st, 405, null, inDialog ? null : ids.newTag(), false);
                    }
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * RFC 3261 8.2.2.3: a request that Requires an option tag we do not support gets 420 Bad Extension naming them
     * in Unsupported. True when answered. Counting allocates nothing, so it runs on every request.
     */
    private boolean rejectedExtensions(final ServerTransaction st, final SipMessage request, final boolean inDialog)
    {
        if (OptionTags.countUnsupported(request, HeaderName.REQUIRE, SUPPORTED) == 0)
        {
            return false;
        }
        final String tag = inDialog ? null : ids.newTag();
        if (startResponse(st, 420, null, tag) < 0)
        {
            st.respond(420, null, tag);
            return true;
        }
        OptionTags.writeUnsupported(writer, request, HeaderName.REQUIRE, SUPPORTED);
        final int len = writer.endHeaders();
        if (len > 0)
        {
            st.respond(tx, 0, len);
        }
        return true;
    }

    /**
     * A new call from a source no line takes calls from ({@link GatewayConfig.CallSources}): answered 403 before any
     * other check, the same whatever the Request-URI, so a scanner on the router's WAN port rings no phone and tells
     * our lines (404 vs 180) from nothing. 403 rather than silence: a proxy whose address is set wrong shows up as a
     * clear refusal in its log instead of 32 s of retransmissions, and silence would hide nothing that our OPTIONS
     * answer does not already tell. Not journalled (a scan must not fill the journal); counted. True when refused.
     */
    private boolean refusedStranger(final ServerTransaction st, final InetSocketAddress source)
    {
        for (final LineSlot s : configured)
        {
            if (s.takesCallsFrom(source, current))
            {
                return false;
            }
        }
        strangerCalls++;
        st.respond(403, null, ids.newTag());
        return true;
    }

    private void onInvite(final ServerTransaction st, final SipMessage invite)
    {
        final SipUri ruri = invite.parsedRequestUri();
        final BufferView user = ruri == null ? null : ruri.user();
        LineSlot s = null;
        for (final LineSlot candidate : configured)
        {
            if (user != null && user.contentEquals(candidate.config.user()))
            {
                s = candidate;
                break;
            }
        }
        final String tag = ids.newTag();
        if (s == null)
        {
            st.respond(404, null, tag);
            return;
        }
        if (!s.takesCallsFrom(st.source(), current))
        {
            // a source another line takes calls from (its proxy), not this one's
            st.respond(403, null, tag);
            return;
        }
        if (rejectedBody(st, invite, tag))
        {
            return;
        }
        final String remoteUri = invite.from().uriText().toString();
        final Call c = new Call(this, false, s.index, invite.callId().toString(), tag, s.aor, remoteUri, layers[current]);
        c.transport = current;
        c.inviteReceived = st;
        log.callStarted(c.callId, s.number, CallDirection.IN, s.aor, remoteUri, clock.time());
        if (s.fsm.state() != LineState.IDLE)
        {
            st.respond(486, null, tag);
            journalEnd(c, "rejected 486");
            return;
        }
        c.dialog = Dialog.createUas(invite, tag, s.contactOn(current));
        if (c.dialog == null || c.dialog.nextHop() == null)
        {
            st.respond(400, "Missing or unusable Contact", tag);
            journalEnd(c, "rejected 400");
            return;
        }
        c.dialogTransport = transportFor(c.dialog, current);
        final SessionDescription offer = sdpOf(invite);
        final int port = offer == null ? -1 : media.openPort(s.index);
        if (offer == null || port < 0)
        {
            st.respond(offer == null ? 488 : 503, offer == null ? "SDP offer required" : "No media port", tag);
            journalEnd(c, offer == null ? "rejected 488" : "rejected 503");
            return;
        }
        final Negotiation answer = SdpNegotiator.answer(offer, localAudio(port), ++sessionIds, 1);
        if (!answer.isAccepted() || ip(answer.audio()) == null)
        {
            media.stop(s.index);
            st.respond(488, answer.isAccepted() ? "Media address must be an IP literal" : answer.reason(), tag);
            journalEnd(c, "rejected 488");
            return;
        }
        c.answer = answer;
        c.phase = Call.Phase.OFFERED;
        c.callerNumber = invite.from().uri().user() == null ? null : invite.from().uri().user().toString();
        final BufferView display = invite.from().displayName();
        c.callerName = display == null ? null : display.toString();
        st.context(c);
        dialogs.put(c.dialog.id(), c);
        attach(s, c);
        if (!s.fsm.on(LineEvent.INCOMING))
        {
            // the table says this line cannot ring now after all
            endCall(c);
            st.respond(486, null, tag);
            journalEnd(c, "rejected 486");
            return;
        }
        respond(st, 180, null, tag, true);
        // it rings until answered, cancelled, or the limit (sooner if the caller's INVITE expires sooner)
        final long expires = invite.expires();
        final long limit = expires >= 0 && expires * 1000 < RING_NO_ANSWER_MS ? expires * 1000 : RING_NO_ANSWER_MS;
        c.noAnswerTimer = timers.schedule(limit, c);
    }

    /**
     * RFC 3261 8.2.3: a body we cannot read gets 415 with Accept (types) or Accept-Encoding (encodings); then an
     * Accept that rules out application/sdp, the body our 200 must carry, gets 406 with a 399 Warning saying so
     * (RFC 4475 3.3.15). True when answered.
     */
    private boolean rejectedBody(final ServerTransaction st, final SipMessage invite, final String tag)
    {
        final RequestChecks.Body body = checks.body(invite);
        final int code;
        if (body == RequestChecks.Body.UNSUPPORTED_TYPE || body == RequestChecks.Body.UNSUPPORTED_ENCODING)
        {
            code = 415;
        }
        else if (!checks.acceptsSdp(invite))
        {
            code = 406;
        }
        else
        {
            return false;
        }
        if (startResponse(st, code, null, tag) < 0)
        {
            st.respond(code, null, tag);
            return true;
        }
        if (body == RequestChecks.Body.UNSUPPORTED_ENCODING)
        {
            writer.header(HeaderName.ACCEPT_ENCODING, RequestChecks.ACCEPT_ENCODING);
        }
        else if (code == 415)
        {
            writer.header(HeaderName.ACCEPT, RequestChecks.ACCEPT);
        }
        else
        {
            writer.startHeader(HeaderName.WARNING).append("399 ").append(hostPorts[current])
                .append(" \"Our answer can only be application/sdp and Accept rules it out\"").endHeader();
        }
        final int len = writer.endHeaders();
        if (len > 0)
        {
            st.respond(tx, 0, len);
        }
        return true;
    }

    private void onReInvite(final ServerTransaction st, final SipMessage invite)
    {
        final Call c = dialogs.get(Dialog.idOfRequest(invite));
        if (c == null || c.dialog == null)
        {
            st.respond(481, null, null);
            return;
        }
        final InDialogCheck check = c.dialog.checkRequest(invite);
        if (check != InDialogCheck.OK)
        {
            st.respond(check.statusCode(), check.reasonPhrase(), null);
            return;
        }
        // session changes (hold, new codec) are not taken yet: the session goes on unchanged (RFC 3261 14.2)
        st.respond(488, "Session changes not supported", null);
    }

    private void onAck(final SipMessage ack)
    {
        final Call c = dialogs.get(Dialog.idOfRequest(ack));
        if (c == null || c.outgoing || c.dialog.checkRequest(ack) != InDialogCheck.OK)
        {
            return;
        }
        if (c.phase == Call.Phase.ANSWERED && c.ok.onAck(ack))
        {
            c.phase = Call.Phase.CONFIRMED;
            if (c.byeWhenAcked)
            {
                sendBye(c);
            }
        }
    }

    private void onBye(final ServerTransaction st, final SipMessage bye)
    {
        final Call c = dialogs.get(Dialog.idOfRequest(bye));
        if (c == null)
        {
            st.respond(481, null, null);
            return;
        }
        if (c.phase == Call.Phase.ENDING)
        {
            // our BYEs crossed: both ends agree
            st.respond(200, null, null);
            return;
        }
        final InDialogCheck check = c.dialog.checkRequest(bye);
        if (check != InDialogCheck.OK)
        {
            st.respond(check.statusCode(), check.reasonPhrase(), null);
            return;
        }
        st.respond(200, null, null);
        final LineSlot s = lines[c.line];
        final boolean early = c.phase == Call.Phase.OFFERED;
        if (early && c.inviteReceived != null)
        {
            // a BYE on the early dialog ends the ringing call like a CANCEL (RFC 3261 15)
            c.inviteReceived.respond(487, null, c.localTag);
        }
        stopAnswerRetransmit(c);
        final boolean attached = c.attached;
        endCall(c);
        journalEnd(c, early ? "cancelled" : "remote hangup");
        if (attached)
        {
            s.fsm.on(early ? LineEvent.CANCELLED : LineEvent.REMOTE_HANGUP);
        }
    }

    @Override
    public void onCancel(final ServerTransaction invite, final SipMessage cancel)
    {
        try
        {
            if (!(invite.context() instanceof Call c) || c.phase != Call.Phase.OFFERED)
            {
                return;
            }
            invite.respond(487, null, c.localTag);
            final boolean attached = c.attached;
            endCall(c);
            final LineSlot s = lines[c.line];
            journalEnd(c, "cancelled");
            if (attached)
            {
                s.fsm.on(LineEvent.CANCELLED);
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    private void respondOptions(final ServerTransaction st, final SipMessage options)
    {
        final int len = startResponse(st, 200, null, options.toTag() != null ? null : ids.newTag());
        if (len < 0)
        {
            return;
        }
        writer.header(HeaderName.ALLOW, ALLOW);
        writer.header(HeaderName.ACCEPT, SDP);
        st.respond(tx, 0, writer.endHeaders());
    }

    // ------------------------------------------------------------------------------------------ responses in

    @Override
    public void onStrayResponse(final SipMessage response, final InetSocketAddress source)
    {
        try
        {
            // a 2xx after the INVITE transaction ended with the first one (RFC 3261 13.2.2.4)
            if (response.statusCode() >= 200 && response.statusCode() < 300 && response.cseqMethod() == SipMethod.INVITE)
            {
                final String id = Dialog.idOfResponse(response);
                Call c = dialogs.get(id);
                if (c == null && response.callId() != null)
                {
                    // not a dialog we know: perhaps another fork's answer to one of our INVITEs
                    final Call candidate = placed.get(response.callId().toString());
                    final BufferView fromTag = response.fromTag();
                    if (candidate != null && fromTag != null && fromTag.contentEquals(candidate.localTag))
                    {
                        c = candidate;
                    }
                }
                if (c != null && c.outgoing)
                {
                    onLateAnswer(c, response, id);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * A 2xx to our INVITE outside its transaction: a retransmission in our dialog means the ACK was lost (send it
     * again); one in another dialog is a forked answer, which must be ACKed and then ended with BYE (RFC 3261
     * 13.2.2.4) while the established call goes on.
     */
    private void onLateAnswer(final Call c, final SipMessage response, final String id)
    {
        if (c.dialog != null && id.equals(c.dialog.id()))
        {
            if (c.ack != null)
            {
                c.ack.onRetransmittedAnswer(response);
            }
            return;
        }
        final AckRetransmission known = c.forks == null ? null : c.forks.get(id);
        if (known != null)
        {
            known.onRetransmittedAnswer(response);
            return;
        }
        final LineSlot s = lines[c.line];
        final Dialog fork = Dialog.createUac(c.inviteSent, response, s.contact());
        final InetSocketAddress next = fork == null ? null : fork.nextHop();
        final int ft = fork == null ? c.transport : transportFor(fork, c.transport);
        final TransactionLayer layer = layers[ft];
        final int ackLength = next == null ? -1 : writeAck(c, fork, layer);
        if (ackLength <= 0)
        {
            return; // nowhere to send an ACK: that far end gives up on its 2xx by itself
        }
        final AckRetransmission ack = new AckRetransmission(layer);
        ack.remember(tx, 0, ackLength, next);
        layer.sendStateless(tx, 0, ackLength, next);
        if (c.forks == null)
        {
            c.forks = new HashMap<>(4);
        }
        c.forks.put(id, ack);
        final int byeLength = fork.writeBye(writer.wrap(tx, 0), layer);
        fork.terminate();
        if (byeLength > 0)
        {
            layer.sendRequest(tx, 0, byeLength, next, byeListener); // no context: its answer changes nothing
        }
        log.signal(clock.time(), "line " + s.number + " forked answer to " + c.callId + " from " + fork.remoteTarget() +
            " acknowledged and ended");
    }

    void onInviteResponse(final Call c, final SipMessage response)
    {
        try
        {
            final int code = response.statusCode();
            if ((code == 401 || code == 407) && c.phase == Call.Phase.INVITING && resendInviteSigned(c, response))
            {
                return; // the call goes on: the signed INVITE is out, ringing and the no-answer limit stand
            }
            if (code >= 200)
            {
                stopNoAnswer(c);
            }
            if (code < 200)
            {
                if (code > 100 && c.phase == Call.Phase.INVITING && c.attached)
                {
                    lines[c.line].fsm.on(LineEvent.PROGRESS);
                }
                return;
            }
            if (code < 300)
            {
                onInviteAnswered(c, response);
                return;
            }
            final LineSlot s = lines[c.line];
            final boolean cancelling = c.phase == Call.Phase.CANCELLING;
            final boolean attached = c.attached;
            endCall(c);
            if (cancelling)
            {
                return; // the 487 we expected; the end was journalled when we cancelled (hang-up or no answer)
            }
            final boolean busy = code == 486 || code == 600;
            journalEnd(c, busy ? "busy" : code == 408 || code == 480 ? "no answer" :
                "failed " + code);
            if (attached)
            {
                s.fsm.on(busy ? LineEvent.BUSY : LineEvent.FAILED);
            }
            if (code == 404 || code == 480)
            {
                reRegisterIfForgotten(s, c.remoteUri, code);
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * The proxy says it does not know (404) or cannot reach (480) a number it should know: one of our own lines,
     * registered with the same registrar. Then the registrar has most likely restarted and lost its bindings, ours
     * among them: every line registered there registers again at once (spaced, so this cannot loop).
     */
    private void reRegisterIfForgotten(final LineSlot caller, final String target, final int code)
    {
        final InetSocketAddress registrar = caller.config.proxy();
        LineSlot known = null;
        for (final LineSlot t : configured)
        {
            if (t.registration != null && t.registration.isRegistered() && registrar.equals(t.config.proxy()) &&
                target.equals(t.aor))
            {
                known = t;
                break;
            }
        }
        if (known == null)
        {
            return;
        }
        final String why = "the registrar answered " + code + " for line " + known.number + "'s number";
        for (final LineSlot t : configured)
        {
            if (t.registration != null && registrar.equals(t.config.proxy()))
            {
                t.registration.reRegisterNow(why);
            }
        }
    }

    void onInviteTimeout(final Call c)
    {
        try
        {
            final LineSlot s = lines[c.line];
            final boolean cancelling = c.phase == Call.Phase.CANCELLING;
            final boolean attached = c.attached;
            if (c.phase != Call.Phase.INVITING && !cancelling)
            {
                return;
            }
            endCall(c);
            if (!cancelling)
            {
                journalEnd(c, "no answer");
                if (attached)
                {
                    s.fsm.on(LineEvent.FAILED);
                }
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    private void onInviteAnswered(final Call c, final SipMessage ok)
    {
        final LineSlot s = lines[c.line];
        if (c.dialog != null)
        {
            // a second 2xx through the transaction: the first one's dialog stands, another fork's is ended
            onLateAnswer(c, ok, Dialog.idOfResponse(ok));
            return;
        }
        c.dialog = Dialog.createUac(c.inviteSent, ok, s.contact());
        if (c.dialog == null || c.dialog.nextHop() == null)
        {
            // nowhere to send the ACK or a BYE: the far end will give up on its 2xx
            final boolean attached = c.attached;
            final boolean cancelling = c.phase == Call.Phase.CANCELLING;
            c.dialog = null;
            endCall(c);
            if (!cancelling)
            {
                journalEnd(c, "failed bad 2xx");
                if (attached)
                {
                    s.fsm.on(LineEvent.FAILED);
                }
            }
            return;
        }
        dialogs.put(c.dialog.id(), c);
        c.dialogTransport = transportFor(c.dialog, c.transport);
        final TransactionLayer layer = layers[c.dialogTransport];
        c.ack = new AckRetransmission(layer);
        final int len = writeAck(c, c.dialog, layer);
        if (len > 0)
        {
            c.ack.remember(tx, 0, len, c.dialog.nextHop());
            layer.sendStateless(tx, 0, len, c.dialog.nextHop());
        }
        if (c.phase == Call.Phase.CANCELLING)
        {
            // the 2xx won the race with our CANCEL: acknowledge it, then end the call (RFC 3261 15)
            sendBye(c);
            return;
        }
        final SessionDescription answer = sdpOf(ok);
        final Negotiation agreed = answer == null ? null : SdpNegotiator.acceptAnswer(c.offer, answer);
        final InetSocketAddress remote = agreed == null || !agreed.isAccepted() ? null : ip(agreed.audio());
        if (remote == null || !c.attached)
        {
            final boolean attached = c.attached;
            sendBye(c);
            if (attached)
            {
                detach(c);
                journalEnd(c, "failed 488");
                s.fsm.on(LineEvent.FAILED);
            }
            return;
        }
        startMedia(c, remote, agreed.audio());
        c.phase = Call.Phase.CONFIRMED;
        log.callAnswered(c.callId, s.number, clock.time());
        s.fsm.on(LineEvent.ANSWERED);
    }

    /** Answers to our BYEs: whatever they say, the call is over. */
    private final class ByeListener implements ClientTransactionListener
    {
        @Override
        public void onResponse(final ClientTransaction transaction, final SipMessage response)
        {
            final int code = response.statusCode();
            if (code >= 200 && transaction.context() instanceof Call c &&
                !((code == 401 || code == 407) && resendByeSigned(c, transaction, response)))
            {
                forget(c);
            }
        }

        @Override
        public void onTimeout(final ClientTransaction transaction)
        {
            if (transaction.context() instanceof Call c)
            {
                forget(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ the calls

    /** The line asked for a call to digits. */
    private void placeCall(final LineSlot s, final String digits)
    {
        if (s.config.proxy() == null)
        {
            log.signal(clock.time(), "line " + s.number + " has no proxy to call " + digits + " through");
            s.fsm.on(LineEvent.FAILED);
            return;
        }
        final int port = media.openPort(s.index);
        if (port < 0)
        {
            log.signal(clock.time(), "line " + s.number + " has no RTP port for a call");
            s.fsm.on(LineEvent.FAILED);
            return;
        }
        final String domain = s.config.domain();
        final String target = "sip:" + digits + "@" + domain;
        final TransactionLayer layer = layers[s.transport];
        final Call c = new Call(this, true, s.index, ids.newCallId(hostPort), ids.newTag(), s.aor, target, layer);
        c.transport = s.transport;
        c.dialogTransport = s.transport;
        c.inviteCSeq = 1;
        c.offer = SdpNegotiator.offer(localAudio(port), ++sessionIds, 1);
        final SipMessageWriter w = writer.wrap(tx, 0);
        w.requestLine(SipMethod.INVITE, target);
        w.startHeader(HeaderName.VIA).append(layer.viaPrefix()).append(";branch=").append(layer.newBranch())
            .append(";rport").endHeader();
        w.header(HeaderName.MAX_FORWARDS, SipRequests.DEFAULT_MAX_FORWARDS);
        w.startHeader(HeaderName.ROUTE).append('<').append(s.proxyRoute).append(";lr>").endHeader();
        w.startHeader(HeaderName.FROM);
        appendDisplayName(w, s.config.displayName());
        w.append('<').append(s.aor).append(">;tag=").append(c.localTag).endHeader();
        w.startHeader(HeaderName.TO).append('<').append(target).append('>').endHeader();
        w.header(HeaderName.CALL_ID, c.callId);
        w.startHeader(HeaderName.CSEQ).append(c.inviteCSeq).append(" INVITE").endHeader();
        w.header(HeaderName.CONTACT, s.contact());
        w.header(HeaderName.ALLOW, ALLOW);
        w.header(HeaderName.USER_AGENT, USER_AGENT);
        if (s.auth != null)
        {
            s.auth.writeCredentials(w, "INVITE", target); // the proxy's nonce from an earlier call, while it lasts
        }
        final int len = w.body(SDP, c.offer.toBytes());
        final SipMessage copy = new SipMessage();
        final UnsafeBuffer own = new UnsafeBuffer(new byte[Math.max(len, 1)]);
        if (len > 0)
        {
            own.putBytes(0, tx, 0, len);
        }
        if (len <= 0 || !copy.parse(own, 0, len))
        {
            media.stop(s.index);
            log.signal(clock.time(), "line " + s.number + " could not write an INVITE to " + target);
            s.fsm.on(LineEvent.FAILED);
            return;
        }
        c.inviteSent = copy;
        c.phase = Call.Phase.INVITING;
        attach(s, c);
        log.callStarted(c.callId, s.number, CallDirection.OUT, s.aor, target, clock.time());
        // the layer reports a failure to send through onTransportError on its next poll, not from here
        c.invite = layer.sendRequest(tx, 0, len, s.config.proxy(), c);
        c.invite.context(c);
        placed.put(c.callId, c);
        c.noAnswerTimer = timers.schedule(RING_NO_ANSWER_MS, c);
    }

    /** The ringing line went off-hook: 200 OK with the SDP answer, media, and the 2xx retransmissions. */
    private void answerCall(final LineSlot s)
    {
        final Call c = s.call;
        if (c == null || c.phase != Call.Phase.OFFERED || c.inviteReceived.isTerminated())
        {
            s.fsm.on(LineEvent.REMOTE_HANGUP);
            return;
        }
        stopNoAnswer(c);
        final ServerTransaction st = c.inviteReceived;
        int okLength = startResponse(st, 200, null, c.localTag);
        if (okLength >= 0)
        {
            writer.header(HeaderName.CONTACT, s.contactOn(c.transport));
            writer.header(HeaderName.ALLOW, ALLOW);
            writer.header(HeaderName.USER_AGENT, USER_AGENT);
            okLength = writer.body(SDP, c.answer.answer().toBytes());
        }
        if (okLength <= 0)
        {
            st.respond(500, "Answer too large", c.localTag);
            endCall(c);
            journalEnd(c, "failed 500");
            s.fsm.on(LineEvent.REMOTE_HANGUP);
            return;
        }
        st.respond(tx, 0, okLength);
        // T1 doubling to T2 until the ACK, giving up after 64*T1; on a stream down the INVITE's connection
        if (layers[c.transport].isReliable())
        {
            c.ok.start(tx, 0, okLength, st.source());
        }
        else
        {
            c.ok.start(st, tx, 0, okLength);
        }
        c.dialog.confirm();
        c.phase = Call.Phase.ANSWERED;
        startMedia(c, ip(c.answer.audio()), c.answer.audio());
        log.callAnswered(c.callId, s.number, clock.time());
    }

    /** 64*T1 without an ACK for our 2xx (RFC 3261 13.3.1.4): the call is given up with BYE. */
    void onAckTimeout(final Call c)
    {
        try
        {
            if (c.phase != Call.Phase.ANSWERED)
            {
                return;
            }
            final LineSlot s = lines[c.line];
            final boolean attached = c.attached;
            sendBye(c);
            if (attached)
            {
                detach(c);
                s.fsm.on(LineEvent.REMOTE_HANGUP);
            }
            journalEnd(c, "failed no ACK"); // unless the person's hang-up already ended it
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    /**
     * The ring-no-answer limit passed. Incoming and still ringing: the bell stops, the caller gets 480. Outgoing
     * and still without a final answer: it is cancelled and the person hears reorder.
     */
    void onNoAnswer(final Call c)
    {
        try
        {
            final LineSlot s = lines[c.line];
            final boolean attached = c.attached;
            if (!c.outgoing && c.phase == Call.Phase.OFFERED)
            {
                final ServerTransaction st = c.inviteReceived;
                if (startResponse(st, 480, null, c.localTag) < 0)
                {
                    st.respond(480, null, c.localTag);
                }
                else
                {
                    writer.header(HeaderName.REASON, NO_ANSWER_REASON);
                    st.respond(tx, 0, writer.endHeaders());
                }
                endCall(c);
            }
            else if (c.outgoing && c.phase == Call.Phase.INVITING)
            {
                c.phase = Call.Phase.CANCELLING;
                c.invite.cancel();
                detach(c);
            }
            else
            {
                return;
            }
            journalEnd(c, "no answer");
            if (attached)
            {
                s.fsm.on(LineEvent.NO_ANSWER);
            }
        }
        catch (final RuntimeException ex)
        {
            failed(ex);
        }
    }

    private void stopNoAnswer(final Call c)
    {
        timers.cancel(c.noAnswerTimer);
        c.noAnswerTimer = TimerService.NO_TIMER;
    }

    private void stopAnswerRetransmit(final Call c)
    {
        if (c.ok != null)
        {
            c.ok.stop();
        }
    }

    /** Journals the call's end once, whichever of its ends comes first (a hang-up and a BYE may cross). */
    private void journalEnd(final Call c, final String reason)
    {
        if (!c.endJournalled)
        {
            c.endJournalled = true;
            log.callEnded(c.callId, lines[c.line].number, clock.time(), reason);
        }
    }

    /** The person hung up with a call placed or up. */
    private void releaseCall(final LineSlot s)
    {
        final Call c = s.call;
        if (c == null)
        {
            return;
        }
        detach(c);
        switch (c.phase)
        {
            case INVITING ->
            {
                c.phase = Call.Phase.CANCELLING;
                c.invite.cancel();
                journalEnd(c, "cancelled");
            }
            case CONFIRMED ->
            {
                sendBye(c);
                journalEnd(c, "local hangup");
            }
            case ANSWERED ->
            {
                // no BYE before the ACK (RFC 3261 15): it goes when the ACK arrives or the 2xx gives up
                c.byeWhenAcked = true;
                journalEnd(c, "local hangup");
            }
            case OFFERED, CANCELLING, ENDING, ENDED ->
            {
                // nothing in flight that a hang-up changes
            }
        }
    }

    private void sendBye(final Call c)
    {
        stopAnswerRetransmit(c);
        final InetSocketAddress next = c.dialog == null ? null : c.dialog.nextHop();
        final TransactionLayer layer = layers[c.dialogTransport];
        final int len = next == null ? -1 : c.dialog.writeBye(writer.wrap(tx, 0), layer);
        if (len <= 0)
        {
            endCall(c);
            return;
        }
        c.dialog.terminate();
        c.phase = Call.Phase.ENDING;
        if (lines[c.line].auth != null)
        {
            c.byeSent = ownCopy(len); // to sign it again if it is challenged
        }
        final ClientTransaction bye = layer.sendRequest(tx, 0, len, next, byeListener);
        bye.context(c);
    }

    // ------------------------------------------------------------------------------------------ authentication

    /**
     * A 401/407 to our INVITE (its transaction ACKed it): when the line can answer it — the first challenge of the
     * call, or a stale one after it — the INVITE goes again signed, with CSeq + 1 and a new branch, same Call-ID,
     * From tag, To and body. False when the challenge is the call's end.
     */
    private boolean resendInviteSigned(final Call c, final SipMessage challenge)
    {
        final LineSlot s = lines[c.line];
        if (!takesChallenge(s, c, c.inviteChallenges, challenge, s.config.proxy(), c.transport))
        {
            return false;
        }
        final long cseq = c.inviteCSeq + 1;
        final TransactionLayer layer = layers[c.transport];
        final int len = s.auth.writeRetry(writer.wrap(tx, 0), c.inviteSent, cseq, layer.newBranch());
        final SipMessage copy = len <= 0 ? null : ownCopy(len);
        if (copy == null)
        {
            return false;
        }
        c.inviteChallenges++;
        c.inviteCSeq = cseq;
        c.inviteSent = copy;
        c.invite = layer.sendRequest(tx, 0, len, s.config.proxy(), c);
        c.invite.context(c);
        log.signal(clock.time(), "line " + s.number + " answered a " + challenge.statusCode() + " challenge to " + c.callId);
        return true;
    }

    /** As {@link #resendInviteSigned} for our BYE: again to the same next hop with the dialog's next CSeq. */
    private boolean resendByeSigned(final Call c, final ClientTransaction transaction, final SipMessage challenge)
    {
        final LineSlot s = lines[c.line];
        if (c.byeSent == null || c.dialog == null ||
            !takesChallenge(s, c, c.byeChallenges, challenge, transaction.destination(), c.dialogTransport))
        {
            return false;
        }
        final TransactionLayer layer = layers[c.dialogTransport];
        final int len = s.auth.writeRetry(writer.wrap(tx, 0), c.byeSent, c.dialog.nextLocalCSeq(), layer.newBranch());
        final SipMessage copy = len <= 0 ? null : ownCopy(len);
        if (copy == null)
        {
            return false;
        }
        c.byeChallenges++;
        c.byeSent = copy;
        final ClientTransaction bye = layer.sendRequest(tx, 0, len, transaction.destination(), byeListener);
        bye.context(c);
        return true;
    }

    /**
     * RFC 3261 §22.2: a request is signed after its first challenge; a further one is answered only when it says
     * stale=true (our credentials were right, the nonce was not), and never more than MAX_CHALLENGES times.
     * Whoever challenges gets a digest of the line's password it can attack offline, so the line answers only a
     * challenge to a request whose next hop (next, on transport) is its own proxy, only in its registrar's realm,
     * and in the RFC 2069 form (no qop) only when its registrar itself challenged so; anything else is refused and
     * the request ends as the failure it is.
     */
    private boolean takesChallenge(final LineSlot s, final Call c, final int answeredSoFar, final SipMessage challenge,
        final InetSocketAddress next, final int transport)
    {
        if (s.auth == null || answeredSoFar >= LineRegistration.MAX_CHALLENGES)
        {
            return false;
        }
        final String refused;
        if (!s.towardsProxy(next, transport))
        {
            refused = "it did not go to the line's proxy";
        }
        else if (!s.auth.onChallenge(challenge, s.realm(), s.takesChallengeWithoutQop()))
        {
            refused = "not in realm \"" + s.realm() + "\"" + (s.takesChallengeWithoutQop() ? "" : " with qop");
        }
        else
        {
            return answeredSoFar == 0 || s.auth.isStale();
        }
        log.signal(clock.time(), "line " + s.number + " refused a " + challenge.statusCode() + " challenge to " +
            challenge.cseqMethodName() + " of " + c.callId + ": " + refused);
        return false;
    }

    /**
     * The ACK for a 2xx in dialog d (Via of layer's transport), into tx, with the INVITE's credentials (RFC 3261 13.2.2.4): Authorization
     * always (the far end may be what challenged us), Proxy-Authorization only when the dialog's path starts at the
     * line's proxy — anywhere else it would only hand our digest to a party that never asked for it. Its length
     * or -1.
     */
    private int writeAck(final Call c, final Dialog d, final TransactionLayer layer)
    {
        final SipMessageWriter w = writer.wrap(tx, 0);
        if (!d.startAck(w, c.inviteCSeq, layer.viaPrefix(), layer.newBranch()))
        {
            return -1;
        }
        final SipMessage invite = c.inviteSent;
        // the line's own proxy first on the path, not just any route: a far end may Record-Route itself
        final boolean proxied = invite.count(HeaderName.PROXY_AUTHORIZATION) > 0 && !d.routeSet().isEmpty() &&
            lines[c.line].towardsProxy(d.nextHop(), transportFor(d, c.transport));
        for (int i = 0; i < invite.headerCount(); i++)
        {
            final HeaderName name = invite.headerName(i);
            if (name == HeaderName.AUTHORIZATION || (name == HeaderName.PROXY_AUTHORIZATION && proxied))
            {
                w.copyEntry(invite, i);
            }
        }
        return w.endHeaders();
    }

    /** Bytes [0, len) of tx copied and parsed, or null when they do not parse. */
    private SipMessage ownCopy(final int len)
    {
        final UnsafeBuffer own = new UnsafeBuffer(new byte[len]);
        own.putBytes(0, tx, 0, len);
        final SipMessage copy = new SipMessage();
        return copy.parse(own, 0, len) ? copy : null;
    }

    private void attach(final LineSlot s, final Call c)
    {
        s.call = c;
        c.attached = true;
    }

    /** The line lets go of the call: its media stops and the line may place or take another. */
    private void detach(final Call c)
    {
        stopNoAnswer(c); // no longer ringing or waiting on the line's behalf
        if (!c.attached)
        {
            return;
        }
        c.attached = false;
        final LineSlot s = lines[c.line];
        if (s.call == c)
        {
            s.call = null;
        }
        media.stop(c.line);
    }

    /** Detaches and forgets the call: nothing more will be sent for it. */
    private void endCall(final Call c)
    {
        detach(c);
        stopAnswerRetransmit(c);
        if (c.dialog != null)
        {
            c.dialog.terminate();
        }
        forget(c);
    }

    private void forget(final Call c)
    {
        c.phase = Call.Phase.ENDED;
        if (c.dialog != null)
        {
            dialogs.remove(c.dialog.id(), c);
        }
        if (c.outgoing && c.lingerTimer == TimerService.NO_TIMER && placed.get(c.callId) == c)
        {
            // other forks may still answer the INVITE: their 2xx must be ACKed and ended, so keep the Call-ID a while
            c.lingerTimer = timers.schedule(sipTimers.timerBMs(), c);
        }
    }

    void onLingerOver(final Call c)
    {
        placed.remove(c.callId, c);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void startMedia(final Call c, final InetSocketAddress remote, final NegotiatedAudio audio)
    {
        // the board runs 10/20/30 ms frames; playout takes the peer's packets whatever their length
        final LineSlot s = lines[c.line];
        s.digitsReceived.setLength(0);
        s.keySent = 0;
        c.telephoneEventPt = -1;
        if (media.start(c.line, remote, audio.payloadType(), audio.telephoneEventPayloadType(), MediaControl.boardFrameMsFor(audio.ptime())))
        {
            c.telephoneEventPt = audio.telephoneEventPayloadType();
        }
        else
        {
            // the call stands (the person may hang up); the journal says why it is silent
            log.signal(clock.time(), "line " + (c.line + 1) + " media did not start for " + c.callId);
        }
    }

    private LocalAudio localAudio(final int port)
    {
        return new LocalAudio(mediaIp, port, codecs, AudioCodec.DEFAULT_TELEPHONE_EVENT_PT, 20);
    }

    /** The SDP of msg (its body, or the SDP part of a multipart body), or null when it has none or it does not parse. */
    private SessionDescription sdpOf(final SipMessage msg)
    {
        if (checks.body(msg) != RequestChecks.Body.SDP)
        {
            return null;
        }
        final SdpParser.Result r = SdpParser.parse(checks.sdpBuffer(), checks.sdpOffset(), checks.sdpLength());
        return r.ok() ? r.description() : null;
    }

    /** Where RTP goes: the negotiated address when it is an IP literal (names are never resolved). */
    private static InetSocketAddress ip(final NegotiatedAudio audio)
    {
        return audio == null ? null : IpLiterals.socketAddress(audio.remoteAddress(), audio.remotePort());
    }

    /** Starts a response on st's request into tx (Via completed as its receiver must); its length so far, or -1. */
    private int startResponse(final ServerTransaction st, final int code, final String reason, final String toTag)
    {
        final InetSocketAddress src = st.source();
        if (!SipResponses.writeResponse(writer.wrap(tx, 0), st.request(), code, reason, toTag,
            src.getAddress().getHostAddress(), src.getPort()))
        {
            return -1;
        }
        final SipMessage request = st.request();
        if (request.method() == SipMethod.INVITE && code > 100 && code < 300)
        {
            // RFC 3261 12.1.1: the dialog's route set rides back on the response, so the caller's
            // ACK and BYE pass the same record-routing proxies
            for (int i = request.first(HeaderName.RECORD_ROUTE); i >= 0; i = request.next(HeaderName.RECORD_ROUTE, i))
            {
                writer.copyEntry(request, i);
            }
        }
        return writer.length();
    }

    /** A response without a body, with our Contact when asked (and Allow on a 405). */
    private void respond(
        final ServerTransaction st, final int code, final String reason, final String toTag, final boolean contact)
    {
        if (startResponse(st, code, reason, toTag) < 0)
        {
            st.respond(code, reason, toTag);
            return;
        }
        if (contact)
        {
            writer.header(HeaderName.CONTACT, lineContactFor(st));
        }
        if (code == 405)
        {
            writer.header(HeaderName.ALLOW, ALLOW);
        }
        final int len = writer.endHeaders();
        if (len > 0)
        {
            st.respond(tx, 0, len);
        }
    }

    /** The Contact of the line a request is for (by the call on it), else the gateway's own. */
    private String lineContactFor(final ServerTransaction st)
    {
        if (st.context() instanceof Call c)
        {
            return lines[c.line].contactOn(c.transport);
        }
        return "<sip:" + hostPorts[current] + uriSuffix(current) + ">";
    }

    private static void appendDisplayName(final SipMessageWriter w, final String display)
    {
        if (display == null || display.isEmpty())
        {
            return;
        }
        w.append('"');
        for (int i = 0; i < display.length(); i++)
        {
            final char ch = display.charAt(i);
            if (ch == '"' || ch == '\\')
            {
                w.append('\\');
            }
            w.append(ch);
        }
        w.append("\" ");
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("gateway ").append(hostPort);
        for (final LineSlot s : configured)
        {
            sb.append(" [").append(s.number).append(' ').append(describe(s.number)).append(']');
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------ one line

    /** A configured line: its state machine, its current call, its timer, its registration; the machine's hands. */
    private final class LineSlot implements LineActions, TimerService.Handler, LineRegistration.Listener
    {
        final int index;
        final int number;
        final GatewayConfig.Line config;
        final String aor;
        /** The Contact URI the cached header below was made from: local, or the registration's public one. */
        private String contactUri;
        private String contact;
        final LineStateMachine fsm;
        final LineRegistration registration;
        /** Signs the line's INVITEs and BYEs when it has a password (the registration has its own). */
        final DigestClient auth;
        /** The transport (index) the line reaches its proxy on: it registers, calls and is called over it. */
        final int transport;
        /** The proxy as our Route names it: sip:IP:PORT with the transport (;transport=tcp/tls) unless UDP. */
        final String proxyRoute;
        Call call;
        long timerId = TimerService.NO_TIMER;
        /** The key sent as RFC 4733 events until its key-up, else 0. */
        char keySent;
        /** Digits received as RFC 4733 events in the current or last call (see {@link #digitsReceived(int)}). */
        final StringBuilder digitsReceived = new StringBuilder(DIGITS_KEPT);

        LineSlot(final int index, final GatewayConfig.Line config, final DigitMap digitMap, final int transport)
        {
            this.index = index;
            this.number = config.number();
            this.config = config;
            this.transport = transport;
            this.aor = "sip:" + config.user() + "@" + config.domain();
            final String localUri = "sip:" + config.user() + "@" + hostPorts[transport] + uriSuffix(transport);
            this.proxyRoute = config.proxy() == null ? null :
                "sip:" + TransactionLayer.hostPort(config.proxy()) + uriSuffix(transport);
            this.contactUri = localUri;
            this.contact = "<" + localUri + ">";
            this.fsm = new LineStateMachine(number, digitMap, this, GatewayCore.this.config.dialing().interDigitTimeoutMs(),
                FIRST_DIGIT_TIMEOUT_MS);
            final boolean password = config.password() != null && !config.password().isEmpty();
            this.auth = password ? new DigestClient(config.user(), config.password()) : null;
            final GatewayConfig.Keepalive keepalive = GatewayCore.this.config.keepalive();
            this.registration = config.proxy() == null ? null : new LineRegistration(number, config.user(),
                config.domain(), config.proxy(), localUri, GatewayCore.this.config.registerExpiresSeconds(), layers[transport],
                ids, this, password ? new DigestClient(config.user(), config.password()) : null)
                .keepalive(keepalive.keepaliveSeconds(), keepalive.registrarPingSeconds());
        }

        /**
         * A key pressed during the call: with telephone-event negotiated it goes as RFC 4733 events (the media agent
         * mutes its tone in the voice), else it stays in the voice, in-band, as the person keyed it.
         */
        void keyDownInCall(final char digit)
        {
            if (keySent != 0)
            {
                // a key-up was lost: that event ends now rather than at the media agent's safety limit
                media.keyUp(index, keySent, 0);
                keySent = 0;
            }
            final Call c = call;
            if (c != null && c.telephoneEventPt >= 0 && media.keyDown(index, digit))
            {
                keySent = digit;
            }
        }

        void keyUpInCall(final char digit, final int durationMs)
        {
            if (keySent != 0 && keySent == digit)
            {
                keySent = 0;
                media.keyUp(index, digit, durationMs);
            }
        }

        void digitReceived(final char digit)
        {
            if (digitsReceived.length() == DIGITS_KEPT)
            {
                digitsReceived.deleteCharAt(0);
            }
            digitsReceived.append(digit);
        }

        /** True when the line registers over the TCP/TLS connection of transport i to remote. */
        boolean onFlow(final int i, final InetSocketAddress remote)
        {
            return registration != null && i == transport && layers[i].isReliable() && config.proxy().equals(remote);
        }

        /**
         * True when the line takes a new call that came from source on transport i: from anyone ({@link
         * GatewayConfig.CallSources#ANY}), else only from its proxy: the proxy's IP (any port: a proxy may send from
         * another socket than the one it listens on), or down the line's own connection to it.
         */
        boolean takesCallsFrom(final InetSocketAddress source, final int i)
        {
            if (config.acceptCallsFrom() == GatewayConfig.CallSources.ANY)
            {
                return true;
            }
            final InetSocketAddress proxy = config.proxy();
            return proxy != null && source != null && (onFlow(i, source) ||
                (source.getAddress() != null && source.getAddress().equals(proxy.getAddress())));
        }

        /**
         * True when a request that goes to next on transport i goes to the line's own proxy/registrar on the line's
         * transport: only such a request answers a digest challenge (anyone else could crack the answer offline).
         */
        boolean towardsProxy(final InetSocketAddress next, final int i)
        {
            return config.proxy() != null && config.proxy().equals(next) && kinds[i] == config.transport();
        }

        /** The realm the line answers challenges in: its registrar's (from a REGISTER challenge), else its domain. */
        String realm()
        {
            return registration == null ? config.domain() : registration.registrarRealm();
        }

        /** True when the line may answer a challenge without qop: only when its registrar itself challenged so. */
        boolean takesChallengeWithoutQop()
        {
            return registration != null && registration.registrarWithoutQop();
        }

        /** The Contact for a dialog begun on transport i: the line's own on its transport, else ours on that one. */
        String contactOn(final int i)
        {
            return i == transport ? contact() : "<sip:" + config.user() + "@" + hostPorts[i] + uriSuffix(i) + ">";
        }

        @Override
        public void onFlowFailed(final int line, final String why)
        {
            log.signal(clock.time(), "line " + line + " " + why + ": closing the connection to " +
                TransactionLayer.hostPort(config.proxy()));
            flows.close(transport, config.proxy());
        }

        /** The Contact header value for the line's INVITEs, 200s and dialogs: the public address behind a NAT. */
        String contact()
        {
            final String uri = registration == null ? null : registration.contactUri();
            if (uri != null && !uri.equals(contactUri))
            {
                contactUri = uri;
                contact = "<" + uri + ">";
            }
            return contact;
        }

        @Override
        public void onRegistration(final int line, final boolean registered, final int statusCode, final long expiresSeconds)
        {
            log.signal(clock.time(), "line " + line + (registered ? " registered for " + expiresSeconds + " s" : " not registered") +
                " (" + statusCode + ")");
        }

        @Override
        public void onNotice(final int line, final String what)
        {
            log.signal(clock.time(), "line " + line + " " + what);
        }

        @Override
        public void playTone(final Tone tone)
        {
            board.playTone(index, tone);
        }

        @Override
        public void stopTone()
        {
            board.stopTone(index);
        }

        @Override
        public void ringStart()
        {
            final Call c = call;
            board.ringStart(index, c == null ? null : c.callerNumber, c == null ? null : c.callerName);
        }

        @Override
        public void ringStop()
        {
            board.ringStop(index);
        }

        @Override
        public void startTimer(final long delayMs)
        {
            timers.cancel(timerId);
            timerId = timers.schedule(delayMs, this);
        }

        @Override
        public void cancelTimer()
        {
            timers.cancel(timerId);
            timerId = TimerService.NO_TIMER;
        }

        @Override
        public void onTimer(final long id)
        {
            if (id == timerId)
            {
                timerId = TimerService.NO_TIMER;
                fsm.on(LineEvent.TIMEOUT);
            }
        }

        @Override
        public void dial(final String digits)
        {
            placeCall(this, digits);
        }

        @Override
        public void answer()
        {
            answerCall(this);
        }

        @Override
        public void release()
        {
            releaseCall(this);
        }

        @Override
        public void stateChanged(final LineState from, final LineState to, final LineEvent cause)
        {
            log.signal(clock.time(), "line " + number + " " + from.text() + " -> " + to.text() + " (" +
                cause.name().toLowerCase(Locale.ROOT) + ")");
        }
    }
}
