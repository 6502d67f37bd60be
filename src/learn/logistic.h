/* SPDX-License-Identifier: MIT */
/*
 * learn/logistic.h - L2-regularised logistic regression, fitted by
 * liblinear (Debian package liblinear-dev): the model `handoff calibrate`
 * learns points from (DESIGN.md §6, learn/).
 *
 * Solver L2R_LR (primal trust-region Newton), C = HO_LOGISTIC_C, stopping
 * tolerance HO_LOGISTIC_EPS, and a bias term: liblinear appends a constant
 * feature 1 to every row (index n + 1), whose weight is the intercept (and
 * is regularised like the others, as liblinear 2.30 does).  liblinear's
 * progress output is silenced.
 *
 * Not thread-safe: liblinear's print function is global.
 */
#ifndef HO_LEARN_LOGISTIC_H
#define HO_LEARN_LOGISTIC_H

#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

#define HO_LOGISTIC_C   1.0
#define HO_LOGISTIC_EPS 1e-4

/*
 * Fit on the rows x[i * d .. i * d + d) (dense, zeros skipped) with labels
 * y[i] (0 or 1), i < n.  w[0..d) receives the coefficients and *bias the
 * intercept, both in log-odds of y = 1.  HO_EINVAL when n is 0, d is too
 * large for liblinear, or liblinear refuses the parameters.
 */
HO_MUST_CHECK ho_rc ho_logistic_fit(const double *x, const uint8_t *y, size_t n, size_t d,
                                    double *w, double *bias, struct ho_diag *diag);

#endif /* HO_LEARN_LOGISTIC_H */
