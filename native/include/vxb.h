/*
 * vxb.h - the Voxline board ABI: a flat C API over a telephony board's FXS lines.
 *
 * Shape (what Lantiq TAPI, the Broadcom endpoint API, DAHDI and VP-API-II have in common): an opaque
 * board handle, integer line numbers counted from 0, an event queue the caller waits on, "signals" the
 * board carries out on its own timing (ringing with caller ID, cadenced tones) and media frames.
 *
 * Rules of the ABI (it is called from Java through JNA direct mapping):
 *  - every function returns 0 or a negative VXB_ERR_* code, except where documented (event wait: 1 = got
 *    one; media read: frame length; abi_sizeof, abi_offsetof: a size, an offset);
 *  - structs that cross the ABI hold only int32_t and fixed-size char arrays: no unions, no bitfields,
 *    no pointers, so their layout is the same on every target; vxb_abi_sizeof() and vxb_abi_offsetof()
 *    let a caller check sizes and the offsets of the fields it reads;
 *  - the library copies every buffer in and out before returning and never calls back into the caller;
 *  - every function is thread-safe (one mutex per board); vxb_event_wait blocks on a condition variable.
 *
 * Audio is 8 kHz. Levels are in tenths of a dB relative to 0 dBm0 (the G.711 digital milliwatt).
 */
#ifndef VXB_H
#define VXB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VXB_BUILDING_LIBRARY)
#define VXB_API __attribute__((visibility("default")))
#else
#define VXB_API
#endif

/* Bumped when any struct layout, code or signature changes. */
#define VXB_ABI_VERSION 3

/* ---- error codes --------------------------------------------------------------------------------- */

#define VXB_OK 0
#define VXB_ERR_INVAL (-1)       /* invalid argument */
#define VXB_ERR_URI (-2)         /* malformed board uri or unknown option */
#define VXB_ERR_NOBOARD (-3)     /* no board of that kind in this build */
#define VXB_ERR_LINE (-4)        /* no such line */
#define VXB_ERR_STATE (-5)       /* not allowed in the current state (e.g. media not started) */
#define VXB_ERR_UNSUPPORTED (-6) /* this board cannot do that (mock-only function on a real board) */
#define VXB_ERR_NOMEM (-7)       /* out of memory */
#define VXB_ERR_FRAME (-8)       /* frame length does not match the started format and ptime */
#define VXB_ERR_CLOSED (-9)      /* the board is closing or closed */
#define VXB_ERR_SYSTEM (-10)     /* an operating-system call failed */
#define VXB_ERR_OFFHOOK (-11)    /* the line is off-hook (e.g. ring start) */
#define VXB_ERR_ONHOOK (-12)     /* the (emulated) phone is on-hook (e.g. mock dial) */
#define VXB_ERR_BUFFER (-13)     /* a caller's buffer is too small */

/* ---- codes (Java enums use the same numbers as their ordinals) ------------------------------------ */

/* event types: io.voxline.board.BoardEventType */
#define VXB_EV_OFF_HOOK 0         /* loop closed (also ends ringing at once: ring trip) */
#define VXB_EV_ON_HOOK 1          /* loop open longer than the flash window */
#define VXB_EV_FLASH 2            /* loop open within the flash window; duration_ms = how long */
#define VXB_EV_DTMF_DOWN 3        /* digit = ASCII digit, reported once per press */
#define VXB_EV_DTMF_UP 4          /* digit, duration_ms = tone length */
#define VXB_EV_RING_BURST_START 5 /* value = burst number from 1 */
#define VXB_EV_RING_BURST_END 6   /* duration_ms = burst length; only bursts that ran their length */
#define VXB_EV_TONE_DONE 7        /* a non-repeating tone finished; value = VXB_TONE_* */
#define VXB_EV_FAX_TONE 8         /* value = VXB_FAX_* */
#define VXB_EV_FAULT 9            /* value = VXB_FAULT_* */
#define VXB_EV_COUNT 10

#define VXB_FAX_CNG 1 /* calling fax: 1100 Hz */
#define VXB_FAX_CED 2 /* answering fax/modem: 2100 Hz */

#define VXB_FAULT_EVENT_OVERFLOW 1 /* the event queue was full: events were lost */
#define VXB_FAULT_THERMAL 2        /* SLIC over temperature */
#define VXB_FAULT_GROUND 3         /* ground fault / foreign voltage on the line */
#define VXB_FAULT_CLOCK 4          /* the board clock slipped (host too slow): audio was skipped */

/* region tones: io.voxline.board.Tone */
#define VXB_TONE_DIAL 0
#define VXB_TONE_RINGBACK 1
#define VXB_TONE_BUSY 2
#define VXB_TONE_REORDER 3
#define VXB_TONE_CALL_WAITING 4
#define VXB_TONE_COUNT 5

/* media frame formats: io.voxline.board.FrameFormat */
#define VXB_FMT_LINEAR16 0 /* 16-bit signed, host byte order */
#define VXB_FMT_PCMU 1     /* G.711 mu-law */
#define VXB_FMT_PCMA 2     /* G.711 A-law */
#define VXB_FMT_COUNT 3

/* line feed (SLIC state) */
#define VXB_FEED_DISCONNECT 0 /* open loop: no battery, no hook detection, no audio */
#define VXB_FEED_STANDBY 1    /* low-power battery: hook detection only */
#define VXB_FEED_ACTIVE 2     /* forward polarity, talk */
#define VXB_FEED_REVERSE 3    /* reversed polarity, talk */

/* caller-ID standards */
#define VXB_CID_NONE 0
#define VXB_CID_BELLCORE_FSK 1 /* Telcordia GR-30: Bell 202 FSK, MDMF, between first and second burst */

/* caller-ID presentation */
#define VXB_CID_ALLOWED 0
#define VXB_CID_PRIVATE 1     /* 'P' */
#define VXB_CID_UNAVAILABLE 2 /* 'O' (out of area) */

/* capability bits of vxb_info_t.capabilities */
#define VXB_CAP_MOCK_PHONES (1 << 0)  /* the vxb_mock_* functions work */
#define VXB_CAP_LINEAR16 (1 << 1)
#define VXB_CAP_G711 (1 << 2)
#define VXB_CAP_CID_FSK (1 << 3)      /* Bellcore FSK caller ID on ring */
#define VXB_CAP_FAX_DETECT (1 << 4)
#define VXB_CAP_MANUAL_CLOCK (1 << 5) /* opened with clock=manual: time moves only by vxb_mock_advance */

/* media frame header flags */
#define VXB_FRAME_SILENCE (1 << 0) /* read: the frame's level is below -50 dBm0 */
#define VXB_FRAME_DTMF (1 << 1)    /* read: a DTMF digit is being detected in this frame */
#define VXB_FRAME_GAP (1 << 2)     /* read: frames were dropped before this one (reader lagged) */

/* ids for vxb_abi_sizeof */
#define VXB_ABI_INFO 1
#define VXB_ABI_EVENT 2
#define VXB_ABI_CADENCE 3
#define VXB_ABI_TONE_DEF 4
#define VXB_ABI_LINE_CONFIG 5
#define VXB_ABI_CALLER_ID 6
#define VXB_ABI_FRAME_HEADER 7
#define VXB_ABI_MEDIA_STATS 8
#define VXB_ABI_PHONE_STATE 9
#define VXB_ABI_HEAR 10

/*
 * Field ids for vxb_abi_offsetof(struct id, field id): each names a member, so a caller that reads a
 * field at a fixed offset can check it there (two swapped fields of one size keep the struct's size).
 * Numbered per struct from 1, in declaration order when they were added; never renumbered.
 */
#define VXB_FIELD_INFO_ABI_VERSION 1
#define VXB_FIELD_INFO_LINES 2
#define VXB_FIELD_INFO_CAPABILITIES 3
#define VXB_FIELD_INFO_SAMPLE_RATE 4
#define VXB_FIELD_INFO_TICK_MS 5
#define VXB_FIELD_INFO_BOARD 6
#define VXB_FIELD_INFO_REGION 7

#define VXB_FIELD_EVENT_TYPE 1
#define VXB_FIELD_EVENT_LINE 2
#define VXB_FIELD_EVENT_DIGIT 3
#define VXB_FIELD_EVENT_DURATION_MS 4
#define VXB_FIELD_EVENT_VALUE 5
#define VXB_FIELD_EVENT_TIME_MS_LO 6
#define VXB_FIELD_EVENT_TIME_MS_HI 7
#define VXB_FIELD_EVENT_SEQ 8

#define VXB_FIELD_CALLER_ID_NUMBER 1
#define VXB_FIELD_CALLER_ID_NAME 2
#define VXB_FIELD_CALLER_ID_PRESENTATION 3
#define VXB_FIELD_CALLER_ID_MONTH 4
#define VXB_FIELD_CALLER_ID_DAY 5
#define VXB_FIELD_CALLER_ID_HOUR 6
#define VXB_FIELD_CALLER_ID_MINUTE 7

#define VXB_FIELD_FRAME_HEADER_TIMESTAMP 1
#define VXB_FIELD_FRAME_HEADER_FLAGS 2
#define VXB_FIELD_FRAME_HEADER_LENGTH 3
#define VXB_FIELD_FRAME_HEADER_SEQ 4

#define VXB_FIELD_MEDIA_STATS_FRAMES_READ 1
#define VXB_FIELD_MEDIA_STATS_FRAMES_WRITTEN 2
#define VXB_FIELD_MEDIA_STATS_READ_OVERRUNS 3
#define VXB_FIELD_MEDIA_STATS_WRITE_UNDERRUNS 4
#define VXB_FIELD_MEDIA_STATS_WRITE_OVERFLOWS 5
#define VXB_FIELD_MEDIA_STATS_READ_QUEUED 6
#define VXB_FIELD_MEDIA_STATS_WRITE_QUEUED 7

#define VXB_FIELD_PHONE_STATE_OFF_HOOK 1
#define VXB_FIELD_PHONE_STATE_RINGING 2
#define VXB_FIELD_PHONE_STATE_FEED 3
#define VXB_FIELD_PHONE_STATE_DIALING 4
#define VXB_FIELD_PHONE_STATE_CID_COUNT 5
#define VXB_FIELD_PHONE_STATE_CID_ERRORS 6
#define VXB_FIELD_PHONE_STATE_CID_NUMBER 7
#define VXB_FIELD_PHONE_STATE_CID_NAME 8
#define VXB_FIELD_PHONE_STATE_CID_DATETIME 9

#define VXB_FIELD_HEAR_SILENCE 1
#define VXB_FIELD_HEAR_F1_HZ 2
#define VXB_FIELD_HEAR_F2_HZ 3
#define VXB_FIELD_HEAR_LEVEL_DBX10 4

/* ---- structs ------------------------------------------------------------------------------------- */

typedef struct vxb_board vxb_board_t; /* opaque */

typedef struct vxb_info
{
    int32_t abi_version;  /* VXB_ABI_VERSION of the library */
    int32_t lines;
    int32_t capabilities; /* VXB_CAP_* */
    int32_t sample_rate;  /* 8000 */
    int32_t tick_ms;      /* the board clock's period */
    char board[16];       /* "mock" */
    char region[8];       /* the region the lines were configured for at open, e.g. "us" */
} vxb_info_t;

typedef struct vxb_event
{
    int32_t type;        /* VXB_EV_* */
    int32_t line;        /* 0-based; -1 for board-wide events (FAULT: clock slip, queue overflow) */
    int32_t digit;       /* DTMF: ASCII '0'-'9', '*', '#', 'A'-'D'; else 0 */
    int32_t duration_ms; /* DTMF_UP: tone length; RING_BURST_END: burst length; FLASH: open time */
    int32_t value;       /* TONE_DONE: tone; FAX_TONE: VXB_FAX_*; FAULT: VXB_FAULT_*; RING_BURST_START: n */
    int32_t time_ms_lo;  /* board clock when it happened, ms since open: low 32 bits */
    int32_t time_ms_hi;  /* ... and high 32 bits */
    int32_t seq;         /* event number on this board, from 0 (wraps) */
} vxb_event_t;

#define VXB_CADENCE_STEPS 4

/* A cadence: steps on/off pairs played in order; steps == 0 means steady (always on). */
typedef struct vxb_cadence
{
    int32_t steps;  /* 0..VXB_CADENCE_STEPS */
    int32_t repeat; /* 1: loop forever; 0: once, then stop (a tone then reports TONE_DONE) */
    int32_t on_ms[VXB_CADENCE_STEPS];
    int32_t off_ms[VXB_CADENCE_STEPS];
} vxb_cadence_t;

typedef struct vxb_tone_def
{
    int32_t f1_hz;       /* 0 = none */
    int32_t f2_hz;       /* 0 = single frequency */
    int32_t level_dbx10; /* per component, tenths of dBm0, e.g. -130 = -13 dBm0 */
    vxb_cadence_t cadence;
} vxb_tone_def_t;

typedef struct vxb_line_config
{
    vxb_tone_def_t tones[VXB_TONE_COUNT]; /* indexed by VXB_TONE_* */
    vxb_cadence_t ring;                   /* default ring cadence */
    int32_t flash_min_ms;                 /* shorter on-hook: a glitch, ignored */
    int32_t flash_max_ms;                 /* longer on-hook: ON_HOOK */
    int32_t cid_standard;                 /* VXB_CID_* */
    int32_t tx_gain_dbx10;                /* mouthpiece -> media read */
    int32_t rx_gain_dbx10;                /* media write -> earpiece */
    char region[8];                       /* informational: the region the tones came from */
} vxb_line_config_t;

typedef struct vxb_caller_id
{
    char number[32];      /* digits, NUL-terminated; empty: absent (reason sent instead) */
    char name[32];        /* NUL-terminated; empty: absent. Sent up to 15 characters */
    int32_t presentation; /* VXB_CID_ALLOWED / PRIVATE / UNAVAILABLE */
    int32_t month;        /* date and time sent; month 0: the host's local time */
    int32_t day;
    int32_t hour;
    int32_t minute;
} vxb_caller_id_t;

typedef struct vxb_frame_header
{
    int32_t timestamp; /* 8 kHz sample clock of the frame's first sample (wraps, like RTP) */
    int32_t flags;     /* VXB_FRAME_* */
    int32_t length;    /* payload bytes */
    int32_t seq;       /* frame number since media start (wraps) */
} vxb_frame_header_t;

typedef struct vxb_media_stats
{
    int32_t frames_read;     /* mouthpiece frames handed to the reader */
    int32_t frames_written;  /* earpiece frames accepted */
    int32_t read_overruns;   /* mouthpiece frames dropped because the reader lagged */
    int32_t write_underruns; /* earpiece frame slots with nothing queued (silence played) */
    int32_t write_overflows; /* earpiece frames dropped because the writer ran ahead */
    int32_t read_queued;     /* frames waiting to be read now */
    int32_t write_queued;    /* frames waiting to be played now */
} vxb_media_stats_t;

typedef struct vxb_phone_state
{
    int32_t off_hook;   /* the emulated phone's hook switch */
    int32_t ringing;    /* its bell rings now (inside a burst) */
    int32_t feed;       /* VXB_FEED_* the board applies to the line */
    int32_t dialing;    /* digits still queued in the phone's keypad */
    int32_t cid_count;  /* caller-ID messages the phone decoded (checksum good) */
    int32_t cid_errors; /* messages it received with a bad checksum or framing */
    char cid_number[32]; /* the last decoded caller ID; empty when none */
    char cid_name[32];
    char cid_datetime[12]; /* MMDDHHMM as received */
} vxb_phone_state_t;

typedef struct vxb_hear
{
    int32_t silence;     /* 1: nothing above -50 dBm0 */
    int32_t f1_hz;       /* strongest component (lower of the two when two are reported) */
    int32_t f2_hz;       /* second component within 15 dB of the first, else 0 */
    int32_t level_dbx10; /* level of the whole window, tenths of dBm0 */
} vxb_hear_t;

/* ---- lifecycle ----------------------------------------------------------------------------------- */

VXB_API int32_t vxb_abi_version(void);
/* sizeof the struct with the given VXB_ABI_* id, or VXB_ERR_INVAL. */
VXB_API int32_t vxb_abi_sizeof(int32_t which);
/* offsetof the member VXB_FIELD_* of the struct VXB_ABI_*, or VXB_ERR_INVAL for an unknown pair. */
VXB_API int32_t vxb_abi_offsetof(int32_t which, int32_t field);

/*
 * Opens a board. uri: "mock:lines=2,region=us[,clock=manual]" (lines 1..16, region us|uk|de;
 * clock=manual: no clock thread, time moves only by vxb_mock_advance). On failure *board is NULL and,
 * when why is given, it receives a one-line reason (NUL-terminated, truncated to why_len).
 */
VXB_API int32_t vxb_open(const char *uri, vxb_board_t **board, char *why, int32_t why_len);
/* Stops the board: wakes every waiter (they get VXB_ERR_CLOSED), waits for them, frees it. */
VXB_API int32_t vxb_close(vxb_board_t *board);
VXB_API int32_t vxb_info(vxb_board_t *board, vxb_info_t *info);
/* Static text for a VXB_ERR_* code. */
VXB_API const char *vxb_strerror(int32_t code);
/* Static names for codes ("OFF_HOOK", "DIAL", "PCMU"), "?" when out of range. */
VXB_API const char *vxb_event_name(int32_t type);
VXB_API const char *vxb_tone_name(int32_t tone);
VXB_API const char *vxb_format_name(int32_t format);

/* ---- line ---------------------------------------------------------------------------------------- */

/* A region's defaults (tones, ring cadence, flash window, caller ID); no board needed. */
VXB_API int32_t vxb_region_config(const char *region, vxb_line_config_t *config);
VXB_API int32_t vxb_line_get_config(vxb_board_t *board, int32_t line, vxb_line_config_t *config);
/* Validates and applies; tones and rings started afterwards use it. */
VXB_API int32_t vxb_line_configure(vxb_board_t *board, int32_t line, const vxb_line_config_t *config);
VXB_API int32_t vxb_set_feed(vxb_board_t *board, int32_t line, int32_t feed);
/*
 * Rings the line with cadence (NULL: the line's) and caller ID (NULL: none). The board owns the timing:
 * RING_BURST_START/END events, caller ID between the first and second burst (per the line's standard).
 * Fails with VXB_ERR_OFFHOOK when the line is off-hook. Going off-hook stops ringing at once.
 */
VXB_API int32_t vxb_ring_start(vxb_board_t *board, int32_t line, const vxb_cadence_t *cadence,
                               const vxb_caller_id_t *caller_id);
VXB_API int32_t vxb_ring_stop(vxb_board_t *board, int32_t line);
/* Plays a region tone with its cadence until stopped or replaced (a non-repeating one reports TONE_DONE). */
VXB_API int32_t vxb_play_tone(vxb_board_t *board, int32_t line, int32_t tone);
VXB_API int32_t vxb_stop_tone(vxb_board_t *board, int32_t line);

/* ---- events -------------------------------------------------------------------------------------- */

/*
 * Waits up to timeout_ms (0: poll, negative: forever) for the next event.
 * Returns 1 with *event filled, 0 on timeout or vxb_wakeup, VXB_ERR_CLOSED when the board closes.
 */
VXB_API int32_t vxb_event_wait(vxb_board_t *board, vxb_event_t *event, int32_t timeout_ms);
/* Makes the current (or, if none is waiting, the next) vxb_event_wait return 0 at once. */
VXB_API int32_t vxb_wakeup(vxb_board_t *board);

/* ---- media --------------------------------------------------------------------------------------- */

/* Starts (or restarts, emptying the queues) the line's frames: format VXB_FMT_*, ptime 10, 20 or 30 ms. */
VXB_API int32_t vxb_media_start(vxb_board_t *board, int32_t line, int32_t format, int32_t ptime_ms);
VXB_API int32_t vxb_media_stop(vxb_board_t *board, int32_t line);
/* Bytes in one frame of the line's started media, or VXB_ERR_STATE. */
VXB_API int32_t vxb_media_frame_bytes(vxb_board_t *board, int32_t line);
/*
 * Non-blocking: copies the oldest mouthpiece frame into buf (capacity cap) and its header into *header
 * (may be NULL). Returns the frame length, 0 when none is ready. Frames are produced on the board clock,
 * one per ptime; a reader that lags loses the oldest (counted, and flagged VXB_FRAME_GAP).
 */
VXB_API int32_t vxb_media_read(vxb_board_t *board, int32_t line, vxb_frame_header_t *header, void *buf,
                               int32_t cap);
/*
 * Queues one earpiece frame of exactly one frame's length (header may be NULL). The board plays one per
 * ptime, mixed with the line's tone; nothing queued plays silence. A writer running ahead loses the oldest.
 */
VXB_API int32_t vxb_media_write(vxb_board_t *board, int32_t line, const vxb_frame_header_t *header,
                                const void *buf, int32_t len);
VXB_API int32_t vxb_media_stats(vxb_board_t *board, int32_t line, vxb_media_stats_t *stats);

/* ---- the emulated phones (mock board only; real boards return VXB_ERR_UNSUPPORTED) ---------------- */

/* Moves a clock=manual board's time on by ms (processed in ticks; a remainder carries over). */
VXB_API int32_t vxb_mock_advance(vxb_board_t *board, int32_t ms);
/* Lifts (1) or replaces (0) the handset. */
VXB_API int32_t vxb_mock_hook(vxb_board_t *board, int32_t line, int32_t off_hook);
/* A hook flash: on-hook for the middle of the line's flash window, then off-hook again. */
VXB_API int32_t vxb_mock_flash(vxb_board_t *board, int32_t line);
/* Digits the emulated keypad holds per line (queued and not yet sent). */
#define VXB_MOCK_DIAL_MAX 64
/*
 * Keys digits (0-9 * # A-D) as DTMF audio into the mouthpiece: on_ms of tone, then off_ms of silence.
 * VXB_ERR_BUFFER when they do not fit beside those still queued (VXB_MOCK_DIAL_MAX in all).
 */
VXB_API int32_t vxb_mock_dial(vxb_board_t *board, int32_t line, const char *digits, int32_t on_ms,
                              int32_t off_ms);
/* Speaks a steady sine of hz (50..3900) at level_dbx10 into the mouthpiece; hz 0 stops. */
VXB_API int32_t vxb_mock_speak_tone(vxb_board_t *board, int32_t line, int32_t hz, int32_t level_dbx10);
/* Queues PCM (8 kHz linear) to be spoken into the mouthpiece after what is queued (up to 2 s). */
VXB_API int32_t vxb_mock_speak(vxb_board_t *board, int32_t line, const int16_t *pcm, int32_t count);
/* Copies the last min(count, 8000) samples the earpiece carried (oldest first); returns how many. */
VXB_API int32_t vxb_mock_listen(vxb_board_t *board, int32_t line, int16_t *pcm, int32_t count);
/*
 * What the earpiece carried in the last window_ms (20..1000): silence, or the one or two strongest
 * components (to +-10 Hz; two are reported in ascending order) and the window's level. The receiver hears
 * nothing while the phone is on-hook.
 */
VXB_API int32_t vxb_mock_hear(vxb_board_t *board, int32_t line, int32_t window_ms, vxb_hear_t *hear);
VXB_API int32_t vxb_mock_phone_state(vxb_board_t *board, int32_t line, vxb_phone_state_t *state);
/* Injects a line fault (VXB_FAULT_THERMAL, VXB_FAULT_GROUND) reported as a FAULT event. */
VXB_API int32_t vxb_mock_fault(vxb_board_t *board, int32_t line, int32_t fault);

#ifdef __cplusplus
}
#endif

#endif /* VXB_H */
