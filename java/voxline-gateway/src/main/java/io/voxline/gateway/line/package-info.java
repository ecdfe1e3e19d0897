/**
 * One state machine per FXS line: what the person at the phone experiences (dial tone, dialing, ringback,
 * ringing, talking, busy and reorder tones) as {@link io.voxline.gateway.line.LineState}s, driven by
 * {@link io.voxline.gateway.line.LineEvent}s from the board and from the call's signalling, with every
 * side effect asked of {@link io.voxline.gateway.line.LineActions} (the gateway core carries them out).
 * Knows no SIP: the core turns actions into requests and responses into events.
 */
package io.voxline.gateway.line;
