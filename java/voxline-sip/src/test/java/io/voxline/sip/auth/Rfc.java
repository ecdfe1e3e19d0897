package io.voxline.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.parse.BufferView;

/** The RFC examples, an independent digest computation (plain MessageDigest, Strings), and message helpers. */
final class Rfc
{
    // RFC 7616 §3.9.1 (HTTP: method GET)
    static final String R7616_REALM = "http-auth@example.org";
    static final String R7616_NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    static final String R7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    static final String R7616_OPAQUE = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    static final String R7616_SHA256 = "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1";
    static final String R7616_MD5 = "8ca523f5e9506fed4657c9700eebdbec";
    static final String R7616_PASSWORD = "Circle of Life";

    // RFC 2617 §3.5
    static final String R2617_REALM = "testrealm@host.com";
    static final String R2617_NONCE = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    static final String R2617_CNONCE = "0a4f113b";
    static final String R2617_OPAQUE = "5ccc069c403ebaf9f0171e9517f40e41";
    static final String R2617_RESPONSE = "6629fae49393a05397450978507c4ef1";
    static final String R2617_PASSWORD = "Circle Of Life";

    private Rfc()
    {
    }

    /** H(text) in lower-case hex, hash by JCA name. */
    static String h(final String jcaName, final String text)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance(jcaName).digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new AssertionError(ex);
        }
    }

    /** RFC 7616 §3.4.1 response with qop=auth, written out with Strings. */
    static String response(final String jca, final boolean sess, final String user, final String realm, final String password,
        final String nonce, final String nc, final String cnonce, final String method, final String uri)
    {
        String ha1 = h(jca, user + ":" + realm + ":" + password);
        if (sess)
        {
            ha1 = h(jca, ha1 + ":" + nonce + ":" + cnonce);
        }
        final String ha2 = h(jca, method + ":" + uri);
        return h(jca, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }

    static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.UTF_8));
    }

    static BufferView view(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new BufferView(new UnsafeBuffer(b), 0, b.length);
    }

    /** Lines joined by CRLF plus an empty body. */
    static SipMessage message(final String... lines)
    {
        final String text = String.join("\r\n", lines) + "\r\nContent-Length: 0\r\n\r\n";
        final SipMessage m = new SipMessage();
        if (!m.parse(buffer(text), 0, text.length()))
        {
            throw new AssertionError(m.errorReason() + "\n" + text);
        }
        return m;
    }
}
