package io.voxline.gateway;

import java.util.HashMap;

import io.voxline.sip.dialog.AckRetransmission;
import io.voxline.sip.dialog.AnswerRetransmission;
import io.voxline.sip.dialog.Dialog;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.sdp.Negotiation;
import io.voxline.sip.sdp.SessionDescription;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TimerService;
import io.voxline.sip.transaction.TransactionLayer;

/**
 * One call leg's signalling, from the INVITE to the end of its BYE: what the line's state machine does not
 * know (Call-ID, tags, dialog, SDP, transactions). A call is "attached" while it is its line's current call;
 * after the person hung up it may linger detached (a CANCEL awaiting its 487, a BYE awaiting its 200) so late
 * responses still find it. Strings and objects here are allocated once per call.
 *
 * <p>The 2xx-until-ACK dance is the dialog layer's: an incoming call owns an {@link AnswerRetransmission} (UAS,
 * RFC 3261 13.3.1.4), an outgoing one an {@link AckRetransmission} (UAC, 13.2.2.4). Its own timer limits how
 * long it may go unanswered.
 */
final class Call implements ClientTransactionListener, TimerService.Handler, AnswerRetransmission.Listener
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
    /** The transport (the core's index) the INVITE went or came on. */
    int transport;
    /** The transport in-dialog requests (ACK, BYE) go on: the one the dialog's next hop names, else the INVITE's. */
    int dialogTransport;
    /** The journal has its callEnded: once per call, whichever event comes first. */
    boolean endJournalled;
    /** Ring-no-answer: the incoming call stops ringing, the outgoing one is cancelled. */
    long noAnswerTimer = TimerService.NO_TIMER;
    /** The RFC 4733 payload type the media runs with, -1 when none was negotiated (digits then go in the voice). */
    int telephoneEventPt = -1;

    // outgoing
    ClientTransaction invite;
    SipMessage inviteSent;
    long inviteCSeq;
    SessionDescription offer;
    /** Our ACK for the 2xx, sent again for each retransmission of it; null before the 2xx and for an incoming call. */
    AckRetransmission ack;
    /** ACKs for forked 2xx answers (other To tags) that were ACKed and BYEd, by dialog id; made on the first. */
    HashMap<String, AckRetransmission> forks;
    /** After the call is forgotten, its Call-ID still finds it for late forked 2xx answers until this fires. */
    long lingerTimer = TimerService.NO_TIMER;
    /** 401/407 challenges to our INVITE answered so far (RFC 3261 22.2). */
    int inviteChallenges;

    // both
    /** Our last BYE (own copy), kept when the line has a password so a challenge can be answered. */
    SipMessage byeSent;
    /** 401/407 challenges to our BYE answered so far. */
    int byeChallenges;

    // incoming
    ServerTransaction inviteReceived;
    Negotiation answer;
    String callerNumber;
    String callerName;
    /** Our 2xx, re-sent until the ACK; null for an outgoing call. */
    final AnswerRetransmission ok;
    boolean byeWhenAcked;

    /** layer: the transport's the INVITE came on (an incoming call's 2xx is retransmitted there). */
    Call(final GatewayCore core, final boolean outgoing, final int line, final String callId, final String localTag,
        final String localUri, final String remoteUri, final TransactionLayer layer)
    {
        this.core = core;
        this.outgoing = outgoing;
        this.line = line;
        this.callId = callId;
        this.localTag = localTag;
        this.localUri = localUri;
        this.remoteUri = remoteUri;
        this.ok = outgoing ? null : new AnswerRetransmission(layer, this);
    }

    /** Responses to our INVITE (the current one: an INVITE answered by a challenge is done with). */
    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        if (transaction == invite)
        {
            core.onInviteResponse(this, response);
        }
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        if (transaction == invite)
        {
            core.onInviteTimeout(this);
        }
    }

    /** 64*T1 without an ACK for our 2xx. */
    @Override
    public void onAckTimeout(final AnswerRetransmission retransmission)
    {
        core.onAckTimeout(this);
    }

    /** The ring-no-answer limit, or the end of the linger. */
    @Override
    public void onTimer(final long timerId)
    {
        if (timerId == noAnswerTimer && timerId != TimerService.NO_TIMER)
        {
            noAnswerTimer = TimerService.NO_TIMER;
            core.onNoAnswer(this);
        }
        else if (timerId == lingerTimer && timerId != TimerService.NO_TIMER)
        {
            lingerTimer = TimerService.NO_TIMER;
            core.onLingerOver(this);
        }
    }

    @Override
    public String toString()
    {
        return (outgoing ? "out " : "in ") + callId + " line " + (line + 1) + " " + phase + " peer " + remoteUri;
    }
}
