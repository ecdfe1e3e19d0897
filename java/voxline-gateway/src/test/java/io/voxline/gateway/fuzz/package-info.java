/**
 * Jazzer fuzz target for the gateway's whole input path: datagrams, time and board events in, whatever the
 * core sends, rings, plays and journals out; driven by voxline-sip's shared FuzzScript, CheckingTransport and
 * FuzzTimers (its test jar), with the gateway's own checking fakes. Inputs (seeds, kept
 * corpus, regressions) live in {@code src/test/resources/io/voxline/gateway/fuzz/}.
 */
package io.voxline.gateway.fuzz;
