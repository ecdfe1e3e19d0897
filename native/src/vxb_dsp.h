/*
 * The shared soft-DSP of every board backend: G.711, levels, oscillators and cadences, the region table,
 * a Goertzel DTMF/fax-tone detector, a spectrum "ear", and Bell 202 FSK caller ID (both ends).
 * Internal: not exported from libvxb (the C tests link the static copy).
 */
#ifndef VXB_DSP_H
#define VXB_DSP_H

#include <stddef.h>
#include <stdint.h>

#include "vxb.h"

#define VXB_FS 8000
/* RMS of a 0 dBm0 sine in 16-bit linear (3.17 dB below a full-scale mu-law sine). */
#define VXB_DBM0_RMS 16069.0

/* ---- levels and G.711 ---- */

double vxb_dbm0_to_peak(double dbm0);
double vxb_rms_dbm0(const int16_t *x, int n);
int16_t vxb_clip16(double v);
uint8_t vxb_linear_to_ulaw(int16_t pcm);
int16_t vxb_ulaw_to_linear(uint8_t u);
uint8_t vxb_linear_to_alaw(int16_t pcm);
int16_t vxb_alaw_to_linear(uint8_t a);
/* bytes per sample of a VXB_FMT_*, 0 if unknown */
int vxb_format_sample_bytes(int32_t format);
void vxb_encode(int32_t format, const int16_t *pcm, int n, uint8_t *out);
void vxb_decode(int32_t format, const uint8_t *in, int n, int16_t *pcm);

/* ---- oscillator ---- */

typedef struct vxb_osc
{
    double phase; /* radians */
    double step;
    double peak;
} vxb_osc_t;

void vxb_osc_init(vxb_osc_t *o, double hz, double peak);
double vxb_osc_next(vxb_osc_t *o);

/* ---- cadence runner: walks a vxb_cadence_t one sample at a time ---- */

#define VXB_CAD_EDGE_ON 1
#define VXB_CAD_EDGE_OFF 2
#define VXB_CAD_DONE 4

typedef struct vxb_cadence_run
{
    vxb_cadence_t cad;
    int step;          /* current on/off pair */
    int on;            /* 1 while in an on period */
    int32_t remaining; /* samples left in the current period */
    int done;
    int started;
} vxb_cadence_run_t;

void vxb_cadence_start(vxb_cadence_run_t *r, const vxb_cadence_t *c);
/* Advances one sample; returns edges (VXB_CAD_*) that happen at this sample; *on = state for it. */
int vxb_cadence_next(vxb_cadence_run_t *r, int *on);
int vxb_cadence_valid(const vxb_cadence_t *c);
/* Length in ms of on period `step` (for RING_BURST_END). */
int32_t vxb_cadence_on_ms(const vxb_cadence_t *c, int step);

/* ---- tone generator (region tones) ---- */

typedef struct vxb_tonegen
{
    int active;
    int32_t tone;
    vxb_osc_t o1, o2;
    int two;
    vxb_cadence_run_t run;
} vxb_tonegen_t;

void vxb_tonegen_start(vxb_tonegen_t *g, int32_t tone, const vxb_tone_def_t *def);
void vxb_tonegen_stop(vxb_tonegen_t *g);
/* One sample; *done set to 1 when a non-repeating tone ends at this sample. */
double vxb_tonegen_next(vxb_tonegen_t *g, int *done);

/* ---- region table ---- */

int vxb_region_lookup(const char *region, vxb_line_config_t *cfg);
int vxb_line_config_valid(const vxb_line_config_t *cfg, const char **why);

/* ---- DTMF ---- */

/* Row and column frequency of a digit (0-9 * # A-D, a-d); 0 if not a DTMF digit. */
int vxb_dtmf_freqs(char digit, int *row_hz, int *col_hz);

#define VXB_DTMF_BLOCK 205
#define VXB_DTMF_HOP 102 /* two banks of blocks, half a block apart: a decision every 12.8 ms */

#define VXB_DET_DOWN 1
#define VXB_DET_UP 2
#define VXB_DET_FAX 4

typedef struct vxb_dtmf_det
{
    int n[2];                /* samples in each bank's current block (bank 1 starts half a block late) */
    double s1[2][10], s2[2][10]; /* Goertzel state: 8 DTMF + 1100 + 2100 Hz */
    double energy[2];
    double coef[10];
    char last;               /* digit of the previous block, 0 none */
    char down;               /* digit reported down, 0 none */
    int hits;                /* blocks the down digit was present */
    int cng_blocks, ced_blocks;
} vxb_dtmf_det_t;

typedef struct vxb_det_result
{
    char up_digit;    /* VXB_DET_UP: the digit released */
    int32_t up_ms;    /* VXB_DET_UP: how long it was present */
    char down_digit;  /* VXB_DET_DOWN: the digit pressed */
    int32_t fax;      /* VXB_DET_FAX: VXB_FAX_* */
} vxb_det_result_t;

void vxb_dtmf_det_reset(vxb_dtmf_det_t *d);
/* Feeds one sample; at a block end returns VXB_DET_* flags (0 otherwise). UP happens before DOWN. */
int vxb_dtmf_det_feed(vxb_dtmf_det_t *d, double x, vxb_det_result_t *r);
/* Ends a press in progress (the loop opened): returns VXB_DET_UP with r filled, or 0. */
int vxb_dtmf_det_flush(vxb_dtmf_det_t *d, vxb_det_result_t *r);
/* Classifies one block of VXB_DTMF_BLOCK samples (exposed for tests): digit or 0. */
char vxb_dtmf_classify_block(const double *x);

/* ---- the ear: strongest components of a window ---- */

int vxb_analyze(const int16_t *x, int n, vxb_hear_t *out);

/* ---- Bell 202 FSK caller ID ---- */

#define VXB_CID_MSG_MAX 96

/* Builds a Bellcore MDMF message (type, length, parameters, checksum); returns its length. */
int vxb_cid_build_mdmf(const vxb_caller_id_t *cid, uint8_t *out, int cap);
/* Parses an MDMF or SDMF message; 0 if the checksum and layout are good, negative otherwise. */
int vxb_cid_parse(const uint8_t *msg, int n, char *number, size_t number_cap, char *name, size_t name_cap,
                  char *datetime, size_t datetime_cap);

/* The transmission: channel seizure, mark period, each byte framed (start, 8 data, stop), trailing marks. */
#define VXB_FSK_SEIZURE_BITS 300
#define VXB_FSK_MARK_BITS 180
#define VXB_FSK_BITS_PER_BYTE 10
#define VXB_FSK_TRAIL_BITS 10
/* Room for the longest message: sized from VXB_CID_MSG_MAX, so no message that is accepted is cut. */
#define VXB_FSK_MAX_BITS                                                                                     \
    (VXB_FSK_SEIZURE_BITS + VXB_FSK_MARK_BITS + VXB_FSK_BITS_PER_BYTE * VXB_CID_MSG_MAX + VXB_FSK_TRAIL_BITS)

typedef struct vxb_fsk_tx
{
    uint8_t bits[VXB_FSK_MAX_BITS]; /* one bit per byte: seizure, marks, framed bytes, trailing marks */
    int nbits;
    int64_t sample;     /* samples sent so far */
    double phase;
    double peak;
    int active;
} vxb_fsk_tx_t;

/*
 * Prepares seizure (300 alternating bits), 180 marks, the framed message, and trailing marks. Returns 0,
 * or VXB_ERR_INVAL for a message longer than VXB_CID_MSG_MAX (or negative): then nothing is sent.
 */
int vxb_fsk_tx_start(vxb_fsk_tx_t *t, const uint8_t *msg, int n, double dbm0);
/* One sample; sets active = 0 after the last. */
double vxb_fsk_tx_next(vxb_fsk_tx_t *t);
/* Samples the whole transmission lasts. */
int64_t vxb_fsk_tx_samples(const vxb_fsk_tx_t *t);

typedef struct vxb_fsk_rx
{
    double hist[8];       /* the last samples, for the one-bit correlators */
    double mark_c[7], mark_s[7], space_c[7], space_s[7];
    int hpos;
    int prev_bit;
    int64_t n;            /* samples seen */
    int64_t mark_run;     /* consecutive mark samples with carrier */
    int in_byte;          /* UART: 1 while sampling a character */
    double next_sample;   /* UART: sample index of the next bit's middle */
    int bitno;
    int shift;
    int armed;            /* saw the mark period: the next byte starts a message */
    uint8_t msg[VXB_CID_MSG_MAX + 4];
    int msg_len;
    int msg_need;         /* total bytes expected, 0 unknown */
} vxb_fsk_rx_t;

void vxb_fsk_rx_reset(vxb_fsk_rx_t *r);
/*
 * Demodulates one sample. Returns 1 when a whole message (type, length, body, checksum) was received
 * (its bytes are r->msg[0..msg_len), to check with vxb_cid_parse), -1 when one broke off, else 0.
 */
int vxb_fsk_rx_feed(vxb_fsk_rx_t *r, double x);

#endif /* VXB_DSP_H */
