package io.voxline.sip.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SdpTest
{
    private static final LocalAudio A = LocalAudio.of("192.0.2.10", 16000);
    private static final LocalAudio B = LocalAudio.of("192.0.2.20", 16500);

    private static SessionDescription parse(final String text)
    {
        final SdpParser.Result r = SdpParser.parse(text);
        assertTrue(r.ok(), r.error());
        return r.description();
    }

    private static String sdp(final String... lines)
    {
        return String.join("\r\n", lines) + "\r\n";
    }

    @Test
    void parsesARealOffer()
    {
        final String text = sdp(
            "v=0",
            "o=alice 2890844526 2890844527 IN IP4 192.0.2.101",
            "s=Talk",
            "i=a call",
            "c=IN IP4 192.0.2.101",
            "b=AS:64",
            "t=0 0",
            "a=tool:x",
            "m=audio 49170 RTP/AVP 8 0 18 101",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:0 pcmu/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=fmtp:18 annexb=no",
            "a=ptime:30",
            "a=maxptime:150",
            "a=sendonly",
            "m=video 51372 RTP/AVP 31",
            "c=IN IP4 192.0.2.102/127");
        final UnsafeBuffer buf = new UnsafeBuffer(("xx" + text).getBytes(StandardCharsets.UTF_8));
        final SdpParser.Result r = SdpParser.parse(buf, 2, text.length());
        assertTrue(r.ok(), r.error());
        final SessionDescription d = r.description();
        assertEquals("alice", d.originUser());
        assertEquals("2890844526", d.sessionId());
        assertEquals("2890844527", d.sessionVersion());
        assertEquals("192.0.2.101", d.originAddress());
        assertEquals("Talk", d.sessionName());
        assertEquals("192.0.2.101", d.connectionAddress());
        assertEquals("0 0", d.timing());
        assertEquals(List.of("tool:x"), d.attributes());
        assertEquals(2, d.media().size());
        final MediaDescription audio = d.media().get(0);
        assertTrue(audio.isAudioRtp());
        assertEquals(49170, audio.port());
        assertEquals(List.of(8, 0, 18, 101), audio.payloadTypes());
        assertEquals(new RtpMap(0, "pcmu", 8000, 1), audio.rtpMap(0));
        assertEquals(new RtpMap(18, "G729", 8000, 1), audio.rtpMap(18), "static payload type without rtpmap");
        assertEquals("0-15", audio.fmtps().get(101));
        assertEquals("annexb=no", audio.fmtps().get(18));
        assertEquals(30, audio.ptime());
        assertEquals(MediaDirection.SENDONLY, d.directionOf(audio));
        assertEquals(List.of("maxptime:150"), audio.attributes());
        assertEquals("192.0.2.101", d.addressOf(audio));
        final MediaDescription video = d.media().get(1);
        assertFalse(video.isAudioRtp());
        assertEquals("192.0.2.102", d.addressOf(video));
        assertEquals(MediaDirection.SENDRECV, d.directionOf(video));
    }

    @Test
    void encodeThenParseGivesTheSameDescription()
    {
        final SessionDescription offer = SdpNegotiator.offer(A, 42, 1);
        final String text = offer.encode();
        assertEquals(sdp(
            "v=0",
            "o=voxline 42 1 IN IP4 192.0.2.10",
            "s=-",
            "c=IN IP4 192.0.2.10",
            "t=0 0",
            "m=audio 16000 RTP/AVP 0 8 101",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-16",
            "a=ptime:20",
            "a=sendrecv"), text);
        assertEquals(offer, parse(text));
        final SessionDescription v6 = SdpNegotiator.offer(LocalAudio.of("2001:db8::1", 16000), 1, 2, MediaDirection.SENDONLY);
        assertTrue(v6.encode().contains("c=IN IP6 2001:db8::1\r\n"));
        assertEquals(v6, parse(v6.encode()));
        assertEquals(v6.encode(), new String(v6.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void answerPicksTheOfferersFirstSupportedCodecAndKeepsTelephoneEvent()
    {
        final SessionDescription offer = parse(sdp(
            "v=0",
            "o=- 1 1 IN IP4 192.0.2.50",
            "s=-",
            "c=IN IP4 192.0.2.50",
            "t=0 0",
            "m=audio 40000 RTP/AVP 18 8 0 96",
            "a=rtpmap:96 telephone-event/8000",
            "a=fmtp:96 0-15",
            "a=ptime:30"));
        final Negotiation n = SdpNegotiator.answer(offer, B, 7, 1);
        assertTrue(n.isAccepted(), n.reason());
        assertEquals(200, n.status());
        final NegotiatedAudio audio = n.audio();
        assertEquals(AudioCodec.PCMA, audio.codec(), "G.729 is not ours; PCMA comes before PCMU in the offer");
        assertEquals(8, audio.payloadType());
        assertEquals("192.0.2.50", audio.remoteAddress());
        assertEquals(40000, audio.remotePort());
        assertEquals(96, audio.telephoneEventPayloadType(), "the offer's payload type is kept");
        assertEquals(30, audio.ptime());
        assertEquals(MediaDirection.SENDRECV, audio.direction());

        final SessionDescription answer = n.answer();
        final MediaDescription m = answer.media().get(0);
        assertEquals(16500, m.port());
        assertEquals(List.of("8", "96"), m.formats());
        assertEquals("telephone-event", m.rtpMaps().get(96).encoding());
        assertEquals("192.0.2.20", answer.addressOf(m));
        assertEquals(MediaDirection.SENDRECV, answer.directionOf(m));

        // and the offerer reads the same outcome from the answer
        final Negotiation back = SdpNegotiator.acceptAnswer(offer, parse(answer.encode()));
        assertTrue(back.isAccepted(), back.reason());
        assertEquals(AudioCodec.PCMA, back.audio().codec());
        assertEquals("192.0.2.20", back.audio().remoteAddress());
        assertEquals(16500, back.audio().remotePort());
        assertEquals(96, back.audio().telephoneEventPayloadType());
        assertEquals(20, back.audio().ptime());
        assertNull(back.answer());
    }

    @Test
    void fullOfferAnswerBetweenTwoGateways()
    {
        final SessionDescription offer = SdpNegotiator.offer(A, 1001, 1);
        final Negotiation atB = SdpNegotiator.answer(parse(offer.encode()), B, 2002, 1);
        assertTrue(atB.isAccepted());
        assertEquals(new NegotiatedAudio(AudioCodec.PCMU, 0, "192.0.2.10", 16000, 101, 20, MediaDirection.SENDRECV), atB.audio());
        final Negotiation atA = SdpNegotiator.acceptAnswer(offer, parse(atB.answer().encode()));
        assertEquals(new NegotiatedAudio(AudioCodec.PCMU, 0, "192.0.2.20", 16500, 101, 20, MediaDirection.SENDRECV), atA.audio());
    }

    @Test
    void directionIsMirroredAndHoldIsHonoured()
    {
        final SessionDescription hold = SdpNegotiator.offer(A, 1, 2, MediaDirection.SENDONLY);
        final Negotiation n = SdpNegotiator.answer(hold, B, 5, 2);
        assertEquals(MediaDirection.RECVONLY, n.answer().directionOf(n.answer().media().get(0)));
        assertEquals(MediaDirection.RECVONLY, n.audio().direction());
        assertEquals(MediaDirection.SENDONLY, SdpNegotiator.acceptAnswer(hold, n.answer()).audio().direction());

        assertEquals(MediaDirection.INACTIVE,
            SdpNegotiator.answer(SdpNegotiator.offer(A, 1, 2, MediaDirection.INACTIVE), B, 5, 2).audio().direction());
        assertEquals(MediaDirection.SENDONLY,
            SdpNegotiator.answer(SdpNegotiator.offer(A, 1, 2, MediaDirection.RECVONLY), B, 5, 2).audio().direction());
        assertEquals(MediaDirection.SENDONLY,
            SdpNegotiator.answer(SdpNegotiator.offer(A, 1, 2), B, 5, 2, MediaDirection.SENDONLY).audio().direction(),
            "we put the peer on hold while answering");

        final SessionDescription oldHold = parse(sdp("v=0", "o=- 1 2 IN IP4 192.0.2.50", "s=-", "c=IN IP4 0.0.0.0", "t=0 0",
            "m=audio 40000 RTP/AVP 0"));
        final Negotiation oh = SdpNegotiator.answer(oldHold, B, 5, 2);
        assertEquals(MediaDirection.RECVONLY, oh.audio().direction(), "c=0.0.0.0: send nothing");
        assertEquals(-1, oh.audio().telephoneEventPayloadType());
    }

    @Test
    void noCommonCodecIs488()
    {
        final SessionDescription offer = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50", "t=0 0",
            "m=audio 40000 RTP/AVP 18 9 96", "a=rtpmap:96 telephone-event/8000"));
        final Negotiation n = SdpNegotiator.answer(offer, B, 1, 1);
        assertFalse(n.isAccepted());
        assertEquals(488, n.status());
        assertEquals("No common codec", n.reason());
        assertNull(n.answer());
        assertNull(n.audio());

        final LocalAudio onlyPcma = new LocalAudio("192.0.2.20", 16500, List.of(AudioCodec.PCMA), -1, 20);
        final Negotiation pcmuOnly = SdpNegotiator.answer(SdpNegotiator.offer(
            new LocalAudio("192.0.2.10", 16000, List.of(AudioCodec.PCMU), 101, 20), 1, 1), onlyPcma, 1, 1);
        assertEquals(488, pcmuOnly.status());

        final SessionDescription pcmuAt16k = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50",
            "t=0 0", "m=audio 40000 RTP/AVP 97", "a=rtpmap:97 PCMU/16000"));
        assertEquals(488, SdpNegotiator.answer(pcmuAt16k, B, 1, 1).status(), "the name alone is not enough");
    }

    @Test
    void otherStreamsAreRejectedWithPortZeroAndOrderKept()
    {
        final SessionDescription offer = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50", "t=0 0",
            "m=video 51372 RTP/AVP 31",
            "m=audio 0 RTP/AVP 0",
            "m=audio 40002 RTP/SAVP 0",
            "m=audio 40004 RTP/AVP 97 0",
            "a=rtpmap:97 PCMU/8000",
            "m=audio 40006 RTP/AVP 8"));
        final Negotiation n = SdpNegotiator.answer(offer, B, 1, 1);
        assertTrue(n.isAccepted(), n.reason());
        final List<MediaDescription> media = n.answer().media();
        assertEquals(5, media.size());
        assertEquals("video", media.get(0).media());
        assertEquals(0, media.get(0).port());
        assertEquals(List.of("31"), media.get(0).formats());
        assertEquals(0, media.get(1).port());
        assertEquals(0, media.get(2).port(), "no SRTP");
        assertEquals(16500, media.get(3).port());
        assertEquals(List.of("97"), media.get(3).formats(), "a dynamic payload type for PCMU is kept");
        assertEquals(0, media.get(4).port(), "one audio stream only");
        assertEquals(97, n.audio().payloadType());
        assertEquals(AudioCodec.PCMU, n.audio().codec());
        assertEquals(40004, n.audio().remotePort());
        assertEquals(n.answer(), parse(n.answer().encode()));

        final SessionDescription videoOnly = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50",
            "t=0 0", "m=video 51372 RTP/AVP 31"));
        assertEquals(488, SdpNegotiator.answer(videoOnly, B, 1, 1).status());
        final SessionDescription noAddress = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "t=0 0",
            "m=audio 40000 RTP/AVP 0"));
        assertEquals("No connection address for audio", SdpNegotiator.answer(noAddress, B, 1, 1).reason());
        final SessionDescription noMedia = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "t=0 0"));
        assertEquals(488, SdpNegotiator.answer(noMedia, B, 1, 1).status());
    }

    @Test
    void acceptAnswerRejectsWhatWasNotOffered()
    {
        final SessionDescription offer = SdpNegotiator.offer(new LocalAudio("192.0.2.10", 16000, List.of(AudioCodec.PCMU), 101, 20), 1, 1);
        final SessionDescription pcma = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.20", "s=-", "c=IN IP4 192.0.2.20", "t=0 0",
            "m=audio 16500 RTP/AVP 8"));
        assertEquals("No offered codec in answer", SdpNegotiator.acceptAnswer(offer, pcma).reason());
        final SessionDescription rejected = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.20", "s=-", "c=IN IP4 192.0.2.20", "t=0 0",
            "m=audio 0 RTP/AVP 0"));
        assertEquals(488, SdpNegotiator.acceptAnswer(offer, rejected).status());
        final SessionDescription noTe = parse(sdp("v=0", "o=- 1 1 IN IP4 192.0.2.20", "s=-", "c=IN IP4 192.0.2.20", "t=0 0",
            "m=audio 16500 RTP/AVP 0", "a=recvonly"));
        final Negotiation n = SdpNegotiator.acceptAnswer(offer, noTe);
        assertTrue(n.isAccepted());
        assertEquals(-1, n.audio().telephoneEventPayloadType());
        assertEquals(MediaDirection.SENDONLY, n.audio().direction());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "\r\n", "o=- 1 1 IN IP4 1.2.3.4\r\n", "v=1\r\n", "v=0\r\n", "v=0\r\nv=0\r\n", "v=0\r\nx\r\n", "v=0\r\nO=x\r\n",
        "v=0\r\no=- 1 1 IN IP4\r\n", "v=0\r\no=- 1 1 XX IP4 1.2.3.4\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nc=IN IP5 1.2.3.4\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio x RTP/AVP 0\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/x\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=rtpmap:300 PCMU/8000\r\n",
        "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 4000 RTP/AVP 0\r\na=fmtp:x 0-16\r\n",
        "v=0\r\ns=-\r\n"})
    void malformedBodiesAreErrors(final String text)
    {
        final SdpParser.Result r = SdpParser.parse(text);
        assertFalse(r.ok());
        assertNotNull(r.error());
    }

    @Test
    void lenientWhereItCostsNothing()
    {
        final SessionDescription d = parse("v=0\no=- 1 1 IN IP4 192.0.2.1\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\na=ptime:abc\n");
        assertEquals("-", d.sessionName());
        assertEquals("0 0", d.timing());
        assertEquals(-1, d.media().get(0).ptime());
        assertEquals(List.of("ptime:abc"), d.media().get(0).attributes());
        assertFalse(SdpParser.parse((byte[])null).ok());
        assertFalse(SdpParser.parse(new UnsafeBuffer(new byte[4]), 2, 3).ok());
    }

    @Test
    void randomAndMutatedBodiesNeverThrow()
    {
        final Random random = new Random(99);
        final byte[] base = SdpNegotiator.offer(A, 1, 1).toBytes();
        final byte[] alphabet = "v=oscmta:/ 0123456789\r\nINIP4RTPAVP.-".getBytes(StandardCharsets.US_ASCII);
        int ok = 0;
        for (int n = 0; n < 20_000; n++)
        {
            final byte[] b = base.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++)
            {
                b[random.nextInt(b.length)] = random.nextBoolean() ? (byte)random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            final byte[] cut = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
            final SdpParser.Result r = SdpParser.parse(cut);
            assertTrue(r.ok() || !r.error().startsWith("Unparseable"), r.error());
            if (r.ok())
            {
                ok++;
                // whatever parses can be answered and re-encoded without throwing
                final Negotiation answer = SdpNegotiator.answer(r.description(), B, 1, 1);
                if (answer.isAccepted())
                {
                    SdpNegotiator.acceptAnswer(r.description(), answer.answer());
                }
                SdpNegotiator.acceptAnswer(SdpNegotiator.offer(A, 1, 1), r.description());
                assertEquals(r.description(), parse(r.description().encode()));
            }
        }
        assertTrue(ok > 1000, "some mutations still parse: " + ok);
    }

    @Test
    void directionAlgebra()
    {
        assertEquals(MediaDirection.RECVONLY, MediaDirection.SENDONLY.mirror());
        assertEquals(MediaDirection.SENDRECV, MediaDirection.SENDRECV.mirror());
        assertEquals(MediaDirection.INACTIVE, MediaDirection.SENDONLY.and(MediaDirection.RECVONLY));
        assertEquals(MediaDirection.SENDONLY, MediaDirection.fromAttribute("sendonly"));
        assertNull(MediaDirection.fromAttribute("send"));
        assertEquals(AudioCodec.PCMA, AudioCodec.byName("pcma"));
        assertEquals(Map.of(), MediaDescription.class.cast(SdpNegotiator.offer(A, 1, 1).media().get(0).rejected()).fmtps());
    }
}
