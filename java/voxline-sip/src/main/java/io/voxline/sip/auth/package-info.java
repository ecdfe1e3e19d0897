/**
 * Digest authentication for SIP (RFC 3261 §22 over RFC 2617, RFC 7616 and RFC 8760: MD5, SHA-256 and their
 * -sess forms, qop=auth). Flyweight parsers of challenges ({@link io.voxline.sip.auth.DigestChallenge}, the
 * value of WWW-Authenticate and Proxy-Authenticate) and credentials ({@link io.voxline.sip.auth.DigestCredentials},
 * Authorization and Proxy-Authorization) and their writers; the hash arithmetic
 * ({@link io.voxline.sip.auth.DigestCalculator}). The client side is {@link io.voxline.sip.auth.DigestClient}
 * (answers 401/407, caches the nonce, counts nc); the server side is {@link io.voxline.sip.auth.DigestVerifier}
 * over a {@link io.voxline.sip.auth.CredentialStore} (the users file) and a
 * {@link io.voxline.sip.auth.NonceManager} (stateless HMAC nonces with expiry and nonce-count replay protection).
 *
 * <p>One rule holds throughout: a {@link io.voxline.sip.parse.BufferView} given as a value is the content of a
 * quoted-string as it stands in a message (backslash escapes still in it: written back verbatim, unescaped for
 * hashing); any other CharSequence is plain text (escaped when written between quotes, hashed as UTF-8).
 * Everything here runs on its owner's thread; nothing throws for malformed input.
 */
package io.voxline.sip.auth;
