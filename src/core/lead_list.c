/* SPDX-License-Identifier: MIT */
/*
 * core/lead_list.c - the lead list's filter and order.
 */
#include "core/lead_list.h"

#include <stdlib.h>
#include <string.h>

#include "base/timefmt.h"

bool
ho_lead_sort_parse(const char *name, enum ho_lead_sort *out)
{
    static const char *const names[] = {
        [HO_LEAD_SORT_SCORE] = "score",
        [HO_LEAD_SORT_MQL_AT] = "mql_at",
        [HO_LEAD_SORT_LAST_EVENT] = "last_event",
        [HO_LEAD_SORT_LEAD] = "lead",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(name, names[i]) == 0) {
            *out = (enum ho_lead_sort)i;
            return true;
        }
    }
    return false;
}

static char
fold(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does hay contain needle, ignoring ASCII case? */
static bool
contains_folded(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = hay; *h; h++) {
        size_t i = 0;
        while (i < n && h[i] && fold(h[i]) == fold(needle[i]))
            i++;
        if (i == n)
            return true;
    }
    return n == 0;
}

static bool
text_is(const char *want, const char *have)
{
    return !want || strcmp(want, have) == 0;
}

bool
ho_lead_matches(const struct ho_lead_item *l, const struct ho_lead_filter *f)
{
    if (f->has_stage && l->stage != f->stage)
        return false;
    if (!text_is(f->rep, l->rep) || !text_is(f->channel, l->channel) ||
        !text_is(f->account, l->account))
        return false;
    if (f->q && !contains_folded(l->lead, f->q) && !contains_folded(l->account, f->q))
        return false;
    if (f->mql_since != HO_TIME_NONE && (l->mql_at == HO_TIME_NONE || l->mql_at < f->mql_since))
        return false;
    if (f->has_score_above && !(l->fit + l->behavior > f->score_above))
        return false;
    if ((f->jny.on || f->clk.on) && l->journeys == 0)
        return false;
    return true;
}

static int
by_lead(const void *pa, const void *pb)
{
    const struct ho_lead_item *a = pa, *b = pb;
    return strcmp(a->lead, b->lead);
}

/* Newer (larger) first; HO_TIME_NONE (the smallest) sorts last. */
static int
newer_first(int64_t a, int64_t b)
{
    return a > b ? -1 : a < b ? 1 : 0;
}

static int
by_score(const void *pa, const void *pb)
{
    const struct ho_lead_item *a = pa, *b = pb;
    double sa = a->fit + a->behavior, sb = b->fit + b->behavior;
    if (sa != sb)
        return sa > sb ? -1 : 1;
    return by_lead(pa, pb);
}

static int
by_mql_at(const void *pa, const void *pb)
{
    const struct ho_lead_item *a = pa, *b = pb;
    int c = newer_first(a->mql_at, b->mql_at);
    return c ? c : by_lead(pa, pb);
}

static int
by_last_event(const void *pa, const void *pb)
{
    const struct ho_lead_item *a = pa, *b = pb;
    int c = newer_first(a->last_event, b->last_event);
    return c ? c : by_lead(pa, pb);
}

static int (*const sort_cmp[])(const void *, const void *) = {
    [HO_LEAD_SORT_SCORE] = by_score,
    [HO_LEAD_SORT_MQL_AT] = by_mql_at,
    [HO_LEAD_SORT_LAST_EVENT] = by_last_event,
    [HO_LEAD_SORT_LEAD] = by_lead,
};

int
ho_lead_item_cmp(const struct ho_lead_item *a, const struct ho_lead_item *b, enum ho_lead_sort sort)
{
    return sort_cmp[sort](a, b);
}

size_t
ho_lead_list_select(struct ho_lead_item *items, size_t n, const struct ho_lead_filter *f,
                    enum ho_lead_sort sort)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (!ho_lead_matches(&items[i], f))
            continue;
        struct ho_lead_item t = items[kept];
        items[kept++] = items[i];
        items[i] = t;
    }
    if (kept > 1)
        qsort(items, kept, sizeof(*items), sort_cmp[sort]);
    return kept;
}

/* The funnel's "reached" (core/funnel.h count_journey): started at s or
 * before, and got to s or later. */
static bool
journey_reached(const struct ho_journey *j, int s)
{
    return s <= HO_STAGE_CUSTOMER && (int)j->first <= s && (int)j->furthest >= s;
}

/* The disposition conditions: as core/dispositions.c is_disposition(). */
static bool
disposition_matches(const struct ho_journey *j, uint32_t category, const struct ho_journey_cond *c)
{
    if (!c->closed_as) /* the others come with closed_as */
        return !c->has_closed_in && !c->has_reason && !c->has_category;
    if (c->has_category && category != c->category)
        return false;
    if (!j->closed || (j->last != HO_STAGE_NURTURE && j->last != HO_STAGE_DISQUALIFIED) ||
        !(c->closed_as & (1u << j->last)))
        return false;
    int64_t t = j->entered[j->last];
    if (c->has_closed_in && (t == HO_TIME_NONE || ho_time_month_index(t) != c->closed_month))
        return false;
    return !c->has_reason || j->reason == c->reason;
}

bool
ho_journey_cond_matches(const struct ho_journey *j, uint32_t group, uint32_t category,
                        const struct ho_journey_cond *c)
{
    if (!c->on)
        return true;
    if (c->has_cohort && ho_cohort_index(c->period, ho_journey_start(j)) != c->cohort)
        return false;
    if (c->has_group && group != c->group)
        return false;
    for (int s = 0; s < HO_STAGE__COUNT; s++) {
        if ((c->reached & (1u << s)) && !journey_reached(j, s))
            return false;
    }
    if (c->has_speed &&
        (j->entered[HO_STAGE_MQL] == HO_TIME_NONE || ho_speed_bucket_of(j) != c->speed))
        return false; /* report speed counts MQL journeys only */
    return disposition_matches(j, category, c);
}

/* n decimal digits at p (no sign) into *out. */
static bool
digits(const char *p, size_t n, int64_t *out)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return false;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return true;
}

bool
ho_cohort_parse(const char *text, enum ho_cohort_period *period, int64_t *index)
{
    int64_t y, m;
    if (strcmp(text, "all") == 0) {
        *period = HO_COHORT_ALL;
        *index = 0;
        return true;
    }
    if (strlen(text) != 7 || text[4] != '-' || !digits(text, 4, &y))
        return false;
    if (text[5] == 'Q') {
        if (!digits(text + 6, 1, &m) || m < 1 || m > 4)
            return false;
        *period = HO_COHORT_QUARTER;
        *index = y * 12 + (m - 1) * 3; /* ho_time_month_index() of its first month */
        return true;
    }
    if (!digits(text + 5, 2, &m) || m < 1 || m > 12)
        return false;
    *period = HO_COHORT_MONTH;
    *index = y * 12 + m - 1;
    return true;
}

bool
ho_speed_bucket_parse(const char *text, enum ho_speed_bucket *out)
{
    for (int b = 0; b < HO_SPEED__COUNT; b++) {
        if (strcmp(text, ho_speed_bucket_name((enum ho_speed_bucket)b)) == 0) {
            *out = (enum ho_speed_bucket)b;
            return true;
        }
    }
    return false;
}

bool
ho_month_parse(const char *text, int64_t *index)
{
    enum ho_cohort_period p;
    return ho_cohort_parse(text, &p, index) && p == HO_COHORT_MONTH;
}

bool
ho_closed_as_parse(const char *text, uint32_t *mask)
{
    static const char *const both[] = { "nurture", "disqualified", "nurture,disqualified",
                                        "disqualified,nurture" };
    static const uint32_t bits[] = { 1u << HO_STAGE_NURTURE, 1u << HO_STAGE_DISQUALIFIED,
                                     (1u << HO_STAGE_NURTURE) | (1u << HO_STAGE_DISQUALIFIED),
                                     (1u << HO_STAGE_NURTURE) | (1u << HO_STAGE_DISQUALIFIED) };
    for (size_t i = 0; i < sizeof(both) / sizeof(both[0]); i++) {
        if (strcmp(text, both[i]) == 0) {
            *mask = bits[i];
            return true;
        }
    }
    return false;
}

bool
ho_reached_parse(const char *text, uint32_t *mask)
{
    *mask = 0;
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char name[32];
        enum ho_stage s;
        if (len == 0 || len >= sizeof(name))
            return false;
        memcpy(name, p, len);
        name[len] = '\0';
        if (!ho_stage_parse(name, &s) || !ho_stage_is_funnel(s))
            return false;
        *mask |= 1u << s;
        if (!comma)
            return true;
        p = comma + 1;
    }
}

bool
ho_clock_cond_matches(const struct ho_calendar *cal, const struct ho_clock_row *k, int64_t now,
                      const struct ho_clock_cond *c)
{
    if (!c->on)
        return true;
    if (k->name != c->name)
        return false;
    if (!c->statuses)
        return true;
    struct ho_clock_eval e;
    ho_sla_eval(cal, k, now, &e);
    return (c->statuses & (1u << e.status)) != 0;
}

/* The status named by text[0..len), or HO_SLA__COUNT. */
static enum ho_sla_status
status_named(const char *text, size_t len)
{
    for (int s = 0; s < HO_SLA__COUNT; s++) {
        const char *name = ho_sla_status_name((enum ho_sla_status)s);
        if (strlen(name) == len && memcmp(text, name, len) == 0)
            return (enum ho_sla_status)s;
    }
    return HO_SLA__COUNT;
}

bool
ho_sla_status_parse(const char *text, uint32_t *mask)
{
    *mask = 0;
    for (const char *p = text;; p++) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        enum ho_sla_status s = status_named(p, len);
        if (s == HO_SLA__COUNT)
            return false;
        *mask |= 1u << s;
        if (!end)
            return true;
        p = end;
    }
}
