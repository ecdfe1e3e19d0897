/**
 * Jazzer fuzz target for the gateway's whole input path: datagrams, time and board events in, whatever the
 * core sends, rings, plays and journals out; with its script format and checking fakes. Inputs (seeds, kept
 * corpus, regressions) live in {@code src/test/resources/io/voxline/gateway/fuzz/}.
 */
package io.voxline.gateway.fuzz;
