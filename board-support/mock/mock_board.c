/*
 * The mock board: FXS lines with the analog phones plugged into them, emulated as signal processing.
 *
 * Time: a board clock of 10 ms ticks (80 samples at 8 kHz), from a thread sleeping to absolute
 * CLOCK_MONOTONIC deadlines, or (clock=manual) only when vxb_mock_advance says so. Each tick, for each
 * line, in this order: the phone's hook switch and the board's hook detector (flash window, ring trip),
 * then sample by sample:
 *
 *   phone mouthpiece: keypad DTMF + spoken sine + spoken PCM   (only while the handset is off-hook)
 *        -> board: Goertzel DTMF / fax-tone detector, tx gain, media frames for the reader
 *   board: region tone generator + voice from media frames (rx gain) + caller-ID FSK
 *        -> phone: earpiece (off-hook: kept as the last second, for listen/hear)
 *                  or caller-ID receiver (on-hook: Bell 202 demodulator)
 *   board: ring cadence (RING_BURST_START/END; caller ID 500 ms after the first burst ends)
 *
 * The line feed gates all of it: DISCONNECT hides the loop and the audio, STANDBY mutes the audio.
 *
 * answer_after_ms=N (load tests): every phone lifts its handset N ms after its bell starts, and replaces it
 * when the board plays it busy or reorder tone (the far end hung up), as a person answering every call would.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vxb_board.h"
#include "vxb_dsp.h"

#define TICK_MS 10
#define SAMPLES_PER_MS (VXB_FS / 1000)
#define TICK_SAMPLES (TICK_MS * SAMPLES_PER_MS)
#define HISTORY VXB_FS            /* one second of earpiece */
#define MAX_FRAME_SAMPLES 240     /* 30 ms */
#define MAX_FRAME_BYTES (2 * MAX_FRAME_SAMPLES)
#define READ_QUEUE 8              /* mouthpiece frames waiting for the reader */
#define WRITE_QUEUE 8             /* earpiece frames waiting to be played */
#define DIAL_QUEUE VXB_MOCK_DIAL_MAX
#define SPEAK_QUEUE (2 * VXB_FS)
#define DTMF_ROW_DBM0 (-8.0)      /* keypad levels: high group 2 dB above low group */
#define DTMF_COL_DBM0 (-6.0)
#define CID_DBM0 (-13.5)
#define CID_DELAY_MS 500          /* after the first burst ends (GR-30: at least 500 ms) */
#define CID_GUARD_MS 200          /* ... and done at least 200 ms before the next burst */
#define SILENCE_DBM0 (-50.0)
#define SLIP_MS 200               /* the clock thread resynchronises (and says so) when this late */

typedef struct keypress
{
    char digit;
    int32_t on_ms;
    int32_t off_ms;
} keypress_t;

typedef struct frame
{
    vxb_frame_header_t hdr;
    uint8_t data[MAX_FRAME_BYTES];
} frame_t;

typedef struct mock_line
{
    int32_t index;
    vxb_line_config_t cfg;
    int32_t feed;
    double tx_gain, rx_gain;

    /* the phone */
    int off_hook;
    int64_t flash_until; /* sample time the handset comes back up after a flash, 0 none */
    keypress_t keys[DIAL_QUEUE];
    int key_head, key_count;
    int key_active, key_on;
    int64_t key_left;    /* samples left in the current on/off period */
    vxb_osc_t key_row, key_col;
    int speaking;
    vxb_osc_t speak_osc;
    int64_t answer_at;   /* sample time the phone answers its ringing bell (answer_after_ms), 0 none */
    int auto_answered;   /* it did: it hangs up on busy or reorder */
    int16_t speak_pcm[SPEAK_QUEUE];
    int speak_head, speak_count;
    int16_t history[HISTORY];
    int hist_pos;
    vxb_fsk_rx_t cid_rx;
    int32_t cid_count, cid_errors;
    char cid_number[32], cid_name[32], cid_datetime[12];

    /* the board's view of the loop */
    int loop_closed;
    int reported_off;
    int64_t open_since;
    vxb_dtmf_det_t det;
    vxb_tonegen_t tone;

    /* ringing */
    int ringing, in_burst, burst_no, burst_step;
    vxb_cadence_run_t ring;
    int cid_pending;
    int64_t cid_at;
    uint8_t cid_msg[VXB_CID_MSG_MAX];
    int cid_len;
    vxb_fsk_tx_t fsk;

    /* media */
    int media_on;
    int32_t format, ptime, frame_samples, frame_bytes;
    int16_t rx_acc[MAX_FRAME_SAMPLES];
    int rx_fill, rx_dtmf;
    int64_t rx_start;
    frame_t rxq[READ_QUEUE];
    int rx_head, rx_count;
    int32_t rx_seq;
    uint8_t txq[WRITE_QUEUE][MAX_FRAME_BYTES];
    int tx_head, tx_count;
    int16_t play[MAX_FRAME_SAMPLES];
    int play_pos;
    vxb_media_stats_t stats;
} mock_line_t;

typedef struct mock_board
{
    vxb_board_t base;
    int manual;
    int64_t now; /* samples since open: the start of the next tick */
    int32_t remainder_ms;
    char region[8];
    int32_t answer_after_ms; /* < 0: the phones answer only when told to */
    pthread_t clock;
    int clock_started;
    mock_line_t *lines;
} mock_board_t;

extern const vxb_ops_t vxb_mock_ops;

static mock_board_t *MB(vxb_board_t *b)
{
    return (mock_board_t *)b;
}

static mock_line_t *LINE(vxb_board_t *b, int32_t line)
{
    return &MB(b)->lines[line];
}

static int64_t ms_of(int64_t samples)
{
    return samples / SAMPLES_PER_MS;
}

static double gain(int32_t dbx10)
{
    return pow(10.0, dbx10 / 200.0);
}

static void post(mock_board_t *mb, int32_t type, const mock_line_t *l, int32_t digit, int32_t duration_ms,
                 int32_t value, int64_t t)
{
    vxb_board_post(&mb->base, type, l->index, digit, duration_ms, value, ms_of(t));
}

/* ---- ringing ---- */

static void ring_end(mock_line_t *l)
{
    l->answer_at = 0;
    l->ringing = 0;
    l->in_burst = 0;
    l->cid_pending = 0;
    l->fsk.active = 0;
}

static void ring_sample(mock_board_t *mb, mock_line_t *l, int64_t t)
{
    int step = l->ring.step;
    int on = 0;
    int edges = vxb_cadence_next(&l->ring, &on);
    if (edges & VXB_CAD_EDGE_OFF)
    {
        l->in_burst = 0;
        post(mb, VXB_EV_RING_BURST_END, l, 0, vxb_cadence_on_ms(&l->ring.cad, step), l->burst_no, t);
        if (l->burst_no == 1 && l->cid_pending)
        {
            /* send only if it fits in this silent interval, with the guard before the next burst */
            vxb_fsk_tx_t probe;
            vxb_fsk_tx_start(&probe, l->cid_msg, l->cid_len, CID_DBM0);
            int64_t need = (int64_t)(CID_DELAY_MS + CID_GUARD_MS) * SAMPLES_PER_MS + vxb_fsk_tx_samples(&probe);
            int64_t gap = (int64_t)l->ring.cad.off_ms[step] * SAMPLES_PER_MS;
            if (gap >= need || (!l->ring.cad.repeat && step + 1 >= l->ring.cad.steps))
            {
                l->cid_at = t + (int64_t)CID_DELAY_MS * SAMPLES_PER_MS;
            }
            else
            {
                l->cid_pending = 0;
            }
        }
    }
    if (edges & VXB_CAD_EDGE_ON)
    {
        l->in_burst = 1;
        l->burst_no++;
        l->fsk.active = 0;
        post(mb, VXB_EV_RING_BURST_START, l, 0, 0, l->burst_no, t);
    }
    if (edges & VXB_CAD_DONE)
    {
        ring_end(l);
        return;
    }
    if (l->cid_pending && l->burst_no == 1 && !l->in_burst && l->cid_at != 0 && t >= l->cid_at)
    {
        l->cid_pending = 0;
        vxb_fsk_tx_start(&l->fsk, l->cid_msg, l->cid_len, CID_DBM0);
    }
}

/* ---- the phone ---- */

static void key_start(mock_line_t *l)
{
    const keypress_t *k = &l->keys[l->key_head];
    int row = 0, col = 0;
    vxb_dtmf_freqs(k->digit, &row, &col);
    vxb_osc_init(&l->key_row, row, vxb_dbm0_to_peak(DTMF_ROW_DBM0));
    vxb_osc_init(&l->key_col, col, vxb_dbm0_to_peak(DTMF_COL_DBM0));
    l->key_active = 1;
    l->key_on = 1;
    l->key_left = (int64_t)k->on_ms * SAMPLES_PER_MS;
}

static double mouthpiece(mock_line_t *l)
{
    double v = 0.0;
    if (l->key_active)
    {
        if (l->key_on)
        {
            v += vxb_osc_next(&l->key_row) + vxb_osc_next(&l->key_col);
        }
        if (--l->key_left <= 0)
        {
            if (l->key_on)
            {
                l->key_on = 0;
                l->key_left = (int64_t)l->keys[l->key_head].off_ms * SAMPLES_PER_MS;
            }
            else
            {
                l->key_head = (l->key_head + 1) % DIAL_QUEUE;
                l->key_count--;
                l->key_active = 0;
                if (l->key_count > 0)
                {
                    key_start(l);
                }
            }
        }
    }
    if (l->speaking)
    {
        v += vxb_osc_next(&l->speak_osc);
    }
    if (l->speak_count > 0)
    {
        v += l->speak_pcm[l->speak_head];
        l->speak_head = (l->speak_head + 1) % SPEAK_QUEUE;
        l->speak_count--;
    }
    return v;
}

static void phone_hears(mock_line_t *l, double v)
{
    if (l->off_hook)
    {
        l->history[l->hist_pos] = vxb_clip16(v);
        l->hist_pos = (l->hist_pos + 1) % HISTORY;
        return;
    }
    l->history[l->hist_pos] = 0; /* the receiver is on its cradle */
    l->hist_pos = (l->hist_pos + 1) % HISTORY;
    int r = vxb_fsk_rx_feed(&l->cid_rx, v);
    if (r == 1)
    {
        char number[32], name[32], when[12];
        if (vxb_cid_parse(l->cid_rx.msg, l->cid_rx.msg_len, number, sizeof(number), name, sizeof(name), when,
                          sizeof(when)) == 0)
        {
            l->cid_count++;
            memcpy(l->cid_number, number, sizeof(number));
            memcpy(l->cid_name, name, sizeof(name));
            memcpy(l->cid_datetime, when, sizeof(when));
        }
        else
        {
            l->cid_errors++;
        }
    }
    else if (r < 0)
    {
        l->cid_errors++;
    }
}

/* ---- media ---- */

static void media_reset(mock_line_t *l)
{
    l->rx_fill = 0;
    l->rx_dtmf = 0;
    l->rx_head = l->rx_count = 0;
    l->rx_seq = 0;
    l->tx_head = l->tx_count = 0;
    l->play_pos = l->frame_samples; /* fetch a frame at the next sample */
    memset(&l->stats, 0, sizeof(l->stats));
}

static void rx_sample(mock_line_t *l, double v, int64_t t)
{
    if (l->rx_fill == 0)
    {
        l->rx_start = t;
        l->rx_dtmf = 0;
    }
    l->rx_acc[l->rx_fill++] = vxb_clip16(v);
    if (l->det.down)
    {
        l->rx_dtmf = 1;
    }
    if (l->rx_fill < l->frame_samples)
    {
        return;
    }
    l->rx_fill = 0;
    if (l->rx_count == READ_QUEUE)
    {
        l->rx_head = (l->rx_head + 1) % READ_QUEUE; /* the reader lags: lose the oldest */
        l->rx_count--;
        l->stats.read_overruns++;
        l->rxq[l->rx_head].hdr.flags |= VXB_FRAME_GAP;
    }
    frame_t *f = &l->rxq[(l->rx_head + l->rx_count) % READ_QUEUE];
    l->rx_count++;
    vxb_encode(l->format, l->rx_acc, l->frame_samples, f->data);
    f->hdr.timestamp = (int32_t)(uint32_t)((uint64_t)l->rx_start & 0xFFFFFFFFu);
    f->hdr.length = l->frame_bytes;
    f->hdr.seq = l->rx_seq++;
    f->hdr.flags = 0;
    if (vxb_rms_dbm0(l->rx_acc, l->frame_samples) < SILENCE_DBM0)
    {
        f->hdr.flags |= VXB_FRAME_SILENCE;
    }
    if (l->rx_dtmf)
    {
        f->hdr.flags |= VXB_FRAME_DTMF;
    }
}

static double play_sample(mock_line_t *l)
{
    if (l->play_pos >= l->frame_samples)
    {
        l->play_pos = 0;
        if (l->tx_count > 0)
        {
            vxb_decode(l->format, l->txq[l->tx_head], l->frame_samples, l->play);
            l->tx_head = (l->tx_head + 1) % WRITE_QUEUE;
            l->tx_count--;
        }
        else
        {
            memset(l->play, 0, sizeof(l->play));
            l->stats.write_underruns++;
        }
    }
    return l->play[l->play_pos++] * l->rx_gain;
}

/* ---- the clock ---- */

static void hook_tick(mock_board_t *mb, mock_line_t *l, int64_t t)
{
    if (l->answer_at != 0 && t >= l->answer_at)
    {
        l->answer_at = 0;
        l->off_hook = 1;
        l->auto_answered = 1;
    }
    if (l->flash_until != 0 && t >= l->flash_until)
    {
        l->off_hook = 1;
        l->flash_until = 0;
    }
    int loop = l->off_hook && l->feed != VXB_FEED_DISCONNECT;
    if (loop && !l->loop_closed)
    {
        if (l->reported_off)
        {
            int64_t open_ms = ms_of(t - l->open_since);
            if (open_ms >= l->cfg.flash_min_ms)
            {
                post(mb, VXB_EV_FLASH, l, 0, (int32_t)open_ms, 0, t);
            }
        }
        else
        {
            l->reported_off = 1;
            if (l->ringing)
            {
                ring_end(l); /* ring trip */
            }
            post(mb, VXB_EV_OFF_HOOK, l, 0, 0, 0, t);
        }
        vxb_dtmf_det_reset(&l->det);
    }
    else if (!loop && l->loop_closed)
    {
        l->open_since = t;
        vxb_det_result_t r;
        if (vxb_dtmf_det_flush(&l->det, &r) & VXB_DET_UP)
        {
            post(mb, VXB_EV_DTMF_UP, l, r.up_digit, r.up_ms, 0, t);
        }
    }
    else if (!loop && l->reported_off && ms_of(t - l->open_since) > l->cfg.flash_max_ms)
    {
        l->reported_off = 0;
        post(mb, VXB_EV_ON_HOOK, l, 0, 0, 0, t);
    }
    l->loop_closed = loop;
}

static void line_sample(mock_board_t *mb, mock_line_t *l, int64_t t)
{
    int talk = l->feed == VXB_FEED_ACTIVE || l->feed == VXB_FEED_REVERSE;
    double mouth = l->off_hook ? mouthpiece(l) : 0.0;
    double m = (l->loop_closed && talk) ? mouth : 0.0;
    if (l->loop_closed)
    {
        vxb_det_result_t r;
        memset(&r, 0, sizeof(r));
        int flags = vxb_dtmf_det_feed(&l->det, m, &r);
        if (flags & VXB_DET_UP)
        {
            post(mb, VXB_EV_DTMF_UP, l, r.up_digit, r.up_ms, 0, t);
        }
        if (flags & VXB_DET_DOWN)
        {
            post(mb, VXB_EV_DTMF_DOWN, l, r.down_digit, 0, 0, t);
        }
        if (flags & VXB_DET_FAX)
        {
            post(mb, VXB_EV_FAX_TONE, l, 0, 0, r.fax, t);
        }
    }
    if (l->ringing)
    {
        ring_sample(mb, l, t);
    }
    int done = 0;
    double out = vxb_tonegen_next(&l->tone, &done);
    if (done)
    {
        post(mb, VXB_EV_TONE_DONE, l, 0, 0, l->tone.tone, t);
    }
    if (l->media_on)
    {
        out += play_sample(l);
        rx_sample(l, m * l->tx_gain, t);
    }
    if (l->fsk.active)
    {
        out += vxb_fsk_tx_next(&l->fsk);
    }
    phone_hears(l, talk || l->fsk.active ? out : 0.0);
}

static void tick(mock_board_t *mb)
{
    for (int32_t i = 0; i < mb->base.lines; i++)
    {
        mock_line_t *l = &mb->lines[i];
        hook_tick(mb, l, mb->now);
        for (int s = 0; s < TICK_SAMPLES; s++)
        {
            line_sample(mb, l, mb->now + s);
        }
    }
    mb->now += TICK_SAMPLES;
}

static void add_ns(struct timespec *ts, long ns)
{
    ts->tv_nsec += ns;
    while (ts->tv_nsec >= 1000000000L)
    {
        ts->tv_nsec -= 1000000000L;
        ts->tv_sec++;
    }
}

static int64_t ns_between(const struct timespec *a, const struct timespec *b)
{
    return (int64_t)(b->tv_sec - a->tv_sec) * 1000000000LL + (b->tv_nsec - a->tv_nsec);
}

static void *clock_main(void *arg)
{
    mock_board_t *mb = arg;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (;;)
    {
        add_ns(&next, TICK_MS * 1000000L);
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
        {
        }
        pthread_mutex_lock(&mb->base.mu);
        if (mb->base.closing)
        {
            pthread_mutex_unlock(&mb->base.mu);
            return NULL;
        }
        tick(mb);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (ns_between(&next, &now) > (int64_t)SLIP_MS * 1000000LL)
        {
            next = now; /* the host stalled: skip the lost time rather than race to catch up */
            vxb_board_post(&mb->base, VXB_EV_FAULT, -1, 0, 0, VXB_FAULT_CLOCK, ms_of(mb->now));
        }
        pthread_mutex_unlock(&mb->base.mu);
    }
}

/* ---- lifecycle ---- */

static int32_t mock_open(const char *options, vxb_board_t **board, char *why, int32_t why_len)
{
    int32_t lines = 2;
    int manual = 0;
    int32_t answer_after_ms = -1;
    char region[8] = "us";
    char key[32], value[32];
    const char *cursor = options;
    int rc;
    while ((rc = vxb_next_option(&cursor, key, sizeof(key), value, sizeof(value))) == 1)
    {
        if (strcmp(key, "lines") == 0)
        {
            char *end = NULL;
            long n = strtol(value, &end, 10);
            if (end == value || *end != 0 || n < 1 || n > VXB_MAX_LINES)
            {
                return vxb_why(why, why_len, VXB_ERR_URI, "lines=%s: expected 1..%d", value, VXB_MAX_LINES);
            }
            lines = (int32_t)n;
        }
        else if (strcmp(key, "region") == 0)
        {
            vxb_line_config_t probe;
            if (strlen(value) >= sizeof(region) || vxb_region_lookup(value, &probe) != 0)
            {
                return vxb_why(why, why_len, VXB_ERR_URI, "region=%s: unknown region (us, uk, de)", value);
            }
            strcpy(region, value);
        }
        else if (strcmp(key, "clock") == 0)
        {
            if (strcmp(value, "manual") == 0)
            {
                manual = 1;
            }
            else if (strcmp(value, "real") == 0)
            {
                manual = 0;
            }
            else
            {
                return vxb_why(why, why_len, VXB_ERR_URI, "clock=%s: expected real or manual", value);
            }
        }
        else if (strcmp(key, "answer_after_ms") == 0)
        {
            char *end = NULL;
            long n = strtol(value, &end, 10);
            if (end == value || *end != 0 || n < 0 || n > 60000)
            {
                return vxb_why(why, why_len, VXB_ERR_URI, "answer_after_ms=%s: expected 0..60000", value);
            }
            answer_after_ms = (int32_t)n;
        }
        else
        {
            return vxb_why(why, why_len, VXB_ERR_URI,
                           "unknown option \"%s\" (mock takes lines, region, clock, answer_after_ms)", key);
        }
    }
    if (rc < 0)
    {
        return vxb_why(why, why_len, VXB_ERR_URI, "malformed option \"%s\" (expected key=value)", key);
    }

    mock_board_t *mb = calloc(1, sizeof(*mb));
    mock_line_t *ls = calloc((size_t)lines, sizeof(*ls));
    if (mb == NULL || ls == NULL)
    {
        free(mb);
        free(ls);
        return vxb_why(why, why_len, VXB_ERR_NOMEM, "out of memory");
    }
    mb->lines = ls;
    mb->manual = manual;
    mb->answer_after_ms = answer_after_ms;
    strcpy(mb->region, region);
    for (int32_t i = 0; i < lines; i++)
    {
        mock_line_t *l = &ls[i];
        l->index = i;
        vxb_region_lookup(region, &l->cfg);
        l->feed = VXB_FEED_ACTIVE;
        l->tx_gain = gain(l->cfg.tx_gain_dbx10);
        l->rx_gain = gain(l->cfg.rx_gain_dbx10);
        vxb_dtmf_det_reset(&l->det);
        vxb_fsk_rx_reset(&l->cid_rx);
    }
    rc = vxb_board_init(&mb->base, &vxb_mock_ops, lines);
    if (rc != VXB_OK)
    {
        free(ls);
        free(mb);
        return vxb_why(why, why_len, rc, "cannot create the board's mutex");
    }
    if (!manual)
    {
        if (pthread_create(&mb->clock, NULL, clock_main, mb) != 0)
        {
            vxb_board_fini(&mb->base);
            free(ls);
            free(mb);
            return vxb_why(why, why_len, VXB_ERR_SYSTEM, "cannot start the board clock thread");
        }
        mb->clock_started = 1;
    }
    *board = &mb->base;
    return VXB_OK;
}

static void mock_destroy(vxb_board_t *b)
{
    mock_board_t *mb = MB(b);
    if (mb->clock_started)
    {
        pthread_join(mb->clock, NULL); /* it sees closing at its next tick */
    }
    vxb_board_fini(b);
    free(mb->lines);
    free(mb);
}

static int32_t mock_info(vxb_board_t *b, vxb_info_t *info)
{
    mock_board_t *mb = MB(b);
    info->abi_version = VXB_ABI_VERSION;
    info->lines = b->lines;
    info->capabilities = VXB_CAP_MOCK_PHONES | VXB_CAP_LINEAR16 | VXB_CAP_G711 | VXB_CAP_CID_FSK |
                         VXB_CAP_FAX_DETECT | (mb->manual ? VXB_CAP_MANUAL_CLOCK : 0);
    info->sample_rate = VXB_FS;
    info->tick_ms = TICK_MS;
    memcpy(info->board, "mock", 5);
    memcpy(info->region, mb->region, sizeof(info->region)); /* both char[8], NUL-terminated */
    return VXB_OK;
}

/* ---- line ---- */

static int32_t mock_get_config(vxb_board_t *b, int32_t line, vxb_line_config_t *cfg)
{
    *cfg = LINE(b, line)->cfg;
    return VXB_OK;
}

static int32_t mock_configure(vxb_board_t *b, int32_t line, const vxb_line_config_t *cfg)
{
    mock_line_t *l = LINE(b, line);
    l->cfg = *cfg;
    l->cfg.region[sizeof(l->cfg.region) - 1] = 0;
    l->tx_gain = gain(cfg->tx_gain_dbx10);
    l->rx_gain = gain(cfg->rx_gain_dbx10);
    return VXB_OK;
}

static int32_t mock_set_feed(vxb_board_t *b, int32_t line, int32_t feed)
{
    mock_line_t *l = LINE(b, line);
    l->feed = feed;
    if (feed == VXB_FEED_DISCONNECT && l->ringing)
    {
        ring_end(l);
    }
    return VXB_OK;
}

static int32_t mock_ring_start(vxb_board_t *b, int32_t line, const vxb_cadence_t *cad, const vxb_caller_id_t *cid)
{
    mock_line_t *l = LINE(b, line);
    if (l->loop_closed || l->reported_off)
    {
        return VXB_ERR_OFFHOOK;
    }
    if (l->feed == VXB_FEED_DISCONNECT)
    {
        return VXB_ERR_STATE;
    }
    l->cid_pending = 0;
    if (cid != NULL && l->cfg.cid_standard == VXB_CID_BELLCORE_FSK)
    {
        int n = vxb_cid_build_mdmf(cid, l->cid_msg, (int)sizeof(l->cid_msg));
        if (n < 0)
        {
            return VXB_ERR_INVAL;
        }
        l->cid_len = n;
        l->cid_pending = 1;
        l->cid_at = 0;
    }
    vxb_cadence_start(&l->ring, cad != NULL ? cad : &l->cfg.ring);
    l->ringing = 1;
    if (MB(b)->answer_after_ms >= 0)
    {
        /* at least the next tick: the bell has started before the handset comes up */
        l->answer_at = MB(b)->now + (int64_t)(MB(b)->answer_after_ms > 0 ? MB(b)->answer_after_ms : 1) * SAMPLES_PER_MS;
    }
    l->in_burst = 0;
    l->burst_no = 0;
    l->fsk.active = 0;
    return VXB_OK;
}

static int32_t mock_ring_stop(vxb_board_t *b, int32_t line)
{
    ring_end(LINE(b, line));
    return VXB_OK;
}

static int32_t mock_play_tone(vxb_board_t *b, int32_t line, int32_t tone)
{
    mock_line_t *l = LINE(b, line);
    if (l->cfg.tones[tone].f1_hz == 0)
    {
        return VXB_ERR_UNSUPPORTED; /* the region has no such tone */
    }
    vxb_tonegen_start(&l->tone, tone, &l->cfg.tones[tone]);
    if (l->auto_answered && l->off_hook && (tone == VXB_TONE_BUSY || tone == VXB_TONE_REORDER))
    {
        l->auto_answered = 0; /* the far end has gone: hang up */
        l->off_hook = 0;
        l->key_count = 0;
        l->key_active = 0;
        l->speak_count = 0;
    }
    return VXB_OK;
}

static int32_t mock_stop_tone(vxb_board_t *b, int32_t line)
{
    vxb_tonegen_stop(&LINE(b, line)->tone);
    return VXB_OK;
}

/* ---- media ---- */

static int32_t mock_media_start(vxb_board_t *b, int32_t line, int32_t format, int32_t ptime)
{
    mock_line_t *l = LINE(b, line);
    l->format = format;
    l->ptime = ptime;
    l->frame_samples = ptime * SAMPLES_PER_MS;
    l->frame_bytes = l->frame_samples * vxb_format_sample_bytes(format);
    media_reset(l);
    l->media_on = 1;
    return VXB_OK;
}

static int32_t mock_media_stop(vxb_board_t *b, int32_t line)
{
    mock_line_t *l = LINE(b, line);
    l->media_on = 0;
    return VXB_OK;
}

static int32_t mock_frame_bytes(vxb_board_t *b, int32_t line)
{
    mock_line_t *l = LINE(b, line);
    return l->media_on ? l->frame_bytes : VXB_ERR_STATE;
}

static int32_t mock_media_read(vxb_board_t *b, int32_t line, vxb_frame_header_t *hdr, void *buf, int32_t cap)
{
    mock_line_t *l = LINE(b, line);
    if (!l->media_on)
    {
        return VXB_ERR_STATE;
    }
    if (cap < l->frame_bytes)
    {
        return VXB_ERR_BUFFER;
    }
    if (l->rx_count == 0)
    {
        return 0;
    }
    const frame_t *f = &l->rxq[l->rx_head];
    memcpy(buf, f->data, (size_t)f->hdr.length);
    if (hdr != NULL)
    {
        *hdr = f->hdr;
    }
    int32_t n = f->hdr.length;
    l->rx_head = (l->rx_head + 1) % READ_QUEUE;
    l->rx_count--;
    l->stats.frames_read++;
    return n;
}

static int32_t mock_media_write(vxb_board_t *b, int32_t line, const vxb_frame_header_t *hdr, const void *buf,
                                int32_t len)
{
    (void)hdr;
    mock_line_t *l = LINE(b, line);
    if (!l->media_on)
    {
        return VXB_ERR_STATE;
    }
    if (len != l->frame_bytes)
    {
        return VXB_ERR_FRAME;
    }
    if (l->tx_count == WRITE_QUEUE)
    {
        l->tx_head = (l->tx_head + 1) % WRITE_QUEUE; /* the writer runs ahead: lose the oldest */
        l->tx_count--;
        l->stats.write_overflows++;
    }
    memcpy(l->txq[(l->tx_head + l->tx_count) % WRITE_QUEUE], buf, (size_t)len);
    l->tx_count++;
    l->stats.frames_written++;
    return VXB_OK;
}

static int32_t mock_media_stats(vxb_board_t *b, int32_t line, vxb_media_stats_t *stats)
{
    mock_line_t *l = LINE(b, line);
    *stats = l->stats;
    stats->read_queued = l->rx_count;
    stats->write_queued = l->tx_count;
    return VXB_OK;
}

/* ---- the emulated phones ---- */

static int32_t mock_advance(vxb_board_t *b, int32_t ms)
{
    mock_board_t *mb = MB(b);
    if (!mb->manual)
    {
        return VXB_ERR_STATE; /* this board runs on its own clock */
    }
    int64_t total = (int64_t)mb->remainder_ms + ms;
    for (int64_t i = 0; i < total / TICK_MS; i++)
    {
        tick(mb);
    }
    mb->remainder_ms = (int32_t)(total % TICK_MS);
    return VXB_OK;
}

static int32_t mock_hook(vxb_board_t *b, int32_t line, int32_t off_hook)
{
    mock_line_t *l = LINE(b, line);
    l->off_hook = off_hook;
    l->flash_until = 0;
    l->answer_at = 0; /* a hand on the handset overrides the automatic answer */
    l->auto_answered = 0;
    if (!off_hook)
    {
        l->key_count = 0; /* a person hanging up stops dialling */
        l->key_active = 0;
        l->speak_count = 0;
    }
    return VXB_OK;
}

static int32_t mock_flash(vxb_board_t *b, int32_t line)
{
    mock_line_t *l = LINE(b, line);
    if (!l->off_hook)
    {
        return VXB_ERR_ONHOOK;
    }
    int32_t ms = (l->cfg.flash_min_ms + l->cfg.flash_max_ms) / 2;
    ms = (ms + TICK_MS - 1) / TICK_MS * TICK_MS;
    l->off_hook = 0;
    l->flash_until = MB(b)->now + (int64_t)ms * SAMPLES_PER_MS;
    return VXB_OK;
}

static int32_t mock_dial(vxb_board_t *b, int32_t line, const char *digits, int32_t on_ms, int32_t off_ms)
{
    mock_line_t *l = LINE(b, line);
    if (!l->off_hook)
    {
        return VXB_ERR_ONHOOK;
    }
    size_t n = strlen(digits);
    if (n > (size_t)(DIAL_QUEUE - l->key_count))
    {
        return VXB_ERR_BUFFER;
    }
    for (size_t i = 0; i < n; i++)
    {
        keypress_t *k = &l->keys[(l->key_head + l->key_count) % DIAL_QUEUE];
        k->digit = digits[i];
        k->on_ms = on_ms;
        k->off_ms = off_ms;
        l->key_count++;
    }
    if (!l->key_active)
    {
        key_start(l);
    }
    return VXB_OK;
}

static int32_t mock_speak_tone(vxb_board_t *b, int32_t line, int32_t hz, int32_t level_dbx10)
{
    mock_line_t *l = LINE(b, line);
    l->speaking = hz != 0;
    if (hz != 0)
    {
        vxb_osc_init(&l->speak_osc, hz, vxb_dbm0_to_peak(level_dbx10 / 10.0));
    }
    return VXB_OK;
}

static int32_t mock_speak(vxb_board_t *b, int32_t line, const int16_t *pcm, int32_t count)
{
    mock_line_t *l = LINE(b, line);
    if (count > SPEAK_QUEUE - l->speak_count)
    {
        return VXB_ERR_BUFFER;
    }
    for (int32_t i = 0; i < count; i++)
    {
        l->speak_pcm[(l->speak_head + l->speak_count) % SPEAK_QUEUE] = pcm[i];
        l->speak_count++;
    }
    return VXB_OK;
}

static int32_t mock_listen(vxb_board_t *b, int32_t line, int16_t *pcm, int32_t count)
{
    mock_line_t *l = LINE(b, line);
    int32_t n = count < HISTORY ? count : HISTORY;
    int start = (l->hist_pos - n + HISTORY) % HISTORY;
    for (int32_t i = 0; i < n; i++)
    {
        pcm[i] = l->history[(start + i) % HISTORY];
    }
    return n;
}

static int32_t mock_phone_state(vxb_board_t *b, int32_t line, vxb_phone_state_t *s)
{
    mock_line_t *l = LINE(b, line);
    memset(s, 0, sizeof(*s));
    s->off_hook = l->off_hook;
    s->ringing = l->ringing && l->in_burst;
    s->feed = l->feed;
    s->dialing = l->key_count;
    s->cid_count = l->cid_count;
    s->cid_errors = l->cid_errors;
    memcpy(s->cid_number, l->cid_number, sizeof(s->cid_number));
    memcpy(s->cid_name, l->cid_name, sizeof(s->cid_name));
    memcpy(s->cid_datetime, l->cid_datetime, sizeof(s->cid_datetime));
    return VXB_OK;
}

static int32_t mock_fault(vxb_board_t *b, int32_t line, int32_t fault)
{
    mock_board_t *mb = MB(b);
    post(mb, VXB_EV_FAULT, LINE(b, line), 0, 0, fault, mb->now);
    return VXB_OK;
}

const vxb_ops_t vxb_mock_ops = {
    .scheme = "mock",
    .open = mock_open,
    .destroy = mock_destroy,
    .info = mock_info,
    .line_get_config = mock_get_config,
    .line_configure = mock_configure,
    .set_feed = mock_set_feed,
    .ring_start = mock_ring_start,
    .ring_stop = mock_ring_stop,
    .play_tone = mock_play_tone,
    .stop_tone = mock_stop_tone,
    .media_start = mock_media_start,
    .media_stop = mock_media_stop,
    .media_frame_bytes = mock_frame_bytes,
    .media_read = mock_media_read,
    .media_write = mock_media_write,
    .media_stats = mock_media_stats,
    .mock_advance = mock_advance,
    .mock_hook = mock_hook,
    .mock_flash = mock_flash,
    .mock_dial = mock_dial,
    .mock_speak_tone = mock_speak_tone,
    .mock_speak = mock_speak,
    .mock_listen = mock_listen,
    .mock_phone_state = mock_phone_state,
    .mock_fault = mock_fault,
};
