/* SPDX-License-Identifier: MIT */
/*
 * core/calib_features.c - the feature rows of calibrate (core/calib_features.h).
 */
#include "core/calib_features.h"

#include <math.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/defs.h"
#include "core/replay.h"

static void
add(struct ho_calib_layout *l, enum ho_calib_feature_kind kind, const char *name, size_t rule)
{
    l->v[l->n++] =
        (struct ho_calib_feature){ .kind = kind, .name = name, .rule = rule, .weight = 1.0 };
}

void
ho_calib_layout_init(struct ho_calib_layout *out, const struct ho_defs *d)
{
    memset(out, 0, sizeof(*out));
    size_t cap = d->n_fit + 2 * d->n_behavior + d->n_channels + 1;
    out->v = ho_xcalloc(cap, sizeof(*out->v));
    for (size_t i = 0; i < d->n_fit; i++)
        add(out, HO_CALIB_FIT_HOLDS, d->fit[i].name, i);
    for (size_t i = 0; i < d->n_behavior; i++) {
        add(out, HO_CALIB_BEHAVIOR_DECAYED, d->behavior[i].name, d->n_fit + i);
        add(out, HO_CALIB_BEHAVIOR_COUNT, d->behavior[i].name, d->n_fit + i);
        if (d->behavior[i].kind == HO_BEHAVIOR_WINDOW)
            out->v[out->n - 1].weight = (double)d->behavior[i].count;
    }
    out->n_rules = d->n_fit + d->n_behavior;
    out->first_channel = out->n;
    for (size_t i = 0; i < d->n_channels; i++)
        add(out, HO_CALIB_CHANNEL, d->channels[i].name, SIZE_MAX);
    add(out, HO_CALIB_CHANNEL, "other", SIZE_MAX);
}

void
ho_calib_layout_release(struct ho_calib_layout *l)
{
    if (!l)
        return;
    ho_xfree(l->v);
    memset(l, 0, sizeof(*l));
}

/* Append s to out[*at..size), keeping the NUL; cut at the end. */
static void
put(char *out, size_t size, size_t *at, const char *s)
{
    while (*s && *at + 1 < size)
        out[(*at)++] = *s++;
    out[*at] = '\0';
}

void
ho_calib_feature_label(const struct ho_calib_feature *f, char *out, size_t size)
{
    static const char *const suffix[] = { ".holds", ".decayed", ".count", "" };
    size_t at = 0;
    out[0] = '\0';
    put(out, size, &at, f->kind == HO_CALIB_CHANNEL ? "channel." : "");
    put(out, size, &at, f->name);
    put(out, size, &at, suffix[f->kind]);
}

/* The value of behaviour feature f from its rule's detail. */
static double
behavior_value(const struct ho_calib_feature *f, const struct ho_rule_detail *r)
{
    if (f->kind == HO_CALIB_BEHAVIOR_COUNT || r->points == 0.0)
        return (double)r->n_events;
    return r->decayed / r->points;
}

void
ho_calib_row(const struct ho_calib_layout *l, const struct ho_rule_detail *det, size_t n_det,
             const char *channel, double *x)
{
    size_t other = l->n - 1;
    for (size_t j = 0; j < l->n; j++) {
        const struct ho_calib_feature *f = &l->v[j];
        x[j] = 0.0;
        if (f->kind == HO_CALIB_FIT_HOLDS && f->rule < n_det)
            x[j] = det[f->rule].holds ? 1.0 : 0.0;
        else if (f->kind != HO_CALIB_CHANNEL && f->rule < n_det)
            x[j] = behavior_value(f, &det[f->rule]);
    }
    bool named = false;
    for (size_t j = l->first_channel; j < other && channel && channel[0]; j++) {
        if (strcmp(l->v[j].name, channel) == 0) {
            x[j] = 1.0;
            named = true;
        }
    }
    x[other] = named ? 0.0 : 1.0;
}

void
ho_calib_rule_coefs(const struct ho_calib_layout *l, const double *coef, double *rule_coef)
{
    for (size_t r = 0; r < l->n_rules; r++)
        rule_coef[r] = 0.0;
    for (size_t j = 0; j < l->n; j++) {
        if (l->v[j].kind != HO_CALIB_CHANNEL)
            rule_coef[l->v[j].rule] += l->v[j].weight * coef[j];
    }
}

double
ho_calib_predict(const double *w, double bias, const double *x, size_t n)
{
    double z = bias;
    for (size_t j = 0; j < n; j++)
        z += w[j] * x[j];
    return 1.0 / (1.0 + exp(-z));
}
