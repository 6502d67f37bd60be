/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/app/test_app_defs_versions.c - the definitions versions use
 * cases (app/defs_versions.h) without a front door: a version stored before
 * the store numbered versions keeps its label, a changed text needs the
 * next number, sign-offs are bound to the hash, activation names what is
 * missing and records a force.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/app.h"
#include "app/defs_versions.h"
#include "base/buf.h"

static char db_path[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(db_path, sizeof(db_path), "/tmp/ho_test_app_defs_versions_%ld.db", (long)getpid());
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -f '%s'*", db_path);
    return system(cmd) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
    return setup(state);
}

static void
open_db(struct ho_app *app)
{
    struct ho_diag diag = { 0 };
    struct ho_app_open_opts o = { .db_path = db_path, .mode = HO_STORE_CREATE };
    assert_int_equal(ho_app_open(app, &o, &diag), HO_OK);
}

#define SALES_ONLY                       \
    "owners: { sales: { name: Lee } }\n" \
    "stages: { mql: { min_score: 50 } }\n"

static void
test_a_version_stored_before_numbering_keeps_its_label(void **state)
{
    (void)state;
    static const char text[] = "version: 3\n" SALES_ONLY;
    struct ho_app app;
    struct ho_diag diag = { 0 };
    int64_t id = 0;
    open_db(&app);
    /* The old way: stored as row 1 with the file's label 3, no hash. */
    assert_int_equal(ho_store_activate_defs(app.st, 3, text, strlen(text), true, 1000, &id, NULL),
                     HO_OK);
    assert_int_equal(id, 1);
    assert_int_equal(
        ho_app_activate_defs(&app, text, strlen(text), "old.yaml", true, 2000, NULL, &diag), HO_OK);
    assert_int_equal(app.defs_id, 1);
    assert_false(app.defs_changed);
    /* New content must take the next number, 2, whatever the old labels. */
    static const char next[] = "version: 4\n" SALES_ONLY "benchmarks: { min_journeys: 5 }\n";
    assert_int_equal(
        ho_app_activate_defs(&app, next, strlen(next), "new.yaml", true, 3000, NULL, &diag),
        HO_ECONFLICT);
    assert_string_equal(diag.where, "new.yaml");
    assert_int_equal(diag.line, 1);
    assert_non_null(strstr(diag.msg, "the next free number is 2"));
    struct ho_defs_history h;
    assert_int_equal(ho_app_defs_history(&app, &h, &diag), HO_OK);
    assert_int_equal(h.n, 1);
    assert_int_equal(strlen(h.items[0].hash), 64); /* computed from the stored text */
    assert_int_equal(h.items[0].n_spans, 1);
    assert_true(h.items[0].spans[0].forced);
    assert_int_equal(h.items[0].spans[0].from, 1000);
    ho_defs_history_release(&h);
    ho_app_close(&app);
}

static void
test_only_the_listed_owner_side_must_sign_and_a_force_is_recorded(void **state)
{
    (void)state;
    static const char text[] = "version: 1\n" SALES_ONLY;
    struct ho_app app;
    struct ho_diag diag = { 0 };
    struct ho_defs_stored st;
    open_db(&app);
    assert_int_equal(
        ho_app_defs_propose(&app, text, strlen(text), "v1.yaml", "Lee", 100, NULL, &st, &diag),
        HO_OK);
    assert_int_equal(st.number, 1);
    assert_int_equal(ho_app_defs_activate_number(&app, 1, false, NULL, 200, &diag), HO_ECONFLICT);
    assert_string_equal(diag.msg, "definitions version 1 is not signed by sales: handoff defs sign "
                                  "1 --as sales --by NAME (or --force, which is recorded)");
    /* A marketing sign-off does not stand in for sales. */
    assert_int_equal(ho_app_defs_sign(&app, 1, HO_SIDE_MARKETING, "Dana", NULL, 300, &diag), HO_OK);
    assert_int_equal(ho_app_defs_activate_number(&app, 1, false, NULL, 400, &diag), HO_ECONFLICT);
    assert_int_equal(ho_app_defs_activate_number(&app, 1, true, "admin", 500, &diag), HO_OK);
    assert_true(app.defs_changed);
    struct ho_defs_history h;
    assert_int_equal(ho_app_defs_history(&app, &h, &diag), HO_OK);
    assert_int_equal(h.items[0].n_spans, 1);
    assert_true(h.items[0].spans[0].forced);
    assert_string_equal(h.items[0].spans[0].missing, "sales");
    assert_string_equal(h.items[0].spans[0].by, "admin");
    ho_defs_history_release(&h);
    /* Signed by sales, version 1 needs no force: activating it again changes nothing. */
    assert_int_equal(ho_app_defs_sign(&app, 1, HO_SIDE_SALES, "Lee", NULL, 600, &diag), HO_OK);
    assert_int_equal(ho_app_defs_sign(&app, 1, HO_SIDE_SALES, "Kim", NULL, 700, &diag),
                     HO_ECONFLICT); /* already signed for sales */
    assert_int_equal(ho_app_defs_activate_number(&app, 1, false, NULL, 800, &diag), HO_OK);
    assert_false(app.defs_changed);
    ho_app_close(&app);
}

static void
test_a_sign_off_on_a_changed_copy_is_refused(void **state)
{
    (void)state;
    static const char text[] = "version: 1\n" SALES_ONLY;
    static const char changed[] = "version: 1\n"
                                  "owners: { sales: { name: Lee } }\n"
                                  "stages: { mql: { min_score: 51 } }\n";
    struct ho_app app;
    struct ho_diag diag = { 0 };
    struct ho_defs_stored st;
    open_db(&app);
    assert_int_equal(
        ho_app_defs_propose(&app, text, strlen(text), "v1.yaml", NULL, 100, NULL, &st, &diag),
        HO_OK);
    struct ho_defs_sign_check c = { "copy.yaml", changed, strlen(changed), NULL };
    assert_int_equal(ho_app_defs_sign(&app, 1, HO_SIDE_SALES, "Lee", &c, 200, &diag), HO_ECONFLICT);
    assert_non_null(strstr(diag.msg, "copy.yaml is not version 1: its content changed"));
    c.file_text = text;
    c.file_len = strlen(text);
    assert_int_equal(ho_app_defs_sign(&app, 1, HO_SIDE_SALES, "Lee", &c, 300, &diag), HO_OK);
    ho_app_close(&app);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_a_version_stored_before_numbering_keeps_its_label,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_only_the_listed_owner_side_must_sign_and_a_force_is_recorded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_sign_off_on_a_changed_copy_is_refused, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
