/**
 * SIP dialogs (RFC 3261 §12): {@link io.voxline.sip.dialog.Dialog} (creation on both sides, in-dialog requests by
 * loose or strict routing, the next hop, checks of received requests), and the UA cores' end-to-end
 * retransmissions that outlive the INVITE transactions: {@link io.voxline.sip.dialog.AnswerRetransmission}
 * (the UAS's 2xx until the ACK) and {@link io.voxline.sip.dialog.AckRetransmission} (the UAC's ACK for each
 * retransmitted 2xx). Owned by the reactor thread.
 */
package io.voxline.sip.dialog;
