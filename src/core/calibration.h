/* SPDX-License-Identifier: MIT */
/*
 * core/calibration.h - the arithmetic of `handoff calibrate` (issue 14 item
 * 5) that is not the logistic fit itself: the deterministic holdout split,
 * the holdout's AUC and Brier score, the calibration table per score band,
 * the minimum sample size, and the scaling of coefficients to points.
 *
 *  - Holdout, time-ordered (the default): the latest ceil(fraction * n)
 *    samples by (time of the features, key) are held out.
 *  - Holdout, random (--seed): a sample belongs to the holdout when
 *    ho_calib_mix(seed ^ key) / 2^64 < fraction, key = ho_calib_key(lead id)
 *    (64-bit FNV-1a of the id text), ho_calib_mix = one splitmix64 step.  The
 *    same seed and leads give the same split on any machine and in any order.
 *  - AUC: the probability that a random positive is ranked above a random
 *    negative, ties counted one half (Mann-Whitney with mid-ranks).
 *  - Brier: the mean of (p - y)^2.
 *  - Bands: HO_CALIB_BANDS equal-width bands of predicted probability
 *    [0, 0.1), [0.1, 0.2) ... [0.9, 1]; each with its count, positives, mean
 *    predicted probability and observed rate.
 *  - Minimum: at least HO_CALIB_MIN_SAMPLES labelled samples with at least
 *    HO_CALIB_MIN_CLASS of each class (positives and negatives); below it
 *    calibrate refuses and says how many more of each it needs.
 *  - Points: point_i = round(k * coef_i) with k = sum |current points| /
 *    sum |coef| over the rules, so the candidate keeps the total weight of
 *    the active version (its thresholds stay meaningful) and redistributes it
 *    in proportion to the coefficients; when the active rules have no points
 *    at all, k = HO_CALIB_PDO_POINTS / ln 2 (that many points double the odds).
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_CALIBRATION_H
#define HO_CORE_CALIBRATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HO_CALIB_BANDS       10
#define HO_CALIB_MIN_SAMPLES 200
#define HO_CALIB_MIN_CLASS   50
#define HO_CALIB_PDO_POINTS  20.0

/* One splitmix64 step: the finaliser of x + 0x9E3779B97F4A7C15 (so
 * ho_calib_mix(0) is splitmix64's first output for seed 0). */
uint64_t ho_calib_mix(uint64_t x);
/* 64-bit FNV-1a of the NUL-terminated text s. */
uint64_t ho_calib_key(const char *s);
/* Whether the sample with key falls in the holdout of fraction (0..1). */
bool ho_calib_in_holdout(uint64_t seed, uint64_t key, double fraction);

/* The time-ordered split (the default; DESIGN §4): the latest
 * ceil(fraction * n) samples by (t, key) form the holdout, so the model is
 * judged on leads later than those it learnt from.  hold[0..n) is set. */
void ho_calib_time_holdout(const int64_t *t, const uint64_t *key, size_t n, double fraction,
                           bool *hold);

/* AUC of predictions p[0..n) against labels y[0..n) (0 or 1); NAN when
 * either class is empty. */
double ho_calib_auc(const double *p, const uint8_t *y, size_t n);
/* Brier score; NAN when n == 0. */
double ho_calib_brier(const double *p, const uint8_t *y, size_t n);

struct ho_calib_band {
    double lo, hi;         /* predicted probability range [lo, hi) (the last one [lo, 1]) */
    uint64_t n, positives; /* samples in the band, of which positive */
    double mean_predicted; /* NAN when n == 0 */
    double observed;       /* positives / n; NAN when n == 0 */
};

/* The calibration table of p[0..n) against y[0..n). */
void ho_calib_bands(const double *p, const uint8_t *y, size_t n,
                    struct ho_calib_band out[HO_CALIB_BANDS]);

/* What the minimum asks of the labelled samples at hand. */
struct ho_calib_need {
    uint64_t samples, positives, negatives; /* at hand */
    /* still needed: more_samples outcomes in all, of which at least more_positives
     * positive and more_negatives negative (0 = enough) */
    uint64_t more_samples, more_positives, more_negatives;
    bool enough;
};

void ho_calib_need(uint64_t positives, uint64_t negatives, struct ho_calib_need *out);

/*
 * Suggested points out[0..n) from coefficients coef[0..n) and the active
 * points current[0..n), scaled as described above.  False (out = current)
 * when every coefficient is 0.
 */
bool ho_calib_scale_points(const double *coef, const double *current, size_t n, double *out);

#endif /* HO_CORE_CALIBRATION_H */
