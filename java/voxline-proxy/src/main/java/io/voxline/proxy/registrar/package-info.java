/**
 * The registrar and location service (RFC 3261 §10): {@link io.voxline.proxy.registrar.Registrar} answers
 * REGISTER, {@link io.voxline.proxy.registrar.LocationService} keeps each address-of-record's contact
 * bindings and removes them when they expire. Owned by the proxy's reactor thread.
 */
package io.voxline.proxy.registrar;
