/* SPDX-License-Identifier: MIT */
/*
 * engine/working_set.c - what an operation reads from the store: the stored
 * history of the leads it replays, never the whole log unless it needs
 * everyone (engine_int.h).
 *
 * A lead's replay reads the events of three kinds of owner (store/store.h):
 * the lead's own, the group events of every account the lead was seen with,
 * and the anonymous visits of every visitor stitched to the lead.  Reading
 * exactly those owners gives the lead index (engine/lead_index.h) the same
 * event list for that lead as the whole log would, so a commit that replays
 * only the leads it touches stores what a rebuild stores.
 */
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "engine/engine_int.h"
#include "store/store.h"

/* Bits of eng->loaded: which owner kinds of an interned id were read. */
enum {
    LOADED_LEAD = 1,
    LOADED_ACCOUNT = 2,
    LOADED_VISITOR = 4,
};

void
ho_lead_set_add(struct ho_lead_set *s, uint32_t lead)
{
    HO_GROW_ZEROED(s->in, s->in_cap, (size_t)lead + 1);
    if (s->in[lead])
        return;
    s->in[lead] = 1;
    HO_GROW(s->ids, s->cap, s->n + 1);
    s->ids[s->n++] = lead;
}

void
ho_lead_set_release(struct ho_lead_set *s)
{
    ho_xfree(s->ids);
    ho_xfree(s->in);
    memset(s, 0, sizeof(*s));
}

void
ho_work_begin(struct ho_engine *eng)
{
    ho_eventlog_truncate(&eng->log, eng->n_queued);
    if (eng->loaded)
        memset(eng->loaded, 0, eng->loaded_cap);
    eng->all_loaded = false;
}

/* Mark owner bit of id as read; false when it was already. */
static bool
mark_loaded(struct ho_engine *eng, uint32_t id, uint8_t bit)
{
    HO_GROW_ZEROED(eng->loaded, eng->loaded_cap, (size_t)id + 1);
    if (eng->loaded[id] & bit)
        return false;
    eng->loaded[id] |= bit;
    return true;
}

static uint8_t
bit_of(enum ho_owner_kind kind)
{
    switch (kind) {
    case HO_OWNER_LEAD:
        return LOADED_LEAD;
    case HO_OWNER_ACCOUNT:
        return LOADED_ACCOUNT;
    case HO_OWNER_VISITOR:
        return LOADED_VISITOR;
    case HO_OWNER_NOBODY:
        break;
    }
    return 0;
}

/* Read one owner's stored events into the log, unless this operation did. */
static ho_rc
load_owner(struct ho_engine *eng, enum ho_owner_kind kind, uint32_t text, struct ho_diag *diag)
{
    if (eng->all_loaded || !eng->have_events || !mark_loaded(eng, text, bit_of(kind)))
        return HO_OK;
    int64_t id;
    return ho_store_read_owner(eng->st, (struct ho_owner_key){ kind, text }, &eng->log, &id, diag);
}

ho_rc
ho_work_load_all(struct ho_engine *eng, struct ho_diag *diag)
{
    if (eng->all_loaded)
        return HO_OK;
    ho_work_begin(eng);
    ho_rc rc = ho_store_load_events(eng->st, &eng->log, diag);
    eng->all_loaded = rc == HO_OK;
    if (rc != HO_OK)
        ho_work_begin(eng);
    return rc;
}

/* ---- relations ---- */

struct related_ctx {
    struct ho_engine *eng;
    struct ho_lead_set *leads; /* add each text as a lead, or */
    enum ho_owner_kind load;   /* read each text as an owner of this kind */
};

static ho_rc
on_related(void *arg, const char *text, size_t len, struct ho_diag *diag)
{
    struct related_ctx *c = arg;
    uint32_t id = ho_strtab_intern(c->eng->log.strings, text, len);
    if (c->leads) {
        ho_lead_set_add(c->leads, id);
        return HO_OK;
    }
    return load_owner(c->eng, c->load, id, diag);
}

static ho_rc
related_leads(struct ho_engine *eng, enum ho_store_relation rel, uint32_t key,
              struct ho_lead_set *out, struct ho_diag *diag)
{
    struct related_ctx c = { eng, out, HO_OWNER_LEAD };
    return ho_store_related(eng->st, rel, ho_eventlog_str(&eng->log, key), on_related, &c, diag);
}

static ho_rc
load_related(struct ho_engine *eng, enum ho_store_relation rel, uint32_t key,
             enum ho_owner_kind kind, struct ho_diag *diag)
{
    struct related_ctx c = { eng, NULL, kind };
    return ho_store_related(eng->st, rel, ho_eventlog_str(&eng->log, key), on_related, &c, diag);
}

/* The anonymous id event e names, 0 for none. */
static uint32_t
anon_of(const struct ho_engine *eng, const struct ho_event *e)
{
    uint32_t k = eng->model.v.k_anonymous_id;
    return k ? ho_event_prop(&eng->log, e, k) : 0;
}

ho_rc
ho_work_affected(struct ho_engine *eng, size_t from, size_t to, struct ho_lead_set *out,
                 struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    for (size_t i = from; i < to && rc == HO_OK; i++) {
        const struct ho_event *e = &eng->log.events[i];
        uint32_t anon = anon_of(eng, e);
        if (e->lead)
            ho_lead_set_add(out, e->lead);
        if (!eng->have_events)
            continue; /* nobody else has a stored history to change */
        if (e->type == eng->model.v.group && e->account)
            rc = related_leads(eng, HO_REL_LEADS_OF_ACCOUNT, e->account, out, diag);
        /* the visitor's stored lead: it gains the visit, or loses the
         * visitor to an earlier link */
        if (rc == HO_OK && anon && (e->lead || !e->account))
            rc = related_leads(eng, HO_REL_LEAD_OF_VISITOR, anon, out, diag);
    }
    return rc;
}

/* The accounts and visitors lead's queued events name: new relations the
 * store does not know yet. */
static ho_rc
load_queued_relations(struct ho_engine *eng, const struct ho_lead_set *s, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < eng->n_queued && rc == HO_OK; i++) {
        const struct ho_event *e = &eng->log.events[i];
        if (!e->lead || e->lead >= s->in_cap || !s->in[e->lead])
            continue;
        uint32_t anon = anon_of(eng, e);
        if (e->account)
            rc = load_owner(eng, HO_OWNER_ACCOUNT, e->account, diag);
        if (rc == HO_OK && anon)
            rc = load_owner(eng, HO_OWNER_VISITOR, anon, diag);
    }
    return rc;
}

ho_rc
ho_work_load_leads(struct ho_engine *eng, const struct ho_lead_set *s, struct ho_diag *diag)
{
    if (eng->all_loaded || !eng->have_events)
        return HO_OK;
    ho_rc rc = HO_OK;
    for (size_t i = 0; i < s->n && rc == HO_OK; i++) {
        uint32_t lead = s->ids[i];
        rc = load_owner(eng, HO_OWNER_LEAD, lead, diag);
        if (rc == HO_OK)
            rc = load_related(eng, HO_REL_ACCOUNTS_OF_LEAD, lead, HO_OWNER_ACCOUNT, diag);
        if (rc == HO_OK)
            rc = load_related(eng, HO_REL_VISITORS_OF_LEAD, lead, HO_OWNER_VISITOR, diag);
    }
    if (rc == HO_OK)
        rc = load_queued_relations(eng, s, diag);
    return rc;
}

/* ---- stored ids ---- */

/* Read owner row `row` into the log (after what is there).  in_work: the
 * operation keeps what it reads, so an owner it read already is in the log
 * and is not read twice; otherwise (a check while events are added) the
 * copy is dropped at the next add. */
static ho_rc
read_owner_row(struct ho_engine *eng, int64_t row, bool in_work, struct ho_diag *diag)
{
    size_t before = eng->log.n;
    struct ho_owner_key key;
    ho_rc rc = ho_store_read_owner_id(eng->st, row, &eng->log, &key, diag);
    if (rc == HO_OK && in_work && key.kind != HO_OWNER_NOBODY &&
        (eng->all_loaded || !mark_loaded(eng, key.text, bit_of(key.kind))))
        ho_eventlog_truncate(&eng->log, before); /* read before: keep one copy */
    return rc;
}

/* The index of an event with the id of event `of` in log [from, n),
 * SIZE_MAX when none. */
static size_t
find_id(const struct ho_eventlog *log, size_t from, size_t of)
{
    for (size_t i = from; i < log->n; i++) {
        if (i != of && ho_event_same_id(log, &log->events[i], &log->events[of]))
            return i;
    }
    return SIZE_MAX;
}

ho_rc
ho_work_find_stored(struct ho_engine *eng, size_t index, uint64_t fp, bool in_work, size_t *kept,
                    struct ho_diag *diag)
{
    *kept = SIZE_MAX;
    if (!eng->have_events)
        return HO_OK;
    int64_t *rows;
    size_t n;
    ho_rc rc = ho_store_id_owners(eng->st, fp, &rows, &n, diag);
    for (size_t i = 0; i < n && rc == HO_OK; i++)
        rc = read_owner_row(eng, rows[i], in_work, diag);
    ho_xfree(rows);
    /* owners read earlier in this operation are in the log already */
    if (rc == HO_OK && n)
        *kept = find_id(&eng->log, eng->n_queued, index);
    return rc;
}
