/* answer_after_ms: phones that answer every call by themselves and hang up when the far end has gone. */
#include "vxb_test.h"

static int64_t first_ms(const evlog_t *log, int32_t type)
{
    for (int i = 0; i < log->n; i++)
    {
        if (log->ev[i].type == type)
        {
            return ev_ms(&log->ev[i]);
        }
    }
    return -1;
}

static void answers_and_hangs_up(void)
{
    vxb_board_t *b = open_board("mock:lines=64,region=us,clock=manual,answer_after_ms=150");
    vxb_info_t info;
    OK(vxb_info(b, &info));
    CHECK(info.lines == 64, "64 lines, got %d", info.lines);
    evlog_t *log = calloc(1, sizeof(*log));
    run(b, 100, log);
    OK(vxb_ring_start(b, 63, NULL, NULL));
    vxb_phone_state_t st;
    run(b, 140, log);
    OK(vxb_mock_phone_state(b, 63, &st));
    CHECK(!st.off_hook && st.ringing, "still ringing at 140 ms");
    run(b, 60, log);
    OK(vxb_mock_phone_state(b, 63, &st));
    CHECK(st.off_hook && !st.ringing, "answered (ring trip) by 200 ms");
    CHECK(first_ms(log, VXB_EV_OFF_HOOK) == 250, "off-hook 150 ms after the bell started, at %lld",
          (long long)first_ms(log, VXB_EV_OFF_HOOK));
    /* the far end hangs up: the board plays reorder, the phone goes back on its cradle */
    log->n = 0;
    OK(vxb_play_tone(b, 63, VXB_TONE_REORDER));
    run(b, 1000, log);
    OK(vxb_mock_phone_state(b, 63, &st));
    CHECK(!st.off_hook, "on-hook after reorder");
    CHECK(count_type(log, VXB_EV_ON_HOOK) == 1, "the board saw the hang-up");
    /* a call cancelled while ringing is not answered */
    OK(vxb_stop_tone(b, 63));
    OK(vxb_ring_start(b, 63, NULL, NULL));
    run(b, 50, log);
    OK(vxb_ring_stop(b, 63));
    log->n = 0;
    run(b, 500, log);
    OK(vxb_mock_phone_state(b, 63, &st));
    CHECK(!st.off_hook && count_type(log, VXB_EV_OFF_HOOK) == 0, "cancelled before the answer: stays on-hook");
    /* a person's own call does not hang up on reorder (only answered calls do) */
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, log);
    OK(vxb_play_tone(b, 0, VXB_TONE_REORDER));
    run(b, 100, log);
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.off_hook, "a handset lifted by hand stays up on reorder");
    free(log);
    vxb_close(b);
}

static void off_by_default(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    OK(vxb_ring_start(b, 0, NULL, NULL));
    evlog_t *log = calloc(1, sizeof(*log));
    run(b, 3000, log);
    vxb_phone_state_t st;
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(!st.off_hook && count_type(log, VXB_EV_OFF_HOOK) == 0, "without answer_after_ms nobody answers");
    free(log);
    vxb_close(b);
    vxb_board_t *bad = NULL;
    char why[160] = "";
    CHECK(vxb_open("mock:answer_after_ms=-5", &bad, why, sizeof(why)) == VXB_ERR_URI, "negative refused");
    CHECK(vxb_open("mock:answer_after_ms=soon", &bad, why, sizeof(why)) == VXB_ERR_URI, "not a number refused");
    CHECK(vxb_open("mock:lines=65", &bad, why, sizeof(why)) == VXB_ERR_URI, "65 lines refused");
}

int main(void)
{
    answers_and_hangs_up();
    off_by_default();
    TEST_DONE();
}
