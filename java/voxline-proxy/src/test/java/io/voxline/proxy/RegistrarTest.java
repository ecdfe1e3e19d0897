package io.voxline.proxy;

import static io.voxline.proxy.Harness.UA_A;
import static io.voxline.proxy.Harness.UA_B;
import static io.voxline.proxy.Harness.msg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.voxline.proxy.registrar.Binding;

class RegistrarTest
{
    private final Harness h = new Harness(List.of("a.test"), List.of());
    private int cseq;
    private int branch;

    private Harness.Sent register(final String user, final String domain, final String... extra)
    {
        cseq++;
        branch++;
        final String[] head = {
            "REGISTER sip:" + domain + " SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKreg" + branch + ";rport",
            "Max-Forwards: 70",
            "From: <sip:" + user + "@" + domain + ">;tag=r1",
            "To: <sip:" + user + "@" + domain + ">",
            "Call-ID: reg-" + user + "@127.0.0.1",
            "CSeq: " + cseq + " REGISTER"};
        final String[] all = new String[head.length + extra.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        h.receive(msg(all), UA_A);
        final Harness.Sent answer = h.take(UA_A);
        h.assertNothingSent();
        return answer;
    }

    @AfterEach
    void noFailuresInsideTheCore()
    {
        Harness.assertNoFailures();
    }

    @Test
    void registersRefreshesAndExpires()
    {
        Harness.Sent ok = register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>;expires=60");
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertEquals(List.of("<sip:101@127.0.0.1:5062>;expires=60"), ok.headers("Contact"));
        assertEquals("SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKreg1;rport=5062;received=127.0.0.1", ok.header("Via"));
        assertNotNull(ok.parse().toTag(), "the registrar tags its answer");
        assertEquals(1, h.core.registrations());
        final Binding b = h.core.location().lookup("101", "A.TEST");
        assertEquals("sip:101@127.0.0.1:5062", b.contactUri());
        assertEquals(UA_A, b.source(), "stored with where it came from");

        h.advance(30_000);
        ok = register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>", "Expires: 120");
        assertEquals(List.of("<sip:101@127.0.0.1:5062>;expires=120"), ok.headers("Contact"), "Expires header when no param");

        h.advance(119_000);
        assertEquals(1, h.core.registrations(), "the refresh restarted the timer");
        ok = register("101", "a.test");
        assertEquals(List.of("<sip:101@127.0.0.1:5062>;expires=1"), ok.headers("Contact"), "a query lists what is bound");
        h.advance(2_000);
        assertEquals(0, h.core.registrations());
        assertNull(h.core.location().lookup("101", "a.test"));
        assertTrue(register("101", "a.test").headers("Contact").isEmpty());
    }

    @Test
    void defaultAndCappedExpiry()
    {
        assertEquals(List.of("<sip:101@127.0.0.1:5062>;expires=3600"),
            register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>").headers("Contact"));
        assertEquals(List.of("<sip:101@127.0.0.1:5062>;expires=86400"),
            register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>;expires=999999").headers("Contact"));
    }

    @Test
    void unregistersOneOrAll()
    {
        register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>, <sip:101@127.0.0.1:5066>;expires=30");
        assertEquals(2, h.core.registrations());
        Harness.Sent ok = register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>", "Expires: 0");
        assertEquals(List.of("<sip:101@127.0.0.1:5066>;expires=30"), ok.headers("Contact"));
        assertEquals(1, h.core.registrations());
        register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>");
        ok = register("101", "a.test", "Contact: *", "Expires: 0");
        assertEquals("SIP/2.0 200 OK", ok.startLine());
        assertTrue(ok.headers("Contact").isEmpty());
        assertEquals(0, h.core.registrations());
        h.advance(40_000);
        assertEquals(0, h.timers.timerCount(), "expiry timers cancelled (and the transactions' own timers done)");
    }

    @Test
    void rejectsWhatItMustAndChangesNothing()
    {
        register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>");
        assertEquals("SIP/2.0 400 Wildcard Contact Needs Expires 0 Alone",
            register("101", "a.test", "Contact: *", "Expires: 60").startLine());
        assertEquals("SIP/2.0 400 Wildcard Contact Needs Expires 0 Alone",
            register("101", "a.test", "Contact: *, <sip:101@127.0.0.1:5066>", "Expires: 0").startLine());
        assertEquals("SIP/2.0 400 Contact Must Be A SIP URI",
            register("101", "a.test", "Contact: <sip:101@127.0.0.1:5066>, <mailto:x@y>").startLine());
        assertEquals("SIP/2.0 404 Not Found", register("101", "b.test", "Contact: <sip:101@127.0.0.1:5066>").startLine(),
            "a REGISTER for a domain we do not serve and cannot route");
        assertEquals(1, h.core.registrations(), "nothing changed");
        assertEquals("sip:101@127.0.0.1:5062", h.core.location().lookup("101", "a.test").contactUri());
    }

    @Test
    void anOlderCSeqOfTheSameCallIdDoesNotUpdate()
    {
        register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>;expires=60");
        cseq = 0; // the same Call-ID again with CSeq 1
        assertEquals("SIP/2.0 500 Registration Out Of Order",
            register("101", "a.test", "Contact: <sip:101@127.0.0.1:5062>;expires=0").startLine());
        assertEquals(1, h.core.registrations());
    }

    @Test
    void aForeignDomainIsForbiddenAtOurAddressAndOwnAddressAorsAreServed()
    {
        final String[] lines = {
            "REGISTER sip:127.0.0.1:5070 SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5064;branch=z9hG4bKforeign",
            "From: <sip:201@b.test>;tag=1",
            "To: <sip:201@b.test>",
            "Call-ID: f1",
            "CSeq: 1 REGISTER",
            "Contact: <sip:201@127.0.0.1:5064>"};
        h.receive(msg(lines), UA_B);
        assertEquals("SIP/2.0 403 Domain Not Served Here", h.take(UA_B).startLine());
        h.receive(msg(lines).replace("201@b.test", "201@127.0.0.1").replace("z9hG4bKforeign", "z9hG4bKown"), UA_B);
        assertEquals("SIP/2.0 200 OK", h.take(UA_B).startLine());
        assertEquals(1, h.core.registrations());
    }

    @Test
    void withoutDomainsAnyDomainRegisters()
    {
        final Harness open = new Harness(List.of(), List.of());
        open.receive(msg(
            "REGISTER sip:a.test SIP/2.0",
            "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKany",
            "From: <sip:101@a.test>;tag=1",
            "To: <sip:101@a.test>",
            "Call-ID: any1",
            "CSeq: 1 REGISTER",
            "Contact: <sip:101@127.0.0.1:5062>"), UA_A);
        assertEquals("SIP/2.0 200 OK", open.take(UA_A).startLine());
        assertEquals(1, open.core.registrations());
    }
}
