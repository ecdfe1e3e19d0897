/**
 * The signalling reactor: a Disruptor ring with one consumer thread that owns all signalling state,
 * the producers that feed it (datagrams read straight into claimed events, board and media events,
 * timer ticks, console commands), the timer wheel the consumer polls, and an opt-in probe that measures
 * datagram in to datagram out for benchmarks.
 */
package io.voxline.reactor;
