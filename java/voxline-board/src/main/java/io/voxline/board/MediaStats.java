package io.voxline.board;

/** A line's media counters since media start (vxb_media_stats_t). */
public record MediaStats(
    int framesRead,
    int framesWritten,
    int readOverruns,
    int writeUnderruns,
    int writeOverflows,
    int readQueued,
    int writeQueued)
{
}
