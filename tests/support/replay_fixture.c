/* SPDX-License-Identifier: MIT */
/*
 * tests/support/replay_fixture.c - see replay_fixture.h.
 */
#include "replay_fixture.h"

#include <stdarg.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "defs/defs_yaml.h"

const char ho_fx_example_yaml[] =
    "version: 1\n"
    "owners:\n"
    "  marketing: { name: \"Dana (VP Marketing)\", signed: 2026-01-05 }\n"
    "  sales:     { name: \"Lee (VP Sales)\",      signed: 2026-01-06 }\n"
    "channels:\n"
    "  organic_search: { utm_medium: [organic, seo], source: [ORGANIC_SEARCH, organic] }\n"
    "  paid_search:    { utm_medium: [cpc, ppc, paid_search], source: [PAID_SEARCH] }\n"
    "  email:          { utm_medium: [email], source: [EMAIL_MARKETING] }\n"
    "  outbound:       { source: [OUTBOUND, sales] }\n"
    "fit:\n"
    "  - { name: senior_title,  field: lead.title,        matches: "
    "'\\b(VP|Vice President|Director|CRO|Head of)\\b', points: 10 }\n"
    "  - { name: size_50_500,   field: account.employees, between: [50, 500],   points: 10 }\n"
    "  - { name: saas,          field: account.industry,  in: [saas, software], points: 10 }\n"
    "  - { name: north_america, field: account.country,   in: [US, CA],         points: 5 }\n"
    "behavior:\n"
    "  decay: { half_life: 30d }\n"
    "  rules:\n"
    "    - { name: demo_request,   event: form_submit, where: { form: demo },            "
    "points: 30, max: 30 }\n"
    "    - { name: pricing_repeat, event: page_view,   where: { path_prefix: /pricing }, "
    "count: 2, within: 30d, points: 15 }\n"
    "    - { name: email_open,     event: email_open,  points: 1, max: 5 }\n"
    "    - { name: careers_page,   event: page_view,   where: { path_prefix: /careers }, "
    "points: -15, min: -15 }\n"
    "disqualify:\n"
    "  - { reason: student,    field: lead.email,            matches: '\\.edu$' }\n"
    "  - { reason: competitor, field: account.is_competitor, equals: true }\n"
    "stages:\n"
    "  mql:\n"
    "    min_score: 50\n"
    "    min_fit: 10\n"
    "    or_any:\n"
    "      - { all: [demo_request, senior_title, size_50_500] }\n"
    "  sql:\n"
    "    requires: sales_qualify\n"
    "reasons:\n"
    "  not_icp:     { category: bad_fit,     outcome: disqualified }\n"
    "  wrong_size:  { category: bad_fit,     outcome: disqualified }\n"
    "  bad_data:    { category: bad_data,    outcome: disqualified }\n"
    "  bad_timing:  { category: bad_timing,  outcome: nurture }\n"
    "  no_budget:   { category: bad_timing,  outcome: nurture }\n"
    "  no_response: { category: no_response, outcome: nurture }\n"
    "  over_scored: { category: bad_scoring, outcome: nurture }\n"
    "benchmarks:\n"
    "  mql_to_sql_tiers: { broken: 5, misaligned: 13, average: 25, good: 40 }\n"
    "  healthy:\n"
    "    lead_mql:             [5, 20]\n"
    "    mql_sql:              [20, 40]\n"
    "    sql_opportunity:      [50, 70]\n"
    "    opportunity_customer: [20, 30]\n";

void
ho_fx_init(struct ho_fx *fx, const char *yaml)
{
    struct ho_buf errors = HO_BUF_INIT;
    memset(fx, 0, sizeof(*fx));
    ho_rc rc = ho_defs_load_yaml(yaml, strlen(yaml), "fixture.yaml", &fx->defs, &errors, &fx->diag);
    if (rc != HO_OK)
        fail_msg("fixture definitions do not load: %s\n%s", fx->diag.msg, ho_buf_cstr(&errors));
    ho_buf_release(&errors);
    ho_eventlog_init(&fx->log);
}

void
ho_fx_release(struct ho_fx *fx)
{
    ho_replay_free(fx->replay);
    fx->replay = NULL;
    if (fx->bound)
        ho_model_release(&fx->model);
    fx->bound = false;
    ho_eventlog_release(&fx->log);
    ho_defs_release(&fx->defs);
}

static struct ho_slice
slice(const char *s)
{
    struct ho_slice sl = { s, s ? strlen(s) : 0 };
    return sl;
}

/* Split "k=v;k=v" into kv slices pointing into text. */
static size_t
split_kv(const char *text, struct ho_draft_kv *kv, size_t max)
{
    size_t n = 0;
    const char *p = text;
    while (p && *p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq)
            fail_msg("fixture kv '%s' has no '='", text);
        if (n == max)
            fail_msg("fixture kv '%s' has too many pairs", text);
        kv[n].key.ptr = p;
        kv[n].key.len = (size_t)(eq - p);
        kv[n].val.ptr = eq + 1;
        kv[n].val.len = len - (size_t)(eq - p) - 1;
        n++;
        p = end ? end + 1 : NULL;
    }
    return n;
}

void
ho_fx_add(struct ho_fx *fx, const struct ho_fx_event *rows, size_t n)
{
    if (fx->bound)
        fail_msg("fixture: add events before the first replay");
    for (size_t i = 0; i < n; i++) {
        const struct ho_fx_event *r = &rows[i];
        struct ho_draft_kv props[16], traits[16];
        struct ho_event_draft d;
        memset(&d, 0, sizeof(d));
        d.id = slice(r->id);
        d.ts = slice(r->ts);
        d.type = slice(r->type);
        d.lead = slice(r->lead);
        d.account = slice(r->account);
        d.channel = slice(r->channel);
        d.props = props;
        d.n_props = split_kv(r->props, props, 16);
        d.traits = traits;
        d.n_traits = split_kv(r->traits, traits, 16);
        size_t at;
        if (ho_eventlog_add_draft(&fx->log, &d, &at, &fx->diag) != HO_OK)
            fail_msg("fixture event '%s' rejected: %s", r->id ? r->id : "(null)", fx->diag.msg);
    }
}

uint32_t
ho_fx_id(const struct ho_fx *fx, const char *s)
{
    return ho_strtab_find(fx->log.strings, s, strlen(s));
}

uint32_t
ho_fx_index(const struct ho_fx *fx, const char *id)
{
    for (size_t i = 0; i < fx->log.n; i++) /* event ids are not interned: compare texts */
        if (strcmp(ho_eventlog_str(&fx->log, fx->log.events[i].id), id) == 0)
            return (uint32_t)i;
    fail_msg("fixture has no event '%s'", id);
    return UINT32_MAX;
}

static void
bind(struct ho_fx *fx)
{
    if (fx->bound)
        return;
    ho_model_init(&fx->model, &fx->defs, &fx->log);
    fx->replay = ho_replay_new(&fx->model);
    fx->bound = true;
}

static bool
has_account(const uint32_t *acc, size_t n, uint32_t a)
{
    for (size_t i = 0; i < n; i++)
        if (acc[i] == a)
            return true;
    return false;
}

ho_rc
ho_fx_replay(struct ho_fx *fx, const char *lead, int64_t at, bool trace)
{
    bind(fx);
    uint32_t lid = ho_fx_id(fx, lead);
    if (!lid)
        fail_msg("fixture has no lead '%s'", lead);
    uint32_t acc[64];
    size_t n_acc = 0;
    for (size_t i = 0; i < fx->log.n; i++) {
        const struct ho_event *e = &fx->log.events[i];
        if (e->lead == lid && e->account && !has_account(acc, n_acc, e->account) && n_acc < 64)
            acc[n_acc++] = e->account;
    }
    fx->n_idx = 0;
    for (size_t i = 0; i < fx->log.n; i++) {
        const struct ho_event *e = &fx->log.events[i];
        bool mine = e->lead == lid || (e->lead == 0 && has_account(acc, n_acc, e->account));
        if (!mine)
            continue;
        if (fx->n_idx == HO_FX_MAX_EVENTS)
            fail_msg("fixture: too many events");
        /* Insertion sort by the canonical order. */
        size_t j = fx->n_idx++;
        while (j > 0 && ho_event_cmp(&fx->log, &fx->log.events[fx->idx[j - 1]], e) > 0) {
            fx->idx[j] = fx->idx[j - 1];
            j--;
        }
        fx->idx[j] = (uint32_t)i;
    }
    memset(&fx->res, 0, sizeof(fx->res));
    ho_diag_clear(&fx->diag);
    return ho_replay_lead(fx->replay, lid, fx->idx, fx->n_idx, at, trace, &fx->res, &fx->diag);
}

ho_rc
ho_fx_replay_ids(struct ho_fx *fx, const char *lead, const char *const *ids, size_t n, int64_t at,
                 bool trace)
{
    bind(fx);
    uint32_t lid = ho_fx_id(fx, lead);
    if (!lid)
        fail_msg("fixture has no lead '%s'", lead);
    if (n > HO_FX_MAX_EVENTS)
        fail_msg("fixture: too many events");
    for (size_t i = 0; i < n; i++)
        fx->idx[i] = ho_fx_index(fx, ids[i]);
    fx->n_idx = n;
    memset(&fx->res, 0, sizeof(fx->res));
    ho_diag_clear(&fx->diag);
    return ho_replay_lead(fx->replay, lid, fx->idx, fx->n_idx, at, trace, &fx->res, &fx->diag);
}

const struct ho_rule_detail *
ho_fx_rule(const struct ho_fx *fx, const char *name)
{
    size_t n = 0;
    const struct ho_rule_detail *d = ho_replay_details(fx->replay, &n);
    for (size_t i = 0; i < n; i++)
        if (d[i].name && strcmp(d[i].name, name) == 0)
            return &d[i];
    fail_msg("no rule detail '%s' (%zu details)", name, n);
    return NULL;
}

int64_t
ho_fx_ms(const char *rfc3339)
{
    int64_t ms = 0;
    if (ho_time_parse(rfc3339, strlen(rfc3339), &ms, NULL) != HO_OK)
        fail_msg("fixture: bad time literal '%s'", rfc3339);
    return ms;
}
