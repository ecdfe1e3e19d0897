package io.voxline.gateway;

import java.net.InetSocketAddress;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.dialog.Dialog;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.sdp.Negotiation;
import io.voxline.sip.sdp.SessionDescription;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TimerService;

/**
 * One call leg's signalling, from the INVITE to the end of its BYE: what the line's state machine does not
 * know (Call-ID, tags, dialog, SDP, transactions). A call is "attached" while it is its line's current call;
 * after the person hung up it may linger detached (a CANCEL awaiting its 487, a BYE awaiting its 200) so late
 * responses still find it. Strings and objects here are allocated once per call.
 */
final class Call implements ClientTransactionListener, TimerService.Handler
{
    /** The signalling phase: what the next message may be. */
    enum Phase
    {
        /** OUT: INVITE sent, no final response yet. */
        INVITING,
        /** OUT: the person hung up before an answer; CANCEL requested, waiting for the final response. */
        CANCELLING,
        /** IN: INVITE received and 180 sent: the phone rings. */
        OFFERED,
        /** IN: 200 sent, retransmitted until the ACK. */
        ANSWERED,
        /** Both: the dialog is up (OUT: 2xx acknowledged; IN: ACK received). */
        CONFIRMED,
        /** Our BYE is out, waiting for its answer (late 2xx retransmissions are still acknowledged). */
        ENDING,
        /** Over: nothing more will be sent. */
        ENDED
    }

    final GatewayCore core;
    final boolean outgoing;
    /** Board line (0-based). */
    final int line;
    final String callId;
    final String localTag;
    /** Our AOR (sip:user@domain) and the peer's, for the journal and the console. */
    final String localUri;
    final String remoteUri;

    Phase phase;
    boolean attached;
    Dialog dialog;

    // outgoing
    ClientTransaction invite;
    SipMessage inviteSent;
    long inviteCSeq;
    SessionDescription offer;
    UnsafeBuffer ack;
    int ackLength;

    // incoming
    ServerTransaction inviteReceived;
    Negotiation answer;
    String callerNumber;
    String callerName;
    UnsafeBuffer ok;
    int okLength;
    InetSocketAddress okDestination;
    long okTimer = TimerService.NO_TIMER;
    long okIntervalMs;
    long okSinceMs;
    boolean byeWhenAcked;

    Call(final GatewayCore core, final boolean outgoing, final int line, final String callId, final String localTag,
        final String localUri, final String remoteUri)
    {
        this.core = core;
        this.outgoing = outgoing;
        this.line = line;
        this.callId = callId;
        this.localTag = localTag;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
    }

    /** Responses to our INVITE. */
    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        core.onInviteResponse(this, response);
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        core.onInviteTimeout(this);
    }

    /** The 2xx retransmission timer (RFC 3261 13.3.1.4). */
    @Override
    public void onTimer(final long timerId)
    {
        if (timerId == okTimer)
        {
            okTimer = TimerService.NO_TIMER;
            core.onAnswerRetransmit(this);
        }
    }

    @Override
    public String toString()
    {
        return (outgoing ? "out " : "in ") + callId + " line " + (line + 1) + " " + phase + " peer " + remoteUri;
    }
}
