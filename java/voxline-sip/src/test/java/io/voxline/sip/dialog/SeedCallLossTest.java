package io.voxline.sip.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.message.HeaderName;
import io.voxline.sip.message.SipIds;
import io.voxline.sip.message.SipMessage;
import io.voxline.sip.message.SipMessageWriter;
import io.voxline.sip.message.SipMethod;
import io.voxline.sip.message.SipResponses;
import io.voxline.sip.transaction.ClientTransaction;
import io.voxline.sip.transaction.ClientTransactionListener;
import io.voxline.sip.transaction.RecordingListener;
import io.voxline.sip.transaction.ServerTransaction;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transaction.TransactionUser;
import io.voxline.sip.transaction.Wire;

/**
 * The seed call between two UA cores at the transaction and dialog level, over a network that loses chosen
 * datagrams once: INVITE, 180, 200, ACK, BYE, 200 — the transaction layers and the end-to-end helpers recover.
 */
class SeedCallLossTest
{
    private static final InetSocketAddress A = Wire.A;
    private static final InetSocketAddress B = Wire.B;

    private final LossyNetwork net = new LossyNetwork();
    private final Caller caller = new Caller();
    private final Callee callee = new Callee();

    /** Phone A's UA core: INVITE, ACK for the 2xx (again for each retransmitted 2xx), BYE, CANCEL. */
    private final class Caller implements TransactionUser, ClientTransactionListener
    {
        final TransactionLayer layer =
            new TransactionLayer(net.transport(A), net.timers, Wire.CONFIG, this, new SipIds(new SplittableRandom(11)));
        final AckRetransmission acks = new AckRetransmission(layer);
        final List<Integer> inviteCodes = new ArrayList<>();
        final RecordingListener byeListener = new RecordingListener();
        final SipMessageWriter w = new SipMessageWriter();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        SipMessage invite;
        ClientTransaction inviteTx;
        Dialog dialog;
        int strays;

        void call()
        {
            final String text = Wire.invite(layer.newBranch());
            invite = Wire.parse(text);
            final UnsafeBuffer b = Wire.buffer(text);
            inviteTx = layer.sendRequest(b, 0, b.capacity(), B, this);
        }

        void hangUp()
        {
            if (dialog == null || dialog.isEarly())
            {
                inviteTx.cancel();
                return;
            }
            final int len = dialog.writeBye(w.wrap(out, 0), layer);
            layer.sendRequest(out, 0, len, dialog.nextHop(), byeListener);
            dialog.terminate();
        }

        @Override
        public void onResponse(final ClientTransaction transaction, final SipMessage response)
        {
            inviteCodes.add(response.statusCode());
            final int code = response.statusCode();
            if (code >= 200 && code < 300 && dialog != null && dialog.isConfirmed() && dialog.matchesResponse(response))
            {
                // RFC 6026: the 2xx again, through the Accepted transaction: our ACK was lost, the same one again
                acks.onRetransmittedAnswer(response);
                return;
            }
            if (code > 100 && code < 300 && response.toTag() != null)
            {
                if (dialog == null)
                {
                    dialog = Dialog.createUac(invite, response, "<sip:101@127.0.0.1:5062>");
                }
                else
                {
                    dialog.onResponse(response);
                }
            }
            if (code >= 200 && code < 300)
            {
                final int len = dialog.writeAck(w.wrap(out, 0), invite.cseqNumber(), layer);
                layer.sendStateless(out, 0, len, dialog.nextHop());
                acks.remember(out, 0, len, dialog.nextHop());
            }
        }

        @Override
        public void onTimeout(final ClientTransaction transaction)
        {
            inviteCodes.add(408);
        }

        @Override
        public void onRequest(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
        {
            st.respond(501, null, "ta");
        }

        @Override
        public void onStrayResponse(final SipMessage response, final InetSocketAddress source)
        {
            // a 2xx later than the INVITE transaction's 64*T1 Accepted state: nothing of this call is left to ACK
            strays++;
        }

        @Override
        public void onCancel(final ServerTransaction invite, final SipMessage cancel)
        {
        }
    }

    /** Phone B's UA core: 180 at once, 200 when picked up (retransmitted until the ACK), 200 to BYE, 487 on CANCEL. */
    private final class Callee implements TransactionUser
    {
        final TransactionLayer layer =
            new TransactionLayer(net.transport(B), net.timers, Wire.CONFIG, this, new SipIds(new SplittableRandom(12)));
        final List<String> requests = new ArrayList<>();
        final List<AnswerRetransmission> ackTimeouts = new ArrayList<>();
        final AnswerRetransmission answer = new AnswerRetransmission(layer, ackTimeouts::add);
        final SipMessageWriter w = new SipMessageWriter();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        ServerTransaction inviteSt;
        Dialog dialog;
        int acked;

        @Override
        public void onRequest(final ServerTransaction st, final SipMessage request, final InetSocketAddress source)
        {
            requests.add(request.method().name());
            switch (request.method())
            {
                case INVITE:
                    inviteSt = st;
                    st.respond(180, null, "tb");
                    dialog = Dialog.createUas(request, "tb", "<sip:201@127.0.0.2:5064>");
                    break;
                case ACK:
                    if (dialog != null && dialog.checkRequest(request) == InDialogCheck.OK && answer.onAck(request))
                    {
                        acked++;
                    }
                    break;
                case BYE:
                    final InDialogCheck check = dialog == null ? InDialogCheck.NO_DIALOG : dialog.checkRequest(request);
                    if (check != InDialogCheck.OK)
                    {
                        st.respond(check.statusCode(), check.reasonPhrase(), "tb");
                        break;
                    }
                    st.respond(200, null, null);
                    dialog.terminate();
                    answer.stop();
                    break;
                default:
                    st.respond(405, null, "tb");
            }
        }

        void pickUp()
        {
            final SipMessage request = inviteSt.request();
            w.wrap(out, 0);
            SipResponses.writeResponse(w, request, 200, null, "tb",
                inviteSt.source().getAddress().getHostAddress(), inviteSt.source().getPort());
            w.header(HeaderName.CONTACT, "<sip:201@127.0.0.2:5064>");
            final int len = w.endHeaders();
            assertTrue(inviteSt.respond(out, 0, len));
            dialog.confirm();
            answer.start(inviteSt, out, 0, len);
        }

        @Override
        public void onStrayResponse(final SipMessage response, final InetSocketAddress source)
        {
        }

        @Override
        public void onCancel(final ServerTransaction invite, final SipMessage cancel)
        {
            requests.add("CANCEL");
            invite.respond(487, null, "tb");
            dialog.terminate();
        }
    }

    SeedCallLossTest()
    {
        net.attach(A, caller.layer);
        net.attach(B, callee.layer);
    }

    private static boolean is(final LossyNetwork.Datagram d, final String firstLinePrefix, final String cseq)
    {
        return d.firstLine().startsWith(firstLinePrefix) && d.has("CSeq: " + cseq + "\r\n");
    }

    private void assertAllTransactionsEnd()
    {
        net.run(70_000);
        assertEquals(0, caller.layer.clientTransactionCount(), net.ladder());
        assertEquals(0, caller.layer.serverTransactionCount());
        assertEquals(0, callee.layer.clientTransactionCount());
        assertEquals(0, callee.layer.serverTransactionCount());
        assertEquals(0, net.timers.pendingCount(), "no timer left behind");
    }

    @Test
    void aLostInviteIsRetransmittedByTimerAAndALost200ForByeIsAnsweredFromTheServerTransaction()
    {
        net.dropOnce(d -> d.firstLine().startsWith("INVITE "));
        net.dropOnce(d -> is(d, "SIP/2.0 200", "2 BYE"));

        caller.call();
        net.run(2000);
        assertEquals(List.of("INVITE"), callee.requests, "the retransmission arrived, once");
        assertEquals(List.of(180), caller.inviteCodes);
        assertTrue(caller.dialog.isEarly());
        final List<LossyNetwork.Datagram> invites = net.sent(A, "INVITE ", null);
        assertEquals(2, invites.size());
        assertTrue(invites.get(0).dropped);
        assertEquals(500, invites.get(1).atMs, "timer A = T1");

        callee.pickUp();
        net.run(3000);
        assertEquals(List.of(180, 200), caller.inviteCodes);
        assertTrue(caller.dialog.isConfirmed());
        assertEquals(1, callee.acked);
        assertEquals(1, net.sent(B, "SIP/2.0 200", "1 INVITE").size(), "ACKed at once: no 2xx retransmission");

        caller.hangUp();
        net.run(2000);
        final List<LossyNetwork.Datagram> byes = net.sent(A, "BYE ", null);
        assertEquals(2, byes.size(), net.ladder());
        assertEquals(byes.get(0).atMs + 500, byes.get(1).atMs, "timer E = T1");
        final List<LossyNetwork.Datagram> byeOks = net.sent(B, "SIP/2.0 200", "2 BYE");
        assertEquals(2, byeOks.size());
        assertTrue(byeOks.get(0).dropped);
        assertEquals(byeOks.get(0).text(), byeOks.get(1).text(), "the same response, from the transaction");
        assertEquals(List.of("INVITE", "ACK", "BYE"), callee.requests, "the retransmitted BYE never reached the core");
        assertEquals(List.of(200), caller.byeListener.codes);
        assertTrue(callee.dialog.isTerminated());
        assertTrue(callee.ackTimeouts.isEmpty());
        assertAllTransactionsEnd();
    }

    @Test
    void aLost200IsRetransmittedByTheUasCoreAndALostAckIsResentForThe2xxRetransmission()
    {
        net.dropOnce(d -> is(d, "SIP/2.0 200", "1 INVITE"));
        net.dropOnce(d -> d.firstLine().startsWith("ACK "));

        caller.call();
        net.run(1000);
        callee.pickUp();
        net.run(600);
        assertEquals(List.of(180, 200), caller.inviteCodes, "the 2xx came again at T1");
        net.run(1500);
        final List<LossyNetwork.Datagram> oks = net.sent(B, "SIP/2.0 200", "1 INVITE");
        assertEquals(3, oks.size(), net.ladder());
        assertTrue(oks.get(0).dropped);
        final List<LossyNetwork.Datagram> acks = net.sent(A, "ACK ", null);
        assertEquals(2, acks.size());
        assertTrue(acks.get(0).dropped);
        assertEquals(acks.get(0).text(), acks.get(1).text(), "the same ACK again");
        assertEquals(1, caller.acks.resent());
        assertEquals(1, callee.acked);
        assertEquals(List.of(180, 200, 200), caller.inviteCodes, "the 2xx again through the Accepted transaction (RFC 6026)");
        assertEquals(0, caller.strays);
        assertEquals(0, caller.layer.counters().strayResponses());
        net.run(40_000);
        assertEquals(3, net.sent(B, "SIP/2.0 200", "1 INVITE").size(), "stopped by the ACK");
        assertTrue(callee.ackTimeouts.isEmpty());

        caller.hangUp();
        assertAllTransactionsEnd();
        assertEquals(List.of(200), caller.byeListener.codes);
    }

    @Test
    void hangingUpWhileRingingCancelsOnBothSides()
    {
        caller.call();
        net.run(1000);
        caller.hangUp();
        net.run(100);
        assertEquals(List.of("INVITE", "CANCEL"), callee.requests);
        assertEquals(List.of(180, 487), caller.inviteCodes);
        final List<LossyNetwork.Datagram> cancels = net.sent(A, "CANCEL ", null);
        assertEquals(1, cancels.size());
        assertEquals(1, net.sent(B, "SIP/2.0 200", "1 CANCEL").size());
        final LossyNetwork.Datagram ack = net.sent(A, "ACK ", null).get(0);
        final SipMessage parsedAck = Wire.parse(ack.bytes);
        assertEquals(SipMethod.ACK, parsedAck.method());
        assertEquals(caller.invite.topVia().branch().toString(), parsedAck.topVia().branch().toString(),
            "the ACK for the 487 is the INVITE transaction's");
        assertNotNull(parsedAck.toTag());
        assertTrue(callee.dialog.isTerminated());
        assertTrue(!caller.inviteTx.isTerminated(), "Completed: timer D absorbs 487 retransmissions");
        assertAllTransactionsEnd();
        assertTrue(caller.inviteTx.isTerminated());
        assertEquals(1, net.sent(B, "SIP/2.0 487", null).size(), "ACKed: no timer G retransmission");
    }

    @Test
    void aCallAbandonedByTheCallerEndsWithTheAckTimeout()
    {
        caller.call();
        net.run(1000);
        // from now on A hears nothing: every 2xx and its retransmissions are lost
        net.attach(A, null);
        callee.pickUp();
        net.run(32_000);
        assertEquals(List.of(callee.answer), callee.ackTimeouts, "64*T1 without ACK: the TU is told, to send BYE");
        assertEquals(11, net.sent(B, "SIP/2.0 200", "1 INVITE").size());
    }
}
