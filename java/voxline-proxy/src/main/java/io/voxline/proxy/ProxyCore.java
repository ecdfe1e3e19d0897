package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.voxline.proxy.registrar.Binding;
import io.voxline.proxy.registrar.LocationService;
import io.voxline.proxy.registrar.Registrar;
import io.voxline.reactor.ReactorEvent;
import io.voxline.reactor.ReactorHandler;
import io.voxline.reactor.WheelTimerService;
import io.voxline.sip.auth.DigestCredentials;
import io.voxline.sip.auth.DigestVerifier;
import io.voxline.sip.auth.NonceManager;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.OptionTags;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipResponses;
import io.voxline.sip.message.SipUri;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionConfig;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transaction.TransactionUser;
import io.voxline.sip.transport.CloseReason;
import io.voxline.sip.transport.ConnectionListener;
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.StreamTransport;
import io.voxline.sip.transport.TransportKind;
import io.voxline.sip.transport.UdpTransport;

/**
 * The stateful proxy and registrar (RFC 3261 §16) for one reactor: datagrams and stream messages in, one
 * {@link TransactionLayer} per listen address (UDP, TCP or TLS), routing by {@link Router}, REGISTER by
 * {@link Registrar}. Deterministic and single-threaded: built from its config, its transports (index = the
 * event's transport index) and a timer service, so tests drive it by calling {@link #onPacket} and stepping time.
 *
 * <p>Transports: a request leaves on the transport its next hop asks for — the URI's transport= or sips: (RFC
 * 3263 §4.1 for IP literals), else the connection a registered phone keeps open to us (its REGISTER's: through
 * NAT only that reaches it), else our Route's side of a dialog, else UDP — and from the listener of that
 * transport the request came in on when it is one. Via names that transport (SIP/2.0/TCP…); Record-Route names
 * it (;transport=tcp, sips: for a sips: request over TLS), twice where the request changes transport here
 * (RFC 3261 16.6 step 4, RFC 5658), and both are consumed when in-dialog requests come back. Responses go back
 * on the request's connection. A connection that closes ends the client transactions it carried
 * ({@link #onConnectionClosed}): their branches count as 503 (408 when it could not be made in time).
 *
 * <p>In order: a source over its rate limit ({@link ProxyConfig.Limits}) is dropped before parsing; a request is
 * validated as RFC 3261 16.3 says (syntax, URI scheme 416, Max-Forwards 483, loop 482, Proxy-Require 420, then
 * credentials when the config has users: 401 for REGISTER, 407 for the rest but calls for our users from
 * outside and requests in dialogs we Record-Routed); then it is answered here (REGISTER, OPTIONS for us) or forwarded to every target at once (parallel forking),
 * one {@link ProxyBranch} each inside one {@link ResponseContext}, which picks the answer that goes up.
 *
 * <p>Bad input never escapes: a datagram that does not parse is answered 400 with the parser's reason when
 * an answer can be addressed, else dropped; a truncated one is dropped. A bug that throws is counted
 * ({@link #failures()}) and logged once, and the core carries on.
 *
 * <p>Every forwarded INVITE branch runs timer C (RFC 3261 16.6 step 11, 16.7 step 2): a branch nobody answers
 * finally is cancelled and counts as 408, so no transaction outlives its caller.
 */
public final class ProxyCore implements ReactorHandler, TransactionUser
{
    static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE, PRACK, SUBSCRIBE, NOTIFY, REFER, MESSAGE";

    /**
     * Timer C: "MUST be larger than 3 minutes" (RFC 3261 16.6 step 11), so a second more; restarted by each
     * provisional but 100. A phone that rings out at 3 minutes (the gateway's limit) thus cancels first.
     */
    public static final long TIMER_C_MS = 181_000;

    /** The option tags this proxy supports in Proxy-Require (RFC 3261 16.3 step 5): none yet. */
    private static final String[] SUPPORTED_PROXY_REQUIRE = {};

    private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);

    private final ProxyConfig config;
    private final SipTransport[] transports;
    private final TransactionLayer[] layers;
    private final TransportKind[] kinds;
    private final String[] viaPrefix;
    /** Our URI on each transport for Record-Route, without ;lr: "sip:host:port;transport=tcp". */
    private final String[] recordRouteUri;
    /** The same for a sips: request on a TLS transport: "sips:host:port". */
    private final String[] recordRouteSips;
    private final TimerService timers;
    private final SipIds ids;
    /** The To tag of every stateless rejection (see {@link #reject}); the ACKs for them carry it back. */
    private final String statelessTag;
    private final OwnAddresses own;
    private final LocationService location;
    private final Registrar registrar;
    private final Router router;
    private final Router.Decision decision = new Router.Decision();
    private final SipMessage parsed = new SipMessage();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[UdpTransport.MAX_DATAGRAM]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final Via nextVia = new Via();
    private final Via loopVia = new Via();
    private final SipMessage best = new SipMessage();
    private final List<ResponseContext.Challenge> challenges = new ArrayList<>();
    private final DigestCredentials credentials = new DigestCredentials();
    private final SourceRateLimiter limiter;
    private final StatelessBranches statelessBranches;
    private final boolean secure;
    /** Null when the proxy is open (no users file). */
    private final DigestVerifier verifier;
    private final DialogTokens tokens;
    private final String realm;
    /** The Proxy-Authorization entry of ours in the request being forwarded (left out), or -1. */
    private int authEntry = -1;
    private int current;
    /** The TCP/TLS connection the message being handled came on, 0 for UDP. */
    private long currentConnection;
    /** Where {@link #outgoing} sends the target it chose a transport for. */
    private InetSocketAddress hop;
    private long dropped;
    private long absorbedAcks;
    private long failures;

    public ProxyCore(final ProxyConfig config, final List<? extends SipTransport> transports, final TimerService timers)
    {
        this(config, transports, timers, TransactionConfig.RFC3261, new SipIds());
    }

    /** With the transaction timers and the id generator given: tests use a seeded one. */
    public ProxyCore(
        final ProxyConfig config, final List<? extends SipTransport> transports, final TimerService timers,
        final TransactionConfig transactionConfig, final SipIds ids)
    {
        if (transports.isEmpty())
        {
            throw new IllegalArgumentException("a proxy needs at least one transport");
        }
        this.config = config;
        this.timers = timers;
        this.ids = ids;
        this.statelessTag = ids.newTag();
        final int n = transports.size();
        this.transports = transports.toArray(new SipTransport[0]);
        final List<InetSocketAddress> bound = new ArrayList<>(n);
        for (final SipTransport t : this.transports)
        {
            bound.add(t.localAddress());
        }
        own = new OwnAddresses(bound);
        layers = new TransactionLayer[n];
        kinds = new TransportKind[n];
        viaPrefix = new String[n];
        recordRouteUri = new String[n];
        recordRouteSips = new String[n];
        boolean tls = false;
        for (int i = 0; i < n; i++)
        {
            kinds[i] = TransportKind.of(this.transports[i]);
            if (kinds[i] == null)
            {
                throw new IllegalArgumentException("transport " + i + " speaks " + this.transports[i].protocol() + ", not UDP, TCP or TLS");
            }
            tls |= kinds[i] == TransportKind.TLS;
            layers[i] = new TransactionLayer(this.transports[i], timers, transactionConfig, this);
            // RFC 3261 16.10: a CANCEL with no response context here is forwarded statelessly
            layers[i].passUnmatchedCancelStateless(true);
            viaPrefix[i] = "SIP/2.0/" + kinds[i].protocol() + " " + own.hostPort(i) + ";branch=";
            recordRouteUri[i] = "sip:" + own.hostPort(i) + (kinds[i] == TransportKind.UDP ? "" : ";transport=" + kinds[i].uriParam());
            recordRouteSips[i] = kinds[i] == TransportKind.TLS ? "sips:" + own.hostPort(i) : recordRouteUri[i];
        }
        secure = tls;
        limiter = new SourceRateLimiter(config.limits());
        // the key of our stateless branches: from the id generator (random in service, seeded in tests)
        statelessBranches = new StatelessBranches(ids.newCallId(null).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (config.auth() != null)
        {
            realm = config.auth().realm() != null ? config.auth().realm() :
                config.domains().isEmpty() ? own.host(0) : config.domains().get(0);
            verifier = new DigestVerifier(config.auth().users(), new NonceManager(timers::nowMs));
            tokens = new DialogTokens();
        }
        else
        {
            realm = null;
            verifier = null;
            tokens = null;
        }
        location = new LocationService(timers);
        registrar = new Registrar(location, config.domains(), own.hosts(), ids);
        router = new Router(own, config.domains(), config.routes(), location);
    }

    public ProxyConfig config()
    {
        return config;
    }

    /** The digest realm when the proxy authenticates, null when it is open. */
    public String realm()
    {
        return realm;
    }

    /** Contacts currently registered, over all AORs. */
    public int registrations()
    {
        return location.bindingCount();
    }

    public LocationService location()
    {
        return location;
    }

    /** Datagrams dropped unread because their source was over its rate limit. */
    public long rateLimited()
    {
        return limiter.limited();
    }

    /** ACKs for our stateless rejections, ended here. */
    public long absorbedAcks()
    {
        return absorbedAcks;
    }

    /** Datagrams dropped: truncated, unparseable and unanswerable, stray responses not for us, unroutable ACKs. */
    public long dropped()
    {
        return dropped;
    }

    /** Unexpected failures caught inside the core (each one a bug: the core carries on). */
    public long failures()
    {
        return failures;
    }

    public TransactionLayer transactionLayer(final int transportIndex)
    {
        return layers[transportIndex];
    }

    // ------------------------------------------------------------------------------------------ reactor

    @Override
    public void onDatagram(final ReactorEvent event)
    {
        if (event.source == null || !admit(event.source))
        {
            return;
        }
        if (event.truncated)
        {
            // larger than the ring slot: SIP that big belongs on TCP (RFC 3261 18.1.1)
            dropped++;
            return;
        }
        handle(event.buffer, 0, event.length, event.source, event.transportIndex, event.connectionId);
    }

    @Override
    public void onTick(final long nowMs)
    {
        if (timers instanceof WheelTimerService wheel)
        {
            try
            {
                wheel.poll();
            }
            catch (final RuntimeException ex)
            {
                onFailure(ex, "a timer", null);
            }
        }
    }

    /**
     * One received datagram [offset, offset+length) of buffer, from source, on transport transportIndex. A source
     * over its rate limit ({@link ProxyConfig.Limits}) is dropped before anything else, unanswered.
     */
    public void onPacket(
        final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress source, final int transportIndex)
    {
        onPacket(buffer, offset, length, source, transportIndex, 0);
    }

    /** As above, for one message of a TCP/TLS connection (connectionId, 0 for UDP): what a stream event carries. */
    public void onPacket(
        final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress source, final int transportIndex,
        final long connectionId)
    {
        if (source != null && admit(source))
        {
            handle(buffer, offset, length, source, transportIndex, connectionId);
        }
    }

    /**
     * A TCP/TLS connection of one of our transports closed (on the reactor thread, as the transport's
     * {@link ConnectionListener}): the client transactions that went on it without a final answer end at once
     * (RFC 3261 17.1.4), their branches answered 408 when the connection could not be made in time, else 503.
     */
    public void onConnectionClosed(
        final StreamTransport transport, final long connectionId, final InetSocketAddress remote, final boolean inbound,
        final CloseReason reason)
    {
        for (int i = 0; i < transports.length; i++)
        {
            if (transports[i] == transport)
            {
                onConnectionClosed(i, remote, reason == CloseReason.CONNECT_TIMEOUT);
                return;
            }
        }
    }

    /** The connection to remote of transport transportIndex closed (timedOut: it could not be made in time). */
    public void onConnectionClosed(final int transportIndex, final InetSocketAddress remote, final boolean timedOut)
    {
        if (transportIndex < 0 || transportIndex >= layers.length)
        {
            return;
        }
        try
        {
            layers[transportIndex].onConnectionClosed(remote, timedOut);
        }
        catch (final RuntimeException ex)
        {
            onFailure(ex, "a closed connection to", remote);
        }
    }

    /** The source's token bucket, before any parsing: a flood costs a hash lookup per datagram. */
    private boolean admit(final InetSocketAddress source)
    {
        final java.net.InetAddress ip = source.getAddress();
        return ip == null || limiter.admit(ip, timers.nowMs());
    }

    private void handle(
        final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress source, final int transportIndex,
        final long connectionId)
    {
        if (transportIndex < 0 || transportIndex >= layers.length || source == null)
        {
            dropped++;
            return;
        }
        try
        {
            current = transportIndex;
            currentConnection = connectionId;
            // a stream message was framed by its Content-Length, which is mandatory there (RFC 3261 18.3)
            if (!(kinds[transportIndex].isReliable() ? parsed.parseStream(buffer, offset, length) : parsed.parse(buffer, offset, length)))
            {
                onParseError(source);
                return;
            }
            layers[transportIndex].onMessage(parsed, source);
        }
        catch (final RuntimeException ex)
        {
            // a bug must not take the proxy down: count it, say so, and carry on with the next datagram
            onFailure(ex, "a datagram from", source);
        }
    }

    private void onFailure(final RuntimeException ex, final String what, final InetSocketAddress source)
    {
        failures++;
        LOG.error("proxy failure {} on {}{}; carrying on", failures, what, source == null ? "" : " " + source, ex);
    }

    private void onParseError(final InetSocketAddress source)
    {
        final int len = parsed.isRequest() ?
            SipResponses.writeParseError(writer.wrap(out, 0), parsed, source.getAddress().getHostAddress(), source.getPort()) : -1;
        if (len < 0)
        {
            dropped++;
            return;
        }
        // on TCP/TLS back down the connection it came on, on UDP by the Via rules
        layers[current].respondStateless(out, 0, len, parsed.topVia(), source);
    }

    // ------------------------------------------------------------------------------------------ transaction user

    @Override
    public void onRequest(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        if (st == null)
        {
            // an ACK for a 2xx, or a CANCEL that matched no INVITE of ours (RFC 3261 16.10)
            forwardStatelessly(request, source);
            return;
        }
        // RFC 3261 16.3, in its order; step 1 (syntax) was the parser's
        if (!schemeSupported(request))
        {
            reject(st, 416, "Unsupported URI Scheme");
            return;
        }
        router.route(request, decision);
        final boolean forUs = decision.action == Router.Action.REGISTRAR || decision.action == Router.Action.OPTIONS;
        if (request.maxForwards() == 0 && !forUs)
        {
            // an OPTIONS or a REGISTER for us is ours to answer as a UAS, whatever its hop count
            reject(st, 483, "Too Many Hops");
            return;
        }
        authEntry = -1;
        if (!forUs)
        {
            if (decision.action == Router.Action.FORWARD && isLoop(request))
            {
                reject(st, 482, "Loop Detected");
                return;
            }
            if (!checkProxyRequire(st, request, source))
            {
                return;
            }
            // step 6, before a 404 or any other answer that would tell a stranger something
            if (verifier != null && !authorizeProxied(st, request, source))
            {
                return;
            }
        }
        switch (decision.action)
        {
            case REGISTRAR ->
            {
                if (verifier != null && !authorizeRegister(st, request, source))
                {
                    return;
                }
                // the binding keeps the transport and connection: calls for this phone go back down it
                final int len = registrar.onRegister(request, source, current, currentConnection, writer.wrap(out, 0));
                if (len > 0)
                {
                    st.respond(out, 0, len);
                }
                else
                {
                    st.respond(500, "Cannot Write Answer", ids.newTag());
                }
            }
            case OPTIONS -> answerOptions(st, request, source);
            case FORWARD -> forward(st, request, source);
            default -> reject(st, decision.status, decision.reason);
        }
    }

    /**
     * RFC 3261 16.3 step 2: a Request-URI we can route. sip and tel always; sips only when a transport here is
     * TLS (it must never leave over anything else, RFC 3261 26.2.2); anything else is 416.
     */
    private boolean schemeSupported(final SipMessage request)
    {
        final SipUri uri = request.parsedRequestUri();
        if (uri == null)
        {
            return false;
        }
        return switch (uri.scheme())
        {
            case SIP, TEL -> true;
            case SIPS -> secure;
            default -> false;
        };
    }

    /**
     * RFC 3261 16.3 step 4: a Via of ours whose branch carries the loop hash this request has now is this very
     * request come back unchanged: a loop. Ours with another hash is a spiral (retargeted meanwhile) and goes on.
     */
    private boolean isLoop(final SipMessage request)
    {
        final String prefix = Forwarding.loopBranchPrefix(loopHash(request));
        for (int i = request.first(HeaderName.VIA); i >= 0; i = request.next(HeaderName.VIA, i))
        {
            if (loopVia.parse(request, i) && own.isOurs(loopVia))
            {
                final BufferView branch = loopVia.branch();
                if (branch != null && startsWith(branch, prefix))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** The loop hash of the request as routed now: the Routes of ours it consumed left out (they are gone when it comes back). */
    private long loopHash(final SipMessage request)
    {
        return Forwarding.loopHash(request, decision.skipRoute1, decision.skipRoute2, decision.skipRoute4);
    }

    private static boolean startsWith(final BufferView s, final String prefix)
    {
        if (s.length() < prefix.length())
        {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (s.charAt(i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ authentication

    /**
     * RFC 3261 16.3 step 6 with this proxy's policy: passes, unauthenticated, only what goes to a phone registered
     * here — a request inside a dialog we Record-Routed (its top Route carries our token) whose next hop is such a
     * phone, and a call (INVITE) from outside for a user registered here (the From does not claim one of our
     * domains) — and anything with valid Proxy-Authorization for our realm whose From, outside a dialog, is the
     * user who signed. Everything else — a request for anywhere else, or for a user who is not registered, from
     * anyone not authenticated — gets 407: never an open relay (a dialog token taken from one call opens no way
     * out), and no 404 that tells a stranger which users exist. False when the request was answered.
     */
    private boolean authorizeProxied(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        if (decision.action == Router.Action.FORWARD)
        {
            if ((inOurDialog(request) && toOurPhones()) ||
                (decision.local && request.method() == SipMethod.INVITE && request.toTag() == null && !claimsOurDomain(request)))
            {
                // passed without a check, but credentials for us (a BYE signed as its INVITE was) still stop here
                authEntry = ourCredentials(request);
                return true;
            }
        }
        if (verifier.verify(request, realm, true) == DigestVerifier.Verdict.OK)
        {
            if (request.toTag() == null && !fromIsSigner(request))
            {
                // 101 may not call as 102: every phone behind us would show a caller ID nobody proved
                reject(st, 403, "From Does Not Match Credentials");
                return false;
            }
            // our own credentials stop here: the next hop has no use for them
            authEntry = verifier.credentialsEntry();
            return true;
        }
        challenge(st, request, source, true, verifier.stale());
        return false;
    }

    /**
     * REGISTER must answer a 401 (RFC 3261 10.3 step 3), as the very user whose address-of-record it binds (a
     * user may not register for another). Unknown users and wrong passwords get the same fresh challenge.
     */
    private boolean authorizeRegister(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        if (verifier.verify(request, realm, false) != DigestVerifier.Verdict.OK)
        {
            challenge(st, request, source, false, verifier.stale());
            return false;
        }
        final BufferView user = verifier.username();
        final SipUri to = request.to().uri();
        if (to.user() == null || user == null || !to.user().contentEquals(user))
        {
            st.respond(403, "Forbidden", ids.newTag());
            return false;
        }
        return true;
    }

    /**
     * The Proxy-Authorization entry with credentials for our realm, or -1: ours, to be left out of what we forward
     * (RFC 3261 22.3: a proxy removes the credentials it consumed; an ACK for a 2xx repeats the INVITE's).
     */
    private int ourCredentials(final SipMessage request)
    {
        return credentialsFor(request, HeaderName.PROXY_AUTHORIZATION);
    }

    /**
     * An Authorization entry with credentials for our realm, or -1. Nobody beyond us may ask for them: a UAS that
     * challenges in our realm is fishing for a digest of one of our users' passwords to crack offline, so it
     * never sees one (without a users file, -1: there is no realm of ours).
     */
    private int ourRealmAuthorization(final SipMessage request)
    {
        return verifier == null ? -1 : credentialsFor(request, HeaderName.AUTHORIZATION);
    }

    private int credentialsFor(final SipMessage request, final HeaderName header)
    {
        for (int i = request.first(header); i >= 0; i = request.next(header, i))
        {
            if (credentials.parse(request, i) && credentials.realm() != null && credentials.realm().contentEquals(realm))
            {
                return i;
            }
        }
        return -1;
    }

    /** A request in a dialog we Record-Routed: a To tag, and our token for its Call-ID in the Route naming us. */
    private boolean inOurDialog(final SipMessage request)
    {
        return tokens != null && request.toTag() != null && decision.routeToken != null &&
            tokens.matches(decision.routeToken, request.callId());
    }

    /** Every target of the decision is a phone registered here (its Contact's address, or where it registered from). */
    private boolean toOurPhones()
    {
        if (decision.targets == 0)
        {
            return false;
        }
        for (int t = 0; t < decision.targets; t++)
        {
            if (!registrar.location().isBoundAddress(decision.destinations[t]))
            {
                return false;
            }
        }
        return true;
    }

    /** The From's user is the one whose credentials were just verified. */
    private boolean fromIsSigner(final SipMessage request)
    {
        final SipUri from = request.from().uri();
        final BufferView user = verifier.username();
        return from != null && from.user() != null && user != null && from.user().contentEquals(user);
    }

    /** The From claims to be one of ours (a domain of ours, or our own address): then it must prove it. */
    private boolean claimsOurDomain(final SipMessage request)
    {
        final SipUri from = request.from().uri();
        final BufferView host = from == null ? null : from.host();
        return host == null || router.isOurDomain(host) || own.isOurHost(host);
    }

    /**
     * A rejection before anything is forwarded goes out once, statelessly (RFC 3261 16.3; Kamailio's sl): a spoofed
     * INVITE gets its victim one datagram, not a dozen retransmissions, and leaves no state. Its To tag is
     * {@link #statelessTag}, so the ACK that follows is recognised and absorbed.
     */
    private void reject(final ServerTransaction st, final int code, final String reason)
    {
        if (!st.rejectStatelessly(code, reason, statelessTag))
        {
            st.respond(code, reason, statelessTag);
        }
    }

    private void challenge(
        final ServerTransaction st, final SipMessage request, final InetSocketAddress source, final boolean proxy, final boolean stale)
    {
        final SipMessageWriter w = writer.wrap(out, 0);
        final int len = SipResponses.writeResponse(w, request, DigestVerifier.challengeStatus(proxy), null, statelessTag,
            source.getAddress().getHostAddress(), source.getPort()) && verifier.writeChallenges(w, realm, proxy, stale) ?
            w.endHeaders() : -1;
        if (len <= 0 || !st.rejectStatelessly(out, 0, len))
        {
            st.respond(500, "Cannot Write Challenge", ids.newTag());
        }
    }

    private void answerOptions(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        final SipMessageWriter w = writer.wrap(out, 0);
        if (!SipResponses.writeResponse(w, request, 200, "OK", ids.newTag(), source.getAddress().getHostAddress(), source.getPort()))
        {
            st.respond(500, null, ids.newTag());
            return;
        }
        // no Server header: a scanner learns no product and no version from us
        w.header(HeaderName.ALLOW, ALLOW)
            .header(HeaderName.ACCEPT, "application/sdp")
            .header(HeaderName.SUPPORTED, "");
        final int len = w.endHeaders();
        if (len > 0)
        {
            st.respond(out, 0, len);
        }
    }

    /**
     * RFC 3261 16.3 step 5: option tags in Proxy-Require that we do not support get 420 Bad Extension with
     * an Unsupported header naming them. False when the request was answered so.
     */
    private boolean checkProxyRequire(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        if (OptionTags.countUnsupported(request, HeaderName.PROXY_REQUIRE, SUPPORTED_PROXY_REQUIRE) == 0)
        {
            return true;
        }
        final SipMessageWriter w = writer.wrap(out, 0);
        final int len = SipResponses.writeResponse(w, request, 420, null, statelessTag, source.getAddress().getHostAddress(),
            source.getPort()) && OptionTags.writeUnsupported(w, request, HeaderName.PROXY_REQUIRE, SUPPORTED_PROXY_REQUIRE) > 0 ?
            w.endHeaders() : -1;
        if (len <= 0 || !st.rejectStatelessly(out, 0, len))
        {
            reject(st, 420, null);
        }
        return false;
    }

    /**
     * Forwards a request statefully (RFC 3261 16.6) to every target of the decision at once (parallel
     * forking), each copy on its own client transaction and Via branch, on the transport chosen for it
     * ({@link #outgoing}); the branches share the loop hash. A target no transport here can reach answers 503.
     */
    private void forward(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        final int i = current;
        int usable = 0;
        for (int t = 0; t < decision.targets; t++)
        {
            final int o = outgoing(t, i);
            if (o < 0 || !isOwnAddress(hop, o))
            {
                usable++;
            }
        }
        if (usable == 0)
        {
            // a route or a contact pointing back at us would only bounce until Max-Forwards runs out
            st.respond(482, "Loop Detected", ids.newTag());
            return;
        }
        final boolean invite = request.method() == SipMethod.INVITE;
        if (invite)
        {
            st.respond(100, "Trying", null);
        }
        final String loopPrefix = Forwarding.loopBranchPrefix(loopHash(request));
        final boolean recordRoute = config.recordRoute() && createsDialog(request);
        final String token = recordRoute && tokens != null ? tokens.token(request.callId()) : null;
        final boolean sips = isSips(request);
        final String sourceIp = source.getAddress().getHostAddress();
        final ResponseContext context = new ResponseContext(st, i, invite);
        st.context(context);
        for (int t = 0; t < decision.targets; t++)
        {
            final int o = outgoing(t, i);
            final InetSocketAddress destination = hop;
            if (o >= 0 && isOwnAddress(destination, o))
            {
                continue;
            }
            final ProxyBranch branch = new ProxyBranch(this, context, context.branches.size());
            context.branches.add(branch);
            if (o < 0)
            {
                branch.done = true;
                context.offerGenerated(branch, 503, decision.kinds[t] == null ? "Unsupported Transport" :
                    "No " + decision.kinds[t].protocol() + " Transport Here");
                continue;
            }
            // the random half of newBranch() after the cookie: unique per branch
            final String via = viaPrefix[o] + loopPrefix + ids.newBranch().substring(Via.MAGIC_COOKIE.length()) + ";rport";
            // the top one faces the next hop; where the transport changes here a second one faces the caller (RFC 5658)
            final String rr = recordRoute ? recordRoute(o, token, sips) : null;
            final String rr2 = recordRoute && o != i ? recordRoute(i, token, sips) : null;
            final int len = Forwarding.writeRequest(writer.wrap(out, 0), request, decision.requestUris[t], via, rr, rr2,
                sourceIp, source.getPort(), decision, authEntry, ourRealmAuthorization(request));
            if (len < 0)
            {
                branch.done = true;
                context.offerGenerated(branch, 513, "Message Too Large");
                continue;
            }
            // never null: a request the layer cannot send fails through the listener on the next poll
            final ClientTransaction ct = layers[o].sendRequest(out, 0, len, destination, branch);
            branch.client = ct;
            ct.context(branch);
            if (invite)
            {
                startTimerC(branch);
            }
        }
        maybeComplete(context);
    }

    /**
     * Which transport target t of the decision leaves on (its index, or -1 when no listener here speaks the one it
     * needs), and where to, into {@link #hop}. A registered phone (RFC 5626's idea, without its headers) is reached
     * down the TCP/TLS connection it registered on while that is open — behind NAT nothing else reaches it — unless
     * its Contact names another transport; a transport the URI names (transport=, sips:) is used as named; a URI
     * that names none goes on the transport the phone registered on, else on our Route's side of the dialog
     * ({@link Router.Decision#routeKind}), else UDP, else (no UDP listener) the request's own. Among listeners of that transport, the one the request came
     * in on, else one of the destination's address family, else the first.
     */
    private int outgoing(final int t, final int incoming)
    {
        hop = decision.destinations[t];
        TransportKind kind = decision.kinds[t];
        if (kind == null)
        {
            return -1;
        }
        final boolean named = decision.explicitKinds[t];
        final Binding b = decision.bindings[t];
        if (b != null && b.transportIndex() >= 0 && b.transportIndex() < layers.length)
        {
            final int bi = b.transportIndex();
            if (!named || kinds[bi] == kind)
            {
                if (kinds[bi].isReliable() && connectionOpen(bi, b))
                {
                    hop = b.source();
                }
                return bi;
            }
        }
        else if (!named && decision.routeKind != null)
        {
            kind = decision.routeKind;
        }
        final int o = layerFor(kind, incoming, hop);
        // UDP is only the default of a URI that names no transport: without a UDP listener, the one it came in on
        return o >= 0 || named ? o : incoming;
    }

    /** Whether the connection binding b registered on (transport index bi) is still open. */
    private boolean connectionOpen(final int bi, final Binding b)
    {
        if (transports[bi] instanceof StreamTransport stream)
        {
            return b.connectionId() != 0 ? stream.connectionId(b.source()) == b.connectionId() : stream.hasConnection(b.source());
        }
        // another reliable transport (a test's): its connections stay open
        return true;
    }

    /** A listener of kind: the incoming one if it is, else one of destination's address family, else the first; or -1. */
    private int layerFor(final TransportKind kind, final int incoming, final InetSocketAddress destination)
    {
        if (kinds[incoming] == kind)
        {
            return incoming;
        }
        int first = -1;
        for (int i = 0; i < kinds.length; i++)
        {
            if (kinds[i] == kind)
            {
                if (destination == null || destination.getAddress() == null ||
                    destination.getAddress().getClass() == transports[i].localAddress().getAddress().getClass())
                {
                    return i;
                }
                if (first < 0)
                {
                    first = i;
                }
            }
        }
        return first;
    }

    /** Our Record-Route value on transport i: its transport named, sips: for a sips: request on TLS, with the dialog token. */
    private String recordRoute(final int i, final String token, final boolean sips)
    {
        final String uri = sips ? recordRouteSips[i] : recordRouteUri[i];
        return token == null ? "<" + uri + ";lr>" : "<" + uri + ";lr;" + DialogTokens.PARAM + "=" + token + ">";
    }

    private static boolean isSips(final SipMessage request)
    {
        final SipUri uri = request.parsedRequestUri();
        return uri != null && uri.scheme() == SipUri.Scheme.SIPS;
    }

    /** True when destination is the address of one of our listeners of transport o's kind: it would come back here. */
    private boolean isOwnAddress(final InetSocketAddress destination, final int o)
    {
        for (int i = 0; i < transports.length; i++)
        {
            if (kinds[i] == kinds[o] && transports[i].localAddress().equals(destination))
            {
                return true;
            }
        }
        return false;
    }

    /** Requests that may create a dialog, so a Record-Route keeps us on its path (RFC 3261 16.6 step 4). */
    private static boolean createsDialog(final SipMessage request)
    {
        final SipMethod m = request.method();
        return (m == SipMethod.INVITE || m == SipMethod.SUBSCRIBE || m == SipMethod.REFER) && request.toTag() == null;
    }

    /**
     * An ACK for a 2xx (or one that matched nothing), or a CANCEL that matched no INVITE here (RFC 3261 16.10):
     * forwarded statelessly by the same routing rules (RFC 3261 16.11), each retransmission again with the same
     * branch, so a CANCEL finds the INVITE an element before us forwarded statelessly. An ACK that cannot go on
     * is dropped; such a CANCEL is answered statelessly (481, as nothing here or beyond knows its INVITE; 483
     * when out of hops).
     */
    private void forwardStatelessly(final SipMessage request, final InetSocketAddress source)
    {
        final boolean cancel = request.method() == SipMethod.CANCEL;
        if (!cancel && request.toTag() != null && request.toTag().contentEquals(statelessTag))
        {
            // the ACK for one of our stateless rejections: it ends here (RFC 3261 17.2.1 without the transaction)
            absorbedAcks++;
            return;
        }
        if (!schemeSupported(request) || request.maxForwards() == 0)
        {
            if (!cancel || !answerStatelessly(request, source, request.maxForwards() == 0 ? 483 : 416))
            {
                dropped++;
            }
            return;
        }
        router.route(request, decision);
        final int o = decision.action == Router.Action.FORWARD ? outgoing(0, current) : -1;
        if (o < 0 || isOwnAddress(hop, o) || (verifier != null && !decision.local && (cancel || !inOurDialog(request))))
        {
            // with auth, a CANCEL goes on only to our own phones, an ACK also inside a dialog we Record-Routed (it
            // cannot be challenged, and it starts nothing and gets no answer: a party to a call can misuse it for
            // single datagrams at most); nobody uses us to send anything else anywhere
            if (!cancel || !answerStatelessly(request, source, 481))
            {
                dropped++;
            }
            return;
        }
        final String via = viaPrefix[o] + statelessBranches.forRequest(request, source) + ";rport";
        // an ACK for a 2xx repeats the INVITE's credentials (RFC 3261 22.1): ours stop here as they did for the INVITE
        final int len = Forwarding.writeRequest(writer.wrap(out, 0), request, decision.requestUri(), via, null, null,
            source.getAddress().getHostAddress(), source.getPort(), decision, verifier == null ? -1 : ourCredentials(request),
            ourRealmAuthorization(request));
        if (len < 0)
        {
            dropped++;
            return;
        }
        layers[o].sendStateless(out, 0, len, hop);
    }

    private boolean answerStatelessly(final SipMessage request, final InetSocketAddress source, final int code)
    {
        final SipMessageWriter w = writer.wrap(out, 0);
        if (!SipResponses.writeResponse(w, request, code, null, ids.newTag(), source.getAddress().getHostAddress(), source.getPort()))
        {
            return false;
        }
        final int len = w.endHeaders();
        return len > 0 && layers[current].respondStateless(out, 0, len, request.topVia(), source);
    }

    /**
     * A response that matches no client transaction here. Since RFC 6026 every 2xx to an INVITE we forwarded
     * statefully — retransmitted, or another fork's — comes through its Accepted client transaction for 64*T1, so
     * this is an answer to a request we forwarded statelessly (a CANCEL, RFC 3261 16.10), forwarded statelessly in
     * turn (16.11) when its branch proves it ({@link StatelessBranches}), or else something a stateful element
     * discards (RFC 6026, RFC 3261 18.1.2 as amended): a 2xx later than 64*T1, or a forgery meant to make us send
     * it on to a third party.
     */
    @Override
    public void onStrayResponse(final SipMessage response, final InetSocketAddress source)
    {
        if (!forwardStateless(response, current))
        {
            dropped++;
        }
    }

    @Override
    public void onCancel(final ServerTransaction invite, final SipMessage cancel)
    {
        if (invite.context() instanceof ResponseContext context)
        {
            // every pending branch (RFC 3261 16.10); their 487s make the answer to the INVITE
            cancelPending(context);
        }
    }

    // ------------------------------------------------------------------------------------------ branches

    void onBranchResponse(final ProxyBranch branch, final SipMessage response)
    {
        final int code = response.statusCode();
        if (code == 100)
        {
            return;
        }
        final ResponseContext context = branch.context;
        if (branch.done)
        {
            // answered by timer C or a failure already; a 2xx to an INVITE still goes up (RFC 3261 16.7 step 5)
            if (code >= 200 && code < 300 && context.invite)
            {
                forward2xx(context, response);
            }
            return;
        }
        if (code < 200)
        {
            if (branch.timerC != TimerService.NO_TIMER)
            {
                // the far end is still alive: another 3 minutes (RFC 3261 16.7 step 2)
                startTimerC(branch);
            }
            if (!context.finalSent)
            {
                final int len = Forwarding.writeResponseWithoutTopVia(writer.wrap(out, 0), response);
                if (len > 0)
                {
                    context.server.respond(out, 0, len);
                }
            }
            return;
        }
        stopTimerC(branch);
        branch.done = true;
        if (code < 300)
        {
            if (context.invite)
            {
                // the call is answered: the other phones stop ringing (RFC 3261 16.7 step 10)
                cancelPending(context);
            }
            forward2xx(context, response);
            return;
        }
        if (code >= 600 && context.invite)
        {
            // a 6xx ends the search: no other branch may answer instead (RFC 3261 16.7 step 5)
            cancelPending(context);
        }
        context.offer(branch, response);
        maybeComplete(context);
    }

    /**
     * A 2xx goes up at once, and for an INVITE every 2xx does (RFC 3261 16.7 step 5): each through the server
     * transaction, which a 2xx leaves Accepted for 64*T1 (RFC 6026 §7.1) — a retransmission of the same 2xx, or
     * another fork's answer. One the server transaction can no longer take (timer L ran out, or a non-2xx went up
     * first, as after timer C) is discarded, not forwarded statelessly (RFC 6026 removes that from 16.7): the far
     * end's UAS gives up on its unacknowledged 2xx and ends that dialog itself.
     */
    private void forward2xx(final ResponseContext context, final SipMessage response)
    {
        final int len = Forwarding.writeResponseWithoutTopVia(writer.wrap(out, 0), response);
        if (len < 0)
        {
            if (!context.finalSent)
            {
                context.finalSent = true;
                context.server.respond(502, "Response Too Large", ids.newTag());
            }
            return;
        }
        final boolean first = !context.finalSent;
        context.finalSent = true;
        if (!first && !context.invite)
        {
            // a non-INVITE has its final answer: nothing more goes up (16.7 step 5)
            return;
        }
        if (!context.server.respond(out, 0, len))
        {
            dropped++;
            if (first)
            {
                // not for the caller (no Via of its left once ours is gone, 16.7 step 3): it still gets an answer
                context.server.respond(502, "Bad Gateway", ids.newTag());
            }
        }
    }

    void onBranchFailure(final ProxyBranch branch, final int code, final String reason)
    {
        if (branch.done)
        {
            return;
        }
        stopTimerC(branch);
        branch.done = true;
        branch.context.offerGenerated(branch, code, reason);
        maybeComplete(branch.context);
    }

    /**
     * Timer C fired (RFC 3261 16.7 step 2): the INVITE branch got no final answer in 3 minutes since the last
     * sign of life. It is CANCELled (at once if a provisional came, else when one does; its client transaction
     * gives up 64*T1 later) and counts as answered 408.
     */
    void onTimerC(final ProxyBranch branch)
    {
        branch.client.cancel();
        onBranchFailure(branch, 408, "Request Timeout");
    }

    private static void cancelPending(final ResponseContext context)
    {
        for (int b = 0; b < context.branches.size(); b++)
        {
            final ProxyBranch branch = context.branches.get(b);
            if (!branch.done && branch.client != null)
            {
                branch.client.cancel();
            }
        }
    }

    /** Once every branch has its final answer, the best one goes up (RFC 3261 16.7 steps 6 and 7). */
    private void maybeComplete(final ResponseContext context)
    {
        if (context.finalSent || !context.allDone())
        {
            return;
        }
        context.finalSent = true;
        final int chosen = context.bestCode();
        // a 503 says the next hop is unavailable, not this proxy: upstream must not take it as ours (16.7 step 6)
        final int code = chosen == 503 ? 500 : chosen;
        if (!context.bestIsReceived())
        {
            context.server.respond(code, context.bestReason(), ids.newTag());
            return;
        }
        challenges.clear();
        if (code == 401 || code == 407)
        {
            context.otherChallenges(challenges);
        }
        int len = -1;
        if (context.parseBest(best))
        {
            len = Forwarding.writeResponseWithoutTopVia(writer.wrap(out, 0), best, code,
                code == chosen ? best.reasonPhrase() : SipResponses.reasonPhrase(code), challenges);
        }
        challenges.clear();
        if (len < 0 || !context.server.respond(out, 0, len))
        {
            context.server.respond(len < 0 ? 502 : code, len < 0 ? "Response Too Large" : null, ids.newTag());
        }
    }

    private void startTimerC(final ProxyBranch branch)
    {
        timers.cancel(branch.timerC);
        branch.timerC = timers.schedule(TIMER_C_MS, branch);
    }

    private void stopTimerC(final ProxyBranch branch)
    {
        timers.cancel(branch.timerC);
        branch.timerC = TimerService.NO_TIMER;
    }

    /**
     * Sends a response on without a transaction (RFC 3261 16.11): only if its top Via is ours with a branch of a
     * request we forwarded statelessly ({@link StatelessBranches}) for the Via below it; our Via removed, to where
     * that next Via says (its received and rport, else its sent-by), on a listener of the transport that Via names
     * (the one it came in on, transportIndex, when it is of that kind).
     */
    private boolean forwardStateless(final SipMessage response, final int transportIndex)
    {
        final int top = response.first(HeaderName.VIA);
        if (top < 0 || !own.isOurs(response.topVia()))
        {
            return false;
        }
        final int next = response.next(HeaderName.VIA, top);
        if (next < 0 || !nextVia.parse(response, next))
        {
            return false;
        }
        final InetSocketAddress to = TransactionLayer.forwardedResponseDestination(nextVia);
        if (!statelessBranches.answersStatelessRequest(response, nextVia, to))
        {
            return false;
        }
        final TransportKind kind = TransportKind.fromVia(nextVia);
        final int o = to == null || kind == null ? -1 : layerFor(kind, transportIndex, to);
        if (o < 0)
        {
            return false;
        }
        final int len = Forwarding.writeResponseWithoutTopVia(writer.wrap(out, 0), response);
        return len > 0 && layers[o].sendStateless(out, 0, len, to);
    }
}
