package io.voxline.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A call over TCP: `voxline proxy --listen udp:… --listen tcp:…`, the caller SIPp over one TCP connection to the
 * proxy (-t t1) with SHA-256 credentials computed by the test, the callee a SIPp UAS listening on TCP and
 * registered with a ;transport=tcp Contact, so the proxy connects to it. The 407, the ACK and BYE along the
 * proxy's Record-Route (;transport=tcp) all stay on TCP.
 */
class SippTcpTest
{
    private static final String DOMAIN = SippCallTest.DOMAIN;
    private static final Path DIR = Path.of("target", "interop", "tcp").toAbsolutePath();

    @Test
    void aCallOverTcp() throws Exception
    {
        Tools.assumeInstalled("sipp", "sip-tester");
        Files.createDirectories(DIR);
        final Path users = DIR.resolve("users.txt");
        Files.writeString(users, "alice:a long passphrase for alice\nerin:a long passphrase for erin\n", StandardCharsets.UTF_8);
        final int udpPort = Ports.free();
        final int tcpPort = Ports.free();
        try (ProxyProcess proxy = ProxyProcess.start(DIR, "proxy", List.of("--listen", "udp:127.0.0.1:" + udpPort,
            "--listen", "tcp:127.0.0.1:" + tcpPort, "--domain", DOMAIN, "--users", users.toString())))
        {
            final int phone = Ports.free();
            SippCallTest.register(udpPort, DIR, "erin", phone, ";transport=tcp");
            final Sipp.Running uas = Sipp.scenario("uas_answer.xml", "erin-answers-tcp").localPort(phone).user("erin").tcp().start(DIR);
            final Sipp.Result uac = SippCallTest.sha256Call(udpPort, tcpPort, DIR, "alice-calls-erin-tcp", "erin", true);
            final Sipp.Result callee = SippCallTest.finish(uac, uas);
            assertTrue(uac.allSucceeded(1), uac.report());
            assertTrue(callee.allSucceeded(1), callee.report());
            assertTrue(uac.messages().contains("TCP message sent") && !uac.messages().contains("UDP message"), uac.messages());
            assertTrue(callee.messages().contains("TCP message received") && !callee.messages().contains("UDP message"), callee.messages());
            assertTrue(proxy.isAlive(), proxy.output());
        }
    }
}
