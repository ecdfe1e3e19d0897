/**
 * RFC 4733 telephone-events (DTMF digits and flash carried as RTP payload): the payload layout, the
 * receiver that turns a stream of event packets into one report per key press, and the sender that turns
 * a key press into start, update and three end packets.
 */
package io.voxline.media.dtmf;
