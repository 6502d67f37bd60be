/* SPDX-License-Identifier: MIT */
/*
 * notify/delivery_counters.c - the process-wide delivery counters
 * (notify/delivery_counters.h), relaxed atomics: each is a tally on its own.
 */
#include <stdatomic.h>
#include <stdbool.h>

#include "notify/delivery_counters.h"

const double ho_delivery_latency_bounds[HO_DELIVERY_LATENCY_BUCKETS] = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600, 3600
};

static atomic_uint_least64_t delivered, failures, retries, dead;
static atomic_uint_least64_t latency_bucket[HO_DELIVERY_LATENCY_BUCKETS + 1];
static atomic_uint_least64_t latency_ms_sum;

static void
add(atomic_uint_least64_t *c, uint64_t v)
{
    atomic_fetch_add_explicit(c, v, memory_order_relaxed);
}

void
ho_delivery_count(bool ok, bool gave_up, bool retry, int64_t latency_ms)
{
    if (retry)
        add(&retries, 1);
    if (!ok) {
        add(&failures, 1);
        if (gave_up)
            add(&dead, 1);
        return;
    }
    add(&delivered, 1);
    int64_t ms = latency_ms > 0 ? latency_ms : 0;
    size_t b = 0;
    while (b < HO_DELIVERY_LATENCY_BUCKETS && (double)ms / 1000.0 > ho_delivery_latency_bounds[b])
        b++;
    add(&latency_bucket[b], 1);
    add(&latency_ms_sum, (uint64_t)ms);
}

static uint64_t
get(atomic_uint_least64_t *c)
{
    return atomic_load_explicit(c, memory_order_relaxed);
}

void
ho_delivery_counts_get(struct ho_delivery_counts *out)
{
    out->delivered = get(&delivered);
    out->failures = get(&failures);
    out->retries = get(&retries);
    out->dead = get(&dead);
    for (size_t b = 0; b <= HO_DELIVERY_LATENCY_BUCKETS; b++)
        out->latency_bucket[b] = get(&latency_bucket[b]);
    out->latency_ms_sum = get(&latency_ms_sum);
}
