package io.voxline.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made at test time with the running JDK's keytool (nothing checked in, nothing valid for long), for
 * every module's TLS tests through this module's test jar.
 */
public final class TestCertificates
{
    /** A keystore with one certificate and a truststore holding that certificate. */
    public record Stores(Path keystore, Path truststore)
    {
    }

    private TestCertificates()
    {
    }

    /**
     * A self-signed certificate for 127.0.0.1 (IP subjectAltName, as endpoint identification needs) in a PKCS12
     * keystore dir/ALIAS.p12, and a truststore dir/ALIAS-trust.(p12|jks) of trustType holding it.
     */
    public static Stores forLoopback(
        final Path dir, final String alias, final String dname, final String password, final String trustType) throws Exception
    {
        final Path keystore = keystore(dir, alias, dname, "SAN=ip:127.0.0.1", password);
        final Path truststore = dir.resolve(alias + "-trust." + ("JKS".equals(trustType) ? "jks" : "p12"));
        trust(dir, keystore, alias, truststore, trustType, password);
        return new Stores(keystore, truststore);
    }

    /** A self-signed EC certificate (with this subjectAltName extension, or none when san is null) in dir/ALIAS.p12. */
    public static Path keystore(final Path dir, final String alias, final String dname, final String san, final String password)
        throws Exception
    {
        final Path keys = dir.resolve(alias + ".p12");
        final List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
            "secp256r1", "-dname", dname, "-validity", "2"));
        if (san != null)
        {
            args.addAll(List.of("-ext", san));
        }
        args.addAll(List.of("-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password));
        keytool(args.toArray(new String[0]));
        return keys;
    }

    /** Adds the certificate of alias in keystore to truststore (made when missing) of trustType. */
    public static void trust(
        final Path dir, final Path keystore, final String alias, final Path truststore, final String trustType, final String password)
        throws Exception
    {
        final Path cert = dir.resolve(alias + ".pem");
        keytool("-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(), "-storetype", "PKCS12",
            "-storepass", password, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-keystore", truststore.toString(),
            "-storetype", trustType, "-storepass", password);
    }

    /** Runs keytool; the test fails with its output when it does. */
    public static void keytool(final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finishes");
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args) + ": " + output);
    }
}
