package io.voxline.sip.transaction;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import io.voxline.sip.message.SipMessage;

/** A ClientTransactionListener that records status codes, timeouts and transport errors. */
public final class RecordingListener implements ClientTransactionListener
{
    public final List<Integer> codes = new ArrayList<>();
    public final List<String> responses = new ArrayList<>();
    public int timeouts;
    public int transportErrors;
    public BiConsumer<ClientTransaction, SipMessage> onResponse = (t, r) -> { };

    @Override
    public void onResponse(final ClientTransaction transaction, final SipMessage response)
    {
        codes.add(response.statusCode());
        responses.add(response.toString());
        onResponse.accept(transaction, response);
    }

    @Override
    public void onTimeout(final ClientTransaction transaction)
    {
        timeouts++;
    }

    @Override
    public void onTransportError(final ClientTransaction transaction)
    {
        transportErrors++;
    }
}
