package io.voxline.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.board.BoardEventType;
import io.voxline.gateway.RecordingTransport.Sent;
import io.voxline.gateway.line.LineState;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transport.TransportKind;

/**
 * A GatewayCore with fakes all round: a two-line board, a transport that records what is sent, a stepped clock,
 * a media port and a call log that record their commands. Helpers craft what the far side would send.
 */
final class CoreRig
{
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5062);
    static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5080);
    /** The TCP and TLS listeners of a rig {@link #withStreams with streams} (UDP stays at LOCAL, index 0). */
    static final InetSocketAddress LOCAL_TCP = new InetSocketAddress("127.0.0.1", 5064);
    static final InetSocketAddress LOCAL_TLS = new InetSocketAddress("127.0.0.1", 5065);
    /** The proxy's TLS address (its UDP and TCP one is PROXY). */
    static final InetSocketAddress PROXY_TLS = new InetSocketAddress("127.0.0.1", 5071);
    static final int UDP = 0;
    static final int TCP = 1;
    static final int TLS = 2;

    static final String PEER_SDP =
        "v=0\r\n" +
        "o=bob 1 1 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 30000 RTP/AVP 0 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n";

    static final String G729_SDP = PEER_SDP.replace("RTP/AVP 0 101", "RTP/AVP 18").replace("a=rtpmap:0 PCMU/8000\r\n",
        "a=rtpmap:18 G729/8000\r\n").replace("a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n", "");

    final GatewayConfig config;
    final FakeBoard board = new FakeBoard(2);
    final RecordingTransport transport = new RecordingTransport(LOCAL);
    /** With streams: the TCP and TLS transports (transport indexes 1 and 2); else null. */
    final RecordingTransport tcp;
    final RecordingTransport tls;
    /** With streams: what the core asked to close, as "INDEX REMOTE". */
    final List<String> closed = new ArrayList<>();
    /** With streams: whether the transports report pongs (the rig's FlowControl). */
    boolean pongsReported = true;
    final SteppedTimers timers = new SteppedTimers(1_000_000);
    final FakeMedia media = new FakeMedia(2);
    final RecordingCallLog log = new RecordingCallLog();
    final GatewayCore core;
    private int branches;

    CoreRig()
    {
        this(GatewayConfig.Dialing.DEFAULT.digitMap());
    }

    CoreRig(final String digitMap)
    {
        this(digitMap, null, GatewayConfig.Keepalive.OFF);
    }

    /** Line 1 (user 101) with this digest password; line 2 has none. */
    static CoreRig withPassword(final String password)
    {
        return new CoreRig(GatewayConfig.Dialing.DEFAULT.digitMap(), password, GatewayConfig.Keepalive.OFF);
    }

    /** Both lines without passwords, with these keepalive and ping intervals. */
    static CoreRig withKeepalive(final GatewayConfig.Keepalive keepalive)
    {
        return new CoreRig(GatewayConfig.Dialing.DEFAULT.digitMap(), null, keepalive);
    }

    /** Both lines without passwords, taking new calls from line1 and line2 ({@link GatewayConfig.CallSources}). */
    static CoreRig withCallSources(final GatewayConfig.CallSources line1, final GatewayConfig.CallSources line2)
    {
        return new CoreRig(GatewayConfig.Dialing.DEFAULT.digitMap(), null, GatewayConfig.Keepalive.OFF, line1, line2);
    }

    private CoreRig(final String digitMap, final String password, final GatewayConfig.Keepalive keepalive)
    {
        this(digitMap, password, keepalive, GatewayConfig.CallSources.PROXY, GatewayConfig.CallSources.PROXY);
    }

    private CoreRig(final String digitMap, final String password, final GatewayConfig.Keepalive keepalive,
        final GatewayConfig.CallSources line1, final GatewayConfig.CallSources line2)
    {
        config = new GatewayConfig(LOCAL, "mock:lines=2,region=us",
            List.of(new GatewayConfig.Line(1, "101", "a.test", PROXY, password, "Alice").withAcceptCallsFrom(line1),
                new GatewayConfig.Line(2, "102", "a.test", PROXY, null, null).withAcceptCallsFrom(line2)),
            new GatewayConfig.Media("127.0.0.1", 16000, 16999, List.of("PCMU", "PCMA")), Path.of("unused"),
            new GatewayConfig.Dialing(4000, digitMap), 3600, keepalive);
        transport.clock = timers::nowMs;
        tcp = null;
        tls = null;
        core = new GatewayCore(config, board, transport, timers, timers::poll, timers, media, log,
            new SipIds(new SplittableRandom(7)));
    }

    /**
     * Three listeners (UDP at LOCAL, TCP at LOCAL_TCP, TLS at LOCAL_TLS, indexes 0, 1, 2); line 1 (user 101)
     * reaches its proxy on line1 (PROXY, or PROXY_TLS for TLS), line 2 (user 102) on UDP. The rig's FlowControl
     * reports pongs (unless {@link #pongsReported} is set false before the start) and records each close it is
     * asked for, reporting the connection closed at once as a transport would.
     */
    static CoreRig withStreams(final TransportKind line1, final GatewayConfig.Keepalive keepalive)
    {
        return new CoreRig(line1, keepalive);
    }

    private CoreRig(final TransportKind line1, final GatewayConfig.Keepalive keepalive)
    {
        final InetSocketAddress proxy1 = line1 == TransportKind.TLS ? PROXY_TLS : PROXY;
        config = new GatewayConfig(null, "mock:lines=2,region=us",
            List.of(new GatewayConfig.Line(1, "101", "a.test", proxy1, null, "Alice", line1),
                new GatewayConfig.Line(2, "102", "a.test", PROXY, null, null)),
            new GatewayConfig.Media("127.0.0.1", 16000, 16999, List.of("PCMU", "PCMA")), Path.of("unused"),
            GatewayConfig.Dialing.DEFAULT, 3600, keepalive,
            List.of(GatewayConfig.Listener.udp(LOCAL), GatewayConfig.Listener.tcp(LOCAL_TCP), GatewayConfig.Listener.tls(LOCAL_TLS)),
            null);
        tcp = new RecordingTransport(LOCAL_TCP, "TCP");
        tls = new RecordingTransport(LOCAL_TLS, "TLS");
        transport.clock = timers::nowMs;
        tcp.clock = timers::nowMs;
        tls.clock = timers::nowMs;
        core = new GatewayCore(config, board, List.of(transport, tcp, tls), timers, timers::poll, timers, media, log,
            new SipIds(new SplittableRandom(7)), TransactionConfig.RFC3261);
        core.flowControl(new FlowControl()
        {
            @Override
            public boolean reportsPongs()
            {
                return pongsReported;
            }

            @Override
            public void close(final int transportIndex, final InetSocketAddress remote)
            {
                closed.add(transportIndex + " " + remote);
                core.onConnectionClosed(transportIndex, remote, false);
            }
        });
    }

    /** The recording transport of index i (0 UDP, 1 TCP, 2 TLS). */
    RecordingTransport on(final int i)
    {
        return i == UDP ? transport : i == TCP ? tcp : tls;
    }

    // ------------------------------------------------------------------------------------------ driving

    void hook(final int line, final boolean off)
    {
        core.onBoardEvent((off ? BoardEventType.OFF_HOOK : BoardEventType.ON_HOOK).ordinal(), line - 1, 0);
    }

    void dial(final int line, final String digits)
    {
        for (final char d : digits.toCharArray())
        {
            core.onBoardEvent(BoardEventType.DTMF_DOWN.ordinal(), line - 1, d);
            core.onBoardEvent(BoardEventType.DTMF_UP.ordinal(), line - 1, d);
        }
    }

    void deliver(final String text, final InetSocketAddress from)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        core.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, false, from);
    }

    /** A message on transport i (a datagram, or one framed message of a connection from the remote from). */
    void deliverOn(final int i, final String text, final InetSocketAddress from)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        core.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, false, from, i);
    }

    void advance(final long ms)
    {
        timers.advance(ms);
    }

    LineState state(final int line)
    {
        return core.lineState(line);
    }

    // ------------------------------------------------------------------------------------------ crafting

    /** A message with a computed Content-Length. */
    static String sip(final String startLine, final List<String> headers, final String body)
    {
        final StringBuilder sb = new StringBuilder(startLine).append("\r\n");
        for (final String h : headers)
        {
            sb.append(h).append("\r\n");
        }
        if (body != null && !body.isEmpty())
        {
            sb.append("Content-Type: application/sdp\r\n");
        }
        sb.append("Content-Length: ").append(body == null ? 0 : body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n");
        if (body != null)
        {
            sb.append(body);
        }
        return sb.toString();
    }

    /** The far side's response to a request we sent: its Vias, From, To (+ toTag), Call-ID, CSeq, then extra. */
    static String response(final Sent request, final int code, final String reason, final String toTag, final String body,
        final String... extra)
    {
        final SipMessage m = request.message();
        final List<String> headers = new ArrayList<>();
        for (int i = m.first(HeaderName.VIA); i >= 0; i = m.next(HeaderName.VIA, i))
        {
            headers.add("Via: " + m.value(i) + ";received=127.0.0.1");
        }
        headers.add("From: " + request.header("From"));
        final String to = request.header("To");
        headers.add("To: " + (toTag == null || to.contains("tag=") ? to : to + ";tag=" + toTag));
        headers.add("Call-ID: " + request.header("Call-ID"));
        headers.add("CSeq: " + request.header("CSeq"));
        headers.addAll(List.of(extra));
        return sip("SIP/2.0 " + code + " " + reason, headers, body);
    }

    /**
     * As {@link #response}, from a registrar that saw the request come from received:rport (RFC 3581: it fills in
     * the rport our top Via asked for and adds received), as it does when a NAT is in between.
     */
    static String responseSeenFrom(final Sent request, final String received, final int rport, final int code,
        final String reason, final String toTag, final String... extra)
    {
        final SipMessage m = request.message();
        final List<String> headers = new ArrayList<>();
        boolean top = true;
        for (int i = m.first(HeaderName.VIA); i >= 0; i = m.next(HeaderName.VIA, i))
        {
            final String via = m.value(i).toString();
            headers.add("Via: " + (top ? via.replace(";rport", ";rport=" + rport) + ";received=" + received : via));
            top = false;
        }
        headers.add("From: " + request.header("From"));
        final String to = request.header("To");
        headers.add("To: " + (toTag == null || to.contains("tag=") ? to : to + ";tag=" + toTag));
        headers.add("Call-ID: " + request.header("Call-ID"));
        headers.add("CSeq: " + request.header("CSeq"));
        headers.addAll(List.of(extra));
        return sip("SIP/2.0 " + code + " " + reason, headers, null);
    }

    /** An INVITE from the far side (via the proxy) for user. */
    String invite(final String user, final String callId, final String sdp)
    {
        return sip("INVITE sip:" + user + "@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-in-" + (++branches) + ";rport",
            "Max-Forwards: 70",
            "From: \"Bob B\" <sip:201@b.test>;tag=bobtag",
            "To: <sip:" + user + "@a.test>",
            "Call-ID: " + callId,
            "CSeq: 10 INVITE",
            "Contact: <sip:201@127.0.0.1:5080>"), sdp);
    }

    /** A request from the far side inside the dialog of our answer (sent) to its INVITE. */
    String inDialog(final String method, final Sent ourAnswer, final long cseq, final String branch)
    {
        return sip(method + " sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=" + branch,
            "Max-Forwards: 70",
            "From: " + ourAnswer.header("From"),
            "To: " + ourAnswer.header("To"),
            "Call-ID: " + ourAnswer.header("Call-ID"),
            "CSeq: " + cseq + " " + method), null);
    }

    /** The far side's in-dialog request to our outgoing call (we are the UAC; ok is the 2xx it sent). */
    static String fromCallee(final String method, final Sent invite, final String toTag, final long cseq, final String branch)
    {
        return sip(method + " sip:101@127.0.0.1:5062 SIP/2.0", List.of(
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=" + branch,
            "Max-Forwards: 70",
            "From: " + invite.header("To") + ";tag=" + toTag,
            "To: " + invite.header("From"),
            "Call-ID: " + invite.header("Call-ID"),
            "CSeq: " + cseq + " " + method), null);
    }
}
