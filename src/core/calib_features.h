/* SPDX-License-Identifier: MIT */
/*
 * core/calib_features.h - the features `handoff calibrate` fits on (issue 14
 * item 5), one row per lead with a known outcome, computed from a traced
 * replay of the lead as it stood just before sales first touched it (so the
 * outcome cannot leak into its own predictors):
 *
 *   fit rule R          R.holds       1 when the rule matched, else 0
 *   behaviour rule R    R.decayed     the rule's decayed contribution in
 *                                     units of its points (decayed / points:
 *                                     decayed matching events, after caps;
 *                                     a window rule 1 while it holds); the
 *                                     matching event count when points = 0
 *                       R.count       matching events (raw, undecayed)
 *   channel C           channel.C     1 for the lead's first-touch channel:
 *                                     one per channel of the definitions and
 *                                     "other" (no or an unlisted channel)
 *
 * A rule's coefficient is its fit coefficient, or for a per-event behaviour
 * rule decayed + count (what one more matching event is worth in log-odds),
 * for a window rule decayed + N * count (what holding is worth: it holds
 * from its N-th matching event on); these are what ho_calib_scale_points()
 * turns into suggested points.
 *
 * Pure: no I/O.
 */
#ifndef HO_CORE_CALIB_FEATURES_H
#define HO_CORE_CALIB_FEATURES_H

#include <stdbool.h>
#include <stddef.h>

struct ho_defs;
struct ho_rule_detail;

enum ho_calib_feature_kind {
    HO_CALIB_FIT_HOLDS,
    HO_CALIB_BEHAVIOR_DECAYED,
    HO_CALIB_BEHAVIOR_COUNT,
    HO_CALIB_CHANNEL,
};

struct ho_calib_feature {
    enum ho_calib_feature_kind kind;
    const char *name; /* rule or channel name (borrowed; "other" for the catch-all) */
    size_t rule;      /* index into the rules (fit rules, then behaviour rules); channels: none */
    double weight;    /* of the coefficient in its rule's (1; a window rule's count: N) */
};

/* The feature columns of definitions d: fit rules, then two per behaviour
 * rule, then channels.  Rules are numbered fit first, then behaviour (the
 * order of ho_replay_details()). */
struct ho_calib_layout {
    struct ho_calib_feature *v; /* owned */
    size_t n;
    size_t n_rules; /* fit + behaviour rules */
    size_t first_channel;
};

void ho_calib_layout_init(struct ho_calib_layout *out, const struct ho_defs *d);
void ho_calib_layout_release(struct ho_calib_layout *l); /* NULL-safe */

/* "senior_title.holds", "demo_request.decayed", "demo_request.count",
 * "channel.webinar": the feature's name written to out (size > 0; cut to fit). */
void ho_calib_feature_label(const struct ho_calib_feature *f, char *out, size_t size);

/*
 * One sample's row x[0..l->n) from the rule details of a traced replay
 * (det[0..n_det), as ho_replay_details() gives them: fit rules then
 * behaviour rules) and the lead's channel name (NULL or "" = none).
 */
void ho_calib_row(const struct ho_calib_layout *l, const struct ho_rule_detail *det, size_t n_det,
                  const char *channel, double *x);

/* Each rule's coefficient rule_coef[0..l->n_rules) from the feature
 * coefficients coef[0..l->n) (see above). */
void ho_calib_rule_coefs(const struct ho_calib_layout *l, const double *coef, double *rule_coef);

/* The logistic model's probability for row x[0..n): 1 / (1 + e^-(w.x + bias)). */
double ho_calib_predict(const double *w, double bias, const double *x, size_t n);

#endif /* HO_CORE_CALIB_FEATURES_H */
