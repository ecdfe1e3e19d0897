/* Region tones as the emulated phone's ear hears them: frequencies to +-10 Hz, levels, and cadences
 * (a cadenced tone is silent in its off periods). */
#include "vxb_test.h"

static vxb_hear_t hear(vxb_board_t *b, int32_t line, int32_t window_ms)
{
    vxb_hear_t h;
    memset(&h, 0, sizeof(h));
    OK(vxb_mock_hear(b, line, window_ms, &h));
    return h;
}

static void check_pair(const vxb_hear_t *h, int f1, int f2, const char *what)
{
    CHECK(!h->silence, "%s: heard silence", what);
    if (f2 == 0)
    {
        CHECK(near(h->f1_hz, f1, 10) && h->f2_hz == 0, "%s: heard %d+%d, want %d", what, h->f1_hz, h->f2_hz, f1);
    }
    else
    {
        CHECK(near(h->f1_hz, f1, 10) && near(h->f2_hz, f2, 10), "%s: heard %d+%d, want %d+%d", what, h->f1_hz,
              h->f2_hz, f1, f2);
    }
}

static vxb_board_t *off_hook_board(const char *uri)
{
    vxb_board_t *b = open_board(uri);
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, NULL);
    return b;
}

static void us_tones(void)
{
    vxb_board_t *b = off_hook_board("mock:lines=1,region=us,clock=manual");
    vxb_hear_t h = hear(b, 0, 500);
    CHECK(h.silence, "nothing played yet: silence");

    /* dial tone: steady 350+440, each -13 dBm0, together -10 dBm0 */
    OK(vxb_play_tone(b, 0, VXB_TONE_DIAL));
    run(b, 1000, NULL);
    h = hear(b, 0, 1000);
    check_pair(&h, 350, 440, "dial");
    CHECK(near(h.level_dbx10, -100, 5), "dial tone level %d/10 dBm0", h.level_dbx10);
    h = hear(b, 0, 100);
    check_pair(&h, 350, 440, "dial, short window");

    /* ringback: 440+480, 2 s on / 4 s off, starting on */
    OK(vxb_play_tone(b, 0, VXB_TONE_RINGBACK));
    run(b, 1500, NULL);
    h = hear(b, 0, 1000);
    check_pair(&h, 440, 480, "ringback on");
    CHECK(near(h.level_dbx10, -160, 5), "ringback level %d/10 dBm0", h.level_dbx10);
    run(b, 1000, NULL); /* 2.5 s: off since 2.0 */
    h = hear(b, 0, 400);
    CHECK(h.silence, "ringback off period is silent (%d+%d)", h.f1_hz, h.f2_hz);
    run(b, 3400, NULL); /* 5.9 s: still off */
    h = hear(b, 0, 1000);
    CHECK(h.silence, "ringback silent through 4 s");
    run(b, 1100, NULL); /* 7.0 s: on again since 6.0 */
    h = hear(b, 0, 1000);
    check_pair(&h, 440, 480, "ringback second burst");

    /* busy: 480+620, 0.5 s on / 0.5 s off */
    OK(vxb_play_tone(b, 0, VXB_TONE_BUSY));
    for (int cycle = 0; cycle < 3; cycle++)
    {
        run(b, 400, NULL);
        h = hear(b, 0, 300);
        check_pair(&h, 480, 620, "busy on");
        run(b, 500, NULL);
        h = hear(b, 0, 300);
        CHECK(h.silence, "busy off period %d is silent (heard %d+%d)", cycle, h.f1_hz, h.f2_hz);
        run(b, 100, NULL);
    }
    run(b, 1000, NULL);
    h = hear(b, 0, 1000);
    check_pair(&h, 480, 620, "busy over a whole second");
    CHECK(near(h.level_dbx10, -240, 10), "busy level %d/10 dBm0 (-21 on, half the time)", h.level_dbx10);

    /* reorder: 480+620, 0.25 s on / 0.25 s off */
    OK(vxb_play_tone(b, 0, VXB_TONE_REORDER));
    for (int cycle = 0; cycle < 4; cycle++)
    {
        run(b, 200, NULL);
        h = hear(b, 0, 150);
        check_pair(&h, 480, 620, "reorder on");
        run(b, 250, NULL);
        h = hear(b, 0, 200);
        CHECK(h.silence, "reorder off period %d is silent", cycle);
        run(b, 50, NULL);
    }

    /* call waiting: one 440 Hz beep of 0.3 s, then TONE_DONE and silence */
    evlog_t *log = calloc(1, sizeof(*log));
    drain(b, NULL);
    OK(vxb_play_tone(b, 0, VXB_TONE_CALL_WAITING));
    run(b, 250, log);
    h = hear(b, 0, 200);
    check_pair(&h, 440, 0, "call waiting");
    run(b, 1750, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_TONE_DONE && log->ev[0].value == VXB_TONE_CALL_WAITING,
          "one TONE_DONE for call waiting");
    h = hear(b, 0, 1000);
    CHECK(h.silence, "silence after the beep");

    /* stop */
    OK(vxb_play_tone(b, 0, VXB_TONE_DIAL));
    run(b, 300, NULL);
    OK(vxb_stop_tone(b, 0));
    run(b, 200, NULL);
    h = hear(b, 0, 150);
    CHECK(h.silence, "silence after stop");
    free(log);
    vxb_close(b);
}

static void tone_timing_exact(void)
{
    /* the busy cadence edges fall on the exact sample: check with the raw earpiece samples */
    vxb_board_t *b = off_hook_board("mock:lines=1,clock=manual");
    OK(vxb_play_tone(b, 0, VXB_TONE_BUSY));
    run(b, 1000, NULL);
    int16_t pcm[8000];
    CHECK(vxb_mock_listen(b, 0, pcm, 8000) == 8000, "listen gives a second");
    int first_silent = -1, first_loud_again = -1;
    for (int i = 0; i < 8000; i++)
    {
        int loud = abs(pcm[i]) > 0;
        if (first_silent < 0 && !loud && i > 0 && abs(pcm[i - 1]) > 0)
        {
            /* a zero crossing can hit 0: require 8 silent samples in a row */
            int run_len = 0;
            while (i + run_len < 8000 && pcm[i + run_len] == 0 && run_len < 8)
            {
                run_len++;
            }
            if (run_len == 8)
            {
                first_silent = i;
            }
        }
        if (first_silent >= 0 && first_loud_again < 0 && loud && i > first_silent)
        {
            first_loud_again = i;
        }
    }
    CHECK(first_silent == 4000, "busy goes silent at 500 ms, sample %d", first_silent);
    CHECK(first_loud_again == -1, "and stays silent to 1000 ms (%d)", first_loud_again);
    vxb_close(b);
}

static void on_hook_hears_nothing(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    OK(vxb_play_tone(b, 0, VXB_TONE_DIAL));
    run(b, 500, NULL);
    vxb_hear_t h = hear(b, 0, 400);
    CHECK(h.silence, "the receiver on its cradle hears nothing");
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 500, NULL);
    h = hear(b, 0, 400);
    check_pair(&h, 350, 440, "lifted, it hears the tone already playing");
    OK(vxb_set_feed(b, 0, VXB_FEED_STANDBY));
    run(b, 500, NULL);
    h = hear(b, 0, 400);
    CHECK(h.silence, "standby feed carries no audio");
    vxb_close(b);
}

static void other_regions(void)
{
    vxb_board_t *b = off_hook_board("mock:lines=1,region=de,clock=manual");
    OK(vxb_play_tone(b, 0, VXB_TONE_DIAL));
    run(b, 500, NULL);
    vxb_hear_t h = hear(b, 0, 400);
    check_pair(&h, 425, 0, "de dial");
    vxb_close(b);

    b = off_hook_board("mock:lines=1,region=uk,clock=manual");
    OK(vxb_play_tone(b, 0, VXB_TONE_RINGBACK));
    run(b, 300, NULL);
    h = hear(b, 0, 250);
    check_pair(&h, 400, 450, "uk ringback");
    run(b, 200, NULL); /* 0.4 on, 0.2 off */
    h = hear(b, 0, 80);
    CHECK(h.silence, "uk ringback short gap");
    vxb_close(b);
}

static void configured_tone(void)
{
    /* a tone table change applies to the next tone played */
    vxb_board_t *b = off_hook_board("mock:lines=2,clock=manual");
    vxb_line_config_t cfg;
    OK(vxb_line_get_config(b, 1, &cfg));
    CHECK(strcmp(cfg.region, "us") == 0, "region us");
    cfg.tones[VXB_TONE_DIAL].f1_hz = 425;
    cfg.tones[VXB_TONE_DIAL].f2_hz = 0;
    OK(vxb_line_configure(b, 0, &cfg));
    OK(vxb_play_tone(b, 0, VXB_TONE_DIAL));
    run(b, 500, NULL);
    vxb_hear_t h = hear(b, 0, 400);
    check_pair(&h, 425, 0, "configured dial tone");
    cfg.tones[VXB_TONE_DIAL].f1_hz = 5000;
    CHECK(vxb_line_configure(b, 0, &cfg) == VXB_ERR_INVAL, "5 kHz is refused");
    cfg.tones[VXB_TONE_DIAL].f1_hz = 425;
    cfg.flash_max_ms = cfg.flash_min_ms;
    CHECK(vxb_line_configure(b, 0, &cfg) == VXB_ERR_INVAL, "empty flash window is refused");
    CHECK(vxb_region_config("xx", &cfg) == VXB_ERR_INVAL, "unknown region");
    vxb_close(b);
}

int main(void)
{
    us_tones();
    tone_timing_exact();
    on_hook_hears_nothing();
    other_regions();
    configured_tone();
    TEST_DONE();
}
