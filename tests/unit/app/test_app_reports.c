/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/app/test_app_reports.c - the report table of the app layer:
 * every report, in table, JSON and CSV, gives byte for byte what `handoff
 * report` prints for the same options on the same database; and the
 * "name=value" option parser the HTTP server will use.
 *
 * The database is the money fixture (tests/fixtures/reports/money_README.md)
 * plus the anonymous visitors of tests/fixtures/visitors/early.jsonl (so the
 * funnel table starts at visitors) and the spend of money_spend.csv, built
 * with the real binary.  Nothing here works out a figure: the CLI's figures
 * are asserted by the integration tests; this test asserts that the app
 * layer and the CLI are one code path.
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
#include "app/report_int.h"
#include "app/reports.h"
#include "base/buf.h"

#define FX HO_SOURCE_DIR "/tests/fixtures/"

static char db_path[256];

/* Run a shell command; its standard output into out; the exit status. */
static int
run_capture(const char *cmd, struct ho_buf *out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
        ho_buf_add(out, chunk, n);
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int
setup_db(void **state)
{
    (void)state;
    snprintf(db_path, sizeof(db_path), "/tmp/ho_test_app_reports_%ld.db", (long)getpid());
    char cmd[2048];
    struct ho_buf out = HO_BUF_INIT;
    snprintf(cmd, sizeof(cmd),
             "rm -f '%s'* && '%s' import --db '%s' --defs '%s' '%s' '%s' 2>/dev/null && "
             "'%s' import-spend --db '%s' '%s' 2>/dev/null",
             db_path, HO_BINARY, db_path, FX "reports/money_definitions.yaml",
             FX "reports/money_events.jsonl", FX "visitors/early.jsonl", HO_BINARY, db_path,
             FX "reports/money_spend.csv");
    int rc = run_capture(cmd, &out);
    ho_buf_release(&out);
    return rc == 0 ? 0 : -1;
}

static int
teardown_db(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -f '%s'*", db_path);
    return system(cmd) == 0 ? 0 : -1;
}

/* One case: a report, its CLI flags and the same options as pairs. */
struct report_case {
    const char *name;
    const char *flags;    /* after `report NAME --db DB` */
    const char *pairs[4]; /* the same options, name=value */
};

static const struct report_case cases[] = {
    { "funnel", "--at 2026-04-10", { "at=2026-04-10" } },
    { "funnel", "", { NULL } },
    { "funnel", "--by channel --period quarter", { "by=channel", "period=quarter" } },
    { "funnel",
      "--flow --window 12w --at 2026-04-10",
      { "flow=true", "window=12w", "at=2026-04-10" } },
    { "funnel", "--flow --by rep", { "flow", "by=rep" } },
    { "speed", "--from 2026-01-01 --to 2026-03-01", { "from=2026-01-01", "to=2026-03-01" } },
    { "sla", "--at 2026-04-10", { "at=2026-04-10" } },
    { "top", "--at 2026-04-10", { "at=2026-04-10" } },
    { "whatif",
      "--stage mql_sql --delta 5 --at 2026-04-10",
      { "stage=mql_sql", "delta=5", "at=2026-04-10" } },
    { "whatif",
      "--visitors 1000 --rates visitor_lead=5,lead_mql=20,mql_sql=30,sql_opportunity=40,"
      "opportunity_customer=25 --deal 1200",
      { "visitors=1000",
        "rates=visitor_lead=5,lead_mql=20,mql_sql=30,sql_opportunity=40,opportunity_customer=25",
        "deal=1200" } },
    { "rules", "", { NULL } },
    { "dispositions", "--by channel", { "by=channel" } },
    { "stages", "--at 2026-04-10", { "at=2026-04-10" } },
    { "pipeline", "--at 2026-04-10 --gross-margin 80", { "at=2026-04-10", "gross-margin=80" } },
    { "closed-won", "--by rep", { "by=rep" } },
    { "attribution", "--model linear", { "model=linear" } },
    { "attribution", "--by campaign --model decay", { "by=campaign", "model=decay" } },
    { "accounts", "--at 2026-04-10", { "at=2026-04-10" } },
};

static const struct {
    enum ho_format fmt;
    const char *flag;
} formats[] = { { HO_FORMAT_TABLE, "" }, { HO_FORMAT_JSON, "--json" }, { HO_FORMAT_CSV, "--csv" } };

static size_t
n_pairs(const struct report_case *c)
{
    size_t n = 0;
    while (n < HO_ARRAY_LEN(c->pairs) && c->pairs[n])
        n++;
    return n;
}

/* The report through the app layer, into out. */
static void
run_app(const struct report_case *c, enum ho_format fmt, struct ho_buf *out)
{
    const struct ho_report_def *r = ho_report_find(c->name);
    assert_non_null(r);
    void *opts = ho_report_opts_new(r);
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_report_opts_apply(r, opts, c->pairs, n_pairs(c), &diag), HO_OK);
    struct ho_app app;
    struct ho_app_open_opts oo = { .db_path = db_path, .mode = HO_STORE_READ_ONLY };
    bool offline = r->offline && r->offline(opts);
    if (!offline)
        assert_int_equal(ho_app_open(&app, &oo, &diag), HO_OK);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    struct ho_report_out ro = { .out = f, .fmt = fmt, .now = 0 };
    ho_rc rc = ho_report_run(offline ? NULL : &app, r, opts, &ro, &diag);
    fclose(f);
    if (rc != HO_OK)
        fail_msg("%s: %s", c->name, diag.msg);
    ho_buf_add(out, text, len);
    free(text); /* open_memstream's buffer is libc's */
    if (!offline)
        ho_app_close(&app);
    ho_report_opts_free(opts);
}

static void
test_cli_and_app_give_the_same_bytes(void **state)
{
    (void)state;
    bool seen[32] = { false };
    for (size_t i = 0; i < HO_ARRAY_LEN(cases); i++) {
        for (size_t f = 0; f < HO_ARRAY_LEN(formats); f++) {
            const struct report_case *c = &cases[i];
            char cmd[1024];
            snprintf(cmd, sizeof(cmd), "HO_COLUMNS= '%s' report %s --db '%s' %s %s 2>/dev/null",
                     HO_BINARY, c->name, db_path, c->flags, formats[f].flag);
            struct ho_buf cli = HO_BUF_INIT, app = HO_BUF_INIT;
            if (run_capture(cmd, &cli) != 0)
                fail_msg("%s: failed", cmd);
            run_app(c, formats[f].fmt, &app);
            assert_true(cli.len > 0);
            if (cli.len != app.len || memcmp(cli.ptr, app.ptr, cli.len) != 0)
                fail_msg("report %s %s %s: the CLI and the app layer differ\n--- cli\n%s\n--- "
                         "app\n%s",
                         c->name, c->flags, formats[f].flag, ho_buf_cstr(&cli), ho_buf_cstr(&app));
            ho_buf_release(&cli);
            ho_buf_release(&app);
        }
        for (size_t r = 0; r < ho_report_count(); r++)
            seen[r] = seen[r] || strcmp(ho_report_at(r)->name, cases[i].name) == 0;
    }
    for (size_t r = 0; r < ho_report_count(); r++) { /* every report of the table is covered */
        if (!seen[r])
            fail_msg("report %s has no case", ho_report_at(r)->name);
    }
}

/* The funnel table starts at visitors here: the fixture has anonymous traffic. */
static void
test_funnel_table_starts_at_visitors(void **state)
{
    (void)state;
    struct ho_buf out = HO_BUF_INIT;
    run_app(&cases[0], HO_FORMAT_TABLE, &out);
    struct ho_buf top = HO_BUF_INIT;
    run_app(&cases[7], HO_FORMAT_TABLE, &top); /* report top, same as-of */
    assert_true(out.len > top.len);
    assert_memory_equal(out.ptr, top.ptr, top.len);
    ho_buf_release(&out);
    ho_buf_release(&top);
}

/* ---- the name=value parser ---- */

static void
test_pairs_set_the_options(void **state)
{
    (void)state;
    const struct ho_report_def *r = ho_report_find("funnel");
    struct ho_funnel_ropts *o = ho_report_opts_new(r);
    /* the defaults of the table: month cohorts, a 30-day window, no limits */
    assert_int_equal(o->period, 0);
    assert_int_equal(o->window, 30LL * 24 * 3600 * 1000);
    assert_true(o->c.from == INT64_MIN && o->c.to == INT64_MAX && !o->c.at_given);
    const char *pairs[] = { "by=campaign", "period=quarter", "from=2026-01-01", "to=2026-02-01",
                            "window=2w",   "flow=1",         "at=now" };
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_report_opts_apply(r, o, pairs, HO_ARRAY_LEN(pairs), &diag), HO_OK);
    assert_int_equal(o->by, 3);                   /* HO_DIM_CAMPAIGN */
    assert_int_equal(o->period, 1);               /* HO_COHORT_QUARTER */
    assert_int_equal(o->c.from, 1767225600000LL); /* 2026-01-01T00:00:00Z */
    assert_int_equal(o->c.to, 1769904000000LL);   /* + 31 days */
    assert_int_equal(o->window, 14LL * 24 * 3600 * 1000);
    assert_true(o->flow);
    assert_true(o->c.at_given && o->c.at_now);
    ho_report_opts_free(o);
}

static void
test_given_flags_follow_the_pairs(void **state)
{
    (void)state;
    const struct ho_report_def *r = ho_report_find("whatif");
    struct ho_whatif_ropts *o = ho_report_opts_new(r);
    assert_int_equal(o->months, 3); /* the default, not given */
    assert_false(o->has_months || o->has_delta);
    const char *pairs[] = { "months=6", "delta=-2.5" };
    assert_int_equal(ho_report_opts_apply(r, o, pairs, 2, NULL), HO_OK);
    assert_int_equal(o->months, 6);
    assert_true(o->has_months && o->has_delta);
    assert_true(o->delta == -2.5);
    ho_report_opts_free(o);
}

/* A bad pair fails with a message naming the option and what to write. */
static void
expect_bad(const char *report, const char *pair, ho_rc rc, const char *msg)
{
    const struct ho_report_def *r = ho_report_find(report);
    void *o = ho_report_opts_new(r);
    struct ho_diag diag = { 0 };
    const char *pairs[] = { pair };
    assert_int_equal(ho_report_opts_apply(r, o, pairs, 1, &diag), rc);
    assert_string_equal(diag.msg, msg);
    ho_report_opts_free(o);
}

static void
test_bad_values_are_refused_clearly(void **state)
{
    (void)state;
    expect_bad("whatif", "months=1.5", HO_EINVAL, "months '1.5': write a whole number of months");
    expect_bad("whatif", "months=0", HO_EINVAL, "months '0': write a number from 1 to 120");
    expect_bad("funnel", "by=planet", HO_EINVAL,
               "by 'planet': reports can be split by: channel, channel_group, campaign, rep, "
               "rule, segment, source");
    expect_bad("funnel", "period=week", HO_EINVAL, "period 'week': write month, quarter or all");
    expect_bad("funnel", "flow=maybe", HO_EINVAL, "flow 'maybe': write true or false");
    expect_bad("pipeline", "gross-margin=0", HO_EINVAL,
               "gross-margin '0': write a percentage above 0 and at most 100, e.g. 80");
    expect_bad("attribution", "model=best", HO_EINVAL,
               "model 'best': write first, last, linear, u, w, full or decay");
    expect_bad("funnel", "gross-margin=80", HO_ENOTFOUND,
               "report 'funnel' has no option 'gross-margin'");
    expect_bad("funnel", "by", HO_EINVAL, "'by': write by=VALUE");
    expect_bad("funnel", "colour=red", HO_ENOTFOUND, "report 'funnel' has no option 'colour'");
}

/* A bad value leaves what was set before it as it was. */
static void
test_a_bad_value_stores_nothing(void **state)
{
    (void)state;
    const struct ho_report_def *r = ho_report_find("funnel");
    struct ho_funnel_ropts *o = ho_report_opts_new(r);
    const char *pairs[] = { "window=12w", "window=0s" };
    struct ho_diag diag = { 0 };
    assert_int_equal(ho_report_opts_apply(r, o, pairs, 2, &diag), HO_EINVAL);
    assert_string_equal(diag.msg,
                        "window '0s': write a duration from 1s to 3660d, e.g. 30d or 12w");
    assert_int_equal(o->window, 12LL * 7 * 24 * 3600 * 1000);
    ho_report_opts_free(o);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_and_app_give_the_same_bytes),
        cmocka_unit_test(test_funnel_table_starts_at_visitors),
        cmocka_unit_test(test_pairs_set_the_options),
        cmocka_unit_test(test_given_flags_follow_the_pairs),
        cmocka_unit_test(test_bad_values_are_refused_clearly),
        cmocka_unit_test(test_a_bad_value_stores_nothing),
    };
    return cmocka_run_group_tests(tests, setup_db, teardown_db);
}
