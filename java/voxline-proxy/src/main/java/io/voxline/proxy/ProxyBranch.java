package io.voxline.proxy;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.ServerTransaction;

/**
 * One forwarded request: the server transaction it came in on and the client transaction that carries it on
 * (one branch: forking is for a later issue). The server transaction's context points here, so a CANCEL
 * finds the branch to cancel; responses and failures of the branch go back to the core.
 */
final class ProxyBranch implements ClientTransactionListener
{
    final ProxyCore core;
    final ServerTransaction server;
    final int transportIndex;
    ClientTransaction client;

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
}
