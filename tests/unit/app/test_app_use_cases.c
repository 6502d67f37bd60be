/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/app/test_app_use_cases.c - the app layer's use cases without a
 * front door: the definitions policy (both owners' sign-off, or forced),
 * importing a buffer (what HTTP ingest will do), a sales action, explain,
 * the lead list (what GET /v1/leads will call).
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
#include "app/import.h"
#include "app/lead.h"
#include "app/leads.h"
#include "base/buf.h"
#include "defs/defs_yaml.h"

static char db_path[256];

static int
setup(void **state)
{
    (void)state;
    snprintf(db_path, sizeof(db_path), "/tmp/ho_test_app_use_cases_%ld.db", (long)getpid());
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
open_db(struct ho_app *app, enum ho_store_mode mode)
{
    struct ho_diag diag = { 0 };
    struct ho_app_open_opts o = { .db_path = db_path, .mode = mode };
    assert_int_equal(ho_app_open(app, &o, &diag), HO_OK);
}

/* The example definitions without the sales owner's sign-off. */
static void
unsigned_defs(struct ho_buf *out)
{
    static const char cut[] = ",      signed: 2026-01-06 }";
    const char *text = ho_example_definitions;
    const char *at = strstr(text, cut);
    assert_non_null(at);
    ho_buf_add(out, text, (size_t)(at - text));
    ho_buf_adds(out, " }");
    ho_buf_adds(out, at + strlen(cut));
}

static void
test_unsigned_definitions_are_refused_unless_forced(void **state)
{
    (void)state;
    struct ho_app app;
    struct ho_diag diag = { 0 };
    struct ho_buf text = HO_BUF_INIT;
    unsigned_defs(&text);
    open_db(&app, HO_STORE_CREATE);
    assert_int_equal(ho_app_activate_defs(&app, ho_buf_cstr(&text), text.len, "u.yaml", false, 1000,
                                          NULL, &diag),
                     HO_ECONFLICT);
    /* The message names the side that is missing (issue 14), not "both". */
    assert_string_equal(diag.msg, "u.yaml: definitions version 1 is not signed by sales "
                                  "(owners.sales.signed in the file, or handoff defs sign 1 --as "
                                  "sales --by NAME); sign it or pass --force");
    assert_false(ho_app_defs_may_activate(&app.defs, false));
    assert_true(ho_app_defs_may_activate(&app.defs, true));
    ho_app_close(&app);
    /* nothing was activated */
    open_db(&app, HO_STORE_READ_WRITE);
    assert_int_equal(ho_app_load_active_defs(&app, NULL, &diag), HO_ENOTFOUND);
    assert_int_equal(
        ho_app_activate_defs(&app, ho_buf_cstr(&text), text.len, "u.yaml", true, 1000, NULL, &diag),
        HO_OK);
    assert_true(app.defs_changed);
    ho_app_close(&app);
    open_db(&app, HO_STORE_READ_ONLY);
    assert_int_equal(ho_app_load_active_defs(&app, NULL, &diag), HO_OK);
    assert_true(app.have_defs);
    ho_app_close(&app);
    ho_buf_release(&text);
}

struct seen {
    size_t rejects, conflicts;
};

static ho_rc
count_reject(void *ctx, const char *source, uint64_t line, const struct ho_diag *why)
{
    (void)why;
    struct seen *s = ctx;
    assert_string_equal(source, "(body)");
    assert_int_equal(line, 3);
    s->rejects++;
    return HO_OK;
}

static ho_rc
count_conflict(void *ctx, const char *source, uint64_t line, const struct ho_eventlog *kept_log,
               const struct ho_event *kept, const struct ho_eventlog *new_log,
               const struct ho_event *refused, struct ho_diag *diag)
{
    (void)source, (void)kept_log, (void)kept, (void)new_log, (void)refused, (void)diag;
    struct seen *s = ctx;
    assert_int_equal(line, 4);
    s->conflicts++;
    return HO_OK;
}

/* Lines: 1 and 2 good, 3 without a type (rejected), 4 the id of line 1 with
 * another time (a conflict, line 1 kept), 5 line 2 again (a duplicate). */
static const char body[] =
    "{\"id\":\"e1\",\"ts\":\"2026-03-02T10:00:00Z\",\"type\":\"identify\",\"lead\":\"ana@acme.io\"}"
    "\n"
    "{\"id\":\"e2\",\"ts\":\"2026-03-02T10:05:00Z\",\"type\":\"page_view\",\"lead\":\"ana@acme."
    "io\","
    "\"props\":{\"path\":\"/pricing\"}}\n"
    "{\"id\":\"e3\",\"ts\":\"2026-03-02T10:06:00Z\",\"lead\":\"ana@acme.io\"}\n"
    "{\"id\":\"e1\",\"ts\":\"2026-03-02T11:00:00Z\",\"type\":\"identify\",\"lead\":\"ana@acme.io\"}"
    "\n"
    "{\"id\":\"e2\",\"ts\":\"2026-03-02T10:05:00Z\",\"type\":\"page_view\",\"lead\":\"ana@acme."
    "io\","
    "\"props\":{\"path\":\"/pricing\"}}\n";

static void
import_body(struct ho_app *app, struct seen *s)
{
    struct ho_diag diag = { 0 };
    struct ho_app_import_hooks hooks = { .ctx = s,
                                         .reject = count_reject,
                                         .conflict = count_conflict };
    struct ho_app_import im;
    struct ho_commit_stats cs;
    ho_app_import_begin(&im, app, &hooks, 8);
    assert_int_equal(
        ho_app_import_buffer(&im, "(body)", body, sizeof(body) - 1, HO_INGEST_JSONL, &diag), HO_OK);
    assert_int_equal(ho_app_import_commit(&im, &cs, &diag), HO_OK);
    assert_int_equal(im.added, 2);
    assert_int_equal(im.rejected, 1);
    assert_int_equal(im.duplicates, 2); /* lines 4 and 5 */
    assert_int_equal(im.conflicts, 1);  /* line 4 */
    assert_int_equal(cs.events, 2);
    assert_int_equal(cs.leads, 1);
}

/* The lead list through its options struct, as a front door calls it. */
static void
list_leads(struct ho_app *app)
{
    struct ho_diag diag = { 0 };
    struct ho_app_leads_opts o = HO_APP_LEADS_OPTS_INIT;
    o.stage = "qualified";
    assert_int_equal(ho_app_leads_check(&o, &diag), HO_EINVAL);
    assert_non_null(strstr(diag.msg, "write one of lead, mql, sal"));
    o.stage = NULL;
    o.q = "BO@";
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(ho_app_leads(app, &o, f, HO_FORMAT_CSV, &diag), HO_OK);
    fclose(f);
    assert_non_null(strstr(text, "\nbo@beta.io,"));
    assert_null(strstr(text, "ana@acme.io"));
    free(text); /* open_memstream's buffer is libc's */
}

static void
test_import_a_buffer_then_act_and_explain(void **state)
{
    (void)state;
    struct ho_app app;
    struct ho_diag diag = { 0 };
    struct seen s = { 0 };
    open_db(&app, HO_STORE_CREATE);
    assert_int_equal(ho_app_activate_defs(&app, ho_example_definitions, ho_example_definitions_len,
                                          "example", false, 1000, NULL, &diag),
                     HO_OK);
    assert_int_equal(ho_app_open_engine(&app, NULL, &diag), HO_OK);
    import_body(&app, &s);
    assert_int_equal(s.rejects, 1);
    assert_int_equal(s.conflicts, 1);

    /* a sales action on an unknown lead is refused unless create */
    struct ho_app_action act = {
        .id = "x1", .ts = "2026-03-03T09:00:00Z", .type = "contact_attempt", .lead = "bo@beta.io"
    };
    struct ho_app_action_result res;
    assert_int_equal(ho_app_apply_action(&app, &act, &res, &diag), HO_ENOTFOUND);
    assert_true(res.unknown_lead);
    act.create = true;
    assert_int_equal(ho_app_apply_action(&app, &act, &res, &diag), HO_OK);
    assert_true(res.is_new && !res.duplicate);
    assert_int_equal(ho_app_apply_action(&app, &act, &res, &diag), HO_OK);
    assert_true(res.duplicate); /* the same id again changes nothing */

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    assert_int_equal(ho_app_explain(&app, "ana@acme.io", INT64_MAX, f, HO_FORMAT_JSON, &diag),
                     HO_OK);
    fclose(f);
    assert_non_null(strstr(text, "ana@acme.io"));
    free(text); /* open_memstream's buffer is libc's */
    assert_int_equal(ho_app_explain(&app, "nobody", INT64_MAX, stdout, HO_FORMAT_JSON, &diag),
                     HO_ENOTFOUND);
    list_leads(&app);
    ho_app_close(&app);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unsigned_definitions_are_refused_unless_forced, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_import_a_buffer_then_act_and_explain, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
