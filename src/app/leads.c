/* SPDX-License-Identifier: MIT */
/*
 * app/leads.c - the lead list use case: stored leads and journeys, scores
 * replayed to the as-of time, one item per lead.
 */
#include "app/leads.h"

#include <stdlib.h>
#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/dims.h"
#include "core/dispositions.h"
#include "core/groups.h"
#include "core/event.h"
#include "core/journey.h"
#include "core/lead_list.h"
#include "core/pipeline.h"
#include "engine/engine.h"
#include "report/leads.h"
#include "store/store.h"

#define STAGE_NAMES \
    "lead, mql, sal, sql, opportunity, customer, closed_lost, nurture or disqualified"

/* A plain date YYYY-MM-DD (as opposed to a time). */
static bool
is_date(const char *s)
{
    return strlen(s) == 10 && s[4] == '-' && s[7] == '-';
}

/*---- the cursor: where a page ends, opaque to the client ----*/

/* Its text before the hex encoding: the fields joined by FS, the lead last
 * (it may hold anything). */
#define CURSOR_FS      '\x1f'
#define CURSOR_VERSION "c1"

/* Where a page ended: the list's order, its as-of time, and the last row's
 * sort key and lead. */
struct cursor {
    enum ho_lead_sort sort;
    int64_t at;
    double score;
    int64_t time; /* mql_at or last_event */
    struct ho_buf lead;
};

static const char *const sort_names[] = {
    [HO_LEAD_SORT_SCORE] = "score",
    [HO_LEAD_SORT_MQL_AT] = "mql_at",
    [HO_LEAD_SORT_LAST_EVENT] = "last_event",
    [HO_LEAD_SORT_LEAD] = "lead",
};

static void
cursor_encode(enum ho_lead_sort sort, int64_t at, const struct ho_lead_item *last,
              struct ho_buf *out)
{
    static const char digits[] = "0123456789abcdef";
    struct ho_buf raw = HO_BUF_INIT;
    ho_buf_printf(&raw, "%s%c%s%c%lld%c", CURSOR_VERSION, CURSOR_FS, sort_names[sort], CURSOR_FS,
                  (long long)at, CURSOR_FS);
    if (sort == HO_LEAD_SORT_SCORE)
        ho_buf_printf(&raw, "%.17g", last->fit + last->behavior);
    else if (sort != HO_LEAD_SORT_LEAD)
        ho_buf_printf(&raw, "%lld",
                      (long long)(sort == HO_LEAD_SORT_MQL_AT ? last->mql_at : last->last_event));
    ho_buf_addc(&raw, CURSOR_FS);
    ho_buf_adds(&raw, last->lead);
    for (size_t i = 0; i < raw.len; i++) {
        unsigned char c = (unsigned char)raw.ptr[i];
        ho_buf_addc(out, digits[c >> 4]);
        ho_buf_addc(out, digits[c & 15]);
    }
    ho_buf_release(&raw);
}

static int
hex_digit(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The next field of raw from *pos up to FS (or the end when last). */
static bool
next_field(const struct ho_buf *raw, size_t *pos, bool last, struct ho_buf *out)
{
    const char *p = raw->ptr + *pos, *end = raw->ptr + raw->len;
    const char *fs = last ? end : memchr(p, CURSOR_FS, (size_t)(end - p));
    if (!fs)
        return false;
    ho_buf_reset(out);
    ho_buf_add(out, p, (size_t)(fs - p));
    *pos = (size_t)(fs - raw->ptr) + (last ? 0 : 1);
    return true;
}

static bool
parse_i64(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);
    *out = v;
    return *s && !*end;
}

/* The fields of a decoded cursor text into *c. */
static bool
cursor_fields(const struct ho_buf *raw, struct cursor *c)
{
    struct ho_buf f = HO_BUF_INIT;
    size_t pos = 0;
    bool ok = next_field(raw, &pos, false, &f) && strcmp(ho_buf_cstr(&f), CURSOR_VERSION) == 0 &&
              next_field(raw, &pos, false, &f) && ho_lead_sort_parse(ho_buf_cstr(&f), &c->sort) &&
              next_field(raw, &pos, false, &f) && parse_i64(ho_buf_cstr(&f), &c->at) &&
              next_field(raw, &pos, false, &f);
    if (ok && c->sort == HO_LEAD_SORT_SCORE) {
        char *end;
        c->score = strtod(ho_buf_cstr(&f), &end);
        ok = f.len && !*end;
    } else if (ok && c->sort != HO_LEAD_SORT_LEAD) {
        ok = parse_i64(ho_buf_cstr(&f), &c->time);
    } else if (ok) {
        ok = f.len == 0;
    }
    ok = ok && next_field(raw, &pos, true, &c->lead) && c->lead.len > 0 &&
         strlen(ho_buf_cstr(&c->lead)) == c->lead.len;
    ho_buf_release(&f);
    return ok;
}

static bool
cursor_decode(const char *text, struct cursor *c)
{
    struct ho_buf raw = HO_BUF_INIT;
    size_t n = strlen(text);
    bool ok = n > 0 && n % 2 == 0;
    for (size_t i = 0; ok && i < n; i += 2) {
        int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
        ok = hi >= 0 && lo >= 0;
        ho_buf_addc(&raw, (char)(hi * 16 + lo));
    }
    ok = ok && cursor_fields(&raw, c);
    ho_buf_release(&raw);
    return ok;
}

/* The row the cursor names, as an item to compare the list's rows with. */
static struct ho_lead_item
cursor_item(const struct cursor *c)
{
    return (struct ho_lead_item){
        .lead = ho_buf_cstr(&c->lead), .fit = c->score, .mql_at = c->time, .last_event = c->time
    };
}

static ho_rc
check_cursor(const struct ho_app_leads_opts *o, struct ho_diag *diag)
{
    struct cursor c = { .lead = HO_BUF_INIT };
    enum ho_lead_sort sort = HO_LEAD_SORT_SCORE;
    bool ok = cursor_decode(o->cursor, &c);
    if (o->sort && !ho_lead_sort_parse(o->sort, &sort))
        ok = false;
    ho_buf_release(&c.lead);
    if (!ok)
        return ho_diag_set(diag, HO_EINVAL,
                           "cursor '%.200s': not a cursor of this list; pass the next_cursor "
                           "of the previous page unchanged",
                           o->cursor);
    if (o->sort && sort != c.sort)
        return ho_diag_set(diag, HO_EINVAL,
                           "cursor: it continues a list sorted by %s, not by %s; keep the first "
                           "page's sort",
                           sort_names[c.sort], o->sort);
    return HO_OK;
}

/* The SLA conditions: a clock of an SLA (sla), with a status. */
static ho_rc
check_sla_opts(const struct ho_app_leads_opts *o, struct ho_diag *diag)
{
    uint32_t st;
    if (o->sla_status && !ho_sla_status_parse(o->sla_status, &st))
        return ho_diag_set(diag, HO_EINVAL,
                           "sla-status '%.200s': write met, breached, open or cancelled, or "
                           "several comma-separated (met,breached)",
                           o->sla_status);
    if (o->sla_status && !o->sla)
        return ho_diag_set(diag, HO_EINVAL, "sla-status goes with sla: e.g. sla first_touch");
    if (o->sla && (o->cohort || o->reached || o->by || o->closed || o->speed))
        return ho_diag_set(diag, HO_EINVAL,
                           "sla counts clocks: it does not go with cohort, reached, by, closed or "
                           "speed (journey conditions)");
    return HO_OK;
}

/* The cost cohort conditions: spend_cohort, with the report's from and to. */
static ho_rc
check_spend_opts(const struct ho_app_leads_opts *o, struct ho_diag *diag)
{
    int64_t t;
    if (o->spend_cohort && strcmp(o->spend_cohort, "mql") != 0 &&
        strcmp(o->spend_cohort, "sql") != 0)
        return ho_diag_set(diag, HO_EINVAL,
                           "spend-cohort '%.200s': write mql (the cost table's MQLs) or sql",
                           o->spend_cohort);
    const char *const ends[] = { o->from, o->to }, *const names[] = { "from", "to" };
    for (size_t i = 0; i < 2; i++) {
        if (ends[i] && ho_time_parse(ends[i], strlen(ends[i]), &t, NULL) != HO_OK)
            return ho_diag_set(diag, HO_EINVAL,
                               "%s '%.200s': write a date (2026-03-01) or a time "
                               "(2026-03-01T00:00:00Z)",
                               names[i], ends[i]);
    }
    if ((o->from || o->to) && !o->spend_cohort)
        return ho_diag_set(diag, HO_EINVAL,
                           "%s goes with spend-cohort (the cost table's period): e.g. "
                           "spend-cohort mql",
                           o->from ? "from" : "to");
    if (o->spend_cohort && o->sla)
        return ho_diag_set(diag, HO_EINVAL, "sla counts clocks: it does not go with spend-cohort");
    return HO_OK;
}

/* The disposition conditions (closed, closed_in, reason, category) and
 * speed. */
static ho_rc
check_disposition_opts(const struct ho_app_leads_opts *o, struct ho_diag *diag)
{
    uint32_t mask;
    int64_t mi;
    if (o->closed && !ho_closed_as_parse(o->closed, &mask))
        return ho_diag_set(diag, HO_EINVAL,
                           "closed '%.200s': write nurture, disqualified or nurture,disqualified",
                           o->closed);
    if (o->closed_in && !ho_month_parse(o->closed_in, &mi))
        return ho_diag_set(diag, HO_EINVAL, "closed-in '%.200s': write a month, e.g. 2026-03",
                           o->closed_in);
    enum ho_speed_bucket b;
    if (o->speed && !ho_speed_bucket_parse(o->speed, &b))
        return ho_diag_set(diag, HO_EINVAL,
                           "speed '%.200s': write <=5m, <=1h, <=24h, <=7d, >7d or never", o->speed);
    if (!o->closed && (o->closed_in || o->reason || o->category))
        return ho_diag_set(diag, HO_EINVAL,
                           "closed-in, reason and category go with closed: e.g. closed nurture");
    ho_rc rc = check_spend_opts(o, diag);
    return rc == HO_OK ? check_sla_opts(o, diag) : rc;
}

/* The journey conditions: cohort, reached, by and group. */
static ho_rc
check_journey_opts(const struct ho_app_leads_opts *o, struct ho_diag *diag)
{
    enum ho_cohort_period p;
    int64_t ci;
    uint32_t mask;
    enum ho_dim dim;
    if (o->cohort && !ho_cohort_parse(o->cohort, &p, &ci))
        return ho_diag_set(diag, HO_EINVAL,
                           "cohort '%.200s': write a month (2026-03), a quarter (2026-Q1) or all",
                           o->cohort);
    if (o->reached && !ho_reached_parse(o->reached, &mask))
        return ho_diag_set(diag, HO_EINVAL,
                           "reached '%.200s': write funnel stages separated by commas: mql, sal, "
                           "sql, meeting, opportunity, customer (e.g. mql,sql)",
                           o->reached);
    if (!o->by != !o->group)
        return ho_diag_set(diag, HO_EINVAL,
                           "by and group go together: give both, e.g. channel and webinar");
    if (o->by && (!ho_dim_parse(o->by, &dim) || dim == HO_DIM_ALL))
        return ho_diag_set(diag, HO_EINVAL, "by '%.200s': write one of %s", o->by, ho_dim_list());
    return check_disposition_opts(o, diag);
}

ho_rc
ho_app_leads_check(const struct ho_app_leads_opts *o, struct ho_diag *diag)
{
    enum ho_stage st;
    enum ho_lead_sort so;
    int64_t t;
    if (o->stage && !ho_stage_parse(o->stage, &st))
        return ho_diag_set(diag, HO_EINVAL, "stage '%s': write one of " STAGE_NAMES, o->stage);
    if (o->sort && !ho_lead_sort_parse(o->sort, &so))
        return ho_diag_set(diag, HO_EINVAL, "sort '%s': write score, mql_at, last_event or lead",
                           o->sort);
    if (o->mql_since && strcmp(o->mql_since, "today") != 0 &&
        ho_time_parse(o->mql_since, strlen(o->mql_since), &t, NULL) != HO_OK)
        return ho_diag_set(diag, HO_EINVAL,
                           "mql-since '%s': write today, a date (2026-03-02) or a time "
                           "(2026-03-02T14:05:09Z)",
                           o->mql_since);
    ho_rc rc = check_journey_opts(o, diag);
    if (rc == HO_OK && o->cursor)
        return check_cursor(o, diag);
    return rc;
}

/* The instant mql_since names, as of `at` on calendar cal. */
static int64_t
since_instant(const char *text, int64_t at, const struct ho_calendar *cal)
{
    int64_t t = 0;
    if (!text)
        return HO_TIME_NONE;
    if (strcmp(text, "today") == 0)
        return ho_calendar_day_start(cal, ho_calendar_local_day(cal, at));
    if (ho_time_parse(text, strlen(text), &t, NULL) != HO_OK)
        return HO_TIME_NONE; /* checked by ho_app_leads_check() */
    return is_date(text) ? ho_calendar_day_start(cal, ho_time_day(t)) : t;
}

static void
filter_of(const struct ho_app_leads_opts *o, int64_t at, const struct ho_calendar *cal,
          struct ho_lead_filter *f)
{
    *f = (struct ho_lead_filter){ .rep = o->rep,
                                  .channel = o->channel,
                                  .account = o->account,
                                  .q = o->q,
                                  .mql_since = since_instant(o->mql_since, at, cal),
                                  .has_score_above = o->has_score_above,
                                  .score_above = o->score_above };
    f->has_stage = o->stage && ho_stage_parse(o->stage, &f->stage);
    struct ho_journey_cond *c = &f->jny;
    c->on = o->cohort || o->reached || o->by;
    c->has_cohort = o->cohort && ho_cohort_parse(o->cohort, &c->period, &c->cohort);
    if (o->reached && !ho_reached_parse(o->reached, &c->reached))
        c->reached = 0; /* checked by ho_app_leads_check() */
    c->on = c->on || o->closed;
    if (o->closed && !ho_closed_as_parse(o->closed, &c->closed_as))
        c->closed_as = 0;
    c->has_closed_in = o->closed_in && ho_month_parse(o->closed_in, &c->closed_month);
    c->has_speed = o->speed && ho_speed_bucket_parse(o->speed, &c->speed);
    c->on = c->on || c->has_speed || o->spend_cohort;
    f->clk.on = o->sla != NULL;
    if (o->sla_status && !ho_sla_status_parse(o->sla_status, &f->clk.statuses))
        f->clk.statuses = 0; /* checked by ho_app_leads_check() */
}

/* What the list reads: the stored leads and journeys, interned into the
 * engine's strings, and each lead's score at the as-of time. */
struct leads_input {
    struct ho_lead_row *leads;
    size_t n_leads;
    struct ho_journey_row *rows;
    size_t n_rows;
    uint32_t *keys; /* with a by option: keys[i] the --by group of rows[i]; else NULL */
    uint32_t *cats; /* with a category option: the interned category of rows[i]'s reason */
    struct ho_lead_score *scores;
    size_t n_scores;
    struct ho_clock_row *clocks; /* with an sla option: every stored clock; else NULL */
    size_t n_clocks;
    bool *in_cohort; /* with spend_cohort: rows[i] is in the cost cohort asked for; else NULL */
};

static ho_rc
load_input(struct ho_app *app, int64_t at, struct leads_input *in, struct ho_diag *diag)
{
    struct ho_strtab *strings = ho_engine_log(app->eng)->strings;
    ho_rc rc = ho_store_load_leads(app->st, strings, &in->leads, &in->n_leads, diag);
    if (rc == HO_OK)
        rc = ho_store_load_journeys(app->st, strings, &in->rows, &in->n_rows, diag);
    if (rc == HO_OK)
        rc = ho_engine_scores_at(app->eng, at, &in->scores, &in->n_scores, diag);
    return rc;
}

/* The SLA the sla option names, as a key, and every stored clock. */
static ho_rc
clock_filter(struct ho_app *app, const char *sla, struct leads_input *in, struct ho_clock_cond *k,
             struct ho_diag *diag)
{
    if (!sla)
        return HO_OK;
    struct ho_strtab *strings = ho_engine_log(app->eng)->strings;
    ho_rc rc = ho_store_load_clocks(app->st, strings, &in->clocks, &in->n_clocks, diag);
    uint32_t id = ho_strtab_find(strings, sla, strlen(sla));
    k->name = id ? id : UINT32_MAX; /* a name no clock has: none match */
    return rc;
}

/* The time text (checked by ho_app_leads_check()) or, without one, dflt. */
static int64_t
time_or(const char *text, int64_t dflt)
{
    int64_t t;
    return text && ho_time_parse(text, strlen(text), &t, NULL) == HO_OK ? t : dflt;
}

/* With spend_cohort: which journeys are in the cost table's cohort (report
 * pipeline's own test, ho_pipeline_cost_cohort()) for from/to at `at`. */
static ho_rc
spend_filter(struct ho_app *app, const struct ho_app_leads_opts *o, int64_t at,
             struct leads_input *in, struct ho_diag *diag)
{
    if (!o->spend_cohort)
        return HO_OK;
    struct ho_spend_row *spend = NULL;
    size_t n_spend = 0;
    ho_rc rc =
        ho_store_load_spend(app->st, ho_engine_log(app->eng)->strings, &spend, &n_spend, diag);
    if (rc != HO_OK)
        return rc;
    struct ho_pipeline_opts po = { .from = time_or(o->from, INT64_MIN),
                                   .to = time_or(o->to, INT64_MAX),
                                   .at = at };
    bool want_sql = strcmp(o->spend_cohort, "sql") == 0;
    in->in_cohort = ho_xcalloc(in->n_rows + 1, sizeof(*in->in_cohort));
    for (size_t k = 0; k < in->n_rows; k++) {
        bool sql;
        bool mql =
            ho_pipeline_cost_cohort(spend, n_spend, in->rows[k].channel, &in->rows[k].j, &po, &sql);
        in->in_cohort[k] = want_sql ? mql && sql : mql;
    }
    ho_xfree(spend);
    return HO_OK;
}

static void
release_input(struct leads_input *in)
{
    ho_xfree(in->in_cohort);
    ho_xfree(in->leads);
    ho_xfree(in->rows);
    ho_xfree(in->keys);
    ho_xfree(in->cats);
    ho_xfree(in->scores);
    ho_xfree(in->clocks);
}

/* Per interned lead id: its score, latest journey and latest MQL moment. */
struct lead_facts {
    size_t score;    /* index into scores + 1; 0: none */
    size_t journey;  /* index into rows + 1 of the highest journey number; 0: none */
    size_t journeys; /* its journeys that pass the journey conditions */
    int64_t mql_at;
};

/* The journeys of every lead that pass the journey conditions c. */
static void
count_journeys(const struct leads_input *in, const struct ho_journey_cond *c, uint32_t max,
               struct lead_facts *fx)
{
    if (!c->on)
        return;
    for (size_t k = 0; k < in->n_rows; k++) {
        const struct ho_journey_row *r = &in->rows[k];
        uint32_t group = in->keys ? in->keys[k] : 0, cat = in->cats ? in->cats[k] : 0;
        if (in->in_cohort && !in->in_cohort[k])
            continue;
        if (r->lead <= max && ho_journey_cond_matches(&r->j, group, cat, c))
            fx[r->lead].journeys++;
    }
}

static struct lead_facts *
index_facts(const struct leads_input *in, const struct ho_journey_cond *c, uint32_t max)
{
    struct lead_facts *fx = ho_xcalloc((size_t)max + 1, sizeof(*fx));
    for (size_t i = 0; i <= max; i++)
        fx[i].mql_at = HO_TIME_NONE;
    for (size_t k = 0; k < in->n_scores; k++) {
        if (in->scores[k].lead <= max)
            fx[in->scores[k].lead].score = k + 1;
    }
    for (size_t k = 0; k < in->n_rows; k++) {
        const struct ho_journey_row *r = &in->rows[k];
        if (r->lead > max)
            continue;
        struct lead_facts *f = &fx[r->lead];
        if (!f->journey || in->rows[f->journey - 1].j.n < r->j.n)
            f->journey = k + 1;
        int64_t m = r->j.entered[HO_STAGE_MQL];
        if (m != HO_TIME_NONE && m > f->mql_at)
            f->mql_at = m;
    }
    count_journeys(in, c, max, fx);
    return fx;
}

/* With the SLA conditions k: the clocks of every lead that pass them at
 * `at` on calendar cal (report sla's count), in place of its journeys. */
static void
count_clocks(const struct leads_input *in, const struct ho_clock_cond *k,
             const struct ho_calendar *cal, int64_t at, struct ho_lead_item *items)
{
    if (!k->on)
        return;
    uint32_t max = 0;
    for (size_t i = 0; i < in->n_leads; i++)
        max = in->leads[i].lead > max ? in->leads[i].lead : max;
    size_t *per = ho_xcalloc((size_t)max + 1, sizeof(*per));
    for (size_t i = 0; i < in->n_clocks; i++) {
        const struct ho_clock_row *r = &in->clocks[i];
        if (r->lead <= max && ho_clock_cond_matches(cal, r, at, k))
            per[r->lead]++;
    }
    for (size_t i = 0; i < in->n_leads; i++)
        items[i].journeys = per[in->leads[i].lead];
    ho_xfree(per);
}

/* One item per stored lead (owned by the caller, ho_xfree). */
static struct ho_lead_item *
build_items(const struct leads_input *in, const struct ho_journey_cond *c,
            const struct ho_strtab *strings)
{
    uint32_t max = 0;
    for (size_t i = 0; i < in->n_leads; i++)
        max = in->leads[i].lead > max ? in->leads[i].lead : max;
    struct lead_facts *fx = index_facts(in, c, max);
    struct ho_lead_item *items = ho_xcalloc(in->n_leads + 1, sizeof(*items));
    for (size_t i = 0; i < in->n_leads; i++) {
        const struct ho_lead_row *l = &in->leads[i];
        const struct lead_facts *f = &fx[l->lead];
        const struct ho_lead_score *s = f->score ? &in->scores[f->score - 1] : NULL;
        uint32_t rep = f->journey ? in->rows[f->journey - 1].j.rep : 0;
        items[i] = (struct ho_lead_item){ .lead = ho_strtab_str(strings, l->lead),
                                          .account = ho_strtab_str(strings, l->account),
                                          .channel = ho_strtab_str(strings, l->channel),
                                          .rep = ho_strtab_str(strings, rep),
                                          .stage = (enum ho_stage)l->stage,
                                          .fit = s ? s->fit : 0,
                                          .behavior = s ? s->behavior : 0,
                                          .mql_at = f->mql_at,
                                          .last_event = l->last_event,
                                          .journeys = f->journeys };
    }
    ho_xfree(fx);
    return items;
}

/* The category of every journey's reason (in->cats) as report dispositions
 * names it, and the category asked for as a key (c->category). */
static void
category_filter(struct ho_app *app, const char *category, struct leads_input *in,
                struct ho_journey_cond *c)
{
    struct ho_strtab *strings = ho_engine_log(app->eng)->strings;
    in->cats = ho_xcalloc(in->n_rows + 1, sizeof(*in->cats));
    for (size_t k = 0; k < in->n_rows; k++) {
        uint32_t r = in->rows[k].j.reason;
        const char *name = ho_disposition_category(&app->defs, r ? ho_strtab_str(strings, r) : "");
        in->cats[k] = ho_strtab_intern(strings, name, strlen(name));
    }
    uint32_t id = ho_strtab_find(strings, category, strlen(category));
    c->has_category = true;
    c->category = id ? id : UINT32_MAX;
}

/* The --by group of every journey (in->keys), as report funnel splits them,
 * and the group and the reason the options name as keys (c->group,
 * c->reason). */
static void
group_filter(struct ho_app *app, const struct ho_app_leads_opts *o, struct leads_input *in,
             struct ho_journey_cond *c)
{
    enum ho_dim dim;
    struct ho_strtab *strings = ho_engine_log(app->eng)->strings;
    if (o->reason) {
        uint32_t id = ho_strtab_find(strings, o->reason, strlen(o->reason));
        c->has_reason = true;
        c->reason = strcmp(o->reason, "(none)") == 0 ? 0 : id ? id : UINT32_MAX;
    }
    if (o->category)
        category_filter(app, o->category, in, c);
    if (!o->by || !ho_dim_parse(o->by, &dim))
        return; /* checked by ho_app_leads_check() */
    in->keys = ho_group_keys(&app->defs, strings, dim, in->rows, in->n_rows);
    uint32_t id = ho_strtab_find(strings, o->group, strlen(o->group));
    c->has_group = true;
    c->group = id ? id : UINT32_MAX; /* a name no journey has: none match */
}

static size_t
journeys_of(const struct ho_lead_item *items, size_t n)
{
    size_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += items[i].journeys;
    return sum;
}

/* The page of the kept (sorted) items: from after the cursor's row, at
 * most limit rows; *next the next page's cursor (left empty on the last). */
static size_t
page_of(const struct ho_app_leads_opts *o, const struct cursor *c, enum ho_lead_sort sort,
        int64_t at, const struct ho_lead_item *items, size_t kept, size_t *shown,
        struct ho_buf *next)
{
    size_t start = 0;
    if (o->cursor) {
        struct ho_lead_item key = cursor_item(c);
        while (start < kept && ho_lead_item_cmp(&items[start], &key, sort) <= 0)
            start++;
    }
    *shown = o->limit && o->limit < kept - start ? o->limit : kept - start;
    if (o->paged && start + *shown < kept && *shown)
        cursor_encode(sort, at, &items[start + *shown - 1], next);
    return start;
}

ho_rc
ho_app_leads(struct ho_app *app, const struct ho_app_leads_opts *o, FILE *out, enum ho_format fmt,
             struct ho_diag *diag)
{
    ho_rc rc = ho_app_leads_check(o, diag);
    if (rc == HO_OK && !app->eng)
        rc = ho_app_open_engine(app, NULL, diag);
    if (rc != HO_OK)
        return rc;
    struct cursor c = { .lead = HO_BUF_INIT };
    enum ho_lead_sort sort = HO_LEAD_SORT_SCORE;
    if (o->sort && !ho_lead_sort_parse(o->sort, &sort))
        sort = HO_LEAD_SORT_SCORE;                             /* checked above */
    int64_t at = o->at_given ? o->at : ho_app_data_as_of(app); /* the reports' as-of rule */
    if (o->cursor && cursor_decode(o->cursor, &c)) {           /* checked above */
        sort = c.sort;
        at = c.at; /* the first page's: the rows keep their order */
    }
    struct leads_input in = { 0 };
    rc = load_input(app, at, &in, diag);
    struct ho_lead_filter f;
    if (rc == HO_OK) {
        filter_of(o, at, &app->defs.calendar, &f);
        rc = clock_filter(app, o->sla, &in, &f.clk, diag);
    }
    if (rc == HO_OK)
        rc = spend_filter(app, o, at, &in, diag);
    if (rc == HO_OK) {
        struct ho_buf next = HO_BUF_INIT;
        size_t shown;
        group_filter(app, o, &in, &f.jny);
        struct ho_lead_item *items = build_items(&in, &f.jny, ho_engine_log(app->eng)->strings);
        count_clocks(&in, &f.clk, &app->defs.calendar, at, items);
        size_t kept = ho_lead_list_select(items, in.n_leads, &f, sort);
        size_t start = page_of(o, &c, sort, at, items, kept, &shown, &next);
        struct ho_leads_view v = { .items = items + start,
                                   .n_shown = shown,
                                   .n_total = kept,
                                   .as_of = at,
                                   .paged = o->paged,
                                   .next_cursor = next.len ? ho_buf_cstr(&next) : NULL,
                                   .by_journey = f.jny.on || f.clk.on,
                                   .count_name = f.clk.on ? "clocks" : NULL,
                                   .n_journeys = journeys_of(items, kept) };
        rc = ho_report_leads(out, fmt, &v, diag);
        ho_buf_release(&next);
        ho_xfree(items);
    }
    ho_buf_release(&c.lead);
    release_input(&in);
    return rc;
}
