package io.voxline.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.voxline.reactor.Reactor;
import io.voxline.reactor.ReactorEvent;
import io.voxline.reactor.ReactorHandler;

class BoardEventPollerTest
{
    private record Seen(int code, int line, int arg1, int arg2, long timeMs, Thread thread)
    {
        BoardEventType type()
        {
            return BoardEventType.values()[code];
        }
    }

    @Test
    void boardEventsReachTheReactorThread() throws Exception
    {
        final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        final ReactorHandler handler = new ReactorHandler()
        {
            @Override
            public void onBoardEvent(final ReactorEvent ev)
            {
                seen.add(new Seen(ev.code, ev.line, ev.arg1, ev.arg2, ev.timeMs, Thread.currentThread()));
            }
        };
        try (Board board = Boards.open("mock:lines=2,region=us");
            Reactor reactor = new Reactor("poller-test", handler))
        {
            reactor.start();
            final BoardEventPoller poller = new BoardEventPoller("poller-test", board, reactor);
            poller.start();
            try
            {
                board.mockPhones().hook(1, true);
                final Seen offHook = seen.poll(2, TimeUnit.SECONDS);
                assertNotNull(offHook, "OFF_HOOK reached the reactor");
                assertEquals(BoardEventType.OFF_HOOK, offHook.type());
                assertEquals(1, offHook.line());
                assertTrue(offHook.thread().getName().endsWith("-reactor"), offHook.thread().getName());

                board.mockPhones().dial(1, "7", 120, 80);
                final Seen down = seen.poll(2, TimeUnit.SECONDS);
                final Seen up = seen.poll(2, TimeUnit.SECONDS);
                assertNotNull(up);
                assertEquals(BoardEventType.DTMF_DOWN, down.type());
                assertEquals('7', down.arg1());
                assertEquals(BoardEventType.DTMF_UP, up.type());
                assertEquals('7', up.arg1());
                assertTrue(Math.abs(up.arg2() - 120) <= 30, "duration " + up.arg2());
                assertTrue(up.timeMs() > offHook.timeMs());
                final long deadline = System.nanoTime() + 1_000_000_000L;
                while (poller.published() < 3 && System.nanoTime() < deadline)
                {
                    Thread.sleep(1); /* counted just after publishing */
                }
                assertEquals(3, poller.published());
            }
            finally
            {
                final long t0 = System.nanoTime();
                poller.close();
                assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "close wakes the poller");
            }
            assertEquals(0, poller.errors());
        }
    }

    @Test
    void thePollerStopsWhenTheBoardCloses() throws Exception
    {
        final Board board = Boards.open("mock:lines=1");
        try (Reactor reactor = new Reactor("poller-close", new ReactorHandler()
        {
        }))
        {
            reactor.start();
            final BoardEventPoller poller = new BoardEventPoller("poller-close", board, reactor);
            poller.start();
            Thread.sleep(50);
            board.close();
            final Thread t = findThread("poller-close-board-poller");
            if (t != null)
            {
                t.join(2000);
                assertFalse(t.isAlive(), "the poller ends with its board");
            }
            poller.close();
        }
    }

    @Test
    void arg2IsTheDurationOrTheValue()
    {
        final BoardEvent ev = new BoardEvent();
        ev.type = BoardEventType.DTMF_UP;
        ev.durationMs = 95;
        ev.value = 7;
        assertEquals(95, BoardEventPoller.arg2(ev));
        ev.type = BoardEventType.TONE_DONE;
        assertEquals(7, BoardEventPoller.arg2(ev));
    }

    private static Thread findThread(final String name)
    {
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.getName().equals(name))
            {
                return t;
            }
        }
        return null;
    }
}
