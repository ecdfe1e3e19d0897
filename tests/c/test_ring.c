/* Ring cadence with burst timing, ring trip, and the board's hook detector (flash window, on-hook). */
#include "vxb_test.h"

static void us_cadence(void)
{
    vxb_board_t *b = open_board("mock:lines=2,region=us,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    run(b, 100, log);
    OK(vxb_ring_start(b, 1, NULL, NULL));
    vxb_phone_state_t st;
    int rang_at_1s = 0, silent_at_3s = 0;
    for (int t = 0; t < 18000; t += 10)
    {
        run(b, 10, log);
        OK(vxb_mock_phone_state(b, 1, &st));
        if (t == 1000)
        {
            rang_at_1s = st.ringing;
        }
        if (t == 3000)
        {
            silent_at_3s = !st.ringing;
        }
    }
    CHECK(rang_at_1s && silent_at_3s, "the bell rings in bursts only");
    /* bursts at 100 + 0, 6000, 12000 ms; each 2000 ms */
    const int64_t starts[3] = {100, 6100, 12100};
    int s = 0, e = 0;
    for (int i = 0; i < log->n; i++)
    {
        const vxb_event_t *ev = &log->ev[i];
        CHECK(ev->line == 1, "line 1");
        if (ev->type == VXB_EV_RING_BURST_START)
        {
            CHECK(s < 3 && ev_ms(ev) == starts[s] && ev->value == s + 1, "burst %d starts at %lld", s + 1,
                  (long long)ev_ms(ev));
            s++;
        }
        else if (ev->type == VXB_EV_RING_BURST_END)
        {
            CHECK(e < 3 && ev_ms(ev) == starts[e] + 2000 && ev->duration_ms == 2000, "burst %d ends at %lld (%d ms)",
                  e + 1, (long long)ev_ms(ev), ev->duration_ms);
            e++;
        }
        else
        {
            CHECK(0, "unexpected %s", vxb_event_name(ev->type));
        }
    }
    CHECK(s == 3 && e == 3, "3 bursts in 18 s, got %d starts %d ends", s, e);
    if (s != 3 || e != 3)
    {
        print_log(log);
    }
    OK(vxb_ring_stop(b, 1));
    log->n = 0;
    run(b, 10000, log);
    CHECK(log->n == 0, "nothing after ring stop");
    free(log);
    vxb_close(b);
}

static void custom_cadence(void)
{
    /* a distinctive ring: 0.8 on 0.4 off 0.8 on 4 off */
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    vxb_cadence_t c = {2, 1, {800, 800}, {400, 4000}};
    OK(vxb_ring_start(b, 0, &c, NULL));
    run(b, 6000, log);
    CHECK(log->n == 4, "two bursts, got %d events", log->n);
    if (log->n == 4)
    {
        CHECK(ev_ms(&log->ev[0]) == 0 && ev_ms(&log->ev[1]) == 800 && ev_ms(&log->ev[2]) == 1200 &&
                  ev_ms(&log->ev[3]) == 2000,
              "0/800/1200/2000 ms");
    }
    vxb_cadence_t bad = {1, 1, {5}, {100}};
    CHECK(vxb_ring_start(b, 0, &bad, NULL) == VXB_ERR_INVAL, "a 5 ms burst is refused");
    free(log);
    vxb_close(b);
}

static void ring_trip(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_ring_start(b, 0, NULL, NULL));
    run(b, 7000, log); /* in the second burst */
    log->n = 0;
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 10, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_OFF_HOOK && ev_ms(&log->ev[0]) == 7000,
          "off-hook during a burst: OFF_HOOK at once");
    vxb_phone_state_t st;
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.off_hook && !st.ringing, "the bell stopped");
    run(b, 10000, log);
    CHECK(log->n == 1, "no more bursts after the trip");
    CHECK(vxb_ring_start(b, 0, NULL, NULL) == VXB_ERR_OFFHOOK, "cannot ring an off-hook line");

    /* tripped in the silent interval */
    OK(vxb_mock_hook(b, 0, 0));
    run(b, 2000, NULL);
    log->n = 0;
    OK(vxb_ring_start(b, 0, NULL, NULL));
    run(b, 3000, log);
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 5000, log);
    CHECK(log->n == 3 && log->ev[2].type == VXB_EV_OFF_HOOK && ev_ms(&log->ev[2]) - ev_ms(&log->ev[0]) == 3000,
          "start, end, off-hook at 3 s");
    free(log);
    vxb_close(b);
}

static void hook_detector(void)
{
    vxb_board_t *b = open_board("mock:lines=1,region=us,clock=manual"); /* flash 100..900 ms */
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 100, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_OFF_HOOK && ev_ms(&log->ev[0]) == 0, "off-hook at 0");

    /* a 50 ms bounce is a glitch */
    log->n = 0;
    OK(vxb_mock_hook(b, 0, 0));
    run(b, 50, log);
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 1500, log);
    CHECK(log->n == 0, "a 50 ms open loop is ignored");

    /* the phone's flash button: FLASH with its length */
    OK(vxb_mock_flash(b, 0));
    run(b, 1500, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_FLASH && log->ev[0].duration_ms == 500, "one FLASH of 500 ms");
    vxb_phone_state_t st;
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.off_hook, "handset back up after the flash");

    /* a hang-up is ON_HOOK once the flash window has passed */
    log->n = 0;
    int64_t t0 = 3150; /* 100 + 50 + 1500 + 1500 */
    OK(vxb_mock_hook(b, 0, 0));
    run(b, 2000, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_ON_HOOK, "one ON_HOOK");
    CHECK(log->n == 1 && ev_ms(&log->ev[0]) - t0 > 900 && ev_ms(&log->ev[0]) - t0 <= 920,
          "ON_HOOK just after the 900 ms flash window: %lld", log->n ? (long long)(ev_ms(&log->ev[0]) - t0) : -1LL);
    CHECK(vxb_mock_flash(b, 0) == VXB_ERR_ONHOOK, "no flash on-hook");

    /* open loop: hook changes are not seen */
    log->n = 0;
    OK(vxb_set_feed(b, 0, VXB_FEED_DISCONNECT));
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 500, log);
    CHECK(log->n == 0, "disconnected feed: no hook detection");
    OK(vxb_set_feed(b, 0, VXB_FEED_ACTIVE));
    run(b, 20, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_OFF_HOOK, "battery back: off-hook seen");
    free(log);
    vxb_close(b);
}

int main(void)
{
    us_cadence();
    custom_cadence();
    ring_trip();
    hook_detector();
    TEST_DONE();
}
