/*
 * The exported ABI: argument checks, the per-board mutex, the event queue and close protocol, then
 * dispatch to the backend chosen by the uri's scheme.
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vxb_board.h"
#include "vxb_dsp.h"

/* ---- static text ---- */

const char *vxb_strerror(int32_t code)
{
    switch (code)
    {
    case VXB_OK:
        return "ok";
    case VXB_ERR_INVAL:
        return "invalid argument";
    case VXB_ERR_URI:
        return "bad board uri";
    case VXB_ERR_NOBOARD:
        return "no such board type in this build";
    case VXB_ERR_LINE:
        return "no such line";
    case VXB_ERR_STATE:
        return "not allowed in the current state";
    case VXB_ERR_UNSUPPORTED:
        return "not supported by this board";
    case VXB_ERR_NOMEM:
        return "out of memory";
    case VXB_ERR_FRAME:
        return "frame length does not match the started format and ptime";
    case VXB_ERR_CLOSED:
        return "board closed";
    case VXB_ERR_SYSTEM:
        return "system call failed";
    case VXB_ERR_OFFHOOK:
        return "line is off-hook";
    case VXB_ERR_ONHOOK:
        return "phone is on-hook";
    case VXB_ERR_BUFFER:
        return "buffer too small";
    default:
        return "unknown error";
    }
}

static const char *const EVENT_NAMES[VXB_EV_COUNT] = {
    "OFF_HOOK", "ON_HOOK", "FLASH", "DTMF_DOWN", "DTMF_UP",
    "RING_BURST_START", "RING_BURST_END", "TONE_DONE", "FAX_TONE", "FAULT",
};
static const char *const TONE_NAMES[VXB_TONE_COUNT] = {"DIAL", "RINGBACK", "BUSY", "REORDER", "CALL_WAITING"};
static const char *const FORMAT_NAMES[VXB_FMT_COUNT] = {"LINEAR16", "PCMU", "PCMA"};

const char *vxb_event_name(int32_t type)
{
    return (type >= 0 && type < VXB_EV_COUNT) ? EVENT_NAMES[type] : "?";
}

const char *vxb_tone_name(int32_t tone)
{
    return (tone >= 0 && tone < VXB_TONE_COUNT) ? TONE_NAMES[tone] : "?";
}

const char *vxb_format_name(int32_t format)
{
    return (format >= 0 && format < VXB_FMT_COUNT) ? FORMAT_NAMES[format] : "?";
}

int32_t vxb_abi_version(void)
{
    return VXB_ABI_VERSION;
}

int32_t vxb_abi_sizeof(int32_t which)
{
    switch (which)
    {
    case VXB_ABI_INFO:
        return (int32_t)sizeof(vxb_info_t);
    case VXB_ABI_EVENT:
        return (int32_t)sizeof(vxb_event_t);
    case VXB_ABI_CADENCE:
        return (int32_t)sizeof(vxb_cadence_t);
    case VXB_ABI_TONE_DEF:
        return (int32_t)sizeof(vxb_tone_def_t);
    case VXB_ABI_LINE_CONFIG:
        return (int32_t)sizeof(vxb_line_config_t);
    case VXB_ABI_CALLER_ID:
        return (int32_t)sizeof(vxb_caller_id_t);
    case VXB_ABI_FRAME_HEADER:
        return (int32_t)sizeof(vxb_frame_header_t);
    case VXB_ABI_MEDIA_STATS:
        return (int32_t)sizeof(vxb_media_stats_t);
    case VXB_ABI_PHONE_STATE:
        return (int32_t)sizeof(vxb_phone_state_t);
    case VXB_ABI_HEAR:
        return (int32_t)sizeof(vxb_hear_t);
    default:
        return VXB_ERR_INVAL;
    }
}

/* Every (struct, field) pair vxb_abi_offsetof answers. */
typedef struct abi_field
{
    int32_t which;
    int32_t field;
    int32_t offset;
} abi_field_t;

#define ABI_FIELD(which, type, field, member) {which, field, (int32_t)offsetof(type, member)}

static const abi_field_t ABI_FIELDS[] = {
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_ABI_VERSION, abi_version),
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_LINES, lines),
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_CAPABILITIES, capabilities),
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_SAMPLE_RATE, sample_rate),
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_TICK_MS, tick_ms),
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_BOARD, board),
    ABI_FIELD(VXB_ABI_INFO, vxb_info_t, VXB_FIELD_INFO_REGION, region),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_TYPE, type),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_LINE, line),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_DIGIT, digit),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_DURATION_MS, duration_ms),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_VALUE, value),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_TIME_MS_LO, time_ms_lo),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_TIME_MS_HI, time_ms_hi),
    ABI_FIELD(VXB_ABI_EVENT, vxb_event_t, VXB_FIELD_EVENT_SEQ, seq),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_NUMBER, number),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_NAME, name),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_PRESENTATION, presentation),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_MONTH, month),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_DAY, day),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_HOUR, hour),
    ABI_FIELD(VXB_ABI_CALLER_ID, vxb_caller_id_t, VXB_FIELD_CALLER_ID_MINUTE, minute),
    ABI_FIELD(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_TIMESTAMP, timestamp),
    ABI_FIELD(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_FLAGS, flags),
    ABI_FIELD(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_LENGTH, length),
    ABI_FIELD(VXB_ABI_FRAME_HEADER, vxb_frame_header_t, VXB_FIELD_FRAME_HEADER_SEQ, seq),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_FRAMES_READ, frames_read),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_FRAMES_WRITTEN, frames_written),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_READ_OVERRUNS, read_overruns),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_WRITE_UNDERRUNS, write_underruns),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_WRITE_OVERFLOWS, write_overflows),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_READ_QUEUED, read_queued),
    ABI_FIELD(VXB_ABI_MEDIA_STATS, vxb_media_stats_t, VXB_FIELD_MEDIA_STATS_WRITE_QUEUED, write_queued),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_OFF_HOOK, off_hook),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_RINGING, ringing),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_FEED, feed),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_DIALING, dialing),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_COUNT, cid_count),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_ERRORS, cid_errors),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_NUMBER, cid_number),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_NAME, cid_name),
    ABI_FIELD(VXB_ABI_PHONE_STATE, vxb_phone_state_t, VXB_FIELD_PHONE_STATE_CID_DATETIME, cid_datetime),
    ABI_FIELD(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_SILENCE, silence),
    ABI_FIELD(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_F1_HZ, f1_hz),
    ABI_FIELD(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_F2_HZ, f2_hz),
    ABI_FIELD(VXB_ABI_HEAR, vxb_hear_t, VXB_FIELD_HEAR_LEVEL_DBX10, level_dbx10),
};

int32_t vxb_abi_offsetof(int32_t which, int32_t field)
{
    for (size_t i = 0; i < sizeof(ABI_FIELDS) / sizeof(ABI_FIELDS[0]); i++)
    {
        if (ABI_FIELDS[i].which == which && ABI_FIELDS[i].field == field)
        {
            return ABI_FIELDS[i].offset;
        }
    }
    return VXB_ERR_INVAL;
}

/* ---- helpers for backends ---- */

int32_t vxb_why(char *why, int32_t why_len, int32_t code, const char *fmt, ...)
{
    if (why != NULL && why_len > 0)
    {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, (size_t)why_len, fmt, ap);
        va_end(ap);
    }
    return code;
}

int vxb_next_option(const char **cursor, char *key, size_t key_cap, char *value, size_t value_cap)
{
    const char *p = *cursor;
    while (*p == ',')
    {
        p++;
    }
    if (*p == 0)
    {
        *cursor = p;
        return 0;
    }
    const char *eq = strchr(p, '=');
    const char *end = strchr(p, ',');
    if (end == NULL)
    {
        end = p + strlen(p);
    }
    if (eq == NULL || eq > end || eq == p || (size_t)(eq - p) >= key_cap || (size_t)(end - eq - 1) >= value_cap)
    {
        size_t n = (size_t)(end - p) < key_cap - 1 ? (size_t)(end - p) : key_cap - 1;
        memcpy(key, p, n); /* the offending text, for the caller's message */
        key[n] = 0;
        return VXB_ERR_URI;
    }
    memcpy(key, p, (size_t)(eq - p));
    key[eq - p] = 0;
    memcpy(value, eq + 1, (size_t)(end - eq - 1));
    value[end - eq - 1] = 0;
    *cursor = end;
    return 1;
}

int32_t vxb_board_init(vxb_board_t *b, const vxb_ops_t *ops, int32_t lines)
{
    b->ops = ops;
    b->lines = lines;
    if (pthread_mutex_init(&b->mu, NULL) != 0)
    {
        return VXB_ERR_SYSTEM;
    }
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&b->cv, &attr);
    pthread_condattr_destroy(&attr);
    if (rc != 0)
    {
        pthread_mutex_destroy(&b->mu);
        return VXB_ERR_SYSTEM;
    }
    return VXB_OK;
}

void vxb_board_fini(vxb_board_t *b)
{
    pthread_cond_destroy(&b->cv);
    pthread_mutex_destroy(&b->mu);
}

static void push(vxb_board_t *b, const vxb_event_t *ev)
{
    int tail = (b->head + b->count) % VXB_EVENT_QUEUE;
    b->queue[tail] = *ev;
    b->queue[tail].seq = b->seq++;
    b->count++;
}

void vxb_board_post(vxb_board_t *b, int32_t type, int32_t line, int32_t digit, int32_t duration_ms,
                    int32_t value, int64_t time_ms)
{
    vxb_event_t ev;
    memset(&ev, 0, sizeof(ev));
    ev.line = line;
    ev.time_ms_lo = (int32_t)(uint32_t)((uint64_t)time_ms & 0xFFFFFFFFu);
    ev.time_ms_hi = (int32_t)(uint32_t)((uint64_t)time_ms >> 32);
    if (b->lost > 0 && b->count < VXB_EVENT_QUEUE - 1)
    {
        ev.type = VXB_EV_FAULT;
        ev.line = -1;
        ev.value = VXB_FAULT_EVENT_OVERFLOW;
        ev.duration_ms = b->lost; /* how many were lost */
        push(b, &ev);
        b->lost = 0;
        ev.line = line;
    }
    if (b->count == VXB_EVENT_QUEUE)
    {
        b->lost++;
        return;
    }
    ev.type = type;
    ev.digit = digit;
    ev.duration_ms = duration_ms;
    ev.value = value;
    push(b, &ev);
    pthread_cond_broadcast(&b->cv);
}

/* ---- lifecycle ---- */

int32_t vxb_open(const char *uri, vxb_board_t **board, char *why, int32_t why_len)
{
    if (board == NULL)
    {
        return vxb_why(why, why_len, VXB_ERR_INVAL, "no place for the board handle");
    }
    *board = NULL;
    if (uri == NULL || uri[0] == 0)
    {
        return vxb_why(why, why_len, VXB_ERR_URI, "empty board uri (expected e.g. \"mock:lines=2,region=us\")");
    }
    const char *colon = strchr(uri, ':');
    size_t scheme_len = colon != NULL ? (size_t)(colon - uri) : strlen(uri);
    const char *options = colon != NULL ? colon + 1 : "";
    for (int i = 0; vxb_backends[i] != NULL; i++)
    {
        const vxb_ops_t *ops = vxb_backends[i];
        if (strlen(ops->scheme) == scheme_len && strncmp(ops->scheme, uri, scheme_len) == 0)
        {
            return ops->open(options, board, why, why_len);
        }
    }
    return vxb_why(why, why_len, VXB_ERR_NOBOARD, "no board type \"%.*s\" in this build (uri \"%s\")",
                   (int)(scheme_len > 32 ? 32 : scheme_len), uri, uri);
}

int32_t vxb_close(vxb_board_t *b)
{
    if (b == NULL)
    {
        return VXB_ERR_INVAL;
    }
    pthread_mutex_lock(&b->mu);
    if (b->closing)
    {
        pthread_mutex_unlock(&b->mu);
        return VXB_ERR_CLOSED;
    }
    b->closing = 1;
    pthread_cond_broadcast(&b->cv);
    while (b->waiters > 0)
    {
        pthread_cond_wait(&b->cv, &b->mu);
    }
    pthread_mutex_unlock(&b->mu);
    b->ops->destroy(b); /* joins the backend's threads (they see closing), then frees */
    return VXB_OK;
}

/* Locks the board; fails if NULL or closing. Every entry point below starts with it. */
static int32_t enter(vxb_board_t *b)
{
    if (b == NULL)
    {
        return VXB_ERR_INVAL;
    }
    pthread_mutex_lock(&b->mu);
    if (b->closing)
    {
        pthread_mutex_unlock(&b->mu);
        return VXB_ERR_CLOSED;
    }
    return VXB_OK;
}

static int32_t enter_line(vxb_board_t *b, int32_t line)
{
    int32_t rc = enter(b);
    if (rc == VXB_OK && (line < 0 || line >= b->lines))
    {
        pthread_mutex_unlock(&b->mu);
        return VXB_ERR_LINE;
    }
    return rc;
}

static int32_t leave(vxb_board_t *b, int32_t rc)
{
    pthread_mutex_unlock(&b->mu);
    return rc;
}

/* Checks the line, locks, calls the backend's op with args (a parenthesised list), unlocks. */
#define LINE_CALL(op, args)                                                                                  \
    do                                                                                                       \
    {                                                                                                        \
        int32_t rc_ = enter_line(b, line);                                                                    \
        if (rc_ != VXB_OK)                                                                                   \
        {                                                                                                    \
            return rc_;                                                                                      \
        }                                                                                                    \
        return leave(b, b->ops->op == NULL ? VXB_ERR_UNSUPPORTED : b->ops->op args);                         \
    } while (0)

int32_t vxb_info(vxb_board_t *b, vxb_info_t *info)
{
    if (info == NULL)
    {
        return VXB_ERR_INVAL;
    }
    int32_t rc = enter(b);
    if (rc != VXB_OK)
    {
        return rc;
    }
    memset(info, 0, sizeof(*info));
    return leave(b, b->ops->info(b, info));
}

/* ---- line ---- */

int32_t vxb_region_config(const char *region, vxb_line_config_t *config)
{
    if (region == NULL || config == NULL)
    {
        return VXB_ERR_INVAL;
    }
    return vxb_region_lookup(region, config);
}

int32_t vxb_line_get_config(vxb_board_t *b, int32_t line, vxb_line_config_t *cfg)
{
    if (cfg == NULL)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(line_get_config, (b, line, cfg));
}

int32_t vxb_line_configure(vxb_board_t *b, int32_t line, const vxb_line_config_t *cfg)
{
    const char *why = NULL;
    if (cfg == NULL || !vxb_line_config_valid(cfg, &why))
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(line_configure, (b, line, cfg));
}

int32_t vxb_set_feed(vxb_board_t *b, int32_t line, int32_t feed)
{
    if (feed < VXB_FEED_DISCONNECT || feed > VXB_FEED_REVERSE)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(set_feed, (b, line, feed));
}

int32_t vxb_ring_start(vxb_board_t *b, int32_t line, const vxb_cadence_t *cadence, const vxb_caller_id_t *cid)
{
    if (cadence != NULL && (!vxb_cadence_valid(cadence) || cadence->steps < 1))
    {
        return VXB_ERR_INVAL;
    }
    if (cid != NULL && (cid->presentation < VXB_CID_ALLOWED || cid->presentation > VXB_CID_UNAVAILABLE))
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(ring_start, (b, line, cadence, cid));
}

int32_t vxb_ring_stop(vxb_board_t *b, int32_t line)
{
    LINE_CALL(ring_stop, (b, line));
}

int32_t vxb_play_tone(vxb_board_t *b, int32_t line, int32_t tone)
{
    if (tone < 0 || tone >= VXB_TONE_COUNT)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(play_tone, (b, line, tone));
}

int32_t vxb_stop_tone(vxb_board_t *b, int32_t line)
{
    LINE_CALL(stop_tone, (b, line));
}

/* ---- events ---- */

int32_t vxb_event_wait(vxb_board_t *b, vxb_event_t *event, int32_t timeout_ms)
{
    if (event == NULL)
    {
        return VXB_ERR_INVAL;
    }
    int32_t rc = enter(b);
    if (rc != VXB_OK)
    {
        return rc;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    if (timeout_ms > 0)
    {
        deadline.tv_sec += timeout_ms / 1000;
        deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (deadline.tv_nsec >= 1000000000L)
        {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    b->waiters++;
    for (;;)
    {
        if (b->closing)
        {
            rc = VXB_ERR_CLOSED;
            break;
        }
        if (b->count > 0)
        {
            *event = b->queue[b->head];
            b->head = (b->head + 1) % VXB_EVENT_QUEUE;
            b->count--;
            rc = 1;
            break;
        }
        if (b->wakeups > 0)
        {
            b->wakeups = 0;
            rc = 0;
            break;
        }
        if (timeout_ms == 0)
        {
            rc = 0;
            break;
        }
        int w = timeout_ms < 0 ? pthread_cond_wait(&b->cv, &b->mu) : pthread_cond_timedwait(&b->cv, &b->mu, &deadline);
        if (w == ETIMEDOUT)
        {
            rc = 0;
            if (b->count == 0 || b->closing)
            {
                break;
            }
        }
    }
    b->waiters--;
    if (b->closing)
    {
        pthread_cond_broadcast(&b->cv); /* the closer waits for the last waiter */
    }
    pthread_mutex_unlock(&b->mu);
    return rc;
}

int32_t vxb_wakeup(vxb_board_t *b)
{
    int32_t rc = enter(b);
    if (rc != VXB_OK)
    {
        return rc;
    }
    b->wakeups++;
    pthread_cond_broadcast(&b->cv);
    return leave(b, VXB_OK);
}

/* ---- media ---- */

int32_t vxb_media_start(vxb_board_t *b, int32_t line, int32_t format, int32_t ptime_ms)
{
    if (format < 0 || format >= VXB_FMT_COUNT || (ptime_ms != 10 && ptime_ms != 20 && ptime_ms != 30))
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(media_start, (b, line, format, ptime_ms));
}

int32_t vxb_media_stop(vxb_board_t *b, int32_t line)
{
    LINE_CALL(media_stop, (b, line));
}

int32_t vxb_media_frame_bytes(vxb_board_t *b, int32_t line)
{
    LINE_CALL(media_frame_bytes, (b, line));
}

int32_t vxb_media_read(vxb_board_t *b, int32_t line, vxb_frame_header_t *hdr, void *buf, int32_t cap)
{
    if (buf == NULL || cap < 0)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(media_read, (b, line, hdr, buf, cap));
}

int32_t vxb_media_write(vxb_board_t *b, int32_t line, const vxb_frame_header_t *hdr, const void *buf, int32_t len)
{
    if (buf == NULL || len < 0)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(media_write, (b, line, hdr, buf, len));
}

int32_t vxb_media_stats(vxb_board_t *b, int32_t line, vxb_media_stats_t *stats)
{
    if (stats == NULL)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(media_stats, (b, line, stats));
}

/* ---- mock phones ---- */

int32_t vxb_mock_advance(vxb_board_t *b, int32_t ms)
{
    if (ms < 0)
    {
        return VXB_ERR_INVAL;
    }
    int32_t rc = enter(b);
    if (rc != VXB_OK)
    {
        return rc;
    }
    return leave(b, b->ops->mock_advance == NULL ? VXB_ERR_UNSUPPORTED : b->ops->mock_advance(b, ms));
}

int32_t vxb_mock_hook(vxb_board_t *b, int32_t line, int32_t off_hook)
{
    LINE_CALL(mock_hook, (b, line, off_hook != 0));
}

int32_t vxb_mock_flash(vxb_board_t *b, int32_t line)
{
    LINE_CALL(mock_flash, (b, line));
}

int32_t vxb_mock_dial(vxb_board_t *b, int32_t line, const char *digits, int32_t on_ms, int32_t off_ms)
{
    if (digits == NULL || digits[0] == 0 || on_ms < 10 || on_ms > 5000 || off_ms < 10 || off_ms > 5000)
    {
        return VXB_ERR_INVAL;
    }
    int row, col;
    for (const char *p = digits; *p != 0; p++)
    {
        if (!vxb_dtmf_freqs(*p, &row, &col))
        {
            return VXB_ERR_INVAL;
        }
    }
    LINE_CALL(mock_dial, (b, line, digits, on_ms, off_ms));
}

int32_t vxb_mock_speak_tone(vxb_board_t *b, int32_t line, int32_t hz, int32_t level_dbx10)
{
    if (hz != 0 && (hz < 50 || hz > 3900 || level_dbx10 < -400 || level_dbx10 > 30))
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(mock_speak_tone, (b, line, hz, level_dbx10));
}

int32_t vxb_mock_speak(vxb_board_t *b, int32_t line, const int16_t *pcm, int32_t count)
{
    if (pcm == NULL || count < 0)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(mock_speak, (b, line, pcm, count));
}

int32_t vxb_mock_listen(vxb_board_t *b, int32_t line, int16_t *pcm, int32_t count)
{
    if (pcm == NULL || count < 0)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(mock_listen, (b, line, pcm, count));
}

int32_t vxb_mock_hear(vxb_board_t *b, int32_t line, int32_t window_ms, vxb_hear_t *hear)
{
    if (hear == NULL || window_ms < 20 || window_ms > 1000)
    {
        return VXB_ERR_INVAL;
    }
    int16_t pcm[VXB_FS]; /* 1 s at most */
    int32_t rc = enter_line(b, line);
    if (rc != VXB_OK)
    {
        return rc;
    }
    rc = b->ops->mock_listen == NULL ? VXB_ERR_UNSUPPORTED : b->ops->mock_listen(b, line, pcm, window_ms * (VXB_FS / 1000));
    pthread_mutex_unlock(&b->mu);
    if (rc < 0)
    {
        return rc;
    }
    return vxb_analyze(pcm, rc, hear); /* outside the lock: the clock keeps running */
}

int32_t vxb_mock_phone_state(vxb_board_t *b, int32_t line, vxb_phone_state_t *state)
{
    if (state == NULL)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(mock_phone_state, (b, line, state));
}

int32_t vxb_mock_fault(vxb_board_t *b, int32_t line, int32_t fault)
{
    if (fault != VXB_FAULT_THERMAL && fault != VXB_FAULT_GROUND)
    {
        return VXB_ERR_INVAL;
    }
    LINE_CALL(mock_fault, (b, line, fault));
}
