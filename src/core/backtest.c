/* SPDX-License-Identifier: MIT */
/*
 * core/backtest.c - the comparison of active and candidate definitions
 * (core/backtest.h).
 */
#include "core/backtest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/outcome.h"
#include "core/replay.h"

/* The first journey that entered MQL, or NULL. */
static const struct ho_journey *
first_mql(const struct ho_lead_result *r)
{
    for (size_t i = 0; i < r->n_journeys; i++) {
        if (r->journeys[i].entered[HO_STAGE_MQL] != HO_TIME_NONE)
            return &r->journeys[i];
    }
    return NULL;
}

/* Points of the rule named name in d; false when d has no such rule. */
static bool
rule_points(const struct ho_defs *d, const char *name, double *points)
{
    for (size_t i = 0; i < d->n_fit; i++) {
        if (strcmp(d->fit[i].name, name) == 0) {
            *points = d->fit[i].points;
            return true;
        }
    }
    for (size_t i = 0; i < d->n_behavior; i++) {
        if (strcmp(d->behavior[i].name, name) == 0) {
            *points = d->behavior[i].points;
            return true;
        }
    }
    return false;
}

/* Name of rule i in the journey's rules_at_mql order (fit, then behaviour). */
static const char *
rule_name(const struct ho_defs *d, size_t i)
{
    if (i < d->n_fit)
        return d->fit[i].name;
    i -= d->n_fit;
    return i < d->n_behavior ? d->behavior[i].name : NULL;
}

/*
 * Why the MQL journey j under `had` is not an MQL under `other` (or the
 * reverse): the threshold when the journey qualified on min_score and the
 * thresholds differ, else the first rule that held at the MQL whose points
 * differ (or that `other` lacks), else the criterion the journey met.
 */
static const char *
responsible(const struct ho_defs *had, const struct ho_defs *other, const struct ho_journey *j)
{
    if (j->criterion == 0 && had->mql.min_score != other->mql.min_score)
        return "mql.min_score";
    size_t n_rules = had->n_fit + had->n_behavior;
    for (size_t i = 0; i < n_rules && i < 64; i++) {
        if (!(j->rules_at_mql & (UINT64_C(1) << i)))
            continue;
        const char *name = rule_name(had, i);
        double pts = 0;
        double own = 0;
        (void)rule_points(had, name, &own);
        if (!rule_points(other, name, &pts) || pts != own)
            return name;
    }
    if (had->mql.min_score != other->mql.min_score)
        return "mql.min_score";
    const char *c = ho_defs_criterion_name(had, j->criterion);
    return c && c[0] ? c : "mql";
}

void
ho_bt_lead_from(const struct ho_defs *active_defs, const struct ho_defs *cand_defs,
                const struct ho_lead_result *active, const struct ho_lead_result *cand,
                struct ho_bt_lead *out)
{
    memset(out, 0, sizeof(*out));
    out->lead = active->lead;
    const struct ho_journey *ja = first_mql(active);
    const struct ho_journey *jc = first_mql(cand);
    out->active_mql = ja ? ja->entered[HO_STAGE_MQL] : HO_TIME_NONE;
    out->cand_mql = jc ? jc->entered[HO_STAGE_MQL] : HO_TIME_NONE;
    out->active_rep = ja ? ja->rep : 0;
    /* Routing is not re-simulated: the candidate's MQL of a lead that history
     * routed at another moment counts for the rep who worked it then. */
    out->cand_rep = jc ? (jc->rep ? jc->rep : out->active_rep) : 0;
    out->sql_at = ho_lead_first_entry(active, HO_STAGE_SQL);
    /* a meeting booked before any qualification skipped sql: it counts as reached */
    int64_t meeting = ho_lead_first_entry(active, HO_STAGE_MEETING);
    if (meeting != HO_TIME_NONE && (out->sql_at == HO_TIME_NONE || meeting < out->sql_at))
        out->sql_at = meeting;
    out->won_at = ho_lead_first_entry(active, HO_STAGE_CUSTOMER);
    out->outcome = ho_lead_real_outcome(active);
    if (ja && !jc)
        out->responsible = responsible(active_defs, cand_defs, ja);
    else if (jc && !ja)
        out->responsible = responsible(cand_defs, active_defs, jc);
}

bool
ho_bt_flips(const struct ho_bt_lead *l, bool *newly)
{
    bool a = l->active_mql != HO_TIME_NONE;
    bool c = l->cand_mql != HO_TIME_NONE;
    *newly = c && !a;
    return a != c;
}

/* The month a lead belongs to; false when it has none (never MQL nor SQL). */
static bool
lead_month(const struct ho_bt_lead *l, int64_t *month)
{
    int64_t t = l->active_mql;
    if (l->cand_mql != HO_TIME_NONE && (t == HO_TIME_NONE || l->cand_mql < t))
        t = l->cand_mql;
    if (t == HO_TIME_NONE)
        t = l->sql_at;
    if (t == HO_TIME_NONE)
        return false;
    *month = ho_time_month_index(t);
    return true;
}

/* Start (ms) of the ISO week (Monday 00:00 UTC) holding t. */
static int64_t
week_start(int64_t t)
{
    int64_t day = ho_time_day(t);          /* days since 1970-01-01, a Thursday */
    int64_t dow = ((day + 3) % 7 + 7) % 7; /* 0 = Monday */
    return (day - dow) * HO_MS_PER_DAY;
}

struct counts {
    struct ho_bt_count *v;
    size_t n, cap;
};

static void
bump(struct counts *c, int64_t key, bool cand)
{
    size_t lo = 0;
    size_t hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->v[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == c->n || c->v[lo].key != key) {
        HO_GROW(c->v, c->cap, c->n + 1);
        memmove(&c->v[lo + 1], &c->v[lo], (c->n - lo) * sizeof(c->v[0]));
        c->v[lo] = (struct ho_bt_count){ .key = key };
        c->n++;
    }
    if (cand)
        c->v[lo].cand++;
    else
        c->v[lo].active++;
}

struct tally {
    struct counts months, weeks, reps, groups;
    double *diffs;
    size_t n_diffs;
};

static void
count_side(struct ho_bt_side *s, struct tally *t, const struct ho_bt_lead *l, int64_t mql,
           uint32_t rep, bool cand)
{
    if (mql == HO_TIME_NONE)
        return;
    s->mqls++;
    if (l->sql_at != HO_TIME_NONE)
        s->mql_sql++;
    if (l->outcome == HO_REAL_UNKNOWN)
        s->unknown++;
    else
        s->known++;
    if (l->sql_at != HO_TIME_NONE)
        s->sql_recalled++;
    if (l->won_at != HO_TIME_NONE)
        s->won_recalled++;
    bump(&t->months, ho_time_month_index(mql), cand);
    bump(&t->weeks, week_start(mql), cand);
    bump(&t->reps, rep, cand);
    bump(&t->groups, l->group, cand);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a;
    double y = *(const double *)b;
    return (x > y) - (x < y);
}

static void
take_median(struct ho_bt_report *r, double *v, size_t n)
{
    r->median_n = n;
    r->has_median = n > 0;
    if (n == 0)
        return;
    qsort(v, n, sizeof(*v), cmp_double);
    r->median_days_earlier = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
count_lead(struct ho_bt_report *r, struct tally *t, const struct ho_bt_lead *l, size_t index)
{
    r->leads++;
    if (l->sql_at != HO_TIME_NONE)
        r->sql_leads++;
    if (l->won_at != HO_TIME_NONE)
        r->won_leads++;
    count_side(&r->active, t, l, l->active_mql, l->active_rep, false);
    count_side(&r->cand, t, l, l->cand_mql, l->cand_rep, true);
    if (l->sql_at != HO_TIME_NONE && l->active_mql != HO_TIME_NONE && l->cand_mql != HO_TIME_NONE)
        t->diffs[t->n_diffs++] = (double)(l->active_mql - l->cand_mql) / (double)HO_MS_PER_DAY;
    bool newly;
    if (!ho_bt_flips(l, &newly))
        return;
    r->flips[r->n_flips++] = index;
    if (newly)
        r->n_new++;
    else
        r->n_gone++;
    if (l->outcome == HO_REAL_UNKNOWN)
        r->n_flips_unknown++;
}

void
ho_bt_compute(const struct ho_bt_lead *leads, size_t n, int64_t from_month, int64_t to_month,
              struct ho_bt_report *out)
{
    memset(out, 0, sizeof(*out));
    struct tally t;
    memset(&t, 0, sizeof(t));
    t.diffs = ho_xcalloc(n + 1, sizeof(*t.diffs));
    out->flips = ho_xcalloc(n + 1, sizeof(*out->flips));
    for (size_t i = 0; i < n; i++) {
        int64_t month;
        if (lead_month(&leads[i], &month) && month >= from_month && month <= to_month)
            count_lead(out, &t, &leads[i], i);
    }
    take_median(out, t.diffs, t.n_diffs);
    ho_xfree(t.diffs);
    out->months = t.months.v;
    out->n_months = t.months.n;
    out->weeks = t.weeks.v;
    out->n_weeks = t.weeks.n;
    out->reps = t.reps.v;
    out->n_reps = t.reps.n;
    out->groups = t.groups.v;
    out->n_groups = t.groups.n;
}

void
ho_bt_report_release(struct ho_bt_report *r)
{
    ho_xfree(r->months);
    ho_xfree(r->weeks);
    ho_xfree(r->reps);
    ho_xfree(r->groups);
    ho_xfree(r->flips);
    memset(r, 0, sizeof(*r));
}
