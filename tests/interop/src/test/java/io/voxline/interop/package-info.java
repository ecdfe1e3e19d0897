/**
 * The proxy against real SIP peers, as a user runs it: a separate `voxline proxy` JVM ({@link ProxyProcess})
 * driven by SIPp scenarios (src/test/resources/sipp, run by {@link Sipp}) and scanned by sipvicious. Each tool's
 * output is kept under target/interop/. A test whose tool is missing is skipped, naming the Debian package
 * ({@link Tools}).
 *
 * <p>SIPp 3.6.1 computes only MD5 digests and gives up on a challenge list that begins with SHA-256, as
 * sipvicious does: {@link ChallengeFilter} stands between such a tool and the proxy and drops the SHA-256
 * challenge, as an MD5-only client ignores it. SHA-256 is covered by credentials the test computes
 * ({@link Digest}) and hands to SIPp.
 *
 * <p>Kamailio ({@link KamailioProcess}, a configuration template in src/test/resources/kamailio) stands in for the
 * provider's proxy and registrar in front of gateways running in the test's JVM on mock boards.
 */
package io.voxline.interop;
