/* SPDX-License-Identifier: MIT */
/*
 * report/explain_routing.c - the "Routing" block of explain: who the lead
 * went to and why.
 *
 * Every `assign` event of the lead up to the as-of time, in (time, event
 * id) order: the rep (or unassigned), the pool and the routing rule, how
 * (weighted round robin, account owner, manual for `handoff assign`), the
 * reps passed over and why (away, at capacity), and for a re-route how long
 * the lead waited.  The values are the event's own props, written when the
 * decision was made, so the block shows the decision as it was taken.
 */
#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/event.h"
#include "core/model.h"
#include "core/replay.h"
#include "report/report_int.h"

/* The props a routing decision carries, as text ("" when absent). */
struct route_props {
    const char *rep, *pool, *rule, *how, *why, *skipped, *waited_since;
};

static const char *
prop(const struct ho_model *m, const struct ho_event *e, const char *key)
{
    uint32_t k = ho_strtab_find(m->log->strings, key, strlen(key));
    return k ? ho_eventlog_str(m->log, ho_event_prop(m->log, e, k)) : "";
}

static void
read_props(const struct ho_model *m, const struct ho_event *e, struct route_props *p)
{
    p->rep = prop(m, e, "rep");
    p->pool = prop(m, e, "pool");
    p->rule = prop(m, e, "rule");
    p->how = prop(m, e, "how");
    p->why = prop(m, e, "why");
    p->skipped = prop(m, e, "skipped");
    p->waited_since = prop(m, e, "waited_since");
    if (!*p->how && strcmp(p->pool, "manual") == 0)
        p->how = "manual"; /* handoff assign */
}

/* An assign event of the lead, with its sort key. */
struct assign_ref {
    int64_t ts;
    const char *id;
    uint32_t index;
};

static int
cmp_refs(const void *a, const void *b)
{
    const struct assign_ref *x = a, *y = b;
    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* The lead's assign events up to r->as_of in (time, event id) order;
 * owned by the caller (ho_xfree). */
static struct assign_ref *
assign_events(const struct ho_model *m, const struct ho_lead_result *r, size_t *n)
{
    struct assign_ref *v = NULL;
    size_t cap = 0;
    *n = 0;
    for (size_t i = 0; i < m->log->n; i++) {
        const struct ho_event *e = &m->log->events[i];
        if (e->type != m->v.assign || e->lead != r->lead || e->ts > r->as_of)
            continue;
        HO_GROW(v, cap, *n + 1);
        v[(*n)++] = (struct assign_ref){ e->ts, ho_eventlog_str(m->log, e->id), (uint32_t)i };
    }
    if (*n > 1)
        qsort(v, *n, sizeof(*v), cmp_refs);
    return v;
}

static json_t *
text_or_null(const char *s)
{
    return *s ? json_string(s) : json_null();
}

json_t *
ho_explain_routing_json(const struct ho_model *m, const struct ho_lead_result *r)
{
    size_t n;
    struct assign_ref *ev = assign_events(m, r, &n);
    json_t *arr = json_array();
    char ts[HO_TIME_STRLEN];
    for (size_t i = 0; i < n; i++) {
        const struct ho_event *e = &m->log->events[ev[i].index];
        struct route_props p;
        read_props(m, e, &p);
        json_t *o = json_object();
        json_object_set_new(o, "at", json_string(ho_time_format(e->ts, ts)));
        json_object_set_new(o, "rep", text_or_null(p.rep));
        json_object_set_new(o, "pool", text_or_null(p.pool));
        json_object_set_new(o, "rule", text_or_null(p.rule));
        json_object_set_new(o, "how", text_or_null(p.how));
        json_object_set_new(o, "why", text_or_null(p.why));
        json_object_set_new(o, "skipped", text_or_null(p.skipped));
        json_object_set_new(o, "waited_since", text_or_null(p.waited_since));
        json_array_append_new(arr, o);
    }
    ho_xfree(ev);
    return arr;
}

void
ho_explain_routing_text(FILE *out, const struct ho_model *m, const struct ho_lead_result *r)
{
    size_t n;
    struct assign_ref *ev = assign_events(m, r, &n);
    char ts[HO_TIME_STRLEN];
    if (n)
        fprintf(out, "\n  Routing\n");
    for (size_t i = 0; i < n; i++) {
        const struct ho_event *e = &m->log->events[ev[i].index];
        struct route_props p;
        read_props(m, e, &p);
        fprintf(out, "  %s  %s", ho_time_format(e->ts, ts), *p.rep ? p.rep : "unassigned");
        if (*p.pool)
            fprintf(out, ", pool %s", p.pool);
        if (*p.rule)
            fprintf(out, " (rule %s)", p.rule);
        if (*p.how)
            fprintf(out, *p.rep ? ", by %s" : ": %s", p.how);
        fputc('\n', out);
        if (*p.why && strcmp(p.why, p.how) != 0)
            fprintf(out, "      why: %s\n", p.why);
        if (*p.waited_since)
            fprintf(out, "      waited unassigned since %s\n", p.waited_since);
        if (*p.skipped)
            fprintf(out, "      passed over: %s\n", p.skipped);
    }
    ho_xfree(ev);
}
