/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_mapping.c - the `mapping:` section: how the CRM importers read
 * a team's own columns and values (ecosystem.md §3, §6.2), overriding their
 * built-in tables.
 *
 *   mapping:
 *     fields:    { "Annual Revenue": traits.revenue, "Deal Notes": props.notes }
 *     status:
 *       "Unqualified - Bad Fit": { event: sales_reject, reason: not_icp }
 *       "Nurture":               { event: nurture, reason: bad_timing }
 *     sources:   { OFFLINE: event, "Paid social": paid_social }
 *     lifecycle: { "1452450030": sal }
 *
 * Keys are matched as core/mapping.h says (trimmed, without case), so two
 * keys equal under that rule are duplicates.  Read after `reasons` and
 * `channels`: reasons must be on the closed list, and channels on the list
 * when the definitions have one.
 */
#include "defs/defs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/mapping.h"
#include "defs/defs_yaml.h"

enum { MP_FIELDS, MP_STATUS, MP_SOURCES, MP_LIFECYCLE, MP__COUNT };
static const struct ho_yn_key mapping_keys[] = {
    { "fields", "fields: { \"Annual Revenue\": traits.revenue }", false },
    { "status", "status: { \"Unqualified - Bad Fit\": { event: sales_reject, reason: not_icp } }",
      false },
    { "sources", "sources: { OFFLINE: event }", false },
    { "lifecycle", "lifecycle: { \"1452450030\": sal }", false },
};
static const struct ho_yn_shape mapping_shape = HO_YN_SHAPE(
    "mapping",
    "mapping: { fields: { ... }, status: { ... }, sources: { ... }, lifecycle: { ... } }",
    mapping_keys);

enum { MS_EVENT, MS_REASON, MS__COUNT };
static const struct ho_yn_key status_keys[] = {
    { "event", "event: sales_reject", true },
    { "reason", "reason: not_icp", false },
};
static const struct ho_yn_shape status_shape =
    HO_YN_SHAPE("a status mapping",
                "\"Unqualified - Bad Fit\": { event: sales_reject, reason: not_icp }", status_keys);

/* The sales events a lead status can stand for (DESIGN.md §3). */
static const struct {
    const char *event;
    bool takes_reason, needs_reason;
} status_events[] = {
    { "contact_attempt", false, false }, { "contact_made", false, false },
    { "meeting_booked", false, false },  { "sales_accept", false, false },
    { "sales_qualify", false, false },   { "sales_reject", true, true },
    { "nurture", true, false },          { "disqualify", true, false },
    { "requalify", false, false },       { "opportunity_created", false, false },
    { "opportunity_won", false, false }, { "opportunity_lost", false, false },
};

/* The stages a lifecycle value can mean: the funnel, in order. */
static const char *const lifecycle_stages[] = { "lead", "mql",         "sal",
                                                "sql",  "opportunity", "customer" };

/* "; did you mean 'x'?" or "" */
static void
suggestion(const struct ho_suggest *s, char *out, size_t size)
{
    out[0] = '\0';
    if (s->best != NULL)
        (void)snprintf(out, size, "; did you mean '%s'?", s->best);
}

/* The key of an entry as text: a usable, non-blank scalar. */
static bool
entry_key(struct ho_dl *L, const struct ho_yn_field *section, const struct ho_yn *key,
          const char **out)
{
    struct ho_yn_field f = { section->spec, key, key };
    if (!ho_yn_text(L, &f, out))
        return false;
    if (ho_mapping_key_blank(*out)) {
        ho_dl_problem(L, key->pos, "a key of '%s' is only spaces — write the CRM value, e.g. %s",
                      section->spec->name, section->spec->example);
        return false;
    }
    return true;
}

/* ---- duplicates under the matching rule ------------------------------------ */

static int
cmp_from(const void *a, const void *b)
{
    const struct ho_dl_named *x = a;
    const struct ho_dl_named *y = b;
    int c = ho_mapping_key_cmp(x->name, y->name);
    if (c != 0)
        return c;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    return x->pos.column < y->pos.column ? -1 : (x->pos.column > y->pos.column);
}

/* Keys that differ only in case or surrounding spaces are one key to the
 * importers.  Byte-equal keys were reported by ho_yn_check_map already. */
static void
check_duplicates(struct ho_dl *L, const char *section, struct ho_dl_names *keys)
{
    if (keys->n > 1)
        qsort(keys->v, keys->n, sizeof(*keys->v), cmp_from);
    for (size_t i = 1; i < keys->n; i++) {
        const struct ho_dl_named *a = &keys->v[i - 1];
        const struct ho_dl_named *b = &keys->v[i];
        if (ho_mapping_key_cmp(a->name, b->name) != 0 || strcmp(a->name, b->name) == 0)
            continue;
        ho_dl_problem(L, b->pos,
                      "'%.64s' in %s is the same CRM value as '%.64s' (line %u): keys match "
                      "without case and surrounding spaces — keep only one",
                      b->name, section, a->name, a->pos.line);
    }
    ho_dl_names_release(keys);
}

/* ---- targets ------------------------------------------------------------------ */

/* traits.X or props.X, X of letters, digits, '_', '-' and '.' */
static bool
is_field_target(const char *s)
{
    const char *rest;
    if (strncmp(s, "traits.", 7) == 0)
        rest = s + 7;
    else if (strncmp(s, "props.", 6) == 0)
        rest = s + 6;
    else
        return false;
    if (*rest == '\0' || *rest == '.' || strlen(rest) > 64)
        return false;
    for (; *rest != '\0'; rest++) {
        char c = *rest;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

static bool
field_target(struct ho_dl *L, const struct ho_yn_field *f, const char *column)
{
    const char *to;
    if (!ho_yn_text(L, f, &to))
        return false;
    if (is_field_target(to))
        return true;
    ho_dl_problem(L, f->val->pos,
                  "column '%.64s' maps to '%.64s' — write traits.NAME (a lead trait) or "
                  "props.NAME (an event property), e.g. traits.revenue",
                  column, to);
    return false;
}

static bool
channel_target(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_defs *d,
               const char *bucket)
{
    const char *to;
    if (!ho_yn_name(L, f, &to))
        return false;
    if (d->n_channels == 0 || strcmp(to, "other") == 0)
        return true;
    struct ho_suggest sg;
    ho_suggest_init(&sg, to);
    for (size_t i = 0; i < d->n_channels; i++) {
        if (strcmp(d->channels[i].name, to) == 0)
            return true;
        ho_suggest_try(&sg, d->channels[i].name);
    }
    char hint[96];
    suggestion(&sg, hint, sizeof(hint));
    ho_dl_problem(L, f->val->pos,
                  "source '%.64s' maps to channel '%.64s', which is not under channels — name a "
                  "channel defined there, or other%s",
                  bucket, to, hint);
    return false;
}

static bool
stage_target(struct ho_dl *L, const struct ho_yn_field *f, const char *value)
{
    const char *to;
    if (!ho_yn_text(L, f, &to))
        return false;
    struct ho_suggest sg;
    ho_suggest_init(&sg, to);
    for (size_t i = 0; i < HO_ARRAY_LEN(lifecycle_stages); i++) {
        if (strcmp(lifecycle_stages[i], to) == 0)
            return true;
        ho_suggest_try(&sg, lifecycle_stages[i]);
    }
    char hint[96];
    suggestion(&sg, hint, sizeof(hint));
    ho_dl_problem(L, f->val->pos,
                  "lifecycle value '%.64s' maps to '%.64s' — write a stage: lead, mql, sal, sql, "
                  "opportunity or customer%s",
                  value, to, hint);
    return false;
}

/* ---- status ------------------------------------------------------------------- */

static int
find_status_event(const char *event)
{
    for (size_t i = 0; i < HO_ARRAY_LEN(status_events); i++) {
        if (strcmp(status_events[i].event, event) == 0)
            return (int)i;
    }
    return -1;
}

static int
status_event(struct ho_dl *L, const struct ho_yn_field *f, const char *status)
{
    const char *event;
    if (!ho_yn_text(L, f, &event))
        return -1;
    int k = find_status_event(event);
    if (k >= 0)
        return k;
    struct ho_suggest sg;
    char hint[96];
    ho_suggest_init(&sg, event);
    for (size_t i = 0; i < HO_ARRAY_LEN(status_events); i++)
        ho_suggest_try(&sg, status_events[i].event);
    suggestion(&sg, hint, sizeof(hint));
    ho_dl_problem(L, f->val->pos,
                  "status '%.64s' maps to unknown event '%.64s' — use a sales event: "
                  "contact_attempt, contact_made, meeting_booked, sales_accept, sales_qualify, "
                  "sales_reject, nurture, disqualify, requalify, opportunity_created, "
                  "opportunity_won or opportunity_lost%s",
                  status, event, hint);
    return -1;
}

static bool
status_reason(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_defs *d,
              const char *status)
{
    const char *reason;
    if (!ho_yn_text(L, f, &reason))
        return false;
    if (ho_defs_reason(d, reason) != NULL)
        return true;
    struct ho_suggest sg;
    char hint[96];
    ho_suggest_init(&sg, reason);
    for (size_t i = 0; i < d->n_reasons; i++)
        ho_suggest_try(&sg, d->reasons[i].code);
    suggestion(&sg, hint, sizeof(hint));
    if (d->n_reasons == 0)
        ho_dl_problem(L, f->val->pos,
                      "status '%.64s' gives reason '%.64s', but the file has no reasons — add "
                      "reasons: { %.64s: { category: bad_fit, outcome: disqualified } }",
                      status, reason, reason);
    else
        ho_dl_problem(L, f->val->pos,
                      "status '%.64s' gives reason '%.64s', which is not under reasons — use a "
                      "code from the closed list%s",
                      status, reason, hint);
    return false;
}

/* Which reason a status's event takes, and whether it has one. */
static bool
check_status_reason(struct ho_dl *L, const struct ho_yn *node, const struct ho_yn_field *f, int k,
                    const char *status)
{
    if (f[MS_REASON].key != NULL && !status_events[k].takes_reason) {
        ho_dl_problem(L, f[MS_REASON].key->pos,
                      "status '%.64s': %s takes no reason — remove reason, or use sales_reject, "
                      "nurture or disqualify",
                      status, status_events[k].event);
        return false;
    }
    if (f[MS_REASON].key == NULL && status_events[k].needs_reason) {
        ho_dl_problem(L, node->pos,
                      "status '%.64s' maps to %s, which needs a reason from the closed list — add "
                      "reason: not_icp (or another code under reasons)",
                      status, status_events[k].event);
        return false;
    }
    return true;
}

static bool
read_status(struct ho_dl *L, const struct ho_yn *node, const struct ho_defs *d, const char *status,
            struct ho_map_status *out)
{
    struct ho_yn_field f[MS__COUNT];
    if (!ho_yn_fields(L, node, &status_shape, f) || f[MS_EVENT].key == NULL)
        return false;
    int k = status_event(L, &f[MS_EVENT], status);
    if (k < 0 || !check_status_reason(L, node, f, k, status))
        return false;
    if (f[MS_REASON].key != NULL && !status_reason(L, &f[MS_REASON], d, status))
        return false;
    out->from = ho_xstrdup(status);
    out->event = ho_xstrdup(status_events[k].event);
    out->reason = f[MS_REASON].key != NULL ? ho_xstrdup(f[MS_REASON].val->text) : NULL;
    return true;
}

/* ---- sections ------------------------------------------------------------------ */

/* Which subsection a pair list is, for its target check. */
enum pair_kind { PAIR_FIELD, PAIR_SOURCE, PAIR_STAGE };

static bool
pair_target(struct ho_dl *L, enum pair_kind kind, const struct ho_yn_field *f,
            const struct ho_defs *d, const char *from)
{
    switch (kind) {
    case PAIR_FIELD:
        return field_target(L, f, from);
    case PAIR_SOURCE:
        return channel_target(L, f, d, from);
    case PAIR_STAGE:
        return stage_target(L, f, from);
    }
    return false;
}

static void
read_pairs(struct ho_dl *L, const struct ho_yn_field *f, enum pair_kind kind,
           const struct ho_defs *d, struct ho_map_pair **out, size_t *n)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    struct ho_dl_names keys = { NULL, 0, 0 };
    *out = ho_xcalloc(map->n_kids / 2 + 1, sizeof(**out));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *key = map->kids[i];
        const char *from;
        if (key->kind != HO_YN_SCALAR || !entry_key(L, f, key, &from))
            continue;
        ho_dl_names_add(&keys, from, key->pos);
        struct ho_yn_field val = { f->spec, key, map->kids[i + 1] };
        if (!pair_target(L, kind, &val, d, from))
            continue;
        (*out)[*n] = (struct ho_map_pair){ ho_xstrdup(from), ho_xstrdup(val.val->text), key->pos };
        (*n)++;
    }
    check_duplicates(L, f->spec->name, &keys);
}

static void
read_statuses(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_defs *d,
              struct ho_mapping *m)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    struct ho_dl_names keys = { NULL, 0, 0 };
    m->statuses = ho_xcalloc(map->n_kids / 2 + 1, sizeof(*m->statuses));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *key = map->kids[i];
        const char *from;
        if (key->kind != HO_YN_SCALAR || !entry_key(L, f, key, &from))
            continue;
        ho_dl_names_add(&keys, from, key->pos);
        struct ho_map_status *s = &m->statuses[m->n_statuses];
        if (read_status(L, map->kids[i + 1], d, from, s)) {
            s->pos = key->pos;
            m->n_statuses++;
        }
    }
    check_duplicates(L, f->spec->name, &keys);
}

void
ho_dl_mapping(struct ho_dl *L, const struct ho_yn_field *section, struct ho_defs *d)
{
    struct ho_yn_field f[MP__COUNT];
    struct ho_mapping *m = &d->mapping;
    if (!ho_yn_given(section))
        return;
    m->pos = section->val->pos;
    if (!ho_yn_fields(L, section->val, &mapping_shape, f))
        return;
    if (ho_yn_given(&f[MP_FIELDS]))
        read_pairs(L, &f[MP_FIELDS], PAIR_FIELD, d, &m->fields, &m->n_fields);
    if (ho_yn_given(&f[MP_STATUS]))
        read_statuses(L, &f[MP_STATUS], d, m);
    if (ho_yn_given(&f[MP_SOURCES]))
        read_pairs(L, &f[MP_SOURCES], PAIR_SOURCE, d, &m->sources, &m->n_sources);
    if (ho_yn_given(&f[MP_LIFECYCLE]))
        read_pairs(L, &f[MP_LIFECYCLE], PAIR_STAGE, d, &m->lifecycle, &m->n_lifecycle);
}
