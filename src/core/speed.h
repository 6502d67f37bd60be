/* SPDX-License-Identifier: MIT */
/*
 * core/speed.h - speed to lead (DESIGN.md §5 report 2): how long MQLs wait
 * for the first contact attempt, and how that relates to reaching SQL.
 *
 * Only journeys that were MQLs count (sales-sourced ones have no MQL time).
 * Response time = first contact_attempt - MQL entry, raw wall time for the
 * buckets; medians and p90s are given in raw and in business time.
 *
 * Pure: no I/O.  Results are owned by the struct ho_speed.
 */
#ifndef HO_CORE_SPEED_H
#define HO_CORE_SPEED_H

#include <stddef.h>
#include <stdint.h>

#include "core/funnel.h"

struct ho_calendar;

enum ho_speed_bucket {
    HO_SPEED_5MIN,  /* <= 5 minutes */
    HO_SPEED_1H,    /* <= 1 hour */
    HO_SPEED_24H,   /* <= 24 hours */
    HO_SPEED_7D,    /* <= 7 days */
    HO_SPEED_LATER, /* > 7 days */
    HO_SPEED_NEVER, /* no contact attempt */
    HO_SPEED__COUNT
};

/* Response times of one group (a rep, a channel, or everyone). */
struct ho_speed_group {
    uint32_t key;       /* interned rep or channel; 0 = none/all */
    uint64_t journeys;  /* MQL journeys */
    uint64_t contacted; /* of which had a contact attempt */
    int64_t median_raw, p90_raw, median_business, p90_business; /* ms; -1 = no data */
};

struct ho_speed {
    struct ho_rate bucket_sql[HO_SPEED__COUNT]; /* per bucket: reached sql / journeys */
    struct ho_rate channels_sql[4];             /* 0..3 distinct channels (call, email,
                                                 * LinkedIn) within 48 h: reached sql / journeys */
    struct ho_speed_group all;
    struct ho_speed_group *by_rep, *by_channel; /* owned; sorted by key text order given */
    size_t n_rep, n_channel;
};

/* Compute over rows[0..n) (journeys outside [from, to) by MQL time are skipped). */
void ho_speed_compute(const struct ho_journey_row *rows, size_t n, const struct ho_calendar *cal,
                      int64_t from, int64_t to, struct ho_speed *out);
void ho_speed_release(struct ho_speed *s);

const char *ho_speed_bucket_name(enum ho_speed_bucket b); /* "<=5m", "<=1h", ... "never" */

struct ho_journey;
/* The bucket of a journey's wait from MQL to its first contact attempt. */
enum ho_speed_bucket ho_speed_bucket_of(const struct ho_journey *j);

/* The p-th percentile (nearest rank, p in 0..100) of sorted v[0..n); -1 if n == 0. */
int64_t ho_percentile(const int64_t *sorted, size_t n, unsigned p);

#endif /* HO_CORE_SPEED_H */
