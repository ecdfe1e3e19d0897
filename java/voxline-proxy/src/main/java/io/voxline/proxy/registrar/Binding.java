package io.voxline.proxy.registrar;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipUri;
import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;
import io.voxline.sip.transaction.IpLiterals;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transport.TransportKind;

/**
 * One contact bound to an address-of-record: the Contact URI as registered (its bytes, so the proxy can
 * parse and copy it as a flyweight), where the REGISTER came from — the transport (by the element's index), the
 * source address and, over TCP/TLS, the connection, so requests for the phone can go back down the connection it
 * keeps open (through NAT) — when it expires and which Call-ID/CSeq last refreshed it (RFC 3261 §10.3 step 7).
 * Mutable only by the {@link LocationService} that owns it.
 */
public final class Binding
{
    private final String aor;
    private final String contactUri;
    private final UnsafeBuffer contactBytes;
    private final InetSocketAddress contactAddress;
    private InetSocketAddress source;
    private int transportIndex = -1;
    private long connectionId;
    private String callId;
    private long cseq;
    private long registeredAtMs;
    private long expiresAtMs;
    long timerId = TimerService.NO_TIMER;

    Binding(final String aor, final String contactUri)
    {
        this.aor = aor;
        this.contactUri = contactUri;
        this.contactBytes = new UnsafeBuffer(contactUri.getBytes(StandardCharsets.ISO_8859_1));
        this.contactAddress = ipAddress(contactBytes);
    }

    /** host:port of a Contact whose host is an IP literal (the port its transport implies when none), else null. */
    private static InetSocketAddress ipAddress(final UnsafeBuffer contact)
    {
        final SipUri uri = new SipUri();
        if (!uri.parse(contact, 0, contact.capacity()) || uri.hostType() == HostType.NAME)
        {
            return null;
        }
        final BufferView host = uri.hostAddress(new BufferView());
        if (host == null)
        {
            return null;
        }
        final TransportKind kind = TransportKind.forUri(uri);
        return IpLiterals.socketAddress(host, TransportKind.portFor(uri, kind == null ? TransportKind.UDP : kind));
    }

    /** Where the Contact itself points when its host is an IP literal, else null. */
    public InetSocketAddress contactAddress()
    {
        return contactAddress;
    }

    void refresh(
        final InetSocketAddress source, final int transportIndex, final long connectionId, final String callId, final long cseq,
        final long nowMs, final long expiresAtMs)
    {
        this.source = source;
        this.transportIndex = transportIndex;
        this.connectionId = connectionId;
        this.callId = callId;
        this.cseq = cseq;
        this.registeredAtMs = nowMs;
        this.expiresAtMs = expiresAtMs;
    }

    /** "user@domain" (the domain in lower case). */
    public String aor()
    {
        return aor;
    }

    /** The Contact URI as registered, without angle brackets or header parameters. */
    public String contactUri()
    {
        return contactUri;
    }

    /** The Contact URI's bytes [0, capacity): for flyweights and writers. */
    public DirectBuffer contactBytes()
    {
        return contactBytes;
    }

    /** Where the REGISTER that last refreshed this binding came from. */
    public InetSocketAddress source()
    {
        return source;
    }

    /** The index of the transport the REGISTER came in on (the element's order of listeners), or -1 when unknown. */
    public int transportIndex()
    {
        return transportIndex;
    }

    /** The TCP/TLS connection the REGISTER came in on, or 0 (UDP, or unknown). */
    public long connectionId()
    {
        return connectionId;
    }

    public String callId()
    {
        return callId;
    }

    public long cseq()
    {
        return cseq;
    }

    public long registeredAtMs()
    {
        return registeredAtMs;
    }

    public long expiresAtMs()
    {
        return expiresAtMs;
    }

    /** Seconds left at nowMs, rounded up, never negative. */
    public long remainingSeconds(final long nowMs)
    {
        final long left = expiresAtMs - nowMs;
        return left <= 0 ? 0 : (left + 999) / 1000;
    }

    @Override
    public String toString()
    {
        return aor + " -> " + contactUri + " (until " + expiresAtMs + ")";
    }
}
