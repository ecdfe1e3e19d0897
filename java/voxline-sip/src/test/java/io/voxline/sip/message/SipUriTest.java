package io.voxline.sip.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.voxline.sip.parse.BufferView;

/** The SIP URI grammar of RFC 3261 §25.1 and the comparison of §19.1.4. */
class SipUriTest
{
    private static SipUri uri(final String s)
    {
        final SipUri u = new SipUri();
        assertTrue(u.parse(Messages.buffer(s), Messages.PAD, Messages.length(s)), s);
        return u;
    }

    private static boolean parses(final String s)
    {
        return new SipUri().parse(Messages.buffer(s), Messages.PAD, Messages.length(s));
    }

    @Test
    void theUserPartTakesEverythingItsGrammarAllows()
    {
        // RFC 4475 intmeth: '?', ',', ';' and '/' belong to the user, ':' starts the password
        final SipUri u = uri("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com");
        assertEquals("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", u.user().toString());
        assertEquals("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", u.password().toString());
        assertEquals("example.com", u.host().toString());
        assertEquals(0, u.params().count());
        assertNull(u.headers());

        // RFC 4475 semiuri: the parameter is the user's, not the URI's
        final SipUri semi = uri("sip:user;par=u%40example.net@example.com");
        assertEquals("user;par=u%40example.net", semi.user().toString());
        assertFalse(semi.hasParam("par"));
    }

    @Test
    void escapesAreComparedDecoded()
    {
        // RFC 4475 esc01
        final SipUri r = uri("sip:sips%3Auser%40example.com@example.net");
        assertTrue(r.user().equalsDecoded("sips:user@example.com"));
        assertEquals("example.net", r.host().toString());
        final SipUri c = uri("sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31");
        assertTrue(c.user().equalsDecoded("caller"));
        assertTrue(c.isLooseRouting(), "%6C%72 is lr");
        assertTrue(c.param("name").equalsDecoded("value%41"));
        // RFC 4475 escnull
        assertTrue(uri("sip:null-%00-null@example.com").user().equalsDecoded("null-\0-null"));
    }

    @Test
    void uriHeadersAreAList()
    {
        final SipUri u = uri("sip:user@example.com?Route=%3Csip:sip.example.com%3E&Subject=hi");
        assertEquals(2, u.headerParams().count());
        assertTrue(u.header("route").equalsDecoded("<sip:sip.example.com>"));
        assertEquals("hi", u.header("Subject").toString());
        assertNull(u.header("To"));
    }

    @Test
    void ipv6References()
    {
        // RFC 5118 4.3 and 4.4: the port is outside the brackets, or there is none
        final SipUri ambiguous = uri("sip:[2001:db8::10:5070]");
        assertEquals(-1, ambiguous.port());
        assertEquals("2001:db8::10:5070", ambiguous.hostAddress(new BufferView()).toString());
        final SipUri port = uri("sip:[2001:db8::10]:5070");
        assertEquals(5070, port.port());
        assertEquals("[2001:db8::10]", port.host().toString());
        assertTrue(parses("sip:user@[::ffff:192.0.2.10]"));
        assertTrue(parses("sip:[2001:db8::192.0.2.1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:2001:db8::10", "sip:[2001:db8:::192.0.2.1]", "sip:user@host?", "sip:user@host?a", "sip:a@b@c", "sip:a%2@h",
        "sip:a@h;ttl=256", "sip:a@h;maddr=-x", "sip:a@h;transport=", "sip:a@h;x=\"y\"", "sip:a@host.123", "sip:a@h:",
        "sip:us er@h", "sip:a@h;lr;", "tel:+1-555-12x4", "soap.beep://a b", "sip:a@[::1", "sip:a@h#frag"})
    void grammarViolations(final String s)
    {
        assertFalse(parses(s), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "nobodyKnowsThisScheme:totallyopaquecontent", "soap.beep://192.0.2.103:3002", "isbn:2983792873", "http://www.example.com",
        "name:John_Smith", "tel:+1-(212)-555-1212;phone-context=example.com", "sip:a@h;ttl=255;maddr=239.255.255.1;method=INVITE",
        "sip:+19725552222@gw1.example.net;unknownparam", "SIP:ALICE@AtLanTa.CoM;Transport=udp"})
    void otherValidUris(final String s)
    {
        assertTrue(parses(s), s);
    }

    /** RFC 3261 §19.1.4's own examples, and a few more. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",
        "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com;security=on | sip:carol@chicago.com;newparam=5",
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent | sip:alice@atlanta.com?priority=urgent&subject=project%20x",
        "sip:[2001:db8::1]:5060 | sip:[2001:0db8:0:0:0:0:0:0001]:5060",
        "sip:[::ffff:192.0.2.1] | sip:[::ffff:c000:201]",
        "sip:10.0.0.1;lr | sip:010.000.000.001;lr",
        "tel:+1-212-555-1212 | tel:+12125551212",
        "urn:service:sos | urn:service:%73os"})
    void equivalent(final String a, final String b)
    {
        assertTrue(SipUri.equivalent(uri(a), uri(b)), a + " = " + b);
        assertTrue(SipUri.equivalent(uri(b), uri(a)), b + " = " + a);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",
        "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",
        "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
        "sip:bob@biloxi.com | sip:bob@biloxi.com:6000;transport=tcp",
        "sip:carol@chicago.com | sip:carol@chicago.com?Subject=next%20meeting",
        "sip:bob@phone21.boxesbybob.com | sip:bob@192.0.2.4",
        "sip:a@h | sips:a@h",
        "sip:a@h | sip:h",
        "sip:a:pw@h | sip:a@h",
        "sip:a@h;user=phone | sip:a@h",
        "sip:a@h;maddr=239.1.1.1 | sip:a@h",
        "sip:a@h;ttl=1 | sip:a@h",
        "sip:a@h;x=1 | sip:a@h;x=2",
        "sip:a@h;lr | sip:a@h;lr=on",
        "sip:a%3Bb@h | sip:a;b@h",
        "sip:[2001:db8::1] | sip:[2001:db8::2]",
        "sip:10.0.0.1 | sip:10.0.0.2",
        "sip:a@h?x=1 | sip:a@h?x=1&y=2",
        "tel:+1234 | tel:+1235",
        "urn:a | mailto:a"})
    void notEquivalent(final String a, final String b)
    {
        assertFalse(SipUri.equivalent(uri(a), uri(b)), a + " != " + b);
        assertFalse(SipUri.equivalent(uri(b), uri(a)), b + " != " + a);
    }

    @Test
    void invalidNeverEquals()
    {
        final SipUri bad = new SipUri();
        bad.parse(Messages.buffer("sip:"), Messages.PAD, 4);
        assertFalse(SipUri.equivalent(bad, bad));
        assertFalse(SipUri.equivalent(null, uri("sip:h")));
    }
}
