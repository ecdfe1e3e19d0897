/**
 * Jazzer fuzz targets for the SIP parser, the header flyweights, the writer and the SDP parser. Their
 * inputs (seeds, kept corpus, regressions) live in {@code src/test/resources/io/voxline/sip/fuzz/}. Also, in this
 * module's test jar, what the proxy's and gateway's input-path targets share: the script format ({@link
 * FuzzScript}), a transport that checks everything sent ({@link CheckingTransport}) and stepped timers
 * ({@link FuzzTimers}).
 */
package io.voxline.sip.fuzz;
