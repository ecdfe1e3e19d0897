package io.voxline.proxy;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.TimerService;

/**
 * One branch of a forwarded request (RFC 3261 16.6): the client transaction that carries one copy of the
 * request to one target, inside the {@link ResponseContext} of the server transaction it came in on. Its
 * responses and failures go to the core; an INVITE branch also runs timer C here (RFC 3261 16.6 step 11),
 * which the core starts, restarts and stops. A branch is done once it has a final answer (received, or made
 * up for a timeout or a transport error): later responses on it only matter if they are 2xx to an INVITE.
 */
final class ProxyBranch implements ClientTransactionListener, TimerService.Handler
{
    final ProxyCore core;
    final ResponseContext context;
    /** The branch's place in its context, for telling apart whose challenges are whose. */
    final int index;
    ClientTransaction client;
    long timerC = TimerService.NO_TIMER;
    boolean done;

    ProxyBranch(final ProxyCore core, final ResponseContext context, final int index)
    {
        this.core = core;
        this.context = context;
        this.index = index;
    }

    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        core.onBranchResponse(this, response);
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        // RFC 3261 16.7 step 1 / 16.8: as if the branch had answered 408
        core.onBranchFailure(this, 408, "Request Timeout");
    }

    @Override
    public void onTransportError(final ClientTransaction transaction)
    {
        // RFC 3261 16.9: as if the branch had answered 503 (the best response then goes up as 500)
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
