package io.voxline.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.Via;
import io.voxline.sip.parse.BufferView;

/**
 * The Via branch of a request this proxy forwards without a transaction (an ACK for a 2xx, a CANCEL that matched
 * nothing here, RFC 3261 16.10 and 16.11), and the proof that a response answers one of them. The branch is a
 * keyed hash (HMAC-SHA256, a key of this proxy's) of what the request and its response share — the previous hop's
 * Via branch and sent-by, Call-ID, CSeq number, From tag — and of the address the response will be sent back to.
 * So a retransmission gets the same branch (16.11), and a response that matches no transaction here is forwarded
 * statelessly only when its top Via is such a branch for the Via below it: RFC 6026 has a stateful element discard
 * every other unmatched response, and a forged one cannot aim us at a third party (its received, rport or sent-by
 * changed breaks the hash). On the owning thread only; allocates the branch String.
 */
final class StatelessBranches
{
    /** What our stateless branches start with: the magic cookie, then "sl". */
    static final String PREFIX = Via.MAGIC_COOKIE + "sl";

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final byte[] digest;

    StatelessBranches(final byte[] key)
    {
        try
        {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            // every Java platform has HmacSHA256
            throw new IllegalStateException("no " + ALGORITHM, ex);
        }
        digest = new byte[mac.getMacLength()];
    }

    /**
     * The branch for request, received from source, forwarded statelessly: its response goes back where RFC 3261
     * 18.2.2 and RFC 3581 say (source's address; its port when the top Via asks for rport, else the sent-by port),
     * which is also where {@link io.voxline.sip.transaction.TransactionLayer#forwardedResponseDestination} will
     * find it in the Via as we pass it on (received and rport filled).
     */
    String forRequest(final SipMessage request, final InetSocketAddress source)
    {
        final Via top = request.topVia();
        final int port = top.hasRport() ? source.getPort() : top.portOrDefault();
        return branch(top, request, source.getAddress(), port);
    }

    /**
     * True when response's top Via branch is the one {@link #forRequest} made for the request described by nextVia
     * (the Via below ours, as we forwarded it), sent back to to.
     */
    boolean answersStatelessRequest(final SipMessage response, final Via nextVia, final InetSocketAddress to)
    {
        final BufferView branch = response.topVia().branch();
        if (branch == null || to == null || to.getAddress() == null || !startsWith(branch, PREFIX))
        {
            return false;
        }
        return branch.contentEquals(branch(nextVia, response, to.getAddress(), to.getPort()));
    }

    private String branch(final Via previousHop, final SipMessage m, final InetAddress address, final int port)
    {
        final BufferView previousBranch = previousHop.isValid() ? previousHop.branch() : null;
        update(previousBranch);
        update(previousHop.isValid() ? previousHop.host() : null);
        updateLong(previousHop.isValid() ? previousHop.portOrDefault() : -1);
        update(m.callId());
        updateLong(m.cseqNumber());
        update(m.fromTag());
        final byte[] ip = address == null ? new byte[0] : address.getAddress();
        mac.update(ip, 0, ip.length);
        updateLong(port);
        try
        {
            mac.doFinal(digest, 0);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        final StringBuilder sb = new StringBuilder(PREFIX.length() + 16).append(PREFIX);
        for (int i = 0; i < 8; i++)
        {
            sb.append(HEX[(digest[i] >> 4) & 0xF]).append(HEX[digest[i] & 0xF]);
        }
        return sb.toString();
    }

    /** The bytes of text and a separator, so ("ab", "c") and ("a", "bc") differ. */
    private void update(final BufferView text)
    {
        if (text != null)
        {
            for (int i = 0; i < text.length(); i++)
            {
                mac.update((byte)text.byteAt(i));
            }
        }
        mac.update((byte)0);
    }

    private void updateLong(final long v)
    {
        for (int i = 56; i >= 0; i -= 8)
        {
            mac.update((byte)(v >>> i));
        }
    }

    private static boolean startsWith(final BufferView s, final String prefix)
    {
        if (s.length() < prefix.length())
        {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++)
        {
            if (s.charAt(i) != prefix.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
