/**
 * Jazzer fuzz target for the proxy's whole input path (datagrams and time in, whatever the core sends out),
 * with its script format, checking transport and stepped timers. Inputs (seeds, kept corpus, regressions) live
 * in {@code src/test/resources/io/voxline/proxy/fuzz/}.
 */
package io.voxline.proxy.fuzz;
