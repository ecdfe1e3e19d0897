package io.voxline.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.voxline.app.demo.Element;
import io.voxline.app.demo.SeedCall;

/** Garbage at every listening port gets 400 or is dropped, and every element keeps answering. */
class MalformedInputSystemTest
{
    private static final List<String> GARBAGE = List.of(
        "\u0000\u0001\u0002 not sip at all",
        "INVITE sip:201@a.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKbad1\r\n\r\n",
        "INVITE sip:201@a.test SIP/7.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKbad2\r\nFrom: <sip:x@a.test>;tag=1\r\n" +
            "To: <sip:201@a.test>\r\nCall-ID: bad2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
        "OPTIONS sip:201@a.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKbad3\r\nFrom: <sip:x@a.test>;tag=1\r\n" +
            "To: <sip:201@a.test>\r\nCall-ID: bad3\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKnobody\r\n\r\n",
        "REGISTER sip:a.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKbad4\r\nFrom: <sip:x@a.test>;tag=1\r\n" +
            "To: <sip:x@a.test>\r\nCall-ID: bad4\r\nCSeq: 99999999999 REGISTER\r\nContent-Length: 0\r\n\r\n",
        "INVITE sip:201@a.test SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bKbad5\r\nFrom: <sip:x@a.test>;tag=1\r\n" +
            "To: <sip:201@a.test>\r\nCall-ID: bad5\r\nCSeq: 1 INVITE\r\nContent-Length: 500\r\n\r\nv=0\r\n");

    @TempDir
    Path journal;

    @Test
    void everyElementAnswersGarbageWith400OrSilenceAndKeepsWorking() throws IOException
    {
        try (SeedCall net = new SeedCall(journal.resolve("router-a"), System.out);
            DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            probe.setSoTimeout(300);
            for (final Element e : net.elements())
            {
                for (final String g : GARBAGE)
                {
                    send(probe, e.sip(), g.replace("PORT", String.valueOf(probe.getLocalPort())));
                    final String answer = receive(probe);
                    assertTrue(answer == null || answer.startsWith("SIP/2.0 400 ") || answer.startsWith("SIP/2.0 505 "),
                        e.name() + " answered garbage with: " + answer);
                }
                probe.setSoTimeout(2000);
                send(probe, e.sip(), options(e));
                final String answer = receive(probe);
                assertTrue(answer != null && answer.startsWith("SIP/2.0 200 "), e.name() + " still answers OPTIONS: " + answer);
                probe.setSoTimeout(300);
            }
            assertTrue(net.playStory(), "and a whole call still works afterwards: " + net.steps());
        }
    }

    @Test
    void aBadVersionGets505AndAMissingHeaderGets400WithTheReason() throws IOException
    {
        try (SeedCall net = new SeedCall(journal.resolve("router-a"), System.out);
            DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)))
        {
            probe.setSoTimeout(2000);
            final Element proxy = net.elements().get(1);
            final String port = String.valueOf(probe.getLocalPort());
            send(probe, proxy.sip(), GARBAGE.get(2).replace("PORT", port));
            final String version = receive(probe);
            assertTrue(version != null && version.startsWith("SIP/2.0 505 "), version);
            send(probe, proxy.sip(), GARBAGE.get(3).replace("PORT", port));
            final String mismatch = receive(probe);
            assertTrue(mismatch != null && mismatch.startsWith("SIP/2.0 400 "), mismatch);
            assertTrue(mismatch.lines().findFirst().orElseThrow().contains("CSeq"), "the reason phrase says what was wrong: " + mismatch);
        }
    }

    private static String options(final Element e)
    {
        final String host = e.sip().getAddress().getHostAddress() + ":" + e.sip().getPort();
        return "OPTIONS sip:" + host + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKprobe" + System.nanoTime() + ";rport\r\n" +
            "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:" + host + ">\r\nCall-ID: probe-" + System.nanoTime() +
            "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    private static void send(final DatagramSocket s, final InetSocketAddress to, final String text) throws IOException
    {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        s.send(new DatagramPacket(b, b.length, to));
    }

    private static String receive(final DatagramSocket s) throws IOException
    {
        final byte[] buf = new byte[8192];
        final DatagramPacket p = new DatagramPacket(buf, buf.length);
        try
        {
            s.receive(p);
            return new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
        }
        catch (final SocketTimeoutException ex)
        {
            return null;
        }
    }
}
