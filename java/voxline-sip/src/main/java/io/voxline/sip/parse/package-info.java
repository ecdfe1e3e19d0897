/**
 * The lexical layer of SIP (RFC 3261 §25) over Agrona buffers: character classes, number and host
 * scanning, {@link io.voxline.sip.parse.BufferView} (a reusable CharSequence over bytes) and
 * {@link io.voxline.sip.parse.ParamList} (";name=value" lists). Nothing here allocates or throws on
 * malformed bytes; the message flyweights in {@code io.voxline.sip.message} are built on it.
 */
package io.voxline.sip.parse;
