/* SPDX-License-Identifier: MIT */
/*
 * app/leads.h - the lead list (`handoff leads`, GET /v1/leads): the
 * stored leads with their score as of the as-of time, filtered and sorted
 * (core/lead_list.h) and rendered (report/leads.h).
 *
 *     struct ho_app_leads_opts o = HO_APP_LEADS_OPTS_INIT;
 *     o.stage = "mql"; o.mql_since = "today";
 *     ho_app_leads(app, &o, stdout, HO_FORMAT_JSON, diag);
 */
#ifndef HO_APP_LEADS_H
#define HO_APP_LEADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "report/report.h"

/* The options, as text where the front door hands text over, so that the
 * CLI and a query string are checked by the same code. */
struct ho_app_leads_opts {
    const char *stage;     /* a stage name; NULL: any */
    const char *rep;       /* the latest journey's rep, exactly; NULL: any */
    const char *channel;   /* the lead's channel, exactly; NULL: any */
    const char *account;   /* the lead's account, exactly; NULL: any */
    const char *q;         /* case-insensitive substring of the lead or the account; NULL */
    const char *mql_since; /* "today", a date or an RFC 3339 time; NULL: any */
    const char *sort;      /* score (NULL), mql_at, last_event or lead */
    /* The leads behind a funnel cell (core/lead_list.h struct ho_journey_cond):
     * one of the lead's journeys is of this cohort, reached these stages and
     * is of this --by group.  NULL: any. */
    const char *cohort;  /* "2026-03", "2026-Q1" or "all" as report funnel names it */
    const char *reached; /* funnel stages, comma-separated: "mql,sql" */
    const char *by;      /* a --by dimension: channel, campaign, rep, ...; with group */
    const char *group;   /* the journey's value under by ("(none)": no value) */
    /* The leads behind a disposition count (report dispositions): one
     * journey closed as closed ("nurture", "disqualified" or both, comma-
     * separated), in the month closed_in ("2026-03", UTC, as the report's
     * from/to), with the reason code reason ("(none)": without one). */
    const char *closed, *closed_in, *reason;
    const char *category; /* the reason's category as the report names it (bad_fit, ...) */
    /* The leads behind report speed: an MQL journey whose first contact
     * attempt came in this bucket ("<=5m", "<=1h", "<=24h", "<=7d", ">7d",
     * "never"). */
    const char *speed;
    /* The leads behind a report sla count: a clock of SLA sla with status
     * sla_status (met, breached, open or cancelled) at the as-of time; the
     * list counts clocks.  Not with the journey conditions above. */
    const char *sla, *sla_status;
    /* The leads behind a report pipeline cost cell: one journey in its
     * channel's spend cohort (core/pipeline.h ho_pipeline_cost_cohort()),
     * "mql" (the MQLs counted) or "sql" (those of them counted as SQLs),
     * for the report's from and to (a date or an RFC 3339 time; NULL:
     * open) at the as-of time.  With by channel and group, one channel's. */
    const char *spend_cohort, *from, *to;
    double score_above;
    bool has_score_above;
    bool at_given;
    int64_t at;   /* the as-of time when at_given; else the data's latest event */
    size_t limit; /* rows shown at most; 0: all */
    /* Cursor pagination (GET /v1/leads): the list is shown from after the
     * row the cursor names (in the same order, as of the same time) and
     * the JSON carries next_cursor. */
    bool paged;
    const char *cursor; /* a next_cursor of an earlier page; NULL: the first page */
};

#define HO_APP_LEADS_OPTS_INIT \
    {                          \
        .stage = NULL          \
    }

/* Check what needs no database: the stage, the sort, the form of
 * mql_since, cohort, reached, by (with group), closed (with closed_in and
 * reason) and the cursor.  HO_EINVAL with "NAME 'VALUE': what to write". */
HO_MUST_CHECK ho_rc ho_app_leads_check(const struct ho_app_leads_opts *o, struct ho_diag *diag);

/* List the leads of app (the engine is opened when needed) to out in fmt.
 * `today` (in mql_since) is the as-of time's day in the definitions'
 * calendar time zone (UTC without a calendar); a date is the start of that
 * day there too. */
HO_MUST_CHECK ho_rc ho_app_leads(struct ho_app *app, const struct ho_app_leads_opts *o, FILE *out,
                                 enum ho_format fmt, struct ho_diag *diag);

#endif /* HO_APP_LEADS_H */
