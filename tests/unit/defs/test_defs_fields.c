/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_fields.c - ho_defs_check_fields(): a field
 * name a rule reads that is not documented, declared under `fields:` or
 * mapped by `mapping: fields:` is reported with the closest known name
 * (issue 14 item 7).  Expected lines written by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "core/defs.h"
#include "defs/defs_yaml.h"

/* Load text (valid) and check its fields into out; the count. */
static size_t
check(const char *text, struct ho_buf *out)
{
    struct ho_defs d;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_defs_load_yaml(text, strlen(text), "t.yaml", &d, &errors, &diag), HO_OK);
    ho_buf_reset(out);
    size_t n = ho_defs_check_fields(&d, "t.yaml", out);
    ho_defs_release(&d);
    ho_buf_release(&errors);
    return n;
}

#define STAGES "stages: { mql: { min_score: 5 } }\n"

static void
test_a_typo_in_a_lead_field_is_reported_with_the_suggestion(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    assert_int_equal(check("version: 1\n" STAGES "fit:\n"
                           "  - { name: t, field: lead.titel, equals: CEO, points: 5 }\n",
                           &out),
                     1);
    assert_string_equal(
        ho_buf_cstr(&out),
        "t.yaml:4:23: unknown field 'lead.titel' in fit rule t — did you mean "
        "lead.title? (a name of your own: declare it, fields: { lead: [titel] })\n");
    ho_buf_release(&out);
}

static void
test_a_typo_in_an_event_property_is_reported_with_the_suggestion(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    assert_int_equal(
        check("version: 1\n" STAGES "behavior:\n"
              "  rules:\n"
              "    - { name: d, event: form_submit, where: { frm: demo }, points: 5 }\n",
              &out),
        1);
    assert_string_equal(ho_buf_cstr(&out),
                        "t.yaml:5:47: unknown event property 'frm' in the where: of behavior rule "
                        "d — did you mean form? (a name of your own: declare it, fields: { props: "
                        "[frm] })\n");
    ho_buf_release(&out);
}

static void
test_documented_declared_and_mapped_fields_pass(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    assert_int_equal(
        check("version: 1\n" STAGES "fields: { lead: [persona_x], props: [seat_count] }\n"
              "mapping: { fields: { \"ARR\": traits.arr_usd } }\n"
              "fit:\n"
              "  - { name: a, field: lead.title, equals: CEO, points: 5 }\n"
              "  - { name: b, field: account.is_competitor, equals: true, points: 1 }\n"
              "  - { name: c, field: lead.persona_x, equals: buyer, points: 5 }\n"
              "  - { name: e, field: account.arr_usd, gte: 1000, points: 5 }\n"
              "behavior:\n"
              "  rules:\n"
              "    - { name: p, event: page_view, where: { path_prefix: /p }, points: 1 }\n"
              "    - { name: s, event: x, where: { seat_count_gte: 5 }, points: 1 }\n",
              &out),
        0);
    assert_string_equal(ho_buf_cstr(&out), "");
    ho_buf_release(&out);
}

static void
test_a_name_far_from_every_known_one_gets_no_suggestion(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    assert_int_equal(check("version: 1\n" STAGES "disqualify:\n"
                           "  - { reason: r, field: account.zzqqxx, exists: true }\n",
                           &out),
                     1);
    assert_string_equal(ho_buf_cstr(&out),
                        "t.yaml:4:25: unknown field 'account.zzqqxx' in disqualifier r — no field "
                        "of that name is known (a name of your own: declare it, fields: { "
                        "account: [zzqqxx] })\n");
    ho_buf_release(&out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_typo_in_a_lead_field_is_reported_with_the_suggestion),
        cmocka_unit_test(test_a_typo_in_an_event_property_is_reported_with_the_suggestion),
        cmocka_unit_test(test_documented_declared_and_mapped_fields_pass),
        cmocka_unit_test(test_a_name_far_from_every_known_one_gets_no_suggestion),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
