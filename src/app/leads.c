/* SPDX-License-Identifier: MIT */
/*
 * app/leads.c - the lead list use case: stored leads and journeys, scores
 * replayed to the as-of time, one item per lead.
 */
#include "app/leads.h"

#include <string.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/event.h"
#include "core/journey.h"
#include "core/lead_list.h"
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
    return HO_OK;
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
}

/* What the list reads: the stored leads and journeys, interned into the
 * engine's strings, and each lead's score at the as-of time. */
struct leads_input {
    struct ho_lead_row *leads;
    size_t n_leads;
    struct ho_journey_row *rows;
    size_t n_rows;
    struct ho_lead_score *scores;
    size_t n_scores;
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

static void
release_input(struct leads_input *in)
{
    ho_xfree(in->leads);
    ho_xfree(in->rows);
    ho_xfree(in->scores);
}

/* Per interned lead id: its score, latest journey and latest MQL moment. */
struct lead_facts {
    size_t score;   /* index into scores + 1; 0: none */
    size_t journey; /* index into rows + 1 of the highest journey number; 0: none */
    int64_t mql_at;
};

static struct lead_facts *
index_facts(const struct leads_input *in, uint32_t max)
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
    return fx;
}

/* One item per stored lead (owned by the caller, ho_xfree). */
static struct ho_lead_item *
build_items(const struct leads_input *in, const struct ho_strtab *strings)
{
    uint32_t max = 0;
    for (size_t i = 0; i < in->n_leads; i++)
        max = in->leads[i].lead > max ? in->leads[i].lead : max;
    struct lead_facts *fx = index_facts(in, max);
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
                                          .last_event = l->last_event };
    }
    ho_xfree(fx);
    return items;
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
    int64_t at = o->at_given ? o->at : ho_app_data_as_of(app); /* the reports' as-of rule */
    struct leads_input in = { 0 };
    rc = load_input(app, at, &in, diag);
    if (rc == HO_OK) {
        struct ho_lead_filter f;
        enum ho_lead_sort sort = HO_LEAD_SORT_SCORE;
        if (o->sort && !ho_lead_sort_parse(o->sort, &sort))
            sort = HO_LEAD_SORT_SCORE; /* checked above */
        filter_of(o, at, &app->defs.calendar, &f);
        struct ho_lead_item *items = build_items(&in, ho_engine_log(app->eng)->strings);
        size_t kept = ho_lead_list_select(items, in.n_leads, &f, sort);
        struct ho_leads_view v = { .items = items,
                                   .n_shown = o->limit && o->limit < kept ? o->limit : kept,
                                   .n_total = kept,
                                   .as_of = at };
        rc = ho_report_leads(out, fmt, &v, diag);
        ho_xfree(items);
    }
    release_input(&in);
    return rc;
}
