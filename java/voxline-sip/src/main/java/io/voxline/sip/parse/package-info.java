/**
 * The lexical layer of SIP (RFC 3261 §25) over Agrona buffers: character classes (token, URI parts, Call-ID
 * words), number, host (hostname, IPv4, IPv6 as RFC 5954 corrects it) and quoted-string scanning, %-escape and
 * quoted-pair decoding and comparison, {@link io.voxline.sip.parse.BufferView} (a reusable CharSequence over
 * bytes) and {@link io.voxline.sip.parse.ParamList} (header parameters, URI parameters, URI headers). Nothing
 * here allocates or throws on malformed bytes; the message flyweights in {@code io.voxline.sip.message} are built
 * on it.
 */
package io.voxline.sip.parse;
