/* Oscillators, cadences, region tone generators and the region table. */
#include <math.h>
#include <string.h>

#include "vxb_dsp.h"

#define TWO_PI 6.283185307179586

void vxb_osc_init(vxb_osc_t *o, double hz, double peak)
{
    o->phase = 0.0;
    o->step = TWO_PI * hz / VXB_FS;
    o->peak = peak;
}

double vxb_osc_next(vxb_osc_t *o)
{
    double v = o->peak * sin(o->phase);
    o->phase += o->step;
    if (o->phase >= TWO_PI)
    {
        o->phase -= TWO_PI;
    }
    return v;
}

int vxb_cadence_valid(const vxb_cadence_t *c)
{
    if (c->steps < 0 || c->steps > VXB_CADENCE_STEPS || (c->repeat != 0 && c->repeat != 1))
    {
        return 0;
    }
    for (int i = 0; i < c->steps; i++)
    {
        if (c->on_ms[i] < 10 || c->on_ms[i] > 60000 || c->off_ms[i] < 0 || c->off_ms[i] > 60000)
        {
            return 0;
        }
    }
    return 1;
}

int32_t vxb_cadence_on_ms(const vxb_cadence_t *c, int step)
{
    return (step >= 0 && step < c->steps) ? c->on_ms[step] : 0;
}

void vxb_cadence_start(vxb_cadence_run_t *r, const vxb_cadence_t *c)
{
    memset(r, 0, sizeof(*r));
    r->cad = *c;
}

int vxb_cadence_next(vxb_cadence_run_t *r, int *on)
{
    int edges = 0;
    if (r->done)
    {
        *on = 0;
        return 0;
    }
    if (r->cad.steps == 0)
    {
        if (!r->started)
        {
            r->started = 1;
            edges = VXB_CAD_EDGE_ON;
        }
        *on = 1;
        return edges;
    }
    if (!r->started)
    {
        r->started = 1;
        r->on = 1;
        r->step = 0;
        r->remaining = r->cad.on_ms[0] * (VXB_FS / 1000);
        edges |= VXB_CAD_EDGE_ON;
    }
    while (r->remaining == 0)
    {
        if (r->on)
        {
            r->on = 0;
            r->remaining = r->cad.off_ms[r->step] * (VXB_FS / 1000);
            edges |= VXB_CAD_EDGE_OFF;
        }
        else
        {
            r->step++;
            if (r->step >= r->cad.steps)
            {
                if (!r->cad.repeat)
                {
                    r->done = 1;
                    *on = 0;
                    return edges | VXB_CAD_DONE;
                }
                r->step = 0;
            }
            r->on = 1;
            r->remaining = r->cad.on_ms[r->step] * (VXB_FS / 1000);
            edges |= VXB_CAD_EDGE_ON;
        }
    }
    r->remaining--;
    *on = r->on;
    return edges;
}

void vxb_tonegen_start(vxb_tonegen_t *g, int32_t tone, const vxb_tone_def_t *def)
{
    memset(g, 0, sizeof(*g));
    double peak = vxb_dbm0_to_peak(def->level_dbx10 / 10.0);
    vxb_osc_init(&g->o1, def->f1_hz, def->f1_hz > 0 ? peak : 0.0);
    vxb_osc_init(&g->o2, def->f2_hz, def->f2_hz > 0 ? peak : 0.0);
    g->two = def->f2_hz > 0;
    vxb_cadence_start(&g->run, &def->cadence);
    g->tone = tone;
    g->active = 1;
}

void vxb_tonegen_stop(vxb_tonegen_t *g)
{
    g->active = 0;
}

double vxb_tonegen_next(vxb_tonegen_t *g, int *done)
{
    *done = 0;
    if (!g->active)
    {
        return 0.0;
    }
    int on = 0;
    int edges = vxb_cadence_next(&g->run, &on);
    double v = vxb_osc_next(&g->o1);
    if (g->two)
    {
        v += vxb_osc_next(&g->o2);
    }
    if (edges & VXB_CAD_DONE)
    {
        g->active = 0;
        *done = 1;
    }
    return on ? v : 0.0;
}

/* ---- region table ---- */

#define STEADY {0, 1, {0}, {0}}
#define CAD1(on, off) {1, 1, {on}, {off}}

typedef struct region
{
    const char *name;
    vxb_tone_def_t tones[VXB_TONE_COUNT];
    vxb_cadence_t ring;
    int32_t flash_min_ms, flash_max_ms, cid;
} region_t;

static const region_t REGIONS[] = {
    /* North America (Precise Tone Plan, Telcordia GR-506): dial -13, ringback -19, busy/reorder -24 dBm0. */
    {"us",
     {
         {350, 440, -130, STEADY},
         {440, 480, -190, CAD1(2000, 4000)},
         {480, 620, -240, CAD1(500, 500)},
         {480, 620, -240, CAD1(250, 250)},
         {440, 0, -130, {1, 0, {300}, {0}}},
     },
     CAD1(2000, 4000), 100, 900, VXB_CID_BELLCORE_FSK},
    /* UK (BT SIN 350). BT caller ID (FSK before the ring, with line reversal) is not built. */
    {"uk",
     {
         {350, 450, -130, STEADY},
         {400, 450, -190, {2, 1, {400, 400}, {200, 2000}}},
         {400, 0, -190, CAD1(375, 375)},
         {400, 0, -190, STEADY},
         {400, 0, -190, {1, 0, {100}, {0}}},
     },
     {2, 1, {400, 400}, {200, 2000}}, 60, 400, VXB_CID_NONE},
    /* Germany (1TR110 / ETSI ES 201 970). ETSI caller ID is not built. */
    {"de",
     {
         {425, 0, -130, STEADY},
         {425, 0, -190, CAD1(1000, 4000)},
         {425, 0, -190, CAD1(480, 480)},
         {425, 0, -190, CAD1(240, 240)},
         {425, 0, -190, {2, 0, {200, 200}, {200, 0}}},
     },
     CAD1(1000, 4000), 80, 400, VXB_CID_NONE},
};

int vxb_region_lookup(const char *name, vxb_line_config_t *cfg)
{
    for (size_t i = 0; i < sizeof(REGIONS) / sizeof(REGIONS[0]); i++)
    {
        const region_t *r = &REGIONS[i];
        if (name != NULL && strcmp(name, r->name) == 0)
        {
            memset(cfg, 0, sizeof(*cfg));
            memcpy(cfg->tones, r->tones, sizeof(cfg->tones));
            cfg->ring = r->ring;
            cfg->flash_min_ms = r->flash_min_ms;
            cfg->flash_max_ms = r->flash_max_ms;
            cfg->cid_standard = r->cid;
            strncpy(cfg->region, r->name, sizeof(cfg->region) - 1);
            return 0;
        }
    }
    return VXB_ERR_INVAL;
}

static int freq_ok(int32_t f)
{
    return f == 0 || (f >= 50 && f <= 3900);
}

int vxb_line_config_valid(const vxb_line_config_t *cfg, const char **why)
{
    for (int i = 0; i < VXB_TONE_COUNT; i++)
    {
        const vxb_tone_def_t *t = &cfg->tones[i];
        if (!freq_ok(t->f1_hz) || !freq_ok(t->f2_hz) || (t->f1_hz == 0 && t->f2_hz != 0))
        {
            *why = "tone frequency must be 0 or 50..3900 Hz (f2 only with f1)";
            return 0;
        }
        if (t->level_dbx10 < -400 || t->level_dbx10 > 0)
        {
            *why = "tone level must be -40..0 dBm0";
            return 0;
        }
        if (!vxb_cadence_valid(&t->cadence))
        {
            *why = "tone cadence invalid (steps 0..4, on 10..60000 ms, off 0..60000 ms)";
            return 0;
        }
    }
    if (!vxb_cadence_valid(&cfg->ring) || cfg->ring.steps < 1)
    {
        *why = "ring cadence invalid (1..4 steps, on 10..60000 ms)";
        return 0;
    }
    if (cfg->flash_min_ms < 20 || cfg->flash_max_ms <= cfg->flash_min_ms || cfg->flash_max_ms > 3000)
    {
        *why = "flash window must satisfy 20 <= min < max <= 3000 ms";
        return 0;
    }
    if (cfg->cid_standard != VXB_CID_NONE && cfg->cid_standard != VXB_CID_BELLCORE_FSK)
    {
        *why = "caller-ID standard not supported";
        return 0;
    }
    if (cfg->tx_gain_dbx10 < -200 || cfg->tx_gain_dbx10 > 120 || cfg->rx_gain_dbx10 < -200 ||
        cfg->rx_gain_dbx10 > 120)
    {
        *why = "gains must be -20..+12 dB";
        return 0;
    }
    return 1;
}
