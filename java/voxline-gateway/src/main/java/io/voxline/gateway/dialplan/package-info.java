/**
 * Dial plans: {@link io.voxline.gateway.dialplan.DigitMap}, the RFC 3435 (MGCP) style digit map that tells
 * a line when the digits collected so far make a number worth calling.
 */
package io.voxline.gateway.dialplan;
