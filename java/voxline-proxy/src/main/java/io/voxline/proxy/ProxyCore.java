package io.voxline.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.voxline.proxy.registrar.LocationService;
import io.voxline.proxy.registrar.Registrar;
import io.voxline.reactor.ReactorEvent;
import io.voxline.reactor.ReactorHandler;
import io.voxline.reactor.WheelTimerService;
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
import io.voxline.sip.transport.SipTransport;
import io.voxline.sip.transport.UdpTransport;

/**
 * The stateful proxy and registrar (RFC 3261 §16) for one reactor: datagrams in, one {@link TransactionLayer} per
 * listen address, routing by {@link Router}, REGISTER by {@link Registrar}. Deterministic and single-threaded:
 * built from its config, its transports (index = the datagram's transport index) and a timer service, so tests
 * drive it by calling {@link #onPacket} and stepping time. Requests are forwarded out of the transport they came
 * in on.
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

    /** Timer C: "greater than 3 minutes" (RFC 3261 16.6 step 11), restarted by each provisional but 100. */
    public static final long TIMER_C_MS = 180_000;

    /** The option tags this proxy supports in Proxy-Require (RFC 3261 16.3 step 5): none yet. */
    private static final String[] SUPPORTED_PROXY_REQUIRE = {};

    private static final Logger LOG = LoggerFactory.getLogger(ProxyCore.class);

    private final ProxyConfig config;
    private final SipTransport[] transports;
    private final TransactionLayer[] layers;
    private final String[] viaPrefix;
    private final String[] recordRoute;
    private final TimerService timers;
    private final SipIds ids;
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
    private final SourceRateLimiter limiter;
    private final boolean secure;
    /** Null when the proxy is open (no users file). */
    private final DigestVerifier verifier;
    private final DialogTokens tokens;
    private final String realm;
    /** The Proxy-Authorization entry of ours in the request being forwarded (left out), or -1. */
    private int authEntry = -1;
    private int current;
    private long dropped;
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
        final int n = transports.size();
        this.transports = transports.toArray(new SipTransport[0]);
        final List<InetSocketAddress> bound = new ArrayList<>(n);
        for (final SipTransport t : this.transports)
        {
            bound.add(t.localAddress());
        }
        own = new OwnAddresses(bound);
        layers = new TransactionLayer[n];
        viaPrefix = new String[n];
        recordRoute = new String[n];
        for (int i = 0; i < n; i++)
        {
            layers[i] = new TransactionLayer(this.transports[i], timers, transactionConfig, this);
            // RFC 3261 16.10: a CANCEL with no response context here is forwarded statelessly
            layers[i].passUnmatchedCancelStateless(true);
            viaPrefix[i] = "SIP/2.0/" + this.transports[i].protocol() + " " + own.hostPort(i) + ";branch=";
            recordRoute[i] = "<sip:" + own.hostPort(i) + ";lr>";
        }
        boolean tls = false;
        for (final SipTransport t : this.transports)
        {
            tls |= "TLS".equalsIgnoreCase(t.protocol());
        }
        secure = tls;
        limiter = new SourceRateLimiter(config.limits());
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
        handle(event.buffer, 0, event.length, event.source, event.transportIndex);
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
        if (source != null && admit(source))
        {
            handle(buffer, offset, length, source, transportIndex);
        }
    }

    /** The source's token bucket, before any parsing: a flood costs a hash lookup per datagram. */
    private boolean admit(final InetSocketAddress source)
    {
        final java.net.InetAddress ip = source.getAddress();
        return ip == null || limiter.admit(ip, timers.nowMs());
    }

    private void handle(
        final DirectBuffer buffer, final int offset, final int length, final InetSocketAddress source, final int transportIndex)
    {
        if (transportIndex < 0 || transportIndex >= layers.length || source == null)
        {
            dropped++;
            return;
        }
        try
        {
            current = transportIndex;
            if (!parsed.parse(buffer, offset, length))
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
        final InetSocketAddress to = TransactionLayer.responseDestination(parsed.topVia(), source);
        if (to == null)
        {
            dropped++;
            return;
        }
        transports[current].send(out, 0, len, to);
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
            st.respond(416, "Unsupported URI Scheme", ids.newTag());
            return;
        }
        router.route(request, decision);
        final boolean forUs = decision.action == Router.Action.REGISTRAR || decision.action == Router.Action.OPTIONS;
        if (request.maxForwards() == 0 && !forUs)
        {
            // an OPTIONS or a REGISTER for us is ours to answer as a UAS, whatever its hop count
            st.respond(483, "Too Many Hops", ids.newTag());
            return;
        }
        authEntry = -1;
        if (!forUs)
        {
            if (decision.action == Router.Action.FORWARD && isLoop(request))
            {
                st.respond(482, "Loop Detected", ids.newTag());
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
                final int len = registrar.onRegister(request, source, writer.wrap(out, 0));
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
            default -> st.respond(decision.status, decision.reason, ids.newTag());
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
        final String prefix = Forwarding.loopBranchPrefix(Forwarding.loopHash(request, decision.skipRoute1, decision.skipRoute2));
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
     * RFC 3261 16.3 step 6 with this proxy's policy: passes a request inside a dialog we Record-Routed (its top
     * Route carries our token), a call from outside for a user registered here (the From does not claim one of
     * our domains; not OPTIONS, which would tell a scanner who is registered), and a request with valid
     * Proxy-Authorization for our realm. Everything else — a request for anywhere else, or for a user who is not
     * registered, from anyone not authenticated — gets 407: never an open relay, and no 404 that tells a
     * stranger which users exist. False when the request was answered.
     */
    private boolean authorizeProxied(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        if (decision.action == Router.Action.FORWARD)
        {
            if (inOurDialog(request))
            {
                return true;
            }
            if (decision.local && request.method() != SipMethod.OPTIONS && !claimsOurDomain(request))
            {
                return true;
            }
        }
        if (verifier.verify(request, realm, true) == DigestVerifier.Verdict.OK)
        {
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

    /** A request in a dialog we Record-Routed: a To tag, and our token for its Call-ID in the Route naming us. */
    private boolean inOurDialog(final SipMessage request)
    {
        return tokens != null && request.toTag() != null && decision.routeToken != null &&
            tokens.matches(decision.routeToken, request.callId());
    }

    /** The From claims to be one of ours (a domain of ours, or our own address): then it must prove it. */
    private boolean claimsOurDomain(final SipMessage request)
    {
        final SipUri from = request.from().uri();
        final BufferView host = from == null ? null : from.host();
        return host == null || router.isOurDomain(host) || own.isOurHost(host);
    }

    private void challenge(
        final ServerTransaction st, final SipMessage request, final InetSocketAddress source, final boolean proxy, final boolean stale)
    {
        final SipMessageWriter w = writer.wrap(out, 0);
        final int len = SipResponses.writeResponse(w, request, DigestVerifier.challengeStatus(proxy), null, ids.newTag(),
            source.getAddress().getHostAddress(), source.getPort()) && verifier.writeChallenges(w, realm, proxy, stale) ?
            w.endHeaders() : -1;
        if (len <= 0 || !st.respond(out, 0, len))
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
        final int len = SipResponses.writeResponse(w, request, 420, null, ids.newTag(), source.getAddress().getHostAddress(),
            source.getPort()) && OptionTags.writeUnsupported(w, request, HeaderName.PROXY_REQUIRE, SUPPORTED_PROXY_REQUIRE) > 0 ?
            w.endHeaders() : -1;
        if (len <= 0 || !st.respond(out, 0, len))
        {
            st.respond(420, null, ids.newTag());
        }
        return false;
    }

    /**
     * Forwards a request statefully (RFC 3261 16.6) to every target of the decision at once (parallel
     * forking), each copy on its own client transaction and Via branch; the branches share the loop hash.
     */
    private void forward(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        int usable = 0;
        for (int t = 0; t < decision.targets; t++)
        {
            if (!isOwnAddress(decision.destinations[t]))
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
        final int i = current;
        final String viaStart = viaPrefix[i] + Forwarding.loopBranchPrefix(Forwarding.loopHash(request, decision.skipRoute1, decision.skipRoute2));
        final String rr = !config.recordRoute() || !createsDialog(request) ? null : tokens == null ? recordRoute[i] :
            "<sip:" + own.hostPort(i) + ";lr;" + DialogTokens.PARAM + "=" + tokens.token(request.callId()) + ">";
        final String sourceIp = source.getAddress().getHostAddress();
        final ResponseContext context = new ResponseContext(st, i, invite);
        st.context(context);
        for (int t = 0; t < decision.targets; t++)
        {
            final InetSocketAddress destination = decision.destinations[t];
            if (isOwnAddress(destination))
            {
                continue;
            }
            final ProxyBranch branch = new ProxyBranch(this, context, context.branches.size());
            context.branches.add(branch);
            // the random half of newBranch() after the cookie: unique per branch
            final String via = viaStart + ids.newBranch().substring(Via.MAGIC_COOKIE.length()) + ";rport";
            final int len = Forwarding.writeRequest(writer.wrap(out, 0), request, decision.requestUris[t], via, rr,
                sourceIp, source.getPort(), decision.skipRoute1, decision.skipRoute2, decision.skipRoute3, authEntry, decision.appendRoute);
            if (len < 0)
            {
                branch.done = true;
                context.offerGenerated(branch, 513, "Message Too Large");
                continue;
            }
            // never null: a request the layer cannot send fails through the listener on the next poll
            final ClientTransaction ct = layers[i].sendRequest(out, 0, len, destination, branch);
            branch.client = ct;
            ct.context(branch);
            if (invite)
            {
                startTimerC(branch);
            }
        }
        maybeComplete(context);
    }

    private boolean isOwnAddress(final InetSocketAddress destination)
    {
        for (final SipTransport t : transports)
        {
            if (t.localAddress().equals(destination))
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
        if (!schemeSupported(request) || request.maxForwards() == 0)
        {
            if (!cancel || !answerStatelessly(request, source, request.maxForwards() == 0 ? 483 : 416))
            {
                dropped++;
            }
            return;
        }
        router.route(request, decision);
        final int i = current;
        if (decision.action != Router.Action.FORWARD || isOwnAddress(decision.destination()) ||
            (verifier != null && !decision.local && !inOurDialog(request)))
        {
            // with auth, an ACK or CANCEL goes on only to our own users or inside a dialog we Record-Routed:
            // nobody uses us to send even one datagram anywhere else
            if (!cancel || !answerStatelessly(request, source, 481))
            {
                dropped++;
            }
            return;
        }
        final String via = viaPrefix[i] + Forwarding.statelessBranch(request.topVia(), own.hostPort(i)) + ";rport";
        final int len = Forwarding.writeRequest(writer.wrap(out, 0), request, decision.requestUri(), via, null,
            source.getAddress().getHostAddress(), source.getPort(), decision.skipRoute1, decision.skipRoute2,
            decision.skipRoute3, -1, decision.appendRoute);
        if (len < 0)
        {
            dropped++;
            return;
        }
        layers[i].sendStateless(out, 0, len, decision.destination());
    }

    private boolean answerStatelessly(final SipMessage request, final InetSocketAddress source, final int code)
    {
        final SipMessageWriter w = writer.wrap(out, 0);
        if (!SipResponses.writeResponse(w, request, code, null, ids.newTag(), source.getAddress().getHostAddress(), source.getPort()))
        {
            return false;
        }
        final int len = w.endHeaders();
        return len > 0 && layers[current].sendStateless(out, 0, len, TransactionLayer.responseDestination(request.topVia(), source));
    }

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

    /** A 2xx goes up at once, and for an INVITE every 2xx does, each after the first statelessly. */
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
        if ((!first || !context.server.respond(out, 0, len)) && context.invite)
        {
            forwardStateless(response, context.transportIndex);
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
     * Sends a response on without a transaction (RFC 3261 16.11): only if its top Via is ours; our Via
     * removed, to where the next Via says (its received and rport, else its sent-by).
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
        if (to == null)
        {
            return false;
        }
        final int len = Forwarding.writeResponseWithoutTopVia(writer.wrap(out, 0), response);
        return len > 0 && layers[transportIndex].sendStateless(out, 0, len, to);
    }
}
