/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_gen.h - a deterministic generator of realistic demo event data.
 *
 * Produces a year of B2B lead activity in the DESIGN.md §3 event shape
 * (JSON Lines, and optionally the same events as CSV): accounts with buying
 * groups, first touches over the published channel mix, marketing activity,
 * MQL moments under the example scoring model (examples/definitions.yaml),
 * sales follow-up that only starts after the MQL moment, speed-to-lead and
 * per-channel MQL->SQL rates following published figures, opportunities,
 * recycled leads and sales-sourced (outbound) leads.  docs: DEMO_DATA.md in
 * this folder explains every figure the data follows.
 *
 * Deterministic: the output is a pure function of the options.  The generator
 * has its own PRNG (xoshiro256**, seeded by splitmix64) and never reads the
 * clock, so the same options give byte-identical files.  Every event lies in
 * [start, start + months) and events are written in global (ts, id) order
 * with ids "e0000001", ... (zero-padded to one width, so string order is
 * numeric order).
 *
 * Memory: about 24 bytes per event are held in memory until written.
 * Not thread-safe per call; separate calls are independent.
 */
#ifndef HO_DEMO_DEMO_GEN_H
#define HO_DEMO_DEMO_GEN_H

#include <stdint.h>
#include <stdio.h>

#include "base/rc.h"

/* Defaults, also used by the CLI. */
#define HO_DEMO_DEFAULT_SEED   42u
#define HO_DEMO_DEFAULT_LEADS  24000u
#define HO_DEMO_DEFAULT_MONTHS 12u
#define HO_DEMO_DEFAULT_START  "2025-11-01T00:00:00Z"
#define HO_DEMO_MAX_LEADS      50000000u /* ~1.25e9 events: beyond any sane demo */
#define HO_DEMO_MAX_MONTHS     120u
#define HO_DEMO_MAX_SCALE      20.0

struct ho_demo_opts {
    uint64_t seed;
    uint32_t leads;               /* 1..HO_DEMO_MAX_LEADS */
    int64_t start_ms;             /* first instant of the period, ms since the epoch */
    uint32_t months;              /* 1..HO_DEMO_MAX_MONTHS calendar months */
    double events_per_lead_scale; /* marketing activity multiplier; 1.0 default, (0, 20] */
};

/* What was written, and what the generator intended (for a sanity print).
 * The intended counts are exact for the output: events after the end of the
 * period are dropped, and so are the stage changes they would have caused. */
struct ho_demo_stats {
    uint32_t leads;
    uint32_t accounts;
    uint64_t events;
    uint32_t mqls;             /* MQL journeys (first and recycled), by the example model */
    uint32_t mql_leads;        /* leads with at least one MQL journey */
    uint32_t recycled;         /* of mqls: second journeys of nurtured leads */
    uint32_t sales_sourced;    /* outbound journeys (sales_accept without an MQL) */
    uint32_t sqls;             /* sales_qualify events */
    uint32_t opportunities;    /* opportunity_created events */
    uint32_t won;              /* opportunity_won events */
    int64_t first_ts, last_ts; /* ms; both 0 when no event was written */
};

/* Fill o with the defaults above (24,000 leads, 12 months from
 * 2025-11-01T00:00:00Z, seed 42, scale 1.0). */
void ho_demo_opts_default(struct ho_demo_opts *o);

/*
 * Generate the events for o and write them as JSON Lines to jsonl_out and,
 * when csv_out is not NULL, as CSV (RFC 4180, header row first) to csv_out.
 * The streams are borrowed: they are written and flushed, never closed.
 *
 * *stats is always initialised; it is complete only on HO_OK.
 * Returns HO_OK; HO_EINVAL when an option is out of range (diag says which);
 * HO_EIO when writing fails (errno in diag->sys_errno).  Output written
 * before a failure is left in the streams.
 */
HO_MUST_CHECK ho_rc ho_demo_generate(const struct ho_demo_opts *o, FILE *jsonl_out, FILE *csv_out,
                                     struct ho_demo_stats *stats, struct ho_diag *diag);

/* The CSV header row that ho_demo_generate() writes (without the newline). */
const char *ho_demo_csv_header(void);

#endif /* HO_DEMO_DEMO_GEN_H */
