/* A small harness for the libvxb C tests: checks that count failures, and helpers for manual-clock boards. */
#ifndef VXB_TEST_H
#define VXB_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vxb.h"

static int test_failures;

#define CHECK(cond, ...)                                                                                     \
    do                                                                                                       \
    {                                                                                                        \
        if (!(cond))                                                                                         \
        {                                                                                                    \
            test_failures++;                                                                                 \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);                         \
            fprintf(stderr, __VA_ARGS__);                                                                    \
            fputc('\n', stderr);                                                                             \
        }                                                                                                    \
    } while (0)

#define OK(expr)                                                                                             \
    do                                                                                                       \
    {                                                                                                        \
        int32_t rc_ = (expr);                                                                                \
        if (rc_ < 0)                                                                                         \
        {                                                                                                    \
            test_failures++;                                                                                 \
            fprintf(stderr, "%s:%d: %s -> %d (%s)\n", __FILE__, __LINE__, #expr, rc_, vxb_strerror(rc_));    \
        }                                                                                                    \
    } while (0)

#define TEST_DONE()                                                                                          \
    do                                                                                                       \
    {                                                                                                        \
        if (test_failures)                                                                                   \
        {                                                                                                    \
            fprintf(stderr, "%d check(s) failed\n", test_failures);                                          \
            return 1;                                                                                        \
        }                                                                                                    \
        puts("ok");                                                                                          \
        return 0;                                                                                            \
    } while (0)

#define MAX_EVENTS 4096
#define PI 3.14159265358979323846

typedef struct evlog
{
    vxb_event_t ev[MAX_EVENTS];
    int n;
} evlog_t;

static inline vxb_board_t *open_board(const char *uri)
{
    vxb_board_t *b = NULL;
    char why[160] = "";
    int32_t rc = vxb_open(uri, &b, why, sizeof(why));
    if (rc != 0 || b == NULL)
    {
        fprintf(stderr, "vxb_open(%s) -> %d %s: %s\n", uri, rc, vxb_strerror(rc), why);
        exit(2);
    }
    return b;
}

static inline int64_t ev_ms(const vxb_event_t *e)
{
    return (int64_t)(((uint64_t)(uint32_t)e->time_ms_hi << 32) | (uint32_t)e->time_ms_lo);
}

static inline void drain(vxb_board_t *b, evlog_t *log)
{
    vxb_event_t e;
    while (vxb_event_wait(b, &e, 0) == 1)
    {
        if (log != NULL && log->n < MAX_EVENTS)
        {
            log->ev[log->n++] = e;
        }
    }
}

/* Moves a manual board on by ms, collecting events as it goes. */
static inline void run(vxb_board_t *b, int32_t ms, evlog_t *log)
{
    for (int32_t t = 0; t < ms; t += 10)
    {
        OK(vxb_mock_advance(b, ms - t < 10 ? ms - t : 10));
        drain(b, log);
    }
}

static inline int count_type(const evlog_t *log, int32_t type)
{
    int n = 0;
    for (int i = 0; i < log->n; i++)
    {
        n += log->ev[i].type == type;
    }
    return n;
}

static inline void print_log(const evlog_t *log)
{
    for (int i = 0; i < log->n; i++)
    {
        const vxb_event_t *e = &log->ev[i];
        fprintf(stderr, "  %6lld ms line %d %s digit=%c dur=%d value=%d\n", (long long)ev_ms(e), e->line,
                vxb_event_name(e->type), e->digit ? e->digit : '-', e->duration_ms, e->value);
    }
}

static inline int near(int a, int b, int tol)
{
    return abs(a - b) <= tol;
}

/* True when the hear report contains f (within 10 Hz). */
static inline int heard(const vxb_hear_t *h, int f)
{
    return !h->silence && (near(h->f1_hz, f, 10) || (h->f2_hz != 0 && near(h->f2_hz, f, 10)));
}

#endif
