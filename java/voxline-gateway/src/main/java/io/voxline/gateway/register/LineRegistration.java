package io.voxline.gateway.register;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.auth.DigestClient;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.NameAddr;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * Keeps one line registered (RFC 3261 §10.2): REGISTER sip:DOMAIN to the line's registrar with To and From
 * sip:USER@DOMAIN, Contact &lt;sip:USER@IP:PORT&gt; and Expires; one Call-ID for the line's whole life and a
 * CSeq that rises with every REGISTER. The granted expiry is read from the 2xx (our Contact's expires
 * parameter, else the Expires header, else what we asked); {@link RegistrationTimer} says when to refresh or
 * retry. A 423 is retried at once with its Min-Expires.
 *
 * <p>Digest authentication (RFC 3261 §22, with a {@link DigestClient} when the line has a password): a 401/407 is
 * answered at once with a new REGISTER (CSeq + 1, new branch, credentials); a further challenge is answered again
 * only when it says stale=true, and at most {@link #MAX_CHALLENGES} times for one attempt; otherwise the failure is
 * final and backs off like any other. The nonce is kept, so refreshes are signed from the start and cost no extra
 * round trip while the registrar still takes it. Without a password a 401/407 is a failure. Runs on the reactor
 * thread.
 */
public final class LineRegistration implements ClientTransactionListener, TimerService.Handler
{
    /** Says what happened, for the journal's signal entries. */
    @FunctionalInterface
    public interface Listener
    {
        void onRegistration(int line, boolean registered, int statusCode, long expiresSeconds);
    }

    /** The longest expiry a 423's Min-Expires may push us to (a day). */
    static final long MAX_EXPIRES = 86_400;
    /** Challenges answered for one attempt: the first, and stale ones after it, never in a loop. */
    public static final int MAX_CHALLENGES = 3;

    private final int line;
    private final String user;
    private final String domain;
    private final InetSocketAddress registrar;
    private final String contactUri;
    private final TransactionLayer layer;
    private final TimerService timers;
    private final SipIds ids;
    private final Listener listener;
    private final DigestClient auth;
    private final String requestUri;
    private final RegistrationTimer timer = new RegistrationTimer();
    private final String callId;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private final NameAddr contact = new NameAddr();
    private long expiresSeconds;
    private long cseq;
    private long timerId = TimerService.NO_TIMER;
    private ClientTransaction pending;
    private boolean stopped = true;
    private int lastStatus;
    private long attempts;
    /** Challenges answered since the attempt began. */
    private int challenges;

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
        this.contactUri = contactUri;
        this.expiresSeconds = expiresSeconds;
        this.layer = layer;
        this.timers = layer.timers();
        this.ids = ids;
        this.listener = listener;
        this.auth = auth;
        this.requestUri = "sip:" + domain;
        this.callId = ids.newCallId(layer.transport().localAddress().getAddress().getHostAddress());
        this.cseq = 0;
    }

    /** Sends the first REGISTER now. */
    public void start()
    {
        stopped = false;
        attempt();
    }

    /** Stops refreshing (the binding lapses at its expiry). */
    public void stop()
    {
        stopped = true;
        timers.cancel(timerId);
        timerId = TimerService.NO_TIMER;
    }

    public boolean isRegistered()
    {
        return timer.isRegistered(timers.nowMs());
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

    @Override
    public void onTimer(final long id)
    {
        if (id == timerId)
        {
            timerId = TimerService.NO_TIMER;
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
        if ((code == 401 || code == 407) && answered(response))
        {
            return;
        }
        lastStatus = code;
        if (code < 300)
        {
            final long granted = granted(response);
            schedule(timer.onSuccess(timers.nowMs(), granted));
            listener.onRegistration(line, granted > 0, code, granted);
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
            failed(408);
        }
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
        send();
        return true;
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
        timers.cancel(timerId);
        timerId = stopped || delayMs < 0 ? TimerService.NO_TIMER : timers.schedule(delayMs, this);
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
        w.startHeader(HeaderName.CONTACT).append('<').append(contactUri).append('>').endHeader();
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
        // a request the layer cannot send reports onTransportError (a timeout) on its next poll, never from here
        pending = layer.sendRequest(buffer, 0, len, registrar, this);
    }

    /** What the registrar granted our contact, in seconds. */
    private long granted(final SipMessage response)
    {
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
            if (sameUri(contact) && e >= 0)
            {
                return e;
            }
            only = e;
        }
        if (contacts == 1 && only >= 0)
        {
            return only;
        }
        final long header = response.expires();
        return header >= 0 ? header : expiresSeconds;
    }

    /** Our contact's URI, compared without its parameters and case (registrars add and reorder them). */
    private boolean sameUri(final NameAddr a)
    {
        final CharSequence text = a.uriText();
        int end = 0;
        while (end < text.length() && text.charAt(end) != ';' && text.charAt(end) != '?')
        {
            end++;
        }
        if (end != contactUri.length())
        {
            return false;
        }
        for (int k = 0; k < end; k++)
        {
            if (Character.toLowerCase(text.charAt(k)) != Character.toLowerCase(contactUri.charAt(k)))
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
