package io.voxline.gateway.register;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.auth.DigestClient;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * Keeps one line registered (RFC 3261 §10.2): REGISTER sip:DOMAIN to the line's registrar with To and From
 * sip:USER@DOMAIN, Contact &lt;sip:USER@IP:PORT&gt; and Expires; one Call-ID for the line's whole life and a
 * CSeq that rises with every REGISTER. The granted expiry is read from the 2xx (our Contact's expires
 * parameter, else the Expires header, else what we asked); {@link RegistrationTimer} says when to refresh or
 * retry (failures back off from 1 s to 60 s with ±10 % jitter). A 423 is retried at once with its Min-Expires.
 *
 * <p>Digest authentication (RFC 3261 §22, with a {@link DigestClient} when the line has a password): a 401/407 is
 * answered at once with a new REGISTER (CSeq + 1, new branch, credentials); a further challenge is answered again
 * only when it says stale=true, and at most {@link #MAX_CHALLENGES} times for one attempt; otherwise the failure is
 * final and backs off like any other. The nonce is kept, so refreshes are signed from the start and cost no extra
 * round trip while the registrar still takes it. Without a password a 401/407 is a failure.
 *
 * <p>NAT (RFC 3581): our REGISTERs and pings carry ;rport, and every final answer to them shows in its top Via
 * the address and port the registrar saw us at (received, rport). When that differs from our own, the public
 * address becomes our Contact (in REGISTER, and in the line's INVITEs and 200s: {@link #contactUri()}), and when
 * it changes (a NAT rebinding, a new WAN address) the line re-registers at once with the new Contact and the old
 * one at expires=0. While the binding holds, a {@link RegistrarProbe} keeps the NAT binding open with CRLF
 * keepalives and pings the registrar with OPTIONS: a ping or refresh that times out makes the registration
 * {@link RegistrationState#UNCONFIRMED}, and the first answer after that re-registers at once (a registrar that
 * restarted has lost our binding). So does a 2xx that does not list our Contact (once: a registrar that never
 * lists it is not asked again and again), and {@link #reRegisterNow} for the core's own evidence. Re-registrations
 * "at once" are spaced by {@link RegistrationTimer#onUrgent}, never a loop. Runs on the reactor thread.
 */
public final class LineRegistration implements ClientTransactionListener, TimerService.Handler, RegistrarProbe.Owner
{
    /** Says what happened, for the journal's signal entries. */
    @FunctionalInterface
    public interface Listener
    {
        void onRegistration(int line, boolean registered, int statusCode, long expiresSeconds);

        /** Anything else worth a journal line: a public address learnt, the registrar silent or back, a re-registration. */
        default void onNotice(final int line, final String what)
        {
        }

        /**
         * The line's TCP/TLS flow to its registrar stopped answering keepalives (no pong, RFC 5626 §4.4.1): close
         * it, so the re-registration that follows opens a new one.
         */
        default void onFlowFailed(final int line, final String why)
        {
        }
    }

    /** The longest expiry a 423's Min-Expires may push us to (a day). */
    static final long MAX_EXPIRES = 86_400;
    /** Challenges answered for one attempt: the first, and stale ones after it, never in a loop. */
    public static final int MAX_CHALLENGES = 3;
    /** How long a CRLF ping on a TCP/TLS flow waits for its pong (RFC 5626 §4.4.1: 10 seconds). */
    public static final long PONG_WAIT_MS = 10_000;

    private final int line;
    private final String user;
    private final String domain;
    private final InetSocketAddress registrar;
    private final String localContactUri;
    /** What follows host:port in our Contact URIs: ";transport=tcp" on a stream transport, else nothing. */
    private final String contactParams;
    private final TransactionLayer layer;
    private final TimerService timers;
    private final SipIds ids;
    private final Listener listener;
    private final DigestClient auth;
    private final String requestUri;
    private final RegistrationTimer timer;
    private final RegistrarProbe probe;
    private final String callId;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final NameAddr contact = new NameAddr();
    private long expiresSeconds;
    private long cseq;
    private long timerId = TimerService.NO_TIMER;
    private long timerDueMs;
    private ClientTransaction pending;
    private boolean stopped = true;
    private int lastStatus;
    private long attempts;
    /** Challenges answered since the attempt began. */
    private int challenges;
    /** The realm of the registrar's last challenge we took; the domain until it challenges. */
    private String registrarRealm;
    /** The registrar's last challenge we took had no qop (RFC 2069): an old registrar. */
    private boolean registrarWithoutQop;
    /** The Contact we register now: the local one, or the public one the registrar sees us at. */
    private String contactUri;
    /** The public address when it differs from ours (behind a NAT), else null. */
    private InetSocketAddress publicAddress;
    /** The Contact the last 2xx bound, or null: when it is not ours any more, the next REGISTER removes it. */
    private String boundContactUri;
    /** The Contact the REGISTER in flight carried. */
    private String sentContactUri;
    /** The last 2xx listed our Contact. */
    private boolean listed;
    /** We re-registered because a 2xx did not list our Contact; not again until one lists it. */
    private boolean missingRetried;
    /** A ping or refresh timed out while the binding should hold. */
    private boolean unconfirmed;
    /** The timer is an urgent re-registration waiting for its spacing. */
    private boolean urgentWaiting;

    /**
     * line is 1-based (for the listener); contactUri is the URI our Contact carries, e.g. sip:101@127.0.0.1:5062;
     * registrar an IP literal and port.
     */
    public LineRegistration(
        final int line,
        final String user,
        final String domain,
        final InetSocketAddress registrar,
        final String contactUri,
        final long expiresSeconds,
        final TransactionLayer layer,
        final SipIds ids,
        final Listener listener)
    {
        this(line, user, domain, registrar, contactUri, expiresSeconds, layer, ids, listener, null);
    }

    /** As above, answering digest challenges with auth (null: no password, a 401/407 is a failure). */
    public LineRegistration(
        final int line,
        final String user,
        final String domain,
        final InetSocketAddress registrar,
        final String contactUri,
        final long expiresSeconds,
        final TransactionLayer layer,
        final SipIds ids,
        final Listener listener,
        final DigestClient auth)
    {
        this.line = line;
        this.user = user;
        this.domain = domain;
        this.registrar = registrar;
        this.localContactUri = contactUri;
        this.contactUri = contactUri;
        final int semi = contactUri.indexOf(';');
        this.contactParams = semi < 0 ? "" : contactUri.substring(semi);
        this.expiresSeconds = expiresSeconds;
        this.layer = layer;
        this.timers = layer.timers();
        this.ids = ids;
        this.listener = listener;
        this.auth = auth;
        this.requestUri = "sip:" + domain;
        this.registrarRealm = domain;
        this.callId = ids.newCallId(layer.transport().localAddress().getAddress().getHostAddress());
        // seeded from the ids generator: random on a router (no two retry in step), repeatable in tests that seed it
        final SplittableRandom random = new SplittableRandom(Long.parseUnsignedLong(ids.newTag(), 16));
        this.timer = new RegistrationTimer(random);
        this.probe = new RegistrarProbe(this, user, domain, registrar, layer, ids, random.split());
        this.cseq = 0;
    }

    /**
     * The CRLF keepalive and the OPTIONS ping intervals in seconds while registered, 0 for off (both are off until
     * this is called). Call before {@link #start}.
     */
    public LineRegistration keepalive(final int keepaliveSeconds, final int pingSeconds)
    {
        probe.intervals(keepaliveSeconds * 1000L, pingSeconds * 1000L);
        return this;
    }

    /**
     * Whether every CRLF pong on the line's TCP/TLS flow is reported ({@link #onPong}): then a keepalive that gets
     * no pong within {@link #PONG_WAIT_MS} fails the flow. Call before {@link #start}.
     */
    public LineRegistration expectPongs(final boolean expect)
    {
        probe.expectPongs(expect);
        return this;
    }

    /** Sends the first REGISTER now. */
    public void start()
    {
        stopped = false;
        attempt();
    }

    /** Stops refreshing (the binding lapses at its expiry), keepalives and pings. */
    public void stop()
    {
        stopped = true;
        cancelTimer();
        probe.stop();
    }

    public boolean isRegistered()
    {
        return timer.isRegistered(timers.nowMs());
    }

    public RegistrationState state()
    {
        if (stopped)
        {
            return RegistrationState.STOPPED;
        }
        if (!isRegistered())
        {
            return RegistrationState.UNREGISTERED;
        }
        return unconfirmed ? RegistrationState.UNCONFIRMED : RegistrationState.REGISTERED;
    }

    /** The status of the last final response, 408 after a timeout, 0 before any. */
    public int lastStatus()
    {
        return lastStatus;
    }

    /** REGISTERs sent so far. */
    public long attempts()
    {
        return attempts;
    }

    public String callId()
    {
        return callId;
    }

    /** The URI our Contact carries now: sip:USER@LOCAL:PORT, or the public address while behind a NAT. */
    public String contactUri()
    {
        return contactUri;
    }

    /** Where the registrar sees us when that is not our own address (a NAT in between), else null. */
    public InetSocketAddress publicAddress()
    {
        return publicAddress;
    }

    public long keepalivesSent()
    {
        return probe.keepalivesSent();
    }

    public long pingsSent()
    {
        return probe.pingsSent();
    }

    /**
     * Registers again as soon as the spacing of urgent re-registrations allows (now, unless one went in the last
     * {@link RegistrationTimer#URGENT_SPACING_MS}): for evidence the registrar lost our binding (it answered 404/480
     * for one of our own registered numbers). Nothing when a REGISTER is in flight (it does the job), one is
     * already waiting, the line is stopped, or it is backing off after failures (the retry stands).
     */
    public void reRegisterNow(final String why)
    {
        if (stopped || (pending != null && !pending.isTerminated()) || urgentWaiting ||
            (!isRegistered() && timer.failures() > 0))
        {
            return;
        }
        final long now = timers.nowMs();
        final long delay = timer.onUrgent(now);
        listener.onNotice(line, "re-registering" + (delay > 0 ? " in " + delay + " ms" : "") + ": " + why);
        if (delay == 0)
        {
            cancelTimer();
            attempt();
        }
        else if (timerId == TimerService.NO_TIMER || timerDueMs - (now + delay) > 0)
        {
            schedule(delay);
            urgentWaiting = true;
        }
    }

    @Override
    public void onTimer(final long id)
    {
        if (id == timerId)
        {
            timerId = TimerService.NO_TIMER;
            urgentWaiting = false;
            if (!stopped)
            {
                attempt();
            }
        }
    }

    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        final int code = response.statusCode();
        if (transaction != pending || code < 200)
        {
            return;
        }
        pending = null;
        observe(response);
        if ((code == 401 || code == 407) && answered(response))
        {
            return;
        }
        lastStatus = code;
        if (code < 300)
        {
            registered(response, code);
            return;
        }
        final long minExpires = minExpires(response);
        if (code == 423 && minExpires > expiresSeconds && minExpires <= MAX_EXPIRES)
        {
            // Interval Too Brief: ask again at once for what the registrar accepts
            expiresSeconds = minExpires;
            if (!stopped)
            {
                attempt();
            }
            return;
        }
        failed(code);
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        if (transaction == pending)
        {
            pending = null;
            unconfirm("a REGISTER got no answer");
            failed(408);
        }
    }

    /**
     * The TCP/TLS connection the line registered over closed (RFC 5626 §4.4.1: the flow failed): the registrar can
     * no longer reach us, so register again at once, over a new connection. Not when a REGISTER is in flight (its
     * failure schedules the retry) or the line is backing off after failures (the retry stands).
     */
    public void onFlowClosed(final String why)
    {
        probe.onFlowClosed();
        if (stopped || (pending != null && !pending.isTerminated()) || timer.failures() > 0)
        {
            return;
        }
        final long now = timers.nowMs();
        final long delay = timer.onFlowLost(now);
        listener.onNotice(line, "re-registering" + (delay > 0 ? " in " + delay + " ms" : "") + ": " + why);
        if (delay == 0)
        {
            cancelTimer();
            attempt();
        }
        else if (timerId == TimerService.NO_TIMER || timerDueMs - (now + delay) > 0)
        {
            schedule(delay);
            urgentWaiting = true;
        }
    }

    /** A CRLF pong came on the line's flow: it is alive. */
    public void onPong()
    {
        probe.onPong();
    }

    // ------------------------------------------------------------------------------------------ the probe's

    @Override
    public boolean holdsBinding()
    {
        return !stopped && isRegistered();
    }

    @Override
    public void onPingAnswered(final SipMessage response)
    {
        if (stopped)
        {
            return;
        }
        final boolean moved = observe(response);
        if (unconfirmed)
        {
            reRegisterNow("the registrar answers again (it may have lost our binding)");
        }
        else if (moved)
        {
            reRegisterNow("our public address changed");
        }
    }

    @Override
    public void onPingTimedOut()
    {
        unconfirm("the registrar does not answer pings");
    }

    @Override
    public void onNoPong()
    {
        if (stopped)
        {
            return;
        }
        listener.onFlowFailed(line, "no pong for a keepalive");
        // the closing is reported back (onFlowClosed) when the transport can close it; either way, register anew
        onFlowClosed("the connection to the registrar does not answer keepalives");
    }

    // ------------------------------------------------------------------------------------------ inside

    private void unconfirm(final String why)
    {
        if (!unconfirmed && isRegistered())
        {
            unconfirmed = true;
            listener.onNotice(line, "registration unconfirmed: " + why);
        }
    }

    /** A 2xx: the binding holds for what was granted; re-register at once when it bound the wrong Contact or none. */
    private void registered(final SipMessage response, final int code)
    {
        final long granted = granted(response);
        if (granted <= 0)
        {
            // a 2xx that binds nothing leaves us unreachable: retried with back-off like any failure
            failed(code);
            return;
        }
        unconfirmed = false;
        boundContactUri = sentContactUri;
        schedule(timer.onSuccess(timers.nowMs(), granted));
        listener.onRegistration(line, true, code, granted);
        probe.start();
        if (!sentContactUri.equals(contactUri))
        {
            reRegisterNow("our public address is " + contactUri);
        }
        else if (listed)
        {
            missingRetried = false;
        }
        else if (!missingRetried)
        {
            missingRetried = true;
            reRegisterNow("the registrar's answer does not list our contact");
        }
    }

    /**
     * RFC 3581: where the registrar saw this answer's request come from (the top Via's received and rport, else
     * its sent-by). Our Contact follows it: the public address when it differs from the Via's own, else the local
     * one. True when the Contact changed.
     */
    private boolean observe(final SipMessage response)
    {
        final Via via = response.topVia();
        if (via == null || !via.isValid())
        {
            return false;
        }
        final InetAddress sentIp = IpLiterals.address(via.host());
        final BufferView received = via.received();
        final InetAddress seenIp = received == null ? sentIp : IpLiterals.address(received);
        if (sentIp == null || seenIp == null)
        {
            return false; // a name: never resolved, never trusted
        }
        final int sentPort = via.portOrDefault();
        final int seenPort = via.rport() > 0 ? via.rport() : sentPort;
        if (seenPort < 1 || seenPort > 65535)
        {
            return false; // port 0 parses but names nowhere: not an address to register
        }
        // on TCP/TLS the port seen is that of our connection: a Contact naming it leads the registrar's in-dialog
        // requests down the connection we keep open (behind a NAT nothing else reaches us)
        final boolean natted = !seenIp.equals(sentIp) || seenPort != sentPort;
        final String wanted = natted ? "sip:" + user + "@" + IpLiterals.uriHost(seenIp) + ":" + seenPort + contactParams :
            localContactUri;
        if (wanted.equals(contactUri))
        {
            return false;
        }
        contactUri = wanted;
        publicAddress = natted ? new InetSocketAddress(seenIp, seenPort) : null;
        listener.onNotice(line, !natted ? "no NAT: contact " + contactUri : layer.isReliable() ?
            "the registrar sees our connection at " + TransactionLayer.hostPort(publicAddress) :
            "public address " + TransactionLayer.hostPort(publicAddress) + " (behind a NAT)");
        return true;
    }

    /**
     * RFC 3261 §22.2: the first challenge of an attempt is answered, a later one only when stale (our credentials
     * were right, the nonce was not). True when the signed REGISTER went out.
     */
    private boolean answered(final SipMessage challenge)
    {
        if (auth == null || stopped || challenges >= MAX_CHALLENGES || !auth.onChallenge(challenge) ||
            (challenges > 0 && !auth.isStale()))
        {
            return false;
        }
        challenges++;
        if (auth.lastRealm() != null)
        {
            registrarRealm = auth.lastRealm();
            registrarWithoutQop = auth.lastWithoutQop();
        }
        send();
        return true;
    }

    /**
     * The realm our registrar challenges in: that of its last REGISTER challenge we answered, else the line's domain.
     * The line's other requests answer challenges only in this realm (anyone else's would be a stranger's).
     */
    public String registrarRealm()
    {
        return registrarRealm;
    }

    /**
     * True when the registrar's last challenge was the RFC 2069 form (no qop, an old registrar): only then may the
     * line's other requests answer one like it.
     */
    public boolean registrarWithoutQop()
    {
        return registrarWithoutQop;
    }

    /** A new attempt (first, refresh, retry after back-off, 423): its challenges are counted afresh. */
    private void attempt()
    {
        challenges = 0;
        send();
    }

    /** Challenges answered in the current attempt. */
    public int challengesAnswered()
    {
        return challenges;
    }

    private void failed(final int code)
    {
        lastStatus = code;
        schedule(timer.onFailure(timers.nowMs()));
        listener.onRegistration(line, isRegistered(), code, 0);
    }

    private void schedule(final long delayMs)
    {
        cancelTimer();
        if (!stopped && delayMs >= 0)
        {
            timerId = timers.schedule(delayMs, this);
            timerDueMs = timers.nowMs() + delayMs;
        }
    }

    private void cancelTimer()
    {
        timers.cancel(timerId);
        timerId = TimerService.NO_TIMER;
        urgentWaiting = false;
    }

    private void send()
    {
        if (pending != null && !pending.isTerminated())
        {
            return;
        }
        final SipMessageWriter w = writer.wrap(buffer, 0);
        w.requestLine(SipMethod.REGISTER, requestUri);
        w.startHeader(HeaderName.VIA).append(layer.viaPrefix()).append(";branch=").append(layer.newBranch())
            .append(";rport").endHeader();
        w.header(HeaderName.MAX_FORWARDS, SipRequests.DEFAULT_MAX_FORWARDS);
        w.startHeader(HeaderName.FROM).append("<sip:").append(user).append('@').append(domain).append(">;tag=")
            .append(ids.newTag()).endHeader();
        w.startHeader(HeaderName.TO).append("<sip:").append(user).append('@').append(domain).append('>').endHeader();
        w.header(HeaderName.CALL_ID, callId);
        w.startHeader(HeaderName.CSEQ).append(++cseq).append(" REGISTER").endHeader();
        w.startHeader(HeaderName.CONTACT).append('<').append(contactUri).append('>');
        if (boundContactUri != null && !boundContactUri.equals(contactUri))
        {
            // the Contact we registered before the NAT moved: unreachable now, so it goes (RFC 3261 10.2.2)
            w.append(", <").append(boundContactUri).append(">;expires=0");
        }
        w.endHeader();
        w.header(HeaderName.EXPIRES, expiresSeconds);
        w.header(HeaderName.USER_AGENT, "Voxline");
        if (auth != null)
        {
            auth.writeCredentials(w, "REGISTER", requestUri);
        }
        final int len = w.endHeaders();
        attempts++;
        if (len <= 0)
        {
            failed(500);
            return;
        }
        sentContactUri = contactUri;
        // a request the layer cannot send reports onTransportError (a timeout) on its next poll, never from here
        pending = layer.sendRequest(buffer, 0, len, registrar, this);
    }

    /** What the registrar granted our contact, in seconds; sets {@link #listed}. */
    private long granted(final SipMessage response)
    {
        listed = false;
        long mine = -1;
        long only = -1;
        int contacts = 0;
        for (int i = response.first(HeaderName.CONTACT); i >= 0; i = response.next(HeaderName.CONTACT, i))
        {
            if (!contact.parse(response, i) || contact.isWildcard())
            {
                continue;
            }
            contacts++;
            final long e = contact.expires();
            if (sameUri(contact, sentContactUri))
            {
                listed = true;
                if (e >= 0 && mine < 0)
                {
                    mine = e;
                }
                continue;
            }
            only = e;
        }
        if (mine >= 0)
        {
            return mine;
        }
        if (contacts == 1 && !listed)
        {
            listed = true; // one binding, not in our spelling: a registrar that rewrote our Contact
            if (only >= 0)
            {
                return only;
            }
        }
        final long header = response.expires();
        return header >= 0 ? header : expiresSeconds;
    }

    /** uri, compared with a's URI, both without their parameters and case (registrars add and reorder them). */
    private static boolean sameUri(final NameAddr a, final String uri)
    {
        final CharSequence text = a.uriText();
        int end = 0;
        while (end < text.length() && text.charAt(end) != ';' && text.charAt(end) != '?')
        {
            end++;
        }
        int uriEnd = uri == null ? -1 : uri.indexOf(';');
        uriEnd = uriEnd < 0 && uri != null ? uri.length() : uriEnd;
        if (uri == null || end != uriEnd)
        {
            return false;
        }
        for (int k = 0; k < end; k++)
        {
            if (Character.toLowerCase(text.charAt(k)) != Character.toLowerCase(uri.charAt(k)))
            {
                return false;
            }
        }
        return true;
    }

    private static long minExpires(final SipMessage response)
    {
        final int i = response.first(HeaderName.MIN_EXPIRES);
        return i < 0 ? -1 : response.leadingNumber(i);
    }
}
