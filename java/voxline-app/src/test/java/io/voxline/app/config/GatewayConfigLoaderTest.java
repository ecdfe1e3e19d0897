package io.voxline.app.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.voxline.gateway.GatewayConfig;

class GatewayConfigLoaderTest
{
    private static final String ISSUE_EXAMPLE = """
        [sip]
        listen = "udp:127.0.0.1:5062"
        [board]
        uri = "mock:lines=2,region=us"
        [[line]]
        number = 1
        user = "101"
        domain = "a.test"
        proxy = "sip:127.0.0.1:5070"      # registrar and outbound proxy
        [media]
        rtp_ports = "16000-16999"
        codecs = ["PCMU", "PCMA"]
        [journal]
        dir = "var/journal"
        """;

    @Test
    void readsTheDocumentedExample()
    {
        final GatewayConfig c = GatewayConfigLoader.parse("a.toml", ISSUE_EXAMPLE);
        assertEquals(new InetSocketAddress("127.0.0.1", 5062), c.sipListen());
        assertEquals("mock:lines=2,region=us", c.boardUri());
        assertEquals(1, c.lines().size());
        final GatewayConfig.Line line = c.lines().get(0);
        assertEquals(1, line.number());
        assertEquals("101", line.user());
        assertEquals("a.test", line.domain());
        assertEquals(new InetSocketAddress("127.0.0.1", 5070), line.proxy());
        assertNull(line.password());
        assertEquals(16000, c.media().rtpPortLow());
        assertEquals(16999, c.media().rtpPortHigh());
        assertEquals(List.of("PCMU", "PCMA"), c.media().codecs());
        assertEquals("127.0.0.1", c.media().ip());
        assertEquals("var/journal", c.journalDir().toString());
        assertEquals(4000, c.dialing().interDigitTimeoutMs());
        assertEquals(GatewayConfig.Keepalive.DEFAULT, c.keepalive(), "keepalive 25 s and ping 60 s unless said otherwise");
    }

    @Test
    void keepaliveAndRegistrarPingAreReadAndZeroTurnsThemOff()
    {
        final String both = ISSUE_EXAMPLE.replace("listen = \"udp:127.0.0.1:5062\"\n",
            "listen = \"udp:127.0.0.1:5062\"\nkeepalive_seconds = 15\nregistrar_ping_seconds = 120\n");
        assertEquals(new GatewayConfig.Keepalive(15, 120), GatewayConfigLoader.parse("a.toml", both).keepalive());
        final String off = ISSUE_EXAMPLE.replace("listen = \"udp:127.0.0.1:5062\"\n",
            "listen = \"udp:127.0.0.1:5062\"\nkeepalive_seconds = 0\nregistrar_ping_seconds = 0\n");
        assertEquals(GatewayConfig.Keepalive.OFF, GatewayConfigLoader.parse("a.toml", off).keepalive());
    }

    @Test
    void badKeepaliveValuesNameFileLineAndKey()
    {
        assertMessage("a.toml:3: sip.keepalive_seconds: 2 is outside 5..600 (0 turns it off)",
            ISSUE_EXAMPLE.replace("[board]", "keepalive_seconds = 2\n[board]"));
        assertMessage("a.toml:3: sip.keepalive_seconds: -1 is outside 5..600 (0 turns it off)",
            ISSUE_EXAMPLE.replace("[board]", "keepalive_seconds = -1\n[board]"));
        assertMessage("a.toml:3: sip.registrar_ping_seconds: 7200 is outside 10..3600 (0 turns it off)",
            ISSUE_EXAMPLE.replace("[board]", "registrar_ping_seconds = 7200\n[board]"));
        assertMessage("a.toml:3: sip.registrar_ping_seconds: must be a whole number",
            ISSUE_EXAMPLE.replace("[board]", "registrar_ping_seconds = \"60\"\n[board]"));
        assertMessage("a.toml:3: sip.keepalive_second: unknown key",
            ISSUE_EXAMPLE.replace("[board]", "keepalive_second = 25\n[board]"));
    }

    @Test
    void anUnknownKeyNamesFileLineAndKey()
    {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> GatewayConfigLoader.parse("a.toml", ISSUE_EXAMPLE.replace("rtp_ports =", "rtp_port =")));
        assertTrue(e.getMessage().startsWith("a.toml:11: media.rtp_port: unknown key"), e.getMessage());
    }

    @Test
    void badValuesNameTheirLine()
    {
        assertMessage("a.toml:2: sip.listen: 'udp:localhost:5062': 'localhost' is a name",
            ISSUE_EXAMPLE.replace("udp:127.0.0.1:5062", "udp:localhost:5062"));
        assertMessage("a.toml:9: line[0].proxy: 'sip:proxy.a.test:5070': 'proxy.a.test' is a name",
            ISSUE_EXAMPLE.replace("sip:127.0.0.1:5070", "sip:proxy.a.test:5070"));
        assertMessage("a.toml:9: line[0].proxy: 'http://127.0.0.1' is not a sip: or sips: URI",
            ISSUE_EXAMPLE.replace("sip:127.0.0.1:5070", "http://127.0.0.1"));
        assertMessage("a.toml:12: media.codecs: 'G729' is not a codec",
            ISSUE_EXAMPLE.replace("\"PCMA\"]", "\"G729\"]"));
        assertMessage("a.toml:11: media.rtp_ports: 'lots' is not LOW-HIGH",
            ISSUE_EXAMPLE.replace("16000-16999", "lots"));
        assertMessage("a.toml:6: line[0].number: 0 is outside 1..64",
            ISSUE_EXAMPLE.replace("number = 1", "number = 0"));
        assertMessage("a.toml:8: line[0].domain: must be a string",
            ISSUE_EXAMPLE.replace("domain = \"a.test\"", "domain = 7"));
    }

    @Test
    void aMissingKeyAndASyntaxErrorAreNamed()
    {
        assertMessage("a.toml:6: line[0].user: is required", ISSUE_EXAMPLE.replace("user = \"101\"\n", ""));
        assertMessage("a.toml:3: syntax:", ISSUE_EXAMPLE.replace("[board]", "[board"));
    }

    @Test
    void aBadDigitMapIsNamed()
    {
        assertMessage("a.toml:16: dialing.digit_map: ", ISSUE_EXAMPLE + "[dialing]\ndigit_map = \"[1-9xx\"\n");
    }

    @Test
    void newCallsComeOnlyFromTheProxyUnlessALineSaysAny()
    {
        assertEquals(GatewayConfig.CallSources.PROXY,
            GatewayConfigLoader.parse("a.toml", ISSUE_EXAMPLE).lines().get(0).acceptCallsFrom(), "on by default");
        final String any = ISSUE_EXAMPLE.replace("[media]", "accept_calls_from = \"any\"\n[media]");
        assertEquals(GatewayConfig.CallSources.ANY, GatewayConfigLoader.parse("a.toml", any).lines().get(0).acceptCallsFrom());
        final String proxy = ISSUE_EXAMPLE.replace("[media]", "accept_calls_from = \"proxy\"\n[media]");
        assertEquals(GatewayConfig.CallSources.PROXY,
            GatewayConfigLoader.parse("a.toml", proxy).lines().get(0).acceptCallsFrom());
        assertMessage("a.toml:10: line[0].accept_calls_from: 'anyone' is neither \"proxy\" nor \"any\"",
            ISSUE_EXAMPLE.replace("[media]", "accept_calls_from = \"anyone\"\n[media]"));
    }

    @Test
    void aLineNumberUsedTwiceIsRefused()
    {
        final String twice = ISSUE_EXAMPLE.replace("[media]", """
            [[line]]
            number = 1
            user = "102"
            domain = "a.test"
            proxy = "sip:127.0.0.1:5070"
            [media]""");
        assertMessage("a.toml:11: line[1].number: line 1 is configured twice", twice);
    }

    private static void assertMessage(final String prefix, final String toml)
    {
        final ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfigLoader.parse("a.toml", toml));
        assertTrue(e.getMessage().startsWith(prefix), "expected '" + prefix + "' but got '" + e.getMessage() + "'");
    }
}
