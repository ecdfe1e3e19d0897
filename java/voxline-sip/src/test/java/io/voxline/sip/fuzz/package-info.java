/**
 * Jazzer fuzz targets for the SIP parser, the header flyweights, the writer and the SDP parser. Their
 * inputs (seeds, kept corpus, regressions) live in {@code src/test/resources/io/voxline/sip/fuzz/}.
 */
package io.voxline.sip.fuzz;
