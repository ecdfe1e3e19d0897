package io.voxline.proxy.registrar;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.voxline.sip.transaction.TimerService;

/**
 * Address-of-record to contact bindings (RFC 3261 §10), each removed by a timer when it expires. Keys are
 * "user@domain": the user as written (user parts are case-sensitive), the domain in lower case. Bounded
 * (contacts per AOR, AORs in all) so a flood of REGISTERs cannot exhaust memory. Owning thread only.
 */
public final class LocationService
{
    public static final int MAX_CONTACTS_PER_AOR = 16;
    public static final int MAX_AORS = 10_000;

    private final TimerService timers;
    private final Map<String, List<Binding>> byAor = new HashMap<>();
    /** Every address a binding names (its Contact's, where it registered from), with how many name it. */
    private final Map<InetSocketAddress, Integer> addresses = new HashMap<>();
    private int bindingCount;

    public LocationService(final TimerService timers)
    {
        this.timers = timers;
    }

    /** The key of user@domain. */
    public static String aor(final CharSequence user, final CharSequence domain)
    {
        return user.toString() + '@' + domain.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * True when a registered phone is at address: a binding's Contact points there or it registered from there.
     * What may reach our own users unauthenticated inside a dialog (and nothing else).
     */
    public boolean isBoundAddress(final InetSocketAddress address)
    {
        return address != null && addresses.containsKey(address);
    }

    /** The most recently refreshed binding of user@domain, or null. */
    public Binding lookup(final CharSequence user, final CharSequence domain)
    {
        if (user == null || domain == null || byAor.isEmpty())
        {
            return null;
        }
        final List<Binding> list = byAor.get(aor(user, domain));
        if (list == null)
        {
            return null;
        }
        Binding best = null;
        for (int i = 0; i < list.size(); i++)
        {
            final Binding b = list.get(i);
            if (best == null || b.registeredAtMs() - best.registeredAtMs() >= 0)
            {
                best = b;
            }
        }
        return best;
    }

    /** The most recently refreshed binding of user under any domain, or null (a registrar that serves any domain). */
    public Binding lookupUser(final CharSequence user)
    {
        if (user == null || byAor.isEmpty())
        {
            return null;
        }
        final String prefix = user.toString() + '@';
        Binding best = null;
        for (final Map.Entry<String, List<Binding>> e : byAor.entrySet())
        {
            if (e.getKey().startsWith(prefix))
            {
                final List<Binding> list = e.getValue();
                for (int i = 0; i < list.size(); i++)
                {
                    final Binding b = list.get(i);
                    if (best == null || b.registeredAtMs() - best.registeredAtMs() > 0)
                    {
                        best = b;
                    }
                }
            }
        }
        return best;
    }

    /**
     * Every binding of user@domain into out, most recently refreshed first (the order a proxy tries them in
     * when it cannot fork); the number added, at most max.
     */
    public int collect(final CharSequence user, final CharSequence domain, final List<Binding> out, final int max)
    {
        if (user == null || domain == null || byAor.isEmpty())
        {
            return 0;
        }
        final List<Binding> list = byAor.get(aor(user, domain));
        return list == null ? 0 : addNewestFirst(list, out, max);
    }

    /** Every binding of user under any domain into out, most recent first; the number added, at most max. */
    public int collectUser(final CharSequence user, final List<Binding> out, final int max)
    {
        if (user == null || byAor.isEmpty())
        {
            return 0;
        }
        final String prefix = user.toString() + '@';
        int added = 0;
        for (final Map.Entry<String, List<Binding>> e : byAor.entrySet())
        {
            if (e.getKey().startsWith(prefix))
            {
                added += addNewestFirst(e.getValue(), out, max - added);
            }
        }
        return added;
    }

    private static int addNewestFirst(final List<Binding> list, final List<Binding> out, final int max)
    {
        int added = 0;
        for (int i = 0; i < list.size() && added < max; i++)
        {
            final Binding b = list.get(i);
            int at = out.size();
            while (at > 0 && b.registeredAtMs() - out.get(at - 1).registeredAtMs() > 0)
            {
                at--;
            }
            out.add(at, b);
            added++;
        }
        return added;
    }

    /** The bindings of an AOR key (see {@link #aor}), oldest first; empty when none. */
    public List<Binding> bindings(final String aor)
    {
        final List<Binding> list = byAor.get(aor);
        return list == null ? List.of() : Collections.unmodifiableList(list);
    }

    /** Contacts bound, over all AORs. */
    public int bindingCount()
    {
        return bindingCount;
    }

    public int aorCount()
    {
        return byAor.size();
    }

    public long nowMs()
    {
        return timers.nowMs();
    }

    /** The binding of contactUri under aor, or null. */
    Binding find(final String aor, final String contactUri)
    {
        final List<Binding> list = byAor.get(aor);
        if (list != null)
        {
            for (int i = 0; i < list.size(); i++)
            {
                if (list.get(i).contactUri().equals(contactUri))
                {
                    return list.get(i);
                }
            }
        }
        return null;
    }

    /** True when count more new contacts fit under aor. */
    boolean hasRoom(final String aor, final int count)
    {
        final List<Binding> list = byAor.get(aor);
        if (list == null)
        {
            return count == 0 || (byAor.size() < MAX_AORS && count <= MAX_CONTACTS_PER_AOR);
        }
        return list.size() + count <= MAX_CONTACTS_PER_AOR;
    }

    /** Adds or refreshes a binding that expires expiresSeconds from now; restarts its expiry timer. */
    Binding bind(
        final String aor, final String contactUri, final long expiresSeconds, final InetSocketAddress source,
        final String callId, final long cseq)
    {
        return bind(aor, contactUri, expiresSeconds, source, -1, 0, callId, cseq);
    }

    /** As above, remembering the transport (index) and the TCP/TLS connection (id, or 0) the REGISTER came on. */
    Binding bind(
        final String aor, final String contactUri, final long expiresSeconds, final InetSocketAddress source,
        final int transportIndex, final long connectionId, final String callId, final long cseq)
    {
        Binding b = find(aor, contactUri);
        if (b == null)
        {
            b = new Binding(aor, contactUri);
            byAor.computeIfAbsent(aor, k -> new ArrayList<>(2)).add(b);
            bindingCount++;
            index(b.contactAddress(), 1);
        }
        else
        {
            timers.cancel(b.timerId);
            index(b.source(), -1);
        }
        final long now = timers.nowMs();
        final long delayMs = expiresSeconds * 1000;
        b.refresh(source, transportIndex, connectionId, callId, cseq, now, now + delayMs);
        index(source, 1);
        final Binding bound = b;
        b.timerId = timers.schedule(delayMs, id -> onExpiry(bound, id));
        return b;
    }

    /** Removes one binding; false when it was not there. */
    boolean unbind(final Binding b)
    {
        final List<Binding> list = byAor.get(b.aor());
        if (list == null || !list.remove(b))
        {
            return false;
        }
        timers.cancel(b.timerId);
        b.timerId = TimerService.NO_TIMER;
        bindingCount--;
        index(b.contactAddress(), -1);
        index(b.source(), -1);
        if (list.isEmpty())
        {
            byAor.remove(b.aor());
        }
        return true;
    }

    /** Removes every binding of aor (Contact: * with Expires: 0). */
    void unbindAll(final String aor)
    {
        final List<Binding> list = byAor.get(aor);
        if (list == null)
        {
            return;
        }
        for (int i = list.size() - 1; i >= 0; i--)
        {
            unbind(list.get(i));
        }
    }

    private void onExpiry(final Binding b, final long timerId)
    {
        // a refresh re-armed the binding with a new timer: this one is stale
        if (b.timerId == timerId)
        {
            b.timerId = TimerService.NO_TIMER;
            unbind(b);
        }
    }

    private void index(final InetSocketAddress address, final int delta)
    {
        if (address != null)
        {
            addresses.merge(address, delta, (a, d) -> a + d == 0 ? null : a + d);
        }
    }
}
