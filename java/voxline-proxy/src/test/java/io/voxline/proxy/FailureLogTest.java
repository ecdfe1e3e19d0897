package io.voxline.proxy;

import static io.voxline.proxy.Harness.UA_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A bug caught inside the core is counted and logged once, with its exception; the core carries on. */
class FailureLogTest
{
    @Test
    void eachFailureIsLoggedOnceWithItsException()
    {
        final Harness h = new Harness(List.of("a.test"), List.of());
        h.transport.refuse = d ->
        {
            throw new IllegalStateException("transport bug for the test");
        };
        final PrintStream err = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try
        {
            // slf4j-simple (the test binding) writes to whatever System.err is at the time
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            h.receive(RoutingTest.request("OPTIONS", "sip:127.0.0.1:5070"), UA_A);
            h.receive(RoutingTest.request("OPTIONS", "sip:127.0.0.1:5070"), UA_A);
        }
        finally
        {
            System.setErr(err);
            Harness.forget(h);
        }
        assertEquals(2, h.core.failures());
        final String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(2, log.split("proxy failure ", -1).length - 1, log);
        assertTrue(log.contains("proxy failure 1 on a datagram from /127.0.0.1:5062"), log);
        assertTrue(log.contains("proxy failure 2 on a datagram from /127.0.0.1:5062"), log);
        assertEquals(2, log.split("java.lang.IllegalStateException: transport bug for the test", -1).length - 1, log);

        h.transport.refuse = d -> false;
        h.receive(RoutingTest.request("OPTIONS", "sip:127.0.0.1:5070"), UA_A);
        assertEquals("SIP/2.0 200 OK", h.take(UA_A).startLine(), "the core carries on");
    }
}
