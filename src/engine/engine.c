/* SPDX-License-Identifier: MIT */
/*
 * engine/engine.c - load, de-duplicate, catch up with other writers, commit
 * and recompute.
 */
#include "engine/engine.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/journey.h"
#include "core/model.h"
#include "core/replay.h"
#include "engine/engine_int.h"
#include "engine/lead_index.h"
#include "store/store.h"

/* Remember that the event at index holds its id. */
static void
mark_event_id(struct ho_engine *eng, size_t index)
{
    uint32_t id = eng->log.events[index].id;
    if (id >= eng->event_at_cap) {
        size_t old = eng->event_at_cap;
        HO_GROW(eng->event_at, eng->event_at_cap, (size_t)id + 1);
        memset(eng->event_at + old, 0, (eng->event_at_cap - old) * sizeof(*eng->event_at));
    }
    eng->event_at[id] = (uint32_t)index + 1;
}

/* 1 + the index of the event with this id, 0 when none. */
static uint32_t
event_with_id(const struct ho_engine *eng, uint32_t id)
{
    return id < eng->event_at_cap ? eng->event_at[id] : 0;
}

ho_rc
ho_engine_open(struct ho_store *st, struct ho_defs *defs, int64_t defs_id, struct ho_engine **out,
               struct ho_diag *diag)
{
    struct ho_engine *eng = ho_xcalloc(1, sizeof(*eng));
    eng->st = st;
    eng->defs = defs;
    eng->defs_id = defs_id;
    ho_eventlog_init(&eng->log);
    ho_eventlog_init(&eng->incoming);
    eng->conflict_with = SIZE_MAX;
    *out = NULL;
    ho_rc rc = ho_store_load_events(st, &eng->log, diag);
    if (rc != HO_OK) {
        ho_engine_free(eng);
        return rc;
    }
    for (size_t i = 0; i < eng->log.n; i++) {
        mark_event_id(eng, i);
        if (eng->log.events[i].ts > eng->as_of)
            eng->as_of = eng->log.events[i].ts;
    }
    eng->committed = eng->log.n;
    ho_model_init(&eng->model, defs, &eng->log);
    eng->replay = ho_replay_new(&eng->model);
    *out = eng;
    return HO_OK;
}

void
ho_engine_free(struct ho_engine *eng)
{
    if (!eng)
        return;
    ho_replay_free(eng->replay);
    if (eng->model.defs)
        ho_model_release(&eng->model);
    ho_eventlog_release(&eng->log);
    ho_eventlog_release(&eng->incoming);
    ho_xfree(eng->event_at);
    ho_xfree(eng->late_refused);
    ho_xfree(eng->late_kept);
    ho_xfree(eng->one);
    ho_xfree(eng->jrec);
    ho_xfree(eng->crec);
    ho_xfree(eng);
}

/* The event at index repeats the id of the event at kept - 1: remember a
 * conflict (different content) with a copy of the refused draft. */
static void
note_duplicate(struct ho_engine *eng, size_t index, uint32_t kept, const struct ho_event_draft *d)
{
    const struct ho_event *e = &eng->log.events[index];
    if (ho_event_same_content(&eng->log, &eng->log.events[kept - 1], e))
        return;
    size_t at;
    ho_eventlog_truncate(&eng->incoming, 0);
    if (ho_eventlog_add_draft(&eng->incoming, d, &at, NULL) == HO_OK)
        eng->conflict_with = kept - 1;
}

ho_rc
ho_engine_add(struct ho_engine *eng, const struct ho_event_draft *d, bool *duplicate,
              struct ho_diag *diag)
{
    size_t index;
    *duplicate = false;
    eng->conflict_with = SIZE_MAX;
    ho_rc rc = ho_eventlog_add_draft(&eng->log, d, &index, diag);
    if (rc != HO_OK)
        return rc;
    rc = ho_model_check_event(&eng->model, &eng->log.events[index], diag);
    if (rc != HO_OK) {
        ho_eventlog_truncate(&eng->log, index);
        return rc;
    }
    uint32_t kept = event_with_id(eng, eng->log.events[index].id);
    if (kept) {
        note_duplicate(eng, index, kept, d);
        ho_eventlog_truncate(&eng->log, index);
        *duplicate = true;
        return HO_OK;
    }
    mark_event_id(eng, index);
    return HO_OK;
}

bool
ho_engine_conflict(const struct ho_engine *eng, const struct ho_eventlog **kept_log,
                   const struct ho_event **kept, const struct ho_eventlog **new_log,
                   const struct ho_event **refused)
{
    if (eng->conflict_with == SIZE_MAX)
        return false;
    *kept_log = &eng->log;
    *kept = &eng->log.events[eng->conflict_with];
    *new_log = &eng->incoming;
    *refused = &eng->incoming.events[0];
    return true;
}

void
ho_engine_reserve(struct ho_engine *eng, size_t n)
{
    /* about one new string per event (its id) plus lead and account ids */
    ho_strtab_reserve(eng->log.strings, n + n / 4);
}

/* ---- recomputation ---- */

struct recompute {
    struct ho_engine *eng;
    struct ho_lead_index ix;
    struct ho_commit_stats *stats;
    struct ho_route_pass *routing; /* NULL: do not route */
    bool aging;                    /* write MQL aging events */
};

/* One record per journey of r, in eng's reusable scratch. */
static const struct ho_journey_record *
journey_records(struct ho_engine *eng, const struct ho_lead_result *r)
{
    HO_GROW(eng->jrec, eng->jrec_cap, r->n_journeys + 1);
    for (size_t i = 0; i < r->n_journeys; i++) {
        const struct ho_journey *j = &r->journeys[i];
        eng->jrec[i] = (struct ho_journey_record){
            .j = j,
            .criterion = ho_criterion_name(&eng->model, j->criterion),
            .reason = ho_eventlog_str(&eng->log, j->reason),
            .rep = ho_eventlog_str(&eng->log, j->rep),
            .pool = ho_eventlog_str(&eng->log, j->pool),
        };
    }
    return eng->jrec;
}

/* One record per SLA clock of r (its SLA's name, stop event and limits), in
 * eng's reusable scratch. */
static const struct ho_clock_record *
clock_records(struct ho_engine *eng, const struct ho_lead_result *r)
{
    HO_GROW(eng->crec, eng->crec_cap, r->n_clocks + 1);
    for (size_t i = 0; i < r->n_clocks; i++) {
        const struct ho_sla *sla = &eng->defs->slas[r->clocks[i].sla];
        eng->crec[i] = (struct ho_clock_record){
            .c = &r->clocks[i],
            .name = sla->name,
            .stop = ho_eventlog_str(&eng->log, r->clocks[i].stop_event),
            .within_ms = sla->within_ms,
            .raw = sla->raw_clock,
        };
    }
    return eng->crec;
}

static ho_rc
persist_lead(struct ho_engine *eng, const struct ho_lead_result *r, struct ho_diag *diag)
{
    const struct ho_eventlog *log = &eng->log;
    struct ho_lead_record row = {
        .lead = ho_eventlog_str(log, r->lead),
        .account = ho_eventlog_str(log, r->account),
        .channel = ho_eventlog_str(log, r->channel),
        .source = ho_eventlog_str(log, r->source),
        .stage = ho_stage_name(r->stage),
        .disqualified_by =
            r->disqualifier >= 0 ? eng->defs->disqualify[r->disqualifier].reason : NULL,
        .sales_disqualified = r->sales_disqualified,
        .fit = r->fit,
        .behavior = r->behavior,
        .as_of = r->as_of,
        .created = r->created,
        .last_event = r->last_event,
        .defs_id = eng->defs_id,
        .campaign = ho_eventlog_str(log, r->campaign),
        .heard_about = ho_eventlog_str(log, r->heard_about),
        .employees = ho_eventlog_str(log, r->employees),
        .last_behavior = r->last_behavior,
        .journeys = journey_records(eng, r),
        .n_journeys = r->n_journeys,
        .clocks = clock_records(eng, r),
        .n_clocks = r->n_clocks,
    };
    return ho_store_put_lead(eng->st, &row, diag);
}

static ho_rc
recompute_lead(struct recompute *rc_ctx, size_t k, struct ho_diag *diag)
{
    struct ho_engine *eng = rc_ctx->eng;
    size_t n;
    const uint32_t *ev = ho_lead_index_events(&rc_ctx->ix, &eng->log, k, &n);
    struct ho_lead_result res;
    ho_rc rc =
        ho_replay_lead(eng->replay, rc_ctx->ix.leads[k], ev, n, INT64_MAX, false, &res, diag);
    if (rc != HO_OK)
        return rc;
    rc_ctx->stats->leads++;
    rc_ctx->stats->journeys += res.n_journeys;
    if (rc_ctx->routing)
        ho_route_pass_collect(rc_ctx->routing, eng->replay, &res);
    if (rc_ctx->aging)
        ho_aging_collect(eng, &res);
    return persist_lead(eng, &res, diag);
}

/* Flag the dense leads touched by events [from, to): their own events, and
 * every lead seen with an account that got a group event. */
static uint8_t *
affected_leads(struct ho_engine *eng, const struct ho_lead_index *ix, size_t from, size_t to)
{
    uint8_t *lead_hit = ho_xcalloc(ix->n_leads + 1, 1);
    uint8_t *acct_hit = ho_xcalloc(ix->n_accounts + 1, 1);
    bool any_acct = false;
    for (size_t i = from; i < to; i++) {
        const struct ho_event *e = &eng->log.events[i];
        uint32_t visitor_lead = ho_lead_index_anon_owner(ix, &eng->log, &eng->model, (uint32_t)i);
        if (e->lead)
            lead_hit[ix->lead_of[e->lead] - 1] = 1;
        else if (visitor_lead)
            lead_hit[visitor_lead - 1] = 1;
        if (e->type == eng->model.v.group && e->account) {
            acct_hit[ix->acct_of[e->account] - 1] = 1;
            any_acct = true;
        }
    }
    for (size_t k = 0; any_acct && k < ix->n_leads; k++) {
        for (size_t q = ix->la_start[k]; q < ix->la_start[k + 1]; q++)
            lead_hit[k] |= acct_hit[ix->la_accounts[q]];
    }
    ho_xfree(acct_hit);
    return lead_hit;
}

struct lead_key {
    const char *text;
    uint32_t k;
};

static int
cmp_lead_key(const void *a, const void *b)
{
    return strcmp(((const struct lead_key *)a)->text, ((const struct lead_key *)b)->text);
}

/* Dense leads in id order: a full recompute then appends to the lead and
 * journey B-trees instead of inserting at random places. */
static uint32_t *
sorted_leads(const struct ho_lead_index *ix, const struct ho_eventlog *log)
{
    struct lead_key *keys = ho_xmalloc(ho_size_mul(ix->n_leads + 1, sizeof(*keys)));
    for (size_t k = 0; k < ix->n_leads; k++)
        keys[k] = (struct lead_key){ ho_eventlog_str(log, ix->leads[k]), (uint32_t)k };
    qsort(keys, ix->n_leads, sizeof(*keys), cmp_lead_key);
    uint32_t *order = ho_xmalloc(ho_size_mul(ix->n_leads + 1, sizeof(*order)));
    for (size_t i = 0; i < ix->n_leads; i++)
        order[i] = keys[i].k;
    ho_xfree(keys);
    return order;
}

struct aging_hit {
    const struct ho_engine *eng;
    const struct ho_lead_index *ix;
    int64_t mql_before;
    uint8_t *hit;
};

/* Flag the lead of a stored journey that is an untouched MQL past expiry. */
static void
hit_lead(void *arg, const struct ho_journey_brief *b)
{
    struct aging_hit *a = arg;
    if (!ho_journey_untouched_mql(b, a->mql_before))
        return;
    uint32_t id = ho_strtab_find(a->eng->log.strings, b->lead, strlen(b->lead));
    if (id && a->ix->lead_of[id])
        a->hit[a->ix->lead_of[id] - 1] = 1;
}

static ho_rc
recompute_leads(struct ho_engine *eng, size_t from, bool all, struct ho_commit_stats *stats,
                bool derive, struct ho_route_pass *routing, struct ho_diag *diag)
{
    struct recompute ctx = { .eng = eng,
                             .stats = stats,
                             .routing = routing,
                             .aging = derive && eng->defs->mql.expire_after_ms > 0 };
    ho_lead_index_build(&ctx.ix, &eng->log, &eng->model);
    uint8_t *hit = all ? NULL : affected_leads(eng, &ctx.ix, from, eng->log.n);
    ho_rc rc = HO_OK;
    uint32_t *order = all ? sorted_leads(&ctx.ix, &eng->log) : NULL;
    if (hit && ctx.aging) {
        /* Untouched MQLs the log's clock has moved past expire, whether or
         * not this commit touched them: import and rebuild must agree. */
        struct aging_hit a = { eng, &ctx.ix, eng->as_of - eng->defs->mql.expire_after_ms, hit };
        rc = ho_store_scan_journeys(eng->st, hit_lead, &a, diag);
    }
    for (size_t i = 0; i < ctx.ix.n_leads && rc == HO_OK; i++) {
        size_t k = order ? order[i] : i;
        if (all || hit[k])
            rc = recompute_lead(&ctx, k, diag);
    }
    ho_xfree(order);
    ho_xfree(hit);
    ho_lead_index_release(&ctx.ix);
    return rc;
}

/* Recompute the leads touched since `from` (or all), then route the MQLs
 * that have no rep yet and age the untouched ones: the events this appends
 * are stored and their leads recomputed once more, so the stored state
 * includes them. */
static ho_rc
recompute(struct ho_engine *eng, size_t from, bool all, struct ho_commit_stats *stats,
          struct ho_diag *diag)
{
    struct ho_route_pass *routing = eng->defs->n_routing ? ho_route_pass_new(eng) : NULL;
    size_t before = eng->log.n, assigned = 0;
    ho_rc rc = recompute_leads(eng, from, all, stats, true, routing, diag);
    ho_store_end_bulk(eng->st); /* the passes below put some leads a second time */
    if (rc == HO_OK && routing)
        rc = ho_route_pass_run(routing, eng, &assigned, diag);
    ho_route_pass_free(routing);
    stats->assigned = assigned;
    stats->aged = eng->log.n - before - assigned;
    if (rc == HO_OK && eng->log.n > before) {
        struct ho_commit_stats again = { 0 };
        for (size_t i = before; i < eng->log.n; i++)
            mark_event_id(eng, i);
        rc = ho_store_append_events(eng->st, &eng->log, before, eng->log.n, diag);
        if (rc == HO_OK)
            rc = recompute_leads(eng, before, false, &again, false, NULL, diag);
    }
    return rc;
}

static ho_rc
finish(struct ho_engine *eng, ho_rc rc, struct ho_diag *diag)
{
    if (rc == HO_OK)
        rc = ho_store_meta_set_i64(eng->st, "as_of", eng->as_of, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(eng->st, diag);
    if (rc != HO_OK)
        ho_store_rollback(eng->st);
    return rc;
}

/* Anonymous visitors of events [from, to): first sightings and links to leads. */
static ho_rc
record_visitors(struct ho_engine *eng, size_t from, size_t to, struct ho_diag *diag)
{
    uint32_t key = ho_strtab_find(eng->log.strings, "anonymous_id", 12);
    ho_rc rc = HO_OK;
    for (size_t i = from; key && i < to && rc == HO_OK; i++) {
        const struct ho_event *e = &eng->log.events[i];
        uint32_t anon = ho_event_prop(&eng->log, e, key);
        if (anon)
            rc = ho_store_put_visitor(eng->st, ho_eventlog_str(&eng->log, anon), e->ts,
                                      e->lead ? ho_eventlog_str(&eng->log, e->lead) : NULL, diag);
    }
    return rc;
}

/* Reverse events [a, b) in place (kv indices travel with their events). */
static void
reverse_events(struct ho_event *ev, size_t a, size_t b)
{
    while (b > a + 1) {
        struct ho_event t = ev[a];
        ev[a++] = ev[--b];
        ev[b] = t;
    }
}

/* After a catch-up moved the tail [from, from + nt) before the queued
 * events: drop the queued ones flagged in drop (their id is stored now),
 * keeping the rest in order, and index their ids again. */
static void
drop_queued(struct ho_engine *eng, size_t first, const uint8_t *drop)
{
    size_t out = first;
    for (size_t i = first; i < eng->log.n; i++) {
        if (drop[i - first])
            continue;
        eng->log.events[out] = eng->log.events[i];
        mark_event_id(eng, out++);
    }
    eng->log.n = out;
}

/* Remember when the queued event at index queued conflicts with the stored
 * event at index kept (same id, other content). */
static void
note_late_conflict(struct ho_engine *eng, size_t kept, size_t queued)
{
    const struct ho_event *q = &eng->log.events[queued];
    if (ho_event_same_content(&eng->log, &eng->log.events[kept], q))
        return;
    HO_GROW(eng->late_refused, eng->late_cap, eng->n_late + 1);
    HO_GROW(eng->late_kept, eng->late_kept_cap, eng->n_late + 1);
    eng->late_refused[eng->n_late] = *q;
    eng->late_kept[eng->n_late++] = (uint32_t)kept;
}

size_t
ho_engine_late_conflict(const struct ho_engine *eng, size_t i, const struct ho_event **kept,
                        const struct ho_event **refused)
{
    if (i < eng->n_late) {
        *kept = &eng->log.events[eng->late_kept[i]];
        *refused = &eng->late_refused[i];
    }
    return eng->n_late;
}

/* The state is computed under the active definitions: refuse to commit when
 * another process activated other ones since this engine opened. */
static ho_rc
check_defs_current(struct ho_engine *eng, struct ho_diag *diag)
{
    struct ho_buf text = HO_BUF_INIT;
    struct ho_diag why = { 0 };
    int64_t id = 0;
    ho_rc rc = ho_store_active_defs(eng->st, &text, &id, &why);
    ho_buf_release(&text);
    if (rc != HO_OK && rc != HO_ENOTFOUND) /* none activated yet is fine; a failed read is not */
        return ho_diag_set(diag, rc, "%s", why.msg);
    if (rc == HO_OK && id != eng->defs_id)
        return ho_diag_set(diag, HO_ECONFLICT,
                           "other definitions were activated by another process meanwhile: "
                           "nothing was stored; run this again");
    return HO_OK;
}

/*
 * Inside the write transaction: load what other writers appended since this
 * engine last read the log, put it before the queued events (the stored
 * order), and drop every queued event whose id it holds: the stored event is
 * kept, and counted as a conflict when its content differs.
 */
static ho_rc
catch_up(struct ho_engine *eng, struct ho_commit_stats *stats, struct ho_diag *diag)
{
    size_t from = eng->committed, queued = eng->log.n;
    eng->n_late = 0;
    ho_rc rc = check_defs_current(eng, diag);
    if (rc != HO_OK)
        return rc;
    rc = ho_store_load_events(eng->st, &eng->log, diag);
    if (rc != HO_OK)
        ho_eventlog_truncate(&eng->log, queued);
    size_t n = eng->log.n, nt = n - queued;
    if (rc != HO_OK || nt == 0)
        return rc;
    reverse_events(eng->log.events, from, queued);
    reverse_events(eng->log.events, queued, n);
    reverse_events(eng->log.events, from, n);
    uint8_t *drop = ho_xcalloc(queued - from + 1, 1);
    for (size_t i = from; i < from + nt; i++) {
        const struct ho_event *e = &eng->log.events[i];
        uint32_t had = event_with_id(eng, e->id);
        if (had > from && had <= queued) { /* a queued event: now at had - 1 + nt */
            drop[had - 1 - from] = 1;
            stats->late_duplicates++;
            note_late_conflict(eng, i, had - 1 + nt);
        }
        mark_event_id(eng, i);
        eng->as_of = e->ts > eng->as_of ? e->ts : eng->as_of;
    }
    drop_queued(eng, from + nt, drop);
    ho_xfree(drop);
    stats->caught_up = nt;
    stats->late_conflicts = eng->n_late;
    eng->committed = from + nt;
    return HO_OK;
}

ho_rc
ho_engine_commit(struct ho_engine *eng, bool all, struct ho_commit_stats *stats,
                 struct ho_diag *diag)
{
    memset(stats, 0, sizeof(*stats));
    size_t from = eng->committed;
    ho_rc rc = ho_store_begin(eng->st, diag);
    if (rc != HO_OK)
        return rc;
    rc = catch_up(eng, stats, diag);
    size_t fresh = eng->committed, to = eng->log.n;
    if (rc == HO_OK)
        rc = ho_store_append_events(eng->st, &eng->log, fresh, to, diag);
    for (size_t i = fresh; i < to; i++) {
        if (eng->log.events[i].ts > eng->as_of)
            eng->as_of = eng->log.events[i].ts;
    }
    if (rc == HO_OK && all)
        rc = ho_store_clear_state(eng->st, diag);
    if (rc == HO_OK)
        rc = record_visitors(eng, all ? 0 : from, to, diag);
    if (rc == HO_OK && (to > from || all))
        rc = recompute(eng, from, all || from == 0, stats, diag);
    rc = finish(eng, rc, diag);
    if (rc == HO_OK) {
        stats->events = to - fresh;
        eng->committed = eng->log.n;
    } else {
        ho_eventlog_truncate(&eng->log, to); /* drop assign events that were not stored */
    }
    return rc;
}

ho_rc
ho_engine_rebuild(struct ho_engine *eng, struct ho_commit_stats *stats, struct ho_diag *diag)
{
    memset(stats, 0, sizeof(*stats));
    ho_rc rc = ho_store_begin(eng->st, diag);
    if (rc != HO_OK)
        return rc;
    rc = catch_up(eng, stats, diag); /* the log as it is now, not as it was at open */
    if (rc == HO_OK)
        rc = ho_store_clear_state(eng->st, diag);
    if (rc == HO_OK)
        rc = record_visitors(eng, 0, eng->log.n, diag);
    if (rc == HO_OK)
        rc = recompute(eng, 0, true, stats, diag);
    return finish(eng, rc, diag);
}

/* The sorted events of one lead, exactly as a recompute replays them (the
 * same index: own events, account group events, stitched visits), copied
 * into eng->one.  0 when the lead is unknown. */
static size_t
collect_lead_events(struct ho_engine *eng, uint32_t lead)
{
    struct ho_lead_index ix;
    size_t n = 0;
    ho_lead_index_build(&ix, &eng->log, &eng->model);
    if (ix.lead_of[lead]) {
        const uint32_t *ev = ho_lead_index_events(&ix, &eng->log, ix.lead_of[lead] - 1, &n);
        HO_GROW(eng->one, eng->one_cap, n + 1);
        memcpy(eng->one, ev, n * sizeof(*ev));
    }
    ho_lead_index_release(&ix);
    return n;
}

ho_rc
ho_engine_explain(struct ho_engine *eng, const char *lead, int64_t at, struct ho_lead_result *res,
                  const struct ho_rule_detail **details, size_t *n_details, struct ho_diag *diag)
{
    uint32_t id = ho_strtab_find(eng->log.strings, lead, strlen(lead));
    *details = NULL;
    *n_details = 0;
    size_t n = id ? collect_lead_events(eng, id) : 0;
    if (n == 0)
        return ho_diag_set(diag, HO_ENOTFOUND, "no lead '%s'", lead);
    ho_rc rc = ho_replay_lead(eng->replay, id, eng->one, n, at, true, res, diag);
    if (rc == HO_OK)
        *details = ho_replay_details(eng->replay, n_details);
    return rc;
}

ho_rc
ho_engine_scores_at(struct ho_engine *eng, int64_t at, struct ho_lead_score **out, size_t *n_out,
                    struct ho_diag *diag)
{
    struct ho_lead_index ix;
    ho_rc rc = HO_OK;
    *out = NULL;
    *n_out = 0;
    ho_lead_index_build(&ix, &eng->log, &eng->model);
    struct ho_lead_score *scores = ho_xcalloc(ix.n_leads + 1, sizeof(*scores));
    for (size_t k = 0; k < ix.n_leads && rc == HO_OK; k++) {
        size_t n;
        const uint32_t *ev = ho_lead_index_events(&ix, &eng->log, k, &n);
        struct ho_lead_result res;
        rc = ho_replay_lead(eng->replay, ix.leads[k], ev, n, at, false, &res, diag);
        scores[k] = (struct ho_lead_score){ .lead = ix.leads[k],
                                            .fit = res.fit,
                                            .behavior = res.behavior,
                                            .last_behavior = res.last_behavior };
    }
    if (rc == HO_OK) {
        *out = scores;
        *n_out = ix.n_leads;
    } else {
        ho_xfree(scores);
    }
    ho_lead_index_release(&ix);
    return rc;
}

const struct ho_eventlog *
ho_engine_log(const struct ho_engine *eng)
{
    return &eng->log;
}

const struct ho_model *
ho_engine_model(const struct ho_engine *eng)
{
    return &eng->model;
}

int64_t
ho_engine_as_of(const struct ho_engine *eng)
{
    return eng->as_of;
}
