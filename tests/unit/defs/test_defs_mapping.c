/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_mapping.c - the `mapping:` section of the
 * definitions: the published example's mapping loads with every pair in
 * place, and every bad entry is reported once at its file:line:col with a
 * fix.
 *
 * Every document below starts with BASE (10 lines: the mapping key is line
 * 10), so a mapping's first entry line is 11.  Columns were counted by hand
 * on the quoted lines (1-based; a flow mapping's position is its '{'), e.g.
 *   `    "Nurture": { event: nurture, reason: timing }`
 *    4 spaces, "Nurture" 5-13, ':' 14, '{' 16, event 18-22, nurture 25-31,
 *    reason 34-39, timing starts at 42.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs.h"
#include "core/mapping.h"
#include "defs/defs_yaml.h"

#define BASE                                                     \
    "version: 1\n"                                               \
    "stages:\n"                                                  \
    "  mql: { min_score: 50 }\n"                                 \
    "reasons:\n"                                                 \
    "  not_icp: { category: bad_fit, outcome: disqualified }\n"  \
    "  bad_timing: { category: bad_timing, outcome: nurture }\n" \
    "channels:\n"                                                \
    "  paid_search: { utm_medium: [cpc] }\n"                     \
    "  event: { utm_medium: [event] }\n"                         \
    "mapping:\n"

struct loaded {
    struct ho_defs defs;
    struct ho_buf errors;
    struct ho_diag diag;
    ho_rc rc;
};

static void
load_text(struct loaded *l, const char *text)
{
    ho_buf_init(&l->errors);
    ho_diag_clear(&l->diag);
    l->rc = ho_defs_load_yaml(text, strlen(text), "t.yaml", &l->defs, &l->errors, &l->diag);
}

static void
unload(struct loaded *l)
{
    ho_defs_release(&l->defs);
    ho_buf_release(&l->errors);
}

static void
assert_loads(const char *text, struct loaded *l)
{
    load_text(l, text);
    if (l->rc != HO_OK)
        fail_msg("expected to load, got:\n%s", ho_buf_cstr(&l->errors));
}

/* Exactly one problem line, starting with prefix and mentioning what (and
 * also, unless it is NULL). */
static void
assert_one_problem(const char *text, const char *prefix, const char *what, const char *also)
{
    struct loaded l;
    load_text(&l, text);
    assert_int_equal(l.rc, HO_EPARSE);
    const char *e = ho_buf_cstr(&l.errors);
    const char *nl = strchr(e, '\n');
    if (nl == NULL || nl[1] != '\0')
        fail_msg("expected one problem, got:\n%s", e);
    if (strncmp(e, prefix, strlen(prefix)) != 0 || strstr(e, what) == NULL ||
        (also != NULL && strstr(e, also) == NULL))
        fail_msg("got '%s'; expected prefix '%s' with '%s'%s%s", e, prefix, what,
                 also ? " and " : "", also ? also : "");
    unload(&l);
}

/* ---- good input ---------------------------------------------------------------------- */

static void
test_example_mapping_loads_every_pair(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    ho_rc rc = ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &d, &errors, &diag);
    if (rc != HO_OK)
        fail_msg("example does not load:\n%s", ho_buf_cstr(&errors));
    const struct ho_mapping *m = &d.mapping;
    assert_int_equal(m->n_fields, 2);
    assert_int_equal(m->n_statuses, 3);
    assert_int_equal(m->n_sources, 2);
    assert_int_equal(m->n_lifecycle, 1);
    assert_string_equal(ho_mapping_field(m, "Annual Revenue"), "traits.revenue");
    assert_string_equal(ho_mapping_field(m, "number of employees"), "traits.employees");
    const struct ho_map_status *s = ho_mapping_status(m, "Unqualified - Bad Fit");
    assert_non_null(s);
    assert_string_equal(s->event, "sales_reject");
    assert_string_equal(s->reason, "not_icp");
    s = ho_mapping_status(m, "attempted to contact");
    assert_non_null(s);
    assert_string_equal(s->event, "contact_attempt");
    assert_null(s->reason);
    assert_string_equal(ho_mapping_source(m, "offline"), "event");
    assert_string_equal(ho_mapping_stage(m, "1452450030"), "sal");
    ho_defs_release(&d);
    ho_buf_release(&errors);
}

static void
test_mapping_pairs_keep_their_key_positions(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(BASE "  fields:\n"
                      "    \"Annual Revenue\": traits.revenue\n" /* line 12 */
                      "    hs_deal_notes: props.notes\n"
                      "  status:\n"
                      "    Nurture: { event: nurture, reason: bad_timing }\n" /* line 15 */
                      "    Disqualified: { event: disqualify }\n"
                      "  sources:\n"
                      "    \"Paid search\": paid_search\n"
                      "    Web: other\n"
                      "  lifecycle:\n"
                      "    subscriber: lead\n",
                 &l);
    const struct ho_mapping *m = &l.defs.mapping;
    assert_int_equal(m->pos.line, 11);
    assert_int_equal(m->n_fields, 2);
    assert_int_equal(m->fields[0].pos.line, 12);
    assert_int_equal(m->fields[0].pos.column, 5);
    assert_string_equal(m->fields[1].to, "props.notes");
    assert_int_equal(m->n_statuses, 2);
    assert_int_equal(m->statuses[0].pos.line, 15);
    assert_string_equal(m->statuses[0].reason, "bad_timing");
    assert_null(m->statuses[1].reason); /* a reason is optional on disqualify */
    assert_string_equal(ho_mapping_source(m, "PAID SEARCH"), "paid_search");
    assert_string_equal(ho_mapping_source(m, "web"), "other"); /* other is always a channel */
    assert_string_equal(ho_mapping_stage(m, "Subscriber"), "lead");
    unload(&l);
}

static void
test_without_channels_any_channel_name_is_accepted(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads("version: 1\n"
                 "stages: { mql: { min_score: 50 } }\n"
                 "mapping:\n"
                 "  sources: { OFFLINE: trade_show }\n",
                 &l);
    assert_string_equal(ho_mapping_source(&l.defs.mapping, "Offline"), "trade_show");
    unload(&l);
}

static void
test_a_file_without_mapping_has_an_empty_one(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads("version: 1\nstages: { mql: { min_score: 50 } }\n", &l);
    assert_int_equal(l.defs.mapping.pos.line, 0);
    assert_null(ho_mapping_field(&l.defs.mapping, "Email"));
    unload(&l);
}

/* ---- bad input: one located problem each ------------------------------------------------ */

static void
test_reason_off_the_closed_list_is_located_at_the_reason(void **state)
{
    (void)state;
    assert_one_problem(BASE "  status:\n"
                            "    \"Nurture\": { event: nurture, reason: timing }\n",
                       "t.yaml:12:42: ", "reason 'timing', which is not under reasons", NULL);
}

static void
test_reason_with_a_typo_gets_a_suggestion(void **state)
{
    (void)state;
    /* `    Bad: { event: sales_reject, reason: not_ipc }`: Bad 5-7, '{' 10, event 12-16,
     * sales_reject 19-30, reason 33-38, the value at 41 */
    assert_one_problem(BASE "  status:\n"
                            "    Bad: { event: sales_reject, reason: not_ipc }\n",
                       "t.yaml:12:41: ", "not under reasons", "did you mean 'not_icp'?");
}

static void
test_reason_without_any_reasons_section_says_to_add_one(void **state)
{
    (void)state;
    /* line 5: `    Nurture: { event: nurture, reason: bad_timing }`: Nurture 5-11, '{' 14,
     * event 16-20, nurture 23-29, reason 32-37, the value at 40 */
    assert_one_problem("version: 1\n"
                       "stages: { mql: { min_score: 50 } }\n"
                       "mapping:\n"
                       "  status:\n"
                       "    Nurture: { event: nurture, reason: bad_timing }\n",
                       "t.yaml:5:40: ", "the file has no reasons", "add reasons:");
}

static void
test_unknown_event_type_is_located_with_a_suggestion(void **state)
{
    (void)state;
    /* `    Nurture: { event: nurtur }`: the value starts at 23 */
    assert_one_problem(BASE "  status:\n"
                            "    Nurture: { event: nurtur }\n",
                       "t.yaml:12:23: ", "unknown event 'nurtur'", "did you mean 'nurture'?");
}

static void
test_a_rejection_needs_a_reason(void **state)
{
    (void)state;
    /* `    Bad: { event: sales_reject }`: the mapping's '{' is at 10 */
    assert_one_problem(BASE "  status:\n"
                            "    Bad: { event: sales_reject }\n",
                       "t.yaml:12:10: ", "needs a reason from the closed list", NULL);
}

static void
test_a_reason_on_an_event_without_one_is_refused(void **state)
{
    (void)state;
    /* `    Working: { event: contact_attempt, reason: not_icp }`: the reason key at 40 */
    assert_one_problem(BASE "  status:\n"
                            "    Working: { event: contact_attempt, reason: not_icp }\n",
                       "t.yaml:12:40: ", "contact_attempt takes no reason", NULL);
}

static void
test_a_status_without_event_is_refused(void **state)
{
    (void)state;
    assert_one_problem(BASE "  status:\n"
                            "    Working: { reason: not_icp }\n",
                       "t.yaml:12:14: ", "missing 'event'", NULL);
}

static void
test_keys_equal_without_case_and_spaces_are_duplicates(void **state)
{
    (void)state;
    assert_one_problem(BASE "  fields:\n"
                            "    \"Annual Revenue\": traits.revenue\n"
                            "    \"annual revenue \": traits.arr\n",
                       "t.yaml:13:5: ", "same CRM value as 'Annual Revenue' (line 12)", NULL);
}

static void
test_byte_equal_keys_are_reported_once(void **state)
{
    (void)state;
    assert_one_problem(BASE "  status:\n"
                            "    Nurture: { event: nurture }\n"
                            "    Nurture: { event: nurture, reason: bad_timing }\n",
                       "t.yaml:13:5: ", "duplicate key 'Nurture' (first at line 12)", NULL);
}

static void
test_a_field_target_must_be_a_trait_or_a_prop(void **state)
{
    (void)state;
    /* `    Revenue: revenue`: the value at 14 */
    assert_one_problem(BASE "  fields:\n"
                            "    Revenue: revenue\n",
                       "t.yaml:12:14: ", "write traits.NAME", NULL);
    assert_one_problem(BASE "  fields:\n"
                            "    Revenue: traits.\n",
                       "t.yaml:12:14: ", "write traits.NAME", NULL);
    assert_one_problem(BASE "  fields:\n"
                            "    Revenue: \"traits.annual revenue\"\n",
                       "t.yaml:12:14: ", "write traits.NAME", NULL);
}

static void
test_a_source_must_map_to_a_listed_channel(void **state)
{
    (void)state;
    /* `    OFFLINE: events`: the value at 14 */
    assert_one_problem(BASE "  sources:\n"
                            "    OFFLINE: events\n",
                       "t.yaml:12:14: ", "channel 'events', which is not under channels",
                       "did you mean 'event'?");
}

static void
test_a_lifecycle_value_must_map_to_a_stage(void **state)
{
    (void)state;
    /* `    "1452450030": qualified`: the value at 19 */
    assert_one_problem(BASE "  lifecycle:\n"
                            "    \"1452450030\": qualified\n",
                       "t.yaml:12:19: ", "write a stage: lead, mql, sal, sql, opportunity", NULL);
    /* An outcome is not a lifecycle stage. */
    assert_one_problem(BASE "  lifecycle:\n"
                            "    other: nurture\n",
                       "t.yaml:12:12: ", "write a stage", NULL);
}

static void
test_a_blank_key_is_refused(void **state)
{
    (void)state;
    assert_one_problem(BASE "  fields:\n"
                            "    \"  \": traits.x\n",
                       "t.yaml:12:5: ", "only spaces", NULL);
}

static void
test_unknown_subsection_gets_a_suggestion(void **state)
{
    (void)state;
    assert_one_problem(BASE "  statuses: { Nurture: { event: nurture } }\n",
                       "t.yaml:11:3: ", "unknown key 'statuses' in mapping",
                       "did you mean 'status'?");
}

static void
test_subsections_must_be_mappings(void **state)
{
    (void)state;
    assert_one_problem(BASE "  fields: [traits.revenue]\n",
                       "t.yaml:11:11: ", "'fields' must be a mapping", NULL);
    /* `  status: { Nurture: nurture }`: status 3-8, '{' 11, Nurture 13-19, the value at 22 */
    assert_one_problem(BASE "  status: { Nurture: nurture }\n",
                       "t.yaml:11:22: ", "a status mapping must be a mapping", NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_mapping_loads_every_pair),
        cmocka_unit_test(test_mapping_pairs_keep_their_key_positions),
        cmocka_unit_test(test_without_channels_any_channel_name_is_accepted),
        cmocka_unit_test(test_a_file_without_mapping_has_an_empty_one),
        cmocka_unit_test(test_reason_off_the_closed_list_is_located_at_the_reason),
        cmocka_unit_test(test_reason_with_a_typo_gets_a_suggestion),
        cmocka_unit_test(test_reason_without_any_reasons_section_says_to_add_one),
        cmocka_unit_test(test_unknown_event_type_is_located_with_a_suggestion),
        cmocka_unit_test(test_a_rejection_needs_a_reason),
        cmocka_unit_test(test_a_reason_on_an_event_without_one_is_refused),
        cmocka_unit_test(test_a_status_without_event_is_refused),
        cmocka_unit_test(test_keys_equal_without_case_and_spaces_are_duplicates),
        cmocka_unit_test(test_byte_equal_keys_are_reported_once),
        cmocka_unit_test(test_a_field_target_must_be_a_trait_or_a_prop),
        cmocka_unit_test(test_a_source_must_map_to_a_listed_channel),
        cmocka_unit_test(test_a_lifecycle_value_must_map_to_a_stage),
        cmocka_unit_test(test_a_blank_key_is_refused),
        cmocka_unit_test(test_unknown_subsection_gets_a_suggestion),
        cmocka_unit_test(test_subsections_must_be_mappings),
    };
    return cmocka_run_group_tests_name("defs_mapping", tests, NULL, NULL);
}
