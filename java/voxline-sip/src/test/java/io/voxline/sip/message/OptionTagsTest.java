package io.voxline.sip.message;

import static io.voxline.sip.message.Messages.lines;
import static io.voxline.sip.message.Messages.parseOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** Require / Proxy-Require against a supported set (RFC 3261 §8.2.2.3, §16.3 step 5, §20.29). */
class OptionTagsTest
{
    private static final String[] NONE = {};

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
    private final SipMessageWriter w = new SipMessageWriter();

    private static SipMessage request(final String... extra)
    {
        final String[] head = {
            "INVITE sip:b@192.0.2.2 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKo",
            "From: <sip:a@a.test>;tag=1",
            "To: <sip:b@b.test>",
            "Call-ID: o1",
            "CSeq: 1 INVITE"};
        final String[] all = new String[head.length + extra.length + 1];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(extra, 0, all, head.length, extra.length);
        all[all.length - 1] = "";
        return parseOk(lines(all));
    }

    @Test
    void everyTagOfEveryLineThatIsNotSupportedIsCounted()
    {
        final SipMessage m = request(
            "Proxy-Require: foo, Timer ,  100rel",
            "Require: bar",
            "Proxy-Require: sec-agree");
        assertEquals(4, OptionTags.countUnsupported(m, HeaderName.PROXY_REQUIRE, NONE));
        assertEquals(2, OptionTags.countUnsupported(m, HeaderName.PROXY_REQUIRE, "timer", "100REL"), "tags compare without case");
        assertEquals(1, OptionTags.countUnsupported(m, HeaderName.REQUIRE, NONE));
        assertEquals(0, OptionTags.countUnsupported(m, HeaderName.REQUIRE, "bar"));
        assertEquals(0, OptionTags.countUnsupported(request(), HeaderName.PROXY_REQUIRE, NONE), "none named");
        assertEquals(4, new HeaderElements().count(m, HeaderName.PROXY_REQUIRE), "every tag of every line");
    }

    @Test
    void theUnsupportedHeaderNamesThemInOrder()
    {
        final SipMessage m = request("Proxy-Require: foo, timer", "Proxy-Require: sec-agree");
        w.wrap(out, 0).statusLine(420, "Bad Extension");
        assertEquals(2, OptionTags.writeUnsupported(w, m, HeaderName.PROXY_REQUIRE, "timer"));
        assertTrue(w.endHeaders() > 0);
        assertTrue(w.toString().contains("\r\nUnsupported: foo, sec-agree\r\n"), w.toString());

        w.wrap(out, 0).statusLine(200, "OK");
        assertEquals(0, OptionTags.writeUnsupported(w, m, HeaderName.PROXY_REQUIRE, "foo", "timer", "sec-agree"));
        assertFalse(w.toString().contains("Unsupported"), "nothing written when all are supported");
    }
}
