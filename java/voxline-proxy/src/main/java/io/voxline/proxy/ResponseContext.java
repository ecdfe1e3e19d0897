package io.voxline.proxy;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.transaction.ServerTransaction;

/**
 * The response context of one proxied request (RFC 3261 16.7): the server transaction it came in on, one
 * {@link ProxyBranch} per target, and the best final response so far. Choosing (16.7 step 6): a 6xx wins, else
 * the lowest class, and within a class the answers a caller can act on (401, 407, 415, 420, 484) before the
 * rest, else the first that came; the WWW-/Proxy-Authenticate challenges of every 401/407 are kept so the one
 * that goes up carries them all. 2xx never wait here: the core sends each up at once.
 */
final class ResponseContext
{
    /** A rank worse than any response: nothing chosen yet. */
    private static final int NONE = Integer.MAX_VALUE;

    final ServerTransaction server;
    final int transportIndex;
    final boolean invite;
    final List<ProxyBranch> branches = new ArrayList<>(2);
    /** A final response went upstream: nothing else may, but 2xx to an INVITE. */
    boolean finalSent;

    private int bestRank = NONE;
    private int bestCode;
    private String bestReason;
    private int bestBranch = -1;
    /** The chosen downstream response's bytes, or null when the best is one we made up (timeout, transport error). */
    private UnsafeBuffer bestBytes;
    private int bestLength;
    /** Challenge headers of every 401/407: the branch index, the header, its value. */
    private final List<Challenge> challenges = new ArrayList<>(0);

    record Challenge(int branch, HeaderName name, String value)
    {
    }

    ResponseContext(final ServerTransaction server, final int transportIndex, final boolean invite)
    {
        this.server = server;
        this.transportIndex = transportIndex;
        this.invite = invite;
    }

    /** True when every branch has its final answer. */
    boolean allDone()
    {
        for (int i = 0; i < branches.size(); i++)
        {
            if (!branches.get(i).done)
            {
                return false;
            }
        }
        return true;
    }

    /** A final non-2xx response of branch b: kept if it is the best so far; its challenges are kept anyway. */
    void offer(final ProxyBranch b, final SipMessage response)
    {
        final int code = response.statusCode();
        if (code == 401 || code == 407)
        {
            for (int i = 0; i < response.headerCount(); i++)
            {
                final HeaderName n = response.headerName(i);
                if (n == HeaderName.WWW_AUTHENTICATE || n == HeaderName.PROXY_AUTHENTICATE)
                {
                    challenges.add(new Challenge(b.index, n, response.value(i).toString()));
                }
            }
        }
        final int rank = rank(code);
        if (rank < bestRank)
        {
            bestRank = rank;
            bestCode = code;
            bestReason = null;
            bestBranch = b.index;
            final int len = response.length();
            if (bestBytes == null || bestBytes.capacity() < len)
            {
                bestBytes = new UnsafeBuffer(new byte[len]);
            }
            bestBytes.putBytes(0, response.buffer(), response.offset(), len);
            bestLength = len;
        }
    }

    /** A final answer we make up for branch b (408 on a timeout, 503 on a transport error). */
    void offerGenerated(final ProxyBranch b, final int code, final String reason)
    {
        final int rank = rank(code);
        if (rank < bestRank)
        {
            bestRank = rank;
            bestCode = code;
            bestReason = reason;
            bestBranch = b.index;
            bestLength = 0;
        }
    }

    int bestCode()
    {
        return bestCode;
    }

    String bestReason()
    {
        return bestReason;
    }

    /** True when the best is a downstream response (see {@link #parseBest}), false when we made it up. */
    boolean bestIsReceived()
    {
        return bestRank != NONE && bestLength > 0;
    }

    /** Parses the stored best response into m. */
    boolean parseBest(final SipMessage m)
    {
        return bestLength > 0 && m.parse(bestBytes, 0, bestLength);
    }

    /** The challenges of the 401/407 responses of the other branches than the chosen one. */
    void otherChallenges(final List<Challenge> out)
    {
        for (int i = 0; i < challenges.size(); i++)
        {
            if (challenges.get(i).branch() != bestBranch)
            {
                out.add(challenges.get(i));
            }
        }
    }

    /** Lower is better (RFC 3261 16.7 step 6). */
    static int rank(final int code)
    {
        if (code >= 600)
        {
            return 0;
        }
        final boolean actionable = code == 401 || code == 407 || code == 415 || code == 420 || code == 484;
        return (code / 100) * 2 + (actionable ? 0 : 1);
    }
}
