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
 * SIPp registers at `voxline proxy --users` with digest authentication, MD5 and SHA-256. The proxy challenges
 * with SHA-256 first, then MD5 (RFC 8760). SIPp 3.6.1 computes MD5 itself (behind {@link ChallengeFilter}: it
 * gives up on a list starting with SHA-256); SHA-256 credentials are computed by the test, and the SHA-256 user
 * has only a stored SHA-256 hash, so nothing but SHA-256 can register it.
 */
class SippRegisterTest
{
    private static final String DOMAIN = "a.test";
    private static final String ALICE_PASSWORD = "alice's long passphrase 1";
    private static final String CAROL_PASSWORD = "carol keeps only a sha-256 hash";
    private static final Path DIR = Path.of("target", "interop", "register").toAbsolutePath();

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
        Files.writeString(users,
            "alice:" + ALICE_PASSWORD + "\n" +
            "carol:sha256:" + Digest.ha1("SHA-256", "carol", DOMAIN, CAROL_PASSWORD) + "\n", StandardCharsets.UTF_8);
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
    void sippRegistersWithItsOwnMd5Digest() throws Exception
    {
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final Sipp.Result r = register(filter, "alice-md5", "alice", ALICE_PASSWORD);
            assertTrue(r.allSucceeded(1), r.report());
            assertEquals(1, filter.sha256FirstChallenges(), "the 401 offered SHA-256 first, then MD5");
            assertTrue(r.messages().contains("algorithm=MD5") && r.messages().contains("Authorization: Digest username=\"alice\""),
                r.messages());
        }
    }

    @Test
    void sippRegistersWithSha256CredentialsTheTestComputed() throws Exception
    {
        final Sipp.Result r = registerSha256("carol-sha256", CAROL_PASSWORD);
        assertTrue(r.allSucceeded(1), r.report());
        assertTrue(r.messages().contains("algorithm=SHA-256, qop=auth"), r.messages());
    }

    @Test
    void aWrongSha256ResponseIsChallengedAgain() throws Exception
    {
        final Sipp.Result r = registerSha256("carol-sha256-wrong", CAROL_PASSWORD + "?");
        assertEquals(0, r.successful(), r.report());
        assertTrue(r.errors().contains("while expecting '200'") && r.errors().contains("received 'SIP/2.0 401 Unauthorized"),
            "the wrong credentials got a new challenge:\n" + r.report());
    }

    @Test
    void md5CannotRegisterAUserWhoHasOnlyASha256Hash() throws Exception
    {
        try (ChallengeFilter filter = ChallengeFilter.start(port))
        {
            final Sipp.Result r = register(filter, "carol-md5", "carol", CAROL_PASSWORD);
            assertEquals(0, r.successful(), r.report());
            assertTrue(r.errors().contains("while expecting '200'") && r.errors().contains("received 'SIP/2.0 401 Unauthorized"),
                "the right password in MD5 got a new challenge:\n" + r.report());
            assertEquals(2, filter.responses(401), r.messages());
            assertEquals(0, filter.responses(200), r.messages());
        }
    }

    private static Sipp.Result register(final ChallengeFilter filter, final String label, final String user, final String password)
        throws Exception
    {
        final int local = Ports.free();
        return Sipp.scenario("register.xml", label).target(filter.port()).localPort(local).user(user)
            .credentials(user, password, DOMAIN)
            .key("domain", DOMAIN).key("contact_port", Integer.toString(local)).key("contact_params", "")
            .timeoutSeconds(10).run(DIR);
    }

    private static Sipp.Result registerSha256(final String label, final String password) throws Exception
    {
        final String nonce = Digest.nonce(port, DOMAIN);
        final String authorization = Digest.credentials("SHA-256", Digest.ha1("SHA-256", "carol", DOMAIN, password),
            "carol", DOMAIN, nonce, "REGISTER", "sip:" + DOMAIN);
        return Sipp.scenario("register_sha256.xml", label).target(port).localPort(Ports.free()).user("carol")
            .key("domain", DOMAIN).key("authorization", authorization)
            .timeoutSeconds(10).run(DIR);
    }
}
