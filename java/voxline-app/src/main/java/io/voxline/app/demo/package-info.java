/**
 * The seed call on one machine: two proxies chained by a route, two gateways with emulated phones, a script
 * that plays the story, a check of what crossed the sockets, and the ladder diagram drawn from it.
 */
package io.voxline.app.demo;
