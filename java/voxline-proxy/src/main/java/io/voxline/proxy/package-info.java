/**
 * The stateful SIP proxy (RFC 3261 §16): {@link io.voxline.proxy.ProxyServer} runs it,
 * {@link io.voxline.proxy.ProxyCore} is its single-threaded core (validation in the order of 16.3, routing,
 * parallel forking with best-response selection, loose and strict routing, Record-Route, timer C, digest
 * authentication of its users, per-source rate limits, UDP/TCP/TLS listeners with the next hop's transport
 * chosen per branch and phones reached down the connection they registered on), configured by
 * {@link io.voxline.proxy.ProxyConfig}.
 * The registrar and location service live in {@link io.voxline.proxy.registrar}.
 */
package io.voxline.proxy;
