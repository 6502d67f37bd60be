/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_accounts.c - the `accounts` and `pql` sections of
 * the definitions (defs/defs_accounts.c): the published example loads with
 * its values, absent sections keep the defaults (3 contacts, score 100, 30
 * days; no PQL), and every problem is reported at its line:col with a fix.
 * Columns were counted by hand on the YAML lines quoted next to them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "core/defs.h"
#include "defs/defs_yaml.h"

#define HEAD       \
    "version: 1\n" \
    "stages: { mql: { min_score: 50 }, sql: { requires: sales_qualify } }\n"

struct loaded {
    struct ho_defs defs;
    struct ho_buf errors;
    ho_rc rc;
};

static void
load(struct loaded *l, const char *text)
{
    ho_buf_init(&l->errors);
    l->rc = ho_defs_load_yaml(text, strlen(text), "t.yaml", &l->defs, &l->errors, NULL);
}

static void
unload(struct loaded *l)
{
    ho_defs_release(&l->defs);
    ho_buf_release(&l->errors);
}

/* The problems contain each of want[] (in order, one per line). */
static void
expect_problems(const char *text, const char *const *want, size_t n)
{
    struct loaded l;
    load(&l, text);
    assert_int_equal(l.rc, HO_EPARSE);
    const char *p = ho_buf_cstr(&l.errors);
    for (size_t i = 0; i < n; i++) {
        const char *hit = strstr(p, want[i]);
        if (hit == NULL) {
            fail_msg("expected '%s' in:\n%s", want[i], ho_buf_cstr(&l.errors));
            break;
        }
        p = hit + strlen(want[i]);
    }
    unload(&l);
}

static void
test_example_has_the_accounts_and_pql_sections(void **state)
{
    (void)state;
    struct loaded l;
    ho_buf_init(&l.errors);
    l.rc = ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &l.defs, &l.errors, NULL);
    if (l.rc != HO_OK)
        fail_msg("example: %s", ho_buf_cstr(&l.errors));
    assert_int_equal(l.defs.accounts.engaged_contacts, 3);
    assert_true(l.defs.accounts.min_score == 100);
    assert_int_equal(l.defs.accounts.window_ms, 30 * HO_MS_PER_DAY);
    assert_int_equal(l.defs.pql.n_all, 2);
    assert_string_equal(l.defs.pql.all[0].event, "trial_signup");
    assert_int_equal(l.defs.pql.all[0].count, 1);
    assert_int_equal(l.defs.pql.all[0].n_where, 0);
    assert_string_equal(l.defs.pql.all[1].event, "product_usage");
    assert_int_equal(l.defs.pql.all[1].count, 2);
    assert_int_equal(l.defs.pql.all[1].n_where, 1);
    assert_string_equal(l.defs.pql.all[1].where[0].field, "action");
    /* Binding interns the event types and where fields. */
    struct ho_strtab *s = ho_strtab_new();
    ho_defs_bind(&l.defs, s);
    assert_string_equal(ho_strtab_str(s, l.defs.pql.all[1].event_id), "product_usage");
    assert_string_equal(ho_strtab_str(s, l.defs.pql.all[1].where[0].field_id), "action");
    ho_strtab_free(s);
    unload(&l);
}

static void
test_absent_sections_keep_the_defaults(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, HEAD "accounts: { min_score: 80.5 }\n");
    assert_int_equal(l.rc, HO_OK);
    assert_int_equal(l.defs.accounts.engaged_contacts, 3);
    assert_true(l.defs.accounts.min_score == 80.5);
    assert_int_equal(l.defs.accounts.window_ms, 30 * HO_MS_PER_DAY);
    assert_int_equal(l.defs.pql.n_all, 0);
    unload(&l);
    load(&l, HEAD);
    assert_int_equal(l.rc, HO_OK);
    assert_int_equal(l.defs.accounts.engaged_contacts, 3);
    assert_true(l.defs.accounts.min_score == 100);
    unload(&l);
}

static void
test_bad_accounts_values_are_reported_where_they_are(void **state)
{
    (void)state;
    /* line 3: "accounts: { engaged_contacts: 0, window: 0d, min_scor: 5 }"
     *          1234567890123456789012345678901234567890123456
     * engaged_contacts' value at col 31, window's at 42, min_scor at 46. */
    static const char *const want[] = { "t.yaml:3:31:", "t.yaml:3:42:", "t.yaml:3:46:",
                                        "min_score" };
    expect_problems(HEAD "accounts: { engaged_contacts: 0, window: 0d, min_scor: 5 }\n", want, 4);
}

static void
test_bad_pql_criteria_are_reported_where_they_are(void **state)
{
    (void)state;
    /* line 5: "    - { event: product_usage, count: 0 }"
     *          12345678901234567890123456789012345678: count's value at col 38.
     * line 6: "    - { evnt: trial_signup }": the criterion's '{' at col 7 misses
     * event; the unknown key at col 9 (did you mean event). */
    static const char *const want[] = { "t.yaml:5:38:", "t.yaml:6:7:", "missing 'event'",
                                        "t.yaml:6:9:", "did you mean 'event'" };
    expect_problems(HEAD "pql:\n"
                         "  all:\n"
                         "    - { event: product_usage, count: 0 }\n"
                         "    - { evnt: trial_signup }\n",
                    want, 5);
    /* line 3: "pql: { all: [] }": the list at col 13 */
    static const char *const empty[] = { "t.yaml:3:13:", "0 criteria" };
    expect_problems(HEAD "pql: { all: [] }\n", empty, 2);
    /* line 3: "pql: { any: [ { event: x } ] }": the mapping at col 6 misses all */
    static const char *const no_all[] = { "t.yaml:3:6:", "missing 'all'" };
    expect_problems(HEAD "pql: { any: [ { event: x } ] }\n", no_all, 2);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_has_the_accounts_and_pql_sections),
        cmocka_unit_test(test_absent_sections_keep_the_defaults),
        cmocka_unit_test(test_bad_accounts_values_are_reported_where_they_are),
        cmocka_unit_test(test_bad_pql_criteria_are_reported_where_they_are),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
