/* SPDX-License-Identifier: MIT */
/*
 * app/calibrate.h - `handoff calibrate` (issue 14 item 5): how much each
 * active rule is really worth, learnt from the real outcomes in the log.
 *
 * Samples: the leads sales touched (core/outcome.h), labelled positive when
 * they reached SQL or customer (target sql) or customer (target won).  Each
 * lead's features (core/calib_features.h) are those of a traced replay up to
 * 1 ms before sales first touched it.  The samples are split into training
 * and holdout by core/calibration.h's hash of the lead id; an L2 logistic
 * regression (learn/logistic.h) is fitted on the training part; the holdout
 * judges both the fitted model and the active score (its score turned into
 * a probability by a one-feature logistic fit on the same training part, so
 * its Brier score is fair; its AUC does not depend on that).
 *
 * Below the minimum sample size (ho_calib_need) nothing is fitted: *out
 * says what there is and what is missing.  Writes nothing to the store; the
 * candidate is text for the caller to write.
 */
#ifndef HO_APP_CALIBRATE_H
#define HO_APP_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/buf.h"
#include "base/rc.h"
#include "core/calib_features.h"
#include "core/calibration.h"
#include "core/defs_diff.h"

enum ho_calib_target {
    HO_CALIB_TARGET_SQL = 0, /* reached SQL or customer */
    HO_CALIB_TARGET_WON,     /* reached customer */
};

struct ho_calib_opts {
    enum ho_calib_target target;
    double holdout;    /* fraction in (0, 1) */
    bool random_split; /* a seeded random split by lead; else time-ordered (the latest leads) */
    uint64_t seed;     /* the random split's seed */
};

/* How well one predictor does on the holdout. */
struct ho_calib_eval {
    double auc, brier; /* NAN when the holdout lacks a class */
    struct ho_calib_band bands[HO_CALIB_BANDS];
};

/* A feature's coefficient and how many training samples have it non-zero. */
struct ho_calib_coef {
    char label[160]; /* ho_calib_feature_label() */
    double coef;
    uint64_t nonzero;
};

/*
 * A rule's suggested points: its coefficient scaled by ho_calib_scale_points()
 * over the rules with evidence.  A rule no training sample shows (all its
 * features 0) keeps its points (no_evidence); a rule an MQL or_any set
 * names keeps at least 1 point (held: the definitions refuse negative points
 * there, and the set is the team's to change), scaled says what the model
 * alone gives.
 */
struct ho_calib_rule {
    const char *name; /* borrowed from app->defs */
    bool is_fit;
    double coef;      /* ho_calib_rule_coefs() */
    double points;    /* active */
    double scaled;    /* the model's points */
    double suggested; /* what the candidate gets */
    bool no_evidence, held;
    /* Dispositions (issue 14 item 6, core/rules_report.h over the stored
     * journeys): the MQL journeys the rule held for, those of them sales
     * closed as bad_fit / bad_scoring, and the flag when most were. */
    uint64_t mql_journeys, bad_fit, bad_scoring;
    bool mostly_rejected;
    const char *rejection_text; /* static; "" when not flagged */
};

struct ho_calibration {
    struct ho_calib_opts opts;
    size_t leads, unknown;     /* leads with events; of them, never seen by sales */
    struct ho_calib_need need; /* over all samples */
    size_t n_train, train_positives, n_holdout, holdout_positives;
    bool fitted; /* false: refused (need.enough false) */
    struct ho_calib_layout layout;
    struct ho_calib_coef *coefs; /* owned, layout.n */
    double bias;
    struct ho_calib_eval model, active;
    struct ho_calib_rule *rules; /* owned, layout.n_rules */
    int64_t active_version, candidate_version;
    size_t n_edits;           /* values changed; 0: no candidate (it would be the active one) */
    struct ho_buf candidate;  /* the candidate definitions text (when n_edits > 0) */
    struct ho_defs_diff diff; /* active -> candidate */
};

/*
 * Calibrate on app's log under its active definitions (app open, active
 * definitions loaded).  HO_OK also when refused (out->fitted false).
 */
HO_MUST_CHECK ho_rc ho_app_calibrate(struct ho_app *app, const struct ho_calib_opts *o,
                                     struct ho_calibration *out, struct ho_diag *diag);
void ho_calibration_release(struct ho_calibration *c); /* NULL-safe */

/* "sql", "won". */
const char *ho_calib_target_name(enum ho_calib_target t);

#endif /* HO_APP_CALIBRATE_H */
