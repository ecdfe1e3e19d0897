/**
 * A deterministic whole network for system tests: gateway and proxy cores driven without threads or sockets,
 * an in-memory datagram network that can drop and delay, fake boards, media ports and call logs, and one stepped
 * clock. {@link io.voxline.system.sim.SimWorld} builds it; {@link io.voxline.system.sim.SeedCallScenario} plays the
 * seed call (issue 2) over it; the loss test drops each of that call's messages once.
 */
package io.voxline.system.sim;
