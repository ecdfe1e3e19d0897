package io.voxline.sip.transaction;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.voxline.sip.message.SipMessage;

/** A TransactionUser that records what the layer hands up; tests may answer from inside the callbacks. */
public final class RecordingUser implements TransactionUser
{
    /** A request handed up, with its server transaction (null for an ACK). */
    public static final class Request
    {
        public final ServerTransaction st;
        public final String text;
        public final InetSocketAddress source;

        Request(final ServerTransaction st, final String text, final InetSocketAddress source)
        {
            this.st = st;
            this.text = text;
            this.source = source;
        }

        public String firstLine()
        {
            return text.substring(0, text.indexOf("\r\n"));
        }
    }

    public final List<Request> requests = new ArrayList<>();
    public final List<String> strayResponses = new ArrayList<>();
    public final List<ServerTransaction> cancelled = new ArrayList<>();
    public final List<String> cancels = new ArrayList<>();
    public BiConsumer<ServerTransaction, SipMessage> onRequest = (st, m) -> { };
    public BiConsumer<ServerTransaction, SipMessage> onCancel = (st, m) -> { };
    public BiConsumer<SipMessage, InetSocketAddress> onStray = (m, s) -> { };

    @Override
    public void onRequest(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
    {
        requests.add(new Request(st, request.toString(), source));
        onRequest.accept(st, request);
    }

    @Override
    public void onStrayResponse(final SipMessage response, final InetSocketAddress source)
    {
        strayResponses.add(response.toString());
        onStray.accept(response, source);
    }

    @Override
    public void onCancel(final ServerTransaction invite, final SipMessage cancel)
    {
        cancelled.add(invite);
        cancels.add(cancel.toString());
        onCancel.accept(invite, cancel);
    }

    public Request lastRequest()
    {
        return requests.get(requests.size() - 1);
    }
}
