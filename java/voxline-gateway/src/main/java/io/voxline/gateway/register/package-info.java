/**
 * Registration of each line with its registrar (RFC 3261 §10): {@link io.voxline.gateway.register.RegistrationTimer}
 * decides when to refresh a binding, how to back off after failures (with jitter) and how far apart urgent
 * re-registrations go; {@link io.voxline.gateway.register.LineRegistration} sends the REGISTERs through the
 * transaction layer, follows the public address the registrar sees (RFC 3581) and reports its
 * {@link io.voxline.gateway.register.RegistrationState}; {@link io.voxline.gateway.register.RegistrarProbe} keeps the
 * NAT binding open with CRLF keepalives and pings the registrar with OPTIONS while registered.
 */
package io.voxline.gateway.register;
