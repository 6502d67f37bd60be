/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_dispositions.c - the disposition audit
 * (core/dispositions.h, DESIGN.md §5 report 4): journeys closed in nurture
 * or disqualified, by reason and category, top reason first, shares as
 * num/den, the period by closing time, unknown codes uncategorized, and the
 * split by channel and rep.  Journeys are built by hand; every count is
 * worked out next to its assertion.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/dispositions.h"
#include "core/funnel.h"

#define OPEN_FROM INT64_MIN
#define OPEN_TO   INT64_MAX

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

static uint32_t
id(struct ho_strtab *s, const char *text)
{
    return text ? ho_strtab_intern(s, text, strlen(text)) : 0;
}

/* A journey that became an MQL a day before `at` and closed at `at` in
 * stage last (nurture, disqualified, closed_lost) with reason code (NULL:
 * none); last == HO_STAGE_MQL leaves it open. */
static struct ho_journey_row
row(struct ho_strtab *s, const char *channel, const char *rep, enum ho_stage last,
    const char *reason, const char *at)
{
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    for (int k = 0; k < HO_STAGE__COUNT; k++)
        r.j.entered[k] = HO_TIME_NONE;
    r.channel = id(s, channel);
    r.j.rep = id(s, rep);
    r.j.entered[HO_STAGE_MQL] = ms(at) - HO_MS_PER_DAY;
    r.j.first = r.j.furthest = HO_STAGE_MQL;
    r.j.last = last;
    r.j.criterion = 0;
    if (last != HO_STAGE_MQL) {
        r.j.entered[last] = ms(at);
        r.j.closed = true;
        r.j.reason = id(s, reason);
    }
    return r;
}

/* The reasons of examples/definitions.yaml plus one category of our own. */
static void
defs_with_reasons(struct ho_defs *d)
{
    static const char *const codes[][2] = {
        { "not_icp", "bad_fit" },         { "wrong_size", "bad_fit" },
        { "bad_data", "bad_data" },       { "bad_timing", "bad_timing" },
        { "no_budget", "bad_timing" },    { "no_response", "no_response" },
        { "over_scored", "bad_scoring" }, { "legal_hold", "legal" },
    };
    ho_defs_init(d);
    d->n_reasons = HO_ARRAY_LEN(codes);
    d->reasons = ho_xcalloc(d->n_reasons, sizeof(*d->reasons));
    for (size_t i = 0; i < d->n_reasons; i++) {
        d->reasons[i].code = ho_xstrdup(codes[i][0]);
        d->reasons[i].category = ho_xstrdup(codes[i][1]);
    }
}

struct fx {
    struct ho_defs defs;
    struct ho_strtab *s;
    struct ho_dispositions d;
};

static int
setup(void **state)
{
    struct fx *f = ho_xcalloc(1, sizeof(*f));
    defs_with_reasons(&f->defs);
    f->s = ho_strtab_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_dispositions_release(&f->d);
    ho_strtab_free(f->s);
    ho_defs_release(&f->defs);
    ho_xfree(f);
    return 0;
}

static void
compute(struct fx *f, const struct ho_journey_row *rows, size_t n, enum ho_dim by, int64_t from,
        int64_t to)
{
    struct ho_disp_opts o = { .by = by, .from = from, .to = to };
    ho_dispositions_release(&f->d);
    ho_dispositions_compute(rows, n, &f->defs, f->s, &o, &f->d);
}

static const struct ho_disp_group *
group(const struct fx *f, const char *name)
{
    for (size_t g = 0; g < f->d.n; g++) {
        if (strcmp(ho_strtab_str(f->s, f->d.groups[g].key), name) == 0)
            return &f->d.groups[g];
    }
    fail_msg("no group '%s'", name);
    return NULL;
}

static void
test_rejected_and_nurtured_journeys_are_counted_by_reason_top_reason_first(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, "paid_search", "sam", HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-02"),
        row(f->s, "paid_search", "sam", HO_STAGE_NURTURE, "bad_timing", "2026-03-03"),
        row(f->s, "webinar", "kim", HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-04"),
        row(f->s, "webinar", "kim", HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-05"),
        row(f->s, "email", "kim", HO_STAGE_NURTURE, "no_budget", "2026-03-06"),
        row(f->s, "email", "kim", HO_STAGE_NURTURE, "no_budget", "2026-03-07"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    assert_int_equal(f->d.n, 1);
    const struct ho_disp_group *g = &f->d.groups[0];
    assert_string_equal(ho_strtab_str(f->s, g->key), "all");
    /* not_icp 3, no_budget 2, bad_timing 1: six dispositions. */
    assert_int_equal(g->total, 6);
    assert_int_equal(g->n_reasons, 3);
    assert_string_equal(g->reasons[0].code, "not_icp");
    assert_int_equal(g->reasons[0].count, 3);
    assert_int_equal(g->reasons[0].disqualified, 3);
    assert_int_equal(g->reasons[0].nurtured, 0);
    assert_string_equal(g->reasons[0].category, "bad_fit");
    assert_string_equal(g->reasons[1].code, "no_budget");
    assert_int_equal(g->reasons[1].count, 2);
    assert_int_equal(g->reasons[1].nurtured, 2);
    assert_string_equal(g->reasons[2].code, "bad_timing");
    assert_int_equal(g->reasons[2].count, 1);
}

static void
test_categories_add_up_the_reasons_of_the_same_category(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-02"),
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "wrong_size", "2026-03-03"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "bad_timing", "2026-03-04"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "no_budget", "2026-03-05"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "no_budget", "2026-03-06"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    const struct ho_disp_group *g = &f->d.groups[0];
    /* bad_timing = bad_timing 1 + no_budget 2 = 3; bad_fit = not_icp 1 + wrong_size 1 = 2. */
    assert_int_equal(g->n_categories, 2);
    assert_string_equal(g->categories[0].category, "bad_timing");
    assert_int_equal(g->categories[0].count, 3);
    assert_string_equal(g->categories[1].category, "bad_fit");
    assert_int_equal(g->categories[1].count, 2);
}

static void
test_equal_counts_are_ordered_by_code_with_no_code_last(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, NULL, "2026-03-02"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "over_scored", "2026-03-03"),
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "bad_data", "2026-03-04"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    const struct ho_disp_group *g = &f->d.groups[0];
    assert_int_equal(g->n_reasons, 3);
    assert_string_equal(g->reasons[0].code, "bad_data");
    assert_string_equal(g->reasons[1].code, "over_scored");
    assert_string_equal(g->reasons[2].code, "");
    assert_int_equal(g->reasons[2].reason, 0);
}

static void
test_closed_lost_and_open_journeys_are_not_dispositions(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_CLOSED_LOST, "no_budget", "2026-03-02"),
        row(f->s, NULL, NULL, HO_STAGE_MQL, NULL, "2026-03-03"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "no_response", "2026-03-04"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    /* Only the nurtured one counts. */
    assert_int_equal(f->d.groups[0].total, 1);
    assert_string_equal(f->d.groups[0].reasons[0].code, "no_response");
}

static void
test_unknown_and_missing_codes_are_uncategorized(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "competitor", "2026-03-02"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, NULL, "2026-03-03"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    const struct ho_disp_group *g = &f->d.groups[0];
    assert_string_equal(g->reasons[0].code, "competitor");
    assert_string_equal(g->reasons[0].category, "uncategorized");
    assert_string_equal(g->reasons[1].category, "uncategorized");
    /* One category holding both. */
    assert_int_equal(g->n_categories, 1);
    assert_int_equal(g->categories[0].count, 2);
    assert_string_equal(ho_disposition_category(&f->defs, ""), "uncategorized");
}

static void
test_expired_is_its_own_category_read_as_follow_up_capacity(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "expired", "2026-03-02"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    assert_string_equal(f->d.groups[0].reasons[0].category, "expired");
    assert_non_null(strstr(ho_disposition_implication("expired"), "follow-up capacity"));
}

static void
test_each_standard_category_tells_marketing_where_to_look(void **state)
{
    (void)state;
    assert_non_null(strstr(ho_disposition_implication("bad_fit"), "targeting"));
    assert_non_null(strstr(ho_disposition_implication("bad_timing"), "nurture"));
    assert_non_null(strstr(ho_disposition_implication("bad_data"), "forms/enrichment"));
    assert_non_null(strstr(ho_disposition_implication("bad_scoring"), "scoring rules"));
    assert_non_null(strstr(ho_disposition_implication("no_response"), "speed or channel"));
    assert_non_null(strstr(ho_disposition_implication("uncategorized"), "closed list"));
}

static void
test_a_category_of_the_definitions_own_has_no_standard_reading(void **state)
{
    struct fx *f = *state;
    assert_string_equal(ho_disposition_category(&f->defs, "legal_hold"), "legal");
    assert_string_equal(ho_disposition_implication("legal"), "");
}

static void
test_shares_are_counts_over_all_dispositions_of_the_group(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-02"),
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-03"),
        row(f->s, NULL, NULL, HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-04"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "bad_timing", "2026-03-05"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    const struct ho_disp_group *g = &f->d.groups[0];
    /* not_icp 3/4 = 75%, bad_timing 1/4 = 25%. */
    struct ho_rate r = { g->reasons[0].count, g->total };
    assert_int_equal(r.num, 3);
    assert_int_equal(r.den, 4);
    assert_true(ho_rate_pct(r) == 75.0);
}

static void
test_the_period_selects_by_closing_time_half_open(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "bad_timing", "2026-02-28T23:59:59.999Z"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "no_budget", "2026-03-01T00:00:00Z"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "no_response", "2026-03-31T23:59:59Z"),
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "over_scored", "2026-04-01T00:00:00Z"),
    };
    /* [03-01, 04-01): no_budget and no_response; the MQLs of the first two
     * are in February, which does not matter: closing time decides. */
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, ms("2026-03-01"), ms("2026-04-01"));
    const struct ho_disp_group *g = &f->d.groups[0];
    assert_int_equal(g->total, 2);
    assert_string_equal(g->reasons[0].code, "no_budget");
    assert_string_equal(g->reasons[1].code, "no_response");
}

static void
test_an_empty_period_keeps_one_all_group_with_nothing_to_share(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "bad_timing", "2026-03-02"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_ALL, ms("2026-05-01"), ms("2026-06-01"));
    assert_int_equal(f->d.n, 1);
    assert_int_equal(f->d.groups[0].total, 0);
    assert_int_equal(f->d.groups[0].n_reasons, 0);
    /* A share over that group would be 0/0: no percentage. */
    assert_true(isnan(ho_rate_pct((struct ho_rate){ 0, f->d.groups[0].total })));
    compute(f, NULL, 0, HO_DIM_ALL, OPEN_FROM, OPEN_TO);
    assert_int_equal(f->d.n, 1);
    assert_int_equal(f->d.groups[0].total, 0);
}

static void
test_by_channel_a_journey_without_a_channel_is_in_none_listed_last(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, NULL, HO_STAGE_NURTURE, "bad_timing", "2026-03-02"),
        row(f->s, "webinar", NULL, HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-03"),
        row(f->s, "email", NULL, HO_STAGE_DISQUALIFIED, "bad_data", "2026-03-04"),
        row(f->s, "email", NULL, HO_STAGE_MQL, NULL, "2026-03-05"),
        row(f->s, "paid_search", NULL, HO_STAGE_MQL, NULL, "2026-03-05"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_CHANNEL, OPEN_FROM, OPEN_TO);
    /* email, webinar, (none); paid_search has no disposition and is left out. */
    assert_int_equal(f->d.n, 3);
    assert_string_equal(ho_strtab_str(f->s, f->d.groups[0].key), "email");
    assert_string_equal(ho_strtab_str(f->s, f->d.groups[1].key), "webinar");
    assert_string_equal(ho_strtab_str(f->s, f->d.groups[2].key), "(none)");
    assert_int_equal(group(f, "(none)")->total, 1);
    assert_string_equal(group(f, "(none)")->reasons[0].code, "bad_timing");
}

static void
test_by_rep_gives_each_rep_its_own_shares(void **state)
{
    struct fx *f = *state;
    struct ho_journey_row rows[] = {
        row(f->s, NULL, "sam", HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-02"),
        row(f->s, NULL, "sam", HO_STAGE_DISQUALIFIED, "not_icp", "2026-03-03"),
        row(f->s, NULL, "sam", HO_STAGE_NURTURE, "no_response", "2026-03-04"),
        row(f->s, NULL, "kim", HO_STAGE_NURTURE, "no_response", "2026-03-05"),
    };
    compute(f, rows, HO_ARRAY_LEN(rows), HO_DIM_REP, OPEN_FROM, OPEN_TO);
    const struct ho_disp_group *sam = group(f, "sam"), *kim = group(f, "kim");
    /* sam: not_icp 2/3, no_response 1/3; kim: no_response 1/1. */
    assert_int_equal(sam->total, 3);
    assert_string_equal(sam->reasons[0].code, "not_icp");
    assert_int_equal(sam->reasons[0].count, 2);
    assert_int_equal(kim->total, 1);
    assert_string_equal(kim->reasons[0].code, "no_response");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_rejected_and_nurtured_journeys_are_counted_by_reason_top_reason_first),
        T(test_categories_add_up_the_reasons_of_the_same_category),
        T(test_equal_counts_are_ordered_by_code_with_no_code_last),
        T(test_closed_lost_and_open_journeys_are_not_dispositions),
        T(test_unknown_and_missing_codes_are_uncategorized),
        T(test_expired_is_its_own_category_read_as_follow_up_capacity),
        T(test_each_standard_category_tells_marketing_where_to_look),
        T(test_a_category_of_the_definitions_own_has_no_standard_reading),
        T(test_shares_are_counts_over_all_dispositions_of_the_group),
        T(test_the_period_selects_by_closing_time_half_open),
        T(test_an_empty_period_keeps_one_all_group_with_nothing_to_share),
        T(test_by_channel_a_journey_without_a_channel_is_in_none_listed_last),
        T(test_by_rep_gives_each_rep_its_own_shares),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
