package io.voxline.gateway.register;

import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipRequests;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transport.StreamTransport;

/**
 * What keeps a registered line reachable between refreshes, for its {@link LineRegistration}:
 * <ul>
 * <li>a CRLF keepalive ("\r\n\r\n", RFC 5626 §3.5.1) to the registrar every keepalive interval, each drawn
 *     between 80 % and 100 % of it (RFC 5626 §4.4.1) so routers behind one NAT do not send in step: the NAT's
 *     UDP binding, through which the registrar reaches us, never idles out. Registrars drop it unanswered.</li>
 * <li>an OPTIONS ping to the registrar every ping interval: any final answer (even 4xx) says it is there and
 *     shows our public address in its Via; no answer before timer F is reported as a timeout.</li>
 * </ul>
 * Runs while the owner's binding holds; stops itself when it lapses. On the reactor thread.
 *
 * <p>On TCP/TLS (RFC 5626 §3.5.1, §4.4.1) the keepalive is a CRLFCRLF ping down the connection the line registered
 * over, never a reason to open one; when pongs are reported ({@link #expectPongs}), a ping without a pong within
 * {@link LineRegistration#PONG_WAIT_MS} fails the flow ({@link Owner#onNoPong}).
 */
final class RegistrarProbe implements TimerService.Handler, ClientTransactionListener
{
    /** What the probe tells its registration. */
    interface Owner
    {
        /** True while a binding holds: the probe runs only then. */
        boolean holdsBinding();

        /** A ping got a final answer. */
        void onPingAnswered(SipMessage response);

        /** A ping got no answer (timer F) or could not be sent. */
        void onPingTimedOut();

        /** A CRLF ping on a TCP/TLS flow got no pong in time: the flow has failed. */
        void onNoPong();
    }

    static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    private final Owner owner;
    private final String user;
    private final String domain;
    private final InetSocketAddress registrar;
    private final String requestUri;
    private final TransactionLayer layer;
    private final TimerService timers;
    private final SipIds ids;
    private final RandomGenerator random;
    private final String callId;
    private final UnsafeBuffer keepalive = new UnsafeBuffer(CRLF_CRLF.clone());
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private final SipMessageWriter writer = new SipMessageWriter();
    private long keepaliveMs;
    private long pingMs;
    private long keepaliveTimer = TimerService.NO_TIMER;
    private long pingTimer = TimerService.NO_TIMER;
    private long pongTimer = TimerService.NO_TIMER;
    private boolean expectPongs;
    private ClientTransaction pendingPing;
    private boolean running;
    private long cseq;
    private long keepalivesSent;
    private long pingsSent;

    RegistrarProbe(
        final Owner owner,
        final String user,
        final String domain,
        final InetSocketAddress registrar,
        final TransactionLayer layer,
        final SipIds ids,
        final RandomGenerator random)
    {
        this.owner = owner;
        this.user = user;
        this.domain = domain;
        this.registrar = registrar;
        this.requestUri = "sip:" + TransactionLayer.hostPort(registrar);
        this.layer = layer;
        this.timers = layer.timers();
        this.ids = ids;
        this.random = random;
        this.callId = ids.newCallId(layer.transport().localAddress().getAddress().getHostAddress());
    }

    /** Intervals in milliseconds, 0 for off; takes effect at the next start. */
    void intervals(final long keepaliveMs, final long pingMs)
    {
        this.keepaliveMs = Math.max(0, keepaliveMs);
        this.pingMs = Math.max(0, pingMs);
    }

    /** On a stream: whether each ping's pong is reported, so that a missing one fails the flow. */
    void expectPongs(final boolean expect)
    {
        this.expectPongs = expect;
    }

    /** The pong for our ping came. */
    void onPong()
    {
        timers.cancel(pongTimer);
        pongTimer = TimerService.NO_TIMER;
    }

    /** The flow closed: no pong will come on it. */
    void onFlowClosed()
    {
        onPong();
    }

    /** Starts both cadences unless they run already. */
    void start()
    {
        if (running)
        {
            return;
        }
        running = true;
        if (keepaliveMs > 0)
        {
            keepaliveTimer = timers.schedule(nextKeepaliveMs(), this);
        }
        if (pingMs > 0)
        {
            pingTimer = timers.schedule(pingMs, this);
        }
    }

    void stop()
    {
        running = false;
        timers.cancel(keepaliveTimer);
        timers.cancel(pingTimer);
        timers.cancel(pongTimer);
        keepaliveTimer = TimerService.NO_TIMER;
        pingTimer = TimerService.NO_TIMER;
        pongTimer = TimerService.NO_TIMER;
        pendingPing = null; // its answer, if any, is no longer ours to report
    }

    boolean isRunning()
    {
        return running;
    }

    long keepalivesSent()
    {
        return keepalivesSent;
    }

    long pingsSent()
    {
        return pingsSent;
    }

    @Override
    public void onTimer(final long id)
    {
        if (id == pongTimer && id != TimerService.NO_TIMER)
        {
            pongTimer = TimerService.NO_TIMER;
            owner.onNoPong();
            return;
        }
        if (id != keepaliveTimer && id != pingTimer)
        {
            return;
        }
        if (!owner.holdsBinding())
        {
            stop();
            return;
        }
        if (id == keepaliveTimer)
        {
            sendKeepalive();
            keepaliveTimer = timers.schedule(nextKeepaliveMs(), this);
        }
        else
        {
            if (pendingPing == null || pendingPing.isTerminated())
            {
                ping();
            }
            pingTimer = timers.schedule(pingMs, this);
        }
    }

    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        if (transaction == pendingPing && response.statusCode() >= 200)
        {
            pendingPing = null;
            owner.onPingAnswered(response);
        }
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        if (transaction == pendingPing)
        {
            pendingPing = null;
            owner.onPingTimedOut();
        }
    }

    /**
     * UDP: a CRLFCRLF datagram. TCP/TLS: a ping down the open connection to the registrar (none: nothing to keep,
     * its closing has been reported), and with pongs reported, a wait for the pong unless one is waited for already.
     */
    private void sendKeepalive()
    {
        if (!layer.isReliable())
        {
            layer.sendStateless(keepalive, 0, CRLF_CRLF.length, registrar);
            keepalivesSent++;
            return;
        }
        final boolean sent = layer.transport() instanceof StreamTransport stream ? stream.sendPing(registrar) :
            layer.sendStateless(keepalive, 0, CRLF_CRLF.length, registrar);
        if (!sent)
        {
            return;
        }
        keepalivesSent++;
        if (expectPongs && pongTimer == TimerService.NO_TIMER)
        {
            pongTimer = timers.schedule(LineRegistration.PONG_WAIT_MS, this);
        }
    }

    /** Between 80 % and 100 % of the interval. */
    private long nextKeepaliveMs()
    {
        return keepaliveMs - (long)(keepaliveMs * 0.2 * random.nextDouble());
    }

    /** OPTIONS sip:REGISTRAR: asks the registrar itself, not a user, so it is answered there and never forwarded. */
    private void ping()
    {
        final SipMessageWriter w = writer.wrap(buffer, 0);
        w.requestLine(SipMethod.OPTIONS, requestUri);
        w.startHeader(HeaderName.VIA).append(layer.viaPrefix()).append(";branch=").append(layer.newBranch())
            .append(";rport").endHeader();
        w.header(HeaderName.MAX_FORWARDS, SipRequests.DEFAULT_MAX_FORWARDS);
        w.startHeader(HeaderName.FROM).append("<sip:").append(user).append('@').append(domain).append(">;tag=")
            .append(ids.newTag()).endHeader();
        w.startHeader(HeaderName.TO).append('<').append(requestUri).append('>').endHeader();
        w.header(HeaderName.CALL_ID, callId);
        w.startHeader(HeaderName.CSEQ).append(++cseq).append(" OPTIONS").endHeader();
        w.header(HeaderName.USER_AGENT, "Voxline");
        final int len = w.endHeaders();
        if (len <= 0)
        {
            return;
        }
        pingsSent++;
        // a ping the layer cannot send times out on its next poll, as one that was never answered
        pendingPing = layer.sendRequest(buffer, 0, len, registrar, this);
    }
}
