/**
 * The FXS gateway: {@link io.voxline.gateway.Gateway} runs one (socket, reactor, media agent, board poller,
 * journal); {@link io.voxline.gateway.GatewayCore} is its user agent core on the reactor thread — the lines'
 * state machines, their calls (INVITE, CANCEL, BYE through the transaction layer and dialogs), SDP turned into
 * media commands ({@link io.voxline.gateway.MediaPort}), registrations, and call records
 * ({@link io.voxline.gateway.CallLog}). {@link io.voxline.gateway.GatewayConfig} is what it runs from.
 */
package io.voxline.gateway;
