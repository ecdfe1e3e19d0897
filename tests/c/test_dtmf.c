/* DTMF: every digit generated as audio by the emulated phone and detected exactly once by the board's
 * Goertzel detector; nothing detected on call-progress tones, single sines or speech-like sounds. */
#include <math.h>

#include "vxb_dsp.h"
#include "vxb_test.h"

static const char DIGITS[] = "0123456789*#ABCD";

static void every_digit_once(int32_t on_ms, int32_t off_ms)
{
    vxb_board_t *b = open_board("mock:lines=2,region=us,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_mock_hook(b, 1, 1));
    run(b, 50, log);
    CHECK(log->n == 1 && log->ev[0].type == VXB_EV_OFF_HOOK && log->ev[0].line == 1, "off-hook first");
    log->n = 0;
    OK(vxb_mock_dial(b, 1, DIGITS, on_ms, off_ms));
    run(b, (int32_t)(strlen(DIGITS) * (size_t)(on_ms + off_ms) + 200), log);

    int downs = 0, ups = 0;
    for (int i = 0; i < log->n; i++)
    {
        const vxb_event_t *e = &log->ev[i];
        CHECK(e->line == 1, "line");
        if (e->type == VXB_EV_DTMF_DOWN)
        {
            CHECK(downs < 16 && e->digit == DIGITS[downs], "down #%d: got %c, want %c", downs, e->digit,
                  downs < 16 ? DIGITS[downs] : '?');
            CHECK(i + 1 < log->n && log->ev[i + 1].type == VXB_EV_DTMF_UP && log->ev[i + 1].digit == e->digit,
                  "down %c followed by its up", e->digit);
            downs++;
        }
        else if (e->type == VXB_EV_DTMF_UP)
        {
            CHECK(near(e->duration_ms, on_ms, 30), "digit %c lasted %d ms, dialled %d", e->digit, e->duration_ms,
                  on_ms);
            ups++;
        }
        else
        {
            CHECK(0, "unexpected event %s", vxb_event_name(e->type));
        }
    }
    CHECK(downs == 16 && ups == 16, "%d downs, %d ups for 16 digits at %d/%d ms", downs, ups, on_ms, off_ms);
    if (downs != 16 || ups != 16)
    {
        print_log(log);
    }
    vxb_phone_state_t st;
    OK(vxb_mock_phone_state(b, 1, &st));
    CHECK(st.dialing == 0, "keypad queue empty");
    free(log);
    vxb_close(b);
}

/* Speaks PCM into the mouthpiece of an off-hook line and counts DTMF events. */
static int dtmf_events_for(const int16_t *pcm, int n)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, NULL);
    OK(vxb_mock_speak(b, 0, pcm, n));
    run(b, n / 8 + 100, log);
    int count = count_type(log, VXB_EV_DTMF_DOWN) + count_type(log, VXB_EV_DTMF_UP);
    free(log);
    vxb_close(b);
    return count;
}

static void no_talk_off(void)
{
    int16_t *pcm = calloc(16000, sizeof(int16_t));
    /* the control: the same path with a real digit (852+1477 = '9', 45 ms) gives exactly DOWN and UP */
    for (int i = 0; i < 360; i++)
    {
        pcm[i] = (int16_t)(7000 * sin(2 * PI * 852 * i / 8000.0) + 8000 * sin(2 * PI * 1477 * i / 8000.0));
    }
    CHECK(dtmf_events_for(pcm, 2000) == 2, "a 45 ms digit through mock_speak is detected");
    /* dial tone, ringback, busy: the region's own tones must never read as digits */
    const int pairs[][2] = {{350, 440}, {440, 480}, {480, 620}, {400, 450}, {425, 0}};
    for (size_t p = 0; p < sizeof(pairs) / sizeof(pairs[0]); p++)
    {
        for (int i = 0; i < 16000; i++)
        {
            double v = sin(2 * PI * pairs[p][0] * i / 8000.0);
            if (pairs[p][1] != 0)
            {
                v += sin(2 * PI * pairs[p][1] * i / 8000.0);
            }
            pcm[i] = (int16_t)(8000 * v);
        }
        int n = dtmf_events_for(pcm, 16000);
        CHECK(n == 0, "%d+%d Hz gave %d DTMF events", pairs[p][0], pairs[p][1], n);
    }
    /* single sines across the band, DTMF frequencies included: one tone is never a digit */
    for (int f = 300; f <= 3400; f += 37)
    {
        for (int i = 0; i < 4000; i++)
        {
            pcm[i] = (int16_t)(9000 * sin(2 * PI * f * i / 8000.0));
        }
        int n = dtmf_events_for(pcm, 4000);
        CHECK(n == 0, "a %d Hz sine gave %d DTMF events", f, n);
    }
    /* speech-like: voiced sounds with a gliding pitch and many harmonics (some land near DTMF rows and
     * columns), amplitude falling with frequency, syllable-rate envelope */
    double phase = 0.0;
    for (int i = 0; i < 16000; i++)
    {
        double f0 = 110.0 + 60.0 * sin(2 * PI * 0.7 * i / 8000.0);
        phase += 2 * PI * f0 / 8000.0;
        double v = 0.0;
        for (int h = 1; h * f0 < 3500; h++)
        {
            v += sin(h * phase) / h;
        }
        double env = 0.5 + 0.5 * sin(2 * PI * 4.0 * i / 8000.0);
        pcm[i] = (int16_t)(6000 * env * v);
    }
    int n = dtmf_events_for(pcm, 16000);
    CHECK(n == 0, "speech-like sound gave %d DTMF events", n);
    /* steady vowel on a pitch whose 5th and 11th harmonics sit on 697 and 1533: still no digit */
    for (int i = 0; i < 16000; i++)
    {
        double v = 0.0;
        for (int h = 1; h <= 20; h++)
        {
            v += sin(2 * PI * 139.4 * h * i / 8000.0) / (1.0 + 0.3 * h);
        }
        pcm[i] = (int16_t)(5000 * v);
    }
    n = dtmf_events_for(pcm, 16000);
    CHECK(n == 0, "steady vowel gave %d DTMF events", n);
    free(pcm);
}

static void block(double *x, int row, int col, double arow, double acol)
{
    for (int i = 0; i < VXB_DTMF_BLOCK; i++)
    {
        x[i] = arow * sin(2 * PI * row * i / 8000.0 + 0.3) + acol * sin(2 * PI * col * i / 8000.0 + 1.1);
    }
}

static void detector_limits(void)
{
    double x[VXB_DTMF_BLOCK];
    block(x, 770, 1336, 8000, 9000);
    CHECK(vxb_dtmf_classify_block(x) == '5', "a clean 5");
    block(x, (int)(770 * 1.015), (int)(1336 * 0.985), 8000, 9000);
    CHECK(vxb_dtmf_classify_block(x) == '5', "5 with 1.5%% frequency error is accepted");
    block(x, (int)(770 * 1.06), 1336, 8000, 9000);
    CHECK(vxb_dtmf_classify_block(x) == 0, "row 6%% off is rejected");
    block(x, 770, 1336, 8000, 8000 * 2.2); /* column 6.8 dB above row */
    CHECK(vxb_dtmf_classify_block(x) == 0, "forward twist over 4 dB is rejected");
    block(x, 770, 1336, 8000, 8000 / 3.2); /* row 10 dB above column */
    CHECK(vxb_dtmf_classify_block(x) == 0, "reverse twist over 8 dB is rejected");
    block(x, 770, 1336, 60, 60); /* about -48 dBm0 */
    CHECK(vxb_dtmf_classify_block(x) == 0, "too quiet is rejected");
    block(x, 770, 1336, 6000, 6000);
    for (int i = 0; i < VXB_DTMF_BLOCK; i++)
    {
        x[i] += 6000 * sin(2 * PI * 852 * i / 8000.0); /* a second row tone */
    }
    CHECK(vxb_dtmf_classify_block(x) == 0, "two rows at once is rejected");
}

static void fax_tones(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, NULL);
    OK(vxb_mock_speak_tone(b, 0, 1100, -100)); /* CNG: 0.5 s on, 3 s off */
    run(b, 500, log);
    OK(vxb_mock_speak_tone(b, 0, 0, 0));
    run(b, 3000, log);
    OK(vxb_mock_speak_tone(b, 0, 2100, -120)); /* CED */
    run(b, 1500, log);
    CHECK(log->n == 2, "two fax events, got %d", log->n);
    CHECK(log->n >= 1 && log->ev[0].type == VXB_EV_FAX_TONE && log->ev[0].value == VXB_FAX_CNG, "CNG");
    CHECK(log->n >= 2 && log->ev[1].type == VXB_EV_FAX_TONE && log->ev[1].value == VXB_FAX_CED, "CED");
    free(log);
    vxb_close(b);
}

static void dial_needs_off_hook(void)
{
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    CHECK(vxb_mock_dial(b, 0, "1", 100, 100) == VXB_ERR_ONHOOK, "on-hook phone cannot dial");
    OK(vxb_mock_hook(b, 0, 1));
    CHECK(vxb_mock_dial(b, 0, "12x", 100, 100) == VXB_ERR_INVAL, "x is not a key");
    CHECK(vxb_mock_dial(b, 0, "", 100, 100) == VXB_ERR_INVAL, "nothing to dial");
    CHECK(vxb_mock_dial(b, 3, "1", 100, 100) == VXB_ERR_LINE, "no line 3");
    vxb_close(b);
}

static void dtmf_not_heard_on_hook(void)
{
    /* the detector listens only while the loop is closed: hanging up mid-digit ends it (UP), no more */
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 20, log);
    OK(vxb_mock_dial(b, 0, "55", 200, 100));
    run(b, 120, log);
    OK(vxb_mock_hook(b, 0, 0));
    run(b, 2000, log);
    CHECK(count_type(log, VXB_EV_DTMF_DOWN) == 1 && count_type(log, VXB_EV_DTMF_UP) == 1, "one press, ended");
    CHECK(count_type(log, VXB_EV_ON_HOOK) == 1, "on-hook reported");
    free(log);
    vxb_close(b);
}

int main(void)
{
    every_digit_once(100, 100);
    every_digit_once(60, 60);
    every_digit_once(250, 50);
    no_talk_off();
    detector_limits();
    fax_tones();
    dial_needs_off_hook();
    dtmf_not_heard_on_hook();
    TEST_DONE();
}
