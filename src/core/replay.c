/* SPDX-License-Identifier: MIT */
/*
 * core/replay.c - replay one lead's events: the order of the steps, the
 * journeys, and the automatic transitions.
 *
 * Events are applied in (ts, id) order.  Each event may change traits (fit
 * and disqualifiers), behaviour rule state, the first-touch channel and the
 * stage; after each event the automatic transitions are checked
 * (disqualifier, then MQL) at the event's time.  See DESIGN.md §2 and §4.
 * The concerns live next door: what a behaviour rule kind scores in
 * core/score.c, what a sales event does in each stage in the transition
 * table of core/lifecycle.c, when SLA clocks start and stop in core/sla.c.
 */
#include "core/replay.h"

#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/lifecycle.h"
#include "core/match.h"
#include "core/model.h"
#include "core/score.h"
#include "core/sla.h"
#include "core/timeline.h"

struct trait {
    uint32_t account; /* 0 for lead traits */
    uint32_t key, val;
};

struct ho_replay {
    const struct ho_model *m;       /* the version in force: steps[step].m */
    struct ho_score score;          /* the scratch of steps[step]; the others wait in scores */
    struct ho_timeline_step *steps; /* owned copy; steps[0] covers all time before steps[1] */
    struct ho_score *scores;        /* owned: one per step */
    size_t n_steps, step;
    bool trace;
    size_t cur;       /* events of the lead applied so far (the index of the one being applied) */
    bool in_event;    /* inside apply_event, after its MQL aging check */
    size_t reset_pos; /* behaviour counts the lead's events from this index on */
    struct trait *traits;
    size_t n_traits, cap_traits;
    struct ho_journey *journeys;
    size_t n_journeys, cap_journeys;
    struct ho_sla_clocks clocks;
    struct ho_rule_detail *details;
    size_t n_details;
    /* the lead being replayed */
    uint32_t lead;
    uint32_t account;
    enum ho_stage stage;
    int32_t disq;
    bool sales_disq;
    bool open;    /* the last journey is still open */
    bool touched; /* a rep reached out since the MQL (stops MQL aging) */
    uint32_t channel, source, campaign;
    int64_t last_behavior;
};

double
ho_replay_event_points(const struct ho_model *m, size_t rule, int64_t event_ts, int64_t at)
{
    return ho_score_event_points(m->defs, rule, event_ts, at);
}

struct ho_replay *
ho_replay_new_timeline(const struct ho_timeline_step *steps, size_t n)
{
    struct ho_replay *r = ho_xcalloc(1, sizeof(*r));
    size_t most = 0;
    r->steps = ho_xcalloc(n, sizeof(*r->steps));
    r->scores = ho_xcalloc(n, sizeof(*r->scores));
    r->n_steps = n;
    for (size_t k = 0; k < n; k++) {
        const struct ho_defs *d = steps[k].m->defs;
        r->steps[k] = steps[k];
        ho_score_init(&r->scores[k], d);
        if (d->n_fit + d->n_behavior > most)
            most = d->n_fit + d->n_behavior;
    }
    r->m = steps[0].m;
    r->score = r->scores[0];
    r->details = ho_xcalloc(most + 1, sizeof(*r->details));
    return r;
}

struct ho_replay *
ho_replay_new(const struct ho_model *m)
{
    struct ho_timeline_step one = { INT64_MIN, 0, m };
    return ho_replay_new_timeline(&one, 1);
}

const struct ho_model *
ho_replay_model(const struct ho_replay *r)
{
    return r->m;
}

/* Make step k's model and scratch the current ones. */
static void
use_step(struct ho_replay *r, size_t k)
{
    if (k == r->step)
        return;
    r->scores[r->step] = r->score;
    r->score = r->scores[k];
    r->step = k;
    r->m = r->steps[k].m;
}

void
ho_replay_free(struct ho_replay *r)
{
    if (!r)
        return;
    use_step(r, 0);
    for (size_t k = 0; k < r->n_steps; k++)
        ho_score_release(k == 0 ? &r->score : &r->scores[k]);
    ho_xfree(r->scores);
    ho_xfree(r->steps);
    ho_xfree(r->traits);
    ho_xfree(r->journeys);
    ho_xfree(r->clocks.v);
    ho_xfree(r->details);
    ho_xfree(r);
}

static void
reset_lead(struct ho_replay *r, uint32_t lead)
{
    use_step(r, 0);
    ho_score_reset(&r->score);
    r->cur = r->reset_pos = 0;
    r->in_event = false;
    r->n_traits = 0;
    r->n_journeys = 0;
    r->clocks.n = 0;
    r->lead = lead;
    r->account = 0;
    r->stage = HO_STAGE_LEAD;
    r->disq = -1;
    r->sales_disq = false;
    r->open = false;
    r->touched = false;
    r->channel = r->source = r->campaign = 0;
    r->last_behavior = HO_TIME_NONE;
}

/* ---- traits, fit and disqualifiers ---- */

static void
set_trait(struct ho_replay *r, uint32_t account, uint32_t key, uint32_t val)
{
    for (size_t i = 0; i < r->n_traits; i++) {
        if (r->traits[i].account == account && r->traits[i].key == key) {
            r->traits[i].val = val;
            return;
        }
    }
    HO_GROW(r->traits, r->cap_traits, r->n_traits + 1);
    r->traits[r->n_traits++] = (struct trait){ account, key, val };
}

static uint32_t
get_trait(const struct ho_replay *r, uint32_t account, uint32_t key)
{
    for (size_t i = 0; i < r->n_traits; i++) {
        if (r->traits[i].account == account && r->traits[i].key == key)
            return r->traits[i].val;
    }
    return 0;
}

/* The text a fit or disqualifier condition reads.  A lead known by its
 * e-mail address needs no email trait: lead.email falls back to the id. */
static const char *
field_text(const struct ho_replay *r, const struct ho_match *mt)
{
    const struct ho_eventlog *log = r->m->log;
    if (mt->scope == HO_SCOPE_ACCOUNT)
        return r->account ? ho_eventlog_str(log, get_trait(r, r->account, mt->field_id)) : "";
    uint32_t v = get_trait(r, 0, mt->field_id);
    if (v)
        return ho_eventlog_str(log, v);
    const char *id = ho_eventlog_str(log, r->lead);
    if (strcmp(mt->field, "id") == 0 || (strcmp(mt->field, "email") == 0 && strchr(id, '@')))
        return id;
    return "";
}

static void
evaluate_traits(struct ho_replay *r)
{
    const struct ho_defs *d = r->m->defs;
    for (size_t i = 0; i < d->n_fit; i++)
        r->score.fit_hit[i] = ho_match_text(&d->fit[i].match, field_text(r, &d->fit[i].match));
    r->disq = -1;
    for (size_t i = 0; i < d->n_disqualify; i++) {
        if (ho_match_text(&d->disqualify[i].match, field_text(r, &d->disqualify[i].match))) {
            r->disq = (int32_t)i;
            break;
        }
    }
}

/* Apply identify/group traits and account membership; true if traits changed. */
static bool
apply_traits(struct ho_replay *r, const struct ho_event *e)
{
    const struct ho_vocab *v = &r->m->v;
    const struct ho_kv *kv = ho_event_traits(r->m->log, e);
    bool changed = false;
    if (e->lead == r->lead && e->account && e->account != r->account) {
        r->account = e->account;
        changed = true;
    }
    if (e->type == v->identify && e->lead == r->lead) {
        for (size_t i = 0; i < e->n_traits; i++) {
            set_trait(r, 0, kv[i].key, kv[i].val);
            if (kv[i].key == v->k_source && !r->source)
                r->source = kv[i].val;
        }
        changed = changed || e->n_traits > 0;
    } else if (e->type == v->group && e->account) {
        for (size_t i = 0; i < e->n_traits; i++)
            set_trait(r, e->account, kv[i].key, kv[i].val);
        changed = changed || (e->account == r->account && e->n_traits > 0);
    }
    return changed;
}

/* ---- behaviour ---- */

static void
apply_behavior(struct ho_replay *r, const struct ho_event *e, uint32_t index)
{
    const struct ho_defs *d = r->m->defs;
    for (size_t i = 0; i < d->n_behavior; i++) {
        const struct ho_behavior_rule *b = &d->behavior[i];
        if (b->event_id == e->type && ho_match_props(r->m->log, b->where, b->n_where, e)) {
            ho_score_record(&r->score, i, e->ts, index);
            if (b->points > 0)
                r->last_behavior = e->ts;
        }
    }
}

static void
apply_channel(struct ho_replay *r, const struct ho_event *e)
{
    const struct ho_vocab *v = &r->m->v;
    if (!r->campaign)
        r->campaign = e->campaign ? e->campaign : ho_event_prop(r->m->log, e, v->k_utm_campaign);
    if (r->channel)
        return;
    uint32_t medium = ho_event_prop(r->m->log, e, v->k_utm_medium);
    uint32_t source = ho_event_prop(r->m->log, e, v->k_utm_source);
    if (e->channel || medium || source)
        r->channel = ho_model_channel(r->m, e->channel, medium, source, 0);
}

/* ---- lifecycle ---- */

static struct ho_journey *
open_journey(struct ho_replay *r)
{
    return r->open ? &r->journeys[r->n_journeys - 1] : NULL;
}

static struct ho_journey *
start_journey(struct ho_replay *r, enum ho_stage first, int32_t criterion)
{
    HO_GROW(r->journeys, r->cap_journeys, r->n_journeys + 1);
    struct ho_journey *j = &r->journeys[r->n_journeys++];
    memset(j, 0, sizeof(*j));
    j->n = (uint32_t)r->n_journeys;
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        j->entered[s] = HO_TIME_NONE;
    j->first = j->furthest = j->last = first;
    j->criterion = criterion;
    j->assigned_at = j->first_contact_at = j->contact_made_at = j->revisit_at = HO_TIME_NONE;
    r->open = true;
    return j;
}

/* ---- SLA clocks (core/sla.c) ---- */

/* The open journey's scope for new SLA clocks; false when none is open. */
static bool
clock_scope(const struct ho_replay *r, struct ho_sla_scope *sc)
{
    if (!r->open)
        return false;
    const struct ho_journey *j = &r->journeys[r->n_journeys - 1];
    *sc = (struct ho_sla_scope){ (uint32_t)(r->n_journeys - 1), j->rules_at_mql, r->channel };
    return true;
}

static void
start_clocks(struct ho_replay *r, enum ho_stage s, int64_t t)
{
    struct ho_sla_scope sc;
    if (clock_scope(r, &sc))
        ho_sla_start_stage(&r->clocks, r->m->defs, &sc, s, t);
}

static void
start_event_clocks(struct ho_replay *r, const struct ho_event *e)
{
    struct ho_sla_scope sc;
    if (clock_scope(r, &sc))
        ho_sla_start_event(&r->clocks, r->m->defs, &sc, r->m->log, e, r->stage);
}

/* Stop the running clocks of the last journey that `type` ends (0: all). */
static void
stop_clocks(struct ho_replay *r, uint32_t type, int64_t t)
{
    ho_sla_stop(&r->clocks, r->m->defs, (uint32_t)(r->n_journeys - 1), type, t);
}

/* Enter stage s at time t.  Entering a funnel stage with no open journey
 * starts one (sales-sourced leads start at the first stage they enter);
 * entering an outcome closes the open journey. */
static void
move_to(struct ho_replay *r, enum ho_stage s, int64_t t, uint32_t reason)
{
    struct ho_journey *j = open_journey(r);
    if (!j && ho_stage_is_funnel(s))
        j = start_journey(r, s, HO_CRITERION_NONE);
    if (j) {
        if (j->entered[s] == HO_TIME_NONE)
            j->entered[s] = t;
        j->last = s;
        if (ho_stage_is_funnel(s) && s > j->furthest)
            j->furthest = s;
        if (!ho_stage_is_funnel(s)) {
            j->closed = true;
            j->reason = reason;
            stop_clocks(r, 0, t);
            r->open = false;
        }
    }
    r->stage = s;
    if (j && !j->closed)
        start_clocks(r, s, t);
    /* A recycled lead must re-earn intent; fit is kept (DESIGN.md §2).  A
     * version switch re-counts behaviour from reset_pos on. */
    if (s == HO_STAGE_NURTURE || s == HO_STAGE_CLOSED_LOST) {
        ho_score_reset_behavior(&r->score);
        r->reset_pos = r->in_event ? r->cur + 1 : r->cur;
    }
}

/* props.revisit_at of a nurture event (a date or time), or HO_TIME_NONE. */
static int64_t
revisit_time(const struct ho_replay *r, const struct ho_event *e)
{
    const char *text =
        ho_eventlog_str(r->m->log, ho_event_prop(r->m->log, e, r->m->v.k_revisit_at));
    int64_t t;
    if (!*text || ho_time_parse(text, strlen(text), &t, NULL) != HO_OK)
        return HO_TIME_NONE;
    return t;
}

/* The event's reason is a code whose outcome is disqualified. */
static bool
reason_disqualifies(const struct ho_replay *r, uint32_t reason)
{
    const struct ho_reason *rc =
        reason ? ho_defs_reason(r->m->defs, ho_eventlog_str(r->m->log, reason)) : NULL;
    return rc && rc->outcome == HO_OUTCOME_DISQUALIFIED;
}

/* Carry out one row of the transition table (core/lifecycle.c) for e. */
static void
apply_transition(struct ho_replay *r, const struct ho_lifecycle_row *t, const struct ho_event *e,
                 uint32_t reason)
{
    struct ho_journey *j = open_journey(r);
    if (t->effects & HO_FX_TOUCH)
        r->touched = true;
    if (t->effects & HO_FX_REOPEN) {
        r->sales_disq = false;
        r->open = false;
    }
    if (t->effects & HO_FX_SALES_DISQ)
        r->sales_disq = true;
    if (t->effects & HO_FX_CLEAR_DISQ)
        r->sales_disq = false;
    if ((t->effects & HO_FX_REVISIT) && j)
        j->revisit_at = revisit_time(r, e);
    if (t->move == HO_MOVE_ENTER)
        move_to(r, t->to, e->ts, t->with_reason ? reason : 0);
    else if (t->move == HO_MOVE_SET)
        r->stage = t->to;
}

static void
apply_sales(struct ho_replay *r, const struct ho_event *e)
{
    enum ho_sales_kind kind = ho_lifecycle_kind(r->m, e->type);
    if (kind == HO_SALES_NONE)
        return;
    uint32_t reason = ho_event_prop(r->m->log, e, r->m->v.k_reason);
    const struct ho_lifecycle_row *t =
        ho_lifecycle_find(kind, r->stage, reason_disqualifies(r, reason));
    if (t)
        apply_transition(r, t, e, reason);
}

static uint8_t
via_bit(const struct ho_replay *r, uint32_t via)
{
    const struct ho_vocab *v = &r->m->v;
    if (via == v->via_call)
        return HO_VIA_CALL;
    if (via == v->via_email)
        return HO_VIA_EMAIL;
    if (via == v->via_linkedin)
        return HO_VIA_LINKEDIN;
    return HO_VIA_OTHER;
}

/* Record the sales facts event e adds to journey j (idempotent: applying it
 * twice changes nothing). */
static void
apply_journey_facts(struct ho_replay *r, struct ho_journey *j, const struct ho_event *e)
{
    const struct ho_vocab *v = &r->m->v;
    const struct ho_eventlog *log = r->m->log;
    if (!j)
        return;
    uint32_t rep = ho_event_prop(log, e, v->k_rep);
    if (e->type == v->assign) {
        j->rep = rep;
        j->pool = ho_event_prop(log, e, v->k_pool);
        j->assigned_at = e->ts;
        return;
    }
    if (rep && !j->rep)
        j->rep = rep;
    bool attempt = e->type == v->contact_attempt, made = e->type == v->contact_made;
    if (attempt && j->first_contact_at == HO_TIME_NONE)
        j->first_contact_at = e->ts;
    if (made && j->contact_made_at == HO_TIME_NONE)
        j->contact_made_at = e->ts;
    if ((attempt || made) && e->ts - ho_journey_start(j) <= 48 * 3600 * 1000LL)
        j->contact_channels_48h |= via_bit(r, ho_event_prop(log, e, v->k_via));
    double amount;
    if (e->type == v->opportunity_created &&
        ho_parse_number(ho_eventlog_str(log, ho_event_prop(log, e, v->k_amount)), &amount)) {
        double monthly;
        j->has_amount = true;
        j->amount = amount;
        j->monthly = ho_parse_number(
                         ho_eventlog_str(log, ho_event_prop(log, e, v->k_monthly_amount)), &monthly)
                         ? monthly
                         : amount / 12.0;
    }
}

/* Every MQL criterion that holds at t, as bits: bit 0 min_score
 * (HO_CRITERION_SCORE), bit k the k-th or_any set (the first 63 sets).
 * *first is the criterion credited with the MQL: the first that held, in
 * definitions order (min_score, then the or_any sets), or HO_CRITERION_NONE. */
static uint64_t
mql_criteria(const struct ho_replay *r, int64_t t, int32_t *first)
{
    const struct ho_mql_def *q = &r->m->defs->mql;
    double fit = ho_score_fit(&r->score);
    uint64_t held = 0;
    *first = HO_CRITERION_NONE;
    if (q->has_min_score || q->has_min_fit) {
        bool score_ok = !q->has_min_score || fit + ho_score_behavior(&r->score, t) >= q->min_score;
        bool fit_ok = !q->has_min_fit || fit >= q->min_fit;
        if (score_ok && fit_ok) {
            held |= 1ULL << HO_CRITERION_SCORE;
            *first = HO_CRITERION_SCORE;
        }
    }
    for (size_t k = 0; k < q->n_or_any; k++) {
        const struct ho_criteria_set *set = &q->or_any[k];
        bool all = set->n_rules > 0;
        for (size_t i = 0; i < set->n_rules && all; i++) {
            const struct ho_rule_ref *ref = &set->rules[i];
            if (ref->is_fit)
                all = r->score.fit_hit[ref->index] && r->m->defs->fit[ref->index].points > 0;
            else
                all = ho_score_contribution(&r->score, ref->index, t) > 0;
        }
        if (!all)
            continue;
        if (k + 1 < 64)
            held |= 1ULL << (k + 1);
        if (*first == HO_CRITERION_NONE)
            *first = (int32_t)k + 1;
    }
    return held;
}

/* Bit i set when rule i (fit rules first, then behaviour) contributes at t. */
static uint64_t
rules_holding(const struct ho_replay *r, int64_t t)
{
    const struct ho_defs *d = r->m->defs;
    uint64_t bits = 0;
    for (size_t i = 0; i < d->n_fit && i < 64; i++) {
        if (r->score.fit_hit[i])
            bits |= 1ULL << i;
    }
    for (size_t i = 0; i < d->n_behavior && d->n_fit + i < 64; i++) {
        if (ho_score_contribution(&r->score, i, t) != 0.0)
            bits |= 1ULL << (d->n_fit + i);
    }
    return bits;
}

/* Marketing-owned stages: where rules (not sales) decide. */
static bool
is_marketing_stage(enum ho_stage s)
{
    return s == HO_STAGE_LEAD || s == HO_STAGE_MQL || s == HO_STAGE_NURTURE ||
           s == HO_STAGE_CLOSED_LOST;
}

/* Automatic transitions after the event with id `event_id` at t. */
static void
apply_automatic(struct ho_replay *r, int64_t t, uint32_t event_id)
{
    if (r->disq >= 0 && is_marketing_stage(r->stage)) {
        move_to(r, HO_STAGE_DISQUALIFIED, t, r->m->disq_reason[r->disq]);
        return;
    }
    if (r->disq < 0 && r->stage == HO_STAGE_DISQUALIFIED && !r->sales_disq)
        r->stage = HO_STAGE_LEAD; /* the attribute changed: re-evaluated */
    if (r->stage != HO_STAGE_LEAD && r->stage != HO_STAGE_NURTURE &&
        r->stage != HO_STAGE_CLOSED_LOST)
        return;
    if (r->disq >= 0 || r->sales_disq)
        return;
    int32_t crit;
    uint64_t held = mql_criteria(r, t, &crit);
    if (crit == HO_CRITERION_NONE)
        return;
    r->open = false;
    r->touched = false;
    struct ho_journey *j = start_journey(r, HO_STAGE_MQL, crit);
    j->rules_at_mql = rules_holding(r, t);
    j->criteria_at_mql = held;
    j->fit_at_mql = ho_score_fit(&r->score);
    j->behavior_at_mql = ho_score_behavior(&r->score, t);
    j->mql_event = event_id;
    move_to(r, HO_STAGE_MQL, t, 0);
}

/* MQL aging (mql.expire_after): an MQL nobody touched moves to nurture,
 * reason "expired", at the moment it expires.  Checked before each event
 * and at an explicit `at`, so the result depends on events only. */
/* When the current MQL expires if nobody touches it, or HO_TIME_NONE. */
static int64_t
mql_deadline(const struct ho_replay *r)
{
    int64_t after = r->m->defs->mql.expire_after_ms;
    const struct ho_journey *j = r->open ? &r->journeys[r->n_journeys - 1] : NULL;
    if (after <= 0 || r->stage != HO_STAGE_MQL || r->touched || !j)
        return HO_TIME_NONE;
    return j->entered[HO_STAGE_MQL] + after;
}

static void
apply_expiry(struct ho_replay *r, int64_t t)
{
    int64_t deadline = mql_deadline(r);
    if (deadline != HO_TIME_NONE && deadline <= t)
        move_to(r, HO_STAGE_NURTURE, deadline, r->m->v.expired);
}

/* The lead's own events and its visitor's count as behaviour; its
 * account's group events do not. */
static bool
counts_as_behavior(const struct ho_replay *r, const struct ho_event *e)
{
    return (!e->lead && !e->account) || e->lead == r->lead;
}

static void
apply_event(struct ho_replay *r, const struct ho_event *e, uint32_t index)
{
    apply_expiry(r, e->ts);
    r->in_event = true;
    if (apply_traits(r, e))
        evaluate_traits(r);
    /* Facts go to the journey open before the event (a reject names the rep
     * of the journey it closes) and to one the event opens (a sales-sourced
     * opportunity_created carries its amount). */
    struct ho_journey *before = NULL;
    if (!e->lead && !e->account) {
        /* a visit of the lead's visitor before (or without) identify: it
         * counts as the lead's first touch and intent, never as a sales fact */
        apply_channel(r, e);
        apply_behavior(r, e, index);
    } else if (e->lead == r->lead) {
        apply_channel(r, e);
        apply_behavior(r, e, index);
        if (r->open) {
            stop_clocks(r, e->type, e->ts);
            start_event_clocks(r, e);
        }
        before = open_journey(r);
        apply_journey_facts(r, before, e);
        bool had_open = before != NULL; /* `before` may move when a journey starts */
        size_t n_before = r->n_journeys;
        apply_sales(r, e);
        if (r->n_journeys != n_before || !had_open)
            apply_journey_facts(r, open_journey(r), e);
    }
    apply_automatic(r, e->ts, e->id);
    r->in_event = false;
}

/* ---- version steps (core/timeline.h) ---- */

/* Carry the lead into step k at its start T: what happened before stays as
 * the old version decided it; the new version counts the lead's behaviour
 * since its last reset, reads its traits, and re-evaluates it at T.
 * ev[0..applied) are the events applied so far. */
static void
switch_step(struct ho_replay *r, const uint32_t *ev, size_t applied, size_t k)
{
    const struct ho_defs *from = r->m->defs, *to = r->steps[k].m->defs;
    int64_t t = r->steps[k].from;
    if (applied > 0)
        apply_expiry(r, t);
    for (size_t i = 0; i < r->n_journeys; i++)
        ho_timeline_remap_journey(&r->journeys[i], from, to);
    r->clocks.n = ho_timeline_remap_clocks(r->clocks.v, r->clocks.n, from, to);
    use_step(r, k);
    ho_score_reset(&r->score);
    r->score.trace = r->trace;
    int64_t last_behavior = r->last_behavior;
    for (size_t i = r->reset_pos; i < applied; i++) {
        const struct ho_event *e = &r->m->log->events[ev[i]];
        if (counts_as_behavior(r, e))
            apply_behavior(r, e, ev[i]);
    }
    if (last_behavior != HO_TIME_NONE &&
        (r->last_behavior == HO_TIME_NONE || r->last_behavior < last_behavior))
        r->last_behavior = last_behavior;
    evaluate_traits(r);
    if (applied > 0)
        apply_automatic(r, t, 0);
}

/* Enter every step that starts at or before t. */
static void
advance_steps(struct ho_replay *r, const uint32_t *ev, size_t applied, int64_t t)
{
    while (r->step + 1 < r->n_steps && r->steps[r->step + 1].from <= t)
        switch_step(r, ev, applied, r->step + 1);
}

static void
fill_details(struct ho_replay *r, int64_t at)
{
    const struct ho_defs *d = r->m->defs;
    size_t n = 0;
    for (size_t i = 0; i < d->n_fit; i++) {
        bool hit = r->score.fit_hit[i];
        double pts = hit ? d->fit[i].points : 0.0;
        r->details[n++] = (struct ho_rule_detail){ .name = d->fit[i].name,
                                                   .is_fit = true,
                                                   .points = d->fit[i].points,
                                                   .raw = pts,
                                                   .decayed = pts,
                                                   .holds = hit,
                                                   .field = d->fit[i].match.field,
                                                   .value = field_text(r, &d->fit[i].match) };
    }
    for (size_t i = 0; i < d->n_behavior; i++) {
        const struct ho_behavior_rule *b = &d->behavior[i];
        double now = ho_score_contribution(&r->score, i, at);
        double raw = ho_score_raw(&r->score, i, at);
        r->details[n++] = (struct ho_rule_detail){ .name = b->name,
                                                   .is_window = b->kind == HO_BEHAVIOR_WINDOW,
                                                   .points = b->points,
                                                   .raw = raw,
                                                   .decayed = now,
                                                   .holds = now != 0.0,
                                                   .events = r->score.rs[i].events,
                                                   .n_events = r->score.rs[i].n_events };
    }
    r->n_details = n;
}

ho_rc
ho_replay_lead(struct ho_replay *r, uint32_t lead, const uint32_t *ev, size_t n, int64_t at,
               bool trace, struct ho_lead_result *out, struct ho_diag *diag)
{
    const struct ho_eventlog *log = r->m->log;
    memset(out, 0, sizeof(*out));
    reset_lead(r, lead);
    r->trace = trace;
    r->score.trace = trace;
    out->created = HO_TIME_NONE;
    out->last_event = HO_TIME_NONE;
    size_t applied = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ho_event *e = &log->events[ev[i]];
        if (i > 0 && ho_event_cmp(log, &log->events[ev[i - 1]], e) > 0)
            return ho_diag_set(diag, HO_EINVAL, "events of lead '%s' are not sorted",
                               ho_eventlog_str(log, lead));
        if (e->ts > at)
            break;
        advance_steps(r, ev, applied, e->ts);
        if (e->lead == lead && out->created == HO_TIME_NONE)
            out->created = e->ts;
        r->cur = applied;
        apply_event(r, e, ev[i]);
        out->last_event = e->ts;
        applied++;
    }
    r->cur = applied;
    advance_steps(r, ev, applied, at);
    if (at != INT64_MAX)
        apply_expiry(r, at);
    if (!r->channel && r->source)
        r->channel = ho_model_channel(r->m, 0, 0, 0, r->source);
    int64_t as_of = at != INT64_MAX ? at : out->last_event;
    if (as_of == HO_TIME_NONE)
        as_of = 0;
    out->lead = lead;
    out->account = r->account;
    out->stage = r->stage;
    out->fit = ho_score_fit(&r->score);
    out->behavior = ho_score_behavior(&r->score, as_of);
    out->as_of = as_of;
    out->channel = r->channel;
    out->campaign = r->campaign;
    out->source = r->source;
    out->heard_about = get_trait(r, 0, r->m->v.k_heard_about);
    out->employees = r->account ? get_trait(r, r->account, r->m->v.k_employees) : 0;
    out->last_behavior = r->last_behavior;
    out->mql_expires_at = mql_deadline(r);
    out->disqualifier = r->disq;
    out->sales_disqualified = r->sales_disq;
    out->n_events = applied;
    out->journeys = r->journeys;
    out->n_journeys = r->n_journeys;
    out->clocks = r->clocks.v;
    out->n_clocks = r->clocks.n;
    if (trace)
        fill_details(r, as_of);
    return HO_OK;
}

const struct ho_rule_detail *
ho_replay_details(const struct ho_replay *r, size_t *n_out)
{
    *n_out = r->n_details;
    return r->details;
}

const char *
ho_criterion_name(const struct ho_model *m, int32_t criterion)
{
    return ho_defs_criterion_name(m->defs, criterion);
}

const char *
ho_replay_field(const struct ho_replay *r, const struct ho_match *m)
{
    return field_text(r, m);
}
