package io.voxline.app.demo;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.app.capture.CapturedPacket;
import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.Via;

/** One SIP datagram between two elements, read back from a capture. */
public record SipHop(
    int index,
    Element from,
    Element to,
    boolean request,
    SipMethod method,
    String methodName,
    int status,
    String reason,
    SipMethod cseqMethod,
    String callId,
    List<String> viaSentBy,
    String requestUri,
    List<String> recordRoutes,
    String text)
{
    public String label()
    {
        return request ? methodName : status + " " + reason;
    }

    public int viaCount()
    {
        return viaSentBy.size();
    }

    /** Parses a captured packet; null if it is not SIP or not between two known elements. */
    static SipHop of(final int index, final CapturedPacket p, final List<Element> elements)
    {
        final Element from = find(elements, p);
        final Element to = findTo(elements, p);
        if (from == null || to == null || p.isRtp())
        {
            return null;
        }
        final SipMessage m = new SipMessage();
        if (!m.parse(new UnsafeBuffer(p.payload()), 0, p.payload().length))
        {
            return null;
        }
        final List<String> vias = new ArrayList<>();
        final Via via = new Via();
        for (int i = m.first(HeaderName.VIA); i >= 0; i = m.next(HeaderName.VIA, i))
        {
            if (via.parse(m, i))
            {
                vias.add(via.host() + ":" + via.portOrDefault());
            }
        }
        final List<String> rr = new ArrayList<>();
        for (int i = m.first(HeaderName.RECORD_ROUTE); i >= 0; i = m.next(HeaderName.RECORD_ROUTE, i))
        {
            rr.add(m.value(i).toString());
        }
        return new SipHop(index, from, to, m.isRequest(), m.isRequest() ? m.method() : null,
            m.isRequest() ? m.methodName().toString() : null, m.isRequest() ? 0 : m.statusCode(),
            m.isRequest() ? null : m.reasonPhrase().toString(), m.cseqMethod(), m.callId().toString(), List.copyOf(vias),
            m.isRequest() ? m.requestUri().toString() : null, List.copyOf(rr), p.text());
    }

    private static Element find(final List<Element> elements, final CapturedPacket p)
    {
        for (final Element e : elements)
        {
            if (e.owns(p.source()))
            {
                return e;
            }
        }
        return null;
    }

    private static Element findTo(final List<Element> elements, final CapturedPacket p)
    {
        for (final Element e : elements)
        {
            if (e.owns(p.destination()))
            {
                return e;
            }
        }
        return null;
    }
}
