/** JMH benchmarks for the hot paths: SIP parsing and the media path. Run with tests/bench/run. */
package io.voxline.bench;
