/* SPDX-License-Identifier: MIT */
/*
 * learn/logistic.c - the liblinear call behind calibrate (learn/logistic.h).
 */
#include "learn/logistic.h"

#include <limits.h>
#include <string.h>

#include <linear.h>

#include "base/xalloc.h"

static void
quiet(const char *s)
{
    (void)s;
}

/* The sparse rows liblinear reads: each row's non-zero features (1-based
 * indices), the bias node (index d + 1, value 1) and the terminator -1. */
static struct feature_node **
sparse_rows(const double *x, size_t n, size_t d, struct feature_node **pool)
{
    size_t nonzero = 0;
    for (size_t k = 0; k < n * d; k++)
        nonzero += x[k] != 0.0;
    struct feature_node *node = ho_xcalloc(ho_size_add(nonzero, 2 * n), sizeof(*node));
    struct feature_node **rows = ho_xcalloc(n, sizeof(*rows));
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        rows[i] = &node[at];
        for (size_t j = 0; j < d; j++) {
            if (x[i * d + j] != 0.0)
                node[at++] = (struct feature_node){ (int)j + 1, x[i * d + j] };
        }
        node[at++] = (struct feature_node){ (int)d + 1, 1.0 };
        node[at++] = (struct feature_node){ -1, 0.0 };
    }
    *pool = node;
    return rows;
}

/* The coefficients of label 1 out of model m (liblinear's w is for its
 * first label, the one of the first row). */
static void
take_weights(const struct model *m, size_t d, double *w, double *bias)
{
    double sign = m->nr_class == 2 && m->label[0] != 1 ? -1.0 : 1.0;
    if (m->nr_class < 2)
        sign = 0.0; /* one class only: no information */
    for (size_t j = 0; j < d; j++)
        w[j] = sign * m->w[j];
    *bias = sign * m->w[d];
}

ho_rc
ho_logistic_fit(const double *x, const uint8_t *y, size_t n, size_t d, double *w, double *bias,
                struct ho_diag *diag)
{
    if (n == 0 || n > INT_MAX || d + 1 >= (size_t)INT_MAX)
        return ho_diag_set(diag, HO_EINVAL, "logistic fit: %zu samples of %zu features", n, d);
    set_print_string_function(quiet);
    struct feature_node *pool = NULL;
    double *labels = ho_xcalloc(n, sizeof(*labels));
    for (size_t i = 0; i < n; i++)
        labels[i] = y[i] ? 1.0 : 0.0;
    struct problem prob = {
        .l = (int)n, .n = (int)d + 1, .y = labels, .x = sparse_rows(x, n, d, &pool), .bias = 1.0
    };
    struct parameter param;
    memset(&param, 0, sizeof(param));
    param.solver_type = L2R_LR;
    param.eps = HO_LOGISTIC_EPS;
    param.C = HO_LOGISTIC_C;
    const char *bad = check_parameter(&prob, &param);
    ho_rc rc = HO_OK;
    if (bad != NULL) {
        rc = ho_diag_set(diag, HO_EINVAL, "liblinear: %s", bad);
    } else {
        struct model *m = train(&prob, &param);
        if (m == NULL)
            rc = ho_diag_set(diag, HO_EINTERNAL, "liblinear: training failed");
        else
            take_weights(m, d, w, bias);
        free_and_destroy_model(&m);
    }
    ho_xfree(prob.x);
    ho_xfree(pool);
    ho_xfree(labels);
    return rc;
}
