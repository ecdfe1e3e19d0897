/*
 * Bellcore (Telcordia GR-30) caller ID: the MDMF message, and Bell 202 FSK (mark 1200 Hz, space 2200 Hz,
 * 1200 bit/s) to send it and to receive it. The transmitter sends the channel seizure (300 alternating
 * bits), 180 mark bits, then each byte as start bit, 8 data bits LSB first, stop bit. The receiver (the
 * emulated phone's) correlates the last bit's worth of samples against both tones, gates on carrier,
 * and runs a UART clocked from each start-bit edge; a long mark run arms it for a message.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "vxb_dsp.h"

#define TWO_PI 6.283185307179586
#define MARK_HZ 1200.0
#define SPACE_HZ 2200.0
#define BAUD 1200.0
#define SAMPLES_PER_BIT (VXB_FS / BAUD)
#define CARRIER_MIN 1.0e6  /* correlator power of about -40 dBm0 */
#define ARM_MARK_BITS 75   /* of the 180 sent */

_Static_assert(VXB_FSK_BITS_PER_BYTE == 1 + 8 + 1, "a framed byte is start, 8 data bits, stop");
_Static_assert(sizeof(((vxb_fsk_tx_t *)0)->bits) >= VXB_FSK_SEIZURE_BITS + VXB_FSK_MARK_BITS +
                                                      VXB_FSK_BITS_PER_BYTE * VXB_CID_MSG_MAX + VXB_FSK_TRAIL_BITS,
               "the transmitter holds the longest caller-ID message");

static int put_param(uint8_t *out, int cap, int at, int type, const char *text, int max)
{
    int n = (int)strnlen(text, (size_t)max);
    if (at + 2 + n > cap)
    {
        return -1;
    }
    out[at] = (uint8_t)type;
    out[at + 1] = (uint8_t)n;
    memcpy(out + at + 2, text, (size_t)n);
    return at + 2 + n;
}

int vxb_cid_build_mdmf(const vxb_caller_id_t *cid, uint8_t *out, int cap)
{
    char when[9];
    int month = cid->month, day = cid->day, hour = cid->hour, minute = cid->minute;
    if (month == 0)
    {
        time_t now = time(NULL);
        struct tm tm;
        localtime_r(&now, &tm);
        month = tm.tm_mon + 1;
        day = tm.tm_mday;
        hour = tm.tm_hour;
        minute = tm.tm_min;
    }
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    {
        return VXB_ERR_INVAL;
    }
    when[0] = (char)('0' + month / 10);
    when[1] = (char)('0' + month % 10);
    when[2] = (char)('0' + day / 10);
    when[3] = (char)('0' + day % 10);
    when[4] = (char)('0' + hour / 10);
    when[5] = (char)('0' + hour % 10);
    when[6] = (char)('0' + minute / 10);
    when[7] = (char)('0' + minute % 10);
    when[8] = 0;

    char number[sizeof(cid->number) + 1];
    char name[sizeof(cid->name) + 1];
    memcpy(number, cid->number, sizeof(cid->number));
    number[sizeof(cid->number)] = 0;
    memcpy(name, cid->name, sizeof(cid->name));
    name[sizeof(cid->name)] = 0;
    const char *reason = cid->presentation == VXB_CID_PRIVATE ? "P" : "O";

    int at = 2;
    at = put_param(out, cap, at, 0x01, when, 8);
    if (at >= 0)
    {
        at = (cid->presentation == VXB_CID_ALLOWED && number[0] != 0) ? put_param(out, cap, at, 0x02, number, 20)
                                                                      : put_param(out, cap, at, 0x04, reason, 1);
    }
    if (at >= 0)
    {
        at = (cid->presentation == VXB_CID_ALLOWED && name[0] != 0) ? put_param(out, cap, at, 0x07, name, 15)
                                                                    : put_param(out, cap, at, 0x08, reason, 1);
    }
    if (at < 0 || at + 1 > cap)
    {
        return VXB_ERR_BUFFER;
    }
    out[0] = 0x80;
    out[1] = (uint8_t)(at - 2);
    unsigned sum = 0;
    for (int i = 0; i < at; i++)
    {
        sum += out[i];
    }
    out[at] = (uint8_t)(0x100 - (sum & 0xFF));
    return at + 1;
}

static void copy_field(char *dst, size_t cap, const uint8_t *src, int n)
{
    if (cap == 0)
    {
        return;
    }
    size_t len = (size_t)n < cap - 1 ? (size_t)n : cap - 1;
    memcpy(dst, src, len);
    dst[len] = 0;
}

int vxb_cid_parse(const uint8_t *msg, int n, char *number, size_t number_cap, char *name, size_t name_cap,
                  char *datetime, size_t datetime_cap)
{
    copy_field(number, number_cap, msg, 0);
    copy_field(name, name_cap, msg, 0);
    copy_field(datetime, datetime_cap, msg, 0);
    if (n < 3 || msg[1] + 3 != n)
    {
        return VXB_ERR_FRAME;
    }
    unsigned sum = 0;
    for (int i = 0; i < n; i++)
    {
        sum += msg[i];
    }
    if ((sum & 0xFF) != 0)
    {
        return VXB_ERR_FRAME;
    }
    const uint8_t *body = msg + 2;
    int len = msg[1];
    if (msg[0] == 0x04) /* SDMF: MMDDHHMM then the number */
    {
        if (len < 8)
        {
            return VXB_ERR_FRAME;
        }
        copy_field(datetime, datetime_cap, body, 8);
        copy_field(number, number_cap, body + 8, len - 8);
        return 0;
    }
    if (msg[0] != 0x80)
    {
        return VXB_ERR_FRAME;
    }
    for (int at = 0; at < len;)
    {
        if (at + 2 > len || at + 2 + body[at + 1] > len)
        {
            return VXB_ERR_FRAME;
        }
        int type = body[at];
        int plen = body[at + 1];
        const uint8_t *value = body + at + 2;
        switch (type)
        {
        case 0x01:
            copy_field(datetime, datetime_cap, value, plen);
            break;
        case 0x02:
            copy_field(number, number_cap, value, plen);
            break;
        case 0x07:
            copy_field(name, name_cap, value, plen);
            break;
        default: /* absence reasons and parameters a phone may ignore */
            break;
        }
        at += 2 + plen;
    }
    return 0;
}

int vxb_fsk_tx_start(vxb_fsk_tx_t *t, const uint8_t *msg, int n, double dbm0)
{
    memset(t, 0, sizeof(*t));
    if (n < 0 || n > VXB_CID_MSG_MAX)
    {
        return VXB_ERR_INVAL; /* longer than bits[] was sized for: refused, never cut */
    }
    int nb = 0;
    for (int i = 0; i < VXB_FSK_SEIZURE_BITS; i++)
    {
        t->bits[nb++] = (uint8_t)(i & 1);
    }
    for (int i = 0; i < VXB_FSK_MARK_BITS; i++)
    {
        t->bits[nb++] = 1;
    }
    for (int b = 0; b < n; b++)
    {
        t->bits[nb++] = 0;
        for (int i = 0; i < 8; i++)
        {
            t->bits[nb++] = (uint8_t)((msg[b] >> i) & 1);
        }
        t->bits[nb++] = 1;
    }
    for (int i = 0; i < VXB_FSK_TRAIL_BITS; i++)
    {
        t->bits[nb++] = 1;
    }
    t->nbits = nb;
    t->peak = vxb_dbm0_to_peak(dbm0);
    t->active = 1;
    return 0;
}

int64_t vxb_fsk_tx_samples(const vxb_fsk_tx_t *t)
{
    return (int64_t)ceil(t->nbits * SAMPLES_PER_BIT);
}

double vxb_fsk_tx_next(vxb_fsk_tx_t *t)
{
    if (!t->active)
    {
        return 0.0;
    }
    int64_t bit = t->sample * 3 / 20; /* 1200 / 8000 */
    if (bit >= t->nbits)
    {
        t->active = 0;
        return 0.0;
    }
    t->sample++;
    double v = t->peak * sin(t->phase);
    t->phase += TWO_PI * (t->bits[bit] ? MARK_HZ : SPACE_HZ) / VXB_FS;
    if (t->phase >= TWO_PI)
    {
        t->phase -= TWO_PI;
    }
    return v;
}

void vxb_fsk_rx_reset(vxb_fsk_rx_t *r)
{
    memset(r, 0, sizeof(*r));
    for (int k = 0; k < 7; k++)
    {
        r->mark_c[k] = cos(TWO_PI * MARK_HZ * k / VXB_FS);
        r->mark_s[k] = sin(TWO_PI * MARK_HZ * k / VXB_FS);
        r->space_c[k] = cos(TWO_PI * SPACE_HZ * k / VXB_FS);
        r->space_s[k] = sin(TWO_PI * SPACE_HZ * k / VXB_FS);
    }
    r->prev_bit = 1;
}

static int broken(vxb_fsk_rx_t *r)
{
    int had = r->msg_len > 0;
    r->msg_len = 0;
    r->msg_need = 0;
    r->armed = 0;
    return had ? -1 : 0;
}

static int on_byte(vxb_fsk_rx_t *r, int b)
{
    if (!r->armed)
    {
        return 0; /* seizure and noise before the mark period */
    }
    if (r->msg_len >= (int)sizeof(r->msg))
    {
        return broken(r);
    }
    r->msg[r->msg_len++] = (uint8_t)b;
    if (r->msg_len == 2)
    {
        r->msg_need = 2 + r->msg[1] + 1;
        if (r->msg_need > (int)sizeof(r->msg))
        {
            return broken(r);
        }
    }
    if (r->msg_need > 0 && r->msg_len == r->msg_need)
    {
        r->armed = 0;
        r->msg_need = 0;
        return 1; /* msg_len stays until the next message starts */
    }
    return 0;
}

int vxb_fsk_rx_feed(vxb_fsk_rx_t *r, double x)
{
    r->hist[r->hpos] = x;
    double mr = 0, mi = 0, sr = 0, si = 0;
    for (int k = 0; k < 7; k++)
    {
        double v = r->hist[(r->hpos - k + 8) & 7];
        mr += v * r->mark_c[k];
        mi -= v * r->mark_s[k];
        sr += v * r->space_c[k];
        si -= v * r->space_s[k];
    }
    r->hpos = (r->hpos + 1) & 7;
    double mark = mr * mr + mi * mi;
    double space = sr * sr + si * si;
    int64_t n = r->n++;
    int result = 0;

    if (mark + space < CARRIER_MIN)
    {
        r->mark_run = 0;
        r->in_byte = 0;
        r->prev_bit = 1;
        return (r->armed || r->msg_need > 0) ? broken(r) : 0;
    }
    int bit = mark > space;
    if (!r->in_byte)
    {
        if (bit)
        {
            if (++r->mark_run >= (int64_t)(ARM_MARK_BITS * SAMPLES_PER_BIT))
            {
                if (r->msg_need > 0)
                {
                    result = broken(r);
                }
                if (!r->armed)
                {
                    r->armed = 1;
                    r->msg_len = 0;
                }
            }
        }
        else if (r->prev_bit)
        {
            r->in_byte = 1;
            r->bitno = 0;
            r->shift = 0;
            r->next_sample = (double)n + 0.5 * SAMPLES_PER_BIT;
            r->mark_run = 0;
        }
    }
    else if ((double)n >= r->next_sample)
    {
        if (r->bitno == 0)
        {
            if (bit)
            {
                r->in_byte = 0; /* a glitch, not a start bit */
            }
        }
        else if (r->bitno <= 8)
        {
            r->shift |= bit << (r->bitno - 1);
        }
        else
        {
            r->in_byte = 0;
            if (bit)
            {
                result = on_byte(r, r->shift);
            }
            else if (r->msg_need > 0 || r->msg_len > 0)
            {
                result = r->armed ? broken(r) : 0; /* framing error inside a message */
            }
        }
        r->bitno++;
        r->next_sample += SAMPLES_PER_BIT;
    }
    r->prev_bit = bit;
    return result;
}
