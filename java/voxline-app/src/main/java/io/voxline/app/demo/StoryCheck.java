package io.voxline.app.demo;

import java.util.ArrayList;
import java.util.List;

import io.voxline.app.capture.CapturedPacket;
import io.voxline.sip.message.SipMethod;

/**
 * Checks, from what crossed the sockets, that the seed call happened as the story says: the seven steps in
 * order, every request and response passing both proxies with a Via pushed on the way in and popped on the
 * way back, and voice flowing directly between the two gateways.
 */
public final class StoryCheck
{
    private final List<CapturedPacket> packets;
    private final Element a;
    private final Element p1;
    private final Element p2;
    private final Element b;
    private final List<SipHop> hops = new ArrayList<>();
    private final List<String> passed = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private int cursor;
    private String callId;

    public StoryCheck(final List<CapturedPacket> packets, final Element a, final Element p1, final Element p2, final Element b)
    {
        this.packets = packets;
        this.a = a;
        this.p1 = p1;
        this.p2 = p2;
        this.b = b;
        final List<Element> all = List.of(a, p1, p2, b);
        for (int i = 0; i < packets.size(); i++)
        {
            final SipHop h = SipHop.of(i, packets.get(i), all);
            if (h != null)
            {
                hops.add(h);
            }
        }
    }

    public List<SipHop> hops()
    {
        return hops;
    }

    /** The Call-ID of the story's INVITE, or null when there was none. */
    public String callId()
    {
        return callId;
    }

    public List<String> passed()
    {
        return passed;
    }

    public List<String> failures()
    {
        return failures;
    }

    public boolean ok()
    {
        return failures.isEmpty();
    }

    /** Runs every check; read passed() and failures() afterwards. */
    public StoryCheck verify()
    {
        final int invite = request("1. INVITE A -> proxy 1 -> proxy 2 -> B", SipMethod.INVITE);
        if (invite < 0)
        {
            return this;
        }
        response("2. 180 Ringing B -> proxy 2 -> proxy 1 -> A", 180, SipMethod.INVITE);
        final int ok = response("3. 200 OK B -> proxy 2 -> proxy 1 -> A", 200, SipMethod.INVITE);
        request("4. ACK A -> proxy 1 -> proxy 2 -> B", SipMethod.ACK);
        final int byeStart = cursor;
        final int bye = request("6. BYE A -> proxy 1 -> proxy 2 -> B", SipMethod.BYE);
        response("7. 200 OK (BYE) B -> proxy 2 -> proxy 1 -> A", 200, SipMethod.BYE);
        voice(ok < 0 ? 0 : hops.get(ok).index(), bye < 0 ? packets.size() : hops.get(Math.max(bye, byeStart)).index());
        passed.sort(null); // steps are numbered: report them in story order
        return this;
    }

    private int request(final String step, final SipMethod method)
    {
        final int first = hop(step, method, 0, a, p1, 1);
        if (first < 0)
        {
            return -1;
        }
        if (method == SipMethod.INVITE)
        {
            callId = hops.get(first).callId();
        }
        final SipHop h1 = hops.get(first);
        if (hop(step, method, 0, p1, p2, 2) < 0 || hop(step, method, 0, p2, b, 3) < 0)
        {
            return -1;
        }
        if (method == SipMethod.INVITE)
        {
            final SipHop atB = hops.get(cursor - 1);
            if (atB.recordRoutes().size() != 2)
            {
                failures.add(step + ": the INVITE reached B with " + atB.recordRoutes().size() + " Record-Route headers, not 2 (one per proxy)");
            }
            if (!h1.requestUri().contains("201"))
            {
                failures.add(step + ": the INVITE's Request-URI is " + h1.requestUri());
            }
        }
        passed.add(step + " (Via: 1, 2, 3)");
        return first;
    }

    private int response(final String step, final int status, final SipMethod cseq)
    {
        final int first = hop(step, cseq, status, b, p2, 3);
        if (first < 0 || hop(step, cseq, status, p2, p1, 2) < 0 || hop(step, cseq, status, p1, a, 1) < 0)
        {
            return -1;
        }
        passed.add(step + " (Via: 3, 2, 1)");
        return first;
    }

    /** Finds the next hop of this kind from the cursor on; checks its Via stack. */
    private int hop(final String step, final SipMethod method, final int status, final Element from, final Element to, final int vias)
    {
        for (int i = cursor; i < hops.size(); i++)
        {
            final SipHop h = hops.get(i);
            final boolean kind = status == 0 ? h.request() && h.method() == method : !h.request() && h.status() == status && h.cseqMethod() == method;
            if (!kind || h.from() != from || h.to() != to || (callId != null && !callId.equals(h.callId())))
            {
                continue;
            }
            cursor = i + 1;
            if (h.viaCount() != vias)
            {
                failures.add(step + ": " + h.label() + " " + from.name() + " -> " + to.name() + " carried " + h.viaCount() + " Via headers, expected " + vias);
            }
            else
            {
                final Element top = status == 0 ? from : to;
                final String sentBy = h.viaSentBy().get(0);
                final String expect = top.sip().getAddress().getHostAddress() + ":" + top.sip().getPort();
                if (!sentBy.equals(expect))
                {
                    failures.add(step + ": " + h.label() + " " + from.name() + " -> " + to.name() + " has top Via " + sentBy + ", expected " + expect);
                }
            }
            return i;
        }
        failures.add(step + ": no " + (status == 0 ? method.name() : status + " (" + method.name() + ")") + " from " + from.name() + " to " + to.name() + " after the previous step");
        return -1;
    }

    private void voice(final int fromIndex, final int toIndex)
    {
        int ab = 0;
        int ba = 0;
        int stray = 0;
        for (int i = 0; i < packets.size(); i++)
        {
            final CapturedPacket p = packets.get(i);
            if (!p.isRtp())
            {
                continue;
            }
            if (a.owns(p.source()) && b.owns(p.destination()))
            {
                ab += i > fromIndex && i < toIndex ? 1 : 0;
            }
            else if (b.owns(p.source()) && a.owns(p.destination()))
            {
                ba += i > fromIndex && i < toIndex ? 1 : 0;
            }
            else
            {
                stray++;
            }
        }
        final String step = "5. RTP voice directly between A and B";
        if (ab == 0 || ba == 0)
        {
            failures.add(step + ": " + ab + " packets A -> B and " + ba + " B -> A between the 200 OK and the BYE");
        }
        else if (stray > 0)
        {
            failures.add(step + ": " + stray + " RTP packets went somewhere other than between the two gateways");
        }
        else
        {
            passed.add(step + " (" + ab + " packets A -> B, " + ba + " B -> A, none through a proxy)");
        }
    }
}
