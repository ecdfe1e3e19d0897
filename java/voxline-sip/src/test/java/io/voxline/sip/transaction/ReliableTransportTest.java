package io.voxline.sip.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.voxline.sip.message.SipMessage;

/**
 * The transaction layer on TCP/TLS (RFC 3261 18.2.2, 17.1.4): responses go back to the request's connection (its
 * source), not to the Via's sent-by port; a closed connection ends the client transactions it carried at once.
 */
class ReliableTransportTest
{
    /** A request's connection: the peer's ephemeral port, not the port its Via names. */
    private static final InetSocketAddress CONNECTION = new InetSocketAddress("127.0.0.1", 40001);

    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport tcp = new RecordingTransport(Wire.B, timers, "TCP");
    private final RecordingUser user = new RecordingUser();
    private final TransactionLayer layer = new TransactionLayer(tcp, timers, Wire.CONFIG, user);

    private static String overTcp(final String request)
    {
        return request.replace("SIP/2.0/UDP 127.0.0.1:5062", "SIP/2.0/TCP 127.0.0.1:5062");
    }

    @Test
    void responsesGoBackToTheRequestsConnectionWithOrWithoutRport()
    {
        for (final String via : List.of(";rport", ""))
        {
            tcp.clear();
            final String branch = "z9hG4bKr" + via.length();
            layer.onMessage(Wire.parse(overTcp(Wire.request("OPTIONS", "sip:127.0.0.2:5064", branch, 1)).replace(";rport", via)),
                CONNECTION);
            assertTrue(user.lastRequest().st.respond(200, null, "t"));
            assertEquals(CONNECTION, tcp.last().destination, "the connection, not the Via's port 5062 (via '" + via + "')");
            final SipMessage ok = tcp.last().message();
            assertEquals("SIP/2.0/TCP", "SIP/2.0/" + ok.topVia().transport());
        }
    }

    @Test
    void anInviteServerTransactionAnswersOnceOnTheConnectionAndNeverRetransmits()
    {
        layer.onMessage(Wire.parse(overTcp(Wire.invite("z9hG4bKi1"))), CONNECTION);
        user.lastRequest().st.respond(486, null, "t");
        timers.advance(Wire.CONFIG.timerBMs());
        assertEquals(1, tcp.count(), "no timer G on a reliable transport");
        assertEquals(CONNECTION, tcp.last().destination);
    }

    @Test
    void aStatelessAnswerFollowsTheSameRule()
    {
        final SipMessage request = Wire.parse(overTcp(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKs1", 1)));
        final org.agrona.concurrent.UnsafeBuffer bytes = Wire.buffer(Wire.response(request, 481, "t"));
        assertTrue(layer.respondStateless(bytes, 0, bytes.capacity(), request.topVia(), CONNECTION));
        assertEquals(CONNECTION, tcp.last().destination);

        final RecordingTransport udp = new RecordingTransport(Wire.B, timers);
        final TransactionLayer udpLayer = new TransactionLayer(udp, timers, Wire.CONFIG, user);
        final SipMessage noRport = Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKs2", 1).replace(";rport", ""));
        assertTrue(udpLayer.respondStateless(bytes, 0, bytes.capacity(), noRport.topVia(), CONNECTION));
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), udp.last().destination, "UDP: the Via's rules");
    }

    @Test
    void theReconnectAddressIsTheSourceIpAndTheSentByPortWithoutRport()
    {
        final SipMessage withRport = Wire.parse(overTcp(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKc1", 1)));
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), TransactionLayer.reconnectDestination(withRport.topVia(), CONNECTION),
            "nobody listens on the ephemeral port");
        final SipMessage tls = Wire.parse(Wire.request("OPTIONS", "sip:127.0.0.2", "z9hG4bKc2", 1)
            .replace("SIP/2.0/UDP 127.0.0.1:5062", "SIP/2.0/TLS 127.0.0.1"));
        assertEquals(new InetSocketAddress("127.0.0.1", 5061), TransactionLayer.reconnectDestination(tls.topVia(), CONNECTION));
    }

    @Test
    void aClosedConnectionEndsTheClientTransactionsWaitingOnIt()
    {
        final InetSocketAddress other = new InetSocketAddress("127.0.0.3", 5064);
        final RecordingListener invite = new RecordingListener();
        final RecordingListener options = new RecordingListener();
        final RecordingListener elsewhere = new RecordingListener();
        final RecordingListener answered = new RecordingListener();
        layer.sendRequest(Wire.buffer(Wire.invite("z9hG4bKc1")), 0, Wire.invite("z9hG4bKc1").length(), Wire.B, invite);
        final String opt = Wire.request("OPTIONS", "sip:127.0.0.2:5064", "z9hG4bKc2", 1);
        layer.sendRequest(Wire.buffer(opt), 0, opt.length(), Wire.B, options);
        final String opt3 = Wire.request("OPTIONS", "sip:127.0.0.3:5064", "z9hG4bKc3", 1);
        layer.sendRequest(Wire.buffer(opt3), 0, opt3.length(), other, elsewhere);
        final String opt4 = Wire.request("OPTIONS", "sip:127.0.0.2:5064", "z9hG4bKc4", 1);
        layer.sendRequest(Wire.buffer(opt4), 0, opt4.length(), Wire.B, answered);
        // the INVITE rings, one OPTIONS is answered (and on TCP ends at once)
        layer.onMessage(Wire.parse(Wire.response(Wire.parse(Wire.invite("z9hG4bKc1")), 180, "t")), Wire.B);
        layer.onMessage(Wire.parse(Wire.response(Wire.parse(opt4), 200, "t")), Wire.B);
        assertEquals(List.of(200), answered.codes);

        assertEquals(2, layer.onConnectionClosed(Wire.B, false));
        assertEquals(1, invite.transportErrors, "the ringing INVITE too: its final answer cannot come back");
        assertEquals(1, options.transportErrors);
        assertEquals(0, elsewhere.transportErrors + elsewhere.timeouts, "another destination's goes on");
        assertEquals(0, answered.transportErrors + answered.timeouts);
        assertEquals(1, layer.clientTransactionCount());
        assertEquals(2, layer.counters().connectionFailures());

        assertEquals(1, layer.onConnectionClosed(other, true));
        assertEquals(1, elsewhere.timeouts, "a connection that could not be made in time is a timeout");
        assertEquals(0, layer.clientTransactionCount());
        assertEquals(0, layer.onConnectionClosed(other, false), "nothing twice");
        timers.advance(Wire.CONFIG.timerBMs() * 2);
        assertEquals(1, invite.transportErrors + invite.timeouts, "and nothing later either");
        assertEquals(1, elsewhere.timeouts);
    }
}
