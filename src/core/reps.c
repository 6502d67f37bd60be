/* SPDX-License-Identifier: MIT */
/*
 * core/reps.c - each rep's load at one instant.
 *
 * A journey counts against a rep's capacity from its assignment (or its
 * start, for a rep named by a sales event) until it ends (customer,
 * closed_lost, nurture, disqualified): the same rule routing uses.
 */
#include "core/reps.h"

#include <string.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/defs.h"
#include "core/funnel.h"
#include "core/sla.h"
#include "core/stage.h"

/* Index of the rep whose interned id is `id`, or -1. */
static int32_t
rep_of(const uint32_t *ids, size_t n, uint32_t id)
{
    for (size_t i = 0; id && i < n; i++) {
        if (ids[i] == id)
            return (int32_t)i;
    }
    return -1;
}

static bool
away_on(const struct ho_rep *rep, int64_t day)
{
    for (size_t i = 0; i < rep->n_away; i++) {
        if (rep->away_from[i] <= day && day <= rep->away_to[i])
            return true;
    }
    return false;
}

/* The ISO week of local day `day`: its Monday, year and number (the week
 * belongs to the year of its Thursday). */
static void
iso_week(int64_t day, int64_t *monday, int64_t *year, unsigned *week)
{
    int64_t wd = ((day % 7) + 7 + 3) % 7; /* 0 = Monday; 1970-01-01 was a Thursday */
    *monday = day - wd;
    int64_t thursday = *monday + 3;
    unsigned m, dd;
    ho_civil_from_days(thursday, year, &m, &dd);
    *week = (unsigned)((thursday - ho_days_from_civil(*year, 1, 1)) / 7 + 1);
}

static void
count_journey(struct ho_reps_load *out, const struct ho_journey *j, size_t rep)
{
    int64_t start = j->assigned_at != HO_TIME_NONE ? j->assigned_at : ho_journey_start(j);
    int64_t end = ho_journey_end(j);
    if (start <= out->at && (end == HO_TIME_NONE || end > out->at))
        out->reps[rep].open++;
    int64_t received = j->assigned_at != HO_TIME_NONE ? j->assigned_at : j->entered[HO_STAGE_MQL];
    if (j->entered[HO_STAGE_MQL] != HO_TIME_NONE && received >= out->week_start &&
        received < out->week_end && received <= out->at)
        out->reps[rep].mqls_week++;
}

static void
count_clock(struct ho_reps_load *out, const struct ho_calendar *cal, const struct ho_clock_row *c,
            size_t rep)
{
    if (c->started > out->at)
        return;
    struct ho_clock_row at = *c;
    if (at.stopped != HO_TIME_NONE && at.stopped > out->at)
        at.stopped = HO_TIME_NONE; /* still running at `at` */
    struct ho_clock_eval ev;
    ho_sla_eval(cal, &at, out->at, &ev);
    if (ev.status == HO_SLA_OPEN)
        out->reps[rep].sla_open++;
    else if (ev.status == HO_SLA_BREACHED)
        out->reps[rep].sla_breached++;
}

void
ho_reps_load_compute(const struct ho_defs *d, const struct ho_strtab *strings,
                     const struct ho_journey_row *rows, size_t n_rows,
                     const struct ho_clock_row *clocks, size_t n_clocks, int64_t at,
                     struct ho_reps_load *out)
{
    memset(out, 0, sizeof(*out));
    out->at = at;
    out->n = d->n_reps;
    out->reps = ho_xcalloc(d->n_reps + 1, sizeof(*out->reps));
    uint32_t *ids = ho_xcalloc(d->n_reps + 1, sizeof(*ids));
    int64_t day = ho_calendar_local_day(&d->calendar, at), monday;
    iso_week(day, &monday, &out->iso_year, &out->iso_week);
    out->week_start = ho_calendar_day_start(&d->calendar, monday);
    out->week_end = ho_calendar_day_start(&d->calendar, monday + 7);
    for (size_t i = 0; i < d->n_reps; i++) {
        const char *id = d->reps[i].id;
        ids[i] = id ? ho_strtab_find(strings, id, strlen(id)) : 0;
        out->reps[i].rep = i;
        out->reps[i].away = away_on(&d->reps[i], day);
    }
    for (size_t i = 0; i < n_rows; i++) {
        int32_t r = rep_of(ids, d->n_reps, rows[i].j.rep);
        if (r >= 0)
            count_journey(out, &rows[i].j, (size_t)r);
    }
    for (size_t i = 0; i < n_clocks; i++) {
        int32_t r = rep_of(ids, d->n_reps, clocks[i].rep);
        if (r >= 0)
            count_clock(out, &d->calendar, &clocks[i], (size_t)r);
    }
    ho_xfree(ids);
}

void
ho_reps_load_release(struct ho_reps_load *r)
{
    ho_xfree(r->reps);
    memset(r, 0, sizeof(*r));
}
