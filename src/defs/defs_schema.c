/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_schema.c - the definitions schema: walk the YAML tree into a
 * struct ho_defs, checking every section, then cross-check the whole (rule
 * names, criteria references, channel values).  The sales sections
 * (calendar, sla, routing, reps) are read by defs_calendar.c and
 * defs_sales.c.
 *
 * Each section is a table of keys (struct ho_yn_shape) and a short reader.
 * A reader records problems and carries on; the model it fills is thrown
 * away by the caller when any problem was found.
 */
#include "defs/defs_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "defs/defs_yaml.h"

/* A field for an item of a list or an entry of an open mapping. */
static struct ho_yn_field
item_field(const struct ho_yn_key *spec, const struct ho_yn *key, const struct ho_yn *val)
{
    struct ho_yn_field f = { spec, key, val };
    return f;
}

/* ---- owners ---------------------------------------------------------------- */

enum { OW_NAME, OW_SIGNED, OW__COUNT };
static const struct ho_yn_key owner_keys[] = {
    { "name", "name: \"Dana (VP Marketing)\"", true },
    { "signed", "signed: 2026-01-05", false },
};
static const struct ho_yn_shape owner_shape =
    HO_YN_SHAPE("an owner", "{ name: \"Dana (VP Marketing)\", signed: 2026-01-05 }", owner_keys);

enum { OWS_MARKETING, OWS_SALES, OWS__COUNT };
static const struct ho_yn_key owners_keys[] = {
    { "marketing", "marketing: { name: \"Dana (VP Marketing)\", signed: 2026-01-05 }", false },
    { "sales", "sales: { name: \"Lee (VP Sales)\", signed: 2026-01-06 }", false },
};
static const struct ho_yn_shape owners_shape = HO_YN_SHAPE(
    "owners", "owners: { marketing: { name: ..., signed: ... }, sales: { ... } }", owners_keys);

static void
read_owner(struct ho_dl *L, const struct ho_yn *node, struct ho_owner *o)
{
    struct ho_yn_field f[OW__COUNT];
    const char *name;
    if (!ho_yn_fields(L, node, &owner_shape, f))
        return;
    if (f[OW_NAME].key != NULL && ho_yn_text(L, &f[OW_NAME], &name))
        o->name = ho_dl_dup_text(name);
    if (f[OW_SIGNED].key != NULL && !ho_yn_date(L, &f[OW_SIGNED], &o->signed_days))
        o->signed_days = -1;
}

static void
read_owners(struct ho_dl *L, const struct ho_yn *node, struct ho_defs *d)
{
    struct ho_yn_field f[OWS__COUNT];
    if (!ho_yn_fields(L, node, &owners_shape, f))
        return;
    if (f[OWS_MARKETING].key != NULL)
        read_owner(L, f[OWS_MARKETING].val, &d->marketing);
    if (f[OWS_SALES].key != NULL)
        read_owner(L, f[OWS_SALES].val, &d->sales);
}

/* ---- fields: the team's own field names ---------------------------------------- */

enum { FD_LEAD, FD_ACCOUNT, FD_PROPS, FD__COUNT };
static const struct ho_yn_key field_decl_keys[] = {
    { "lead", "lead: [persona, plan]", false },
    { "account", "account: [arr, tier]", false },
    { "props", "props: [plan, seats]", false },
};
static const struct ho_yn_shape field_decls_shape = HO_YN_SHAPE(
    "fields", "fields: { lead: [persona], account: [arr], props: [plan] }", field_decl_keys);

static void
read_field_decls(struct ho_dl *L, const struct ho_yn *node, struct ho_field_decls *fd)
{
    struct ho_yn_field f[FD__COUNT];
    fd->pos = node->pos;
    if (!ho_yn_fields(L, node, &field_decls_shape, f))
        return;
    if (ho_yn_given(&f[FD_LEAD]))
        (void)ho_yn_texts(L, &f[FD_LEAD], &fd->lead, &fd->n_lead);
    if (ho_yn_given(&f[FD_ACCOUNT]))
        (void)ho_yn_texts(L, &f[FD_ACCOUNT], &fd->account, &fd->n_account);
    if (ho_yn_given(&f[FD_PROPS]))
        (void)ho_yn_texts(L, &f[FD_PROPS], &fd->props, &fd->n_props);
}

/* ---- channels -------------------------------------------------------------- */

enum { CH_UTM_MEDIUM, CH_UTM_SOURCE, CH_SOURCE, CH__COUNT };
static const struct ho_yn_key channel_keys[] = {
    { "utm_medium", "utm_medium: [cpc, ppc]", false },
    { "utm_source", "utm_source: [google, bing]", false },
    { "source", "source: [PAID_SEARCH]", false },
};
static const struct ho_yn_shape channel_shape = HO_YN_SHAPE(
    "a channel", "paid_search: { utm_medium: [cpc, ppc], source: [PAID_SEARCH] }", channel_keys);

/* One raw value of a channel, for the "maps to two channels" check. */
struct chan_value {
    const struct ho_yn *node;
    size_t list; /* CH_* */
    const char *channel;
};

static void
read_channel(struct ho_dl *L, const struct ho_yn *key, const struct ho_yn *val,
             struct ho_channel_def *c)
{
    struct ho_yn_field f[CH__COUNT];
    if (!ho_yn_is_name(key->text, key->len))
        ho_dl_problem(L, key->pos,
                      "'%.64s' is not a valid channel name — use letters, digits and '_', "
                      "e.g. paid_search",
                      key->text);
    c->name = ho_xstrndup(key->text, key->len);
    c->pos = key->pos;
    if (!ho_yn_fields(L, val, &channel_shape, f))
        return;
    if (f[CH_UTM_MEDIUM].key == NULL && f[CH_UTM_SOURCE].key == NULL && f[CH_SOURCE].key == NULL)
        ho_dl_problem(L, val->pos,
                      "channel '%.64s' matches nothing — add utm_medium: [...], utm_source: [...] "
                      "or source: [...]",
                      key->text);
    if (f[CH_UTM_MEDIUM].key != NULL)
        (void)ho_yn_texts(L, &f[CH_UTM_MEDIUM], &c->utm_medium, &c->n_utm_medium);
    if (f[CH_UTM_SOURCE].key != NULL)
        (void)ho_yn_texts(L, &f[CH_UTM_SOURCE], &c->utm_source, &c->n_utm_source);
    if (f[CH_SOURCE].key != NULL)
        (void)ho_yn_texts(L, &f[CH_SOURCE], &c->source, &c->n_source);
}

static int
cmp_chan_values(const void *a, const void *b)
{
    const struct chan_value *x = a;
    const struct chan_value *y = b;
    if (x->list != y->list)
        return x->list < y->list ? -1 : 1;
    int c = strcasecmp(x->node->text, y->node->text);
    if (c != 0)
        return c;
    if (x->node->pos.line != y->node->pos.line)
        return x->node->pos.line < y->node->pos.line ? -1 : 1;
    return x->node->pos.column < y->node->pos.column ? -1
                                                     : (x->node->pos.column > y->node->pos.column);
}

/* Collect the scalar values of every channel list, from the tree. */
static size_t
collect_chan_values(const struct ho_yn *map, struct chan_value **out)
{
    size_t n = 0;
    size_t cap = 0;
    *out = NULL;
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *key = map->kids[i];
        const struct ho_yn *val = map->kids[i + 1];
        for (size_t j = 0; val->kind == HO_YN_MAP && j + 1 < val->n_kids; j += 2) {
            const struct ho_yn *lk = val->kids[j];
            const struct ho_yn *list = val->kids[j + 1];
            for (size_t l = 0; l < CH__COUNT; l++) {
                if (lk->kind != HO_YN_SCALAR || strcmp(lk->text, channel_keys[l].name) != 0 ||
                    list->kind != HO_YN_SEQ)
                    continue;
                for (size_t v = 0; v < list->n_kids; v++) {
                    if (list->kids[v]->kind != HO_YN_SCALAR)
                        continue;
                    HO_GROW(*out, cap, n + 1);
                    (*out)[n++] = (struct chan_value){ list->kids[v], l, key->text };
                }
            }
        }
    }
    return n;
}

/* A raw value may normalise to one channel only. */
static void
check_channel_values(struct ho_dl *L, const struct ho_yn *map)
{
    struct chan_value *v;
    size_t n = collect_chan_values(map, &v);
    if (n > 1)
        qsort(v, n, sizeof(*v), cmp_chan_values);
    for (size_t i = 1; i < n; i++) {
        if (v[i].list != v[i - 1].list || strcasecmp(v[i].node->text, v[i - 1].node->text) != 0)
            continue;
        ho_dl_problem(L, v[i].node->pos,
                      "%s '%.64s' already maps to channel '%.64s' (line %u) — a value can map to "
                      "one channel only; remove one of them",
                      channel_keys[v[i].list].name, v[i].node->text, v[i - 1].channel,
                      v[i - 1].node->pos.line);
    }
    ho_xfree(v);
}

static void
read_channels(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    d->channels = ho_xcalloc(map->n_kids / 2 + 1, sizeof(*d->channels));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        if (map->kids[i]->kind != HO_YN_SCALAR)
            continue; /* reported */
        read_channel(L, map->kids[i], map->kids[i + 1], &d->channels[d->n_channels++]);
    }
    check_channel_values(L, map);
}

/* ---- fit rules and disqualifiers ------------------------------------------- */

enum { FIT_NAME = HO_DL_OP__COUNT, FIT_FIELD, FIT_POINTS, FIT_CASE, FIT__COUNT };
static const struct ho_yn_key fit_keys[] = {
    HO_DL_OP_KEYS,
    { "name", "name: senior_title", true },
    { "field", "field: lead.title", true },
    { "points", "points: 10", true },
    { "case_sensitive", "case_sensitive: true", false },
};
_Static_assert(HO_ARRAY_LEN(fit_keys) == FIT__COUNT, "fit_keys follows the FIT_ enum");
static const struct ho_yn_shape fit_shape = HO_YN_SHAPE(
    "a fit rule",
    "- { name: senior_title, field: lead.title, matches: '\\b(VP|Director)\\b', points: 10 }",
    fit_keys);

enum { DQ_REASON = HO_DL_OP__COUNT, DQ_FIELD, DQ_CASE, DQ__COUNT };
static const struct ho_yn_key disqualify_keys[] = {
    HO_DL_OP_KEYS,
    { "reason", "reason: student", true },
    { "field", "field: lead.email", true },
    { "case_sensitive", "case_sensitive: true", false },
};
_Static_assert(HO_ARRAY_LEN(disqualify_keys) == DQ__COUNT, "disqualify_keys follows DQ_");
static const struct ho_yn_shape disqualify_shape = HO_YN_SHAPE(
    "a disqualifier", "- { reason: student, field: lead.email, suffix: .edu }", disqualify_keys);

static void
read_fit_rule(struct ho_dl *L, const struct ho_yn *node, struct ho_fit_rule *r)
{
    struct ho_yn_field f[FIT__COUNT];
    const char *name;
    r->pos = node->pos;
    if (!ho_yn_fields(L, node, &fit_shape, f))
        return;
    if (f[FIT_NAME].key != NULL && ho_yn_name(L, &f[FIT_NAME], &name))
        r->name = ho_dl_dup_text(name);
    if (f[FIT_POINTS].key != NULL)
        (void)ho_yn_number(L, &f[FIT_POINTS], &r->points);
    (void)ho_dl_condition(L, node, "a fit rule", f, &f[FIT_FIELD], &f[FIT_CASE], &r->match);
}

static void
read_disqualifier(struct ho_dl *L, const struct ho_yn *node, struct ho_disqualifier *q)
{
    struct ho_yn_field f[DQ__COUNT];
    const char *reason;
    q->pos = node->pos;
    if (!ho_yn_fields(L, node, &disqualify_shape, f))
        return;
    if (f[DQ_REASON].key != NULL && ho_yn_name(L, &f[DQ_REASON], &reason))
        q->reason = ho_dl_dup_text(reason);
    (void)ho_dl_condition(L, node, "a disqualifier", f, &f[DQ_FIELD], &f[DQ_CASE], &q->match);
}

static void
read_fit(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    d->fit = ho_xcalloc(f->val->n_kids + 1, sizeof(*d->fit));
    d->n_fit = f->val->n_kids;
    for (size_t i = 0; i < d->n_fit; i++)
        read_fit_rule(L, f->val->kids[i], &d->fit[i]);
}

static void
read_disqualify(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    d->disqualify = ho_xcalloc(f->val->n_kids + 1, sizeof(*d->disqualify));
    d->n_disqualify = f->val->n_kids;
    for (size_t i = 0; i < d->n_disqualify; i++)
        read_disqualifier(L, f->val->kids[i], &d->disqualify[i]);
}

/* ---- behaviour ------------------------------------------------------------- */

enum {
    BR_NAME,
    BR_EVENT,
    BR_WHERE,
    BR_POINTS,
    BR_MAX,
    BR_MIN,
    BR_COUNT,
    BR_WITHIN,
    BR_DECAY,
    BR__COUNT
};
static const struct ho_yn_key behavior_rule_keys[] = {
    { "name", "name: demo_request", true },
    { "event", "event: form_submit", true },
    { "where", "where: { form: demo }", false },
    { "points", "points: 30", true },
    { "max", "max: 30", false },
    { "min", "min: -15", false },
    { "count", "count: 2", false },
    { "within", "within: 30d", false },
    { "decay", "decay: false", false },
};
static const struct ho_yn_shape behavior_rule_shape =
    HO_YN_SHAPE("a behavior rule",
                "- { name: demo_request, event: form_submit, where: { form: demo }, points: 30 }",
                behavior_rule_keys);

enum { BH_DECAY, BH_RULES, BH__COUNT };
static const struct ho_yn_key behavior_keys[] = {
    { "decay", "decay: { half_life: 30d }", false },
    { "rules", "rules: [ { name: demo_request, event: form_submit, points: 30 } ]", false },
};
static const struct ho_yn_shape behavior_shape = HO_YN_SHAPE(
    "behavior", "behavior: { decay: { half_life: 30d }, rules: [ ... ] }", behavior_keys);

static const struct ho_yn_key decay_keys[] = {
    { "half_life", "half_life: 30d", true },
};
static const struct ho_yn_shape decay_shape =
    HO_YN_SHAPE("decay", "decay: { half_life: 30d }", decay_keys);

/* count + within make a window rule; each needs the other. */
static void
read_window(struct ho_dl *L, const struct ho_yn_field *f, struct ho_behavior_rule *r)
{
    const struct ho_yn_field *count = &f[BR_COUNT];
    const struct ho_yn_field *within = &f[BR_WITHIN];
    int64_t n = 0;
    if (count->key != NULL && ho_yn_integer(L, count, 1, 1000000, &n)) {
        r->count = (uint32_t)n;
        r->kind = HO_BEHAVIOR_WINDOW;
    }
    if (within->key != NULL)
        (void)ho_yn_duration(L, within, &r->within_ms);
    if (count->key != NULL && within->key == NULL)
        ho_dl_problem(L, count->key->pos,
                      "'count' needs 'within' — add within: 30d (count: 2, within: 30d means two "
                      "matching events in 30 days)");
    if (within->key != NULL && count->key == NULL)
        ho_dl_problem(L, within->key->pos,
                      "'within' needs 'count' — add count: 2 (count: 2, within: 30d means two "
                      "matching events in 30 days)");
}

/* max caps a positive per-event sum, min floors a negative one. */
static void
read_cap(struct ho_dl *L, const struct ho_yn_field *fields, size_t which, bool points_ok,
         struct ho_behavior_rule *r)
{
    const struct ho_yn_field *f = &fields[which];
    bool is_max = which == BR_MAX;
    double v;
    if (f->key == NULL || !ho_yn_number(L, f, &v))
        return;
    if (is_max) {
        r->has_max = true;
        r->max = v;
    } else {
        r->has_min = true;
        r->min = v;
    }
    if (fields[BR_COUNT].key != NULL)
        ho_dl_problem(L, f->key->pos,
                      "'%s' applies to per-event rules; a window rule adds its points once — "
                      "remove %s",
                      f->spec->name, f->spec->name);
    else if (!points_ok)
        return; /* its problem is reported already */
    else if (is_max && (r->points <= 0 || v <= 0))
        ho_dl_problem(L, f->key->pos,
                      "'max' caps positive points, but points is %g and max is %g — use max with "
                      "positive points (min for negative ones)",
                      r->points, v);
    else if (!is_max && (r->points >= 0 || v >= 0))
        ho_dl_problem(L, f->key->pos,
                      "'min' floors negative points, but points is %g and min is %g — use min "
                      "with negative points (max for positive ones)",
                      r->points, v);
}

static void
read_rule_decay(struct ho_dl *L, const struct ho_yn_field *f, int64_t half_life,
                struct ho_behavior_rule *r)
{
    r->decays = f[BR_COUNT].key == NULL; /* per-event rules decay unless told otherwise */
    if (f[BR_DECAY].key == NULL || !ho_yn_boolean(L, &f[BR_DECAY], &r->decays))
        return;
    if (r->decays && half_life == 0)
        ho_dl_problem(L, f[BR_DECAY].key->pos,
                      "decay: true has no effect without a half-life — add decay: { half_life: "
                      "30d } under behavior");
}

static void
read_behavior_rule(struct ho_dl *L, const struct ho_yn *node, int64_t half_life,
                   struct ho_behavior_rule *r)
{
    struct ho_yn_field f[BR__COUNT];
    const char *text;
    r->pos = node->pos;
    if (!ho_yn_fields(L, node, &behavior_rule_shape, f))
        return;
    if (f[BR_NAME].key != NULL && ho_yn_name(L, &f[BR_NAME], &text))
        r->name = ho_dl_dup_text(text);
    if (f[BR_EVENT].key != NULL && ho_yn_text(L, &f[BR_EVENT], &text))
        r->event = ho_dl_dup_text(text);
    if (ho_yn_given(&f[BR_WHERE]))
        (void)ho_dl_where(L, &f[BR_WHERE], &r->where, &r->n_where);
    bool points_ok = f[BR_POINTS].key != NULL && ho_yn_number(L, &f[BR_POINTS], &r->points);
    read_window(L, f, r);
    read_cap(L, f, BR_MAX, points_ok, r);
    read_cap(L, f, BR_MIN, points_ok, r);
    read_rule_decay(L, f, half_life, r);
}

static void
read_behavior(struct ho_dl *L, const struct ho_yn *node, struct ho_defs *d)
{
    struct ho_yn_field f[BH__COUNT];
    struct ho_yn_field df[1];
    if (!ho_yn_fields(L, node, &behavior_shape, f))
        return;
    if (ho_yn_given(&f[BH_DECAY]) && ho_yn_fields(L, f[BH_DECAY].val, &decay_shape, df) &&
        df[0].key != NULL)
        (void)ho_yn_duration(L, &df[0], &d->half_life_ms);
    if (!ho_yn_given(&f[BH_RULES]) || !ho_yn_seq(L, &f[BH_RULES], HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *rules = f[BH_RULES].val;
    d->behavior = ho_xcalloc(rules->n_kids + 1, sizeof(*d->behavior));
    d->n_behavior = rules->n_kids;
    for (size_t i = 0; i < d->n_behavior; i++)
        read_behavior_rule(L, rules->kids[i], d->half_life_ms, &d->behavior[i]);
}

/* ---- stages ------------------------------------------------------------------ */

enum { CS_ALL, CS_NAME, CS__COUNT };
static const struct ho_yn_key criteria_keys[] = {
    { "all", "all: [demo_request, senior_title]", true },
    { "name", "name: hot_inbound", false },
};
static const struct ho_yn_shape criteria_shape = HO_YN_SHAPE(
    "a criteria set", "- { all: [demo_request, senior_title, size_50_500] }", criteria_keys);

enum { MQL_MIN_SCORE, MQL_MIN_FIT, MQL_OR_ANY, MQL_EXPIRE, MQL__COUNT };
static const struct ho_yn_key mql_keys[] = {
    { "min_score", "min_score: 50", false },
    { "min_fit", "min_fit: 10", false },
    { "or_any", "or_any: [ { all: [demo_request, senior_title] } ]", false },
    { "expire_after", "expire_after: 30d", false },
};
static const struct ho_yn_shape mql_shape =
    HO_YN_SHAPE("mql", "mql: { min_score: 50, min_fit: 10 }", mql_keys);

static const struct ho_yn_key sql_keys[] = {
    { "requires", "requires: sales_qualify", true },
};
static const struct ho_yn_shape sql_shape =
    HO_YN_SHAPE("sql", "sql: { requires: sales_qualify }", sql_keys);

static const struct ho_yn_key meeting_keys[] = {
    { "requires", "requires: meeting_booked", true },
};
static const struct ho_yn_shape meeting_shape =
    HO_YN_SHAPE("meeting", "meeting: { requires: meeting_booked }", meeting_keys);

enum { ST_MQL, ST_SAL, ST_SQL, ST_MEETING, ST__COUNT };
static const struct ho_yn_key stages_keys[] = {
    { "mql", "mql: { min_score: 50 }", true },
    { "sal", "sal: false", false },
    { "sql", "sql: { requires: sales_qualify }", false },
    { "meeting", "meeting: { requires: meeting_booked }", false },
};
static const struct ho_yn_shape stages_shape = HO_YN_SHAPE(
    "stages", "stages: { mql: { min_score: 50 }, sql: { requires: sales_qualify } }", stages_keys);

static void
default_set_name(struct ho_criteria_set *c)
{
    struct ho_buf b = HO_BUF_INIT;
    ho_buf_adds(&b, "all:");
    for (size_t i = 0; i < c->n_rules; i++) {
        if (i > 0)
            ho_buf_addc(&b, '+');
        ho_buf_adds(&b, c->rules[i].name != NULL ? c->rules[i].name : "?");
    }
    c->name = b.ptr; /* transferred */
}

static void
read_set_rules(struct ho_dl *L, const struct ho_yn_field *all, struct ho_criteria_set *c)
{
    if (!ho_yn_seq(L, all, HO_DEFS_MAX_ITEMS))
        return;
    if (all->val->n_kids == 0) {
        ho_dl_problem(L, all->val->pos, "'all' is an empty list — write %s", all->spec->example);
        return;
    }
    c->rules = ho_xcalloc(all->val->n_kids, sizeof(*c->rules));
    for (size_t i = 0; i < all->val->n_kids; i++) {
        struct ho_yn_field item = item_field(all->spec, all->key, all->val->kids[i]);
        const char *name;
        if (!ho_yn_text(L, &item, &name))
            continue;
        for (size_t j = 0; j < c->n_rules; j++) {
            if (strcmp(c->rules[j].name, name) == 0)
                ho_dl_problem(L, item.val->pos,
                              "rule '%.64s' is listed twice in this set — "
                              "list it once",
                              name);
        }
        c->rules[c->n_rules].name = ho_dl_dup_text(name);
        c->rules[c->n_rules].pos = item.val->pos;
        c->n_rules++;
    }
}

static void
read_criteria_set(struct ho_dl *L, const struct ho_yn *node, struct ho_criteria_set *c)
{
    struct ho_yn_field f[CS__COUNT];
    const char *name;
    c->pos = node->pos;
    if (!ho_yn_fields(L, node, &criteria_shape, f))
        return;
    if (f[CS_ALL].key != NULL)
        read_set_rules(L, &f[CS_ALL], c);
    if (f[CS_NAME].key != NULL && ho_yn_text(L, &f[CS_NAME], &name))
        c->name = ho_dl_dup_text(name);
    else
        default_set_name(c);
}

static void
read_or_any(struct ho_dl *L, const struct ho_yn_field *f, struct ho_mql_def *mql)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return;
    if (f->val->n_kids == 0) {
        ho_dl_problem(L, f->val->pos, "'or_any' is an empty list — write %s, or remove it",
                      f->spec->example);
        return;
    }
    mql->or_any = ho_xcalloc(f->val->n_kids + 1, sizeof(*mql->or_any));
    mql->n_or_any = f->val->n_kids;
    for (size_t i = 0; i < mql->n_or_any; i++)
        read_criteria_set(L, f->val->kids[i], &mql->or_any[i]);
}

static void
read_mql(struct ho_dl *L, const struct ho_yn *node, struct ho_mql_def *mql)
{
    struct ho_yn_field f[MQL__COUNT];
    if (!ho_yn_fields(L, node, &mql_shape, f))
        return;
    if (f[MQL_MIN_SCORE].key != NULL)
        mql->has_min_score = ho_yn_number(L, &f[MQL_MIN_SCORE], &mql->min_score);
    if (f[MQL_MIN_FIT].key != NULL)
        mql->has_min_fit = ho_yn_number(L, &f[MQL_MIN_FIT], &mql->min_fit);
    if (f[MQL_OR_ANY].key != NULL)
        read_or_any(L, &f[MQL_OR_ANY], mql);
    if (f[MQL_EXPIRE].key != NULL)
        (void)ho_yn_duration(L, &f[MQL_EXPIRE], &mql->expire_after_ms);
    if (f[MQL_MIN_SCORE].key == NULL && f[MQL_OR_ANY].key == NULL)
        ho_dl_problem(L, node->pos,
                      "mql has no criteria, so no lead can become an MQL — add min_score: 50 "
                      "and/or or_any: [ { all: [demo_request] } ]");
    if (f[MQL_MIN_FIT].key != NULL && f[MQL_MIN_SCORE].key == NULL)
        ho_dl_problem(L, f[MQL_MIN_FIT].key->pos,
                      "min_fit only applies together with min_score — add min_score: 50");
}

/* sal: true (the default) or false: a team without a sales-accepted stage. */
static void
read_sal(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    bool on = true;
    if (ho_yn_boolean(L, f, &on))
        d->stage_set.no_sal = !on;
}

/* Event types the lifecycle already gives a meaning: none may enter meeting. */
static bool
is_lifecycle_event(const char *type)
{
    static const char *const taken[] = { "sales_accept",
                                         "sales_reject",
                                         "nurture",
                                         "disqualify",
                                         "requalify",
                                         "opportunity_created",
                                         "opportunity_won",
                                         "opportunity_lost",
                                         "contact_attempt",
                                         "contact_made",
                                         "assign",
                                         "identify",
                                         "group" };
    for (size_t i = 0; i < HO_ARRAY_LEN(taken); i++) {
        if (strcmp(type, taken[i]) == 0)
            return true;
    }
    return false;
}

/* meeting: { requires: meeting_booked } turns the meeting stage on; false
 * (the default) leaves it off.  Read after sql: its event must differ. */
static void
read_meeting(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    struct ho_yn_field mf[1];
    const char *type;
    if (f->val != NULL && f->val->kind == HO_YN_SCALAR && f->val->plain &&
        strcmp(f->val->text, "false") == 0)
        return;
    if (!ho_yn_fields(L, f->val, &meeting_shape, mf) || mf[0].key == NULL ||
        !ho_yn_text(L, &mf[0], &type))
        return;
    const char *sql = d->sql_requires != NULL ? d->sql_requires : "sales_qualify";
    if (strcmp(type, sql) == 0 || is_lifecycle_event(type)) {
        ho_dl_problem(L, mf[0].val->pos,
                      "meeting is entered by its own event, not '%.64s' (which already %s) — "
                      "write requires: meeting_booked",
                      type, strcmp(type, sql) == 0 ? "enters sql" : "moves the lifecycle");
        return;
    }
    d->meeting_requires = ho_dl_dup_text(type);
    d->stage_set.meeting = true;
}

static void
read_stages(struct ho_dl *L, const struct ho_yn *node, struct ho_defs *d)
{
    struct ho_yn_field f[ST__COUNT];
    struct ho_yn_field sf[1];
    const char *requires;
    if (!ho_yn_fields(L, node, &stages_shape, f))
        return;
    if (f[ST_MQL].key != NULL)
        read_mql(L, f[ST_MQL].val, &d->mql);
    if (f[ST_SQL].key != NULL && ho_yn_fields(L, f[ST_SQL].val, &sql_shape, sf) &&
        sf[0].key != NULL && ho_yn_text(L, &sf[0], &requires))
        d->sql_requires = ho_dl_dup_text(requires);
    if (f[ST_SAL].key != NULL)
        read_sal(L, &f[ST_SAL], d);
    if (f[ST_MEETING].key != NULL)
        read_meeting(L, &f[ST_MEETING], d);
}

/* ---- reasons ------------------------------------------------------------------ */

enum { RS_CATEGORY, RS_OUTCOME, RS__COUNT };
static const struct ho_yn_key reason_keys[] = {
    { "category", "category: bad_fit", true },
    { "outcome", "outcome: disqualified", true },
};
static const struct ho_yn_shape reason_shape =
    HO_YN_SHAPE("a reason", "not_icp: { category: bad_fit, outcome: disqualified }", reason_keys);

static const struct {
    const char *name;
    enum ho_outcome outcome;
} outcomes[] = { { "disqualified", HO_OUTCOME_DISQUALIFIED }, { "nurture", HO_OUTCOME_NURTURE } };

static void
read_outcome(struct ho_dl *L, const struct ho_yn_field *f, enum ho_outcome *out)
{
    const char *text;
    struct ho_suggest s;
    if (!ho_yn_text(L, f, &text))
        return;
    ho_suggest_init(&s, text);
    for (size_t i = 0; i < HO_ARRAY_LEN(outcomes); i++) {
        if (strcmp(text, outcomes[i].name) == 0) {
            *out = outcomes[i].outcome;
            return;
        }
        ho_suggest_try(&s, outcomes[i].name);
    }
    ho_dl_problem(L, f->val->pos,
                  "unknown outcome '%.64s' — write disqualified (sales closes the lead) or nurture "
                  "(it can qualify again)%s%s%s",
                  text, s.best != NULL ? "; did you mean '" : "", s.best != NULL ? s.best : "",
                  s.best != NULL ? "'?" : "");
}

static void
read_reason(struct ho_dl *L, const struct ho_yn *key, const struct ho_yn *val, struct ho_reason *r)
{
    struct ho_yn_field f[RS__COUNT];
    const char *category;
    if (!ho_yn_is_name(key->text, key->len))
        ho_dl_problem(L, key->pos,
                      "'%.64s' is not a valid reason code — use letters, digits and '_', e.g. "
                      "not_icp",
                      key->text);
    r->code = ho_xstrndup(key->text, key->len);
    r->pos = key->pos;
    if (!ho_yn_fields(L, val, &reason_shape, f))
        return;
    if (f[RS_CATEGORY].key != NULL && ho_yn_name(L, &f[RS_CATEGORY], &category))
        r->category = ho_dl_dup_text(category);
    if (f[RS_OUTCOME].key != NULL)
        read_outcome(L, &f[RS_OUTCOME], &r->outcome);
}

static void
read_reasons(struct ho_dl *L, const struct ho_yn_field *f, struct ho_defs *d)
{
    if (!ho_yn_check_map(L, f, HO_DEFS_MAX_ITEMS))
        return;
    const struct ho_yn *map = f->val;
    d->reasons = ho_xcalloc(map->n_kids / 2 + 1, sizeof(*d->reasons));
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        if (map->kids[i]->kind != HO_YN_SCALAR)
            continue; /* reported */
        read_reason(L, map->kids[i], map->kids[i + 1], &d->reasons[d->n_reasons++]);
    }
}

/* ---- benchmarks ------------------------------------------------------------------ */

enum { TI_BROKEN, TI_MISALIGNED, TI_AVERAGE, TI_GOOD, TI__COUNT };
static const struct ho_yn_key tier_keys[] = {
    { "broken", "broken: 5", false },
    { "misaligned", "misaligned: 13", false },
    { "average", "average: 25", false },
    { "good", "good: 40", false },
};
static const struct ho_yn_shape tier_shape = HO_YN_SHAPE(
    "mql_to_sql_tiers", "mql_to_sql_tiers: { broken: 5, misaligned: 13, average: 25, good: 40 }",
    tier_keys);

/* In enum ho_transition order. */
static const struct ho_yn_key healthy_keys[] = {
    { "lead_mql", "lead_mql: [5, 20]", false },
    { "mql_sal", "mql_sal: [70, 90]", false },
    { "sal_sql", "sal_sql: [30, 50]", false },
    { "mql_sql", "mql_sql: [20, 40]", false },
    { "sql_opportunity", "sql_opportunity: [50, 70]", false },
    { "opportunity_customer", "opportunity_customer: [20, 30]", false },
    { "sql_meeting", "sql_meeting: [50, 80]", false },
    { "meeting_opportunity", "meeting_opportunity: [40, 70]", false },
};
_Static_assert(HO_ARRAY_LEN(healthy_keys) == HO_TR__COUNT, "healthy_keys follows ho_transition");
static const struct ho_yn_shape healthy_shape =
    HO_YN_SHAPE("healthy", "healthy: { lead_mql: [5, 20], mql_sql: [20, 40] }", healthy_keys);

enum { BM_TIERS, BM_HEALTHY, BM_MIN_JOURNEYS, BM__COUNT };
static const struct ho_yn_key benchmark_keys[] = {
    { "mql_to_sql_tiers", "mql_to_sql_tiers: { broken: 5, misaligned: 13, average: 25, good: 40 }",
      false },
    { "healthy", "healthy: { lead_mql: [5, 20], mql_sql: [20, 40] }", false },
    { "min_journeys", "min_journeys: 30", false },
};
static const struct ho_yn_shape benchmark_shape = HO_YN_SHAPE(
    "benchmarks", "benchmarks: { mql_to_sql_tiers: { ... }, healthy: { ... } }", benchmark_keys);

static bool
read_percent(struct ho_dl *L, const struct ho_yn_field *f, double *out)
{
    double v;
    if (!ho_yn_number(L, f, &v))
        return false;
    if (v <= 0 || v > 100) {
        ho_dl_problem(L, f->val->pos, "'%s' is a percentage above 0 and at most 100 — write %s",
                      f->spec->name, f->spec->example);
        return false;
    }
    *out = v;
    return true;
}

static void
read_tiers(struct ho_dl *L, const struct ho_yn *node, struct ho_benchmarks *b)
{
    struct ho_yn_field f[TI__COUNT];
    double *tier[TI__COUNT] = { &b->tier_broken, &b->tier_misaligned, &b->tier_average,
                                &b->tier_good };
    bool ok = true;
    if (!ho_yn_fields(L, node, &tier_shape, f))
        return;
    for (size_t i = 0; i < TI__COUNT; i++) {
        if (f[i].key != NULL)
            ok = read_percent(L, &f[i], tier[i]) && ok;
    }
    for (size_t i = 1; ok && i < TI__COUNT; i++) {
        if (*tier[i] > *tier[i - 1])
            continue;
        struct ho_pos pos = f[i].val != NULL ? f[i].val->pos : f[i - 1].val->pos;
        ho_dl_problem(L, pos,
                      "tiers must increase: %s is %g but %s is %g — order them broken < "
                      "misaligned < average < good (e.g. 5, 13, 25, 40)",
                      tier_keys[i - 1].name, *tier[i - 1], tier_keys[i].name, *tier[i]);
        return;
    }
}

static void
read_healthy(struct ho_dl *L, const struct ho_yn *node, struct ho_benchmarks *b)
{
    struct ho_yn_field f[HO_TR__COUNT];
    if (!ho_yn_fields(L, node, &healthy_shape, f))
        return;
    for (size_t i = 0; i < HO_TR__COUNT; i++) {
        double lo;
        double hi;
        if (f[i].key == NULL || !ho_yn_range(L, &f[i], &lo, &hi))
            continue;
        if (lo < 0 || hi > 100) {
            ho_dl_problem(L, f[i].val->pos,
                          "'%s' is a range of percentages from 0 to 100 — "
                          "write %s",
                          f[i].spec->name, f[i].spec->example);
            continue;
        }
        b->has_healthy[i] = true;
        b->healthy_lo[i] = lo;
        b->healthy_hi[i] = hi;
    }
}

static void
read_benchmarks(struct ho_dl *L, const struct ho_yn *node, struct ho_benchmarks *b)
{
    struct ho_yn_field f[BM__COUNT];
    if (!ho_yn_fields(L, node, &benchmark_shape, f))
        return;
    if (ho_yn_given(&f[BM_TIERS]))
        read_tiers(L, f[BM_TIERS].val, b);
    if (ho_yn_given(&f[BM_HEALTHY]))
        read_healthy(L, f[BM_HEALTHY].val, b);
    int64_t n;
    if (f[BM_MIN_JOURNEYS].key != NULL && ho_yn_integer(L, &f[BM_MIN_JOURNEYS], 0, 1000000000, &n))
        b->min_journeys = (uint32_t)n;
}

/* ---- cross-checks ------------------------------------------------------------------ */

/* The tag of a rule's name: its index, with RULE_FIT set for a fit rule. */
#define RULE_FIT 0x80000000U

/* Every named fit and behaviour rule, sorted by name; duplicates reported. */
static void
rule_names(struct ho_dl *L, const struct ho_defs *d, struct ho_dl_names *names)
{
    for (size_t i = 0; i < d->n_fit; i++)
        ho_dl_names_add_tagged(names, d->fit[i].name, d->fit[i].pos, (uint32_t)i | RULE_FIT);
    for (size_t i = 0; i < d->n_behavior; i++)
        ho_dl_names_add_tagged(names, d->behavior[i].name, d->behavior[i].pos, (uint32_t)i);
    ho_dl_names_sort(names);
    const struct ho_dl_named *v = names->v;
    for (size_t i = 1; i < names->n; i++) {
        if (strcmp(v[i].name, v[i - 1].name) == 0)
            ho_dl_problem(L, v[i].pos,
                          "rule name '%s' is already used by the %s rule at line %u — fit and "
                          "behavior rules share one set of names; rename one",
                          v[i].name, (v[i - 1].tag & RULE_FIT) ? "fit" : "behavior",
                          v[i - 1].pos.line);
    }
}

static void
unknown_rule(struct ho_dl *L, const struct ho_rule_ref *ref, const struct ho_dl_names *names)
{
    const char *best = ho_dl_names_suggest(L, names, ref->name);
    if (best != NULL)
        ho_dl_problem(L, ref->pos, "unknown rule '%.64s' in or_any — did you mean '%s'?", ref->name,
                      best);
    else
        ho_dl_problem(L, ref->pos,
                      "unknown rule '%.64s' in or_any — name a rule defined under fit or "
                      "behavior.rules",
                      ref->name);
}

static double
rule_points(const struct ho_defs *d, const struct ho_rule_ref *ref)
{
    return ref->is_fit ? d->fit[ref->index].points : d->behavior[ref->index].points;
}

/* Point every criteria reference at its rule. */
static void
resolve_refs(struct ho_dl *L, struct ho_defs *d)
{
    struct ho_dl_names names = { NULL, 0, 0 };
    rule_names(L, d, &names);
    for (size_t s = 0; s < d->mql.n_or_any; s++) {
        struct ho_criteria_set *c = &d->mql.or_any[s];
        for (size_t i = 0; i < c->n_rules; i++) {
            struct ho_rule_ref *ref = &c->rules[i];
            const struct ho_dl_named *hit = ho_dl_names_find(&names, ref->name);
            if (hit == NULL) {
                unknown_rule(L, ref, &names);
                continue;
            }
            ref->is_fit = (hit->tag & RULE_FIT) != 0;
            ref->index = hit->tag & ~RULE_FIT;
            if (rule_points(d, ref) < 0)
                ho_dl_problem(L, ref->pos,
                              "rule '%.64s' gives negative points (%g), so it never counts "
                              "towards a criteria set — list rules that give positive points",
                              ref->name, rule_points(d, ref));
        }
    }
    ho_dl_names_release(&names);
}

/* ---- the document ------------------------------------------------------------------ */

enum {
    R_VERSION,
    R_OWNERS,
    R_CHANNELS,
    R_FIT,
    R_BEHAVIOR,
    R_DISQUALIFY,
    R_STAGES,
    R_REASONS,
    R_BENCHMARKS,
    R_CALENDAR,
    R_SLA,
    R_ROUTING,
    R_REPS,
    R_ACCOUNTS,
    R_PQL,
    R_MAPPING,
    R_FIELDS,
    R_SEGMENT,
    R_NOTIFY,
    R__COUNT
};
static const struct ho_yn_key root_keys[] = {
    { "version", "version: 1", true },
    { "owners", "owners: { marketing: { name: ..., signed: 2026-01-05 }, sales: { ... } }", false },
    { "channels", "channels: { paid_search: { utm_medium: [cpc, ppc] } }", false },
    { "fit", "fit: [ { name: senior_title, field: lead.title, equals: CEO, points: 10 } ]", false },
    { "behavior", "behavior: { rules: [ { name: demo_request, event: form_submit, points: 30 } ] }",
      false },
    { "disqualify", "disqualify: [ { reason: student, field: lead.email, suffix: .edu } ]", false },
    { "stages", "stages: { mql: { min_score: 50 }, sql: { requires: sales_qualify } }", true },
    { "reasons", "reasons: { not_icp: { category: bad_fit, outcome: disqualified } }", false },
    { "benchmarks", "benchmarks: { mql_to_sql_tiers: { ... }, healthy: { ... } }", false },
    { "calendar", "calendar: { timezone: America/New_York, hours: { mon-fri: \"08:00-18:00\" } }",
      false },
    { "sla", "sla: [ { name: first_touch, from: mql, until: contact_attempt, within: 24h } ]",
      false },
    { "routing", "routing: [ { pool: smb } ]", false },
    { "reps", "reps: [ { id: sam, pools: [smb] } ]", false },
    { "accounts", "accounts: { engaged_contacts: 3, min_score: 100, window: 30d }", false },
    { "pql", "pql: { all: [ { event: trial_signup } ] }", false },
    { "mapping", "mapping: { status: { Nurture: { event: nurture, reason: bad_timing } } }",
      false },
    { "fields", "fields: { lead: [persona], account: [arr], props: [plan] }", false },
    { "segment", "segment: { events: { \"Demo Requested\": form_submit }, default: keep }", false },
    { "notify", "notify: { destinations: { ... }, subscriptions: [ ... ] }", false },
};
_Static_assert(HO_ARRAY_LEN(root_keys) == R__COUNT, "root_keys follows R_");
static const struct ho_yn_shape root_shape = HO_YN_SHAPE(
    "the definitions file", "version: 1 (and the sections below it) at the top level", root_keys);

static void
check_rule_count(struct ho_dl *L, const struct ho_yn *root, const struct ho_defs *d)
{
    size_t n = d->n_fit + d->n_behavior + d->n_disqualify;
    if (n > HO_DEFS_MAX_RULES)
        ho_dl_limit(L, root->pos,
                    "the file has %zu fit, behavior and disqualify rules; the limit is %d — "
                    "remove some",
                    n, HO_DEFS_MAX_RULES);
}

void
ho_dl_defs(struct ho_dl *L, const struct ho_yn *root, struct ho_defs *d)
{
    struct ho_yn_field f[R__COUNT];
    if (!ho_yn_fields(L, root, &root_shape, f))
        return;
    if (f[R_VERSION].key != NULL) {
        (void)ho_yn_integer(L, &f[R_VERSION], 1, 1000000000, &d->version);
        d->version_pos = f[R_VERSION].val != NULL ? f[R_VERSION].val->pos : f[R_VERSION].key->pos;
    }
    if (ho_yn_given(&f[R_OWNERS]))
        read_owners(L, f[R_OWNERS].val, d);
    if (ho_yn_given(&f[R_CHANNELS]))
        read_channels(L, &f[R_CHANNELS], d);
    if (ho_yn_given(&f[R_FIT]))
        read_fit(L, &f[R_FIT], d);
    if (ho_yn_given(&f[R_BEHAVIOR]))
        read_behavior(L, f[R_BEHAVIOR].val, d);
    if (ho_yn_given(&f[R_DISQUALIFY]))
        read_disqualify(L, &f[R_DISQUALIFY], d);
    if (f[R_STAGES].key != NULL)
        read_stages(L, f[R_STAGES].val, d);
    if (ho_yn_given(&f[R_REASONS]))
        read_reasons(L, &f[R_REASONS], d);
    if (ho_yn_given(&f[R_BENCHMARKS]))
        read_benchmarks(L, f[R_BENCHMARKS].val, &d->bench);
    if (d->sql_requires == NULL)
        d->sql_requires = ho_xstrdup("sales_qualify"); /* sales review, never automatic */
    if (ho_yn_given(&f[R_CALENDAR]))
        ho_dl_calendar(L, f[R_CALENDAR].val, &d->calendar);
    ho_dl_sales(L, &f[R_SLA], &f[R_ROUTING], &f[R_REPS], d); /* after channels and rules */
    ho_dl_accounts(L, &f[R_ACCOUNTS], &f[R_PQL], d);
    ho_dl_mapping(L, &f[R_MAPPING], d); /* after reasons and channels */
    if (ho_yn_given(&f[R_FIELDS]))
        read_field_decls(L, f[R_FIELDS].val, &d->fields);
    ho_dl_segment(L, &f[R_SEGMENT], d); /* after everything that names event types */
    ho_dl_notify(L, &f[R_NOTIFY], d);   /* after rules, channels and reps */
    check_rule_count(L, root, d);
    resolve_refs(L, d);
}
