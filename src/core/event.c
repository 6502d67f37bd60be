/* SPDX-License-Identifier: MIT */
/*
 * core/event.c - the event log and its one constructor.
 *
 * ho_eventlog_add_draft() validates a whole draft before it changes anything:
 * a rejected draft leaves the log (events, kv pairs and string table)
 * exactly as it was.  Only then are the strings interned and the event
 * appended, steps that cannot fail.
 *
 * This is on the import hot path: no allocation per event beyond amortised
 * array growth and the string table's own growth.
 */
#include "core/event.h"

#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"

/* Longest key quoted back in a message, so a huge key cannot drown it. */
#define MSG_KEY_MAX 64

void
ho_eventlog_init(struct ho_eventlog *log)
{
    memset(log, 0, sizeof(*log));
    log->strings = ho_strtab_new();
}

void
ho_eventlog_release(struct ho_eventlog *log)
{
    if (log == NULL)
        return;
    ho_strtab_free(log->strings);
    ho_xfree(log->events);
    ho_xfree(log->kv);
    memset(log, 0, sizeof(*log));
}

/* Check one top-level string field: length limit and no NUL bytes. */
static ho_rc
check_field(const struct ho_slice *s, const char *name, struct ho_diag *diag)
{
    if (s->len > HO_EVENT_MAX_STRLEN)
        return ho_diag_set(diag, HO_ELIMIT, "field '%s' is longer than %d bytes", name,
                           HO_EVENT_MAX_STRLEN);
    if (s->len != 0 && memchr(s->ptr, '\0', s->len) != NULL)
        return ho_diag_set(diag, HO_EPARSE, "field '%s' contains a NUL byte", name);
    return HO_OK;
}

static int
slice_is(const struct ho_slice *s, const char *lit, size_t n)
{
    return s->len == n && memcmp(s->ptr, lit, n) == 0;
}

static ho_rc
check_required(const struct ho_event_draft *d, int64_t *ts, struct ho_diag *diag)
{
    struct ho_diag tdiag;

    if (d->id.len == 0)
        return ho_diag_set(diag, HO_EPARSE, "missing field 'id'");
    if (d->ts.len == 0)
        return ho_diag_set(diag, HO_EPARSE, "missing field 'ts'");
    if (d->type.len == 0)
        return ho_diag_set(diag, HO_EPARSE, "missing field 'type'");
    if (d->ts.len > HO_EVENT_MAX_STRLEN)
        return ho_diag_set(diag, HO_ELIMIT, "field 'ts' is longer than %d bytes",
                           HO_EVENT_MAX_STRLEN);
    tdiag.msg[0] = '\0';
    if (ho_time_parse(d->ts.ptr, d->ts.len, ts, &tdiag) != HO_OK)
        return ho_diag_set(diag, HO_EPARSE, "field 'ts': %s", tdiag.msg);
    if (d->lead.len == 0 && d->account.len == 0 && d->anonymous.len == 0)
        return ho_diag_set(diag, HO_EPARSE,
                           "event has neither 'lead' nor 'account' (nor 'anonymous_id')");
    if (d->lead.len == 0 && slice_is(&d->type, "identify", 8))
        return ho_diag_set(diag, HO_EPARSE, "event type 'identify' needs field 'lead'");
    if (d->account.len == 0 && slice_is(&d->type, "group", 5))
        return ho_diag_set(diag, HO_EPARSE, "event type 'group' needs field 'account'");
    return HO_OK;
}

void
ho_event_draft_fields(const struct ho_event_draft *d, struct ho_draft_field out[HO_DRAFT_N_FIELDS])
{
    const struct ho_draft_field fields[HO_DRAFT_N_FIELDS] = {
        { &d->id, "id" },
        { &d->type, "type" },
        { &d->lead, "lead" },
        { &d->account, "account" },
        { &d->channel, "channel" },
        { &d->campaign, "campaign" },
        { &d->anonymous, "anonymous_id" },
    };
    memcpy(out, fields, sizeof(fields));
}

static ho_rc
check_strings(const struct ho_event_draft *d, struct ho_diag *diag)
{
    struct ho_draft_field fields[HO_DRAFT_N_FIELDS];
    ho_event_draft_fields(d, fields);
    for (size_t i = 0; i < HO_DRAFT_N_FIELDS; i++) {
        ho_rc rc = check_field(fields[i].s, fields[i].name, diag);
        if (rc != HO_OK)
            return rc;
    }
    return HO_OK;
}

static int
kv_key_equal(const struct ho_draft_kv *a, const struct ho_draft_kv *b)
{
    return a->key.len == b->key.len && memcmp(a->key.ptr, b->key.ptr, a->key.len) == 0;
}

/* Check the pairs of one group (props or traits): keys present and unique,
 * sizes within limits, no NUL bytes. */
static ho_rc
check_kvs(const struct ho_draft_kv *kv, size_t n, const char *group, struct ho_diag *diag)
{
    for (size_t i = 0; i < n; i++) {
        const struct ho_draft_kv *p = &kv[i];
        int klen = p->key.len > MSG_KEY_MAX ? MSG_KEY_MAX : (int)p->key.len;
        if (p->key.len == 0)
            return ho_diag_set(diag, HO_EPARSE, "field '%s' has an empty key", group);
        if (p->key.len > HO_EVENT_MAX_STRLEN || p->val.len > HO_EVENT_MAX_STRLEN)
            return ho_diag_set(diag, HO_ELIMIT, "field '%s.%.*s' is longer than %d bytes", group,
                               klen, p->key.ptr, HO_EVENT_MAX_STRLEN);
        if (memchr(p->key.ptr, '\0', p->key.len) != NULL ||
            (p->val.len != 0 && memchr(p->val.ptr, '\0', p->val.len) != NULL))
            return ho_diag_set(diag, HO_EPARSE, "field '%s.%.*s' contains a NUL byte", group, klen,
                               p->key.ptr);
        /* Quadratic, but n is small in practice and bounded by HO_EVENT_MAX_KV. */
        for (size_t j = 0; j < i; j++) {
            if (kv_key_equal(&kv[j], p))
                return ho_diag_set(diag, HO_EPARSE, "field '%s' has the key '%.*s' twice", group,
                                   klen, p->key.ptr);
        }
    }
    return HO_OK;
}

static uint32_t
intern(struct ho_eventlog *log, const struct ho_slice *s)
{
    return ho_strtab_intern(log->strings, s->ptr, s->len);
}

static void
intern_kvs(struct ho_eventlog *log, const struct ho_draft_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct ho_kv *dst = &log->kv[log->nkv++];
        dst->key = ho_strtab_intern(log->strings, kv[i].key.ptr, kv[i].key.len);
        dst->val = ho_strtab_intern(log->strings, kv[i].val.ptr, kv[i].val.len);
    }
}

ho_rc
ho_eventlog_add_draft(struct ho_eventlog *log, const struct ho_event_draft *d, size_t *out_index,
                      struct ho_diag *diag)
{
    int64_t ts = 0;
    ho_rc rc;

    *out_index = SIZE_MAX;
    rc = check_required(d, &ts, diag);
    if (rc == HO_OK)
        rc = check_strings(d, diag);
    if (rc != HO_OK)
        return rc;
    size_t n_anon = d->anonymous.len ? 1 : 0;
    if (d->n_props > HO_EVENT_MAX_KV || d->n_traits > HO_EVENT_MAX_KV ||
        d->n_props + d->n_traits + n_anon > HO_EVENT_MAX_KV)
        return ho_diag_set(diag, HO_ELIMIT, "event has more than %d props and traits",
                           HO_EVENT_MAX_KV);
    for (size_t i = 0; n_anon && i < d->n_props; i++) {
        if (d->props[i].key.len == 12 && memcmp(d->props[i].key.ptr, "anonymous_id", 12) == 0)
            return ho_diag_set(diag, HO_EPARSE,
                               "'anonymous_id' is given twice (top level and in props)");
    }
    rc = check_kvs(d->props, d->n_props, "props", diag);
    if (rc == HO_OK)
        rc = check_kvs(d->traits, d->n_traits, "traits", diag);
    if (rc != HO_OK)
        return rc;
    if (log->nkv > UINT32_MAX - HO_EVENT_MAX_KV)
        return ho_diag_set(diag, HO_ELIMIT, "the event log holds too many properties");

    /* Validated: from here on nothing can fail. */
    HO_GROW(log->events, log->cap, log->n + 1);
    HO_GROW(log->kv, log->kvcap, log->nkv + d->n_props + d->n_traits + n_anon);
    struct ho_event *ev = &log->events[log->n];
    ev->ts = ts;
    ev->id = ho_strtab_add(log->strings, d->id.ptr, d->id.len); /* unique: not interned */
    ev->type = intern(log, &d->type);
    ev->lead = intern(log, &d->lead);
    ev->account = intern(log, &d->account);
    ev->channel = intern(log, &d->channel);
    ev->campaign = intern(log, &d->campaign);
    ev->kv = (uint32_t)log->nkv;
    ev->n_props = (uint16_t)(d->n_props + n_anon);
    ev->n_traits = (uint16_t)d->n_traits;
    intern_kvs(log, d->props, d->n_props);
    if (n_anon) {
        struct ho_draft_kv anon = { { "anonymous_id", 12 }, d->anonymous };
        intern_kvs(log, &anon, 1);
    }
    intern_kvs(log, d->traits, d->n_traits);
    *out_index = log->n++;
    return HO_OK;
}

size_t
ho_eventlog_append(struct ho_eventlog *log, const struct ho_event *ev, const struct ho_kv *kv)
{
    size_t nkv = (size_t)ev->n_props + ev->n_traits;

    HO_ASSERT(log->nkv + nkv <= UINT32_MAX);
    HO_GROW(log->events, log->cap, log->n + 1);
    HO_GROW(log->kv, log->kvcap, log->nkv + nkv);
    if (nkv != 0)
        memcpy(&log->kv[log->nkv], kv, nkv * sizeof(*kv));
    log->events[log->n] = *ev;
    log->events[log->n].kv = (uint32_t)log->nkv;
    log->nkv += nkv;
    return log->n++;
}

void
ho_eventlog_truncate(struct ho_eventlog *log, size_t n)
{
    if (n >= log->n)
        return;
    /* kv pairs are appended in event order, so event n's pairs start the tail. */
    log->nkv = log->events[n].kv;
    log->n = n;
}

/* The kv array is NULL until the first pair; no arithmetic on NULL. */
const struct ho_kv *
ho_event_props(const struct ho_eventlog *log, const struct ho_event *ev)
{
    return log->kv != NULL ? &log->kv[ev->kv] : NULL;
}

const struct ho_kv *
ho_event_traits(const struct ho_eventlog *log, const struct ho_event *ev)
{
    return log->kv != NULL ? &log->kv[ev->kv + ev->n_props] : NULL;
}

uint32_t
ho_event_prop(const struct ho_eventlog *log, const struct ho_event *ev, uint32_t key)
{
    const struct ho_kv *kv = ho_event_props(log, ev);
    if (key == 0 || ev->n_props == 0)
        return 0;
    for (uint16_t i = 0; i < ev->n_props; i++) {
        if (kv[i].key == key)
            return kv[i].val;
    }
    return 0;
}

const char *
ho_eventlog_str(const struct ho_eventlog *log, uint32_t id)
{
    return ho_strtab_str(log->strings, id);
}

int
ho_event_cmp(const struct ho_eventlog *log, const struct ho_event *a, const struct ho_event *b)
{
    if (a->ts != b->ts)
        return a->ts < b->ts ? -1 : 1;
    if (a->id == b->id)
        return 0;
    return strcmp(ho_strtab_str(log->strings, a->id), ho_strtab_str(log->strings, b->id));
}

static size_t
count_pair(const struct ho_kv *kv, size_t n, struct ho_kv p)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += kv[i].key == p.key && kv[i].val == p.val;
    return c;
}

/* Do two runs of n pairs hold the same pairs, in any order? */
static bool
same_pairs(const struct ho_kv *a, const struct ho_kv *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].key == b[i].key && a[i].val == b[i].val)
            continue;
        if (count_pair(a, n, a[i]) != count_pair(b, n, a[i]))
            return false;
    }
    return true;
}

bool
ho_event_same_id(const struct ho_eventlog *log, const struct ho_event *a, const struct ho_event *b)
{
    const struct ho_strtab *t = log->strings;
    size_t len = ho_strtab_strlen(t, a->id);
    return a->id == b->id || (len == ho_strtab_strlen(t, b->id) &&
                              memcmp(ho_strtab_str(t, a->id), ho_strtab_str(t, b->id), len) == 0);
}

bool
ho_event_same_content(const struct ho_eventlog *log, const struct ho_event *a,
                      const struct ho_event *b)
{
    if (a->ts != b->ts || a->type != b->type || a->lead != b->lead || a->account != b->account ||
        a->channel != b->channel || a->campaign != b->campaign || a->n_props != b->n_props ||
        a->n_traits != b->n_traits)
        return false;
    const struct ho_kv *pa = ho_event_props(log, a), *pb = ho_event_props(log, b);
    return a->n_props + a->n_traits == 0 ||
           (same_pairs(pa, pb, a->n_props) &&
            same_pairs(pa + a->n_props, pb + b->n_props, a->n_traits));
}
