/* SPDX-License-Identifier: MIT */
/*
 * core/alerts.c - the alert facts of one lead's state (core/alerts.h).
 */
#include "core/alerts.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/defs.h"
#include "core/dims.h"
#include "core/journey.h"
#include "core/sla.h"
#include "core/stage.h"

#define TOP_RULES 3

struct derive {
    const struct ho_defs *d;
    const struct ho_lead_record *rec;
    ho_alert_emit_fn emit;
    void *ctx;
    struct ho_diag *diag;
};

/* FNV-1a over the parts, each followed by a NUL. */
static uint64_t
fnv_part(uint64_t h, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    return (h ^ 0) * 0x100000001b3ULL;
}

/* The id of f: "alrt_" + the hash of its kind, lead, journey number and key. */
static void
make_id(struct ho_alert_fact *f, uint32_t journey, const char *key)
{
    static const char hex[] = "0123456789abcdef";
    struct ho_buf n = HO_BUF_INIT;
    ho_buf_printf(&n, "%u", journey);
    uint64_t h = 0xcbf29ce484222325ULL;
    h = fnv_part(h, ho_alert_kind_name(f->kind));
    h = fnv_part(h, f->lead);
    h = fnv_part(h, ho_buf_cstr(&n));
    h = fnv_part(h, key);
    ho_buf_release(&n);
    memcpy(f->id, "alrt_", 5);
    for (int i = 0; i < 16; i++)
        f->id[5 + i] = hex[(h >> (60 - 4 * i)) & 0xf];
    f->id[21] = '\0';
}

static const char *
text_or_null(const char *s)
{
    return s && *s ? s : NULL;
}

/* Rule i of the definitions (fit rules first, then behaviour), or -1. */
static int
rule_index(const struct ho_defs *d, const char *name)
{
    for (size_t i = 0; i < d->n_fit; i++) {
        if (strcmp(d->fit[i].name, name) == 0)
            return (int)i;
    }
    for (size_t i = 0; i < d->n_behavior; i++) {
        if (strcmp(d->behavior[i].name, name) == 0)
            return (int)(d->n_fit + i);
    }
    return -1;
}

static const char *
rule_name(const struct ho_defs *d, size_t i)
{
    return i < d->n_fit ? d->fit[i].name : d->behavior[i - d->n_fit].name;
}

static double
rule_points(const struct ho_defs *d, size_t i)
{
    return i < d->n_fit ? d->fit[i].points : d->behavior[i - d->n_fit].points;
}

/* Whether the subscription's filters hold for the journey (rule: held at
 * its MQL; channel: the lead's, `other` for none; segment: the size band
 * of the account's employees, as `report --by segment` groups them, so a
 * lead without a numeric employees trait matches no segment). */
static bool
filters_hold(const struct ho_defs *d, const struct ho_notify_sub *s,
             const struct ho_lead_record *rec, const struct ho_journey *j)
{
    if (s->when_rule) {
        int i = rule_index(d, s->when_rule);
        if (i < 0 || i >= 64 || !(j->rules_at_mql & (1ULL << i)))
            return false;
    }
    if (s->when_channel) {
        const char *ch = text_or_null(rec->channel) ? rec->channel : "other";
        if (strcmp(ch, s->when_channel) != 0)
            return false;
    }
    return s->when_segment == NULL || strcmp(ho_size_band(rec->employees), s->when_segment) == 0;
}

/* Emit f to every target of every matching subscription of its kind. */
static ho_rc
emit_to_subs(struct derive *x, struct ho_alert_fact *f, const struct ho_journey *j,
             const struct ho_notify_sub **only)
{
    const struct ho_notify_def *n = &x->d->notify;
    for (size_t i = 0; i < n->n_subs; i++) {
        const struct ho_notify_sub *s = &n->subs[i];
        if (s->kind != f->kind || (only && *only != s) || !filters_hold(x->d, s, x->rec, j))
            continue;
        for (size_t t = 0; t < s->n_to; t++) {
            f->target = s->to[t];
            ho_rc rc = x->emit(x->ctx, f, x->diag);
            if (rc != HO_OK)
                return rc;
        }
    }
    return HO_OK;
}

static bool
wants(const struct ho_defs *d, int kind)
{
    for (size_t i = 0; i < d->notify.n_subs; i++) {
        if (d->notify.subs[i].kind == kind)
            return true;
    }
    return false;
}

struct ranked {
    size_t rule;
    double points;
};

static int
cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->points != y->points)
        return x->points > y->points ? -1 : 1;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* The rules held at the MQL with the most points, comma-separated. */
static void
top_rules(const struct ho_defs *d, const struct ho_journey *j, struct ho_buf *out)
{
    struct ranked r[64];
    size_t n = 0, total = d->n_fit + d->n_behavior;
    for (size_t i = 0; i < total && i < 64; i++) {
        if (j->rules_at_mql & (1ULL << i))
            r[n++] = (struct ranked){ i, rule_points(d, i) };
    }
    qsort(r, n, sizeof(r[0]), cmp_ranked);
    for (size_t i = 0; i < n && i < TOP_RULES; i++)
        ho_buf_printf(out, "%s%s", i ? "," : "", rule_name(d, r[i].rule));
}

static void
base_fact(struct derive *x, struct ho_alert_fact *f, int kind, const struct ho_journey_record *jr)
{
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->lead = x->rec->lead;
    f->rep = text_or_null(jr->rep);
}

static ho_rc
mql_alert(struct derive *x, const struct ho_journey_record *jr)
{
    const struct ho_journey *j = jr->j;
    if (j->entered[HO_STAGE_MQL] == HO_TIME_NONE || !wants(x->d, HO_ALERT_MQL))
        return HO_OK;
    struct ho_alert_fact f;
    base_fact(x, &f, HO_ALERT_MQL, jr);
    struct ho_buf rules = HO_BUF_INIT;
    top_rules(x->d, j, &rules);
    f.at = j->entered[HO_STAGE_MQL];
    f.stage_from = ho_stage_name(j->first == HO_STAGE_MQL ? HO_STAGE_LEAD : j->first);
    f.stage_to = ho_stage_name(HO_STAGE_MQL);
    f.fit = j->fit_at_mql;
    f.behavior = j->behavior_at_mql;
    f.criterion = text_or_null(jr->criterion);
    f.top_rules = rules.len ? ho_buf_cstr(&rules) : NULL;
    make_id(&f, j->n, "");
    ho_rc rc = emit_to_subs(x, &f, j, NULL);
    ho_buf_release(&rules);
    return rc;
}

static ho_rc
assigned_alert(struct derive *x, const struct ho_journey_record *jr)
{
    const struct ho_journey *j = jr->j;
    if (j->assigned_at == HO_TIME_NONE || !text_or_null(jr->rep) || !wants(x->d, HO_ALERT_ASSIGNED))
        return HO_OK;
    struct ho_alert_fact f;
    base_fact(x, &f, HO_ALERT_ASSIGNED, jr);
    f.at = j->assigned_at;
    struct ho_buf key = HO_BUF_INIT;
    ho_buf_printf(&key, "%lld", (long long)j->assigned_at);
    make_id(&f, j->n, ho_buf_cstr(&key)); /* the rep is not in the id: a re-route keeps it */
    ho_buf_release(&key);
    return emit_to_subs(x, &f, j, NULL);
}

/* The stage entered latest before stage s of j (lead when none). */
static enum ho_stage
stage_before(const struct ho_journey *j, enum ho_stage s)
{
    enum ho_stage best = HO_STAGE_LEAD;
    int64_t best_at = HO_TIME_NONE;
    for (int k = 0; k < HO_STAGE__COUNT; k++) {
        int64_t t = j->entered[k];
        if (k != (int)s && t != HO_TIME_NONE && t <= j->entered[s] && t >= best_at &&
            !(t == j->entered[s] && k > (int)s)) {
            best = (enum ho_stage)k;
            best_at = t;
        }
    }
    return best;
}

static ho_rc
stage_alerts(struct derive *x, const struct ho_journey_record *jr)
{
    const struct ho_journey *j = jr->j;
    if (!wants(x->d, HO_ALERT_STAGE_CHANGED))
        return HO_OK;
    for (int s = HO_STAGE_MQL; s < HO_STAGE__COUNT; s++) {
        if (j->entered[s] == HO_TIME_NONE) /* the journey's first stage too: from lead */
            continue;
        struct ho_alert_fact f;
        base_fact(x, &f, HO_ALERT_STAGE_CHANGED, jr);
        f.at = j->entered[s];
        f.stage_from = ho_stage_name(stage_before(j, (enum ho_stage)s));
        f.stage_to = ho_stage_name((enum ho_stage)s);
        make_id(&f, j->n, f.stage_to);
        ho_rc rc = emit_to_subs(x, &f, j, NULL);
        if (rc != HO_OK)
            return rc;
    }
    return HO_OK;
}

static ho_rc
rejected_alert(struct derive *x, const struct ho_journey_record *jr)
{
    const struct ho_journey *j = jr->j;
    if (!j->closed || !text_or_null(jr->reason) || j->entered[HO_STAGE_MQL] == HO_TIME_NONE ||
        (j->last != HO_STAGE_NURTURE && j->last != HO_STAGE_DISQUALIFIED) ||
        !wants(x->d, HO_ALERT_REJECTED))
        return HO_OK;
    struct ho_alert_fact f;
    base_fact(x, &f, HO_ALERT_REJECTED, jr);
    f.at = j->entered[j->last];
    f.stage_to = ho_stage_name(j->last);
    f.reason = jr->reason;
    const struct ho_reason *r = ho_defs_reason(x->d, jr->reason);
    f.category = r ? r->category : NULL;
    make_id(&f, j->n, f.stage_to);
    return emit_to_subs(x, &f, j, NULL);
}

/* sla.breached once the deadline passed (by now) before the clock stopped;
 * sla.due_soon, per subscription, once `before` the deadline is reached
 * while it runs. */
static ho_rc
clock_alerts(struct derive *x, const struct ho_clock_record *cr, int64_t now)
{
    const struct ho_lead_record *rec = x->rec;
    const struct ho_sla_clock *c = cr->c;
    if (c->journey >= rec->n_journeys)
        return HO_OK;
    const struct ho_journey_record *jr = &rec->journeys[c->journey];
    struct ho_clock_row row = { .started = c->started,
                                .stopped = c->stopped,
                                .stop_event = text_or_null(cr->stop) ? 1 : 0,
                                .within_ms = cr->within_ms,
                                .raw = cr->raw };
    struct ho_clock_eval ev;
    ho_sla_eval(&x->d->calendar, &row, now, &ev);
    struct ho_alert_fact f;
    struct ho_buf key = HO_BUF_INIT;
    ho_buf_printf(&key, "%s/%lld", cr->name, (long long)c->started);
    ho_rc rc = HO_OK;
    if (ev.status == HO_SLA_BREACHED && wants(x->d, HO_ALERT_SLA_BREACHED)) {
        base_fact(x, &f, HO_ALERT_SLA_BREACHED, jr);
        f.at = ev.deadline;
        f.sla = cr->name;
        f.deadline = ev.deadline;
        make_id(&f, jr->j->n, ho_buf_cstr(&key));
        rc = emit_to_subs(x, &f, jr->j, NULL);
    }
    const struct ho_notify_def *n = &x->d->notify;
    for (size_t i = 0; rc == HO_OK && i < n->n_subs; i++) {
        const struct ho_notify_sub *s = &n->subs[i];
        int64_t due = ev.deadline - s->before_ms;
        if (s->kind != HO_ALERT_SLA_DUE_SOON || c->stopped != HO_TIME_NONE || now < due ||
            now >= ev.deadline)
            continue;
        base_fact(x, &f, HO_ALERT_SLA_DUE_SOON, jr);
        f.at = due;
        f.sla = cr->name;
        f.deadline = ev.deadline;
        make_id(&f, jr->j->n, ho_buf_cstr(&key));
        rc = emit_to_subs(x, &f, jr->j, &s);
    }
    ho_buf_release(&key);
    return rc;
}

int
ho_alerts_any(const struct ho_defs *d)
{
    return d->notify.n_subs > 0;
}

ho_rc
ho_alerts_derive(const struct ho_defs *d, const struct ho_lead_record *rec, int64_t now,
                 ho_alert_emit_fn emit, void *ctx, struct ho_diag *diag)
{
    struct derive x = { d, rec, emit, ctx, diag };
    ho_rc rc = HO_OK;
    for (size_t i = 0; rc == HO_OK && i < rec->n_journeys; i++) {
        const struct ho_journey_record *jr = &rec->journeys[i];
        rc = mql_alert(&x, jr);
        if (rc == HO_OK)
            rc = assigned_alert(&x, jr);
        if (rc == HO_OK)
            rc = stage_alerts(&x, jr);
        if (rc == HO_OK)
            rc = rejected_alert(&x, jr);
    }
    for (size_t i = 0; rc == HO_OK && i < rec->n_clocks; i++)
        rc = clock_alerts(&x, &rec->clocks[i], now);
    return rc;
}
