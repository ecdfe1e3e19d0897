package io.voxline.sip.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class SourceKeyTest
{
    private static long key(final String literal) throws Exception
    {
        // literals only: getByName parses them without a lookup
        return SourceKey.of(InetAddress.getByName(literal));
    }

    @Test
    void anIpv4AddressIsItsOwnSourceAndAnIpv6SourceIsItsSlash64() throws Exception
    {
        assertEquals(key("192.0.2.1"), key("192.0.2.1"));
        assertNotEquals(key("192.0.2.1"), key("192.0.2.2"));
        assertEquals(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "one /64, one source");
        assertNotEquals(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assertEquals(key("192.0.2.1"), key("::ffff:192.0.2.1"), "an IPv4-mapped address is the IPv4 source");
        assertNotEquals(key("0.0.0.1"), key("::1"));
        assertNotEquals(key("0.0.0.0"), key("::"));
    }
}
