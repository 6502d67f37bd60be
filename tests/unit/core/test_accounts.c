/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_accounts.c - the buying-group view (core/accounts.h)
 * and product-qualified leads (core/pql.h), DESIGN.md §5 report 9: engaged
 * contacts at the edges of the window, account score and both ways to
 * qualify (with the thresholds met exactly), the account->SQL rate, PQL
 * criteria with counts, conditions and any order of events, and the PQL->SQL
 * rate.  Every expected value is worked out by hand next to it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/timefmt.h"
#include "core/accounts.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/funnel.h"
#include "core/pql.h"
#include "core/stage.h"
#include "core/top_funnel.h"
#include "defs/defs_yaml.h"

#define EPS 1e-9

static int64_t
ms(const char *ts)
{
    int64_t v = 0;
    if (ho_time_parse(ts, strlen(ts), &v, NULL) != HO_OK)
        fail_msg("bad time literal '%s'", ts);
    return v;
}

/* ---- accounts ---- */

/* Interned ids: accounts and leads. */
enum { ACME = 1, BETA, GAMMA, DELTA, A1, A2, A3, B1, B2, B3, G1, D1, D2, N1 };

static struct ho_lead_row
lead(uint32_t id, uint32_t account, double fit, double behavior, const char *last_behavior)
{
    struct ho_lead_row r;
    memset(&r, 0, sizeof(r));
    r.lead = id;
    r.account = account;
    r.fit = fit;
    r.behavior = behavior;
    r.last_behavior = last_behavior ? ms(last_behavior) : HO_TIME_NONE;
    return r;
}

/* A journey of lead (account) entering the stages mql..customer at the given
 * times (NULL = not entered): first = earliest entered, furthest = latest. */
static struct ho_journey_row
journey(uint32_t id, uint32_t account, const char *mql, const char *sal, const char *sql,
        const char *opp, const char *cust)
{
    const char *t[] = { mql, sal, sql, opp, cust };
    struct ho_journey_row r;
    memset(&r, 0, sizeof(r));
    r.lead = id;
    r.account = account;
    for (int s = 0; s < HO_STAGE__COUNT; s++)
        r.j.entered[s] = HO_TIME_NONE;
    r.j.first = HO_STAGE__COUNT;
    /* the default stage set's funnel stages (meeting lies between sql and opportunity) */
    static const enum ho_stage st[] = { HO_STAGE_MQL, HO_STAGE_SAL, HO_STAGE_SQL,
                                        HO_STAGE_OPPORTUNITY, HO_STAGE_CUSTOMER };
    for (int k = 0; k < 5; k++) {
        enum ho_stage s = st[k];
        if (!t[k])
            continue;
        r.j.entered[s] = ms(t[k]);
        if (r.j.first == HO_STAGE__COUNT)
            r.j.first = s;
        r.j.furthest = s;
    }
    r.j.last = r.j.furthest;
    return r;
}

static const struct ho_account_row *
find_account(const struct ho_accounts *a, uint32_t id)
{
    for (size_t i = 0; i < a->n; i++) {
        if (a->rows[i].account == id)
            return &a->rows[i];
    }
    fail_msg("no row for account %u", id);
    return NULL;
}

/*
 * As of 2026-03-31T00:00Z with a 30-day window: engaged means latest
 * behaviour in [2026-03-01T00:00Z, 2026-03-31T00:00Z], both ends included.
 *
 * acme:  a1 fit 20 beh 30 (03-20, engaged), a2 fit 35 beh 10 (03-01 00:00,
 *        the window's first instant: engaged), a3 fit 5 beh 0 (none).
 *        engaged 2 < 3; score 40 + 35 = 75 < 100: not qualified.
 * beta:  b1 fit 10 beh 5 (03-30), b2 fit 0 beh 2 (03-15), b3 fit 0 beh 1
 *        (03-31 00:00 = as_of): 3 engaged >= 3: qualified by contacts;
 *        score 8 + 10 = 18.
 * gamma: g1 fit 40 beh 70 (02-01, outside): engaged 0; score 110 >= 100:
 *        qualified by score.
 * delta: d1 fit 30 beh 70 (one ms before the window), d2 fit 0 beh 0:
 *        engaged 0; score 70 + 30 = 100 >= 100: qualified by score.
 * n1 has no account and is not counted.
 *
 * Journeys: acme a1 mql->sql; beta b2 mql->sal->sql; gamma g1 mql->sal only;
 * delta d1 sales-sourced at sql -> opportunity.  Reached sql: acme, beta,
 * delta.  account->SQL = qualified that reached sql (beta, delta) /
 * qualified (beta, gamma, delta) = 2/3; all accounts 3/4.
 */
static void
test_accounts_qualify_by_engaged_contacts_or_score(void **state)
{
    (void)state;
    struct ho_defs d;
    ho_defs_init(&d); /* defaults: 3 contacts, score 100, 30 days */
    struct ho_lead_row leads[] = {
        lead(A1, ACME, 20, 30, "2026-03-20T10:00:00Z"),
        lead(A2, ACME, 35, 10, "2026-03-01T00:00:00Z"),
        lead(A3, ACME, 5, 0, NULL),
        lead(B1, BETA, 10, 5, "2026-03-30T00:00:00Z"),
        lead(B2, BETA, 0, 2, "2026-03-15T00:00:00Z"),
        lead(B3, BETA, 0, 1, "2026-03-31T00:00:00Z"),
        lead(G1, GAMMA, 40, 70, "2026-02-01T00:00:00Z"),
        lead(D1, DELTA, 30, 70, "2026-02-28T23:59:59.999Z"),
        lead(D2, DELTA, 0, 0, NULL),
        lead(N1, 0, 50, 90, "2026-03-20T00:00:00Z"),
    };
    struct ho_journey_row rows[] = {
        journey(A1, ACME, "2026-03-02T00:00:00Z", NULL, "2026-03-05T00:00:00Z", NULL, NULL),
        journey(B2, BETA, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "2026-03-04T00:00:00Z",
                NULL, NULL),
        journey(G1, GAMMA, "2026-01-10T00:00:00Z", "2026-01-11T00:00:00Z", NULL, NULL, NULL),
        journey(D1, DELTA, NULL, NULL, "2026-02-10T00:00:00Z", "2026-02-20T00:00:00Z", NULL),
    };
    struct ho_accounts a;
    ho_accounts_compute(&d.accounts, leads, HO_ARRAY_LEN(leads), rows, HO_ARRAY_LEN(rows),
                        ms("2026-03-31T00:00:00Z"), &a);
    assert_int_equal(a.n, 4);
    assert_int_equal(a.window_from, ms("2026-03-01T00:00:00Z"));
    const struct ho_account_row *acme = find_account(&a, ACME);
    assert_int_equal(acme->contacts, 3);
    assert_int_equal(acme->engaged, 2);
    assert_true(fabs(acme->behavior - 40) < EPS);
    assert_true(fabs(acme->best_fit - 35) < EPS);
    assert_true(fabs(acme->score - 75) < EPS);
    assert_false(acme->qualified);
    assert_true(acme->reached_sql);
    const struct ho_account_row *beta = find_account(&a, BETA);
    assert_int_equal(beta->engaged, 3);
    assert_true(beta->by_contacts);
    assert_false(beta->by_score);
    assert_true(fabs(beta->score - 18) < EPS);
    const struct ho_account_row *gamma = find_account(&a, GAMMA);
    assert_int_equal(gamma->engaged, 0);
    assert_true(gamma->by_score && !gamma->by_contacts && gamma->qualified);
    assert_false(gamma->reached_sql);
    const struct ho_account_row *delta = find_account(&a, DELTA);
    assert_int_equal(delta->engaged, 0);
    assert_true(fabs(delta->score - 100) < EPS);
    assert_true(delta->qualified && delta->reached_sql);
    assert_int_equal(a.qualified, 3);
    assert_int_equal(a.account_sql.num, 2);
    assert_int_equal(a.account_sql.den, 3);
    assert_int_equal(a.all_sql.num, 3);
    assert_int_equal(a.all_sql.den, 4);
    /* Qualified first, by score: gamma 110, delta 100, beta 18; then acme. */
    assert_int_equal(a.rows[0].account, GAMMA);
    assert_int_equal(a.rows[1].account, DELTA);
    assert_int_equal(a.rows[2].account, BETA);
    assert_int_equal(a.rows[3].account, ACME);
    ho_accounts_release(&a);

    /* Stricter thresholds: 4 contacts, score 101, 10-day window
     * [03-21, 03-31]: beta has b1 (03-30) and b3 (03-31) engaged = 2; only
     * gamma (110) still qualifies.  account->SQL 0/1. */
    d.accounts.engaged_contacts = 4;
    d.accounts.min_score = 101;
    d.accounts.window_ms = 10 * HO_MS_PER_DAY;
    ho_accounts_compute(&d.accounts, leads, HO_ARRAY_LEN(leads), rows, HO_ARRAY_LEN(rows),
                        ms("2026-03-31T00:00:00Z"), &a);
    assert_int_equal(find_account(&a, BETA)->engaged, 2);
    assert_int_equal(find_account(&a, ACME)->engaged, 0);
    assert_int_equal(a.qualified, 1);
    assert_int_equal(a.account_sql.num, 0);
    assert_int_equal(a.account_sql.den, 1);
    ho_accounts_release(&a);
    ho_defs_release(&d);
}

static void
test_reaching_sql_counts_skipped_stages_not_later_starts(void **state)
{
    (void)state;
    /* mql -> sql: the sql entry. */
    struct ho_journey_row r =
        journey(1, 0, "2026-03-01T00:00:00Z", NULL, "2026-03-04T00:00:00Z", NULL, NULL);
    assert_int_equal(ho_journey_sql_at(&r.j), ms("2026-03-04T00:00:00Z"));
    /* mql -> opportunity, sql skipped: reached sql when it entered opportunity. */
    r = journey(1, 0, "2026-03-01T00:00:00Z", NULL, NULL, "2026-03-09T00:00:00Z", NULL);
    assert_int_equal(ho_journey_sql_at(&r.j), ms("2026-03-09T00:00:00Z"));
    /* mql -> sal only: no. */
    r = journey(1, 0, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", NULL, NULL, NULL);
    assert_true(ho_journey_sql_at(&r.j) == HO_TIME_NONE);
    /* Sourced at opportunity: never an SQL (as in report funnel). */
    r = journey(1, 0, NULL, NULL, NULL, "2026-03-09T00:00:00Z", "2026-03-20T00:00:00Z");
    assert_true(ho_journey_sql_at(&r.j) == HO_TIME_NONE);
}

/* ---- PQLs ---- */

static const char pql_defs[] =
    "version: 1\n"
    "stages: { mql: { min_score: 50 }, sql: { requires: sales_qualify } }\n"
    "pql:\n"
    "  all:\n"
    "    - { event: trial_signup }\n"
    "    - { event: product_usage, where: { action: invite_teammate }, count: 2 }\n";

struct pql_fixture {
    struct ho_defs defs;
    struct ho_eventlog log;
};

static void
add(struct ho_eventlog *log, const char *id, const char *ts, const char *type, const char *who,
    const char *action)
{
    struct ho_draft_kv kv = { { "action", 6 }, { action, action ? strlen(action) : 0 } };
    struct ho_event_draft d;
    size_t index;
    memset(&d, 0, sizeof(d));
    d.id = (struct ho_slice){ id, strlen(id) };
    d.ts = (struct ho_slice){ ts, strlen(ts) };
    d.type = (struct ho_slice){ type, strlen(type) };
    d.lead = (struct ho_slice){ who, strlen(who) };
    d.props = action ? &kv : NULL;
    d.n_props = action ? 1 : 0;
    assert_int_equal(ho_eventlog_add_draft(log, &d, &index, NULL), HO_OK);
}

static int
pql_setup(void **state)
{
    static struct pql_fixture f;
    struct ho_buf errors = HO_BUF_INIT;
    assert_int_equal(
        ho_defs_load_yaml(pql_defs, strlen(pql_defs), "pql.yaml", &f.defs, &errors, NULL), HO_OK);
    ho_buf_release(&errors);
    ho_eventlog_init(&f.log);
    ho_defs_bind(&f.defs, f.log.strings);
    *state = &f;
    return 0;
}

static int
pql_teardown(void **state)
{
    struct pql_fixture *f = *state;
    ho_eventlog_release(&f->log);
    ho_defs_release(&f->defs);
    return 0;
}

/* Evaluate the lead's events, given as log indices from..to-1, in order. */
static bool
eval_range(struct pql_fixture *f, uint32_t from, uint32_t to, int64_t *at)
{
    uint32_t ev[16];
    for (uint32_t i = from; i < to; i++)
        ev[i - from] = i;
    return ho_pql_eval(&f->defs.pql, &f->log, ev, to - from, at);
}

static void
test_pql_when_every_criterion_first_holds(void **state)
{
    struct pql_fixture *f = *state;
    int64_t at;
    /* ana: invite (1 of 2), trial (trial holds), create_report (no match),
     * Invite_Teammate (equals is case-insensitive: 2 of 2) -> PQL at 03-05. */
    add(&f->log, "a1", "2026-03-01T10:00:00Z", "product_usage", "ana", "invite_teammate");
    add(&f->log, "a2", "2026-03-02T10:00:00Z", "trial_signup", "ana", NULL);
    add(&f->log, "a3", "2026-03-03T10:00:00Z", "product_usage", "ana", "create_report");
    add(&f->log, "a4", "2026-03-05T10:00:00Z", "product_usage", "ana", "Invite_Teammate");
    add(&f->log, "a5", "2026-03-06T10:00:00Z", "product_usage", "ana", "invite_teammate");
    assert_true(eval_range(f, 0, 5, &at));
    assert_int_equal(at, ms("2026-03-05T10:00:00Z"));
    /* The first three events alone: one invite only -> not a PQL. */
    assert_false(eval_range(f, 0, 3, &at));
    assert_true(at == HO_TIME_NONE);
    /* bob: trial, invite once, a page_view -> not a PQL. */
    add(&f->log, "b1", "2026-03-01T10:00:00Z", "trial_signup", "bob", NULL);
    add(&f->log, "b2", "2026-03-02T10:00:00Z", "product_usage", "bob", "invite_teammate");
    add(&f->log, "b3", "2026-03-03T10:00:00Z", "page_view", "bob", "invite_teammate");
    assert_false(eval_range(f, 5, 8, &at));
    /* cy: two invites first, the trial last -> PQL at the trial (03-10). */
    add(&f->log, "c1", "2026-03-01T10:00:00Z", "product_usage", "cy", "invite_teammate");
    add(&f->log, "c2", "2026-03-02T10:00:00Z", "product_usage", "cy", "invite_teammate");
    add(&f->log, "c3", "2026-03-10T10:00:00Z", "trial_signup", "cy", NULL);
    assert_true(eval_range(f, 8, 11, &at));
    assert_int_equal(at, ms("2026-03-10T10:00:00Z"));
    /* A product_usage without the action prop does not match the where. */
    add(&f->log, "d1", "2026-03-01T10:00:00Z", "product_usage", "di", NULL);
    assert_false(ho_pql_matches(&f->defs.pql.all[1], &f->log, &f->log.events[11]));
    assert_true(ho_pql_matches(&f->defs.pql.all[1], &f->log, &f->log.events[0]));
    assert_false(ho_pql_matches(&f->defs.pql.all[0], &f->log, &f->log.events[0]));
}

static void
test_no_pql_criteria_means_no_pqls(void **state)
{
    (void)state;
    struct ho_pql_def none = { 0 };
    struct ho_eventlog log;
    int64_t at;
    uint32_t ev[1] = { 0 };
    ho_eventlog_init(&log);
    assert_false(ho_pql_eval(&none, &log, ev, 0, &at));
    assert_true(at == HO_TIME_NONE);
    ho_eventlog_release(&log);
}

/*
 * PQLs: ana at 03-05, cy at 03-10, di at 04-01.
 * ana: MQL 02-20, SQL 03-06 (after her PQL): counts.
 * cy: MQL 03-01, SQL 03-08 (before his PQL at 03-10): does not count.
 * di: MQL 04-02, opportunity 04-05 (sql skipped: reached at 04-05, after):
 *     counts.
 * eve (no PQL) reached SQL: not in any PQL figure.
 * PQLs 3, PQL->SQL 2/3, also MQLs 3 (ana, cy, di).
 */
static void
test_pql_to_sql_counts_sql_at_or_after_the_pql(void **state)
{
    (void)state;
    enum { ANA = 1, CY, DI, EVE };
    struct ho_pql_lead p[] = { { ANA, ms("2026-03-05T10:00:00Z") },
                               { CY, ms("2026-03-10T10:00:00Z") },
                               { DI, ms("2026-04-01T00:00:00Z") } };
    struct ho_journey_row rows[] = {
        journey(ANA, 0, "2026-02-20T00:00:00Z", NULL, "2026-03-06T00:00:00Z", NULL, NULL),
        journey(CY, 0, "2026-03-01T00:00:00Z", NULL, "2026-03-08T00:00:00Z", NULL, NULL),
        journey(DI, 0, "2026-04-02T00:00:00Z", NULL, NULL, "2026-04-05T00:00:00Z", NULL),
        journey(EVE, 0, "2026-03-01T00:00:00Z", NULL, "2026-03-02T00:00:00Z", NULL, NULL),
    };
    struct ho_pql_summary s;
    ho_pql_summarize(p, 3, rows, 4, &s);
    assert_int_equal(s.pqls, 3);
    assert_int_equal(s.pql_sql.num, 2);
    assert_int_equal(s.pql_sql.den, 3);
    assert_int_equal(s.also_mql, 3);
    /* The SQL exactly at the PQL time counts ("at or after"). */
    p[1].at = ms("2026-03-08T00:00:00Z");
    ho_pql_summarize(p, 3, rows, 4, &s);
    assert_int_equal(s.pql_sql.num, 3);
    /* No PQLs: 0/0. */
    ho_pql_summarize(p, 0, rows, 4, &s);
    assert_int_equal(s.pqls, 0);
    assert_int_equal(s.pql_sql.den, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accounts_qualify_by_engaged_contacts_or_score),
        cmocka_unit_test(test_reaching_sql_counts_skipped_stages_not_later_starts),
        cmocka_unit_test_setup_teardown(test_pql_when_every_criterion_first_holds, pql_setup,
                                        pql_teardown),
        cmocka_unit_test(test_no_pql_criteria_means_no_pqls),
        cmocka_unit_test(test_pql_to_sql_counts_sql_at_or_after_the_pql),
    };
    return cmocka_run_group_tests(tests, 0, 0);
}
