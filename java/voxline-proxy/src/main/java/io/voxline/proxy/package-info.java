/**
 * The stateful SIP proxy (RFC 3261 §16): {@link io.voxline.proxy.ProxyServer} runs it,
 * {@link io.voxline.proxy.ProxyCore} is its single-threaded core (routing, forwarding through the
 * transaction layer, loose routing and Record-Route, Max-Forwards, 100 Trying, OPTIONS to itself), configured
 * by {@link io.voxline.proxy.ProxyConfig}. The registrar and location service live in
 * {@link io.voxline.proxy.registrar}.
 */
package io.voxline.proxy;
