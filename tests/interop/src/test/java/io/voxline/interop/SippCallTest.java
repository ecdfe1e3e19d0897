package io.voxline.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls through `voxline proxy --users` between SIPp user agents over UDP: the caller is one of the proxy's users
 * and is challenged with 407; the callees are SIPp UAS instances registered at the proxy (each registration a
 * SIPp REGISTER with SIPp's own MD5 digest, its Contact the UAS's port). Each callee has its own user so the
 * tests share one proxy without sharing bindings.
 */
class SippCallTest
{
    static final String DOMAIN = "a.test";
    private static final Path DIR = Path.of("target", "interop", "calls").toAbsolutePath();
    private static final String PASSWORD = "a long passphrase for ";

    private static ProxyProcess proxy;
    private static int port;

    @BeforeAll
    static void startProxy() throws Exception
    {
        if (!Tools.installed("sipp"))
        {
            return; // each test says so (assumeSipp)
        }
        Files.createDirectories(DIR);
        final Path users = DIR.resolve("users.txt");
        final StringBuilder file = new StringBuilder();
        for (final String user : List.of("alice", "bob", "dave", "carl", "dora"))
        {
            file.append(user).append(':').append(PASSWORD).append(user).append('\n');
        }
        Files.writeString(users, file, StandardCharsets.UTF_8);
        port = Ports.free();
        proxy = ProxyProcess.start(DIR, "proxy",
            List.of("--listen", "udp:127.0.0.1:" + port, "--domain", DOMAIN, "--users", users.toString()));
    }

    @BeforeEach
    void assumeSipp()
    {
        Tools.assumeInstalled("sipp", "sip-tester");
    }

    @AfterAll
    static void stopProxy() throws InterruptedException
    {
        if (proxy != null)
        {
            proxy.close();
        }
    }

    @Test
    void inviteChallengedWith407AndAnsweredWithSippsOwnMd5() throws Exception
    {
        final int phone = Ports.free();
        register(port, DIR, "bob", phone, "");
        final Sipp.Running uas = Sipp.scenario("uas_answer.xml", "bob-answers").localPort(phone).user("bob").start(DIR);
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final Sipp.Result uac = Sipp.scenario("uac_call.xml", "alice-calls-bob").target(filter.port()).localPort(Ports.free())
                .user("alice").credentials("alice", PASSWORD + "alice", "bob@" + DOMAIN)
                .key("domain", DOMAIN).key("callee", "bob").run(DIR);
            final Sipp.Result callee = finish(uac, uas);
            assertTrue(uac.allSucceeded(1), uac.report());
            assertTrue(callee.allSucceeded(1), callee.report());
            assertEquals(1, filter.responses(407), uac.messages());
            assertEquals(1, filter.sha256FirstChallenges(), "the 407 offered SHA-256 first, then MD5");
            assertTrue(uac.messages().contains("Proxy-Authorization: Digest username=\"alice\""), uac.messages());
        }
    }

    @Test
    void inviteChallengedWith407AndAnsweredWithSha256() throws Exception
    {
        final int phone = Ports.free();
        register(port, DIR, "dave", phone, "");
        final Sipp.Running uas = Sipp.scenario("uas_answer.xml", "dave-answers").localPort(phone).user("dave").start(DIR);
        final Sipp.Result uac = sha256Call(port, port, DIR, "alice-calls-dave-sha256", "dave", false);
        final Sipp.Result callee = finish(uac, uas);
        assertTrue(uac.allSucceeded(1), uac.report());
        assertTrue(callee.allSucceeded(1), callee.report());
    }

    @Test
    void cancelDuringRinging() throws Exception
    {
        final int phone = Ports.free();
        register(port, DIR, "carl", phone, "");
        final Sipp.Running uas = Sipp.scenario("uas_ring.xml", "carl-rings").localPort(phone).user("carl").start(DIR);
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final Sipp.Result uac = Sipp.scenario("uac_cancel.xml", "alice-cancels-carl").target(filter.port()).localPort(Ports.free())
                .user("alice").credentials("alice", PASSWORD + "alice", "carl@" + DOMAIN)
                .key("domain", DOMAIN).key("callee", "carl").run(DIR);
            final Sipp.Result callee = finish(uac, uas);
            assertTrue(uac.allSucceeded(1), uac.report());
            assertTrue(callee.allSucceeded(1), callee.report());
            assertEquals(1, filter.responses(487), uac.messages());
        }
    }

    @Test
    void aCallForkedToTwoContactsIsAnsweredByOneAndTheOtherIsCancelled() throws Exception
    {
        final int answering = Ports.free();
        final int ringing = Ports.free();
        register(port, DIR, "dora", answering, "");
        register(port, DIR, "dora", ringing, "");
        final Sipp.Running first = Sipp.scenario("uas_answer.xml", "dora-answers").localPort(answering).user("dora").start(DIR);
        final Sipp.Running second = Sipp.scenario("uas_ring.xml", "dora-rings").localPort(ringing).user("dora").start(DIR);
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final Sipp.Result uac = Sipp.scenario("uac_call.xml", "alice-calls-dora").target(filter.port()).localPort(Ports.free())
                .user("alice").credentials("alice", PASSWORD + "alice", "dora@" + DOMAIN)
                .key("domain", DOMAIN).key("callee", "dora").run(DIR);
            final Sipp.Result answered = finish(uac, first);
            final Sipp.Result cancelled = finish(uac, second);
            assertTrue(uac.allSucceeded(1), uac.report());
            assertTrue(answered.allSucceeded(1), answered.report());
            assertTrue(cancelled.allSucceeded(1), "the phone that only rang got CANCEL, answered 487 and got its ACK:\n" + cancelled.report());
            assertTrue(uac.messages().contains("ACK sip:dora@127.0.0.1:" + answering), "the caller's ACK went to the phone that answered:\n" + uac.messages());
            assertTrue(cancelled.messages().contains("CANCEL sip:dora@127.0.0.1:" + ringing), cancelled.messages());
        }
    }

    /**
     * Registers user at the proxy with Contact sip:user@127.0.0.1:contactPort + params, by SIPp with its own MD5
     * digest through a {@link ChallengeFilter}; asserts it worked.
     */
    static void register(final int proxyPort, final Path dir, final String user, final int contactPort, final String params) throws Exception
    {
        try (ChallengeFilter filter = ChallengeFilter.start(proxyPort))
        {
            final Sipp.Result r = Sipp.scenario("register.xml", "register-" + user + "-" + contactPort).target(filter.port())
                .localPort(Ports.free()).user(user).credentials(user, PASSWORD + user, DOMAIN)
                .key("domain", DOMAIN).key("contact_port", Integer.toString(contactPort)).key("contact_params", params)
                .timeoutSeconds(10).run(dir);
            assertTrue(r.allSucceeded(1), r.report());
        }
    }

    /**
     * alice calls callee with SHA-256 credentials computed here (uac_call_sha256.xml) at proxyPort, over UDP or TCP;
     * the nonce comes from the proxy's UDP port.
     */
    static Sipp.Result sha256Call(final int udpPort, final int proxyPort, final Path dir, final String label, final String callee,
        final boolean tcp) throws Exception
    {
        final String uri = "sip:" + callee + "@" + DOMAIN;
        final String nonce = Digest.nonce(udpPort, DOMAIN);
        final String credentials = Digest.credentials("SHA-256", Digest.ha1("SHA-256", "alice", DOMAIN, PASSWORD + "alice"),
            "alice", DOMAIN, nonce, "INVITE", uri);
        final Sipp sipp = Sipp.scenario("uac_call_sha256.xml", label).target(proxyPort).localPort(Ports.free()).user("alice")
            .key("domain", DOMAIN).key("callee", callee).key("proxy_authorization", credentials);
        return (tcp ? sipp.tcp() : sipp).run(dir);
    }

    /** The callee's result once the caller is done; if the caller failed, the callee is stopped rather than awaited. */
    static Sipp.Result finish(final Sipp.Result caller, final Sipp.Running callee) throws InterruptedException
    {
        if (caller.exitCode() != 0)
        {
            callee.kill();
        }
        return callee.await();
    }
}
