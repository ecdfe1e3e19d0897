package io.voxline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import io.voxline.proxy.ProxyConfig;

/** The proxy's command line as a ProxyConfig: rate limits and their errors. */
class ProxyCommandTest
{
    private static ProxyCommand parse(final String... args)
    {
        final ProxyCommand command = new ProxyCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theRateLimitDefaultsSuitAHomeRouterAndCanBeChangedOrTurnedOff()
    {
        assertEquals(ProxyConfig.Limits.DEFAULT, parse().config().limits());
        assertEquals(new ProxyConfig.Limits(5, 20), parse("--rate-limit", "5", "--rate-burst", "20").config().limits());
        assertFalse(parse("--rate-limit", "0").config().limits().enabled());
    }

    @Test
    void aBadRateLimitSaysWhy()
    {
        final ParameterException bad = assertThrows(ParameterException.class, () -> parse("--rate-limit", "-1").config());
        assertTrue(bad.getMessage().contains("--rate-limit"), bad.getMessage());
        assertThrows(ParameterException.class, () -> parse("--rate-burst", "0").config());
    }
}
