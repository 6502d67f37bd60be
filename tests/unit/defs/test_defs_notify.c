/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_notify.c - the `notify` section and the alert
 * fields of reps (issue 11): a full section loads with every value in
 * place; each bad input is one problem at its file:line:col with a fix.
 * Columns were counted by hand on the YAML lines (1-based; a flow item's
 * position is its first character).
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
#include "defs/defs_yaml.h"

#define H (3600 * 1000LL)

/* 24 bytes:
 * "1\xf2\x90\xf6\xbf\x06)\x8a\xab\x4f\x08\xd4\x3c\x3f\x08\x2c\xf6\x48\xa3\x62\xda\x2d\xa4\xb0" */
#define SECRET "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

#define HEAD                                             \
    "version: 1\n"                                       \
    "stages: { mql: { min_score: 50 } }\n"               \
    "channels: { paid_search: { utm_medium: [cpc] } }\n" \
    "behavior: { rules: [ { name: demo_request, event: form_submit, points: 30 } ] }\n"

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

/* Exactly one problem, starting with prefix and mentioning what. */
static void
assert_one_problem(const char *text, const char *prefix, const char *what)
{
    struct loaded l;
    load_text(&l, text);
    const char *e = ho_buf_cstr(&l.errors);
    const char *nl = strchr(e, '\n');
    if (l.rc != HO_EPARSE || nl == NULL || nl[1] != '\0' ||
        strncmp(e, prefix, strlen(prefix)) != 0 || strstr(e, what) == NULL)
        fail_msg("expected one problem '%s...%s', got rc %d:\n%s", prefix, what, (int)l.rc, e);
    unload(&l);
}

static void
test_full_section_loads_every_value(void **state)
{
    (void)state;
    static const char text[] =
        HEAD "reps: [ { id: sam, pools: [smb], slack: U0123ABCD, timezone: Europe/Berlin },\n"
             "        { id: kim, pools: [smb], webhook: \"http://127.0.0.1:9/kim\", secret: " SECRET
             " } ]\n"
             "routing: [ { pool: smb } ]\n"
             "notify:\n"
             "  destinations:\n"
             "    team: { webhook: \"https://hooks.example/handoff\", secret: " SECRET " }\n"
             "    sales: { slack: \"https://hooks.slack.com/services/T0/B0/XX\" }\n"
             "  fallback: sales\n"
             "  link: \"https://handoff.example\"\n"
             "  backfill_age: 2h\n"
             "  retry_for: 3d\n"
             "  subscriptions:\n"
             "    - { event: lead.mql, to: [rep, team], when: { rule: demo_request } }\n"
             "    - { event: sla.due_soon, before: 30m, to: [rep] }\n"
             "    - { event: lead.rejected, to: [team], when: { channel: paid_search, segment: "
             "50-199 } }\n";
    struct loaded l;
    load_text(&l, text);
    if (l.rc != HO_OK)
        fail_msg("%s", ho_buf_cstr(&l.errors));
    const struct ho_notify_def *n = &l.defs.notify;
    assert_int_equal(n->n_dests, 2);
    assert_string_equal(n->dests[0].name, "team");
    assert_false(n->dests[0].slack);
    assert_string_equal(n->dests[0].url, "https://hooks.example/handoff");
    assert_string_equal(n->dests[0].secret, SECRET);
    assert_true(n->dests[1].slack);
    assert_null(n->dests[1].secret);
    assert_string_equal(n->fallback, "sales");
    assert_string_equal(n->link_base, "https://handoff.example");
    assert_int_equal(n->backfill_age_ms, 2 * H);
    assert_int_equal(n->horizon_ms, 72 * H);
    assert_int_equal(n->n_subs, 3);
    assert_int_equal(n->subs[0].kind, HO_ALERT_MQL);
    assert_int_equal(n->subs[0].n_to, 2);
    assert_string_equal(n->subs[0].to[0], "rep");
    assert_string_equal(n->subs[0].to[1], "team");
    assert_string_equal(n->subs[0].when_rule, "demo_request");
    assert_int_equal(n->subs[1].kind, HO_ALERT_SLA_DUE_SOON);
    assert_int_equal(n->subs[1].before_ms, H / 2);
    assert_int_equal(n->subs[2].kind, HO_ALERT_REJECTED);
    assert_string_equal(n->subs[2].when_channel, "paid_search");
    assert_string_equal(n->subs[2].when_segment, "50-199");
    assert_string_equal(l.defs.reps[0].slack_id, "U0123ABCD");
    assert_string_equal(l.defs.reps[0].tz.name, "Europe/Berlin");
    assert_null(l.defs.reps[0].webhook);
    assert_string_equal(l.defs.reps[1].webhook, "http://127.0.0.1:9/kim");
    assert_string_equal(l.defs.reps[1].secret, SECRET);
    unload(&l);
}

static void
test_defaults_without_section(void **state)
{
    (void)state;
    struct loaded l;
    load_text(&l, HEAD);
    assert_int_equal(l.rc, HO_OK);
    assert_int_equal(l.defs.notify.n_subs, 0);
    assert_int_equal(l.defs.notify.backfill_age_ms, H);
    assert_int_equal(l.defs.notify.horizon_ms, 24 * H);
    unload(&l);
}

static void
test_kind_names_round_trip(void **state)
{
    (void)state;
    static const char *const names[] = { "lead.mql",     "lead.assigned", "lead.stage_changed",
                                         "sla.breached", "sla.due_soon",  "lead.rejected" };
    for (int k = 0; k < HO_ALERT__COUNT; k++) {
        assert_string_equal(ho_alert_kind_name(k), names[k]);
        assert_int_equal(ho_alert_kind_of(names[k]), k);
    }
    assert_null(ho_alert_kind_name(HO_ALERT__COUNT));
    assert_int_equal(ho_alert_kind_of("lead.sql"), -1);
}

#define NOTIFY(dests, subs) HEAD "notify:\n  destinations:\n" dests "  subscriptions:\n" subs
#define TEAM                "    team: { webhook: \"https://h.example/x\", secret: " SECRET " }\n"
#define MQL_TEAM            "    - { event: lead.mql, to: [team] }\n"

static void
test_destination_problems_are_located(void **state)
{
    (void)state;
    /* line 7 is the first destination; "    team: { " puts the value at col 11 */
    assert_one_problem(NOTIFY("    team: { webhook: \"https://h.example/x\" }\n", MQL_TEAM),
                       "t.yaml:7:11: ", "needs a signing secret");
    assert_one_problem(
        NOTIFY("    team: { webhook: \"https://h.example/x\", secret: abc }\n", MQL_TEAM),
        "t.yaml:7:53: ", "starts with whsec_");
    /* whsec_ + "AAAA" decodes to 3 bytes */
    assert_one_problem(
        NOTIFY("    team: { webhook: \"https://h.example/x\", secret: whsec_AAAA }\n", MQL_TEAM),
        "t.yaml:7:53: ", "decodes to 3 bytes");
    assert_one_problem(
        NOTIFY("    team: { webhook: \"ftp://h.example/x\", secret: " SECRET " }\n", MQL_TEAM),
        "t.yaml:7:22: ", "not an http(s) URL");
    assert_one_problem(NOTIFY("    team: { }\n", MQL_TEAM), "t.yaml:7:11: ", "has no URL");
    assert_one_problem(NOTIFY("    team: { slack: \"https://hooks.slack.com/x\", secret: " SECRET
                              " }\n",
                              MQL_TEAM),
                       "t.yaml:7:49: ", "takes no secret");
    assert_one_problem(NOTIFY("    rep: { slack: \"https://hooks.slack.com/x\" }\n", ""),
                       "t.yaml:7:5: ", "cannot name a destination");
}

static void
test_subscription_problems_are_located(void **state)
{
    (void)state;
    /* line 9 is the first subscription; "    - { " puts its first key at col 9 */
    assert_one_problem(NOTIFY(TEAM, "    - { event: lead.sql, to: [team] }\n"),
                       "t.yaml:9:16: ", "unknown event 'lead.sql'");
    assert_one_problem(NOTIFY(TEAM, "    - { event: lead.mql, to: [taem] }\n"),
                       "t.yaml:9:31: ", "did you mean 'team'");
    assert_one_problem(
        NOTIFY(TEAM, "    - { event: lead.mql, to: [team], when: { rule: demo } }\n"),
        "t.yaml:9:52: ", "unknown rule 'demo'");
    /* a segment is an account size band (report --by segment) */
    assert_one_problem(
        NOTIFY(TEAM, "    - { event: lead.mql, to: [team], when: { segment: enterprise } }\n"),
        "t.yaml:9:55: ",
        "unknown segment 'enterprise' in a subscription — write one of the size "
        "bands 1-49, 50-199, 200-499, 500-999, 1000+");
    assert_one_problem(NOTIFY(TEAM, "    - { event: sla.due_soon, to: [team] }\n"),
                       "t.yaml:9:7: ", "add before: 2h");
    assert_one_problem(NOTIFY(TEAM, "    - { event: lead.mql, before: 1h, to: [team] }\n"),
                       "t.yaml:9:26: ", "belongs to sla.due_soon only");
    assert_one_problem(NOTIFY(TEAM, "    - { event: lead.mql, to: [team], when: { } }\n"),
                       "t.yaml:9:44: ", "'when' is empty");
}

static void
test_rep_problems_are_located(void **state)
{
    (void)state;
    assert_one_problem(HEAD "reps: [ { id: sam, pools: [smb], slack: sam } ]\n"
                            "routing: [ { pool: smb } ]\n",
                       "t.yaml:5:41: ", "not a Slack member id");
    assert_one_problem(HEAD
                       "reps: [ { id: sam, pools: [smb], webhook: \"https://h.example/s\" } ]\n"
                       "routing: [ { pool: smb } ]\n",
                       "t.yaml:5:9: ", "needs a signing secret");
    assert_one_problem(HEAD "reps: [ { id: sam, pools: [smb], secret: " SECRET " } ]\n"
                            "routing: [ { pool: smb } ]\n",
                       "t.yaml:5:34: ", "signs the rep's webhook");
    /* a rep known only by a Slack id needs a Slack fallback for `to: [rep]` */
    assert_one_problem(HEAD "reps: [ { id: sam, pools: [smb], slack: U0123ABCD } ]\n"
                            "routing: [ { pool: smb } ]\n"
                            "notify:\n  destinations:\n" TEAM "  fallback: team\n"
                            "  subscriptions:\n    - { event: lead.assigned, to: [rep] }\n",
                       "t.yaml:12:7: ", "no Slack fallback");
    assert_one_problem(HEAD "reps: [ { id: sam, pools: [smb] } ]\n"
                            "routing: [ { pool: smb } ]\n"
                            "notify:\n  destinations:\n" TEAM "  fallback: tem\n"
                            "  subscriptions:\n    - { event: lead.assigned, to: [team] }\n",
                       "t.yaml:10:13: ", "unknown destination 'tem'");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_section_loads_every_value),
        cmocka_unit_test(test_defaults_without_section),
        cmocka_unit_test(test_kind_names_round_trip),
        cmocka_unit_test(test_destination_problems_are_located),
        cmocka_unit_test(test_subscription_problems_are_located),
        cmocka_unit_test(test_rep_problems_are_located),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
