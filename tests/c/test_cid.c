/* Caller ID: the Bellcore MDMF message, the Bell 202 modem both ways, and the whole path: ring with
 * caller ID, FSK between the first and second burst, decoded by the emulated phone. */
#include <math.h>

#include "vxb_dsp.h"
#include "vxb_test.h"

static vxb_caller_id_t cid(const char *number, const char *name, int32_t presentation)
{
    vxb_caller_id_t c;
    memset(&c, 0, sizeof(c));
    strncpy(c.number, number, sizeof(c.number) - 1);
    strncpy(c.name, name, sizeof(c.name) - 1);
    c.presentation = presentation;
    c.month = 3;
    c.day = 14;
    c.hour = 9;
    c.minute = 26;
    return c;
}

static void message(void)
{
    vxb_caller_id_t c = cid("5551234567", "ALICE SMITH", VXB_CID_ALLOWED);
    uint8_t msg[VXB_CID_MSG_MAX];
    int n = vxb_cid_build_mdmf(&c, msg, sizeof(msg));
    /* 80 len | 01 08 "03140926" | 02 0A "5551234567" | 07 0B "ALICE SMITH" | checksum */
    CHECK(n == 2 + 10 + 12 + 13 + 1, "length %d", n);
    CHECK(msg[0] == 0x80 && msg[1] == n - 3 && msg[2] == 0x01 && msg[3] == 8 && memcmp(msg + 4, "03140926", 8) == 0,
          "header and date");
    unsigned sum = 0;
    for (int i = 0; i < n; i++)
    {
        sum += msg[i];
    }
    CHECK((sum & 0xFF) == 0, "checksum makes the sum 0");
    char number[32], name[32], when[12];
    CHECK(vxb_cid_parse(msg, n, number, sizeof(number), name, sizeof(name), when, sizeof(when)) == 0, "parses");
    CHECK(strcmp(number, "5551234567") == 0 && strcmp(name, "ALICE SMITH") == 0 && strcmp(when, "03140926") == 0,
          "fields %s %s %s", number, name, when);
    msg[10] ^= 0x04;
    CHECK(vxb_cid_parse(msg, n, number, sizeof(number), name, sizeof(name), when, sizeof(when)) != 0,
          "a flipped bit fails the checksum");

    c = cid("", "", VXB_CID_PRIVATE);
    n = vxb_cid_build_mdmf(&c, msg, sizeof(msg));
    CHECK(n == 2 + 10 + 3 + 3 + 1 && msg[12] == 0x04 && msg[14] == 'P' && msg[15] == 0x08, "private: reasons");
    c = cid("123", "A NAME LONGER THAN FIFTEEN", VXB_CID_ALLOWED);
    n = vxb_cid_build_mdmf(&c, msg, sizeof(msg));
    CHECK(vxb_cid_parse(msg, n, number, sizeof(number), name, sizeof(name), when, sizeof(when)) == 0 &&
              strcmp(name, "A NAME LONGER T") == 0,
          "name cut to 15: %s", name);
    c.month = 13;
    CHECK(vxb_cid_build_mdmf(&c, msg, sizeof(msg)) == VXB_ERR_INVAL, "month 13");
}

/* Modulates a message and demodulates it, with a level change and optional noise. */
static int loopback(double dbm0, double noise_rms, double gain)
{
    vxb_caller_id_t c = cid("2015550123", "BOB", VXB_CID_ALLOWED);
    uint8_t msg[VXB_CID_MSG_MAX];
    int n = vxb_cid_build_mdmf(&c, msg, sizeof(msg));
    vxb_fsk_tx_t tx;
    vxb_fsk_tx_start(&tx, msg, n, dbm0);
    vxb_fsk_rx_t rx;
    vxb_fsk_rx_reset(&rx);
    unsigned seed = 12345;
    int result = 0;
    for (int i = 0; i < 800 + (int)vxb_fsk_tx_samples(&tx) + 800; i++)
    {
        double v = i >= 800 ? vxb_fsk_tx_next(&tx) * gain : 0.0;
        /* cheap uniform noise with the given rms */
        seed = seed * 1103515245u + 12345u;
        v += noise_rms * 1.732 * (((seed >> 8) & 0xFFFF) / 32768.0 - 1.0);
        int r = vxb_fsk_rx_feed(&rx, v);
        if (r != 0 && result == 0)
        {
            result = r;
        }
    }
    if (result != 1)
    {
        return 0;
    }
    char number[32], name[32], when[12];
    return vxb_cid_parse(rx.msg, rx.msg_len, number, sizeof(number), name, sizeof(name), when, sizeof(when)) == 0 &&
           strcmp(number, "2015550123") == 0 && strcmp(name, "BOB") == 0;
}

static void modem(void)
{
    CHECK(loopback(-13.5, 0.0, 1.0), "clean");
    CHECK(loopback(-13.5, 0.0, 0.1), "20 dB quieter");
    CHECK(loopback(-13.5, 300.0, 1.0), "with noise 25 dB down");
}

/* The longest message the receiver takes (VXB_CID_MSG_MAX bytes) goes through the modem whole. */
static void longest_message(void)
{
    uint8_t msg[VXB_CID_MSG_MAX];
    int at = 0;
    msg[at++] = 0x80;
    msg[at++] = VXB_CID_MSG_MAX - 3;
    const char *params[] = {"03140926", "20155501239876543210", "A NAME FIFTEEN!"};
    const int types[] = {0x01, 0x02, 0x07};
    for (int p = 0; p < 3; p++)
    {
        msg[at++] = (uint8_t)types[p];
        msg[at++] = (uint8_t)strlen(params[p]);
        memcpy(msg + at, params[p], strlen(params[p]));
        at += (int)strlen(params[p]);
    }
    /* a parameter the phone ignores fills the rest, up to the checksum */
    int filler = VXB_CID_MSG_MAX - 1 - at - 2;
    msg[at++] = 0x0B;
    msg[at++] = (uint8_t)filler;
    for (int i = 0; i < filler; i++)
    {
        msg[at++] = (uint8_t)(0x30 + i % 10);
    }
    unsigned sum = 0;
    for (int i = 0; i < at; i++)
    {
        sum += msg[i];
    }
    msg[at] = (uint8_t)(0x100 - (sum & 0xFF));
    int n = at + 1;
    CHECK(n == VXB_CID_MSG_MAX, "built %d bytes", n);
    char number[32], name[32], when[12];
    CHECK(vxb_cid_parse(msg, n, number, sizeof(number), name, sizeof(name), when, sizeof(when)) == 0, "well formed");

    vxb_fsk_tx_t *tx = calloc(1, sizeof(*tx));
    CHECK(vxb_fsk_tx_start(tx, msg, n, -13.5) == 0, "accepted");
    CHECK(tx->nbits == 300 + 180 + 10 * n + 10, "every bit queued: %d of %d", tx->nbits, 300 + 180 + 10 * n + 10);
    vxb_fsk_rx_t rx;
    vxb_fsk_rx_reset(&rx);
    int result = 0;
    for (int i = 0; i < 800 + (int)vxb_fsk_tx_samples(tx) + 800; i++)
    {
        int r = vxb_fsk_rx_feed(&rx, i >= 800 ? vxb_fsk_tx_next(tx) : 0.0);
        if (r != 0 && result == 0)
        {
            result = r;
        }
    }
    CHECK(result == 1 && rx.msg_len == n && memcmp(rx.msg, msg, (size_t)n) == 0, "received whole: result %d, %d bytes",
          result, rx.msg_len);
    CHECK(vxb_cid_parse(rx.msg, rx.msg_len, number, sizeof(number), name, sizeof(name), when, sizeof(when)) == 0 &&
              strcmp(number, "20155501239876543210") == 0 && strcmp(name, "A NAME FIFTEEN!") == 0,
          "the phone shows %s %s", number, name);

    uint8_t longer[VXB_CID_MSG_MAX + 1];
    memset(longer, 0x55, sizeof(longer));
    CHECK(vxb_fsk_tx_start(tx, longer, (int)sizeof(longer), -13.5) == VXB_ERR_INVAL && !tx->active && tx->nbits == 0,
          "a longer message is refused, not cut");
    CHECK(vxb_fsk_tx_start(tx, msg, -1, -13.5) == VXB_ERR_INVAL, "a negative length");
    free(tx);
}

static void on_the_line(void)
{
    vxb_board_t *b = open_board("mock:lines=2,region=us,clock=manual");
    vxb_caller_id_t c = cid("5551234", "ALICE", VXB_CID_ALLOWED);
    evlog_t *log = calloc(1, sizeof(*log));
    OK(vxb_ring_start(b, 1, NULL, &c));
    vxb_phone_state_t st;
    run(b, 2400, log); /* first burst done, caller ID not yet sent */
    OK(vxb_mock_phone_state(b, 1, &st));
    CHECK(st.cid_count == 0 && st.cid_number[0] == 0, "nothing before the data is sent");
    run(b, 3000, log); /* 5.4 s: well after the message, before the second burst */
    OK(vxb_mock_phone_state(b, 1, &st));
    CHECK(st.cid_count == 1 && st.cid_errors == 0, "one message decoded (%d, %d errors)", st.cid_count, st.cid_errors);
    CHECK(strcmp(st.cid_number, "5551234") == 0 && strcmp(st.cid_name, "ALICE") == 0 &&
              strcmp(st.cid_datetime, "03140926") == 0,
          "the phone shows %s %s %s", st.cid_number, st.cid_name, st.cid_datetime);
    CHECK(count_type(log, VXB_EV_RING_BURST_START) == 1 && count_type(log, VXB_EV_RING_BURST_END) == 1,
          "the ring events are unchanged");
    /* the line 0 phone saw nothing */
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.cid_count == 0, "other line");
    OK(vxb_ring_stop(b, 1));

    /* answered before the data: nothing is delivered, and the phone does not pretend it was */
    OK(vxb_ring_start(b, 0, NULL, &c));
    run(b, 2300, NULL);
    OK(vxb_mock_hook(b, 0, 1));
    run(b, 3000, NULL);
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.cid_count == 0 && st.cid_number[0] == 0, "tripped before the caller ID");
    OK(vxb_mock_hook(b, 0, 0));
    run(b, 1000, NULL);

    /* a cadence with no room for the data: not sent */
    vxb_cadence_t short_gap = {1, 1, {1000}, {1000}};
    OK(vxb_ring_start(b, 0, &short_gap, &c));
    run(b, 6000, NULL);
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.cid_count == 0, "no room between bursts: no caller ID");
    OK(vxb_ring_stop(b, 0));

    /* no caller ID given: nothing sent */
    OK(vxb_ring_start(b, 0, NULL, NULL));
    run(b, 6000, NULL);
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.cid_count == 0 && st.cid_errors == 0, "no caller ID given");
    OK(vxb_ring_stop(b, 0));

    /* private number */
    vxb_caller_id_t p = cid("", "", VXB_CID_PRIVATE);
    OK(vxb_ring_start(b, 0, NULL, &p));
    run(b, 6000, NULL);
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.cid_count == 1 && st.cid_number[0] == 0 && st.cid_name[0] == 0, "private: decoded, no number");
    free(log);
    vxb_close(b);

    /* a region without Bellcore caller ID does not send it */
    b = open_board("mock:lines=1,region=de,clock=manual");
    OK(vxb_ring_start(b, 0, NULL, &c));
    run(b, 6000, NULL);
    OK(vxb_mock_phone_state(b, 0, &st));
    CHECK(st.cid_count == 0, "de: none");
    vxb_close(b);
}

int main(void)
{
    message();
    modem();
    longest_message();
    on_the_line();
    TEST_DONE();
}
