/* SPDX-License-Identifier: MIT */
/*
 * core/calibration.c - holdout split, AUC, Brier score, calibration bands,
 * minimum sample size and point scaling for `handoff calibrate`.
 */
#include "core/calibration.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

uint64_t
ho_calib_mix(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

uint64_t
ho_calib_key(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++) {
        h ^= *c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

bool
ho_calib_in_holdout(uint64_t seed, uint64_t key, double fraction)
{
    double u = (double)(ho_calib_mix(seed ^ key) >> 11) * 0x1.0p-53;
    return u < fraction;
}

struct timed {
    int64_t t;
    uint64_t key;
    size_t i;
};

static int
cmp_timed(const void *a, const void *b)
{
    const struct timed *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

void
ho_calib_time_holdout(const int64_t *t, const uint64_t *key, size_t n, double fraction, bool *hold)
{
    struct timed *v = ho_xcalloc(n + 1, sizeof(*v));
    for (size_t i = 0; i < n; i++)
        v[i] = (struct timed){ t[i], key[i], i };
    qsort(v, n, sizeof(*v), cmp_timed);
    double want = ceil(fraction * (double)n);
    size_t n_hold = want >= (double)n ? n : (size_t)want;
    for (size_t k = 0; k < n; k++)
        hold[v[k].i] = k >= n - n_hold;
    ho_xfree(v);
}

struct scored {
    double p;
    uint8_t y;
};

static int
cmp_scored(const void *a, const void *b)
{
    double x = ((const struct scored *)a)->p, y = ((const struct scored *)b)->p;
    return (x > y) - (x < y);
}

double
ho_calib_auc(const double *p, const uint8_t *y, size_t n)
{
    struct scored *s = ho_xcalloc(n + 1, sizeof(*s));
    uint64_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        s[i] = (struct scored){ p[i], y[i] != 0 };
        pos += s[i].y;
    }
    uint64_t neg = n - pos;
    if (pos == 0 || neg == 0) {
        ho_xfree(s);
        return NAN;
    }
    qsort(s, n, sizeof(*s), cmp_scored);
    double rank_sum = 0; /* of the positives, mid-ranks for ties (1-based) */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint64_t tied_pos = 0;
        while (j < n && s[j].p == s[i].p)
            tied_pos += s[j++].y;
        double mid = ((double)(i + 1) + (double)j) / 2.0;
        rank_sum += mid * (double)tied_pos;
        i = j;
    }
    ho_xfree(s);
    double u = rank_sum - (double)pos * ((double)pos + 1.0) / 2.0;
    return u / ((double)pos * (double)neg);
}

double
ho_calib_brier(const double *p, const uint8_t *y, size_t n)
{
    if (n == 0)
        return NAN;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double d = p[i] - (y[i] != 0 ? 1.0 : 0.0);
        sum += d * d;
    }
    return sum / (double)n;
}

static size_t
band_of(double p)
{
    if (!(p > 0))
        return 0;
    size_t b = (size_t)(p * HO_CALIB_BANDS);
    return b >= HO_CALIB_BANDS ? HO_CALIB_BANDS - 1 : b;
}

void
ho_calib_bands(const double *p, const uint8_t *y, size_t n,
               struct ho_calib_band out[HO_CALIB_BANDS])
{
    double sum[HO_CALIB_BANDS] = { 0 };
    for (size_t b = 0; b < HO_CALIB_BANDS; b++)
        out[b] = (struct ho_calib_band){ .lo = (double)b / HO_CALIB_BANDS,
                                         .hi = (double)(b + 1) / HO_CALIB_BANDS };
    for (size_t i = 0; i < n; i++) {
        size_t b = band_of(p[i]);
        out[b].n++;
        out[b].positives += y[i] != 0;
        sum[b] += p[i];
    }
    for (size_t b = 0; b < HO_CALIB_BANDS; b++) {
        out[b].mean_predicted = out[b].n ? sum[b] / (double)out[b].n : NAN;
        out[b].observed = out[b].n ? (double)out[b].positives / (double)out[b].n : NAN;
    }
}

static uint64_t
shortfall(uint64_t have, uint64_t need)
{
    return have >= need ? 0 : need - have;
}

void
ho_calib_need(uint64_t positives, uint64_t negatives, struct ho_calib_need *out)
{
    memset(out, 0, sizeof(*out));
    out->positives = positives;
    out->negatives = negatives;
    out->samples = positives + negatives;
    out->more_positives = shortfall(positives, HO_CALIB_MIN_CLASS);
    out->more_negatives = shortfall(negatives, HO_CALIB_MIN_CLASS);
    uint64_t after = out->samples + out->more_positives + out->more_negatives;
    out->more_samples =
        shortfall(after, HO_CALIB_MIN_SAMPLES) + out->more_positives + out->more_negatives;
    out->enough = out->more_samples == 0;
}

bool
ho_calib_scale_points(const double *coef, const double *current, size_t n, double *out)
{
    double sum_coef = 0, sum_cur = 0;
    for (size_t i = 0; i < n; i++) {
        sum_coef += fabs(coef[i]);
        sum_cur += fabs(current[i]);
    }
    if (!(sum_coef > 0)) {
        for (size_t i = 0; i < n; i++)
            out[i] = current[i];
        return false;
    }
    double k = sum_cur > 0 ? sum_cur / sum_coef : HO_CALIB_PDO_POINTS / log(2.0);
    for (size_t i = 0; i < n; i++)
        out[i] = round(k * coef[i]) + 0.0; /* + 0.0: no "-0" */
    return true;
}
