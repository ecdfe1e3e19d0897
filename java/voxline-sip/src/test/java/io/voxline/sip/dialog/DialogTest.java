package io.voxline.sip.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
import io.voxline.sip.transaction.RecordingTransport;
import io.voxline.sip.transaction.RecordingUser;
import io.voxline.sip.transaction.SteppedTimers;
import io.voxline.sip.transaction.TransactionLayer;
import io.voxline.sip.transaction.Wire;

/**
 * The seed call's dialog through two record-routing proxies: A (127.0.0.1:5062) → proxy 1 (127.0.0.3:5070) →
 * proxy 2 (127.0.0.4:5080) → B (127.0.0.2:5064). Proxy 1 records its route first, proxy 2 above it.
 */
class DialogTest
{
    private static final String A_CONTACT = "<sip:101@127.0.0.1:5062>";
    private static final String B_CONTACT = "<sip:201@127.0.0.2:5064>";

    /** The INVITE as A sent it (to its outbound proxy). */
    private static final String INVITE_SENT = String.join("\r\n",
        "INVITE sip:201@b.test SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa;rport",
        "Max-Forwards: 70",
        "From: \"Phone A\" <sip:101@a.test>;tag=ta",
        "To: <sip:201@b.test>",
        "Call-ID: seed@127.0.0.1",
        "CSeq: 10 INVITE",
        "Contact: " + A_CONTACT,
        "Content-Length: 0", "", "");

    /** The INVITE as B received it. */
    private static final String INVITE_RECEIVED = String.join("\r\n",
        "INVITE sip:201@127.0.0.2:5064 SIP/2.0",
        "Via: SIP/2.0/UDP 127.0.0.4:5080;branch=z9hG4bKp2",
        "Via: SIP/2.0/UDP 127.0.0.3:5070;branch=z9hG4bKp1",
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa;rport=5062;received=127.0.0.1",
        "Record-Route: <sip:127.0.0.4:5080;lr>",
        "Record-Route: <sip:127.0.0.3:5070;lr>",
        "Max-Forwards: 68",
        "From: \"Phone A\" <sip:101@a.test>;tag=ta",
        "To: <sip:201@b.test>",
        "Call-ID: seed@127.0.0.1",
        "CSeq: 10 INVITE",
        "Contact: " + A_CONTACT,
        "Content-Length: 0", "", "");

    private static String atA(final int code, final String reason, final String... more)
    {
        final List<String> lines = new ArrayList<>(List.of(
            "SIP/2.0 " + code + " " + reason,
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKa;rport=5062;received=127.0.0.1",
            "Record-Route: <sip:127.0.0.4:5080;lr>, <sip:127.0.0.3:5070;lr>",
            "From: \"Phone A\" <sip:101@a.test>;tag=ta",
            "To: <sip:201@b.test>;tag=tb",
            "Call-ID: seed@127.0.0.1",
            "CSeq: 10 INVITE"));
        lines.addAll(List.of(more));
        lines.add("Content-Length: 0");
        return String.join("\r\n", lines) + "\r\n\r\n";
    }

    private final SteppedTimers timers = new SteppedTimers();
    private final RecordingTransport transport = new RecordingTransport(Wire.A, timers);
    private final TransactionLayer layer =
        new TransactionLayer(transport, timers, Wire.CONFIG, new RecordingUser(), new SipIds(new SplittableRandom(7)));
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
    private final SipMessageWriter w = new SipMessageWriter();

    private SipMessage written(final int len)
    {
        assertTrue(len > 0, "the writer failed");
        final byte[] bytes = new byte[len];
        out.getBytes(0, bytes);
        return Wire.parse(bytes);
    }

    private static List<String> routes(final SipMessage m)
    {
        final List<String> r = new ArrayList<>();
        for (int i = m.first(HeaderName.ROUTE); i >= 0; i = m.next(HeaderName.ROUTE, i))
        {
            r.add(m.value(i).toString());
        }
        return r;
    }

    private Dialog uac()
    {
        return Dialog.createUac(Wire.parse(INVITE_SENT), Wire.parse(atA(200, "OK", "Contact: " + B_CONTACT)), A_CONTACT);
    }

    private Dialog uas()
    {
        return Dialog.createUas(Wire.parse(INVITE_RECEIVED), "tb", B_CONTACT);
    }

    @Test
    void theUacDialogIsEarlyOnARingingWithATagAndConfirmedByThe200()
    {
        final SipMessage invite = Wire.parse(INVITE_SENT);
        assertNull(Dialog.createUac(invite, Wire.parse(atA(100, "Trying")), A_CONTACT), "100 makes no dialog");
        assertNull(Dialog.createUac(invite, Wire.parse(atA(180, "Ringing").replace(";tag=tb", "")), A_CONTACT),
            "no To tag, no dialog");
        final Dialog d = Dialog.createUac(invite, Wire.parse(atA(180, "Ringing", "Contact: " + B_CONTACT)), A_CONTACT);
        assertTrue(d.isEarly());
        assertTrue(d.isUac());
        assertEquals("seed@127.0.0.1", d.callId());
        assertEquals("ta", d.localTag());
        assertEquals("tb", d.remoteTag());
        assertEquals("seed@127.0.0.1|ta|tb", d.id());
        assertEquals("sip:101@a.test", d.localUri().toString());
        assertEquals("sip:201@b.test", d.remoteUri().toString());
        assertEquals("sip:201@127.0.0.2:5064", d.remoteTarget().toString());
        assertEquals(10, d.localCSeq());
        assertEquals(-1, d.remoteCSeq());
        assertEquals(List.of("<sip:127.0.0.3:5070;lr>", "<sip:127.0.0.4:5080;lr>"), d.routeSet(), "reversed for the UAC");

        assertTrue(d.onResponse(Wire.parse(atA(200, "OK", "Contact: <sip:201@127.0.0.2:5066>"))));
        assertTrue(d.isConfirmed());
        assertEquals("sip:201@127.0.0.2:5066", d.remoteTarget().toString(), "the 2xx refreshes the target");
        assertFalse(d.onResponse(Wire.parse(atA(200, "OK").replace(";tag=tb", ";tag=other"))), "another fork's dialog");
        assertEquals(Dialog.idOfResponse(Wire.parse(atA(200, "OK"))), d.id());
    }

    @Test
    void aProvisionalWithoutContactTargetsTheRequestUriAndAFailureEndsTheEarlyDialog()
    {
        final Dialog d = Dialog.createUac(Wire.parse(INVITE_SENT), Wire.parse(atA(183, "Session Progress")), A_CONTACT);
        assertEquals("sip:201@b.test", d.remoteTarget().toString());
        assertTrue(d.onResponse(Wire.parse(atA(486, "Busy Here"))));
        assertTrue(d.isTerminated());
        assertNull(Dialog.createUac(Wire.parse(INVITE_SENT), Wire.parse(atA(200, "OK")), A_CONTACT),
            "a 2xx without Contact has no target");
    }

    @Test
    void theUasDialogKeepsTheRouteSetInOrder()
    {
        final Dialog d = uas();
        assertFalse(d.isUac());
        assertTrue(d.isEarly());
        d.confirm();
        assertTrue(d.isConfirmed());
        assertEquals("tb", d.localTag());
        assertEquals("ta", d.remoteTag());
        assertEquals("sip:201@b.test", d.localUri().toString());
        assertEquals("sip:101@a.test", d.remoteUri().toString());
        assertEquals("<sip:201@b.test>;tag=tb", d.localParty().toString());
        assertEquals("\"Phone A\" <sip:101@a.test>;tag=ta", d.remoteParty().toString());
        assertEquals("sip:101@127.0.0.1:5062", d.remoteTarget().toString());
        assertEquals(List.of("<sip:127.0.0.4:5080;lr>", "<sip:127.0.0.3:5070;lr>"), d.routeSet());
        assertEquals(10, d.remoteCSeq());
        assertEquals(-1, d.localCSeq());
        assertEquals(d.id(), Dialog.idOfRequest(Wire.parse(INVITE_RECEIVED.replace("To: <sip:201@b.test>", "To: <sip:201@b.test>;tag=tb"))),
            "a later request from A names this dialog");
        assertNull(Dialog.createUas(Wire.parse(INVITE_RECEIVED.replace("Contact: " + A_CONTACT + "\r\n", "")), "tb", B_CONTACT),
            "an INVITE without Contact cannot make a dialog");
    }

    @Test
    void theByeFromAGoesThroughBothProxiesToBsContact()
    {
        final Dialog d = uac();
        final int len = d.writeBye(w.wrap(out, 0), layer);
        final SipMessage bye = written(len);
        assertEquals(SipMethod.BYE, bye.method());
        assertEquals("sip:201@127.0.0.2:5064", bye.requestUri().toString(), "R-URI = remote target (loose routing)");
        assertEquals(List.of("<sip:127.0.0.3:5070;lr>", "<sip:127.0.0.4:5080;lr>"), routes(bye));
        assertEquals(new InetSocketAddress("127.0.0.3", 5070), d.nextHop(), "the first route");
        assertEquals(70, bye.maxForwards());
        assertEquals("\"Phone A\" <sip:101@a.test>;tag=ta", bye.from().text().toString());
        assertEquals("<sip:201@b.test>;tag=tb", bye.to().text().toString());
        assertEquals("seed@127.0.0.1", bye.callId().toString());
        assertEquals(11, bye.cseqNumber());
        assertEquals(SipMethod.BYE, bye.cseqMethod());
        assertTrue(bye.topVia().isRfc3261Branch());
        assertEquals("127.0.0.1", bye.topVia().host().toString());
        assertEquals(5062, bye.topVia().port());
        assertTrue(bye.topVia().hasRport());
        assertEquals(-1, bye.first(HeaderName.CONTACT), "no Contact in BYE");
        assertEquals(11, d.localCSeq());

        final SipMessage second = written(d.writeBye(w.wrap(out, 0), layer));
        assertEquals(12, second.cseqNumber());
        assertNotEquals(bye.topVia().branch().toString(), second.topVia().branch().toString(), "a fresh branch each time");
    }

    @Test
    void theByeFromBGoesBackThroughProxy2First()
    {
        final Dialog d = uas();
        d.confirm();
        final SipMessage bye = written(d.writeBye(w.wrap(out, 0), layer));
        assertEquals("sip:101@127.0.0.1:5062", bye.requestUri().toString());
        assertEquals(List.of("<sip:127.0.0.4:5080;lr>", "<sip:127.0.0.3:5070;lr>"), routes(bye));
        assertEquals(new InetSocketAddress("127.0.0.4", 5080), d.nextHop());
        assertEquals(1, bye.cseqNumber(), "the UAS's first request");
        assertEquals("<sip:201@b.test>;tag=tb", bye.from().text().toString());
        assertEquals("\"Phone A\" <sip:101@a.test>;tag=ta", bye.to().text().toString());
    }

    @Test
    void theAckForA2xxCarriesTheInviteCSeqAndTheRouteSet()
    {
        final Dialog d = uac();
        final SipMessage ack = written(d.writeAck(w.wrap(out, 0), 10, layer));
        assertEquals(SipMethod.ACK, ack.method());
        assertEquals("sip:201@127.0.0.2:5064", ack.requestUri().toString());
        assertEquals(10, ack.cseqNumber());
        assertEquals(SipMethod.ACK, ack.cseqMethod());
        assertEquals(2, routes(ack).size());
        assertNotEquals("z9hG4bKa", ack.topVia().branch().toString(), "the ACK for a 2xx is a new transaction");
        assertEquals(10, d.localCSeq(), "an ACK takes no new CSeq");
    }

    @Test
    void aReInviteCarriesContactAndCanTakeABody()
    {
        final Dialog d = uac();
        assertTrue(d.startRequest(w.wrap(out, 0), SipMethod.INVITE, d.nextLocalCSeq(), layer.viaPrefix(), layer.newBranch()));
        final SipMessage reinvite = written(w.body("application/sdp", "v=0\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(A_CONTACT, reinvite.firstValue(HeaderName.CONTACT).toString());
        assertEquals(5, reinvite.bodyLength());
        assertEquals(11, reinvite.cseqNumber());
    }

    @Test
    void aStrictRouterGetsTheRequestUriAndTheTargetGoesLastInRoute()
    {
        final String strict = atA(200, "OK", "Contact: " + B_CONTACT)
            .replace("Record-Route: <sip:127.0.0.4:5080;lr>, <sip:127.0.0.3:5070;lr>",
                "Record-Route: <sip:127.0.0.4:5080;lr>, <sip:127.0.0.3:5070;method=INVITE?X=1>");
        final Dialog d = Dialog.createUac(Wire.parse(INVITE_SENT), Wire.parse(strict), A_CONTACT);
        assertTrue(d.isStrictRouting());
        final SipMessage bye = written(d.writeBye(w.wrap(out, 0), layer));
        assertEquals("sip:127.0.0.3:5070", bye.requestUri().toString(), "the first route, without method or headers");
        assertEquals(List.of("<sip:127.0.0.4:5080;lr>", "<sip:201@127.0.0.2:5064>"), routes(bye));
        assertEquals(new InetSocketAddress("127.0.0.3", 5070), d.nextHop());
    }

    @Test
    void withoutRoutesTheTargetIsTheNextHopAndNamesAreNeverResolved()
    {
        final String direct = atA(200, "OK", "Contact: <sip:201@127.0.0.2>")
            .replace("Record-Route: <sip:127.0.0.4:5080;lr>, <sip:127.0.0.3:5070;lr>\r\n", "");
        final Dialog d = Dialog.createUac(Wire.parse(INVITE_SENT), Wire.parse(direct), A_CONTACT);
        assertTrue(d.routeSet().isEmpty());
        assertEquals(new InetSocketAddress("127.0.0.2", 5060), d.nextHop());
        final SipMessage bye = written(d.writeBye(w.wrap(out, 0), layer));
        assertEquals(-1, bye.first(HeaderName.ROUTE));
        assertEquals("sip:201@127.0.0.2", bye.requestUri().toString());

        final Dialog named = Dialog.createUac(Wire.parse(INVITE_SENT),
            Wire.parse(direct.replace("<sip:201@127.0.0.2>", "<sip:201@phone-b.example.com>")), A_CONTACT);
        assertNull(named.nextHop(), "a name is an error");
        final Dialog namedRoute = Dialog.createUac(Wire.parse(INVITE_SENT), Wire.parse(atA(200, "OK", "Contact: " + B_CONTACT)
            .replace("<sip:127.0.0.3:5070;lr>", "<sip:proxy1.example.com;lr>")), A_CONTACT);
        assertNull(namedRoute.nextHop());
        final Dialog v6 = Dialog.createUac(Wire.parse(INVITE_SENT),
            Wire.parse(direct.replace("<sip:201@127.0.0.2>", "<sip:201@[::1]:5070>")), A_CONTACT);
        assertEquals(new InetSocketAddress("::1", 5070), v6.nextHop());
    }

    @Test
    void requestsInTheDialogAreCheckedForTagsAndRisingCSeq()
    {
        final Dialog d = uac();
        final String bye = String.join("\r\n",
            "BYE sip:101@127.0.0.1:5062 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.2:5064;branch=z9hG4bKb1",
            "From: <sip:201@b.test>;tag=tb",
            "To: \"Phone A\" <sip:101@a.test>;tag=ta",
            "Call-ID: seed@127.0.0.1",
            "CSeq: 5 BYE",
            "Content-Length: 0", "", "");
        assertEquals(InDialogCheck.NO_DIALOG, d.checkRequest(Wire.parse(bye.replace("tag=tb", "tag=tx"))));
        assertEquals(InDialogCheck.NO_DIALOG, d.checkRequest(Wire.parse(bye.replace("tag=ta", "tag=tx"))));
        assertEquals(InDialogCheck.NO_DIALOG, d.checkRequest(Wire.parse(bye.replace("Call-ID: seed", "Call-ID: other"))));
        assertEquals(481, InDialogCheck.NO_DIALOG.statusCode());
        assertEquals(InDialogCheck.OK, d.checkRequest(Wire.parse(bye)), "the first request from the peer sets the remote CSeq");
        assertEquals(5, d.remoteCSeq());
        assertEquals(InDialogCheck.OUT_OF_ORDER, d.checkRequest(Wire.parse(bye)));
        assertEquals(InDialogCheck.OUT_OF_ORDER, d.checkRequest(Wire.parse(bye.replace("5 BYE", "4 BYE"))));
        assertEquals(500, InDialogCheck.OUT_OF_ORDER.statusCode());
        assertEquals(InDialogCheck.OK, d.checkRequest(Wire.parse(bye.replace("5 BYE", "6 BYE"))));
        assertEquals(6, d.remoteCSeq());
        d.terminate();
        assertEquals(InDialogCheck.NO_DIALOG, d.checkRequest(Wire.parse(bye.replace("5 BYE", "7 BYE"))));

        final Dialog b = uas();
        final String ack = String.join("\r\n",
            "ACK sip:201@127.0.0.2:5064 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.3:5070;branch=z9hG4bKk",
            "From: \"Phone A\" <sip:101@a.test>;tag=ta",
            "To: <sip:201@b.test>;tag=tb",
            "Call-ID: seed@127.0.0.1",
            "CSeq: 10 ACK",
            "Content-Length: 0", "", "");
        assertEquals(InDialogCheck.OK, b.checkRequest(Wire.parse(ack)), "the ACK carries the INVITE's CSeq");
        assertEquals(InDialogCheck.OUT_OF_ORDER, b.checkRequest(Wire.parse(ack.replace("ACK", "BYE"))));
        assertEquals(InDialogCheck.OK, b.checkRequest(Wire.parse(ack.replace("ACK", "BYE").replace("CSeq: 10", "CSeq: 11"))));
    }

    @Test
    void aDisplayNameInUtf8IsCopiedByteForByte()
    {
        final String invite = INVITE_SENT.replace("\"Phone A\"", "\"Jürgen Ø\"");
        final String ok = atA(200, "OK", "Contact: " + B_CONTACT).replace("\"Phone A\"", "\"Jürgen Ø\"");
        final Dialog d = Dialog.createUac(Wire.parse(invite), Wire.parse(ok), A_CONTACT);
        final SipMessage bye = written(d.writeBye(w.wrap(out, 0), layer));
        assertEquals("Jürgen Ø", bye.from().displayName().toUtf8String());
    }
}
