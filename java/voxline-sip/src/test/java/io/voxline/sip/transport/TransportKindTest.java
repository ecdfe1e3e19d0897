package io.voxline.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipUri;
import io.voxline.sip.message.Via;

class TransportKindTest
{
    private static SipUri uri(final String text)
    {
        final SipUri u = new SipUri();
        final UnsafeBuffer b = StreamHarness.buffer(text);
        assertTrue(u.parse(b, 0, text.length()), text);
        return u;
    }

    private static Via via(final String text)
    {
        final Via v = new Via();
        final UnsafeBuffer b = StreamHarness.buffer(text);
        assertTrue(v.parse(b, 0, text.length()), text);
        return v;
    }

    @Test
    void aUriPicksItsTransportByParameterElseByScheme()
    {
        assertEquals(TransportKind.UDP, TransportKind.forUri(uri("sip:bob@127.0.0.1")));
        assertEquals(TransportKind.TCP, TransportKind.forUri(uri("sip:bob@127.0.0.1;transport=tcp")));
        assertEquals(TransportKind.TCP, TransportKind.forUri(uri("sip:bob@127.0.0.1:5080;TRANSPORT=TCP;lr")));
        assertEquals(TransportKind.UDP, TransportKind.forUri(uri("sip:bob@127.0.0.1;transport=udp")));
        assertEquals(TransportKind.TLS, TransportKind.forUri(uri("sip:bob@127.0.0.1;transport=tls")));
        assertEquals(TransportKind.TLS, TransportKind.forUri(uri("sips:bob@127.0.0.1")));
        assertEquals(TransportKind.TLS, TransportKind.forUri(uri("sips:bob@127.0.0.1;transport=tcp")), "sips over TCP is TLS");
        assertNull(TransportKind.forUri(uri("sips:bob@127.0.0.1;transport=udp")), "sips cannot go on UDP");
        assertNull(TransportKind.forUri(uri("sip:bob@127.0.0.1;transport=sctp")), "not spoken here");
        assertNull(TransportKind.forUri(uri("tel:+15551234")));
        assertNull(TransportKind.forUri(null));
    }

    @Test
    void portsDefaultByTransport()
    {
        assertEquals(5060, TransportKind.portFor(uri("sip:bob@127.0.0.1;transport=tcp"), TransportKind.TCP));
        assertEquals(5061, TransportKind.portFor(uri("sips:bob@127.0.0.1"), TransportKind.TLS));
        assertEquals(5061, TransportKind.portFor(uri("sip:bob@127.0.0.1;transport=tls"), TransportKind.TLS));
        assertEquals(5090, TransportKind.portFor(uri("sips:bob@127.0.0.1:5090"), TransportKind.TLS));
    }

    @Test
    void aViaNamesTheTransportOfItsHop()
    {
        assertEquals(TransportKind.TCP, TransportKind.fromVia(via("SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1")));
        assertEquals(TransportKind.TLS, TransportKind.fromVia(via("SIP/2.0/tls 127.0.0.1;branch=z9hG4bK1")));
        assertEquals(TransportKind.UDP, TransportKind.fromVia(via("SIP/2.0/UDP [::1]:5070;rport;branch=z9hG4bK1")));
        assertNull(TransportKind.fromVia(via("SIP/2.0/SCTP 127.0.0.1;branch=z9hG4bK1")));
        assertNull(TransportKind.fromVia(new Via()));
    }

    @Test
    void kindsKnowTheirNamesPortsAndReliability()
    {
        assertFalse(TransportKind.UDP.isReliable());
        assertTrue(TransportKind.TCP.isReliable() && TransportKind.TLS.isReliable() && TransportKind.TLS.isSecure());
        assertEquals("tls", TransportKind.TLS.uriParam());
        assertEquals(TransportKind.TCP, TransportKind.fromProtocol("tcp"));
        assertNull(TransportKind.fromProtocol("WS"));
        try (UdpTransport udp = UdpTransport.bind(new InetSocketAddress("127.0.0.1", 0));
            TcpTransport tcp = TcpTransport.bind(new InetSocketAddress("127.0.0.1", 0)))
        {
            assertEquals(TransportKind.UDP, TransportKind.of(udp));
            assertEquals(TransportKind.TCP, TransportKind.of(tcp));
        }
    }
}
