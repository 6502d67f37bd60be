/* SPDX-License-Identifier: MIT */
/*
 * notify/delivery_counters.h - what this process's delivery worker did, for
 * serve's /metrics (http/metrics.c): deliveries, failed attempts, retries,
 * rows given up, and the latency from the commit that recorded an alert to
 * its 2xx.  Process-wide atomics: the worker (a thread of `serve --alerts`)
 * adds, the metrics handler reads; a separate `alerts deliver` process has
 * its own, so serve's counters stay 0 then (the outbox gauges still count).
 */
#ifndef HO_NOTIFY_DELIVERY_COUNTERS_H
#define HO_NOTIFY_DELIVERY_COUNTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Upper bounds (seconds) of the latency histogram's buckets, then +Inf. */
#define HO_DELIVERY_LATENCY_BUCKETS 14
extern const double ho_delivery_latency_bounds[HO_DELIVERY_LATENCY_BUCKETS];

struct ho_delivery_counts {
    uint64_t delivered; /* attempts answered 2xx */
    uint64_t failures;  /* attempts that failed (transport error or non-2xx) */
    uint64_t retries;   /* attempts after a row's first */
    uint64_t dead;      /* rows given up (retry_for passed, or 410 Gone) */
    uint64_t latency_bucket[HO_DELIVERY_LATENCY_BUCKETS + 1]; /* per bucket, not cumulative */
    uint64_t latency_ms_sum;
};

/* One attempt's outcome: ok (a 2xx, latency_ms after the commit that
 * recorded the alert) or failed (gave_up: the row is dead); retry when it
 * was not the row's first attempt. */
void ho_delivery_count(bool ok, bool gave_up, bool retry, int64_t latency_ms);

/* A snapshot of the counters. */
void ho_delivery_counts_get(struct ho_delivery_counts *out);

#endif /* HO_NOTIFY_DELIVERY_COUNTERS_H */
