package io.voxline.sip.transaction;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.ParseError;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.SipResponses;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.StreamTransport;
import io.voxline.sip.transport.TransportKind;
import io.voxline.sip.transport.UdpTransport;

/**
 * The RFC 3261 §17 transaction layer of one element, as RFC 6026 corrects it, on its owning (reactor) thread. It
 * matches every parsed message to a transaction — responses by top Via branch and CSeq method (17.1.3), requests
 * by top Via branch, sent-by and method, with ACK matching its INVITE (17.2.3) — absorbs retransmissions, runs
 * timers A–M, and hands the rest to its {@link TransactionUser}. CANCEL is matched to the INVITE it cancels and
 * answered here. Malformed or unmatched input is dropped and counted ({@link #counters()}), never thrown.
 *
 * <p>RFC 6026: an INVITE answered 2xx leaves its transactions in Accepted for 64*T1 instead of ending them. On
 * the server side (timer L) that absorbs retransmitted INVITEs, sends further 2xx the TU passes (a proxy's other
 * forks) and hands up an ACK that matches it; on the client side (timer M) every further 2xx — a retransmission
 * or another fork's — reaches the transaction's listener ({@link ClientTransactionListener#onResponse}). So
 * {@link TransactionUser#onStrayResponse} hears only responses that match no transaction at all: a 2xx later
 * than 64*T1, an answer to a request the element forwarded statelessly, or junk.
 *
 * <p>Each transaction keeps its own copy of its request (one byte array per transaction); transactions are
 * found through maps keyed by branch Strings. Requests without an RFC 3261 branch (RFC 2543 peers) are matched
 * by the older rules of RFC 3261 17.2.3 instead: Request-URI, To tag, From tag, Call-ID, CSeq number and the
 * whole top Via, with the method (INVITE for ACK and CANCEL); an ACK also needs the To tag of our response.
 *
 * <p>On a reliable transport (TCP, TLS: a {@link StreamTransport}) responses go back on the connection their
 * request came in on, and to the Via's address only when that connection has closed (RFC 3261 18.2.2); the
 * element tells the layer when a connection closes ({@link #onConnectionClosed}) so the client transactions it
 * carried end at once (RFC 3261 17.1.4) instead of waiting for timer B or F.
 */
public final class TransactionLayer
{
    private static final ClientTransactionListener CANCEL_LISTENER = new ClientTransactionListener()
    {
        @Override
        public void onResponse(final ClientTransaction transaction, final SipMessage response)
        {
            // the CANCEL's own answer is not the TU's business (the INVITE's 487 is)
        }

        @Override
        public void onTimeout(final ClientTransaction transaction)
        {
            // the INVITE transaction gives up on its own 64*T1 after the CANCEL
        }
    };

    private final SipTransport transport;
    private final TimerService timers;
    private final TransactionConfig config;
    private final TransactionUser user;
    private final SipIds ids;
    private final boolean reliable;
    private final TransportKind kind;
    private final String viaPrefix;
    private final TransactionCounters counters = new TransactionCounters();
    private final HashMap<String, ClientTransactionBase> clients = new HashMap<>();
    private final HashMap<String, ServerTransactionBase> servers = new HashMap<>();
    private final StringBuilder keyBuilder = new StringBuilder(160);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[UdpTransport.MAX_DATAGRAM]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final SipMessage scratchMessage = new SipMessage();
    /** INVITE server transactions in Accepted (RFC 6026). */
    private int acceptedInvites;
    private boolean passUnmatchedCancel;
    private boolean passUnmatchedCancelStateless;

    public TransactionLayer(
        final SipTransport transport, final TimerService timers, final TransactionConfig config, final TransactionUser user)
    {
        this(transport, timers, config, user, new SipIds());
    }

    /** With the generator of tags (To tags of the answers to CANCEL) and branches: tests seed it. */
    public TransactionLayer(
        final SipTransport transport,
        final TimerService timers,
        final TransactionConfig config,
        final TransactionUser user,
        final SipIds ids)
    {
        this.transport = transport;
        this.timers = timers;
        this.config = config;
        this.user = user;
        this.ids = ids;
        this.reliable = !"UDP".equalsIgnoreCase(transport.protocol());
        this.kind = TransportKind.of(transport);
        this.viaPrefix = "SIP/2.0/" + transport.protocol() + " " + hostPort(transport.localAddress());
    }

    // ------------------------------------------------------------------------------------------ the contract

    /**
     * Every message that parsed (the reactor parses each datagram once); source = the packet's source address.
     * Absorbs retransmissions, matches responses to client transactions (branch + CSeq method), requests to
     * server transactions (RFC 3261 17.2.3; ACK for a non-2xx to its INVITE transaction; CANCEL to the INVITE
     * it cancels, answering the CANCEL 200 itself and calling TransactionUser#onCancel), hands the rest up.
     */
    public void onMessage(final SipMessage message, final InetSocketAddress source)
    {
        if (message == null || source == null || source.getAddress() == null || message.error() != ParseError.NONE ||
            !message.topVia().isValid() || message.cseqNumber() < 0)
        {
            counters.malformedDropped++;
            return;
        }
        if (message.isRequest())
        {
            onRequest(message, source);
        }
        else if (message.isResponse())
        {
            onResponse(message, source);
        }
        else
        {
            counters.malformedDropped++;
        }
    }

    /**
     * Starts a client transaction for a request the caller encoded completely, its top Via carrying a fresh
     * RFC 3261 branch (z9hG4bK...). Not for ACK. The layer keeps its own copy of the bytes. A request it cannot
     * use (not a request, ACK, no RFC 3261 branch, a branch already in use, no destination) yields a transaction
     * that is already terminated and reports {@link ClientTransactionListener#onTransportError} on the next timer
     * poll, never from inside this call.
     */
    public ClientTransaction sendRequest(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final InetSocketAddress destination,
        final ClientTransactionListener listener)
    {
        final int len = buffer == null || offset < 0 || length <= 0 || offset > buffer.capacity() - length ? 0 : length;
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[Math.max(len, 1)]);
        if (len > 0)
        {
            copy.putBytes(0, buffer, offset, len);
        }
        final SipMessage request = new SipMessage();
        boolean ok = len > 0 && request.parse(copy, 0, len) && request.isRequest() &&
            request.method() != SipMethod.ACK && request.topVia().isRfc3261Branch() && destination != null &&
            destination.getAddress() != null && listener != null;
        final String branch = ok ? request.topVia().branch().toString() : "";
        final String key = ok ? clientKey(request.topVia().branch(), request) : "";
        if (ok && clients.containsKey(key))
        {
            ok = false;
        }
        final ClientTransactionBase ct = request.method() == SipMethod.INVITE ?
            new ClientInviteTransaction(this, key, copy, request, branch, destination, listener) :
            new ClientNonInviteTransaction(this, key, copy, request, branch, destination, listener);
        if (!ok)
        {
            counters.rejectedRequests++;
            ct.reject();
            return ct;
        }
        clients.put(key, ct);
        ct.start();
        return ct;
    }

    /** Sends without a transaction: the ACK for a 2xx, a 2xx retransmission, stateless forwarding in a proxy. */
    public boolean sendStateless(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        return send(buffer, offset, length, destination);
    }

    /**
     * Where a response to a request we received, with this top Via, from source must go (RFC 3261 18.2.2 and
     * 18.2.1, RFC 3581): the source IP, with the source port when the Via has rport and else the sent-by port
     * (5060 by default). A received or rport value in an incoming request is only what the sender claims
     * (received is the note of the server that receives a request, never of its sender), so it is ignored:
     * otherwise anyone could aim our responses, timer G and 2xx retransmissions at a third party. A Via that
     * did not parse answers to source.
     */
    public static InetSocketAddress responseDestination(final Via topVia, final InetSocketAddress source)
    {
        if (topVia == null || !topVia.isValid() || topVia.hasRport())
        {
            return source;
        }
        final int port = topVia.portOrDefault();
        // a sent-by port of 0 names nowhere: the packet's own source is the only address known to work
        return port == source.getPort() || port < 1 ? source : new InetSocketAddress(source.getAddress(), port);
    }

    /**
     * Where a proxy sends a response it forwards statelessly (RFC 3261 16.11 and 18.2.2 applied at the proxy):
     * by the Via below its own, which the previous hop's server completed when it received the request, so its
     * received (an IP literal) and rport value are that server's observations and are followed: received, else
     * the sent-by host, and rport, else the sent-by port. Null when neither is an IP literal (names are never
     * resolved) or the Via did not parse. Not for requests we received ourselves: see {@link #responseDestination}.
     */
    public static InetSocketAddress forwardedResponseDestination(final Via nextVia)
    {
        if (nextVia == null || !nextVia.isValid())
        {
            return null;
        }
        final BufferView received = nextVia.received();
        InetAddress ip = received == null ? null : IpLiterals.address(received);
        if (ip == null)
        {
            ip = nextVia.hostType() == HostType.NAME ? null : IpLiterals.address(nextVia.host());
        }
        if (ip == null)
        {
            return null;
        }
        final int rport = nextVia.rport();
        final int port = rport > 0 ? rport : nextVia.portOrDefault();
        return port < 1 || port > 65535 ? null : new InetSocketAddress(ip, port);
    }

    /**
     * Where a response goes on a reliable transport once the request's connection has closed (RFC 3261 18.2.2):
     * a new connection to the source IP and the Via's sent-by port (5061 by default for TLS, else 5060). rport
     * is left out: the port a request came from on a stream is an ephemeral one, nobody listens there.
     */
    public static InetSocketAddress reconnectDestination(final Via topVia, final InetSocketAddress source)
    {
        if (topVia == null || !topVia.isValid())
        {
            return source;
        }
        final int port = topVia.portOrDefault();
        return port == source.getPort() || port < 1 ? source : new InetSocketAddress(source.getAddress(), port);
    }

    /**
     * Sends a response made without a server transaction (a proxy's stateless answer, a 400 for a message that
     * did not parse) to a request with this top Via from source: on UDP by the Via rules
     * ({@link #responseDestination}), on TCP/TLS on the request's connection while it is open.
     */
    public boolean respondStateless(
        final DirectBuffer buffer, final int offset, final int length, final Via topVia, final InetSocketAddress source)
    {
        if (source == null || source.getAddress() == null)
        {
            counters.sendFailures++;
            return false;
        }
        return sendResponse(buffer, offset, length, source,
            reliable ? reconnectDestination(topVia, source) : responseDestination(topVia, source));
    }

    /**
     * A stream connection to (or from) remote closed: every client transaction whose request went there and has
     * no final response yet ends now, reported to its listener as a timeout when timedOut (the connection could
     * not be made in time) and else as a transport error (RFC 3261 17.1.4). Returns how many ended.
     */
    public int onConnectionClosed(final InetSocketAddress remote, final boolean timedOut)
    {
        if (remote == null || clients.isEmpty())
        {
            return 0;
        }
        List<ClientTransactionBase> failing = null;
        for (final ClientTransactionBase ct : clients.values())
        {
            if (remote.equals(ct.destination))
            {
                if (failing == null)
                {
                    failing = new ArrayList<>(2);
                }
                failing.add(ct);
            }
        }
        int ended = 0;
        // collected first: a listener may start or end other transactions while it is told
        for (int i = 0; failing != null && i < failing.size(); i++)
        {
            if (failing.get(i).failOnConnectionClosed(timedOut))
            {
                ended++;
            }
        }
        return ended;
    }

    public SipTransport transport()
    {
        return transport;
    }

    /** The transport's kind (UDP, TCP, TLS), or null for a protocol Voxline does not know. */
    public TransportKind kind()
    {
        return kind;
    }

    public int clientTransactionCount()
    {
        return clients.size();
    }

    public int serverTransactionCount()
    {
        return servers.size();
    }

    // ------------------------------------------------------------------------------------------ additions

    public TimerService timers()
    {
        return timers;
    }

    public TransactionConfig config()
    {
        return config;
    }

    public TransactionCounters counters()
    {
        return counters;
    }

    /** The generator of branches and tags this layer uses. */
    public SipIds ids()
    {
        return ids;
    }

    /** A fresh RFC 3261 branch for a new request. */
    public String newBranch()
    {
        return ids.newBranch();
    }

    /** "SIP/2.0/UDP 127.0.0.1:5062": the Via of requests this element originates, before ";branch=". */
    public String viaPrefix()
    {
        return viaPrefix;
    }

    /** True unless the transport is UDP: then timers A, E and G do not run and D, I, J, K are zero. */
    public boolean isReliable()
    {
        return reliable;
    }

    /**
     * A proxy sets this: a CANCEL that matches no INVITE then gets its own server transaction and reaches
     * {@link TransactionUser#onRequest} (RFC 3261 16.10: forward it) instead of being answered 481 here.
     */
    public void passUnmatchedCancel(final boolean pass)
    {
        this.passUnmatchedCancel = pass;
    }

    /**
     * What a proxy sets (RFC 3261 16.10: "it MUST statelessly forward the CANCEL request"): a CANCEL that
     * matches no INVITE reaches {@link TransactionUser#onRequest} without a server transaction (st null, as for
     * an ACK), and so does each of its retransmissions, for the TU to forward statelessly; nothing answers it
     * here. Takes precedence over {@link #passUnmatchedCancel}.
     */
    public void passUnmatchedCancelStateless(final boolean pass)
    {
        this.passUnmatchedCancelStateless = pass;
    }

    /**
     * INVITE server transactions answered 2xx and still Accepted (RFC 6026 timer L, 64*T1): they absorb late
     * retransmissions of their INVITE. Each is also one of {@link #serverTransactionCount()}.
     */
    public int answeredInviteCount()
    {
        return acceptedInvites;
    }

    /** "host:port", IPv6 in brackets ({@link IpLiterals#uriHost}): for Via sent-by, Contact and URIs. */
    public static String hostPort(final InetSocketAddress address)
    {
        return IpLiterals.uriHost(address.getAddress()) + ":" + address.getPort();
    }

    // ------------------------------------------------------------------------------------------ requests

    private void onRequest(final SipMessage message, final InetSocketAddress source)
    {
        final SipMethod method = message.method();
        if (method == SipMethod.ACK)
        {
            onAck(message, source);
            return;
        }
        if (method == SipMethod.CANCEL)
        {
            onCancel(message, source);
            return;
        }
        final String key = serverKey(message, false);
        final ServerTransactionBase existing = servers.get(key);
        if (existing != null)
        {
            // Proceeding/Completed answer it again; Accepted (after a 2xx) only absorbs it (RFC 6026)
            existing.onRetransmission();
            return;
        }
        if (!message.isAnswerable())
        {
            counters.malformedDropped++;
            return;
        }
        final ServerTransactionBase st = newServerTransaction(message, source, key);
        user.onRequest(st, message, source);
    }

    /**
     * An ACK: for a non-2xx it belongs to its INVITE transaction (absorbed there); one that matches an Accepted
     * transaction acknowledges our 2xx and goes up (RFC 6026: to the TU, which has no server transaction for it,
     * so st is null); one that matches nothing (the ACK for a 2xx carries a branch of its own) goes up too.
     */
    private void onAck(final SipMessage ack, final InetSocketAddress source)
    {
        final ServerInviteTransaction st = inviteOf(ack);
        if (st != null)
        {
            if (!st.onAck())
            {
                return;
            }
        }
        else
        {
            counters.strayAcks++;
        }
        user.onRequest(null, ack, source);
    }

    /**
     * The INVITE server transaction an ACK belongs to (RFC 3261 17.2.3), or null. With an RFC 3261 branch: branch,
     * sent-by, INVITE. Without (RFC 2543): Request-URI, From tag, Call-ID, CSeq number and top Via as the INVITE's,
     * and the ACK's To tag that of our response — the INVITE's own To tag when it had one (in a dialog), else none.
     */
    private ServerInviteTransaction inviteOf(final SipMessage ack)
    {
        ServerTransactionBase st = servers.get(serverKey(ack, true));
        if (st == null && !ack.topVia().isRfc3261Branch() && ack.toTag() != null)
        {
            // an initial INVITE had no To tag: our response added the one the ACK carries
            st = servers.get(serverKey(ack, true, false));
        }
        if (!(st instanceof ServerInviteTransaction invite))
        {
            return null;
        }
        if (!ack.topVia().isRfc3261Branch() && !sameTag(ack.toTag(), invite.responseToTag()))
        {
            // an ACK for another response (of another proxy's fork, 17.2.3): not this transaction's
            return null;
        }
        return invite;
    }

    private static boolean sameTag(final BufferView tag, final String expected)
    {
        return tag == null ? expected == null : expected != null && tag.contentEquals(expected);
    }

    private void onCancel(final SipMessage cancel, final InetSocketAddress source)
    {
        final String key = serverKey(cancel, false);
        final ServerTransactionBase existing = servers.get(key);
        if (existing != null)
        {
            existing.onRetransmission();
            return;
        }
        if (!cancel.isAnswerable())
        {
            counters.malformedDropped++;
            return;
        }
        // RFC 3261 9.2: the INVITE it cancels is the one the CANCEL matches as if it were an INVITE
        final ServerTransactionBase invite = servers.get(serverKey(cancel, true));
        if (!(invite instanceof ServerInviteTransaction))
        {
            counters.unmatchedCancels++;
            if (passUnmatchedCancelStateless)
            {
                user.onRequest(null, cancel, source);
                return;
            }
            final ServerTransactionBase st = newServerTransaction(cancel, source, key);
            if (passUnmatchedCancel)
            {
                user.onRequest(st, cancel, source);
            }
            else
            {
                st.respond(481, null, ids.newTag());
            }
            return;
        }
        final ServerTransactionBase st = newServerTransaction(cancel, source, key);
        // the same To tag as the INVITE's responses (9.2); after a final response the 200 changes nothing
        final String tag = invite.toTag != null ? invite.toTag : ids.newTag();
        st.respond(200, null, tag);
        if (((ServerInviteTransaction)invite).isProceeding())
        {
            user.onCancel(invite, cancel);
        }
    }

    private ServerTransactionBase newServerTransaction(final SipMessage message, final InetSocketAddress source, final String key)
    {
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[message.length()]);
        final SipMessage request = new SipMessage(message.maxHeaders());
        request.copyFrom(message, copy, 0);
        final ServerTransactionBase st = message.method() == SipMethod.INVITE ?
            new ServerInviteTransaction(this, key, copy, request, source) :
            new ServerNonInviteTransaction(this, key, copy, request, source);
        servers.put(key, st);
        st.start();
        return st;
    }

    // ------------------------------------------------------------------------------------------ responses

    private void onResponse(final SipMessage response, final InetSocketAddress source)
    {
        final BufferView branch = response.topVia().branch();
        final ClientTransactionBase ct = branch == null ? null : clients.get(clientKey(branch, response));
        if (ct == null)
        {
            counters.strayResponses++;
            user.onStrayResponse(response, source);
            return;
        }
        ct.onResponse(response);
    }

    // ------------------------------------------------------------------------------------------ keys

    /** branch|METHOD: a request's own method, a response's CSeq method. */
    private String clientKey(final BufferView branch, final SipMessage message)
    {
        final StringBuilder sb = keyBuilder;
        sb.setLength(0);
        sb.append(branch).append('|');
        appendMethod(sb, message, false);
        return sb.toString();
    }

    /** The key of message's server transaction; asInvite: of the INVITE an ACK or CANCEL belongs to. */
    private String serverKey(final SipMessage message, final boolean asInvite)
    {
        return serverKey(message, asInvite, true);
    }

    /**
     * branch|sent-by|METHOD with an RFC 3261 branch (17.2.3); without one (RFC 2543): Request-URI, To tag (left
     * out when withToTag is false: an ACK looking for an initial INVITE), From tag, Call-ID, CSeq number, the whole
     * top Via, METHOD. ACK and, with asInvite, CANCEL look for their INVITE.
     */
    private String serverKey(final SipMessage message, final boolean asInvite, final boolean withToTag)
    {
        final StringBuilder sb = keyBuilder;
        sb.setLength(0);
        final Via via = message.topVia();
        if (via.isRfc3261Branch())
        {
            sb.append(via.branch()).append('|');
            final BufferView host = via.host();
            for (int i = 0; i < host.length(); i++)
            {
                sb.append(Character.toLowerCase(host.charAt(i)));
            }
            sb.append(':').append(via.portOrDefault());
        }
        else
        {
            sb.append("2543|").append(message.requestUri()).append('|');
            final BufferView toTag = withToTag ? message.toTag() : null;
            if (toTag != null)
            {
                sb.append(toTag);
            }
            sb.append('|');
            final BufferView fromTag = message.fromTag();
            if (fromTag != null)
            {
                sb.append(fromTag);
            }
            sb.append('|').append(message.callId()).append('|').append(message.cseqNumber()).append('|').append(via.text());
        }
        sb.append('|');
        if (asInvite || message.method() == SipMethod.ACK)
        {
            sb.append("INVITE");
        }
        else
        {
            appendMethod(sb, message, true);
        }
        return sb.toString();
    }

    private static void appendMethod(final StringBuilder sb, final SipMessage message, final boolean request)
    {
        final SipMethod m = request || message.isRequest() ? message.method() : message.cseqMethod();
        if (m != SipMethod.UNKNOWN)
        {
            sb.append(m.name());
        }
        else
        {
            sb.append(message.isRequest() ? message.methodName() : message.cseqMethodName());
        }
    }

    // ------------------------------------------------------------------------------------------ for the machines

    boolean send(final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress destination)
    {
        if (destination == null || !transport.send(buffer, offset, length, destination))
        {
            counters.sendFailures++;
            return false;
        }
        return true;
    }

    /**
     * A response on a reliable transport goes on the request's connection (the one to source) while it is open,
     * else to fallback (RFC 3261 18.2.2); on UDP to fallback.
     */
    boolean sendResponse(
        final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress source,
        final InetSocketAddress fallback)
    {
        final boolean sent;
        if (transport instanceof StreamTransport stream)
        {
            sent = stream.sendResponse(buffer, offset, length, source, fallback);
        }
        else if (reliable)
        {
            // another reliable transport (a test's): its connections are known by their remote address
            sent = source != null && transport.send(buffer, offset, length, source);
        }
        else
        {
            sent = fallback != null && transport.send(buffer, offset, length, fallback);
        }
        if (!sent)
        {
            counters.sendFailures++;
        }
        return sent;
    }

    void remove(final Transaction t)
    {
        if (t.isClient())
        {
            clients.remove(t.key, t);
        }
        else
        {
            servers.remove(t.key, t);
        }
    }

    UnsafeBuffer scratch()
    {
        return scratch;
    }

    SipMessage scratchMessage()
    {
        return scratchMessage;
    }

    /** The ACK for a non-2xx final response, into scratch; its length or -1. */
    int writeAck(final SipMessage invite, final SipMessage response)
    {
        writer.wrap(scratch, 0);
        return SipRequests.writeAckForNon2xx(writer, invite, response) ? writer.endHeaders() : -1;
    }

    /** A response to request (top Via completed with received/rport), into scratch; its length or -1. */
    int writeResponse(
        final SipMessage request, final int code, final String reason, final String toTag, final String sourceIp, final int sourcePort)
    {
        writer.wrap(scratch, 0);
        return SipResponses.writeResponse(writer, request, code, reason, toTag, sourceIp, sourcePort) ?
            writer.endHeaders() : -1;
    }

    /** Sends the CANCEL for a pending INVITE as its own non-INVITE transaction (RFC 3261 9.1). */
    boolean startCancel(final ClientInviteTransaction invite)
    {
        writer.wrap(scratch, 0);
        if (!SipRequests.writeCancel(writer, invite.request()))
        {
            return false;
        }
        final int len = writer.endHeaders();
        if (len <= 0)
        {
            return false;
        }
        final ClientTransaction cancel = sendRequest(scratch, 0, len, invite.destination, CANCEL_LISTENER);
        return !cancel.isTerminated();
    }

    /** An INVITE server transaction entered (true) or left (false) Accepted. */
    void onAccepted(final ServerInviteTransaction st, final boolean entering)
    {
        acceptedInvites += entering ? 1 : -1;
    }
}
