/**
 * The media agent: one Agrona agent that owns every RTP socket and every line's media session, moving
 * 20 ms frames between the board (mouthpiece and earpiece PCM) and RTP, through G.711, the jitter buffer and
 * RFC 4733 events. The reactor drives it through {@link io.voxline.media.MediaControl} (an SPSC ring); it
 * reports back (received digits, errors) as MEDIA events on the reactor ring. Knows nothing of SIP.
 */
package io.voxline.media;
