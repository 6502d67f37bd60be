/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_mapping.c - lookups in the CRM import mapping: keys
 * match trimmed and without case (inner spaces count), a missing key or a
 * NULL mapping finds nothing, and each lookup reads its own table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/defs.h"
#include "core/mapping.h"

/* Tables built by hand (borrowed literals; never released). */
static struct ho_map_pair fields[] = {
    { (char *)"Annual Revenue", (char *)"traits.revenue", { 1, 1 } },
    { (char *)"hs_lead_score", (char *)"props.score", { 2, 1 } },
};
static struct ho_map_status statuses[] = {
    { (char *)"Unqualified - Bad Fit", (char *)"sales_reject", (char *)"not_icp", { 3, 1 } },
    { (char *)"Nurture", (char *)"nurture", NULL, { 4, 1 } },
};
static struct ho_map_pair sources[] = {
    { (char *)"OFFLINE", (char *)"event", { 5, 1 } },
};
static struct ho_map_pair lifecycle[] = {
    { (char *)"1452450030", (char *)"sal", { 6, 1 } },
    { (char *)"Subscriber", (char *)"lead", { 7, 1 } },
};

static struct ho_mapping
table(void)
{
    struct ho_mapping m = { fields, 2, statuses, 2, sources, 1, lifecycle, 2, { 1, 1 } };
    return m;
}

static void
test_field_lookup_ignores_case_and_surrounding_spaces(void **state)
{
    (void)state;
    struct ho_mapping m = table();
    assert_string_equal(ho_mapping_field(&m, "Annual Revenue"), "traits.revenue");
    assert_string_equal(ho_mapping_field(&m, "annual revenue"), "traits.revenue");
    assert_string_equal(ho_mapping_field(&m, "  ANNUAL REVENUE\t"), "traits.revenue");
    assert_string_equal(ho_mapping_field(&m, "HS_LEAD_SCORE"), "props.score");
}

static void
test_inner_spaces_and_other_characters_count(void **state)
{
    (void)state;
    struct ho_mapping m = table();
    assert_null(ho_mapping_field(&m, "AnnualRevenue"));
    assert_null(ho_mapping_field(&m, "Annual  Revenue"));
    assert_null(ho_mapping_field(&m, "Annual Revenue (USD)"));
    assert_null(ho_mapping_field(&m, ""));
}

static void
test_status_lookup_returns_event_and_reason(void **state)
{
    (void)state;
    struct ho_mapping m = table();
    const struct ho_map_status *s = ho_mapping_status(&m, "unqualified - bad fit ");
    assert_non_null(s);
    assert_string_equal(s->event, "sales_reject");
    assert_string_equal(s->reason, "not_icp");
    s = ho_mapping_status(&m, "NURTURE");
    assert_non_null(s);
    assert_string_equal(s->event, "nurture");
    assert_null(s->reason);
    assert_null(ho_mapping_status(&m, "Unqualified"));
}

static void
test_source_and_stage_lookups_read_their_own_tables(void **state)
{
    (void)state;
    struct ho_mapping m = table();
    assert_string_equal(ho_mapping_source(&m, "Offline"), "event");
    assert_null(ho_mapping_source(&m, "1452450030")); /* a lifecycle key, not a source */
    assert_string_equal(ho_mapping_stage(&m, " 1452450030 "), "sal");
    assert_string_equal(ho_mapping_stage(&m, "subscriber"), "lead");
    assert_null(ho_mapping_stage(&m, "OFFLINE"));
    assert_null(ho_mapping_field(&m, "Nurture")); /* a status, not a field */
}

static void
test_null_mapping_or_value_finds_nothing(void **state)
{
    (void)state;
    struct ho_mapping m = table();
    struct ho_mapping empty;
    memset(&empty, 0, sizeof(empty));
    assert_null(ho_mapping_field(NULL, "Annual Revenue"));
    assert_null(ho_mapping_status(NULL, "Nurture"));
    assert_null(ho_mapping_source(NULL, "OFFLINE"));
    assert_null(ho_mapping_stage(NULL, "Subscriber"));
    assert_null(ho_mapping_field(&m, NULL));
    assert_null(ho_mapping_status(&m, NULL));
    assert_null(ho_mapping_source(&m, NULL));
    assert_null(ho_mapping_stage(&m, NULL));
    assert_null(ho_mapping_field(&empty, "Annual Revenue"));
}

static void
test_key_compare_orders_like_strcmp_on_folded_trimmed_keys(void **state)
{
    (void)state;
    assert_int_equal(ho_mapping_key_cmp(" Nurture", "nurture\r\n"), 0);
    assert_true(ho_mapping_key_cmp("a", "B") < 0); /* 'a' < 'b' after folding */
    assert_true(ho_mapping_key_cmp("B", "a") > 0);
    assert_true(ho_mapping_key_cmp("Lead", "Lead Status") < 0); /* a prefix sorts first */
    assert_true(ho_mapping_key_cmp("Lead Status ", "Lead") > 0);
    assert_true(ho_mapping_key_blank(" \t "));
    assert_true(ho_mapping_key_blank(""));
    assert_false(ho_mapping_key_blank(" x "));
}

static void
test_release_empties_an_owned_mapping(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d);
    assert_int_equal(d.mapping.n_fields, 0);
    assert_null(d.mapping.fields);
    ho_mapping_release(&d.mapping); /* an empty mapping releases cleanly */
    assert_int_equal(d.mapping.pos.line, 0);
    ho_defs_release(&d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_lookup_ignores_case_and_surrounding_spaces),
        cmocka_unit_test(test_inner_spaces_and_other_characters_count),
        cmocka_unit_test(test_status_lookup_returns_event_and_reason),
        cmocka_unit_test(test_source_and_stage_lookups_read_their_own_tables),
        cmocka_unit_test(test_null_mapping_or_value_finds_nothing),
        cmocka_unit_test(test_key_compare_orders_like_strcmp_on_folded_trimmed_keys),
        cmocka_unit_test(test_release_empties_an_owned_mapping),
    };
    return cmocka_run_group_tests_name("mapping", tests, NULL, NULL);
}
