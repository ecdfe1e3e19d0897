package io.voxline.gateway.dialplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.voxline.gateway.dialplan.DigitMap.Match;

class DigitMapTest
{
    @Test
    void defaultMapCompletesThreeDigitNumbersAndStarCodes()
    {
        final DigitMap map = DigitMap.of("[1-9]xx|*xx");
        assertEquals(Match.PARTIAL, map.match("2"));
        assertEquals(Match.PARTIAL, map.match("20"));
        assertEquals(Match.COMPLETE, map.match("201"));
        assertEquals(Match.NONE, map.match("2012"));
        assertEquals(Match.NONE, map.match("0"));
        assertEquals(Match.PARTIAL, map.match("*6"));
        assertEquals(Match.COMPLETE, map.match("*69"));
        assertEquals(Match.NONE, map.match("#"));
    }

    @Test
    void rangesAndLists()
    {
        final DigitMap map = DigitMap.of("[0-5]x|9[13*]");
        assertEquals(Match.COMPLETE, map.match("57"));
        assertEquals(Match.NONE, map.match("67"));
        assertEquals(Match.COMPLETE, map.match("91"));
        assertEquals(Match.COMPLETE, map.match("9*"));
        assertEquals(Match.NONE, map.match("92"));
    }

    @Test
    void aShorterMatchWaitsWhileALongerOneIsPossible()
    {
        final DigitMap map = DigitMap.of("xxx|xxxx");
        assertEquals(Match.PARTIAL, map.match("123"));
        assertTrue(map.matchesOnTimeout("123"));
        assertEquals(Match.COMPLETE, map.match("1234"));
        assertFalse(map.matchesOnTimeout("12"));
    }

    @Test
    void dotRepeatsThePrecedingElementZeroOrMoreTimes()
    {
        final DigitMap map = DigitMap.of("011x.|0x.");
        // never complete: an international number ends on the timer or '#'
        assertEquals(Match.PARTIAL, map.match("0"));
        assertEquals(Match.PARTIAL, map.match("011"));
        assertEquals(Match.PARTIAL, map.match("01144"));
        assertTrue(map.matchesOnTimeout("01144"));
        assertEquals(Match.NONE, map.match("1"));
        final DigitMap zeroTimes = DigitMap.of("9x.1");
        assertEquals(Match.PARTIAL, zeroTimes.match("91"), "9 then zero x then 1 matches, more x may follow");
        assertTrue(zeroTimes.matchesOnTimeout("91"));
        assertTrue(zeroTimes.matchesOnTimeout("92221"));
        assertFalse(zeroTimes.matchesOnTimeout("9222"));
    }

    @Test
    void timerAlternativesNeverCompleteEarly()
    {
        final DigitMap map = DigitMap.of("(xxT|*xx)");
        assertEquals(Match.PARTIAL, map.match("12"));
        assertTrue(map.matchesOnTimeout("12"));
        assertEquals(Match.COMPLETE, map.match("*12"));
    }

    @Test
    void caseAndSpacesAreIgnored()
    {
        final DigitMap map = DigitMap.of(" 1X | a[b-b] ".replace("[b-b]", "b"));
        assertEquals(Match.COMPLETE, map.match("15"));
        assertEquals(Match.COMPLETE, map.match("ab"));
        assertEquals(Match.COMPLETE, map.match("AB"));
    }

    @Test
    void malformedMapsSayWhy()
    {
        assertNull(DigitMap.check("[1-9]xx|*xx"));
        for (final String bad : new String[] {"", "()", "12|", "|12", "[1-9xx", "[]x", "[9-1]", "1q", ".1", "1..", "T"})
        {
            assertNotNull(DigitMap.check(bad), bad);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitMap.of(bad));
            assertTrue(e.getMessage().startsWith("bad digit map"), e.getMessage());
        }
        assertNotNull(DigitMap.check(null));
    }
}
