/**
 * Jazzer fuzz target for the proxy's whole input path (datagrams and time in, whatever the core sends out),
 * driven by voxline-sip's shared FuzzScript, CheckingTransport and FuzzTimers (its test jar). Inputs (seeds, kept corpus, regressions) live
 * in {@code src/test/resources/io/voxline/proxy/fuzz/}.
 */
package io.voxline.proxy.fuzz;
