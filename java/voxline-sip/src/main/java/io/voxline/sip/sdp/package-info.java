/**
 * SDP (RFC 4566) and the offer/answer model (RFC 3264) for one audio stream: parsing a body into
 * {@link io.voxline.sip.sdp.SessionDescription}, building offers, answering offers (first offered codec
 * we support, telephone-event kept, direction mirrored, 488 when nothing is common) and accepting answers,
 * with the outcome as {@link io.voxline.sip.sdp.NegotiatedAudio} for the gateway to turn into media
 * commands. Objects and Strings are fine here: this runs once per offer, not per packet.
 */
package io.voxline.sip.sdp;
