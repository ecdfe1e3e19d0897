/**
 * RTP (RFC 3550) on the wire: the packet header flyweight, sequence and timestamp arithmetic with
 * wrap-around, receive statistics (extended sequence, loss, interarrival jitter) and the capture tap.
 * Nothing here allocates per packet.
 */
package io.voxline.media.rtp;
