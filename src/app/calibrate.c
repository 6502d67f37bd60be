/* SPDX-License-Identifier: MIT */
/*
 * app/calibrate.c - the calibrate use case (app/calibrate.h).
 */
#include "app/calibrate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/defs_versions.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/outcome.h"
#include "core/replay.h"
#include "core/rules_report.h"
#include "defs/defs_candidate.h"
#include "defs/defs_yaml.h"
#include "engine/engine.h"
#include "learn/logistic.h"
#include "store/store.h"

const char *
ho_calib_target_name(enum ho_calib_target t)
{
    return t == HO_CALIB_TARGET_WON ? "won" : "sql";
}

/* The labelled samples: row i is x[i * d .. i * d + d). */
struct samples {
    size_t d, n;
    double *x;
    size_t cap_x;
    double *score; /* the active score (fit + behaviour) at the features' time */
    size_t cap_score;
    uint8_t *y;
    size_t cap_y;
    bool *hold; /* in the holdout */
    size_t cap_hold;
    int64_t *t;    /* the features' time (the first sales touch) */
    uint64_t *key; /* ho_calib_key of the lead id */
    size_t cap_t, cap_key;
};

static void
samples_release(struct samples *s)
{
    ho_xfree(s->x);
    ho_xfree(s->score);
    ho_xfree(s->y);
    ho_xfree(s->hold);
    ho_xfree(s->t);
    ho_xfree(s->key);
}

struct collect {
    struct ho_calibration *out;
    struct ho_replay *rp;
    const struct ho_strtab *strings;
    struct samples *s;
};

static bool
is_positive(enum ho_calib_target t, enum ho_real_outcome o)
{
    return o == HO_REAL_CUSTOMER || (t == HO_CALIB_TARGET_SQL && o == HO_REAL_SQL);
}

/* Append the sample of the lead replayed into r (traced, at its features'
 * time) with label y. */
static void
add_sample(struct collect *c, uint32_t lead, const struct ho_lead_result *r, bool y, int64_t touch)
{
    struct samples *s = c->s;
    size_t i = s->n++;
    HO_GROW(s->x, s->cap_x, ho_size_mul(s->n, s->d));
    HO_GROW(s->score, s->cap_score, s->n);
    HO_GROW(s->y, s->cap_y, s->n);
    HO_GROW(s->hold, s->cap_hold, s->n);
    HO_GROW(s->t, s->cap_t, s->n);
    HO_GROW(s->key, s->cap_key, s->n);
    size_t n_det;
    const struct ho_rule_detail *det = ho_replay_details(c->rp, &n_det);
    const char *channel = r->channel ? ho_strtab_str(c->strings, r->channel) : NULL;
    ho_calib_row(&c->out->layout, det, n_det, channel, &s->x[i * s->d]);
    s->score[i] = r->fit + r->behavior;
    s->y[i] = y;
    const struct ho_calib_opts *o = &c->out->opts;
    s->t[i] = touch;
    s->key[i] = ho_calib_key(ho_strtab_str(c->strings, lead));
    s->hold[i] = o->random_split && ho_calib_in_holdout(o->seed, s->key[i], o->holdout);
}

static ho_rc
take_lead(void *ctx, uint32_t lead, const uint32_t *ev, size_t n, struct ho_diag *diag)
{
    struct collect *c = ctx;
    struct ho_lead_result r;
    ho_rc rc = ho_replay_lead(c->rp, lead, ev, n, INT64_MAX, false, &r, diag);
    if (rc != HO_OK)
        return rc;
    c->out->leads++;
    int64_t touch = ho_lead_first_sales_touch(&r);
    if (touch == HO_TIME_NONE) {
        c->out->unknown++;
        return HO_OK;
    }
    bool y = is_positive(c->out->opts.target, ho_lead_real_outcome(&r));
    /* As the lead stood just before sales first touched it: no leakage. */
    rc = ho_replay_lead(c->rp, lead, ev, n, touch - 1, true, &r, diag);
    if (rc == HO_OK)
        add_sample(c, lead, &r, y, touch);
    return rc;
}

/* The rows of s in the training part (holdout false) or the holdout. */
static size_t
pick(const struct samples *s, bool holdout, size_t *idx)
{
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->hold[i] == holdout)
            idx[k++] = i;
    }
    return k;
}

/* The training rows copied out of s (rows idx[0..n)), one column each
 * when col is set (the active score), else every feature. */
static double *
train_matrix(const struct samples *s, const size_t *idx, size_t n, bool score_only, uint8_t *y)
{
    size_t d = score_only ? 1 : s->d;
    double *x = ho_xcalloc(ho_size_mul(n, d) + 1, sizeof(*x));
    for (size_t k = 0; k < n; k++) {
        if (score_only)
            x[k] = s->score[idx[k]];
        else
            memcpy(&x[k * d], &s->x[idx[k] * d], d * sizeof(*x));
        y[k] = s->y[idx[k]];
    }
    return x;
}

static void
evaluate(const double *p, const uint8_t *y, size_t n, struct ho_calib_eval *e)
{
    e->auc = ho_calib_auc(p, y, n);
    e->brier = ho_calib_brier(p, y, n);
    ho_calib_bands(p, y, n, e->bands);
}

struct split {
    size_t *train, *hold;
    size_t n_train, n_hold;
    uint8_t *y_train, *y_hold;
    double *p; /* predictions on the holdout */
};

static void
split_release(struct split *sp)
{
    ho_xfree(sp->train);
    ho_xfree(sp->hold);
    ho_xfree(sp->y_train);
    ho_xfree(sp->y_hold);
    ho_xfree(sp->p);
}

static void
split_init(const struct samples *s, struct split *sp, struct ho_calibration *out)
{
    sp->train = ho_xcalloc(s->n + 1, sizeof(size_t));
    sp->hold = ho_xcalloc(s->n + 1, sizeof(size_t));
    sp->n_train = pick(s, false, sp->train);
    sp->n_hold = pick(s, true, sp->hold);
    sp->y_train = ho_xcalloc(s->n + 1, 1);
    sp->y_hold = ho_xcalloc(s->n + 1, 1);
    sp->p = ho_xcalloc(s->n + 1, sizeof(double));
    for (size_t k = 0; k < sp->n_hold; k++) {
        sp->y_hold[k] = s->y[sp->hold[k]];
        out->holdout_positives += sp->y_hold[k];
    }
    for (size_t k = 0; k < sp->n_train; k++)
        out->train_positives += s->y[sp->train[k]];
    out->n_train = sp->n_train;
    out->n_holdout = sp->n_hold;
}

/* The full model: fit on the training part, judge on the holdout. */
static ho_rc
fit_model(const struct samples *s, struct split *sp, struct ho_calibration *out,
          struct ho_diag *diag)
{
    double *x = train_matrix(s, sp->train, sp->n_train, false, sp->y_train);
    double *w = ho_xcalloc(s->d + 1, sizeof(*w));
    ho_rc rc = ho_logistic_fit(x, sp->y_train, sp->n_train, s->d, w, &out->bias, diag);
    for (size_t j = 0; j < s->d && rc == HO_OK; j++) {
        out->coefs[j].coef = w[j];
        for (size_t k = 0; k < sp->n_train; k++)
            out->coefs[j].nonzero += x[k * s->d + j] != 0.0;
    }
    for (size_t k = 0; k < sp->n_hold && rc == HO_OK; k++)
        sp->p[k] = ho_calib_predict(w, out->bias, &s->x[sp->hold[k] * s->d], s->d);
    if (rc == HO_OK)
        evaluate(sp->p, sp->y_hold, sp->n_hold, &out->model);
    ho_xfree(w);
    ho_xfree(x);
    return rc;
}

/* The active score as a probability: a one-feature fit on the training part. */
static ho_rc
fit_active(const struct samples *s, struct split *sp, struct ho_calibration *out,
           struct ho_diag *diag)
{
    double *x = train_matrix(s, sp->train, sp->n_train, true, sp->y_train);
    double a = 0, b = 0;
    ho_rc rc = ho_logistic_fit(x, sp->y_train, sp->n_train, 1, &a, &b, diag);
    for (size_t k = 0; k < sp->n_hold && rc == HO_OK; k++)
        sp->p[k] = ho_calib_predict(&a, b, &s->score[sp->hold[k]], 1);
    if (rc == HO_OK)
        evaluate(sp->p, sp->y_hold, sp->n_hold, &out->active);
    ho_xfree(x);
    return rc;
}

static ho_rc
fit_and_judge(const struct samples *s, struct ho_calibration *out, struct ho_diag *diag)
{
    struct split sp;
    memset(&sp, 0, sizeof(sp));
    split_init(s, &sp, out);
    ho_rc rc = HO_OK;
    if (out->train_positives == 0 || out->train_positives == sp.n_train)
        rc = ho_diag_set(diag, HO_EINVAL,
                         "the training part (%zu samples, %zu positive) has one class only — "
                         "use a smaller --holdout or another --seed",
                         sp.n_train, out->train_positives);
    if (rc == HO_OK)
        rc = fit_model(s, &sp, out, diag);
    if (rc == HO_OK)
        rc = fit_active(s, &sp, out, diag);
    split_release(&sp);
    return rc;
}

static ho_rc
collect_samples(struct ho_app *app, struct ho_calibration *out, struct samples *s,
                struct ho_diag *diag)
{
    ho_rc rc = ho_app_open_engine(app, NULL, diag);
    if (rc != HO_OK)
        return rc;
    struct collect c = { .out = out,
                         .rp = ho_replay_new(ho_engine_model(app->eng)),
                         .strings = ho_engine_log(app->eng)->strings,
                         .s = s };
    rc = ho_engine_each_lead(app->eng, take_lead, &c, diag);
    ho_replay_free(c.rp);
    if (rc == HO_OK && !out->opts.random_split)
        ho_calib_time_holdout(s->t, s->key, s->n, out->opts.holdout, s->hold);
    uint64_t pos = 0;
    for (size_t i = 0; i < s->n; i++)
        pos += s->y[i];
    ho_calib_need(pos, s->n - pos, &out->need);
    return rc;
}

/* ---- suggested points and the candidate ---------------------------------- */

/* Whether rule r (fit rules first) is named by an MQL or_any set. */
static bool
in_or_any(const struct ho_defs *d, size_t r)
{
    bool fit = r < d->n_fit;
    size_t index = fit ? r : r - d->n_fit;
    for (size_t s = 0; s < d->mql.n_or_any; s++) {
        for (size_t i = 0; i < d->mql.or_any[s].n_rules; i++) {
            const struct ho_rule_ref *ref = &d->mql.or_any[s].rules[i];
            if (ref->is_fit == fit && ref->index == index)
                return true;
        }
    }
    return false;
}

static void
rules_init(const struct ho_defs *d, const double *coef, struct ho_calibration *out)
{
    for (size_t r = 0; r < out->layout.n_rules; r++) {
        bool fit = r < d->n_fit;
        out->rules[r] = (struct ho_calib_rule){
            .name = fit ? d->fit[r].name : d->behavior[r - d->n_fit].name,
            .is_fit = fit,
            .coef = coef[r],
            .points = fit ? d->fit[r].points : d->behavior[r - d->n_fit].points,
            .no_evidence = true,
        };
    }
    for (size_t j = 0; j < out->layout.n; j++) {
        if (out->layout.v[j].kind != HO_CALIB_CHANNEL && out->coefs[j].nonzero > 0)
            out->rules[out->layout.v[j].rule].no_evidence = false;
    }
}

/* Scale the coefficients of the rules with evidence into points. */
static void
scale_rules(struct ho_calibration *out)
{
    size_t nr = out->layout.n_rules, k = 0;
    double *coef = ho_xcalloc(nr + 1, sizeof(*coef));
    double *cur = ho_xcalloc(nr + 1, sizeof(*cur));
    double *sug = ho_xcalloc(nr + 1, sizeof(*sug));
    for (size_t r = 0; r < nr; r++) {
        if (!out->rules[r].no_evidence) {
            coef[k] = out->rules[r].coef;
            cur[k++] = out->rules[r].points;
        }
    }
    (void)ho_calib_scale_points(coef, cur, k, sug);
    k = 0;
    for (size_t r = 0; r < nr; r++) {
        struct ho_calib_rule *x = &out->rules[r];
        x->scaled = x->no_evidence ? x->points : sug[k++];
        x->suggested = x->scaled;
    }
    ho_xfree(coef);
    ho_xfree(cur);
    ho_xfree(sug);
}

static void
suggest_points(const struct ho_defs *d, struct ho_calibration *out)
{
    size_t nr = out->layout.n_rules;
    double *w = ho_xcalloc(out->layout.n + 1, sizeof(*w));
    double *coef = ho_xcalloc(nr + 1, sizeof(*coef));
    for (size_t j = 0; j < out->layout.n; j++)
        w[j] = out->coefs[j].coef;
    ho_calib_rule_coefs(&out->layout, w, coef);
    rules_init(d, coef, out);
    scale_rules(out);
    for (size_t r = 0; r < nr; r++) {
        struct ho_calib_rule *x = &out->rules[r];
        if (x->suggested < 1.0 && in_or_any(d, r)) {
            x->suggested = 1.0;
            x->held = true;
        }
    }
    ho_xfree(w);
    ho_xfree(coef);
}

/*
 * A behaviour rule's cap (max or min) follows its points: the cap in events
 * (cap / points) stays, so a rule worth twice as much per event may add up
 * to twice as much; a rule whose points change sign gets the other key (max
 * caps positive points, min floors negative ones) and one with 0 points none.
 */
static void
add_cap_edit(struct ho_defs_edit *e, size_t *n, const struct ho_calib_rule *r, const char *key,
             double cap)
{
    double events = r->points != 0.0 ? cap / r->points : 1.0;
    const char *want = r->suggested > 0 ? "max" : "min";
    e[*n] = (struct ho_defs_edit){ .rule = r->name, .key = key };
    if (r->suggested == 0.0)
        e[*n].drop = true;
    else
        e[*n].value = round(r->suggested * events) + 0.0;
    if (strcmp(want, key) != 0)
        e[*n].rename = want;
    (*n)++;
}

static size_t
candidate_edits(const struct ho_defs *d, const struct ho_calibration *out, struct ho_defs_edit *e)
{
    size_t n = 0;
    for (size_t r = 0; r < out->layout.n_rules; r++) {
        const struct ho_calib_rule *cr = &out->rules[r];
        if (cr->suggested == cr->points)
            continue;
        e[n++] = (struct ho_defs_edit){ .rule = cr->name, .key = "points", .value = cr->suggested };
        if (cr->is_fit)
            continue;
        const struct ho_behavior_rule *b = &d->behavior[r - d->n_fit];
        if (b->has_max)
            add_cap_edit(e, &n, cr, "max", b->max);
        else if (b->has_min)
            add_cap_edit(e, &n, cr, "min", b->min);
    }
    return n;
}

/* The rejection flags of report rules, per rule (same order: fit, behaviour). */
static ho_rc
add_rejections(struct ho_app *app, struct ho_calibration *out, struct ho_diag *diag)
{
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_journey_row *rows = NULL;
    size_t n = 0;
    ho_rc rc = ho_store_load_journeys(app->st, strings, &rows, &n, diag);
    struct ho_rules_report rr;
    memset(&rr, 0, sizeof(rr));
    if (rc == HO_OK) {
        ho_rules_report_compute(&app->defs, rows, n, INT64_MIN, INT64_MAX, &rr);
        ho_rules_report_rejections(&rr, &app->defs, rows, n, INT64_MIN, INT64_MAX, strings);
    }
    for (size_t r = 0; r < rr.n && r < out->layout.n_rules; r++) {
        struct ho_calib_rule *x = &out->rules[r];
        x->mql_journeys = rr.rules[r].share.num;
        x->bad_fit = rr.rules[r].bad_fit;
        x->bad_scoring = rr.rules[r].bad_scoring;
        x->mostly_rejected = rr.rules[r].mostly_rejected;
        x->rejection_text = ho_rule_rejection_text(&rr.rules[r]);
    }
    ho_rules_report_release(&rr);
    ho_xfree(rows);
    ho_strtab_free(strings);
    return rc;
}

static int64_t
next_version(const struct ho_defs_history *h)
{
    int64_t last = 0;
    for (size_t i = 0; i < h->n; i++)
        last = h->items[i].number > last ? h->items[i].number : last;
    return last + 1;
}

static ho_rc
write_candidate(struct ho_app *app, struct ho_calibration *out, struct ho_diag *diag)
{
    struct ho_buf active = HO_BUF_INIT;
    struct ho_defs_history h;
    memset(&h, 0, sizeof(h));
    ho_rc rc = ho_app_defs_text(app, 0, &active, &out->active_version, diag);
    if (rc == HO_OK)
        rc = ho_app_defs_history(app, &h, diag);
    out->candidate_version = next_version(&h);
    ho_defs_history_release(&h);
    struct ho_defs_edit *e = ho_xcalloc(3 * out->layout.n_rules + 1, sizeof(*e));
    size_t n = candidate_edits(&app->defs, out, e);
    out->n_edits = n;
    if (rc == HO_OK && n > 0)
        rc = ho_defs_candidate_text(ho_buf_cstr(&active), active.len, e, n, out->candidate_version,
                                    &out->candidate, diag);
    char name[64];
    (void)snprintf(name, sizeof(name), "version %lld", (long long)out->active_version);
    if (rc == HO_OK && n > 0)
        rc =
            ho_defs_diff_texts(ho_buf_cstr(&active), active.len, name, ho_buf_cstr(&out->candidate),
                               out->candidate.len, "candidate", &out->diff, diag);
    ho_xfree(e);
    ho_buf_release(&active);
    return rc;
}

ho_rc
ho_app_calibrate(struct ho_app *app, const struct ho_calib_opts *o, struct ho_calibration *out,
                 struct ho_diag *diag)
{
    memset(out, 0, sizeof(*out));
    out->opts = *o;
    ho_calib_layout_init(&out->layout, &app->defs);
    out->coefs = ho_xcalloc(out->layout.n + 1, sizeof(*out->coefs));
    out->rules = ho_xcalloc(out->layout.n_rules + 1, sizeof(*out->rules));
    for (size_t j = 0; j < out->layout.n; j++)
        ho_calib_feature_label(&out->layout.v[j], out->coefs[j].label, sizeof(out->coefs[j].label));
    struct samples s = { .d = out->layout.n };
    ho_rc rc = collect_samples(app, out, &s, diag);
    if (rc == HO_OK && out->need.enough)
        rc = fit_and_judge(&s, out, diag);
    samples_release(&s);
    if (rc != HO_OK || !out->need.enough)
        return rc;
    out->fitted = true;
    suggest_points(&app->defs, out);
    rc = add_rejections(app, out, diag);
    return rc == HO_OK ? write_candidate(app, out, diag) : rc;
}

void
ho_calibration_release(struct ho_calibration *c)
{
    if (!c)
        return;
    ho_calib_layout_release(&c->layout);
    ho_xfree(c->coefs);
    ho_xfree(c->rules);
    ho_buf_release(&c->candidate);
    ho_defs_diff_release(&c->diff);
    memset(c, 0, sizeof(*c));
}
