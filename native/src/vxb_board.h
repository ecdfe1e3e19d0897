/*
 * What every board backend shares: the handle's common part (mutex, event queue, close protocol) and
 * the operations table the API layer dispatches to. The API layer validates arguments, takes the
 * board's mutex and calls the backend with it held; a NULL operation is VXB_ERR_UNSUPPORTED.
 */
#ifndef VXB_BOARD_H
#define VXB_BOARD_H

#include <pthread.h>

#include "vxb.h"

#define VXB_EVENT_QUEUE 1024
#define VXB_MAX_LINES 64 /* a small PBX card; the gateway's [[line]] numbers go to 64 too */

typedef struct vxb_ops
{
    const char *scheme; /* the uri's scheme, e.g. "mock" */
    /* options: the uri after "scheme:". Allocates the board and calls vxb_board_init. */
    int32_t (*open)(const char *options, vxb_board_t **board, char *why, int32_t why_len);
    /* After the API layer drained the waiters: join threads, vxb_board_fini, free everything. */
    void (*destroy)(vxb_board_t *board);

    /* All of these run with the board's mutex held, line already checked. */
    int32_t (*info)(vxb_board_t *b, vxb_info_t *info);
    int32_t (*line_get_config)(vxb_board_t *b, int32_t line, vxb_line_config_t *cfg);
    int32_t (*line_configure)(vxb_board_t *b, int32_t line, const vxb_line_config_t *cfg);
    int32_t (*set_feed)(vxb_board_t *b, int32_t line, int32_t feed);
    int32_t (*ring_start)(vxb_board_t *b, int32_t line, const vxb_cadence_t *cad, const vxb_caller_id_t *cid);
    int32_t (*ring_stop)(vxb_board_t *b, int32_t line);
    int32_t (*play_tone)(vxb_board_t *b, int32_t line, int32_t tone);
    int32_t (*stop_tone)(vxb_board_t *b, int32_t line);
    int32_t (*media_start)(vxb_board_t *b, int32_t line, int32_t format, int32_t ptime_ms);
    int32_t (*media_stop)(vxb_board_t *b, int32_t line);
    int32_t (*media_frame_bytes)(vxb_board_t *b, int32_t line);
    int32_t (*media_read)(vxb_board_t *b, int32_t line, vxb_frame_header_t *hdr, void *buf, int32_t cap);
    int32_t (*media_write)(vxb_board_t *b, int32_t line, const vxb_frame_header_t *hdr, const void *buf,
                           int32_t len);
    int32_t (*media_stats)(vxb_board_t *b, int32_t line, vxb_media_stats_t *stats);

    int32_t (*mock_advance)(vxb_board_t *b, int32_t ms);
    int32_t (*mock_hook)(vxb_board_t *b, int32_t line, int32_t off_hook);
    int32_t (*mock_flash)(vxb_board_t *b, int32_t line);
    int32_t (*mock_dial)(vxb_board_t *b, int32_t line, const char *digits, int32_t on_ms, int32_t off_ms);
    int32_t (*mock_speak_tone)(vxb_board_t *b, int32_t line, int32_t hz, int32_t level_dbx10);
    int32_t (*mock_speak)(vxb_board_t *b, int32_t line, const int16_t *pcm, int32_t count);
    /* Copies the last count earpiece samples (oldest first); returns how many. */
    int32_t (*mock_listen)(vxb_board_t *b, int32_t line, int16_t *pcm, int32_t count);
    int32_t (*mock_phone_state)(vxb_board_t *b, int32_t line, vxb_phone_state_t *state);
    int32_t (*mock_fault)(vxb_board_t *b, int32_t line, int32_t fault);
} vxb_ops_t;

struct vxb_board
{
    const vxb_ops_t *ops;
    int32_t lines;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* events, wakeups, closing, waiters leaving */
    int closing;
    int waiters;
    int wakeups;
    vxb_event_t queue[VXB_EVENT_QUEUE];
    int head;
    int count;
    int32_t seq;
    int32_t lost; /* events dropped since the last overflow report */
};

/* The backends built in (board-support/<board>/), NULL-terminated. */
extern const vxb_ops_t *const vxb_backends[];

int32_t vxb_board_init(vxb_board_t *b, const vxb_ops_t *ops, int32_t lines);
/* Destroys the mutex and condition variable (the backend's destroy calls it once its threads are gone). */
void vxb_board_fini(vxb_board_t *b);
/* Queues an event and wakes the waiters; call with the mutex held. */
void vxb_board_post(vxb_board_t *b, int32_t type, int32_t line, int32_t digit, int32_t duration_ms,
                    int32_t value, int64_t time_ms);
/* Writes "text" into why (NUL-terminated, truncated); returns code. */
int32_t vxb_why(char *why, int32_t why_len, int32_t code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * Walks "k=v,k=v" options: copies the next key and value, advances *cursor; returns 1, 0 at the end, or
 * VXB_ERR_URI for a malformed pair (empty key, missing '=', too long).
 */
int vxb_next_option(const char **cursor, char *key, size_t key_cap, char *value, size_t value_cap);

#endif /* VXB_BOARD_H */
