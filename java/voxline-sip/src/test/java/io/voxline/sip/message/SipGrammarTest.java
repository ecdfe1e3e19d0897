package io.voxline.sip.message;

import static io.voxline.sip.message.Messages.lines;
import static io.voxline.sip.message.Messages.parse;
import static io.voxline.sip.message.Messages.parseOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.voxline.sip.parse.BufferView;

/** Constructs of RFC 3261 §25 the parser accepts: list headers, quoted-pairs, compact forms, media types, framing. */
class SipGrammarTest
{
    private static final String HEAD = lines(
        "OPTIONS sip:192.0.2.2 SIP/2.0",
        "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKg",
        "From: <sip:a@b.test>;tag=1",
        "To: <sip:192.0.2.2>",
        "Call-ID: g1",
        "CSeq: 1 OPTIONS");

    private static SipMessage with(final String... extra)
    {
        return parseOk(HEAD + lines(extra) + "\r\n");
    }

    @Test
    void severalValuesInOneLineOfEveryListHeader()
    {
        final SipMessage m = with(
            "Allow: INVITE, ACK ,BYE",
            "Allow: CANCEL",
            "Supported: timer,100rel",
            "Require: foo",
            "Proxy-Require: bar, baz",
            "Unsupported: x, y",
            "Accept: application/sdp;level=1, text/plain, */*",
            "Accept-Encoding: gzip;q=0.5, identity",
            "Accept-Language: da, en-gb;q=0.8",
            "Content-Encoding: gzip, deflate",
            "Allow-Events: presence, dialog",
            "Warning: 370 devnull \"Choose, a bigger pipe\", 307 192.0.2.4:5060 \"Session parameter 'foo' not understood\"",
            "Call-Info: <http://wwww.example.com/alice/photo.jpg> ;purpose=icon, <http://www.example.com/alice/> ;purpose=info",
            "Reason: SIP ;cause=200 ;text=\"Call completed, elsewhere\", Q.850;cause=16",
            "Route: <sip:192.0.2.8;lr>, <sip:192.0.2.9;lr>");
        final HeaderElements e = new HeaderElements();
        assertEquals(4, e.count(m, HeaderName.ALLOW));
        assertEquals(2, m.count(HeaderName.ALLOW), "a line is an entry");
        e.start(m, HeaderName.ALLOW);
        assertTrue(e.next());
        assertEquals("INVITE", e.value().toString());
        assertTrue(e.next());
        assertEquals("ACK", e.value().toString());
        assertTrue(e.next());
        assertTrue(e.next());
        assertEquals("CANCEL", e.value().toString());
        assertEquals(m.next(HeaderName.ALLOW, m.first(HeaderName.ALLOW)), e.entry());
        assertFalse(e.next());
        assertEquals(2, e.count(m, HeaderName.SUPPORTED));
        assertEquals(2, e.count(m, HeaderName.PROXY_REQUIRE));
        assertEquals(2, e.count(m, HeaderName.UNSUPPORTED));
        assertEquals(3, e.count(m, HeaderName.ACCEPT));
        assertEquals(2, e.count(m, HeaderName.ACCEPT_ENCODING));
        assertEquals(2, e.count(m, HeaderName.ACCEPT_LANGUAGE));
        assertEquals(2, e.count(m, HeaderName.CONTENT_ENCODING));
        assertEquals(2, e.count(m, HeaderName.ALLOW_EVENTS));
        assertEquals(2, e.count(m, HeaderName.WARNING), "a comma inside warn-text does not separate");
        assertEquals(2, e.count(m, HeaderName.CALL_INFO));
        assertEquals(2, e.count(m, HeaderName.REASON));
        assertEquals(2, m.count(HeaderName.ROUTE), "address lists are split into entries");
        assertEquals(2, e.count(m, HeaderName.ROUTE));
        assertTrue(HeaderName.ALLOW.hasListGrammar());
        assertFalse(HeaderName.ALLOW.isList());
        assertTrue(HeaderName.ROUTE.isList());
        assertEquals(0, e.count(m, HeaderName.EVENT));
        // each element is checked on its own
        assertEquals(ParseError.BAD_HEADER_VALUE, parse(HEAD + "Supported: timer, x y\r\n\r\n").error());
        assertEquals(ParseError.EMPTY_LIST_ELEMENT, parse(HEAD + "Supported: timer,,x\r\n\r\n").error());
        assertEquals("Empty Element In Supported Header", parse(HEAD + "Supported: timer,\r\n\r\n").errorReason());
    }

    @Test
    void emptyListHeadersThatMayBeEmptyKeepOneEntry()
    {
        final SipMessage m = with("Allow:", "Supported: ", "Accept:", "s:");
        assertEquals(1, m.count(HeaderName.ALLOW));
        assertEquals(0, m.valueLength(m.first(HeaderName.ALLOW)));
        assertEquals(1, m.count(HeaderName.SUPPORTED));
        assertEquals(1, m.count(HeaderName.ACCEPT), "an empty Accept says: no body types");
        assertEquals(1, m.count(HeaderName.SUBJECT));
    }

    @Test
    void compactFormsOfLaterRfcs()
    {
        final SipMessage m = with("b: <sip:carol@c.test>", "a: *;audio", "j: *;video", "d: proxy, recurse", "y: \"abc\"", "n: <https://a.test/cert>");
        assertEquals(1, m.count(HeaderName.REFERRED_BY));
        assertEquals(1, m.count(HeaderName.ACCEPT_CONTACT));
        assertEquals(1, m.count(HeaderName.REJECT_CONTACT));
        assertEquals(2, new HeaderElements().count(m, HeaderName.REQUEST_DISPOSITION));
        assertEquals(1, m.count(HeaderName.IDENTITY));
        assertEquals(1, m.count(HeaderName.IDENTITY_INFO));
        assertEquals(m.first(HeaderName.REFERRED_BY), m.find("Referred-By"));
        assertEquals(m.first(HeaderName.REFERRED_BY), m.find("B"));
    }

    @Test
    void aQuotedPairMayEscapeAControlByteInAQuotedString()
    {
        // RFC 4475 intmeth: "BEL:\<BEL> NUL:\<NUL>  DEL:\<DEL>" is a valid display name
        final SipMessage m = parseOk(lines(
            "OPTIONS sip:192.0.2.2 SIP/2.0",
            "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bKg",
            "From: <sip:a@b.test>;tag=1",
            "To: \"BEL:\\\u0007 NUL:\\\u0000  DEL:\\\u007f\" <sip:192.0.2.2>",
            "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{",
            "CSeq: 1 OPTIONS",
            ""));
        assertTrue(m.to().isDisplayNameQuoted());
        assertTrue(m.to().displayName().equalsUnescaped("BEL:\u0007 NUL:\u0000  DEL:\u007f"));
        assertEquals("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.callId().toString());
    }

    @Test
    void foldingEverywhereAndLwsAroundSeparators()
    {
        // the spirit of RFC 4475 wsinv
        final SipMessage m = parseOk(lines(
            "INVITE sip:vivekg@chair-dnss.example.com;unknownparam SIP/2.0",
            "TO :",
            " sip:vivekg@chair-dnss.example.com ;   tag    = 1918181833n",
            "from   : \"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>",
            "  ;",
            "  tag = 98asjd8",
            "MaX-fOrWaRdS: 0068",
            "Call-ID: wsinv.ndaksdj@192.0.2.1",
            "Content-Length   : 0",
            "cseq: 0009",
            "  INVITE",
            "Via  : SIP  /   2.0",
            " /UDP",
            "    192.0.2.2;branch=390skdjuw",
            "s :",
            "NewFangledHeader:   newfangled value",
            " continued newfangled value",
            "UnknownHeaderWithUnusualValue: ;;,,;;,;",
            "v:  SIP  / 2.0  / TCP     spindle.example.com   ;",
            "  branch  =   z9hG4bK9ikj8  ,",
            " SIP  /    2.0   / UDP  192.168.255.111   ; branch=",
            " z9hG4bK30239",
            "m:\"Quoted string \\\"\\\"\" <sip:jdrosen@example.com> ; newparam =",
            "      newvalue ;",
            "  secondparam ; q = 0.33",
            ""));
        assertEquals("1918181833n", m.toTag().toString());
        assertEquals("98asjd8", m.fromTag().toString());
        assertTrue(m.from().displayName().equalsUnescaped("J Rosenberg \\\""));
        assertEquals(68, m.maxForwards());
        assertEquals(9, m.cseqNumber());
        assertEquals(3, m.count(HeaderName.VIA));
        final Via v = new Via();
        assertTrue(v.parse(m, m.next(HeaderName.VIA, m.first(HeaderName.VIA))));
        assertEquals("z9hG4bK9ikj8", v.branch().toString());
        final NameAddr c = new NameAddr();
        assertTrue(c.parse(m, m.first(HeaderName.CONTACT)));
        assertEquals(330, c.q());
        assertTrue(c.displayName().equalsUnescaped("Quoted string \"\""));
        assertEquals("newvalue", c.param("newparam").toString());
    }

    @Test
    void viaReceivedWithOrWithoutBrackets()
    {
        // RFC 5118 4.5
        final SipMessage a = with("Via: SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3");
        final SipMessage b = with("Via: SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3");
        final Via v = new Via();
        final BufferView into = new BufferView();
        assertTrue(v.parse(a, a.next(HeaderName.VIA, a.first(HeaderName.VIA))));
        assertEquals("2001:db8::9:255", v.receivedAddress(into).toString());
        assertTrue(v.parse(b, b.next(HeaderName.VIA, b.first(HeaderName.VIA))));
        assertEquals("2001:db8::9:255", v.receivedAddress(into).toString());
        assertEquals(ParseError.BAD_VIA, parse(HEAD + "Via: SIP/2.0/UDP 192.0.2.1;ttl=300\r\n\r\n").error());
        assertEquals(ParseError.BAD_VIA, parse(HEAD + "Via: SIP/2.0/UDP 192.0.2.1;received=<x>\r\n\r\n").error());
    }

    @Test
    void theUriHeadersOfAContactInBrackets()
    {
        // RFC 4475 regescrt is valid; regbadct (the same without brackets) is not
        final SipMessage m = with("Contact: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
        final NameAddr c = new NameAddr();
        assertTrue(c.parse(m, m.first(HeaderName.CONTACT)));
        assertTrue(c.uri().header("Route").equalsDecoded("<sip:sip.example.com>"));
    }

    @Test
    void datesInGmt()
    {
        assertEquals(ParseError.NONE, parse(HEAD + "Date: Sat, 15 Oct 2005 04:44:56 GMT\r\n\r\n").error());
        assertEquals(ParseError.NONE, parse(HEAD + "Date: sat, 15 oct 2005\r\n 04:44:56 gmt\r\n\r\n").error(), "folded, any case");
    }

    @Test
    void mediaTypes()
    {
        final MediaType t = new MediaType();
        final String s = "multipart/mixed ; boundary=\"7a9cbec02ceef655\";charset=utf-8";
        assertTrue(t.parse(Messages.buffer(s), Messages.PAD, s.length()));
        assertTrue(t.isMultipart());
        assertTrue(t.is("Multipart", "MIXED"));
        assertEquals("7a9cbec02ceef655", t.boundary().toString());
        assertEquals("utf-8", t.param("charset").toString());
        assertEquals("multipart/mixed", t.toString());
        final String bad = "text";
        assertFalse(t.parse(Messages.buffer(bad), Messages.PAD, bad.length()));
        assertNull(t.type());
    }

    @Test
    void multipartBodiesIterateTheirParts()
    {
        final String body = "preamble\r\n" +
            "--7a9cbec02ceef655\r\n" +
            "Content-Type: text/plain\r\n" +
            "Content-Transfer-Encoding: binary\r\n" +
            "\r\n" +
            "Hello\r\n" +
            "--7a9cbec02ceef655  \r\n" +
            "Content-Type: application/octet-stream\r\n" +
            "\r\n" +
            "\u0000\u0001\r\n--x\r\n" +
            "--7a9cbec02ceef655\r\n" +
            "\r\n" +
            "no headers\r\n" +
            "--7a9cbec02ceef655--\r\n" +
            "epilogue";
        final String text = HEAD + "Content-Type: multipart/mixed;boundary=7a9cbec02ceef655\r\nContent-Length: " +
            body.length() + "\r\n\r\n" + body;
        final SipMessage m = parseOk(text);
        final MultipartBody parts = new MultipartBody();
        assertTrue(parts.wrap(m));
        assertTrue(parts.next());
        assertEquals(0, parts.partIndex());
        assertEquals("text/plain", parts.partContentType().toString());
        assertEquals("binary", parts.partHeader("content-transfer-encoding").toString());
        assertEquals("Hello", text(m, parts.partBodyOffset(), parts.partBodyLength()));
        assertTrue(parts.next());
        assertTrue(parts.partMediaType().is("application", "octet-stream"));
        assertEquals("\u0000\u0001\r\n--x", text(m, parts.partBodyOffset(), parts.partBodyLength()));
        assertTrue(parts.next());
        assertNull(parts.partContentType(), "no Content-Type: text/plain by default");
        assertEquals("no headers", text(m, parts.partBodyOffset(), parts.partBodyLength()));
        assertFalse(parts.next());
        assertTrue(parts.isComplete());
        assertFalse(parts.isMalformed());

        final String cut = body.substring(0, body.indexOf("--7a9cbec02ceef655--"));
        final SipMessage open = parseOk(HEAD + "Content-Type: multipart/mixed;boundary=7a9cbec02ceef655\r\n\r\n" + cut);
        assertTrue(parts.wrap(open));
        int n = 0;
        while (parts.next())
        {
            n++;
        }
        assertEquals(2, n, "the part without a delimiter after it is not whole");
        assertTrue(parts.isMalformed());
        assertFalse(parts.isComplete());

        assertFalse(parts.wrap(with("Content-Type: application/sdp")));
        assertFalse(parts.wrap(with("Content-Type: multipart/mixed")), "no boundary");
    }

    @Test
    void streamFraming()
    {
        final String one = HEAD.replace("CSeq: 1 OPTIONS", "CSeq: 1 OPTIONS\r\nl: 5") + "\r\nhello";
        final String two = "\r\n\r\n" + one + one.substring(0, 40);
        final UnsafeBuffer b = new UnsafeBuffer(two.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(4, SipFraming.keepAliveLength(b, 0, b.capacity()));
        final int first = SipFraming.frameLength(b, 0, b.capacity());
        assertEquals(4 + one.length(), first);
        final SipMessage m = new SipMessage();
        assertTrue(m.parseStream(b, 0, first));
        assertEquals(5, m.bodyLength());
        assertEquals(SipFraming.INCOMPLETE, SipFraming.frameLength(b, first, b.capacity() - first));
        assertEquals(SipFraming.INCOMPLETE, SipFraming.frameLength(b, 0, one.length()), "the body is not all there");

        final String folded = HEAD + "Content-Length:\r\n 2\r\n\r\nok";
        final UnsafeBuffer f = new UnsafeBuffer(folded.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(folded.length(), SipFraming.frameLength(f, 0, f.capacity()));
        final UnsafeBuffer none = new UnsafeBuffer((HEAD + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(SipFraming.NO_CONTENT_LENGTH, SipFraming.frameLength(none, 0, none.capacity()));
        final UnsafeBuffer bad = new UnsafeBuffer((HEAD + "l: 1\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(SipFraming.BAD_CONTENT_LENGTH, SipFraming.frameLength(bad, 0, bad.capacity()));
        final UnsafeBuffer neg = new UnsafeBuffer((HEAD + "l: -1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(SipFraming.BAD_CONTENT_LENGTH, SipFraming.frameLength(neg, 0, neg.capacity()));
        final UnsafeBuffer huge = new UnsafeBuffer((HEAD + "l: 70000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(SipFraming.TOO_LARGE, SipFraming.frameLength(huge, 0, huge.capacity()));
        final UnsafeBuffer endless = new UnsafeBuffer(new byte[SipMessage.MAX_MESSAGE_SIZE + 10]);
        endless.setMemory(0, endless.capacity(), (byte)'a');
        assertEquals(SipFraming.TOO_LARGE, SipFraming.frameLength(endless, 0, endless.capacity()));
    }

    @Test
    void errorsNameTheirHeader()
    {
        final SipMessage m = parse(HEAD + "Content-Type: text/plain\r\nc: text/html\r\n\r\n");
        assertEquals(ParseError.DUPLICATE_HEADER, m.error());
        assertEquals(HeaderName.CONTENT_TYPE, m.errorHeader());
        assertEquals("Duplicate Content-Type Header", m.errorReason());
        assertEquals("Duplicate Header", ParseError.DUPLICATE_HEADER.reason());
        assertNull(parseOk(HEAD + "\r\n").errorHeader());
    }

    private static String text(final SipMessage m, final int off, final int len)
    {
        final byte[] b = new byte[len];
        m.buffer().getBytes(off, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
