/* SPDX-License-Identifier: MIT */
/*
 * core/speed.c - speed-to-lead buckets, percentiles and multi-channel rates.
 */
#include "core/speed.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/calendar.h"

static const int64_t bucket_upper[] = { 5 * HO_MS_PER_MIN, HO_MS_PER_HOUR, HO_MS_PER_DAY,
                                        7 * HO_MS_PER_DAY };

const char *
ho_speed_bucket_name(enum ho_speed_bucket b)
{
    switch (b) {
    case HO_SPEED_5MIN:
        return "<=5m";
    case HO_SPEED_1H:
        return "<=1h";
    case HO_SPEED_24H:
        return "<=24h";
    case HO_SPEED_7D:
        return "<=7d";
    case HO_SPEED_LATER:
        return ">7d";
    case HO_SPEED_NEVER:
        return "never";
    case HO_SPEED__COUNT:
        break;
    }
    return "?";
}

int64_t
ho_percentile(const int64_t *sorted, size_t n, unsigned p)
{
    if (n == 0)
        return -1;
    /* nearest rank: the smallest value with at least p% of values <= it */
    size_t rank = (size_t)(((uint64_t)p * n + 99) / 100);
    return sorted[rank ? rank - 1 : 0];
}

/* The k-th smallest of v[0..n) (0-based), reordering v: Hoare's quickselect
 * with a middle pivot, linear on average; percentiles need no full sort. */
static int64_t
select_kth(int64_t *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        int64_t pivot = v[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                int64_t t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

/* Nearest-rank percentile p of v[0..n) (reorders v); -1 when n == 0. */
static int64_t
percentile_of(int64_t *v, size_t n, unsigned p)
{
    if (n == 0)
        return -1;
    size_t rank = (size_t)(((uint64_t)p * n + 99) / 100);
    return select_kth(v, n, rank ? rank - 1 : 0);
}

enum ho_speed_bucket
ho_speed_bucket_of(const struct ho_journey *j)
{
    if (j->first_contact_at == HO_TIME_NONE)
        return HO_SPEED_NEVER;
    int64_t wait = j->first_contact_at - j->entered[HO_STAGE_MQL];
    for (size_t b = 0; b < HO_ARRAY_LEN(bucket_upper); b++) {
        if (wait <= bucket_upper[b])
            return (enum ho_speed_bucket)b;
    }
    return HO_SPEED_LATER;
}

static bool
selected(const struct ho_journey *j, int64_t from, int64_t to)
{
    int64_t mql = j->entered[HO_STAGE_MQL];
    return mql != HO_TIME_NONE && mql >= from && mql < to;
}

/* Fill one group's percentiles from the journeys whose key(row) == key (or
 * all when !keyed). */
static void
group_stats(const struct ho_journey_row *rows, size_t n, const int64_t *biz_wait, int64_t from,
            int64_t to, bool by_rep, bool keyed, uint32_t key, struct ho_speed_group *g)
{
    int64_t *raw = ho_xmalloc(ho_size_mul(n + 1, sizeof(*raw)));
    int64_t *biz = ho_xmalloc(ho_size_mul(n + 1, sizeof(*biz)));
    size_t k = 0;
    memset(g, 0, sizeof(*g));
    g->key = key;
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        uint32_t rk = by_rep ? j->rep : rows[i].channel;
        if (!selected(j, from, to) || (keyed && rk != key))
            continue;
        g->journeys++;
        if (j->first_contact_at == HO_TIME_NONE)
            continue;
        int64_t mql = j->entered[HO_STAGE_MQL];
        raw[k] = j->first_contact_at - mql;
        biz[k] = biz_wait[i];
        k++;
    }
    g->contacted = k;
    g->median_raw = percentile_of(raw, k, 50);
    g->p90_raw = percentile_of(raw, k, 90);
    g->median_business = percentile_of(biz, k, 50);
    g->p90_business = percentile_of(biz, k, 90);
    ho_xfree(raw);
    ho_xfree(biz);
}

/* Distinct non-zero keys (reps or channels) of the selected journeys. */
static size_t
distinct_keys(const struct ho_journey_row *rows, size_t n, int64_t from, int64_t to, bool by_rep,
              uint32_t **out)
{
    size_t cap = 0, m = 0;
    *out = NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t key = by_rep ? rows[i].j.rep : rows[i].channel;
        if (!selected(&rows[i].j, from, to) || !key)
            continue;
        bool seen = false;
        for (size_t q = 0; q < m && !seen; q++)
            seen = (*out)[q] == key;
        if (!seen) {
            HO_GROW(*out, cap, m + 1);
            (*out)[m++] = key;
        }
    }
    return m;
}

static void
groups_by(const struct ho_journey_row *rows, size_t n, const int64_t *biz_wait, int64_t from,
          int64_t to, bool by_rep, struct ho_speed_group **out, size_t *n_out)
{
    uint32_t *keys;
    size_t m = distinct_keys(rows, n, from, to, by_rep, &keys);
    *out = ho_xcalloc(m + 1, sizeof(**out));
    for (size_t q = 0; q < m; q++)
        group_stats(rows, n, biz_wait, from, to, by_rep, true, keys[q], &(*out)[q]);
    *n_out = m;
    ho_xfree(keys);
}

static unsigned
popcount3(uint8_t bits)
{
    bits &= HO_VIA_CALL | HO_VIA_EMAIL | HO_VIA_LINKEDIN;
    return (unsigned)__builtin_popcount(bits);
}

void
ho_speed_compute(const struct ho_journey_row *rows, size_t n, const struct ho_calendar *cal,
                 int64_t from, int64_t to, struct ho_speed *out)
{
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        if (!selected(j, from, to))
            continue;
        bool sql = j->furthest >= HO_STAGE_SQL;
        struct ho_rate *b = &out->bucket_sql[ho_speed_bucket_of(j)];
        struct ho_rate *c = &out->channels_sql[popcount3(j->contact_channels_48h)];
        b->den++;
        c->den++;
        b->num += sql;
        c->num += sql;
    }
    /* Business waits once per journey: the calendar walk is the costly part. */
    int64_t *biz_wait = ho_xmalloc(ho_size_mul(n + 1, sizeof(*biz_wait)));
    for (size_t i = 0; i < n; i++) {
        const struct ho_journey *j = &rows[i].j;
        biz_wait[i] =
            selected(j, from, to) && j->first_contact_at != HO_TIME_NONE
                ? ho_calendar_business_ms(cal, j->entered[HO_STAGE_MQL], j->first_contact_at)
                : -1;
    }
    group_stats(rows, n, biz_wait, from, to, false, false, 0, &out->all);
    groups_by(rows, n, biz_wait, from, to, true, &out->by_rep, &out->n_rep);
    groups_by(rows, n, biz_wait, from, to, false, &out->by_channel, &out->n_channel);
    ho_xfree(biz_wait);
}

void
ho_speed_release(struct ho_speed *s)
{
    ho_xfree(s->by_rep);
    ho_xfree(s->by_channel);
    memset(s, 0, sizeof(*s));
}
