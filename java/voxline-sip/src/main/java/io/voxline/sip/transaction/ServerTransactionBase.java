package io.voxline.sip.transaction;

import java.net.InetSocketAddress;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.parse.BufferView;

/**
 * What both server machines share: the request's source and where responses go (RFC 3261 18.2.2, RFC 3581;
 * on TCP and TLS the request's own connection first),
 * the last response (kept to answer retransmitted requests), and the two ways a TU responds.
 */
abstract class ServerTransactionBase extends Transaction implements ServerTransaction
{
    final InetSocketAddress source;
    final InetSocketAddress responseDestination;
    final String sourceIp;
    final SipMethod method;
    private UnsafeBuffer response;
    private int responseLength;
    int lastStatusCode;
    /** The To tag of our responses, reused for the 200 to a CANCEL (RFC 3261 9.2). */
    String toTag;

    ServerTransactionBase(
        final TransactionLayer layer,
        final String key,
        final UnsafeBuffer requestBuffer,
        final SipMessage request,
        final InetSocketAddress source)
    {
        super(layer, key, requestBuffer, request);
        this.source = source;
        this.responseDestination = layer.isReliable() ? TransactionLayer.reconnectDestination(request.topVia(), source) :
            TransactionLayer.responseDestination(request.topVia(), source);
        this.sourceIp = source.getAddress().getHostAddress();
        this.method = request.method();
    }

    @Override
    public final SipMethod method()
    {
        return method;
    }

    @Override
    public final InetSocketAddress source()
    {
        return source;
    }

    /**
     * Where this transaction's responses go: on UDP by the Via rules; on a stream transport, the request's
     * connection (to source) while it is open, else a new connection to this address.
     */
    @Override
    public final InetSocketAddress responseDestination()
    {
        return responseDestination;
    }

    @Override
    public final int lastStatusCode()
    {
        return lastStatusCode;
    }

    @Override
    final boolean isClient()
    {
        return false;
    }

    @Override
    public final boolean respond(final int statusCode, final String reasonPhrase, final String toTag)
    {
        final int len = write(statusCode, 100, reasonPhrase, toTag);
        if (len <= 0)
        {
            return false;
        }
        if (toTag != null && statusCode > 100 && this.toTag == null)
        {
            this.toTag = toTag;
        }
        return store(statusCode, layer.scratch(), 0, len);
    }

    @Override
    public final boolean respond(final DirectBuffer buffer, final int offset, final int length)
    {
        final SipMessage parsed = parseOwn(buffer, offset, length, 100);
        if (parsed == null)
        {
            return false;
        }
        final int code = parsed.statusCode();
        final BufferView tag = parsed.toTag();
        if (tag != null && code > 100 && toTag == null)
        {
            toTag = tag.toString();
        }
        return store(code, buffer, parsed.offset(), parsed.length());
    }

    @Override
    public final boolean rejectStatelessly(final DirectBuffer buffer, final int offset, final int length)
    {
        final SipMessage parsed = parseOwn(buffer, offset, length, 300);
        return parsed != null && sendStateless(parsed.statusCode(), buffer, offset, length);
    }

    @Override
    public final boolean rejectStatelessly(final int statusCode, final String reasonPhrase, final String toTag)
    {
        final int len = write(statusCode, 300, reasonPhrase, toTag);
        return len > 0 && sendStateless(statusCode, layer.scratch(), 0, len);
    }

    /** Our response to the request, written into the layer's scratch: its length, or -1 (counted as refused). */
    private int write(final int statusCode, final int lowest, final String reasonPhrase, final String toTag)
    {
        final int len = statusCode < lowest || statusCode > 699 || !acceptsResponse(statusCode) ? -1 :
            layer.writeResponse(request(), statusCode, reasonPhrase, toTag, sourceIp, source.getPort());
        if (len <= 0)
        {
            layer.counters().refusedResponses++;
        }
        return len;
    }

    /** The TU's response parsed (status at least lowest, one this machine takes now), or null (counted as refused). */
    private SipMessage parseOwn(final DirectBuffer buffer, final int offset, final int length, final int lowest)
    {
        final SipMessage parsed = layer.scratchMessage();
        if (buffer == null || !parsed.parse(buffer, offset, length) || !parsed.isResponse() || parsed.statusCode() < lowest ||
            !acceptsResponse(parsed.statusCode()))
        {
            layer.counters().refusedResponses++;
            return null;
        }
        return parsed;
    }

    /** True once the transaction is gone, whether or not the send itself worked (a failure is counted there). */
    private boolean sendStateless(final int code, final DirectBuffer buffer, final int offset, final int length)
    {
        lastStatusCode = code;
        layer.respondStateless(buffer, offset, length, request().topVia(), source);
        terminateStateless();
        return true;
    }

    /** Terminated at once, without a response stored: {@link #rejectStatelessly}. */
    abstract void terminateStateless();

    private boolean store(final int code, final DirectBuffer src, final int offset, final int length)
    {
        if (response == null || response.capacity() < length)
        {
            response = new UnsafeBuffer(new byte[Math.max(length, 512)]);
        }
        response.putBytes(0, src, offset, length);
        responseLength = length;
        lastStatusCode = code;
        onResponseStored(code);
        return true;
    }

    /** Sends the stored last response (again). */
    final void sendResponse()
    {
        if (responseLength > 0)
        {
            layer.sendResponse(response, 0, responseLength, source, responseDestination);
        }
    }

    /** The To tag of our responses: the one we added, else the request's own (a request inside a dialog), else null. */
    final String responseToTag()
    {
        if (toTag != null)
        {
            return toTag;
        }
        final BufferView tag = request().toTag();
        return tag == null ? null : tag.toString();
    }

    final boolean hasResponse()
    {
        return responseLength > 0;
    }

    /** True while the machine takes this response from the TU: before a final one (and 2xx in INVITE's Accepted). */
    abstract boolean acceptsResponse(int code);

    /** The TU's response is stored: the machine sends it and moves on. */
    abstract void onResponseStored(int code);

    /** The request arrived again. */
    abstract void onRetransmission();

    /** Starts the machine's first timers. */
    abstract void start();
}
