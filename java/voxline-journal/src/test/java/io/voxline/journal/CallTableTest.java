package io.voxline.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

class CallTableTest
{
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static long at(final int h, final int m, final int s)
    {
        return LocalDateTime.of(2026, 6, 12, h, m, s).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void oneRowPerCallWithColumnsPaddedToTheWidestCell()
    {
        final List<CallRecord> calls = List.of(
            new CallRecord("a84b4c76e66710@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test",
                at(14, 3, 7), at(14, 3, 12), at(14, 4, 17), "local hangup"),
            new CallRecord("b1@10.0.0.2", 2, CallDirection.IN, "sip:102@a.test", "sip:3001@c.test",
                at(15, 0, 0), CallRecord.NO_TIME, at(15, 0, 20), "busy"),
            new CallRecord("p@x", 0, CallDirection.IN, "sip:201@b.test", "sip:101@a.test",
                at(16, 0, 0), at(16, 0, 1), at(17, 15, 4), "remote hangup"),
            new CallRecord("up@127.0.0.1", 1, CallDirection.OUT, "sip:101@a.test", "sip:201@b.test",
                at(18, 0, 0), at(18, 0, 3), CallRecord.NO_TIME, null));

        final String expected = String.join("\n",
            "START                LINE  DIR  LOCAL           REMOTE           ANSWERED  DURATION  END            CALL-ID",
            "2026-06-12 14:03:07  1     OUT  sip:101@a.test  sip:201@b.test   14:03:12     01:05  local hangup   a84b4c76e66710@127.0.0.1",
            "2026-06-12 15:00:00  2     IN   sip:102@a.test  sip:3001@c.test  -                -  busy           b1@10.0.0.2",
            "2026-06-12 16:00:00  -     IN   sip:201@b.test  sip:101@a.test   16:00:01   1:15:03  remote hangup  p@x",
            "2026-06-12 18:00:00  1     OUT  sip:101@a.test  sip:201@b.test   18:00:03         -  in progress    up@127.0.0.1",
            "");
        assertEquals(expected, CallTable.format(calls, UTC));
    }

    @Test
    void timesAreShownInTheGivenZone()
    {
        final List<CallRecord> calls = List.of(new CallRecord("c", 1, CallDirection.OUT, "l", "r",
            at(23, 30, 0), at(23, 30, 5), at(23, 31, 0), "local hangup"));
        final String table = CallTable.format(calls, ZoneOffset.ofHours(2));
        assertEquals("2026-06-13 01:30:00", table.lines().skip(1).findFirst().orElseThrow().substring(0, 19));
    }

    @Test
    void anEmptyHistoryIsTheHeaderAndASayingSo()
    {
        assertEquals(String.join("\n",
            "START  LINE  DIR  LOCAL  REMOTE  ANSWERED  DURATION  END  CALL-ID",
            "(no calls)",
            ""), CallTable.format(List.of(), UTC));
    }

    @Test
    void controlCharactersCannotBreakTheTable()
    {
        final List<CallRecord> calls = List.of(new CallRecord("evil\r\nid", 1, CallDirection.OUT, "", "sip:x\t@y",
            at(1, 0, 0), CallRecord.NO_TIME, at(1, 0, 1), "failed 404"));
        final String table = CallTable.format(calls, UTC);
        assertEquals(2, table.lines().count());
        assertEquals(
            "2026-06-12 01:00:00  1     OUT  -      sip:x?@y  -                -  failed 404  evil??id",
            table.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void durationsAreMinutesAndSecondsThenHours()
    {
        assertEquals("00:00", CallTable.duration(999));
        assertEquals("59:59", CallTable.duration(3_599_999));
        assertEquals("1:00:00", CallTable.duration(3_600_000));
        assertEquals("26:03:04", CallTable.duration((26 * 3600 + 3 * 60 + 4) * 1000L));
    }
}
