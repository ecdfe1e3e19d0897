package io.voxline.sip.transport;

import static io.voxline.sip.transport.StreamHarness.await;
import static io.voxline.sip.transport.StreamHarness.buffer;
import static io.voxline.sip.transport.StreamHarness.readMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.sip.transport.StreamHarness.Received;

class TcpTransportTest
{
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

    private final StreamHarness harness = new StreamHarness();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void tearDown() throws IOException
    {
        for (final Socket s : sockets)
        {
            s.close();
        }
        harness.close();
    }

    static String request(final String method, final String callId)
    {
        return method + " sip:bob@127.0.0.1 SIP/2.0\r\n" +
            "Via: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK" + callId + "\r\n" +
            "Call-ID: " + callId + "\r\n" +
            "CSeq: 1 " + method + "\r\n" +
            "Content-Length: 0\r\n\r\n";
    }

    static String ok(final String request)
    {
        final int i = request.indexOf("Call-ID: ") + 9;
        final String callId = request.substring(i, request.indexOf('\r', i));
        return "SIP/2.0 200 OK\r\nCall-ID: " + callId + "\r\nContent-Length: 2\r\n\r\nok";
    }

    /** Answers every request 200 on the transport it came in on, addressed to its source. */
    private void answerRequests(final StreamTransport... byIndex)
    {
        harness.responder(r ->
        {
            if (!r.text().startsWith("SIP/2.0"))
            {
                final String answer = ok(r.text());
                assertTrue(byIndex[r.transportIndex()].send(buffer(answer), 0, answer.length(), r.remote()));
            }
        });
    }

    private Socket connect(final StreamTransport t) throws IOException
    {
        final Socket s = new Socket();
        sockets.add(s);
        s.setTcpNoDelay(true);
        s.setSoTimeout((int)StreamHarness.WAIT_S * 1000);
        s.connect(t.localAddress());
        return s;
    }

    /** A connection whose source is another loopback address: another host as far as the transport can tell. */
    private Socket connectFrom(final String ip, final StreamTransport t) throws IOException
    {
        final Socket s = new Socket();
        sockets.add(s);
        s.setTcpNoDelay(true);
        s.setSoTimeout((int)StreamHarness.WAIT_S * 1000);
        s.bind(new InetSocketAddress(ip, 0));
        s.connect(t.localAddress());
        return s;
    }

    private static void write(final Socket s, final String text) throws IOException
    {
        final OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** True when the server closed the socket (end of stream or reset). */
    private static boolean closedByPeer(final Socket s) throws IOException
    {
        try
        {
            final InputStream in = s.getInputStream();
            int b;
            while ((b = in.read()) >= 0)
            {
                // drain whatever was sent before the close
                assertTrue(b >= 0);
            }
            return true;
        }
        catch (final SocketException ex)
        {
            return true;
        }
    }

    @Test
    void aRequestIsAnsweredOnTheConnectionItCameIn() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK), 3);
        answerRequests(null, null, null, server);
        final Socket client = connect(server);
        write(client, request("OPTIONS", "a1"));

        final Received r = harness.take();
        assertEquals(3, r.transportIndex());
        assertTrue(r.connectionId() > 0);
        assertEquals(client.getLocalPort(), r.remote().getPort());
        assertEquals(request("OPTIONS", "a1"), r.text());
        assertEquals(ok(request("OPTIONS", "a1")), readMessage(client.getInputStream()));
        assertEquals("TCP", server.protocol());
        assertEquals(1, server.accepted());
        assertEquals(1, server.openConnections());
        assertEquals(r.connectionId(), harness.onOwner(() -> server.connectionId(r.remote())));
    }

    @Test
    void aMessageSplitIntoSingleBytesAndMessagesMergedInOneWriteAreFramedExactly() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK), 0);
        final Socket client = connect(server);
        final String body = "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nCall-ID: split\r\nContent-Length: 14\r\n\r\nhello\r\n\r\nworld";
        for (final byte b : body.getBytes(StandardCharsets.ISO_8859_1))
        {
            client.getOutputStream().write(b);
            client.getOutputStream().flush();
        }
        final Received split = harness.take();
        assertEquals(body, split.text());

        write(client, request("OPTIONS", "m1") + body + "\r\n\r\n" + request("INFO", "m2"));
        assertEquals(request("OPTIONS", "m1"), harness.take().text());
        assertEquals(body, harness.take().text());
        final Received last = harness.take();
        assertEquals(request("INFO", "m2"), last.text());
        assertEquals(split.connectionId(), last.connectionId(), "all on one connection");
        assertEquals(4, server.messagesReceived());
    }

    @Test
    void aDoubleCrlfPingIsAnsweredWithAPongAndALoneCrlfIsIgnored() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK), 0);
        answerRequests(server);
        final Socket client = connect(server);
        write(client, "\r\n\r\n");
        final InputStream in = client.getInputStream();
        assertEquals('\r', in.read());
        assertEquals('\n', in.read());
        assertEquals(1, server.pingsAnswered());

        write(client, "\r\n" + request("OPTIONS", "k1"));
        assertEquals(ok(request("OPTIONS", "k1")), readMessage(in), "no pong for a lone CRLF: the answer comes first");
        assertEquals(1, server.pingsAnswered());
    }

    @Test
    void aMessageOverTheLimitClosesTheConnection() throws Exception
    {
        final TcpTransport server = harness.add(
            TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxMessageBytes(512)), 0);
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        harness.onOwner(() ->
        {
            server.listener((t, id, remote, inbound, reason) -> reasons.add(reason));
            return null;
        });
        final Socket client = connect(server);
        write(client, "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nContent-Length: 5000\r\n\r\n");
        assertTrue(closedByPeer(client));
        await("the closing reaches the owner", () -> reasons.size() == 1);
        assertEquals(List.of(CloseReason.BAD_FRAMING), reasons);
        assertEquals(1, server.framingErrors());

        final Socket endless = connect(server);
        write(endless, "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nX: " + "a".repeat(600));
        assertTrue(closedByPeer(endless), "a header that never ends within the limit");
        assertEquals(0, server.messagesReceived());
    }

    @Test
    void requestsToOneDestinationReuseOneConnectionAndResponsesComeBackOnIt() throws Exception
    {
        final TcpTransport a = harness.add(TcpTransport.bind(ANY_LOOPBACK), 0);
        final TcpTransport b = harness.add(TcpTransport.bind(ANY_LOOPBACK), 1);
        answerRequests(a, b);

        assertTrue(harness.send(a, request("OPTIONS", "r1"), b.localAddress()));
        assertTrue(harness.send(a, request("OPTIONS", "r2"), b.localAddress()));
        final List<Received> requests = new ArrayList<>();
        final List<Received> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            final Received r = harness.take();
            (r.transportIndex() == 1 ? requests : responses).add(r);
        }
        assertEquals(2, requests.size(), "b got the requests, a the responses");
        final Received req1 = requests.get(0);
        final Received req2 = requests.get(1);
        final Received resp1 = responses.get(0);
        final Received resp2 = responses.get(1);
        assertEquals(request("OPTIONS", "r1"), req1.text(), "in order");
        assertEquals(req1.connectionId(), req2.connectionId(), "the server saw one connection");
        assertEquals(resp1.connectionId(), resp2.connectionId(), "the client saw one connection");
        assertEquals(resp1.connectionId(), harness.onOwner(() -> a.connectionId(b.localAddress())));
        assertNotEquals(req1.connectionId(), resp1.connectionId(), "two ends, two ids");
        assertEquals(b.localAddress(), resp1.remote());
        assertEquals(ok(request("OPTIONS", "r2")), resp2.text());
        assertEquals(1, a.connected());
        assertEquals(1, b.accepted());
        assertEquals(0, a.accepted());
        assertEquals(1, a.openConnections());

        // a request the other way to the client's listener is a new connection: its ephemeral port is no listener
        assertTrue(harness.send(b, request("NOTIFY", "r3"), a.localAddress()));
        final Received notify = harness.take();
        assertEquals(0, notify.transportIndex());
        assertNotEquals(resp1.connectionId(), notify.connectionId());
        assertEquals(1, a.accepted());
        harness.take();
    }

    @Test
    void aResponseWhoseConnectionIsGoneGoesToTheViaAddressInstead() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK), 0);
        final TcpTransport client = harness.add(TcpTransport.bind(ANY_LOOPBACK), 1);
        final Socket raw = connect(server);
        write(raw, request("INVITE", "f1"));
        final Received invite = harness.take();

        final String answer = ok(invite.text());
        final UnsafeBuffer bytes = buffer(answer);
        assertTrue(harness.onOwner(() -> server.sendResponse(bytes, 0, answer.length(), invite.remote(), client.localAddress())));
        assertEquals(answer, readMessage(raw.getInputStream()), "while open: on the request's connection");

        raw.close();
        await("the server sees the close", () -> server.openConnections() == 0);
        await("the owner forgets it", () -> !harness.onOwner(() -> server.hasConnection(invite.remote())));
        assertFalse(harness.onOwner(() -> server.sendOn(invite.connectionId(), bytes, 0, answer.length())));
        assertTrue(harness.onOwner(() -> server.sendResponse(bytes, 0, answer.length(), invite.remote(), client.localAddress())));
        final Received fallback = harness.take();
        assertEquals(1, fallback.transportIndex(), "arrived at the Via's address, on a new connection");
        assertEquals(answer, fallback.text());
    }

    @Test
    void aConnectionIdleForTheIdleTimeoutIsClosedAndTrafficKeepsItOpen() throws Exception
    {
        final TcpTransport server = harness.add(
            TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withIdleTimeoutMs(30_000)), 0);
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        harness.onOwner(() ->
        {
            server.listener((t, id, remote, inbound, reason) -> reasons.add(reason));
            return null;
        });
        final Socket client = connect(server);
        write(client, request("OPTIONS", "i1"));
        harness.take();
        harness.advance(20_000);
        write(client, request("OPTIONS", "i2"));
        harness.take();
        harness.advance(20_000);
        // 40 s since the first message, 20 s since the last: still open
        write(client, request("OPTIONS", "i3"));
        assertEquals(request("OPTIONS", "i3"), harness.take().text());
        assertEquals(0, server.idleCloses());

        harness.advance(30_001);
        assertTrue(closedByPeer(client));
        await("the owner hears of it", () -> reasons.size() == 1);
        assertEquals(List.of(CloseReason.IDLE), reasons);
        assertEquals(1, server.idleCloses());
        assertEquals(0, server.openConnections());
    }

    @Test
    void silentAndSlowConnectionsAreClosedAfterTheHeaderTimeoutButCallersStay() throws Exception
    {
        final TcpTransport server = harness.add(
            TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withHeaderTimeoutMs(10_000)), 0);
        answerRequests(server);
        final Socket silent = connect(server);
        final Socket slow = connect(server);
        write(slow, "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1");
        final Socket caller = connect(server);
        write(caller, request("OPTIONS", "h1"));
        harness.take();
        assertEquals(ok(request("OPTIONS", "h1")), readMessage(caller.getInputStream()));
        await("three connections", () -> server.openConnections() == 3);

        harness.advance(10_001);
        assertTrue(closedByPeer(silent), "never sent a message");
        assertTrue(closedByPeer(slow), "never finished its message");
        write(caller, request("OPTIONS", "h2"));
        assertEquals(ok(request("OPTIONS", "h2")), readMessage(caller.getInputStream()), "a proven caller stays");
        assertEquals(2, server.headerTimeouts());

        // even a proven connection must finish a message it began
        final String partial = "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n";
        write(caller, partial);
        final long total = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1".length() +
            request("OPTIONS", "h1").length() + request("OPTIONS", "h2").length() + partial.length();
        await("the partial message is read", () -> server.bytesReceived() == total);
        harness.advance(10_001);
        assertTrue(closedByPeer(caller));
        assertEquals(3, server.headerTimeouts());
    }

    @Test
    void aFloodOfHalfOpenConnectionsDoesNotStarveARealCaller() throws Exception
    {
        // every connection here comes from 127.0.0.1: this is the order of eviction within one source
        final TcpTransport server = harness.add(
            TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxConnections(8).withMaxConnectionsPerSource(64)), 0);
        answerRequests(server);
        for (int i = 0; i < 12; i++)
        {
            final Socket s = connect(server);
            if (i % 3 == 0)
            {
                write(s, "REGISTER sip:127.0.0.1 SIP/2.0\r\nContent-Len");
            }
        }
        await("the flood is accepted", () -> server.accepted() == 12);
        assertEquals(8, server.openConnections());
        assertEquals(4, server.evictions());

        final Socket caller = connect(server);
        write(caller, request("INVITE", "flood1"));
        assertEquals(ok(request("INVITE", "flood1")), readMessage(caller.getInputStream()));

        for (int i = 0; i < 16; i++)
        {
            connect(server);
        }
        await("the second wave is accepted", () -> server.accepted() == 29);
        assertEquals(8, server.openConnections());
        write(caller, request("BYE", "flood1"));
        assertEquals(ok(request("BYE", "flood1")), readMessage(caller.getInputStream()), "the caller kept its connection");
        assertEquals(21, server.evictions(), "only strangers were evicted");
    }

    @Test
    void aSourceAtItsConnectionCapIsRefusedWhileAnotherSourceStillConnects() throws Exception
    {
        final TcpTransport server = harness.add(
            TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxConnectionsPerSource(3)), 0);
        answerRequests(server);
        final List<Socket> first = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            // silent ones count too: the cap is on connections, not on callers
            first.add(connect(server));
        }
        await("three accepted", () -> server.accepted() == 3);
        for (int i = 0; i < 2; i++)
        {
            final Socket over = connect(server);
            assertTrue(closedByPeer(over), "closed at accept");
        }
        assertEquals(2, server.sourceRefusals());
        assertEquals(3, server.accepted(), "the owner never heard of the refused ones");
        assertEquals(3, server.openConnections());

        final Socket other = connectFrom("127.0.0.2", server);
        write(other, request("INVITE", "cap1"));
        assertEquals(ok(request("INVITE", "cap1")), readMessage(other.getInputStream()), "another source is served");

        // a connection of the capped source that ends frees its place
        first.get(0).close();
        await("its close is seen", () -> server.openConnections() == 3);
        final Socket again = connect(server);
        write(again, request("OPTIONS", "cap2"));
        assertEquals(ok(request("OPTIONS", "cap2")), readMessage(again.getInputStream()));
        assertEquals(2, server.sourceRefusals());
    }

    @Test
    void aFloodFromOneSourceEvictsItsOwnConnectionsNotAnotherSourcesSilentOne() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxConnections(4)), 0);
        answerRequests(server);
        // connected and not yet spoken: the oldest stranger, which one source's flood used to push out first
        final Socket quiet = connectFrom("127.0.0.2", server);
        await("accepted", () -> server.accepted() == 1);
        for (int i = 0; i < 10; i++)
        {
            connect(server);
        }
        await("the flood is accepted", () -> server.accepted() == 11);
        assertEquals(4, server.openConnections());
        assertEquals(7, server.evictions());
        write(quiet, request("INVITE", "q1"));
        assertEquals(ok(request("INVITE", "q1")), readMessage(quiet.getInputStream()), "it kept its connection");
    }

    @Test
    void aFloodOfWorkingConnectionsFromOneSourceDoesNotEvictAnotherSourcesEstablishedOne() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxConnections(4)), 0);
        answerRequests(server);
        final Socket caller = connectFrom("127.0.0.2", server);
        write(caller, request("INVITE", "e1"));
        assertEquals(ok(request("INVITE", "e1")), readMessage(caller.getInputStream()));
        // the caller now idles longest, as a phone between calls does
        harness.advance(1_000);
        for (int i = 0; i < 8; i++)
        {
            final Socket s = connect(server);
            write(s, request("OPTIONS", "flood" + i));
            assertEquals(ok(request("OPTIONS", "flood" + i)), readMessage(s.getInputStream()), "each flood connection works");
        }
        assertEquals(4, server.openConnections());
        assertEquals(5, server.evictions(), "the flood evicted its own");
        write(caller, request("BYE", "e1"));
        assertEquals(ok(request("BYE", "e1")), readMessage(caller.getInputStream()), "the caller kept its connection");
    }

    @Test
    void silentConnectionsFromManyAddressesNeverEvictAWorkingPhone() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK, StreamConfig.DEFAULTS.withMaxConnections(4)), 0);
        answerRequests(server);
        // two phones behind one address (the largest source), both working
        final Socket phoneA = connectFrom("127.0.0.2", server);
        write(phoneA, request("INVITE", "pa"));
        assertEquals(ok(request("INVITE", "pa")), readMessage(phoneA.getInputStream()));
        final Socket phoneB = connectFrom("127.0.0.2", server);
        write(phoneB, request("INVITE", "pb"));
        assertEquals(ok(request("INVITE", "pb")), readMessage(phoneB.getInputStream()));
        // a stranger's silent connections, one from each of several addresses
        for (int i = 1; i <= 4; i++)
        {
            connectFrom("127.0.1." + i, server);
        }
        await("the strangers are accepted", () -> server.accepted() == 6);
        assertEquals(4, server.openConnections());
        assertEquals(2, server.evictions());
        write(phoneA, request("BYE", "pa"));
        assertEquals(ok(request("BYE", "pa")), readMessage(phoneA.getInputStream()), "phone A kept its connection");
        write(phoneB, request("BYE", "pb"));
        assertEquals(ok(request("BYE", "pb")), readMessage(phoneB.getInputStream()), "phone B kept its connection");
    }

    /** A message of exactly size bytes whose body says its number and is a pattern a lost or doubled byte breaks. */
    static String numbered(final int n, final int size)
    {
        final String head = "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nCSeq: " + n + " MESSAGE\r\nContent-Length: ";
        final int body = size - head.length() - 9;
        final StringBuilder sb = new StringBuilder(size).append(head).append(String.format("%05d", body)).append("\r\n\r\n");
        for (int i = 0; i < body; i++)
        {
            sb.append((char)('a' + (i + n) % 26));
        }
        return sb.toString();
    }

    @Test
    void aSlowReaderGetsEveryByteInOrderWhenWritesOnlyPartlyGoOut() throws Exception
    {
        // bursts larger than the kernel buffers on both sides (at most 4 MB + 64 KB here), smaller than the queue
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK,
            StreamConfig.DEFAULTS.withOutboundQueueBytes(8 << 20)), 0);
        final Socket client = new Socket();
        sockets.add(client);
        client.setReceiveBufferSize(64 * 1024);
        client.setSoTimeout((int)StreamHarness.WAIT_S * 1000);
        client.connect(server.localAddress());
        write(client, request("SUBSCRIBE", "slow"));
        final Received r = harness.take();
        final InputStream in = new BufferedInputStream(client.getInputStream());
        int n = 0;
        for (int burst = 0; burst < 2; burst++)
        {
            final int first = n;
            final long stalls = server.writeStalls();
            assertTrue(harness.onOwner(() ->
            {
                for (int i = first; i < first + 700; i++)
                {
                    final String m = numbered(i, 8000);
                    if (!server.send(buffer(m), 0, m.length(), r.remote()))
                    {
                        return false;
                    }
                }
                return true;
            }));
            await("the socket fills up: the rest waits in the queue", () -> server.writeStalls() > stalls);
            for (int i = 0; i < 700; i++, n++)
            {
                assertEquals(numbered(n, 8000), readMessage(in), "message " + n);
            }
        }
        assertEquals(0, server.queueOverflows());
    }

    @Test
    void aPeerThatDoesNotReadLosesItsConnectionWhenItsQueueOverflows() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK,
            StreamConfig.DEFAULTS.withMaxMessageBytes(256).withOutboundQueueBytes(2048)), 0);
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        final Socket client = new Socket();
        sockets.add(client);
        client.setReceiveBufferSize(4096);
        client.connect(server.localAddress());
        write(client, request("SUBSCRIBE", "q1"));
        final Received r = harness.take();
        final String notify = "NOTIFY sip:a@127.0.0.1 SIP/2.0\r\nContent-Length: 150\r\n\r\n" + "x".repeat(150);
        final UnsafeBuffer bytes = buffer(notify);
        final int sent = harness.onOwner(() ->
        {
            server.listener((t, id, remote, inbound, reason) -> reasons.add(reason));
            int n = 0;
            while (n < 1_000_000 && server.send(bytes, 0, notify.length(), r.remote()))
            {
                n++;
            }
            return n;
        });
        assertTrue(sent < 1_000_000, "sending stops being accepted");
        assertEquals(1, server.queueOverflows());
        assertFalse(harness.onOwner(() -> server.hasConnection(r.remote())), "the owner dropped it at once");
        await("it is closed", () -> reasons.size() == 1);
        assertEquals(List.of(CloseReason.QUEUE_OVERFLOW), reasons);
    }

    @Test
    void theTapSeesWholeMessagesSentAndTheListenerHearsWhoClosed() throws Exception
    {
        final TcpTransport server = harness.add(TcpTransport.bind(ANY_LOOPBACK), 0);
        final List<String> tapped = new CopyOnWriteArrayList<>();
        final List<String> closings = new CopyOnWriteArrayList<>();
        server.tap((src, dst, buf, off, len) -> tapped.add(src.getPort() + ">" + dst.getPort() + ":" + buf.getStringWithoutLengthAscii(off, len)));
        harness.onOwner(() ->
        {
            server.listener((t, id, remote, inbound, reason) -> closings.add(id + "/" + remote.getPort() + "/" + inbound + "/" + reason));
            return null;
        });
        answerRequests(server);
        final Socket client = connect(server);
        write(client, request("OPTIONS", "t1"));
        final Received r = harness.take();
        assertEquals(ok(request("OPTIONS", "t1")), readMessage(client.getInputStream()));
        assertEquals(List.of(server.localAddress().getPort() + ">" + client.getLocalPort() + ":" + ok(request("OPTIONS", "t1"))), tapped);
        client.close();
        await("the closing", () -> closings.size() == 1);
        assertEquals(r.connectionId() + "/" + client.getLocalPort() + "/true/PEER_CLOSED", closings.get(0));
    }

    @Test
    void sendsThatCannotWorkAreRefusedAndAFailedConnectIsReported() throws Exception
    {
        final TcpTransport loose = TcpTransport.bind(ANY_LOOPBACK);
        final String msg = request("OPTIONS", "x1");
        assertFalse(loose.send(buffer(msg), 0, msg.length(), new InetSocketAddress(InetAddress.getLoopbackAddress(), 5060)),
            "no I/O thread serves it");
        loose.close();

        final TcpTransport t = harness.add(TcpTransport.bind(ANY_LOOPBACK), 0);
        final List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        harness.onOwner(() ->
        {
            t.listener((tr, id, remote, inbound, reason) -> reasons.add(reason));
            return null;
        });
        assertFalse(harness.send(t, msg, InetSocketAddress.createUnresolved("example.com", 5060)), "never a name lookup");
        final String big = "x".repeat(t.maxMessageBytes() + 1);
        assertFalse(harness.send(t, big, t.localAddress()), "over the limit");

        final int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
        {
            closedPort = probe.getLocalPort();
        }
        assertTrue(harness.send(t, msg, new InetSocketAddress("127.0.0.1", closedPort)), "queued: the connect is asynchronous");
        await("the refused connect is reported", () -> reasons.size() == 1);
        assertEquals(List.of(CloseReason.CONNECT_FAILED), reasons);

        t.close();
        assertFalse(harness.send(t, msg, new InetSocketAddress("127.0.0.1", closedPort)), "closed");
        await("the listener is released", () -> t.openConnections() == 0);
        assertNull(harness.received.poll());
    }
}
