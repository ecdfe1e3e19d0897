/**
 * JMH benchmarks for the hot paths: SIP parsing (ours and JAIN-SIP's on the same corpus) and the media path, run
 * with tests/bench/run; and LatencyReport, which reads the proxy's latency log for tests/bench/proxy-latency.sh.
 */
package io.voxline.bench;
