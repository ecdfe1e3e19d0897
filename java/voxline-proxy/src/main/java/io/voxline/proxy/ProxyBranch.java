package io.voxline.proxy;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TimerService;

/**
 * One forwarded request: the server transaction it came in on and the client transaction that carries it on
 * (one branch: forking is for a later issue). The server transaction's context points here, so a CANCEL
 * finds the branch to cancel; responses and failures of the branch go back to the core. An INVITE branch
 * also runs timer C here (RFC 3261 16.6 step 11); the core starts, restarts and stops it.
 */
final class ProxyBranch implements ClientTransactionListener, TimerService.Handler
{
    final ProxyCore core;
    final ServerTransaction server;
    final int transportIndex;
    ClientTransaction client;
    long timerC = TimerService.NO_TIMER;

    ProxyBranch(final ProxyCore core, final ServerTransaction server, final int transportIndex)
    {
        this.core = core;
        this.server = server;
        this.transportIndex = transportIndex;
    }

    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        core.onBranchResponse(this, response);
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        core.onBranchFailure(this, 408, "Request Timeout");
    }

    @Override
    public void onTransportError(final ClientTransaction transaction)
    {
        core.onBranchFailure(this, 503, "Next Hop Unreachable");
    }

    @Override
    public void onTimer(final long timerId)
    {
        // the slot is cleared before the core acts, so a fired id is never cancelled later (wheels reuse ids)
        if (timerId == timerC && timerId != TimerService.NO_TIMER)
        {
            timerC = TimerService.NO_TIMER;
            core.onTimerC(this);
        }
    }
}
