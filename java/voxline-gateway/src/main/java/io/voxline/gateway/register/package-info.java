/**
 * Registration of each line with its registrar (RFC 3261 §10): {@link io.voxline.gateway.register.RegistrationTimer}
 * decides when to refresh a binding and how to back off after failures;
 * {@link io.voxline.gateway.register.LineRegistration} sends the REGISTERs through the transaction layer.
 */
package io.voxline.gateway.register;
