package io.voxline.gateway;

import java.util.HashMap;
import java.util.Iterator;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.ServerTransaction;

/**
 * Merged requests (RFC 3261 §8.2.2.2): a request outside a dialog whose From tag, Call-ID and CSeq equal those of
 * a server transaction still in progress, but which the transaction layer did not match to it (another branch:
 * the same request forked and arriving again by another path), is answered 482 Loop Detected. Keeps the
 * out-of-dialog server transactions by those three values while they live; the ended ones are swept out as the
 * table grows, so it holds no more than about twice the transactions alive. Reactor thread only.
 */
final class MergedRequests
{
    private static final int FIRST_SWEEP = 64;

    private final HashMap<String, ServerTransaction> live = new HashMap<>();
    private final StringBuilder key = new StringBuilder(128);
    private int sweepAt = FIRST_SWEEP;

    /**
     * True when request (handed up with st, without a To tag) merges with another server transaction in progress:
     * answer it 482. Otherwise st is remembered for the requests that may merge with it.
     */
    boolean isMerged(final ServerTransaction st, final SipMessage request)
    {
        final String k = key(request);
        final ServerTransaction other = live.get(k);
        if (other != null && other != st && !other.isTerminated())
        {
            return true;
        }
        live.put(k, st);
        if (live.size() >= sweepAt)
        {
            sweep();
        }
        return false;
    }

    /** Entries kept (for tests). */
    int size()
    {
        return live.size();
    }

    private void sweep()
    {
        for (final Iterator<ServerTransaction> it = live.values().iterator(); it.hasNext(); )
        {
            if (it.next().isTerminated())
            {
                it.remove();
            }
        }
        sweepAt = Math.max(FIRST_SWEEP, live.size() * 2);
    }

    /** Call-ID|From tag|CSeq number|method: what 8.2.2.2 compares (the CSeq method is the request's). */
    private String key(final SipMessage request)
    {
        final StringBuilder sb = key;
        sb.setLength(0);
        sb.append(request.callId()).append('|');
        if (request.fromTag() != null)
        {
            sb.append(request.fromTag());
        }
        sb.append('|').append(request.cseqNumber()).append('|').append(request.cseqMethodName());
        return sb.toString();
    }
}
