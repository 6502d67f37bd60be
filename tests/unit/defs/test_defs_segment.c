/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_segment.c - the `segment:` section of the
 * definitions: a good section loads with every entry in place (sorted for
 * lookup), the example file's section loads, an absent section is all
 * defaults, and every bad entry is reported once at its file:line:col.
 *
 * Every document below starts with BASE (4 lines: the segment key is line
 * 4), so the section's first line is 5.  Columns were counted by hand on
 * the quoted lines (1-based; a flow mapping's position is its '{'), e.g.
 *   `    "Demo Requested": fom_submit`
 *    4 spaces, the quoted key 5-20, ':' 21, the value starts at 23.
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
#include "core/segment_events.h"
#include "defs/defs_yaml.h"

#define BASE                     \
    "version: 1\n"               \
    "stages:\n"                  \
    "  mql: { min_score: 50 }\n" \
    "segment:\n"

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

/* Exactly one problem line, starting with prefix and mentioning what. */
static void
assert_one_problem(const char *text, const char *prefix, const char *what)
{
    struct loaded l;
    load_text(&l, text);
    assert_int_equal(l.rc, HO_EPARSE);
    const char *e = ho_buf_cstr(&l.errors);
    const char *nl = strchr(e, '\n');
    if (nl == NULL || nl[1] != '\0')
        fail_msg("expected one problem, got:\n%s", e);
    if (strncmp(e, prefix, strlen(prefix)) != 0 || strstr(e, what) == NULL)
        fail_msg("got '%s'; expected prefix '%s' with '%s'", e, prefix, what);
    unload(&l);
}

static const struct ho_segment_target *
target(const struct ho_segment_def *sg, const char *name)
{
    return ho_segment_track_target(sg, name, strlen(name));
}

/* ---- good input ---------------------------------------------------------------------- */

static void
test_a_full_section_loads_every_entry(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(BASE "  events:\n"
                      "    \"Pricing Viewed\": { type: page_view, props: { path: /pricing } }\n"
                      "    \"Demo Requested\": demo_request\n" /* line 7 */
                      "  builtin: false\n"
                      "  default: custom_activity\n"
                      "  page: web_visit\n"
                      "  screen: app_screen\n",
                 &l);
    const struct ho_segment_def *sg = &l.defs.segment;
    assert_int_equal(sg->pos.line, 5);
    assert_int_equal(sg->n_events, 2);
    /* Sorted by name for the lookup: "Demo..." before "Pricing...". */
    assert_string_equal(sg->events[0].name, "Demo Requested");
    assert_int_equal(sg->events[0].pos.line, 7);
    assert_int_equal(sg->events[0].pos.column, 5);
    assert_string_equal(sg->events[0].to.type, "demo_request");
    assert_int_equal(sg->events[0].to.n_props, 0);
    const struct ho_segment_target *t = target(sg, "Pricing Viewed");
    assert_non_null(t);
    assert_string_equal(t->type, "page_view");
    assert_int_equal(t->n_props, 1);
    assert_string_equal(t->props[0].from, "path");
    assert_string_equal(t->props[0].to, "/pricing");
    assert_true(sg->builtin_off);
    assert_null(target(sg, "Signed Up"));      /* builtin: false */
    assert_null(target(sg, "demo requested")); /* case-sensitive */
    assert_int_equal(sg->unmapped, HO_SEGMENT_TYPE);
    assert_string_equal(sg->unmapped_type, "custom_activity");
    assert_string_equal(ho_segment_page_type(sg, false), "web_visit");
    assert_string_equal(ho_segment_page_type(sg, true), "app_screen");
    unload(&l);
}

static void
test_section_events_win_over_the_builtin_table(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(BASE "  events: { \"Signed Up\": form_submit }\n"
                      "  default: reject\n"
                      "  page: web_visit\n",
                 &l);
    const struct ho_segment_def *sg = &l.defs.segment;
    assert_string_equal(target(sg, "Signed Up")->type, "form_submit");
    assert_string_equal(target(sg, "Trial Started")->type, "trial_signup"); /* built-in */
    assert_int_equal(sg->unmapped, HO_SEGMENT_REJECT);
    assert_string_equal(ho_segment_page_type(sg, true), "web_visit"); /* screen: as page */
    unload(&l);
}

static void
test_an_absent_section_is_the_defaults(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads("version: 1\nstages:\n  mql: { min_score: 50 }\n", &l);
    const struct ho_segment_def *sg = &l.defs.segment;
    assert_int_equal(sg->pos.line, 0);
    assert_int_equal(sg->n_events, 0);
    assert_int_equal(sg->unmapped, HO_SEGMENT_KEEP);
    const struct ho_segment_target *t = target(sg, "Demo Requested");
    assert_string_equal(t->type, "form_submit");
    assert_int_equal(t->n_props, 1);
    assert_string_equal(t->props[0].from, "form");
    assert_string_equal(t->props[0].to, "demo");
    assert_string_equal(target(NULL, "Invite Sent")->type, "product_usage");
    assert_null(target(NULL, "Tour Viewed"));
    assert_string_equal(ho_segment_page_type(NULL, true), "page_view");
    unload(&l);
}

static void
test_the_example_section_loads(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    ho_rc rc = ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &d, &errors, &diag);
    if (rc != HO_OK)
        fail_msg("example does not load:\n%s", ho_buf_cstr(&errors));
    assert_int_equal(d.segment.n_events, 2);
    const struct ho_segment_target *t = target(&d.segment, "Contact Sales Clicked");
    assert_string_equal(t->type, "form_submit");
    assert_string_equal(t->props[0].to, "demo");
    assert_string_equal(target(&d.segment, "Demo Requested")->type, "form_submit");
    ho_defs_release(&d);
    ho_buf_release(&errors);
}

/* ---- each mistake, located ----------------------------------------------------------- */

static void
test_a_type_typo_is_located_with_a_suggestion(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events:\n"
                            "    \"Demo Requested\": fom_submit\n",
                       "t.yaml:6:23: ", "did you mean 'form_submit'");
    /* A type the file's own rules read is not a typo of a standard one. */
    struct loaded l;
    assert_loads(BASE "  events: { \"X\": { type: form_submit } }\n", &l);
    unload(&l);
}

static void
test_an_unknown_target_key_gets_a_suggestion(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events:\n"
                            "    \"X\": { type: form_submit, prop: { a: b } }\n",
                       "t.yaml:6:31: ", "did you mean 'props'");
}

static void
test_a_target_needs_a_type(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events:\n"
                            "    \"X\": { props: { a: b } }\n",
                       "t.yaml:6:10: ", "missing 'type'");
}

static void
test_a_prop_key_has_no_spaces(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events:\n"
                            "    \"X\": { type: form_submit, props: { \"a b\": c } }\n",
                       "t.yaml:6:40: ", "a prop key has no spaces");
}

static void
test_at_most_eight_props_are_set(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events:\n"
                            "    \"X\": { type: form_submit, props: { a: 1, b: 2, c: 3, d: 4, "
                            "e: 5, f: 6, g: 7, h: 8, i: 9 } }\n",
                       "t.yaml:6:38: ", "sets 9 props; at most 8");
}

static void
test_an_event_name_given_twice_is_reported(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events:\n"
                            "    \"X\": form_submit\n"
                            "    \"X\": trial_signup\n",
                       "t.yaml:7:5: ", "'X'");
}

static void
test_events_must_be_a_mapping(void **state)
{
    (void)state;
    assert_one_problem(BASE "  events: [form_submit]\n", "t.yaml:5:11: ", "mapping");
}

static void
test_a_default_typo_is_located(void **state)
{
    (void)state;
    assert_one_problem(BASE "  default: rejct\n", "t.yaml:5:12: ", "did you mean 'reject'");
    assert_one_problem(BASE "  default: product_usag\n",
                       "t.yaml:5:12: ", "did you mean 'product_usage'");
}

static void
test_builtin_must_be_a_boolean(void **state)
{
    (void)state;
    assert_one_problem(BASE "  builtin: maybe\n", "t.yaml:5:12: ", "true");
}

static void
test_page_and_screen_types_are_checked(void **state)
{
    (void)state;
    assert_one_problem(BASE "  page: page_veiw\n", "t.yaml:5:9: ", "did you mean 'page_view'");
    assert_one_problem(BASE "  screen: \"a b\"\n", "t.yaml:5:11: ", "a b");
}

static void
test_an_unknown_section_key_gets_a_suggestion(void **state)
{
    (void)state;
    assert_one_problem(BASE "  evnts: { \"X\": form_submit }\n",
                       "t.yaml:5:3: ", "did you mean 'events'");
}

static void
test_the_section_must_be_a_mapping(void **state)
{
    (void)state;
    assert_one_problem("version: 1\nstages:\n  mql: { min_score: 50 }\nsegment: [events]\n",
                       "t.yaml:4:10: ", "mapping");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_full_section_loads_every_entry),
        cmocka_unit_test(test_section_events_win_over_the_builtin_table),
        cmocka_unit_test(test_an_absent_section_is_the_defaults),
        cmocka_unit_test(test_the_example_section_loads),
        cmocka_unit_test(test_a_type_typo_is_located_with_a_suggestion),
        cmocka_unit_test(test_an_unknown_target_key_gets_a_suggestion),
        cmocka_unit_test(test_a_target_needs_a_type),
        cmocka_unit_test(test_a_prop_key_has_no_spaces),
        cmocka_unit_test(test_at_most_eight_props_are_set),
        cmocka_unit_test(test_an_event_name_given_twice_is_reported),
        cmocka_unit_test(test_events_must_be_a_mapping),
        cmocka_unit_test(test_a_default_typo_is_located),
        cmocka_unit_test(test_builtin_must_be_a_boolean),
        cmocka_unit_test(test_page_and_screen_types_are_checked),
        cmocka_unit_test(test_an_unknown_section_key_gets_a_suggestion),
        cmocka_unit_test(test_the_section_must_be_a_mapping),
    };
    return cmocka_run_group_tests_name("defs_segment", tests, NULL, NULL);
}
