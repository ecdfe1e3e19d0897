/** Captures every SIP and RTP datagram an in-process run sends, for the demo's ladder, pcap files and tests. */
package io.voxline.app.capture;
