package io.voxline.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.TransportKind;

/** Listen addresses with their transport and next hops with theirs, as people write them; names never resolved. */
class EndpointsTest
{
    @Test
    void aListenerNamesItsTransportAndThePortDefaultsByIt()
    {
        assertEquals(new Endpoints.Listen(TransportKind.UDP, new InetSocketAddress("127.0.0.1", 5070)), Endpoints.listener("udp:127.0.0.1:5070"));
        assertEquals(new Endpoints.Listen(TransportKind.TCP, new InetSocketAddress("127.0.0.1", 5060)), Endpoints.listener("TCP:127.0.0.1"));
        assertEquals(new Endpoints.Listen(TransportKind.TLS, new InetSocketAddress("127.0.0.1", 5061)), Endpoints.listener("tls:127.0.0.1"));
        assertEquals(new Endpoints.Listen(TransportKind.TLS, new InetSocketAddress("::1", 5081)), Endpoints.listener("tls:[::1]:5081"));
        assertEquals("tcp:127.0.0.1:5060", Endpoints.listener("tcp:127.0.0.1:5060").toString());
    }

    @Test
    void aBadListenerSaysWhy()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.listener("sctp:127.0.0.1:5060")).getMessage()
            .contains("'sctp' is not supported (udp, tcp or tls)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.listener("127.0.0.1")).getMessage()
            .contains("is not TRANSPORT:IP:PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.listener("tcp:localhost:5060")).getMessage()
            .contains("'localhost' is a name"));
        // an element that serves UDP only keeps saying so
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.listen("tcp:127.0.0.1:5060")).getMessage()
            .contains("not supported"));
    }

    @Test
    void aNextHopsTransportComesFromItsUri()
    {
        assertEquals(new Endpoints.Hop(TransportKind.UDP, new InetSocketAddress("127.0.0.1", 5060)), Endpoints.nextHop("sip:127.0.0.1"));
        assertEquals(new Endpoints.Hop(TransportKind.TCP, new InetSocketAddress("127.0.0.1", 5080)),
            Endpoints.nextHop("sip:127.0.0.1:5080;transport=tcp"));
        assertEquals(new Endpoints.Hop(TransportKind.TLS, new InetSocketAddress("127.0.0.1", 5061)), Endpoints.nextHop("sips:127.0.0.1"));
        assertEquals(new Endpoints.Hop(TransportKind.TLS, new InetSocketAddress("127.0.0.1", 5061)),
            Endpoints.nextHop("sip:gw@127.0.0.1;lr;transport=TLS"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.nextHop("sips:127.0.0.1;transport=udp")).getMessage()
            .contains("cannot go over UDP"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.nextHop("sip:127.0.0.1;transport=sctp")).getMessage()
            .contains("'sctp' is not supported"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoints.nextHop("tel:+15551234")).getMessage()
            .contains("is not a sip: or sips: URI"));
    }
}
