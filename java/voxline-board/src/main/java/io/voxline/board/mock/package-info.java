/**
 * The mock phone console: one command a line, one answer line each, driving the emulated phones of a
 * mock board (hands, mouth and ear) and reading the gateway's view of each line through {@link LineStatus}.
 */
package io.voxline.board.mock;
