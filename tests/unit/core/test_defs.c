/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_defs.c - the definitions model: defaults, release,
 * binding to a string table and lookups.  Models are built by hand here, so
 * these tests do not depend on the YAML loader.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/defs.h"

static char **
strv1(const char *s)
{
    char **v = ho_xcalloc(1, sizeof(*v));
    v[0] = ho_xstrdup(s);
    return v;
}

static void
set_regex(struct ho_match *m, const char *pattern)
{
    m->op = HO_MATCH_REGEX;
    m->pattern = ho_xstrdup(pattern);
    m->re = ho_xmalloc(sizeof(*m->re));
    assert_int_equal(regcomp(m->re, pattern, REG_EXTENDED | REG_NOSUB | REG_ICASE), 0);
}

/* A small model owning one of everything that can be allocated. */
static void
build(struct ho_defs *d)
{
    ho_defs_init(d);
    d->marketing.name = ho_xstrdup("Dana");
    d->fit = ho_xcalloc(1, sizeof(*d->fit));
    d->n_fit = 1;
    d->fit[0].name = ho_xstrdup("senior_title");
    d->fit[0].match.scope = HO_SCOPE_LEAD;
    d->fit[0].match.field = ho_xstrdup("title");
    set_regex(&d->fit[0].match, "\\bVP\\b");

    d->behavior = ho_xcalloc(1, sizeof(*d->behavior));
    d->n_behavior = 1;
    d->behavior[0].name = ho_xstrdup("demo_request");
    d->behavior[0].event = ho_xstrdup("form_submit");
    d->behavior[0].where = ho_xcalloc(1, sizeof(*d->behavior[0].where));
    d->behavior[0].n_where = 1;
    d->behavior[0].where[0].scope = HO_SCOPE_EVENT;
    d->behavior[0].where[0].field = ho_xstrdup("form");
    d->behavior[0].where[0].values = strv1("demo");
    d->behavior[0].where[0].n_values = 1;

    d->disqualify = ho_xcalloc(1, sizeof(*d->disqualify));
    d->n_disqualify = 1;
    d->disqualify[0].reason = ho_xstrdup("student");
    d->disqualify[0].match.field = ho_xstrdup("email");
    set_regex(&d->disqualify[0].match, "\\.edu$");

    d->mql.or_any = ho_xcalloc(1, sizeof(*d->mql.or_any));
    d->mql.n_or_any = 1;
    d->mql.or_any[0].name = ho_xstrdup("all:demo_request");
    d->mql.or_any[0].rules = ho_xcalloc(1, sizeof(*d->mql.or_any[0].rules));
    d->mql.or_any[0].n_rules = 1;
    d->mql.or_any[0].rules[0].name = ho_xstrdup("demo_request");
    d->sql_requires = ho_xstrdup("sales_qualify");

    d->reasons = ho_xcalloc(2, sizeof(*d->reasons));
    d->n_reasons = 2;
    d->reasons[0].code = ho_xstrdup("not_icp");
    d->reasons[0].category = ho_xstrdup("bad_fit");
    d->reasons[1].code = ho_xstrdup("bad_timing");
    d->reasons[1].category = ho_xstrdup("bad_timing");
    d->reasons[1].outcome = HO_OUTCOME_NURTURE;

    d->channels = ho_xcalloc(1, sizeof(*d->channels));
    d->n_channels = 1;
    d->channels[0].name = ho_xstrdup("email");
    d->channels[0].utm_medium = strv1("email");
    d->channels[0].n_utm_medium = 1;
}

static void
test_init_sets_the_published_benchmarks_and_unsigned_owners(void **state)
{
    (void)state;
    struct ho_defs d;
    memset(&d, 0x5a, sizeof(d));
    ho_defs_init(&d);
    assert_true(d.bench.tier_broken == 5 && d.bench.tier_misaligned == 13);
    assert_true(d.bench.tier_average == 25 && d.bench.tier_good == 40);
    assert_true(d.bench.has_healthy[HO_TR_LEAD_MQL]);
    assert_true(d.bench.healthy_lo[HO_TR_LEAD_MQL] == 5 &&
                d.bench.healthy_hi[HO_TR_LEAD_MQL] == 20);
    assert_true(d.bench.healthy_lo[HO_TR_MQL_SQL] == 20 && d.bench.healthy_hi[HO_TR_MQL_SQL] == 40);
    assert_true(d.bench.healthy_lo[HO_TR_SQL_OPPORTUNITY] == 50 &&
                d.bench.healthy_hi[HO_TR_SQL_OPPORTUNITY] == 70);
    assert_true(d.bench.healthy_lo[HO_TR_OPPORTUNITY_CUSTOMER] == 20 &&
                d.bench.healthy_hi[HO_TR_OPPORTUNITY_CUSTOMER] == 30);
    assert_false(d.bench.has_healthy[HO_TR_MQL_SAL]);
    assert_false(d.bench.has_healthy[HO_TR_SAL_SQL]);
    assert_int_equal(d.marketing.signed_days, -1);
    assert_int_equal(d.sales.signed_days, -1);
    assert_null(d.marketing.name);
    assert_int_equal(d.n_fit + d.n_behavior + d.n_disqualify + d.n_reasons + d.n_channels, 0);
    assert_null(d.sql_requires);
    assert_int_equal(d.half_life_ms, 0);
    ho_defs_release(&d);
}

static void
test_release_frees_everything_and_leaves_an_initialised_model(void **state)
{
    (void)state;
    struct ho_defs d, fresh;
    build(&d);
    ho_defs_release(&d); /* ASan/valgrind report anything left behind */
    ho_defs_init(&fresh);
    assert_memory_equal(&d, &fresh, sizeof(d));
    ho_defs_release(&d); /* idempotent */
    assert_memory_equal(&d, &fresh, sizeof(d));
}

static void
test_release_tolerates_partially_filled_elements(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    d.fit = ho_xcalloc(3, sizeof(*d.fit)); /* a loader may stop half-way */
    d.n_fit = 3;
    d.fit[1].match.op = HO_MATCH_REGEX; /* regex that failed to compile: re is NULL */
    d.behavior = ho_xcalloc(2, sizeof(*d.behavior));
    d.n_behavior = 2;
    ho_defs_release(&d);
    assert_null(d.fit);
    assert_int_equal(d.n_fit, 0);
}

static void
test_transition_names_are_the_benchmark_keys(void **state)
{
    (void)state;
    static const char *const want[HO_TR__COUNT] = { "lead_mql",        "mql_sal",
                                                    "sal_sql",         "mql_sql",
                                                    "sql_opportunity", "opportunity_customer",
                                                    "sql_meeting",     "meeting_opportunity" };
    for (int t = 0; t < HO_TR__COUNT; t++)
        assert_string_equal(ho_transition_name((enum ho_transition)t), want[t]);
    assert_null(ho_transition_name(HO_TR__COUNT));
}

static void
test_a_version_is_signed_only_when_both_owners_signed(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_false(ho_defs_is_signed(&d));
    d.marketing.signed_days = 20458;
    assert_false(ho_defs_is_signed(&d));
    d.sales.signed_days = 0; /* 1970-01-01 is a date like any other */
    assert_true(ho_defs_is_signed(&d));
    d.marketing.signed_days = -1;
    assert_false(ho_defs_is_signed(&d));
}

static void
test_reason_lookup_finds_codes_and_returns_null_when_absent(void **state)
{
    (void)state;
    struct ho_defs d;
    build(&d);
    const struct ho_reason *r = ho_defs_reason(&d, "bad_timing");
    assert_non_null(r);
    assert_ptr_equal(r, &d.reasons[1]);
    assert_int_equal(r->outcome, HO_OUTCOME_NURTURE);
    assert_null(ho_defs_reason(&d, "Bad_Timing")); /* codes are exact */
    assert_null(ho_defs_reason(&d, "nope"));
    assert_null(ho_defs_reason(&d, NULL));
    ho_defs_release(&d);
}

static void
test_bind_interns_fields_event_types_and_reason_codes(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_strtab *t = ho_strtab_new();
    uint32_t pre = ho_strtab_intern(t, "form_submit", 11); /* already in the log */
    build(&d);
    ho_defs_bind(&d, t);
    assert_int_equal(d.behavior[0].event_id, pre);
    assert_int_equal(d.fit[0].match.field_id, ho_strtab_find(t, "title", 5));
    assert_int_equal(d.disqualify[0].match.field_id, ho_strtab_find(t, "email", 5));
    assert_int_equal(d.behavior[0].where[0].field_id, ho_strtab_find(t, "form", 4));
    assert_int_equal(d.reasons[0].code_id, ho_strtab_find(t, "not_icp", 7));
    assert_int_equal(d.reasons[1].code_id, ho_strtab_find(t, "bad_timing", 10));
    assert_int_not_equal(d.fit[0].match.field_id, 0);
    assert_int_not_equal(d.reasons[0].code_id, d.reasons[1].code_id);
    ho_defs_release(&d);
    ho_strtab_free(t);
}

static void
test_bind_is_idempotent(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_strtab *t = ho_strtab_new();
    build(&d);
    ho_defs_bind(&d, t);
    uint32_t n = ho_strtab_count(t), field = d.fit[0].match.field_id;
    ho_defs_bind(&d, t);
    assert_int_equal(ho_strtab_count(t), n);
    assert_int_equal(d.fit[0].match.field_id, field);
    ho_defs_release(&d);
    ho_strtab_free(t);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_sets_the_published_benchmarks_and_unsigned_owners),
        cmocka_unit_test(test_release_frees_everything_and_leaves_an_initialised_model),
        cmocka_unit_test(test_release_tolerates_partially_filled_elements),
        cmocka_unit_test(test_transition_names_are_the_benchmark_keys),
        cmocka_unit_test(test_a_version_is_signed_only_when_both_owners_signed),
        cmocka_unit_test(test_reason_lookup_finds_codes_and_returns_null_when_absent),
        cmocka_unit_test(test_bind_interns_fields_event_types_and_reason_codes),
        cmocka_unit_test(test_bind_is_idempotent),
    };
    return cmocka_run_group_tests_name("core_defs", tests, NULL, NULL);
}
