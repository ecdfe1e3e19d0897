/* The ABI itself: struct layouts (int32 only, so fixed), codes and names, uri errors, the real board
 * clock, waiting, wakeup, and closing with a waiter blocked. */
#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "vxb_test.h"

static void layouts(void)
{
    CHECK(vxb_abi_version() == VXB_ABI_VERSION, "version");
    /* the Java side reads these at fixed offsets: a change here must change io.voxline.board.jna.Abi */
    CHECK(vxb_abi_sizeof(VXB_ABI_INFO) == 44, "info %d", vxb_abi_sizeof(VXB_ABI_INFO));
    CHECK(vxb_abi_sizeof(VXB_ABI_EVENT) == 32, "event");
    CHECK(vxb_abi_sizeof(VXB_ABI_CADENCE) == 40, "cadence");
    CHECK(vxb_abi_sizeof(VXB_ABI_TONE_DEF) == 52, "tone def");
    CHECK(vxb_abi_sizeof(VXB_ABI_LINE_CONFIG) == 328, "line config %d", vxb_abi_sizeof(VXB_ABI_LINE_CONFIG));
    CHECK(vxb_abi_sizeof(VXB_ABI_CALLER_ID) == 84, "caller id");
    CHECK(vxb_abi_sizeof(VXB_ABI_FRAME_HEADER) == 16, "frame header");
    CHECK(vxb_abi_sizeof(VXB_ABI_MEDIA_STATS) == 28, "media stats");
    CHECK(vxb_abi_sizeof(VXB_ABI_PHONE_STATE) == 100, "phone state %d", vxb_abi_sizeof(VXB_ABI_PHONE_STATE));
    CHECK(vxb_abi_sizeof(VXB_ABI_HEAR) == 16, "hear");
    CHECK(vxb_abi_sizeof(99) == VXB_ERR_INVAL, "unknown id");
    CHECK(offsetof(vxb_event_t, time_ms_lo) == 20 && offsetof(vxb_event_t, seq) == 28, "event offsets");
    CHECK(offsetof(vxb_line_config_t, ring) == 260 && offsetof(vxb_line_config_t, region) == 320, "config offsets");
    CHECK(offsetof(vxb_phone_state_t, cid_number) == 24 && offsetof(vxb_phone_state_t, cid_datetime) == 88,
          "phone state offsets");
}

/* vxb_abi_offsetof names each member: the library answers offsetof for every field the Java side reads. */
static void field_offsets(void)
{
#define FIELD_AT(which, type, field, member)                                                                 \
    CHECK(vxb_abi_offsetof(which, field) == (int32_t)offsetof(type, member), #type "." #member ": %d",        \
          vxb_abi_offsetof(which, field))
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_ABI_VERSION, abi_version);
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_LINES, lines);
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_CAPABILITIES, capabilities);
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_SAMPLE_RATE, sample_rate);
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_TICK_MS, tick_ms);
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_BOARD, board);
    FIELD_AT(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_REGION, region);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_TYPE, type);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_LINE, line);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_DIGIT, digit);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_DURATION_MS, duration_ms);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_VALUE, value);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_TIME_MS_LO, time_ms_lo);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_TIME_MS_HI, time_ms_hi);
    FIELD_AT(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_SEQ, seq);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_NUMBER, number);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_NAME, name);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_PRESENTATION, presentation);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_MONTH, month);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_DAY, day);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_HOUR, hour);
    FIELD_AT(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_MINUTE, minute);
    FIELD_AT(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_TIMESTAMP, timestamp);
    FIELD_AT(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_FLAGS, flags);
    FIELD_AT(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_LENGTH, length);
    FIELD_AT(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_SEQ, seq);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_FRAMES_READ, frames_read);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_FRAMES_WRITTEN, frames_written);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_READ_OVERRUNS, read_overruns);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_WRITE_UNDERRUNS, write_underruns);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_WRITE_OVERFLOWS, write_overflows);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_READ_QUEUED, read_queued);
    FIELD_AT(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_WRITE_QUEUED, write_queued);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_OFF_HOOK, off_hook);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_RINGING, ringing);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_FEED, feed);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_DIALING, dialing);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_COUNT, cid_count);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_ERRORS, cid_errors);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_NUMBER, cid_number);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_NAME, cid_name);
    FIELD_AT(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_DATETIME, cid_datetime);
    FIELD_AT(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_SILENCE, silence);
    FIELD_AT(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_F1_HZ, f1_hz);
    FIELD_AT(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_F2_HZ, f2_hz);
    FIELD_AT(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_LEVEL_DBX10, level_dbx10);
#undef FIELD_AT
    CHECK(vxb_abi_offsetof(VXB_ABI_INFO, 0) == VXB_ERR_INVAL, "field 0");
    CHECK(vxb_abi_offsetof(VXB_ABI_HEAR, VXB_FIELD_HEAR_LEVEL_DBX10 + 1) == VXB_ERR_INVAL, "past the last field");
    CHECK(vxb_abi_offsetof(VXB_ABI_CADENCE, 1) == VXB_ERR_INVAL, "a struct Java does not read field by field");
    CHECK(vxb_abi_offsetof(99, 1) == VXB_ERR_INVAL, "unknown struct");
}

static void names(void)
{
    CHECK(strcmp(vxb_event_name(VXB_EV_OFF_HOOK), "OFF_HOOK") == 0 && strcmp(vxb_event_name(VXB_EV_FAULT), "FAULT") == 0,
          "event names");
    CHECK(strcmp(vxb_event_name(VXB_EV_COUNT), "?") == 0, "out of range");
    CHECK(strcmp(vxb_tone_name(VXB_TONE_CALL_WAITING), "CALL_WAITING") == 0, "tone names");
    CHECK(strcmp(vxb_format_name(VXB_FMT_PCMA), "PCMA") == 0, "format names");
    for (int32_t c = 0; c >= -13; c--)
    {
        CHECK(strcmp(vxb_strerror(c), "unknown error") != 0, "text for %d", c);
    }
    CHECK(strcmp(vxb_strerror(-99), "unknown error") == 0, "unknown code");
}

static void bad_uris(void)
{
    const struct
    {
        const char *uri;
        int32_t code;
        const char *why_has;
    } cases[] = {
        {"", VXB_ERR_URI, "empty"},
        {"tapi:/dev/vmmc", VXB_ERR_NOBOARD, "tapi"},
        {"mock:lines=0", VXB_ERR_URI, "lines=0"},
        {"mock:lines=65", VXB_ERR_URI, "1..64"},
        {"mock:lines=two", VXB_ERR_URI, "lines=two"},
        {"mock:region=xx", VXB_ERR_URI, "region=xx"},
        {"mock:clock=fast", VXB_ERR_URI, "clock=fast"},
        {"mock:colour=red", VXB_ERR_URI, "colour"},
        {"mock:lines", VXB_ERR_URI, "lines"},
        {"mock:=2", VXB_ERR_URI, "=2"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        vxb_board_t *b = (vxb_board_t *)&cases; /* must be reset to NULL */
        char why[128] = "";
        int32_t rc = vxb_open(cases[i].uri, &b, why, sizeof(why));
        CHECK(rc == cases[i].code && b == NULL, "\"%s\" -> %d", cases[i].uri, rc);
        CHECK(strstr(why, cases[i].why_has) != NULL, "\"%s\": reason \"%s\"", cases[i].uri, why);
    }
    vxb_board_t *b = NULL;
    CHECK(vxb_open(NULL, &b, NULL, 0) == VXB_ERR_URI, "NULL uri, no reason buffer");
    CHECK(vxb_open("mock:", NULL, NULL, 0) == VXB_ERR_INVAL, "NULL handle");
}

static void info_and_lines(void)
{
    vxb_board_t *b = open_board("mock:lines=3,region=de,clock=manual");
    vxb_info_t info;
    OK(vxb_info(b, &info));
    CHECK(info.lines == 3 && info.sample_rate == 8000 && info.tick_ms == 10, "info");
    CHECK(strcmp(info.board, "mock") == 0 && strcmp(info.region, "de") == 0, "names %s %s", info.board, info.region);
    CHECK((info.capabilities & VXB_CAP_MOCK_PHONES) && (info.capabilities & VXB_CAP_MANUAL_CLOCK), "caps");
    CHECK(vxb_play_tone(b, 3, VXB_TONE_DIAL) == VXB_ERR_LINE, "line 3 of 0..2");
    CHECK(vxb_play_tone(b, -1, VXB_TONE_DIAL) == VXB_ERR_LINE, "line -1");
    CHECK(vxb_play_tone(b, 0, 9) == VXB_ERR_INVAL, "tone 9");
    CHECK(vxb_set_feed(b, 0, 7) == VXB_ERR_INVAL, "feed 7");
    CHECK(vxb_mock_hear(b, 0, 5, &(vxb_hear_t){0}) == VXB_ERR_INVAL, "window 5 ms");
    CHECK(vxb_mock_fault(b, 0, 99) == VXB_ERR_INVAL, "fault 99");
    OK(vxb_mock_fault(b, 2, VXB_FAULT_THERMAL));
    vxb_event_t ev;
    CHECK(vxb_event_wait(b, &ev, 0) == 1 && ev.type == VXB_EV_FAULT && ev.line == 2 && ev.value == VXB_FAULT_THERMAL,
          "injected fault");
    CHECK(vxb_event_wait(b, &ev, 0) == 0, "queue empty");
    vxb_close(b);
    CHECK(vxb_close(NULL) == VXB_ERR_INVAL, "close NULL");
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

typedef struct waiter
{
    vxb_board_t *b;
    int32_t rc;
    double waited_ms;
} waiter_t;

static void *wait_forever(void *arg)
{
    waiter_t *w = arg;
    vxb_event_t ev;
    double t0 = now_ms();
    w->rc = vxb_event_wait(w->b, &ev, -1);
    w->waited_ms = now_ms() - t0;
    return NULL;
}

static void real_clock(void)
{
    vxb_board_t *b = open_board("mock:lines=1");
    CHECK(vxb_mock_advance(b, 10) == VXB_ERR_STATE, "a real-clock board cannot be stepped");
    vxb_event_t ev;
    double t0 = now_ms();
    CHECK(vxb_event_wait(b, &ev, 50) == 0, "timeout");
    double waited = now_ms() - t0;
    CHECK(waited >= 45 && waited < 500, "waited %.1f ms for a 50 ms timeout", waited);

    OK(vxb_mock_hook(b, 0, 1));
    t0 = now_ms();
    CHECK(vxb_event_wait(b, &ev, 1000) == 1 && ev.type == VXB_EV_OFF_HOOK, "off-hook arrives from the clock thread");
    CHECK(now_ms() - t0 < 200, "within a tick or two (%.1f ms)", now_ms() - t0);

    /* wakeup: pending for the next wait when nobody waits */
    OK(vxb_wakeup(b));
    t0 = now_ms();
    CHECK(vxb_event_wait(b, &ev, 5000) == 0 && now_ms() - t0 < 100, "a pending wakeup returns at once");

    /* media frames arrive on the board's own clock */
    OK(vxb_media_start(b, 0, VXB_FMT_PCMU, 20));
    uint8_t buf[160];
    int frames = 0;
    t0 = now_ms();
    while (now_ms() - t0 < 1000)
    {
        while (vxb_media_read(b, 0, NULL, buf, sizeof(buf)) > 0)
        {
            frames++;
        }
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    CHECK(frames >= 40 && frames <= 55, "%d frames in a real second at 20 ms", frames);

    /* close wakes a waiter blocked forever */
    waiter_t w = {b, 99, 0};
    pthread_t th;
    pthread_create(&th, NULL, wait_forever, &w);
    struct timespec ts = {0, 100000000};
    nanosleep(&ts, NULL);
    OK(vxb_close(b));
    pthread_join(th, NULL);
    CHECK(w.rc == VXB_ERR_CLOSED, "the waiter got CLOSED (%d)", w.rc);
}

static void overflow(void)
{
    /* more events than the queue holds: the oldest stay, a FAULT says how many were lost */
    vxb_board_t *b = open_board("mock:lines=1,clock=manual");
    for (int i = 0; i < 1100; i++)
    {
        OK(vxb_mock_fault(b, 0, VXB_FAULT_GROUND));
    }
    vxb_event_t ev;
    int n = 0;
    while (vxb_event_wait(b, &ev, 0) == 1)
    {
        n++;
    }
    CHECK(n == 1024, "queue holds 1024 (%d)", n);
    OK(vxb_mock_fault(b, 0, VXB_FAULT_GROUND));
    CHECK(vxb_event_wait(b, &ev, 0) == 1 && ev.value == VXB_FAULT_EVENT_OVERFLOW && ev.duration_ms == 76,
          "overflow reported with the count lost (%d)", ev.duration_ms);
    CHECK(vxb_event_wait(b, &ev, 0) == 1 && ev.value == VXB_FAULT_GROUND, "then the new event");
    vxb_close(b);
}

int main(void)
{
    layouts();
    field_offsets();
    names();
    bad_uris();
    info_and_lines();
    real_clock();
    overflow();
    TEST_DONE();
}
