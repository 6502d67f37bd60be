/* SPDX-License-Identifier: MIT */
/*
 * engine/engine.c - de-duplicate, commit and recompute the leads a commit
 * touches from their stored history (engine/working_set.c reads it).
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

static uint64_t
id_fp(const struct ho_engine *eng, size_t index)
{
    uint32_t id = eng->log.events[index].id;
    return ho_store_fingerprint(eng->st, ho_eventlog_str(&eng->log, id),
                                ho_strtab_strlen(eng->log.strings, id));
}

/* The first slot for fingerprint fp: its low half (the entry keeps the
 * high half), so the table costs 8 bytes a slot. */
static size_t
queued_slot(const struct ho_engine *eng, uint64_t fp)
{
    return (size_t)((uint32_t)fp * UINT64_C(0x9e3779b97f4a7c15) >> 32) & (eng->queued_ids_cap - 1);
}

static void
put_queued_id(struct ho_engine *eng, struct queued_id q, uint64_t fp)
{
    size_t mask = eng->queued_ids_cap - 1, i = queued_slot(eng, fp);
    while (eng->queued_ids[i].index)
        i = (i + 1) & mask;
    eng->queued_ids[i] = q;
}

/* Double the table and put the entries back. */
static void
grow_queued_ids(struct ho_engine *eng)
{
    struct queued_id *old = eng->queued_ids;
    size_t old_cap = eng->queued_ids_cap;
    eng->queued_ids_cap = old_cap ? 2 * old_cap : 1024;
    eng->queued_ids = ho_xcalloc(eng->queued_ids_cap, sizeof(*eng->queued_ids));
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].index)
            put_queued_id(eng, old[i], id_fp(eng, old[i].index - 1));
    }
    ho_xfree(old);
}

/* Remember that the queued event at index holds its id, of fingerprint fp. */
static void
mark_event_id(struct ho_engine *eng, size_t index, uint64_t fp)
{
    if (2 * (eng->n_queued + 1) > eng->queued_ids_cap)
        grow_queued_ids(eng);
    put_queued_id(eng, (struct queued_id){ (uint32_t)(fp >> 32), (uint32_t)index + 1 }, fp);
}

/* 1 + the index of the queued event with the id (of fingerprint fp) of the
 * event at index (itself excluded), 0 when none. */
static uint32_t
event_with_id(const struct ho_engine *eng, size_t index, uint64_t fp)
{
    if (!eng->queued_ids_cap)
        return 0;
    size_t mask = eng->queued_ids_cap - 1, i = queued_slot(eng, fp);
    for (; eng->queued_ids[i].index; i = (i + 1) & mask) {
        const struct queued_id *q = &eng->queued_ids[i];
        if (q->fp == (uint32_t)(fp >> 32) && q->index - 1 != index &&
            ho_event_same_id(&eng->log, &eng->log.events[q->index - 1], &eng->log.events[index]))
            return q->index;
    }
    return 0;
}

static void
forget_queued_ids(struct ho_engine *eng)
{
    if (eng->queued_ids)
        memset(eng->queued_ids, 0, eng->queued_ids_cap * sizeof(*eng->queued_ids));
}

/* The store's commit generation and whether it holds events: what the
 * duplicate checks of ho_engine_add() rely on. */
static ho_rc
read_log_gen(struct ho_engine *eng, struct ho_diag *diag)
{
    int64_t gen = 0;
    ho_rc rc = ho_store_meta_get_i64(eng->st, "log_gen", &gen, diag);
    if (rc == HO_ENOTFOUND) {
        ho_diag_clear(diag);
        rc = HO_OK;
        gen = 0;
    }
    eng->log_gen = gen;
    eng->have_events = gen > 0;
    return rc;
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
    ho_rc rc = read_log_gen(eng, diag);
    if (rc == HO_OK && ho_store_meta_get_i64(st, "as_of", &eng->as_of, NULL) != HO_OK)
        eng->as_of = 0; /* nothing stored yet */
    if (rc != HO_OK) {
        ho_engine_free(eng);
        return rc;
    }
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
    ho_engine_timeline_release(eng);
    ho_alerts_sla_forget(eng);
    if (eng->model.defs)
        ho_model_release(&eng->model);
    ho_eventlog_release(&eng->log);
    ho_eventlog_release(&eng->incoming);
    ho_xfree(eng->queued_ids);
    ho_xfree(eng->loaded);
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

/* Drop what the last operation read: the log holds the queued events only. */
static void
drop_read(struct ho_engine *eng)
{
    if (eng->log.n > eng->n_queued) {
        ho_eventlog_truncate(&eng->log, eng->n_queued);
        eng->all_loaded = false;
    }
}

ho_rc
ho_engine_add(struct ho_engine *eng, const struct ho_event_draft *d, bool *duplicate,
              struct ho_diag *diag)
{
    size_t index;
    *duplicate = false;
    eng->conflict_with = SIZE_MAX;
    drop_read(eng);
    /* The store looked empty at the last commit; another writer (a CLI
     * import beside serve) may have stored events since: look again before
     * the first event of a batch, or its duplicates would pass unchecked. */
    ho_rc rc = !eng->have_events && eng->n_queued == 0 ? read_log_gen(eng, diag) : HO_OK;
    if (rc != HO_OK)
        return rc;
    rc = ho_eventlog_add_draft(&eng->log, d, &index, diag);
    if (rc != HO_OK)
        return rc;
    rc = ho_model_check_event(&eng->model, &eng->log.events[index], diag);
    if (rc != HO_OK) {
        ho_eventlog_truncate(&eng->log, index);
        return rc;
    }
    uint64_t fp = id_fp(eng, index); /* once: the queue, the store and the mark use it */
    uint32_t queued = event_with_id(eng, index, fp);
    size_t kept = queued ? queued - 1 : SIZE_MAX;
    if (kept == SIZE_MAX)
        rc = ho_work_find_stored(eng, index, fp, false, &kept, diag);
    if (rc != HO_OK) {
        ho_eventlog_truncate(&eng->log, index);
        return rc;
    }
    if (kept != SIZE_MAX) {
        /* the refused event and what was read stay until the next add, for
         * ho_engine_conflict() */
        note_duplicate(eng, index, (uint32_t)kept + 1, d);
        *duplicate = true;
        return HO_OK;
    }
    ho_eventlog_truncate(&eng->log, index + 1);
    mark_event_id(eng, index, fp);
    eng->n_queued = index + 1;
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
    /* event ids are not interned (ho_strtab_add); leads, accounts and
     * values come to about a quarter of the events */
    ho_strtab_reserve(eng->log.strings, n / 4);
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
    ho_rc rc = ho_store_put_lead(eng->st, &row, diag);
    return rc == HO_OK ? ho_alerts_record(eng, &row, diag) : rc;
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

struct lead_key {
    const char *text;
    uint32_t k;
};

static int
cmp_lead_key(const void *a, const void *b)
{
    return strcmp(((const struct lead_key *)a)->text, ((const struct lead_key *)b)->text);
}

/* The dense leads of ix to recompute (every lead when set is NULL), in id
 * order: a recompute then appends to the lead and journey B-trees instead of
 * inserting at random places.  *n is their number. */
static uint32_t *
leads_in_order(const struct ho_lead_index *ix, const struct ho_eventlog *log,
               const struct ho_lead_set *set, size_t *n)
{
    size_t cap = set ? set->n : ix->n_leads;
    struct lead_key *keys = ho_xmalloc(ho_size_mul(cap + 1, sizeof(*keys)));
    *n = 0;
    for (size_t i = 0; i < cap; i++) {
        uint32_t k = set ? ho_lead_index_lead(ix, set->ids[i]) : (uint32_t)i + 1;
        if (k) /* a lead of the set with no events of its own is no lead */
            keys[(*n)++] = (struct lead_key){ ho_eventlog_str(log, ix->leads[k - 1]), k - 1 };
    }
    qsort(keys, *n, sizeof(*keys), cmp_lead_key);
    uint32_t *order = ho_xmalloc(ho_size_mul(*n + 1, sizeof(*order)));
    for (size_t i = 0; i < *n; i++)
        order[i] = keys[i].k;
    ho_xfree(keys);
    return order;
}

struct aging_hit {
    struct ho_engine *eng;
    int64_t mql_before;
    struct ho_lead_set *set;
};

/* Add the lead of a stored journey that is an untouched MQL past expiry. */
static void
hit_lead(void *arg, const struct ho_journey_brief *b)
{
    struct aging_hit *a = arg;
    if (ho_journey_untouched_mql(b, a->mql_before))
        ho_lead_set_add(a->set, ho_strtab_intern(a->eng->log.strings, b->lead, strlen(b->lead)));
}

/* Replay the leads of set (every lead in the log when NULL) and store them. */
static ho_rc
recompute_leads(struct ho_engine *eng, const struct ho_lead_set *set, struct ho_commit_stats *stats,
                bool derive, struct ho_route_pass *routing, struct ho_diag *diag)
{
    struct recompute ctx = { .eng = eng,
                             .stats = stats,
                             .routing = routing,
                             .aging = derive && eng->defs->mql.expire_after_ms > 0 };
    ho_lead_index_build(&ctx.ix, &eng->log, &eng->model);
    size_t n;
    uint32_t *order = leads_in_order(&ctx.ix, &eng->log, set, &n);
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < n && rc == HO_OK; i++)
        rc = recompute_lead(&ctx, order[i], diag);
    ho_xfree(order);
    ho_lead_index_release(&ctx.ix);
    return rc;
}

/* The leads of the events [from, to) of the log. */
static void
leads_of_events(const struct ho_engine *eng, size_t from, size_t to, struct ho_lead_set *set)
{
    for (size_t i = from; i < to; i++) {
        if (eng->log.events[i].lead)
            ho_lead_set_add(set, eng->log.events[i].lead);
    }
}

/* Move the data's as-of time to the latest of events [from, to). */
static void
advance_as_of(struct ho_engine *eng, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        eng->as_of = eng->log.events[i].ts > eng->as_of ? eng->log.events[i].ts : eng->as_of;
}

/* Store the events routing and aging appended at [from, end of log) and
 * recompute their leads once more, so the stored state includes them (and
 * the as-of time: an assign can come 1 ms after the latest event). */
static ho_rc
store_derived_events(struct ho_engine *eng, size_t from, struct ho_diag *diag)
{
    if (eng->log.n == from)
        return HO_OK;
    advance_as_of(eng, from, eng->log.n);
    struct ho_commit_stats again = { 0 };
    struct ho_lead_set set = { 0 };
    size_t to = eng->log.n;
    leads_of_events(eng, from, to, &set);
    /* routing may re-route a waiting journey of a lead this commit did not
     * replay: read its history first */
    ho_rc rc = ho_work_load_leads(eng, &set, diag);
    if (rc == HO_OK)
        rc = ho_store_append_events(eng->st, &eng->log, from, to, diag);
    if (rc == HO_OK)
        rc = recompute_leads(eng, &set, &again, false, NULL, diag);
    ho_lead_set_release(&set);
    return rc;
}

/* Recompute the leads of set (every lead when NULL), then route the MQLs
 * that have no rep yet and age the untouched ones: the events this appends
 * are stored and their leads recomputed once more. */
static ho_rc
recompute(struct ho_engine *eng, const struct ho_lead_set *set, struct ho_commit_stats *stats,
          struct ho_diag *diag)
{
    struct ho_route_pass *routing = eng->defs->n_routing ? ho_route_pass_new(eng) : NULL;
    size_t before = eng->log.n, assigned = 0;
    ho_rc rc = recompute_leads(eng, set, stats, true, routing, diag);
    ho_store_end_bulk(eng->st); /* the passes below put some leads a second time */
    if (rc == HO_OK && routing)
        rc = ho_route_pass_run(routing, eng, &assigned, diag);
    ho_route_pass_free(routing);
    stats->assigned = assigned;
    stats->aged = eng->log.n - before - assigned;
    if (rc == HO_OK)
        rc = store_derived_events(eng, before, diag);
    return rc;
}

/* End the write transaction: the data's as-of time and the commit
 * generation (other writers' duplicate checks look at it) go with it. */
static ho_rc
finish(struct ho_engine *eng, ho_rc rc, bool stored, struct ho_diag *diag)
{
    if (rc == HO_OK)
        rc = ho_store_meta_set_i64(eng->st, "as_of", eng->as_of, diag);
    if (rc == HO_OK && stored)
        rc = ho_store_meta_set_i64(eng->st, "log_gen", eng->log_gen + 1, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(eng->st, diag);
    if (rc != HO_OK) {
        ho_store_rollback(eng->st);
        return rc;
    }
    if (stored) {
        eng->log_gen++;
        eng->have_events = true;
    }
    return HO_OK;
}

/* Anonymous visitors of events [from, to): first sightings and links to leads. */
static ho_rc
record_visitors(struct ho_engine *eng, size_t from, size_t to, struct ho_diag *diag)
{
    uint32_t key = eng->model.v.k_anonymous_id;
    ho_rc rc = HO_OK;
    for (size_t i = from; key && i < to && rc == HO_OK; i++) {
        const struct ho_event *e = &eng->log.events[i];
        uint32_t anon = ho_event_prop(&eng->log, e, key);
        if (anon)
            rc = ho_store_put_visitor(eng->st, ho_eventlog_str(&eng->log, anon), e->ts,
                                      e->lead ? ho_eventlog_str(&eng->log, e->lead) : NULL,
                                      ho_eventlog_str(&eng->log, e->id), diag);
    }
    return rc;
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

/* Remove the queued events flagged in drop from the log, moving everything
 * after them down; *shift is how far the events after the queue moved. */
static void
drop_queued(struct ho_engine *eng, const uint8_t *drop, size_t *shift)
{
    size_t out = 0, nq = eng->n_queued;
    for (size_t i = 0; i < eng->log.n; i++) {
        if (i < nq && drop[i])
            continue;
        eng->log.events[out++] = eng->log.events[i];
    }
    *shift = eng->log.n - out;
    eng->n_queued -= *shift;
    eng->log.n = out;
    forget_queued_ids(eng);
    for (size_t i = 0; i < eng->n_queued; i++)
        mark_event_id(eng, i, id_fp(eng, i));
}

/*
 * Inside the write transaction, when another writer committed since this
 * engine checked the queued ids against the store: check them again, and
 * drop every queued event whose id is stored now: the stored event is kept,
 * and counted as a conflict when its content differs.
 */
static ho_rc
drop_stored_meanwhile(struct ho_engine *eng, struct ho_commit_stats *stats, struct ho_diag *diag)
{
    int64_t seen = eng->log_gen;
    ho_rc rc = read_log_gen(eng, diag);
    /* Another writer's events may be later than any this engine saw: the
     * as-of time stored with this commit must not move back (a long-lived
     * engine, `serve`, would otherwise undo a CLI import's). */
    int64_t stored_as_of = 0; /* read always: a clock tick (no events) moves it too */
    if (rc == HO_OK)
        rc = ho_store_meta_get_i64(eng->st, "as_of", &stored_as_of, diag);
    if (rc == HO_ENOTFOUND) { /* nothing committed yet */
        ho_diag_clear(diag);
        rc = HO_OK;
    }
    if (rc == HO_OK && stored_as_of > eng->as_of)
        eng->as_of = stored_as_of;
    if (rc != HO_OK || eng->log_gen == seen || eng->n_queued == 0)
        return rc;
    uint8_t *drop = ho_xcalloc(eng->n_queued + 1, 1);
    size_t *kept = ho_xmalloc(ho_size_mul(eng->n_queued + 1, sizeof(*kept)));
    for (size_t i = 0; i < eng->n_queued && rc == HO_OK; i++) {
        rc = ho_work_find_stored(eng, i, id_fp(eng, i), true, &kept[i], diag);
        drop[i] = rc == HO_OK && kept[i] != SIZE_MAX;
    }
    size_t shift = 0;
    if (rc == HO_OK) {
        for (size_t i = 0; i < eng->n_queued; i++) {
            if (drop[i]) {
                stats->late_duplicates++;
                note_late_conflict(eng, kept[i], i);
            }
        }
        drop_queued(eng, drop, &shift);
        for (size_t i = 0; i < eng->n_late; i++)
            eng->late_kept[i] -= (uint32_t)shift;
    }
    stats->caught_up = (size_t)(eng->log_gen - seen);
    stats->late_conflicts = eng->n_late;
    ho_xfree(kept);
    ho_xfree(drop);
    return rc;
}

/* Forget the ids of the queued events: they are stored now. */
static void
clear_queue(struct ho_engine *eng)
{
    forget_queued_ids(eng);
    eng->n_queued = 0;
}

/* Read what the commit replays: every stored event (all), or the stored
 * history of the leads the queued events touch and of the untouched MQLs the
 * log's clock has moved past expiry (import and rebuild must agree). */
static ho_rc
read_for_commit(struct ho_engine *eng, bool all, struct ho_lead_set *set, struct ho_diag *diag)
{
    /* marked as all loaded: the routing pass's follow-up (store_derived_events)
     * must not read a lead's history a second time */
    if (all)
        return ho_work_load_all(eng, diag);
    ho_rc rc = ho_work_affected(eng, 0, eng->n_queued, set, diag);
    if (rc == HO_OK && eng->have_events && eng->defs->mql.expire_after_ms > 0) {
        struct aging_hit a = { eng, eng->as_of - eng->defs->mql.expire_after_ms, set };
        rc = ho_store_scan_open_mql(eng->st, a.mql_before, hit_lead, &a, diag);
    }
    if (rc == HO_OK)
        rc = ho_work_load_leads(eng, set, diag);
    return rc;
}

/* The commit's work inside the transaction (see ho_engine_commit()). */
static ho_rc
commit_queued(struct ho_engine *eng, bool all, struct ho_commit_stats *stats, struct ho_diag *diag)
{
    ho_rc rc = check_defs_current(eng, diag);
    if (rc == HO_OK)
        rc = drop_stored_meanwhile(eng, stats, diag);
    int64_t as_of_before = eng->as_of;
    /* a clock tick is not a rebuild: what it makes due is new */
    if (rc == HO_OK)
        rc = ho_alerts_begin(eng, eng->n_queued == 0 && !eng->clock_to, diag);
    size_t queued = eng->n_queued;
    advance_as_of(eng, 0, queued);
    bool clock_moved = eng->clock_to > eng->as_of;
    if (clock_moved)
        eng->as_of = eng->clock_to;
    /* a clock tick over an empty store has nothing to recompute */
    all = all || (!eng->have_events && (queued || !eng->clock_to));
    struct ho_lead_set set = { 0 };
    bool sla_due = false; /* a tick: SLA moments passed since the last one (engine/alerts.c) */
    if (rc == HO_OK && eng->clock_to && !all && eng->have_events) {
        if (!eng->sla_scanned)
            eng->sla_scanned = as_of_before;
        rc = ho_alerts_sla_due(eng, &set, &sla_due, diag);
    }
    bool sweep = queued || all || (clock_moved && eng->have_events) || sla_due;
    if (rc == HO_OK && sweep)
        rc = read_for_commit(eng, all, &set, diag);
    if (rc == HO_OK && all)
        advance_as_of(eng, queued, eng->log.n);
    if (rc == HO_OK)
        rc = ho_store_append_events(eng->st, &eng->log, 0, queued, diag);
    if (rc == HO_OK && all)
        rc = ho_store_clear_state(eng->st, diag);
    if (rc == HO_OK) /* after a clear, the whole log's; else the new events' */
        rc = record_visitors(eng, 0, all ? eng->log.n : queued, diag);
    if (rc == HO_OK && sweep)
        rc = recompute(eng, all ? NULL : &set, stats, diag);
    ho_lead_set_release(&set);
    stats->events = queued;
    return rc;
}

ho_rc
ho_engine_commit(struct ho_engine *eng, bool all, struct ho_commit_stats *stats,
                 struct ho_diag *diag)
{
    memset(stats, 0, sizeof(*stats));
    eng->n_late = 0;
    ho_work_begin(eng);
    ho_rc rc = ho_store_begin(eng->st, diag);
    if (rc != HO_OK)
        return rc;
    rc = commit_queued(eng, all, stats, diag);
    rc = finish(eng, rc, stats->events > 0 || stats->assigned || stats->aged, diag);
    if (rc != HO_OK)
        ho_alerts_sla_forget(eng); /* the moments taken or added were not stored */
    if (rc == HO_OK) {
        clear_queue(eng);
    } else {
        stats->events = 0;
        ho_eventlog_truncate(&eng->log, eng->n_queued); /* what was read or derived is void */
        eng->all_loaded = false;
    }
    return rc;
}

ho_rc
ho_engine_advance(struct ho_engine *eng, int64_t now, struct ho_commit_stats *stats,
                  struct ho_diag *diag)
{
    int64_t before = eng->as_of;
    eng->clock_to = now;
    eng->sla_scan_to = 0;
    ho_rc rc = ho_engine_commit(eng, false, stats, diag);
    eng->clock_to = 0;
    if (rc != HO_OK)
        eng->as_of = before; /* nothing was stored */
    else if (eng->sla_scan_to)
        eng->sla_scanned = eng->sla_scan_to;
    return rc;
}

ho_rc
ho_engine_rebuild(struct ho_engine *eng, struct ho_commit_stats *stats, struct ho_diag *diag)
{
    return ho_engine_commit(eng, true, stats, diag);
}

ho_rc
ho_engine_load_all(struct ho_engine *eng, struct ho_diag *diag)
{
    return ho_work_load_all(eng, diag);
}

ho_rc
ho_engine_explain(struct ho_engine *eng, const char *lead, int64_t at, struct ho_lead_result *res,
                  const struct ho_rule_detail **details, size_t *n_details, struct ho_diag *diag)
{
    *details = NULL;
    *n_details = 0;
    if (!eng->all_loaded)
        ho_work_begin(eng);
    struct ho_lead_set set = { 0 };
    uint32_t id = ho_strtab_intern(eng->log.strings, lead, strlen(lead));
    ho_lead_set_add(&set, id);
    ho_rc rc = ho_work_load_leads(eng, &set, diag);
    ho_lead_set_release(&set);
    struct ho_lead_index ix;
    size_t n = 0;
    ho_lead_index_build(&ix, &eng->log, &eng->model);
    uint32_t k = rc == HO_OK ? ho_lead_index_lead(&ix, id) : 0;
    if (k) {
        const uint32_t *ev = ho_lead_index_events(&ix, &eng->log, k - 1, &n);
        HO_GROW(eng->one, eng->one_cap, n + 1);
        memcpy(eng->one, ev, n * sizeof(*ev));
    }
    ho_lead_index_release(&ix);
    if (rc != HO_OK)
        return rc;
    if (n == 0)
        return ho_diag_set(diag, HO_ENOTFOUND, "no lead '%s'", lead);
    rc = ho_replay_lead(eng->replay, id, eng->one, n, at, true, res, diag);
    if (rc == HO_OK)
        *details = ho_replay_details(eng->replay, n_details);
    return rc;
}

ho_rc
ho_engine_scores_at(struct ho_engine *eng, int64_t at, struct ho_lead_score **out, size_t *n_out,
                    struct ho_diag *diag)
{
    struct ho_lead_index ix;
    *out = NULL;
    *n_out = 0;
    ho_rc rc = ho_work_load_all(eng, diag);
    if (rc != HO_OK)
        return rc;
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
