/**
 * The receive-side jitter buffer: fixed, pre-allocated slots indexed by RTP sequence number, reordering
 * within its depth, dropping late and duplicate packets, and playing one frame per ptime with repeat or
 * silence in place of a lost one.
 */
package io.voxline.media.jitter;
