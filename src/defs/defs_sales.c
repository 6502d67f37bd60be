/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_sales.c - the `sla`, `routing` and `reps` sections, and the
 * checks that tie them to each other and to the rest of the file:
 *
 *   - an SLA starts at a funnel stage (from), or on an event (event, where)
 *     while the lead is in one (in), and names a rule (fit or behavior) or
 *     a channel that exists; an SLA hidden by an earlier one of the same
 *     name and start without `when` is reported;
 *   - every pool a routing rule picks has at least one rep; a rule after
 *     one without `when` (which takes every lead) is reported;
 *   - rep ids are unique, a rep lists a pool once, away periods run
 *     forwards.
 *
 * Runs after channels, fit and behavior are read (ho_dl_defs), so names can
 * be looked up while the nodes, and so the positions, are at hand.
 */
#include "defs/defs_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/stage.h"
#include "defs/defs_yaml.h"

#define WEIGHT_MAX   1000000
#define CAPACITY_MAX 1000000

/* The value of key `name` in map (a mapping node), or NULL. */
static const struct ho_yn *
map_value(const struct ho_yn *map, const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; map != NULL && map->kind == HO_YN_MAP && i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *k = map->kids[i];
        if (k->kind == HO_YN_SCALAR && k->len == len && memcmp(k->text, name, len) == 0)
            return map->kids[i + 1];
    }
    return NULL;
}

/* ---- reps --------------------------------------------------------------------------- */

enum {
    RP_ID,
    RP_POOLS,
    RP_WEIGHT,
    RP_CAPACITY,
    RP_AWAY,
    RP_SLACK,
    RP_WEBHOOK,
    RP_SECRET,
    RP_TZ,
    RP__COUNT
};
static const struct ho_yn_key rep_keys[] = {
    { "id", "id: sam", true },
    { "pools", "pools: [smb]", true },
    { "weight", "weight: 2", false },
    { "capacity", "capacity: 40", false },
    { "away", "away: [2026-03-02, 2026-03-06]", false },
    { "slack", "slack: U0123ABCD", false },
    { "webhook", "webhook: \"https://hooks.example/sam\"", false },
    { "secret", "secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false },
    { "timezone", "timezone: Europe/Berlin", false },
};
static const struct ho_yn_shape rep_shape =
    HO_YN_SHAPE("a rep", "- { id: sam, pools: [smb], weight: 2, capacity: 40 }", rep_keys);

/* One away period [FROM, TO] at node. */
static void
read_away_pair(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_yn *node,
               struct ho_rep *r)
{
    int64_t from;
    int64_t to;
    if (node->kind != HO_YN_SEQ || node->n_kids != 2) {
        ho_dl_problem(L, node->pos,
                      "an away period is a list of two dates [FROM, TO] — write away: "
                      "[2026-03-02, 2026-03-06], or a list of such pairs");
        return;
    }
    struct ho_yn_field a = { f->spec, f->key, node->kids[0] };
    struct ho_yn_field b = { f->spec, f->key, node->kids[1] };
    bool ok = ho_yn_date(L, &a, &from);
    ok = ho_yn_date(L, &b, &to) && ok;
    if (!ok)
        return;
    if (from > to) {
        ho_dl_problem(L, node->pos,
                      "away period ends before it starts (%.16s is after %.16s) — write [FROM, TO] "
                      "with the first day first; both days are included",
                      a.val->text, b.val->text);
        return;
    }
    r->away_from[r->n_away] = from;
    r->away_to[r->n_away] = to;
    r->n_away++;
}

/* away: [FROM, TO] or [[FROM, TO], [FROM, TO], ...] */
static void
read_away(struct ho_dl *L, const struct ho_yn_field *f, struct ho_rep *r)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *v = f->val;
    if (v->n_kids == 0) {
        ho_dl_problem(L, v->pos,
                      "'away' is an empty list — write away: [2026-03-02, 2026-03-06], or remove "
                      "it");
        return;
    }
    bool pairs = v->kids[0]->kind == HO_YN_SEQ;
    size_t n = pairs ? v->n_kids : 1;
    r->away_from = ho_xcalloc(n, sizeof(*r->away_from));
    r->away_to = ho_xcalloc(n, sizeof(*r->away_to));
    if (!pairs) {
        read_away_pair(L, f, v, r);
        return;
    }
    for (size_t i = 0; i < n; i++)
        read_away_pair(L, f, v->kids[i], r);
}

/* slack, webhook + secret, timezone: where the rep's alerts go (defs_notify.c). */
static void
read_rep_alerts(struct ho_dl *L, const struct ho_yn *node, const struct ho_yn_field *f,
                struct ho_rep *r)
{
    if (f[RP_SLACK].key != NULL)
        (void)ho_dl_slack_id(L, &f[RP_SLACK], &r->slack_id);
    if (f[RP_WEBHOOK].key != NULL)
        (void)ho_dl_url(L, &f[RP_WEBHOOK], &r->webhook);
    if (f[RP_SECRET].key != NULL && f[RP_WEBHOOK].key == NULL)
        ho_dl_problem(L, f[RP_SECRET].key->pos,
                      "'secret' signs the rep's webhook — add webhook: \"https://...\", or "
                      "remove it");
    else if (f[RP_SECRET].key != NULL)
        (void)ho_dl_secret(L, &f[RP_SECRET], &r->secret);
    else if (f[RP_WEBHOOK].key != NULL)
        ho_dl_problem(L, node->pos,
                      "the rep's webhook needs a signing secret — add secret: whsec_ and 24 to "
                      "64 random bytes in base64");
    if (f[RP_TZ].key != NULL)
        ho_dl_timezone(L, &f[RP_TZ], &r->tz);
}

static void
read_rep(struct ho_dl *L, const struct ho_yn *node, struct ho_rep *r)
{
    struct ho_yn_field f[RP__COUNT];
    const char *id;
    int64_t v;
    r->pos = node->pos;
    r->weight = 1;
    if (!ho_yn_fields(L, node, &rep_shape, f))
        return;
    if (f[RP_ID].key != NULL && ho_yn_name(L, &f[RP_ID], &id))
        r->id = ho_dl_dup_text(id);
    if (f[RP_POOLS].key != NULL)
        (void)ho_yn_names(L, &f[RP_POOLS], &r->pools, &r->n_pools);
    if (f[RP_WEIGHT].key != NULL && ho_yn_integer(L, &f[RP_WEIGHT], 1, WEIGHT_MAX, &v))
        r->weight = (uint32_t)v;
    if (f[RP_CAPACITY].key != NULL && ho_yn_integer(L, &f[RP_CAPACITY], 0, CAPACITY_MAX, &v))
        r->capacity = (uint32_t)v;
    if (ho_yn_given(&f[RP_AWAY]))
        read_away(L, &f[RP_AWAY], r);
    read_rep_alerts(L, node, f, r);
}

static void
check_rep_ids(struct ho_dl *L, const struct ho_defs *d)
{
    struct ho_dl_names ids = { NULL, 0, 0 };
    for (size_t i = 0; i < d->n_reps; i++)
        ho_dl_names_add(&ids, d->reps[i].id, d->reps[i].pos);
    ho_dl_names_sort(&ids);
    for (size_t i = 1; i < ids.n; i++) {
        if (strcmp(ids.v[i].name, ids.v[i - 1].name) == 0)
            ho_dl_problem(L, ids.v[i].pos,
                          "rep id '%.64s' is already used by the rep at line %u — give each rep "
                          "its own id",
                          ids.v[i].name, ids.v[i - 1].pos.line);
    }
    ho_dl_names_release(&ids);
}

static void
read_reps(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    d->reps = ho_xcalloc(f->val->n_kids + 1, sizeof(*d->reps));
    d->n_reps = f->val->n_kids;
    for (size_t i = 0; i < d->n_reps; i++)
        read_rep(L, f->val->kids[i], &d->reps[i]);
    check_rep_ids(L, d);
}

/* ---- routing ------------------------------------------------------------------------ */

enum { RT_WHEN, RT_POOL, RT__COUNT };
static const struct ho_yn_key route_keys[] = {
    { "when", "when: { field: account.employees, \">=\": 1000 }", false },
    { "pool", "pool: enterprise", true },
};
static const struct ho_yn_shape route_shape = HO_YN_SHAPE(
    "a routing rule", "- { when: { field: account.employees, \">=\": 1000 }, pool: enterprise }",
    route_keys);

enum { RW_FIELD = HO_DL_OP__COUNT, RW_CASE, RW__COUNT };
static const struct ho_yn_key route_when_keys[] = {
    HO_DL_OP_KEYS,
    { "field", "field: account.employees", true },
    { "case_sensitive", "case_sensitive: true", false },
};
_Static_assert(HO_ARRAY_LEN(route_when_keys) == RW__COUNT, "route_when_keys follows RW_");
static const struct ho_yn_shape route_when_shape = HO_YN_SHAPE(
    "a routing rule's when", "when: { field: account.employees, \">=\": 1000 }", route_when_keys);

/* The pool has a rep, else say so (with the closest pool that has one). */
static void
check_pool(struct ho_dl *L, const struct ho_yn *pool_node, const char *pool,
           const struct ho_dl_names *rep_pools)
{
    if (ho_dl_names_find(rep_pools, pool) != NULL)
        return;
    const char *best = ho_dl_names_suggest(L, rep_pools, pool);
    if (best != NULL)
        ho_dl_problem(L, pool_node->pos, "pool '%.64s' has no rep — did you mean '%s'?", pool,
                      best);
    else
        ho_dl_problem(L, pool_node->pos,
                      "pool '%.64s' has no rep, so its leads could never be assigned — add a rep "
                      "with pools: [%.64s], or route to another pool",
                      pool, pool);
}

static void
read_route(struct ho_dl *L, const struct ho_yn *node, const struct ho_dl_names *rep_pools,
           struct ho_route_rule *r)
{
    struct ho_yn_field f[RT__COUNT];
    const char *pool;
    r->pos = node->pos;
    if (!ho_yn_fields(L, node, &route_shape, f))
        return;
    if (f[RT_POOL].key != NULL && ho_yn_name(L, &f[RT_POOL], &pool)) {
        r->pool = ho_dl_dup_text(pool);
        check_pool(L, f[RT_POOL].val, pool, rep_pools);
    }
    if (!ho_yn_given(&f[RT_WHEN]))
        return;
    struct ho_yn_field w[RW__COUNT];
    if (!ho_yn_fields(L, f[RT_WHEN].val, &route_when_shape, w))
        return;
    r->when = ho_xcalloc(1, sizeof(*r->when));
    (void)ho_dl_condition(L, f[RT_WHEN].val, "a routing rule's when", w, &w[RW_FIELD], &w[RW_CASE],
                          r->when);
}

static void
read_routing(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    struct ho_dl_names rep_pools = { NULL, 0, 0 };
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    for (size_t i = 0; i < d->n_reps; i++) {
        for (size_t k = 0; k < d->reps[i].n_pools; k++)
            ho_dl_names_add(&rep_pools, d->reps[i].pools[k], d->reps[i].pos);
    }
    ho_dl_names_sort(&rep_pools);
    d->routing = ho_xcalloc(f->val->n_kids + 1, sizeof(*d->routing));
    d->n_routing = f->val->n_kids;
    const struct ho_route_rule *catch_all = NULL;
    for (size_t i = 0; i < d->n_routing; i++) {
        struct ho_route_rule *r = &d->routing[i];
        read_route(L, f->val->kids[i], &rep_pools, r);
        if (catch_all != NULL)
            ho_dl_problem(L, r->pos,
                          "this routing rule is never used: the rule at line %u has no 'when' "
                          "and takes every lead — move this one above it",
                          catch_all->pos.line);
        else if (ho_yn_is_map(f->val->kids[i]) && ho_yn_is_null(map_value(f->val->kids[i], "when")))
            catch_all = r;
    }
    ho_dl_names_release(&rep_pools);
}

/* ---- SLAs --------------------------------------------------------------------------- */

enum {
    SLA_NAME,
    SLA_FROM,
    SLA_EVENT,
    SLA_WHERE,
    SLA_IN,
    SLA_UNTIL,
    SLA_WITHIN,
    SLA_WHEN,
    SLA_CLOCK,
    SLA__COUNT
};
static const struct ho_yn_key sla_keys[] = {
    { "name", "name: first_touch", true },
    { "from", "from: mql", false },
    { "event", "event: form_submit", false },
    { "where", "where: { form: demo }", false },
    { "in", "in: mql", false },
    { "until", "until: contact_attempt", true },
    { "within", "within: 24h", true },
    { "when", "when: { rule: demo_request }", false },
    { "clock", "clock: raw", false },
};
static const struct ho_yn_shape sla_shape = HO_YN_SHAPE(
    "an SLA", "- { name: first_touch, from: mql, until: contact_attempt, within: 24h }", sla_keys);

enum { SW_RULE, SW_CHANNEL, SW__COUNT };
static const struct ho_yn_key sla_when_keys[] = {
    { "rule", "rule: demo_request", false },
    { "channel", "channel: paid_search", false },
};
static const struct ho_yn_shape sla_when_shape =
    HO_YN_SHAPE("an SLA's when", "when: { rule: demo_request }", sla_when_keys);

/* Names an SLA may refer to. */
struct sla_refs {
    struct ho_dl_names rules;            /* fit and behavior rule names */
    struct ho_dl_names channels;         /* channel names, and "other" */
    const struct ho_stage_set_opts *set; /* the stages the definitions use */
};

/* A stage the stage set leaves out: what to write instead. */
static void
stage_not_in_set(struct ho_dl *L, const struct ho_yn_field *f, enum ho_stage st)
{
    if (st == HO_STAGE_SAL)
        ho_dl_problem(L, f->val->pos,
                      "'%s: sal' names a stage these definitions turn off (stages: sal: false) — "
                      "start it from mql or sql, or remove sal: false",
                      f->spec->name);
    else
        ho_dl_problem(L, f->val->pos,
                      "'%s: meeting' names a stage these definitions do not use — add "
                      "stages: meeting: { requires: meeting_booked }, or start it from sql",
                      f->spec->name);
}

/* "mql, sal, sql, opportunity or customer": the stages of the set. */
static void
stage_list_text(const struct ho_stage_set_opts *set, struct ho_buf *out)
{
    enum ho_stage st[HO_STAGE__COUNT];
    size_t n = ho_stage_funnel_list(set, st);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            ho_buf_adds(out, i + 1 == n ? " or " : ", ");
        ho_buf_adds(out, ho_stage_name(st[i]));
    }
}

/* from: or in: a funnel stage of the stage set, into *out. */
static void
read_stage(struct ho_dl *L, const struct ho_yn_field *f, const struct ho_stage_set_opts *set,
           char **out)
{
    const char *text;
    enum ho_stage st;
    if (!ho_yn_text(L, f, &text))
        return;
    *out = ho_dl_dup_text(text);
    if (ho_stage_parse(text, &st) && ho_stage_is_funnel(st)) {
        if (!ho_stage_in_set(set, st))
            stage_not_in_set(L, f, st);
        return;
    }
    enum ho_stage funnel[HO_STAGE__COUNT];
    size_t n = ho_stage_funnel_list(set, funnel);
    struct ho_suggest sg;
    ho_suggest_init(&sg, text);
    for (size_t i = 0; i < n; i++)
        ho_suggest_try(&sg, ho_stage_name(funnel[i]));
    struct ho_buf list = HO_BUF_INIT;
    stage_list_text(set, &list);
    ho_dl_problem(L, f->val->pos, "'%s' must be a stage a journey enters — %s, not '%.64s'%s%s%s",
                  f->spec->name, ho_buf_cstr(&list), text,
                  sg.best != NULL ? "; did you mean '" : "", sg.best != NULL ? sg.best : "",
                  sg.best != NULL ? "'?" : "");
    ho_buf_release(&list);
}

/* until: event or [events]: at least one, each once. */
static void
read_until(struct ho_dl *L, const struct ho_yn_field *f, struct ho_sla *s)
{
    const char *text;
    if (f->val == NULL || f->val->kind != HO_YN_SEQ) {
        if (!ho_yn_text(L, f, &text))
            return;
        s->until = ho_xcalloc(1, sizeof(*s->until));
        s->until[0] = ho_dl_dup_text(text);
        s->n_until = 1;
        return;
    }
    if (!ho_yn_texts(L, f, &s->until, &s->n_until))
        return;
    for (size_t i = 1; i < s->n_until; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(s->until[i], s->until[j]) == 0) {
                ho_dl_problem(L, f->val->kids[i]->pos,
                              "'%.64s' is listed twice in 'until' — list it once", s->until[i]);
                break;
            }
        }
    }
}

static void
read_clock(struct ho_dl *L, const struct ho_yn_field *f, struct ho_sla *s)
{
    const char *text;
    if (!ho_yn_text(L, f, &text))
        return;
    if (strcmp(text, "raw") == 0 || strcmp(text, "business") == 0) {
        s->raw_clock = text[0] == 'r';
        return;
    }
    ho_dl_problem(L, f->val->pos,
                  "unknown clock '%.64s' — write clock: business (counts the calendar's hours, "
                  "the default) or clock: raw (wall time)",
                  text);
}

static void
unknown_ref(struct ho_dl *L, const struct ho_yn *node, const char *kind, const char *name,
            const struct ho_dl_names *known, const char *instead)
{
    const char *best = ho_dl_names_suggest(L, known, name);
    if (best != NULL)
        ho_dl_problem(L, node->pos, "unknown %s '%.64s' in an SLA's when — did you mean '%s'?",
                      kind, name, best);
    else
        ho_dl_problem(L, node->pos, "unknown %s '%.64s' in an SLA's when — %s", kind, name,
                      instead);
}

/* when: { rule: NAME } or { channel: NAME }: exactly one, and it exists. */
static void
read_sla_when(struct ho_dl *L, const struct ho_yn_field *f, const struct sla_refs *refs,
              struct ho_sla *s)
{
    struct ho_yn_field w[SW__COUNT];
    const char *name;
    if (!ho_yn_fields(L, f->val, &sla_when_shape, w))
        return;
    if (w[SW_RULE].key != NULL && w[SW_CHANNEL].key != NULL) {
        ho_dl_problem(L, w[SW_CHANNEL].key->pos,
                      "an SLA's when takes one condition, rule or channel, not both — write two "
                      "SLAs");
        return;
    }
    if (w[SW_RULE].key == NULL && w[SW_CHANNEL].key == NULL) {
        ho_dl_problem(L, f->val->pos,
                      "'when' is empty — write when: { rule: demo_request } or when: { channel: "
                      "paid_search }, or remove it");
        return;
    }
    if (w[SW_RULE].key != NULL && ho_yn_name(L, &w[SW_RULE], &name)) {
        s->when_rule = ho_dl_dup_text(name);
        if (ho_dl_names_find(&refs->rules, name) == NULL)
            unknown_ref(L, w[SW_RULE].val, "rule", name, &refs->rules,
                        "name a rule defined under fit or behavior.rules");
    }
    if (w[SW_CHANNEL].key != NULL && ho_yn_name(L, &w[SW_CHANNEL], &name)) {
        s->when_channel = ho_dl_dup_text(name);
        if (ho_dl_names_find(&refs->channels, name) == NULL)
            unknown_ref(L, w[SW_CHANNEL].val, "channel", name, &refs->channels,
                        "name a channel defined under channels, or other");
    }
}

/* Where the clock starts: `from: STAGE` (on entering it), or `event: TYPE`
 * with optional `where` while the lead is `in: STAGE`; one or the other. */
static void
read_start(struct ho_dl *L, const struct ho_yn *node, const struct ho_yn_field *f,
           const struct ho_stage_set_opts *set, struct ho_sla *s)
{
    bool from = f[SLA_FROM].key != NULL, event = f[SLA_EVENT].key != NULL;
    const char *text;
    if (from && event) {
        ho_dl_problem(L, f[SLA_EVENT].key->pos,
                      "an SLA starts on entering a stage (from) or on an event (event), not both "
                      "— write two SLAs");
        return;
    }
    if (!from && !event) {
        ho_dl_problem(L, node->pos,
                      "an SLA is missing where its clock starts — add from: mql, or event: "
                      "form_submit with in: mql");
        return;
    }
    if (from) {
        read_stage(L, &f[SLA_FROM], set, &s->from);
        for (int k = SLA_WHERE; k <= SLA_IN; k++) {
            if (f[k].key != NULL)
                ho_dl_problem(L, f[k].key->pos,
                              "'%s' belongs to an SLA that starts on an event — write event: "
                              "form_submit instead of from, or remove '%s'",
                              f[k].spec->name, f[k].spec->name);
        }
        return;
    }
    if (ho_yn_text(L, &f[SLA_EVENT], &text))
        s->event = ho_dl_dup_text(text);
    if (ho_yn_given(&f[SLA_WHERE]))
        (void)ho_dl_where(L, &f[SLA_WHERE], &s->where, &s->n_where);
    if (f[SLA_IN].key != NULL)
        read_stage(L, &f[SLA_IN], set, &s->in);
    else
        ho_dl_problem(L, node->pos,
                      "an SLA that starts on an event needs the stage the lead must be in — add "
                      "in: mql");
}

/* Remember a `d` or `w` unit, which a business clock reads as working days
 * or weeks of the calendar (business_days below). */
static void
note_day_unit(const struct ho_yn *val, struct ho_sla *s)
{
    char unit = val->len > 0 ? val->text[val->len - 1] : 0;
    if (unit == 'd')
        s->within_count = s->within_ms / HO_MS_PER_DAY;
    else if (unit == 'w')
        s->within_count = s->within_ms / (7 * HO_MS_PER_DAY);
    else
        return;
    s->within_unit = unit;
}

/* On a business clock `within: 5d` means 5 working days of the calendar
 * (5 x its working day, 50 business hours at 08:00-18:00), not 120 business
 * hours, and `2w` two weeks of its opening hours; h, m and s are business
 * hours, minutes and seconds as written.  Raw clocks and an undefined
 * calendar (every hour is business time) keep calendar days. */
static void
business_days(struct ho_sla *s, const struct ho_calendar *cal)
{
    int64_t day = ho_calendar_working_day_ms(cal);
    if (s->raw_clock || !cal->defined || day <= 0 || s->within_unit == 0)
        return;
    int64_t open_days = 0;
    for (int wd = 0; wd < 7; wd++)
        open_days += cal->close_min[wd] > cal->open_min[wd];
    int64_t days = s->within_unit == 'w' ? s->within_count * open_days : s->within_count;
    s->within_ms = days * day;
}

static void
read_sla(struct ho_dl *L, const struct ho_yn *node, const struct sla_refs *refs, struct ho_sla *s)
{
    struct ho_yn_field f[SLA__COUNT];
    const char *name;
    s->pos = node->pos;
    s->when_rule_index = -1;
    if (!ho_yn_fields(L, node, &sla_shape, f))
        return;
    if (f[SLA_NAME].key != NULL && ho_yn_name(L, &f[SLA_NAME], &name))
        s->name = ho_dl_dup_text(name);
    read_start(L, node, f, refs->set, s);
    if (f[SLA_UNTIL].key != NULL)
        read_until(L, &f[SLA_UNTIL], s);
    if (f[SLA_WITHIN].key != NULL && ho_yn_duration(L, &f[SLA_WITHIN], &s->within_ms))
        note_day_unit(f[SLA_WITHIN].val, s);
    if (f[SLA_CLOCK].key != NULL)
        read_clock(L, &f[SLA_CLOCK], s);
    if (ho_yn_given(&f[SLA_WHEN]))
        read_sla_when(L, &f[SLA_WHEN], refs, s);
}

struct sla_key {
    const struct ho_sla *sla;
    size_t index;
    bool has_when;
};

/* The stage, or event and stage, an SLA starts at: "mql", "form_submit in mql". */
static const char *
sla_start(const struct ho_sla *s, char *buf, size_t size)
{
    if (s->event == NULL)
        return s->from;
    snprintf(buf, size, "%.64s in %.16s", s->event, s->in);
    return buf;
}

static int
cmp_start(const struct ho_sla *x, const struct ho_sla *y)
{
    char a[96], b[96];
    return strcmp(sla_start(x, a, sizeof(a)), sla_start(y, b, sizeof(b)));
}

static int
cmp_sla_keys(const void *a, const void *b)
{
    const struct sla_key *x = a;
    const struct sla_key *y = b;
    int c = strcmp(x->sla->name, y->sla->name);
    if (c == 0)
        c = cmp_start(x->sla, y->sla);
    if (c != 0)
        return c;
    return x->index < y->index ? -1 : (x->index > y->index);
}

static bool
sla_complete(const struct ho_sla *s)
{
    return s->name != NULL && (s->from != NULL || (s->event != NULL && s->in != NULL));
}

/* The first matching SLA of a name applies, so one that follows an SLA of
 * the same name and start (stage, or event and stage) without `when` (or,
 * for an event SLA, `where`) can never apply. */
static void
check_sla_order(struct ho_dl *L, const struct ho_defs *d, const struct ho_yn *list)
{
    size_t n = 0;
    struct sla_key *k = ho_xcalloc(d->n_slas + 1, sizeof(*k));
    for (size_t i = 0; i < d->n_slas; i++) {
        /* a `where` narrows an event SLA as a `when` does */
        if (sla_complete(&d->slas[i]))
            k[n++] = (struct sla_key){ &d->slas[i], i,
                                       !ho_yn_is_null(map_value(list->kids[i], "when")) ||
                                           d->slas[i].n_where > 0 };
    }
    if (n > 1)
        qsort(k, n, sizeof(*k), cmp_sla_keys);
    const struct sla_key *open = NULL; /* the SLA without `when` of the current group */
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || strcmp(k[i].sla->name, k[i - 1].sla->name) != 0 ||
            cmp_start(k[i].sla, k[i - 1].sla) != 0)
            open = NULL;
        if (open != NULL) {
            char start[96];
            ho_dl_problem(L, k[i].sla->pos,
                          "SLA '%.64s' %s %s never applies: the one at line %u has the same "
                          "name and no '%s', and the first matching SLA is used — move this "
                          "one above it",
                          k[i].sla->name, k[i].sla->event ? "on" : "from",
                          sla_start(k[i].sla, start, sizeof(start)), open->sla->pos.line,
                          k[i].sla->event ? "when' or 'where" : "when");
            continue;
        }
        if (!k[i].has_when)
            open = &k[i];
    }
    ho_xfree(k);
}

static void
sla_refs_init(struct sla_refs *r, const struct ho_defs *d)
{
    memset(r, 0, sizeof(*r));
    r->set = &d->stage_set;
    for (size_t i = 0; i < d->n_fit; i++)
        ho_dl_names_add(&r->rules, d->fit[i].name, d->fit[i].pos);
    for (size_t i = 0; i < d->n_behavior; i++)
        ho_dl_names_add(&r->rules, d->behavior[i].name, d->behavior[i].pos);
    for (size_t i = 0; i < d->n_channels; i++)
        ho_dl_names_add(&r->channels, d->channels[i].name, d->channels[i].pos);
    ho_dl_names_add(&r->channels, "other", (struct ho_pos){ 0, 0 });
    ho_dl_names_sort(&r->rules);
    ho_dl_names_sort(&r->channels);
}

static void
read_slas(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    struct sla_refs refs;
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    sla_refs_init(&refs, d);
    d->slas = ho_xcalloc(f->val->n_kids + 1, sizeof(*d->slas));
    d->n_slas = f->val->n_kids;
    for (size_t i = 0; i < d->n_slas; i++) {
        read_sla(L, f->val->kids[i], &refs, &d->slas[i]);
        business_days(&d->slas[i], &d->calendar);
    }
    check_sla_order(L, d, f->val);
    ho_dl_names_release(&refs.rules);
    ho_dl_names_release(&refs.channels);
}

/* ---- the sections -------------------------------------------------------------------- */

void
ho_dl_sales(struct ho_dl *L, const struct ho_yn_field *sla, const struct ho_yn_field *routing,
            const struct ho_yn_field *reps, struct ho_defs *d)
{
    if (ho_yn_given(reps))
        read_reps(L, reps, d);
    if (ho_yn_given(routing))
        read_routing(L, routing, d);
    if (ho_yn_given(sla))
        read_slas(L, sla, d);
}
