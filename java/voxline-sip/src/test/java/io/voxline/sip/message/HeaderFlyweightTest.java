package io.voxline.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.voxline.sip.parse.BufferView;
import io.voxline.sip.parse.HostType;

class HeaderFlyweightTest
{
    private static UnsafeBuffer buf(final String s)
    {
        return Messages.buffer(s);
    }

    private static boolean via(final Via v, final String s)
    {
        return v.parse(buf(s), Messages.PAD, Messages.length(s));
    }

    private static boolean uri(final SipUri u, final String s)
    {
        return u.parse(buf(s), Messages.PAD, Messages.length(s));
    }

    private static boolean addr(final NameAddr a, final String s)
    {
        return a.parse(buf(s), Messages.PAD, Messages.length(s));
    }

    @Test
    void viaWithAllParameters()
    {
        final Via v = new Via();
        assertTrue(via(v, "SIP / 2.0 / UDP 192.0.2.1 : 5062 ;branch=z9hG4bK776asdhds ;received=198.51.100.7;rport=40000;maddr=224.0.1.75;ttl=16;x-foo=bar;lr"));
        assertEquals("SIP", v.protocolName().toString());
        assertEquals("2.0", v.protocolVersion().toString());
        assertEquals("UDP", v.transport().toString());
        assertEquals("192.0.2.1", v.host().toString());
        assertEquals(HostType.IPV4, v.hostType());
        assertEquals(5062, v.port());
        assertEquals("z9hG4bK776asdhds", v.branch().toString());
        assertTrue(v.isRfc3261Branch());
        assertEquals("198.51.100.7", v.received().toString());
        assertTrue(v.hasRport());
        assertEquals(40000, v.rport());
        assertEquals("224.0.1.75", v.maddr().toString());
        assertEquals(16, v.ttl());
        assertEquals("bar", v.param("x-foo").toString());
        assertTrue(v.params().has("LR"));
        assertNull(v.param("lr"), "a flag has no value");
        assertEquals(7, v.params().count());
    }

    @Test
    void viaDefaultsAndOldBranches()
    {
        final Via v = new Via();
        assertTrue(via(v, "SIP/2.0/TLS proxy.example.com;branch=1234"));
        assertEquals(-1, v.port());
        assertEquals(5061, v.portOrDefault());
        assertEquals(HostType.NAME, v.hostType());
        assertFalse(v.isRfc3261Branch(), "an RFC 2543 branch");
        assertFalse(v.hasRport());
        assertEquals(-1, v.rport());
        assertNull(v.received());
        assertTrue(via(v, "SIP/2.0/UDP 192.0.2.1"));
        assertNull(v.branch());
        assertFalse(v.isRfc3261Branch());
        assertEquals(5060, v.portOrDefault());
        assertTrue(via(v, "SIP/2.0/UDP 192.0.2.1;branch=z9hg4bk1"));
        assertFalse(v.isRfc3261Branch(), "the cookie is case-sensitive");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0UDP 192.0.2.1", "SIP/2.0/UDP192.0.2.1", "SIP/2.0/UDP 192.0.2.1:",
        "SIP/2.0/UDP 192.0.2.1:65536", "SIP/2.0/UDP 192.0.2.1;", "SIP/2.0/UDP 192.0.2.1 junk", "SIP/2.0/UDP [::1",
        "SIP/2.0/UDP 192.0.2.1;rport=x", "SIP/2.0/UDP 192.0.2.1;branch", "SIP/2.0/UDP [zz::1]"})
    void badVias(final String s)
    {
        assertFalse(via(new Via(), s), s);
    }

    @Test
    void sipUriParts()
    {
        final SipUri u = new SipUri();
        assertTrue(uri(u, "sips:alice:secret@Atlanta.Example.com:5061;transport=tcp;lr;maddr=239.255.255.1;user=phone?subject=project%20x&priority=urgent"));
        assertEquals(SipUri.Scheme.SIPS, u.scheme());
        assertEquals("sips", u.schemeName().toString());
        assertEquals("alice", u.user().toString());
        assertEquals("secret", u.password().toString());
        assertEquals("Atlanta.Example.com", u.host().toString());
        assertEquals(HostType.NAME, u.hostType());
        assertEquals(5061, u.port());
        assertEquals("tcp", u.transport().toString());
        assertTrue(u.isLooseRouting());
        assertEquals("239.255.255.1", u.maddr().toString());
        assertEquals("phone", u.param("user").toString());
        assertTrue(u.hasParam("LR"));
        assertNull(u.param("lr"));
        assertNull(u.param("nope"));
        assertEquals("subject=project%20x&priority=urgent", u.headers().toString());
        assertTrue(u.text().toString().startsWith("sips:alice"));
    }

    @Test
    void sipUriMinimalAndUserWithSemicolon()
    {
        final SipUri u = new SipUri();
        assertTrue(uri(u, "sip:192.0.2.4"));
        assertEquals(SipUri.Scheme.SIP, u.scheme());
        assertNull(u.user());
        assertNull(u.password());
        assertEquals(-1, u.port());
        assertEquals(5060, u.portOrDefault());
        assertEquals(HostType.IPV4, u.hostType());
        assertNull(u.headers());
        assertNull(u.transport());
        assertTrue(uri(u, "SIP:+1-212-555-1212;npdi@gw.example.com;user=phone"));
        assertEquals(SipUri.Scheme.SIP, u.scheme());
        assertEquals("+1-212-555-1212;npdi", u.user().toString());
        assertEquals("gw.example.com", u.host().toString());
        assertEquals("phone", u.param("user").toString());
        assertTrue(uri(u, "sip:[2001:db8::1]:5070"));
        assertEquals(HostType.IPV6, u.hostType());
        assertEquals("2001:db8::1", u.hostAddress(new BufferView()).toString());
        assertEquals(5070, u.port());
        assertTrue(uri(u, "sip:256.1.1.1"));
        assertEquals(HostType.NAME, u.hostType(), "not a valid dotted quad");
    }

    @Test
    void telAndOtherSchemes()
    {
        final SipUri u = new SipUri();
        assertTrue(uri(u, "tel:+358-555-1234567;phone-context=example.com"));
        assertEquals(SipUri.Scheme.TEL, u.scheme());
        assertEquals("+358-555-1234567", u.user().toString());
        assertNull(u.host());
        assertEquals("example.com", u.param("phone-context").toString());
        assertTrue(uri(u, "urn:service:sos"));
        assertEquals(SipUri.Scheme.OTHER, u.scheme());
        assertEquals("urn", u.schemeName().toString());
        assertEquals("service:sos", u.opaquePart().toString());
        assertNull(u.host());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "sip", "sip:", ":a@b", "1sip:a@b", "sip:a@", "sip:@host", "sip:a b@host", "sip:host:port", "sip:host:99999",
        "sip:host;", "sip:host;=x", "sip:[::1", "sip:<host>", "tel:", "tel:;x=1", "sip:host\"", "sip:ho\u0001st"})
    void badUris(final String s)
    {
        assertFalse(uri(new SipUri(), s), s);
    }

    @Test
    void nameAddrForms()
    {
        final NameAddr a = new NameAddr();
        assertTrue(addr(a, "\"Bob \\\"the\\\" Builder\" <sip:bob@192.0.2.4;transport=udp>;tag=a6c85cf;expires=30;q=0.25"));
        assertEquals("Bob \\\"the\\\" Builder", a.displayName().toString());
        assertTrue(a.hasAngleBrackets());
        assertEquals("sip:bob@192.0.2.4;transport=udp", a.uriText().toString());
        assertEquals("udp", a.uri().transport().toString());
        assertEquals("a6c85cf", a.tag().toString());
        assertEquals(30, a.expires());
        assertEquals(250, a.q());

        assertTrue(addr(a, "Bob Smith <sip:bob@192.0.2.4>"));
        assertEquals("Bob Smith", a.displayName().toString());
        assertNull(a.tag());
        assertEquals(-1, a.expires());

        assertTrue(addr(a, "<sip:bob@192.0.2.4>"));
        assertNull(a.displayName());

        assertTrue(addr(a, "sip:bob@192.0.2.4;tag=88sja8x"));
        assertFalse(a.hasAngleBrackets());
        assertEquals("88sja8x", a.tag().toString(), "without <> the parameters belong to the header");
        assertFalse(a.uri().hasParam("tag"));

        assertTrue(addr(a, "*"));
        assertTrue(a.isWildcard());

        assertTrue(addr(a, "<sip:a@192.0.2.1>;q=1"));
        assertEquals(1000, a.q());
        assertTrue(addr(a, "<sip:a@192.0.2.1>;q=0"));
        assertEquals(0, a.q());
        assertTrue(addr(a, "<sip:a@192.0.2.1>;q=1.5"));
        assertEquals(-1, a.q());
        assertTrue(addr(a, "<sip:a@192.0.2.1>;q=0.1234"));
        assertEquals(-1, a.q());
        assertTrue(addr(a, "<tel:+15551234>;tag=t"));
        assertEquals(SipUri.Scheme.TEL, a.uri().scheme());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "<>", "<sip:a@b", "\"Bob <sip:a@b>", "\"Bob\" sip:a@b", "Bob <sip:a@b> junk", "<sip:a@b>;", "<sip:a@b>;tag=\"x",
        "B@b <sip:a@b>", "**"})
    void badNameAddrs(final String s)
    {
        assertFalse(addr(new NameAddr(), s), s);
    }

    @Test
    void viewsArePerAccessorAndRepointedByParse()
    {
        final Via v = new Via();
        assertTrue(via(v, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKa;received=192.0.2.9"));
        final BufferView branch = v.branch();
        final BufferView received = v.received();
        assertEquals("z9hG4bKa", branch.toString(), "a second accessor does not disturb the first");
        assertEquals("192.0.2.9", received.toString());
        assertTrue(via(v, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKb"));
        assertTrue(branch == v.branch(), "the same view object is reused");
        assertEquals("z9hG4bKb", branch.toString());
        assertNull(v.received());
    }
}
