package io.voxline.sip.transport;

/** A stream transport's counters: each written by one thread (owner or I/O), read from anywhere. */
final class StreamCounters
{
    // I/O thread
    volatile long accepted;
    volatile long connected;
    volatile long closedConnections;
    volatile long messagesIn;
    volatile long bytesIn;
    volatile long pingsAnswered;
    volatile long evictions;
    volatile long sourceRefusals;
    volatile long headerTimeouts;
    volatile long idleCloses;
    volatile long framingErrors;
    volatile long tlsFailures;
    volatile long writeStalls;
    volatile int openConnections;

    // owner thread
    volatile long queueOverflows;
    volatile long sendFailures;
}
