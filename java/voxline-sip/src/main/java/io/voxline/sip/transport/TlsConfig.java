package io.voxline.sip.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Locale;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS settings of a {@link TlsTransport}: the keystore holding this element's certificate and key (what it
 * presents as a server, and as a client when asked), and whom it trusts: a truststore, else the JDK's default
 * CAs. Trusting every certificate exists for tests only and is never a default. Immutable.
 *
 * <p>An outgoing connection checks both the chain and who the server is: its certificate must name the IP literal
 * we connected to in an IP subjectAltName (endpoint identification "HTTPS", RFC 2818 / RFC 5922 §7.1 — peers are
 * reached by IP literal, so that is the identity we know), else the handshake fails. Without that check any
 * certificate the truststore (by default, every public CA) vouches for would pass for any peer. TLS 1.3 and 1.2
 * only.
 */
public final class TlsConfig
{
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final Path keystore;
    private final String keystorePassword;
    private final String keystoreType;
    private final Path truststore;
    private final String truststorePassword;
    private final String truststoreType;
    private final boolean trustAll;

    private TlsConfig(
        final Path keystore, final String keystorePassword, final String keystoreType,
        final Path truststore, final String truststorePassword, final String truststoreType, final boolean trustAll)
    {
        this.keystore = keystore;
        this.keystorePassword = keystorePassword;
        this.keystoreType = keystoreType;
        this.truststore = truststore;
        this.truststorePassword = truststorePassword;
        this.truststoreType = truststoreType;
        this.trustAll = trustAll;
    }

    /** This element's identity: a keystore file, its password, its type ("PKCS12" or "JKS"). */
    public static TlsConfig keystore(final Path path, final String password, final String type)
    {
        return new TlsConfig(path, password, checkType(type), null, null, null, false);
    }

    /** No identity: such a transport can only connect out (accepted handshakes fail: nothing to present). */
    public static TlsConfig withoutKeystore()
    {
        return new TlsConfig(null, null, null, null, null, null, false);
    }

    /** Trusts the certificates in this store (instead of the JDK's default CAs). */
    public TlsConfig truststore(final Path path, final String password, final String type)
    {
        return new TlsConfig(keystore, keystorePassword, keystoreType, path, password, checkType(type), false);
    }

    /** Trusts every certificate: for tests only, never a default (a peer could then be anyone). */
    public TlsConfig trustAllForTests()
    {
        return new TlsConfig(keystore, keystorePassword, keystoreType, null, null, null, true);
    }

    public Path keystorePath()
    {
        return keystore;
    }

    public Path truststorePath()
    {
        return truststore;
    }

    public boolean trustsAll()
    {
        return trustAll;
    }

    /** Loads the stores and builds the context; a bad file or password names the file and what is wrong. */
    public SSLContext context()
    {
        try
        {
            final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            if (keystore != null)
            {
                final char[] password = keystorePassword == null ? new char[0] : keystorePassword.toCharArray();
                kmf.init(load(keystore, password, keystoreType, "keystore"), password);
            }
            final TrustManager[] trust;
            if (trustAll)
            {
                trust = new TrustManager[] {new TrustEveryone()};
            }
            else
            {
                final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(truststore == null ? null : load(truststore,
                    truststorePassword == null ? new char[0] : truststorePassword.toCharArray(), truststoreType, "truststore"));
                trust = tmf.getTrustManagers();
            }
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(keystore == null ? null : kmf.getKeyManagers(), trust, null);
            return context;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("TLS setup failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * An engine for one connection: server side for accepted connections, client side for ours. A client engine
     * is made for the peer's host (an IP literal) and port, and checks that the server's certificate names it.
     */
    static SSLEngine engine(final SSLContext context, final boolean client, final String peerHost, final int peerPort)
    {
        final SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        engine.setUseClientMode(client);
        if (client)
        {
            final SSLParameters parameters = engine.getSSLParameters();
            parameters.setProtocols(PROTOCOLS);
            // the JDK matches an IP literal against the certificate's IP subjectAltNames, a name against its DNS ones
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        else
        {
            engine.setEnabledProtocols(PROTOCOLS);
            engine.setWantClientAuth(false);
        }
        return engine;
    }

    private static KeyStore load(final Path path, final char[] password, final String type, final String what)
    {
        try (InputStream in = Files.newInputStream(path))
        {
            final KeyStore store = KeyStore.getInstance(type);
            store.load(in, password);
            return store;
        }
        catch (final IOException | GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot read TLS " + what + " " + path + " (" + type + "): " + ex.getMessage(), ex);
        }
    }

    private static String checkType(final String type)
    {
        final String t = type == null ? "PKCS12" : type.toUpperCase(Locale.ROOT);
        if (!t.equals("PKCS12") && !t.equals("JKS"))
        {
            throw new IllegalArgumentException("keystore type must be PKCS12 or JKS: " + type);
        }
        return t;
    }

    @Override
    public String toString()
    {
        return "TlsConfig{keystore=" + keystore + ", truststore=" + (trustAll ? "TRUST-ALL (tests)" : truststore == null ? "JDK default" : truststore) + "}";
    }

    /**
     * Accepts any chain and any identity: what {@link #trustAllForTests()} installs. Extended, so the JDK does not
     * wrap it with its own endpoint identification (trusting everyone includes whoever the peer claims to be).
     */
    private static final class TrustEveryone extends X509ExtendedTrustManager
    {
        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
        {
            // tests only
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
        {
            // tests only
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        {
            // tests only
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
        {
            // tests only
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        {
            // tests only
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
        {
            // tests only
        }

        @Override
        public X509Certificate[] getAcceptedIssuers()
        {
            return new X509Certificate[0];
        }
    }
}
