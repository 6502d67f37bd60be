/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_yaml.c - the definitions loader: the published
 * example and the DESIGN.md §4 sketch load with every value in place; bad
 * files report every problem with its exact position and a fix.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "defs/defs_yaml.h"

#define FIXTURES HO_SOURCE_DIR "/tests/fixtures/defs/"

/* ---- helpers ----------------------------------------------------------------- */

struct loaded {
    struct ho_defs defs;
    struct ho_buf errors;
    struct ho_diag diag;
    ho_rc rc;
};

static void
load_text(struct loaded *l, const char *text, size_t len, const char *name)
{
    ho_buf_init(&l->errors);
    ho_diag_clear(&l->diag);
    l->rc = ho_defs_load_yaml(text, len, name, &l->defs, &l->errors, &l->diag);
}

static void
load(struct loaded *l, const char *text)
{
    load_text(l, text, strlen(text), "t.yaml");
}

static void
unload(struct loaded *l)
{
    ho_defs_release(&l->defs);
    ho_buf_release(&l->errors);
}

/* Read a fixture and load it under its short name, for exact prefixes. */
static void
load_fixture(struct loaded *l, const char *name)
{
    char path[512];
    struct ho_buf text = HO_BUF_INIT;
    snprintf(path, sizeof(path), FIXTURES "%s", name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ho_buf_add(&text, chunk, n);
    fclose(f);
    load_text(l, ho_buf_cstr(&text), text.len, name);
    ho_buf_release(&text);
}

static size_t
count_lines(const struct ho_buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->ptr[i] == '\n';
    return n;
}

/* Line number `index` (0-based) of b starts with prefix and contains what. */
static void
assert_line(const struct ho_buf *b, size_t index, const char *prefix, const char *what)
{
    const char *p = ho_buf_cstr(b);
    for (size_t i = 0; i < index; i++) {
        p = strchr(p, '\n');
        assert_non_null(p);
        p++;
    }
    const char *end = strchr(p, '\n');
    assert_non_null(end);
    char line[1024];
    snprintf(line, sizeof(line), "%.*s", (int)(end - p), p);
    if (strncmp(line, prefix, strlen(prefix)) != 0 || strstr(line, what) == NULL)
        fail_msg("line %zu is '%s'; expected prefix '%s' containing '%s'", index, line, prefix,
                 what);
}

/* Exactly one problem, at prefix, mentioning what. */
static void
assert_one_problem(const char *text, const char *prefix, const char *what)
{
    struct loaded l;
    load(&l, text);
    assert_int_equal(l.rc, HO_EPARSE);
    if (count_lines(&l.errors) != 1)
        fail_msg("expected one problem, got:\n%s", ho_buf_cstr(&l.errors));
    assert_line(&l.errors, 0, prefix, what);
    unload(&l);
}

static void
assert_loads(const char *text, struct loaded *l)
{
    load(l, text);
    if (l->rc != HO_OK)
        fail_msg("expected to load, got:\n%s", ho_buf_cstr(&l->errors));
}

static void
assert_empty_model(const struct ho_defs *d)
{
    assert_int_equal(d->version, 0);
    assert_null(d->fit);
    assert_int_equal(d->n_fit, 0);
    assert_null(d->behavior);
    assert_int_equal(d->n_behavior, 0);
    assert_null(d->disqualify);
    assert_null(d->mql.or_any);
    assert_null(d->reasons);
    assert_null(d->channels);
    assert_null(d->sql_requires);
    assert_null(d->marketing.name);
    assert_int_equal(d->marketing.signed_days, -1);
}

#define MINIMAL "version: 1\nstages: { mql: { min_score: 50 } }\n"

/* ---- the published example --------------------------------------------------- */

static int
load_example(void **state)
{
    static struct loaded l;
    struct ho_diag diag;
    ho_buf_init(&l.errors);
    ho_diag_clear(&diag);
    l.rc = ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &l.defs, &l.errors, &diag);
    if (l.rc != HO_OK) {
        fprintf(stderr, "%s%s\n", ho_buf_cstr(&l.errors), diag.msg);
        return -1;
    }
    *state = &l;
    return 0;
}

static int
unload_example(void **state)
{
    unload(*state);
    return 0;
}

static const struct ho_defs *
example(void **state)
{
    return &((struct loaded *)*state)->defs;
}

static void
assert_strv(char *const *v, size_t n, size_t want_n, const char *const *want)
{
    assert_int_equal(n, want_n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(v[i], want[i]);
}

static void
test_example_has_version_owners_and_both_signatures(void **state)
{
    const struct ho_defs *d = example(state);
    assert_int_equal(d->version, 1);
    assert_string_equal(d->marketing.name, "Dana (VP Marketing)");
    assert_int_equal(d->marketing.signed_days, ho_days_from_civil(2026, 1, 5));
    assert_string_equal(d->sales.name, "Lee (VP Sales)");
    assert_int_equal(d->sales.signed_days, ho_days_from_civil(2026, 1, 6));
    assert_true(ho_defs_is_signed(d));
}

static void
test_example_channels_normalise_the_published_sources(void **state)
{
    static const char *const names[] = { "organic_search", "paid_search", "paid_social", "email",
                                         "referral",       "webinar",     "event",       "outbound",
                                         "partner",        "direct",      "website" };
    const struct ho_defs *d = example(state);
    assert_int_equal(d->n_channels, HO_ARRAY_LEN(names));
    for (size_t i = 0; i < d->n_channels; i++)
        assert_string_equal(d->channels[i].name, names[i]);
    const struct ho_channel_def *c = d->channels;
    assert_strv(c[0].utm_medium, c[0].n_utm_medium, 2, (const char *const[]){ "organic", "seo" });
    assert_strv(c[0].source, c[0].n_source, 2,
                (const char *const[]){ "ORGANIC_SEARCH", "organic" });
    assert_strv(c[1].utm_medium, c[1].n_utm_medium, 3,
                (const char *const[]){ "cpc", "ppc", "paid_search" });
    assert_strv(c[1].source, c[1].n_source, 1, (const char *const[]){ "PAID_SEARCH" });
    assert_strv(c[2].utm_medium, c[2].n_utm_medium, 2,
                (const char *const[]){ "paid_social", "social_paid" });
    assert_strv(c[2].source, c[2].n_source, 1, (const char *const[]){ "PAID_SOCIAL" });
    assert_strv(c[3].utm_medium, c[3].n_utm_medium, 1, (const char *const[]){ "email" });
    assert_strv(c[3].source, c[3].n_source, 1, (const char *const[]){ "EMAIL_MARKETING" });
    assert_strv(c[4].utm_medium, c[4].n_utm_medium, 1, (const char *const[]){ "referral" });
    assert_strv(c[4].source, c[4].n_source, 1, (const char *const[]){ "REFERRALS" });
    assert_strv(c[5].utm_medium, c[5].n_utm_medium, 1, (const char *const[]){ "webinar" });
    assert_int_equal(c[5].n_source, 0);
    assert_strv(c[6].utm_medium, c[6].n_utm_medium, 2,
                (const char *const[]){ "event", "tradeshow" });
    assert_int_equal(c[7].n_utm_medium, 0);
    assert_strv(c[7].source, c[7].n_source, 2, (const char *const[]){ "OUTBOUND", "sales" });
    assert_strv(c[8].utm_medium, c[8].n_utm_medium, 1, (const char *const[]){ "partner" });
    assert_strv(c[9].source, c[9].n_source, 2, (const char *const[]){ "DIRECT_TRAFFIC", "direct" });
    assert_strv(c[10].source, c[10].n_source, 1, (const char *const[]){ "website" });
    for (size_t i = 0; i < d->n_channels; i++)
        assert_int_equal(c[i].n_utm_source, 0);
}

static void
test_example_fit_rules_have_their_fields_conditions_and_points(void **state)
{
    const struct ho_defs *d = example(state);
    const struct ho_fit_rule *f = d->fit;
    assert_int_equal(d->n_fit, 4);

    assert_string_equal(f[0].name, "senior_title");
    assert_int_equal(f[0].match.scope, HO_SCOPE_LEAD);
    assert_string_equal(f[0].match.field, "title");
    assert_int_equal(f[0].match.op, HO_MATCH_REGEX);
    assert_string_equal(f[0].match.pattern, "\\b(VP|Vice President|Director|CRO|Head of)\\b");
    assert_false(f[0].match.case_sensitive);
    assert_non_null(f[0].match.re);
    assert_int_equal(regexec(f[0].match.re, "vp of sales", 0, NULL, 0), 0);
    assert_int_equal(regexec(f[0].match.re, "Head of Growth", 0, NULL, 0), 0);
    assert_int_not_equal(regexec(f[0].match.re, "MVP engineer", 0, NULL, 0), 0);
    assert_true(f[0].points == 10);

    assert_string_equal(f[1].name, "size_50_500");
    assert_int_equal(f[1].match.scope, HO_SCOPE_ACCOUNT);
    assert_string_equal(f[1].match.field, "employees");
    assert_int_equal(f[1].match.op, HO_MATCH_BETWEEN);
    assert_true(f[1].match.lo == 50 && f[1].match.hi == 500);
    assert_true(f[1].points == 10);

    assert_string_equal(f[2].name, "saas");
    assert_string_equal(f[2].match.field, "industry");
    assert_int_equal(f[2].match.op, HO_MATCH_IN);
    assert_strv(f[2].match.values, f[2].match.n_values, 2,
                (const char *const[]){ "saas", "software" });
    assert_true(f[2].points == 10);

    assert_string_equal(f[3].name, "north_america");
    assert_string_equal(f[3].match.field, "country");
    assert_int_equal(f[3].match.op, HO_MATCH_IN);
    assert_strv(f[3].match.values, f[3].match.n_values, 2, (const char *const[]){ "US", "CA" });
    assert_true(f[3].points == 5);
}

static void
assert_where(const struct ho_behavior_rule *b, enum ho_match_op op, const char *prop,
             const char *value)
{
    assert_int_equal(b->n_where, 1);
    assert_int_equal(b->where[0].scope, HO_SCOPE_EVENT);
    assert_int_equal(b->where[0].op, op);
    assert_string_equal(b->where[0].field, prop);
    assert_int_equal(b->where[0].n_values, 1);
    assert_string_equal(b->where[0].values[0], value);
}

static void
test_example_behavior_rules_have_caps_windows_and_decay(void **state)
{
    const struct ho_defs *d = example(state);
    const struct ho_behavior_rule *b = d->behavior;
    assert_int_equal(d->half_life_ms, 30 * HO_MS_PER_DAY);
    assert_int_equal(d->n_behavior, 4);

    assert_string_equal(b[0].name, "demo_request");
    assert_string_equal(b[0].event, "form_submit");
    assert_where(&b[0], HO_MATCH_EQUALS, "form", "demo");
    assert_true(b[0].points == 30);
    assert_true(b[0].has_max && b[0].max == 30);
    assert_false(b[0].has_min);
    assert_int_equal(b[0].count, 0);
    assert_true(b[0].decays);

    assert_string_equal(b[1].name, "pricing_repeat");
    assert_string_equal(b[1].event, "page_view");
    assert_where(&b[1], HO_MATCH_PREFIX, "path", "/pricing");
    assert_true(b[1].points == 15);
    assert_int_equal(b[1].count, 2);
    assert_int_equal(b[1].within_ms, 30 * HO_MS_PER_DAY);
    assert_false(b[1].decays);
    assert_false(b[1].has_max || b[1].has_min);

    assert_string_equal(b[2].name, "email_open");
    assert_string_equal(b[2].event, "email_open");
    assert_int_equal(b[2].n_where, 0);
    assert_true(b[2].points == 1);
    assert_true(b[2].has_max && b[2].max == 5);
    assert_true(b[2].decays);

    assert_string_equal(b[3].name, "careers_page");
    assert_where(&b[3], HO_MATCH_PREFIX, "path", "/careers");
    assert_true(b[3].points == -15);
    assert_true(b[3].has_min && b[3].min == -15);
    assert_false(b[3].has_max);
    assert_true(b[3].decays);
}

static void
test_example_disqualifiers_and_stages_resolve_their_rules(void **state)
{
    const struct ho_defs *d = example(state);
    assert_int_equal(d->n_disqualify, 2);
    assert_string_equal(d->disqualify[0].reason, "student");
    assert_int_equal(d->disqualify[0].match.scope, HO_SCOPE_LEAD);
    assert_string_equal(d->disqualify[0].match.field, "email");
    assert_int_equal(d->disqualify[0].match.op, HO_MATCH_REGEX);
    assert_string_equal(d->disqualify[0].match.pattern, "\\.edu$");
    assert_int_equal(regexec(d->disqualify[0].match.re, "kim@MIT.EDU", 0, NULL, 0), 0);
    assert_string_equal(d->disqualify[1].reason, "competitor");
    assert_int_equal(d->disqualify[1].match.scope, HO_SCOPE_ACCOUNT);
    assert_string_equal(d->disqualify[1].match.field, "is_competitor");
    assert_int_equal(d->disqualify[1].match.op, HO_MATCH_EQUALS);
    assert_string_equal(d->disqualify[1].match.values[0], "true");

    assert_true(d->mql.has_min_score && d->mql.min_score == 50);
    assert_true(d->mql.has_min_fit && d->mql.min_fit == 10);
    assert_int_equal(d->mql.expire_after_ms, 0);
    assert_int_equal(d->mql.n_or_any, 1);
    const struct ho_criteria_set *c = &d->mql.or_any[0];
    assert_string_equal(c->name, "all:demo_request+senior_title+size_50_500");
    assert_int_equal(c->n_rules, 3);
    assert_string_equal(c->rules[0].name, "demo_request");
    assert_false(c->rules[0].is_fit);
    assert_int_equal(c->rules[0].index, 0);
    assert_string_equal(c->rules[1].name, "senior_title");
    assert_true(c->rules[1].is_fit);
    assert_int_equal(c->rules[1].index, 0);
    assert_string_equal(c->rules[2].name, "size_50_500");
    assert_true(c->rules[2].is_fit);
    assert_int_equal(c->rules[2].index, 1);
    assert_string_equal(d->sql_requires, "sales_qualify");
}

static void
assert_reason(const struct ho_defs *d, const char *code, const char *category,
              enum ho_outcome outcome)
{
    const struct ho_reason *r = ho_defs_reason(d, code);
    assert_non_null(r);
    assert_string_equal(r->category, category);
    assert_int_equal(r->outcome, outcome);
}

static void
test_example_reasons_and_benchmarks_are_the_published_ones(void **state)
{
    const struct ho_defs *d = example(state);
    assert_int_equal(d->n_reasons, 7);
    assert_reason(d, "not_icp", "bad_fit", HO_OUTCOME_DISQUALIFIED);
    assert_reason(d, "wrong_size", "bad_fit", HO_OUTCOME_DISQUALIFIED);
    assert_reason(d, "bad_data", "bad_data", HO_OUTCOME_DISQUALIFIED);
    assert_reason(d, "bad_timing", "bad_timing", HO_OUTCOME_NURTURE);
    assert_reason(d, "no_budget", "bad_timing", HO_OUTCOME_NURTURE);
    assert_reason(d, "no_response", "no_response", HO_OUTCOME_NURTURE);
    assert_reason(d, "over_scored", "bad_scoring", HO_OUTCOME_NURTURE);

    struct ho_defs defaults;
    ho_defs_init(&defaults);
    assert_memory_equal(&d->bench, &defaults.bench, sizeof(d->bench));
    assert_true(d->bench.tier_broken == 5 && d->bench.tier_good == 40);
    assert_true(d->bench.has_healthy[HO_TR_SQL_OPPORTUNITY]);
    assert_false(d->bench.has_healthy[HO_TR_MQL_SAL]);
}

static void
test_example_elements_record_their_line_and_column(void **state)
{
    const struct ho_defs *d = example(state);
    assert_true(d->fit[0].pos.line > 0 && d->fit[0].pos.column > 0);
    assert_true(d->behavior[3].pos.line > d->behavior[0].pos.line);
    assert_true(d->mql.or_any[0].rules[1].pos.column > d->mql.or_any[0].rules[0].pos.column);
}

static void
test_embedded_example_is_the_file_on_disk_and_loads(void **state)
{
    (void)state;
    struct loaded l;
    struct ho_buf disk = HO_BUF_INIT;
    FILE *f = fopen(HO_SOURCE_DIR "/examples/definitions.yaml", "rb");
    assert_non_null(f);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ho_buf_add(&disk, chunk, n);
    fclose(f);
    assert_int_equal(ho_example_definitions_len, disk.len);
    assert_memory_equal(ho_example_definitions, disk.ptr, disk.len);
    load_text(&l, ho_example_definitions, ho_example_definitions_len, "example");
    assert_int_equal(l.rc, HO_OK);
    unload(&l);
    ho_buf_release(&disk);
}

/* ---- the DESIGN.md sketch -------------------------------------------------------- */

static void
test_design_sketch_loads_including_calendar_sla_routing_and_reps(void **state)
{
    (void)state;
    struct loaded l;
    load_fixture(&l, "design_sketch.yaml");
    if (l.rc != HO_OK)
        fail_msg("%s", ho_buf_cstr(&l.errors));
    assert_int_equal(l.defs.version, 3);
    assert_int_equal(l.defs.n_channels, 3);
    assert_int_equal(l.defs.n_fit, 4);
    assert_int_equal(l.defs.n_behavior, 4);
    assert_int_equal(l.defs.n_disqualify, 2);
    assert_int_equal(l.defs.n_reasons, 7);
    assert_int_equal(l.defs.mql.expire_after_ms, 30 * HO_MS_PER_DAY);
    assert_string_equal(l.defs.fit[0].match.pattern,
                        "\\b(VP|Vice President|Director|CRO|Head of)\\b");
    assert_int_equal(l.defs.mql.or_any[0].rules[0].index, 0);
    assert_int_equal(l.defs.marketing.signed_days, ho_days_from_civil(2026, 2, 1));
    unload(&l);
}

/* ---- many problems at once ------------------------------------------------------- */

static void
test_file_with_several_errors_reports_all_of_them_in_position_order(void **state)
{
    (void)state;
    struct loaded l;
    load_fixture(&l, "several_errors.yaml");
    assert_int_equal(l.rc, HO_EPARSE);
    assert_string_equal(l.diag.msg, "9 problems in several_errors.yaml");
    if (count_lines(&l.errors) != 9)
        fail_msg("%s", ho_buf_cstr(&l.errors));
    assert_line(&l.errors, 0, "several_errors.yaml:6:31: ",
                "unknown rule 'senior_titel' in or_any — did you mean 'senior_title'?");
    assert_line(&l.errors, 1, "several_errors.yaml:7:19: ", "bad duration '30days'");
    assert_line(&l.errors, 2,
                "several_errors.yaml:11:14: ", "the pattern does not compile: Unmatched ( or \\(");
    assert_line(&l.errors, 3, "several_errors.yaml:15:14: ", "'between' low 500 is above high 50");
    assert_line(&l.errors, 4, "several_errors.yaml:22:15: ",
                "'points' must be a number, not \"30\" (in quotes) — write points: 30");
    assert_line(&l.errors, 5, "several_errors.yaml:23:7: ",
                "unknown key 'pionts' in a behavior rule — did you mean 'points'?");
    assert_line(&l.errors, 6, "several_errors.yaml:24:7: ",
                "rule name 'senior_title' is already used by the fit rule at line 9");
    assert_line(&l.errors, 7, "several_errors.yaml:26:42: ", "unknown outcome 'closed'");
    assert_line(&l.errors, 8, "several_errors.yaml:28:5: ",
                "a disqualifier is missing 'field' — add field: lead.email");
    assert_empty_model(&l.defs);
    unload(&l);
}

static void
test_broken_file_leaves_the_output_model_empty(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "version: 1\nfit:\n  - { name: a, field: lead.title, equals: CEO, points: 10 }\n"
             "stages: { mql: { min_score: x } }\n");
    assert_int_equal(l.rc, HO_EPARSE);
    assert_empty_model(&l.defs);
    unload(&l);
}

static void
test_problem_lines_are_capped_and_the_rest_counted(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct loaded l;
    ho_buf_adds(&text, MINIMAL "fit:\n");
    for (int i = 0; i < HO_DEFS_MAX_PROBLEMS + 5; i++)
        ho_buf_printf(&text, "  - { name: r%d, field: lead.t, equals: x, points: bad }\n", i);
    load_text(&l, text.ptr, text.len, "t.yaml");
    assert_int_equal(l.rc, HO_EPARSE);
    assert_int_equal(count_lines(&l.errors), HO_DEFS_MAX_PROBLEMS + 1);
    assert_non_null(strstr(ho_buf_cstr(&l.errors), "t.yaml: ... and 5 more problems\n"));
    assert_string_equal(l.diag.msg, "1005 problems in t.yaml");
    unload(&l);
    ho_buf_release(&text);
}

/* ---- one problem each -------------------------------------------------------------- */

static void
test_bad_duration_is_reported_with_its_position_and_a_fix(void **state)
{
    (void)state;
    assert_one_problem("version: 1\nbehavior:\n  decay: { half_life: 30 days }\n"
                       "stages: { mql: { min_score: 50 } }\n",
                       "t.yaml:3:23: ", "— write e.g. half_life: 30d");
    assert_one_problem(MINIMAL "behavior:\n  rules:\n"
                               "    - { name: a, event: x, count: 2, within: 0d, points: 1 }\n",
                       "t.yaml:5:46: ", "'within' must be longer than zero");
}

static void
test_regex_that_does_not_compile_is_reported_with_regerror_text(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL
                       "fit:\n  - { name: a, field: lead.title, matches: '[VP', points: 1 }\n",
                       "t.yaml:4:44: ", "the pattern does not compile: Unmatched [");
}

static void
assert_pattern_refused(const char *pattern, const char *what)
{
    char text[1024];
    snprintf(text, sizeof(text),
             MINIMAL "fit: [ { name: a, field: lead.title, matches: '%s', points: 1 } ]\n",
             pattern);
    assert_one_problem(text, "t.yaml:3:47: ", what);
}

static void
assert_pattern_accepted(const char *pattern)
{
    struct loaded l;
    char text[1024];
    snprintf(text, sizeof(text),
             MINIMAL "fit: [ { name: a, field: lead.title, matches: '%s', points: 1 } ]\n",
             pattern);
    assert_loads(text, &l);
    unload(&l);
}

static void
test_regex_whose_repetitions_explode_in_regcomp_is_refused(void **state)
{
    (void)state;
    assert_pattern_refused("Director++++++++++++++++++++++++++++++++++++++++++",
                           "repeats too much");
    assert_pattern_refused("((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+",
                           "repeats too much");
    assert_pattern_refused("a{100}{100}{100}", "repeats too much");
    assert_pattern_refused("(x{1,300}){1,300}", "repeats too much");
    assert_pattern_refused("((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))",
                           "nests groups more than 32 deep");
    assert_pattern_refused("(a)\\1", "uses a back-reference");
    /* Ordinary patterns, with many repetitions in a row, are fine. */
    assert_pattern_accepted("^\\w+@\\w+\\.\\w+\\.\\w+\\.\\w+\\.\\w+\\.\\w+\\.\\w+\\.\\w+$");
    assert_pattern_accepted("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$");
    assert_pattern_accepted("[[:alpha:]]+[]a-z]*(VP|Director){1,2}");
}

static void
test_backspace_from_double_quoted_backslash_b_is_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "fit:\n  - { name: a, field: lead.title, matches: \"\\bVP\\b\", "
                               "points: 1 }\n",
                       "t.yaml:4:44: ", "inside double quotes \\b is a backspace");
}

static void
test_unknown_rule_in_criteria_set_is_reported_with_its_position(void **state)
{
    (void)state;
    assert_one_problem(
        "version: 1\n"
        "fit: [ { name: senior_title, field: lead.title, equals: CEO, points: 10 } ]\n"
        "stages:\n"
        "  mql:\n"
        "    or_any:\n"
        "      - { all: [senior_title, nope] }\n",
        "t.yaml:6:31: ", "unknown rule 'nope' in or_any");
}

static void
test_unknown_key_is_reported_with_a_suggestion(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "Reasons: {}\n", "t.yaml:3:1: ", "did you mean 'reasons'?");
    assert_one_problem(
        MINIMAL "behaviour: {}\n", "t.yaml:3:1: ",
        "unknown key 'behaviour' in the definitions file — did you mean 'behavior'?");
    /* The misspelt key also leaves the rule without its required field. */
    struct loaded l;
    load(&l, MINIMAL "fit: [ { name: a, feild: lead.title, equals: x, points: 1 } ]\n");
    assert_int_equal(count_lines(&l.errors), 2);
    assert_line(&l.errors, 0, "t.yaml:3:8: ", "a fit rule is missing 'field'");
    assert_line(&l.errors, 1,
                "t.yaml:3:19: ", "unknown key 'feild' in a fit rule — did you mean 'field'?");
    unload(&l);
}

static void
test_bad_rule_names_say_what_is_wrong(void **state)
{
    (void)state;
    assert_one_problem(
        MINIMAL "fit: [ { name: senior title, field: lead.t, equals: x, points: 1 } ]\n",
        "t.yaml:3:16: ", "'senior title' is not a valid name — use letters, digits, '_' or '-'");
    assert_one_problem(
        MINIMAL "fit: [ { name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,"
                " field: lead.t, equals: x, points: 1 } ]\n",
        "t.yaml:3:16: ", "is 65 characters long — use at most 64");
}

static void
test_unknown_key_without_close_match_lists_the_valid_keys(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "reasons: { x: { category: c, outcome: nurture, zzzzzz: 1 } }\n",
                       "t.yaml:3:48: ", "use one of: category, outcome");
}

static void
test_empty_sales_sections_load_but_unknown_sections_are_errors(void **state)
{
    (void)state;
    struct loaded l;
    /* calendar, sla, routing and reps are read by defs_sales.c; empty ones are
     * allowed (tests/unit/defs/test_defs_sales.c checks their contents). */
    assert_loads(MINIMAL "calendar: ~\nsla: []\nrouting: []\nreps: ~\n", &l);
    assert_false(l.defs.calendar.defined);
    assert_int_equal(l.defs.n_slas + l.defs.n_routing + l.defs.n_reps, 0);
    unload(&l);
    assert_one_problem(MINIMAL "scoring: {}\n", "t.yaml:3:1: ", "unknown key 'scoring'");
}

static void
test_wrong_type_is_reported_with_what_was_found(void **state)
{
    (void)state;
    assert_one_problem("version: [1]\nstages: { mql: { min_score: 50 } }\n", "t.yaml:1:10: ",
                       "'version' must be a whole number from 1 to 1000000000, not a list of 1 "
                       "item — write version: 1");
    assert_one_problem(MINIMAL "fit: { name: a }\n", "t.yaml:3:6: ", "'fit' must be a list");
    assert_one_problem(MINIMAL "fit: [ { name: a, field: lead.x, in: US, points: 1 } ]\n",
                       "t.yaml:3:38: ", "'in' must be a list, not 'US' — write in: [US, CA]");
}

static void
test_missing_required_key_is_reported_at_its_mapping(void **state)
{
    (void)state;
    assert_one_problem("stages: { mql: { min_score: 50 } }\n", "t.yaml:1:1: ",
                       "the definitions file is missing 'version' — add version: 1");
    assert_one_problem(
        MINIMAL "behavior:\n  rules:\n    - name: a\n      points: 1\n",
        "t.yaml:5:7: ", "a behavior rule is missing 'event' — add event: form_submit");
}

static void
test_field_without_lead_or_account_prefix_is_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "disqualify: [ { reason: r, field: email, suffix: .edu } ]\n",
                       "t.yaml:3:35: ", "field 'email' must name a lead or account attribute");
}

static void
test_only_one_condition_per_rule_is_allowed(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL
                       "fit: [ { name: a, field: lead.x, equals: 1, \">=\": 2, points: 1 } ]\n",
                       "t.yaml:3:45: ", "one condition per rule, but '>=' comes after 'equals'");
    assert_one_problem(MINIMAL "fit: [ { name: a, field: lead.x, points: 1 } ]\n",
                       "t.yaml:3:8: ", "a fit rule has no condition");
}

static void
test_count_without_within_and_within_without_count_are_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: x, count: 2, points: 1 } ] }\n",
                       "t.yaml:3:43: ", "'count' needs 'within'");
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: x, within: 2d, points: 1 } ] }\n",
                       "t.yaml:3:43: ", "'within' needs 'count'");
}

static void
test_max_needs_positive_points_and_min_negative_points(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: x, points: -5, max: 5 } ] }\n",
                       "t.yaml:3:55: ", "'max' caps positive points");
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: x, points: 5, min: -5 } ] }\n",
                       "t.yaml:3:54: ", "'min' floors negative points");
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: x, points: five, max: 5 } ] }\n",
                       "t.yaml:3:51: ", "'points' must be a number, not 'five'");
    assert_one_problem(MINIMAL "behavior: { rules: [ { name: a, event: x, points: 5, max: 5, "
                               "count: 2, within: 1d } ] }\n",
                       "t.yaml:3:54: ", "a window rule adds its points once");
}

static void
test_between_low_above_high_is_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL
                       "fit: [ { name: a, field: account.n, between: [9, 1], points: 1 } ]\n",
                       "t.yaml:3:46: ", "'between' low 9 is above high 1");
}

static void
test_duplicate_rule_names_across_fit_and_behavior_are_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "fit: [ { name: a, field: lead.x, exists: true, points: 1 } ]\n"
                               "behavior: { rules: [ { name: a, event: x, points: 1 } ] }\n",
                       "t.yaml:4:22: ", "rule name 'a' is already used by the fit rule at line 3");
}

static void
test_duplicate_keys_are_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "reasons:\n  a: { category: c, outcome: nurture }\n"
                               "  a: { category: c, outcome: nurture }\n",
                       "t.yaml:5:3: ", "duplicate key 'a' (first at line 4)");
}

static void
test_unknown_outcome_is_reported_with_the_two_outcomes(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "reasons: { a: { category: c, outcome: nurtur } }\n",
                       "t.yaml:3:39: ",
                       "write disqualified (sales closes the lead) or nurture (it can qualify "
                       "again); did you mean 'nurture'?");
}

static void
test_bad_signature_date_is_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "owners: { sales: { name: Lee, signed: 2026-02-30 } }\n",
                       "t.yaml:3:39: ", "bad date '2026-02-30' for 'signed'");
}

static void
test_tiers_that_do_not_increase_are_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "benchmarks: { mql_to_sql_tiers: { average: 50 } }\n",
                       "t.yaml:3:44: ", "tiers must increase: average is 50 but good is 40");
}

static void
test_mql_without_criteria_and_min_fit_alone_are_reported(void **state)
{
    (void)state;
    struct loaded l;
    load(&l, "version: 1\nstages: { mql: { min_fit: 10 } }\n");
    assert_int_equal(l.rc, HO_EPARSE);
    assert_int_equal(count_lines(&l.errors), 2);
    assert_line(&l.errors, 0, "t.yaml:2:16: ", "mql has no criteria");
    assert_line(&l.errors, 1, "t.yaml:2:18: ", "min_fit only applies together with min_score");
    unload(&l);
}

static void
test_negative_rule_in_criteria_set_is_reported(void **state)
{
    (void)state;
    assert_one_problem("version: 1\nbehavior: { rules: [ { name: c, event: x, points: -1 } ] }\n"
                       "stages: { mql: { or_any: [ { all: [c] } ] } }\n",
                       "t.yaml:3:36: ", "rule 'c' gives negative points");
}

static void
test_raw_value_mapped_to_two_channels_is_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL
                       "channels:\n  a: { utm_medium: [cpc] }\n  b: { utm_medium: [CPC] }\n",
                       "t.yaml:5:21: ", "utm_medium 'CPC' already maps to channel 'a' (line 4)");
}

static void
test_exists_false_is_reported(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "fit: [ { name: a, field: lead.x, exists: false, points: 1 } ]\n",
                       "t.yaml:3:42: ", "'exists' only takes true");
}

static void
test_case_sensitive_applies_only_to_matches(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "fit: [ { name: a, field: lead.x, equals: b, case_sensitive: true, "
                               "points: 1 } ]\n",
                       "t.yaml:3:45: ", "case_sensitive only applies to matches");
}

/* ---- YAML-level problems --------------------------------------------------------------- */

static void
test_yaml_syntax_error_is_reported_with_its_position(void **state)
{
    (void)state;
    assert_one_problem("version: 1\nfit: [ { name: a }\n", "t.yaml:3:1: ", "YAML syntax error");
}

static void
test_tab_indentation_gets_a_hint(void **state)
{
    (void)state;
    assert_one_problem("version: 1\nstages:\n\tmql: {}\n",
                       "t.yaml:3:1: ", "indent with spaces: YAML does not allow tabs");
}

static void
test_unknown_escape_in_double_quotes_gets_a_hint(void **state)
{
    (void)state;
    assert_one_problem("version: 1\nx: \"\\.edu$\"\n", "t.yaml:2:5: ", "or use single quotes");
}

static void
test_empty_file_and_second_document_are_reported(void **state)
{
    (void)state;
    assert_one_problem("", "t.yaml:1:1: ", "the file is empty — start with version: 1");
    assert_one_problem("# only a comment\n", "t.yaml:1:1: ", "the file is empty");
    assert_one_problem(MINIMAL "---\nversion: 2\n", "t.yaml:3:1: ", "a second YAML document");
}

static void
test_text_with_nul_bytes_is_reported_not_truncated(void **state)
{
    (void)state;
    struct loaded l;
    static const char text[] = MINIMAL "x: a\0b\n";
    load_text(&l, text, sizeof(text) - 1, "t.yaml");
    assert_int_not_equal(l.rc, HO_OK);
    assert_true(l.errors.len > 0);
    unload(&l);
}

static void
test_line_breaks_quoted_from_the_input_stay_on_one_line(void **state)
{
    (void)state;
    assert_one_problem(MINIMAL "fit: [ { name: a, field: \"x\\ny\\rz\", equals: 1, points: 1 } ]\n",
                       "t.yaml:3:26: ", "field 'x?y?z' must name a lead or account attribute");
}

/* ---- YAML semantics -------------------------------------------------------------------- */

static void
test_norway_is_a_country_not_false(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL
                 "fit:\n"
                 "  - { name: nordic, field: account.country, in: [NO, SE, on, yes], points: 1 }\n"
                 "  - { name: flag, field: lead.optin, equals: no, points: 1 }\n",
                 &l);
    assert_strv(l.defs.fit[0].match.values, l.defs.fit[0].match.n_values, 4,
                (const char *const[]){ "NO", "SE", "on", "yes" });
    assert_string_equal(l.defs.fit[1].match.values[0], "no");
    unload(&l);
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: x, points: 1, decay: no } ] }\n",
                       "t.yaml:3:61: ", "'decay' must be true or false");
}

static void
test_flow_and_block_styles_load_the_same_model(void **state)
{
    (void)state;
    struct loaded flow, block;
    assert_loads(
        "{ version: 2, stages: { mql: { min_score: 5, or_any: [ { all: [a], name: x } ] } },"
        " behavior: { rules: [ { name: a, event: e, where: { k: v }, points: 3 } ] } }",
        &flow);
    assert_loads("version: 2\n"
                 "stages:\n"
                 "  mql:\n"
                 "    min_score: 5\n"
                 "    or_any:\n"
                 "      - all:\n"
                 "          - a\n"
                 "        name: x\n"
                 "behavior:\n"
                 "  rules:\n"
                 "    - name: a\n"
                 "      event: e\n"
                 "      where:\n"
                 "        k: v\n"
                 "      points: 3\n",
                 &block);
    assert_int_equal(flow.defs.version, block.defs.version);
    assert_string_equal(flow.defs.mql.or_any[0].name, "x");
    assert_string_equal(block.defs.mql.or_any[0].name, "x");
    assert_string_equal(flow.defs.behavior[0].where[0].values[0],
                        block.defs.behavior[0].where[0].values[0]);
    assert_true(flow.defs.behavior[0].points == block.defs.behavior[0].points);
    unload(&flow);
    unload(&block);
}

static void
test_where_key_suffixes_select_the_operator(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(
        MINIMAL
        "behavior: { rules: [ { name: a, event: e, points: 1, where: {\n"
        "  form: demo, form_in: [a, b], path_prefix: /p, file_suffix: .pdf,\n"
        "  title_contains: cto, url_matches: '^/docs', tag: [x, y],\n"
        "  amount_gte: 1000, amount_lt: 5, size_between: [1, 2], utm_exists: true } } ] }\n",
        &l);
    static const struct {
        const char *prop;
        enum ho_match_op op;
    } want[] = { { "form", HO_MATCH_EQUALS },    { "form", HO_MATCH_IN },
                 { "path", HO_MATCH_PREFIX },    { "file", HO_MATCH_SUFFIX },
                 { "title", HO_MATCH_CONTAINS }, { "url", HO_MATCH_REGEX },
                 { "tag", HO_MATCH_IN },         { "amount", HO_MATCH_GE },
                 { "amount", HO_MATCH_LT },      { "size", HO_MATCH_BETWEEN },
                 { "utm", HO_MATCH_EXISTS } };
    const struct ho_behavior_rule *b = &l.defs.behavior[0];
    assert_int_equal(b->n_where, HO_ARRAY_LEN(want));
    for (size_t i = 0; i < b->n_where; i++) {
        assert_string_equal(b->where[i].field, want[i].prop);
        assert_int_equal(b->where[i].op, want[i].op);
        assert_int_equal(b->where[i].scope, HO_SCOPE_EVENT);
    }
    assert_true(b->where[7].lo == 1000);
    assert_non_null(b->where[5].re);
    unload(&l);
}

static void
test_comparison_operators_have_symbol_and_word_forms(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL "fit:\n"
                         "  - { name: a, field: account.n, \">=\": 1, points: 1 }\n"
                         "  - { name: b, field: account.n, gt: 2, points: 1 }\n"
                         "  - { name: c, field: account.n, '<=': 3, points: 1 }\n"
                         "  - { name: d, field: account.n, lt: 4.5, points: 1 }\n"
                         "  - { name: e, field: lead.t, prefix: Mr, points: 1 }\n"
                         "  - { name: f, field: lead.t, contains: ceo, points: 1 }\n",
                 &l);
    assert_int_equal(l.defs.fit[0].match.op, HO_MATCH_GE);
    assert_int_equal(l.defs.fit[1].match.op, HO_MATCH_GT);
    assert_int_equal(l.defs.fit[2].match.op, HO_MATCH_LE);
    assert_int_equal(l.defs.fit[3].match.op, HO_MATCH_LT);
    assert_true(l.defs.fit[3].match.lo == 4.5);
    assert_int_equal(l.defs.fit[4].match.op, HO_MATCH_PREFIX);
    assert_int_equal(l.defs.fit[5].match.op, HO_MATCH_CONTAINS);
    unload(&l);
}

static void
test_case_sensitive_regex_is_compiled_case_sensitive(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL "fit: [ { name: a, field: lead.t, matches: '^CEO$', case_sensitive: true, "
                         "points: 1 } ]\n",
                 &l);
    assert_true(l.defs.fit[0].match.case_sensitive);
    assert_int_equal(regexec(l.defs.fit[0].match.re, "CEO", 0, NULL, 0), 0);
    assert_int_not_equal(regexec(l.defs.fit[0].match.re, "ceo", 0, NULL, 0), 0);
    unload(&l);
}

static void
test_window_rules_do_not_decay_by_default_and_per_event_rules_do(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL
                 "behavior:\n  decay: { half_life: 2w }\n  rules:\n"
                 "    - { name: a, event: e, points: 1 }\n"
                 "    - { name: b, event: e, points: 1, count: 3, within: 7d }\n"
                 "    - { name: c, event: e, points: 1, decay: false }\n"
                 "    - { name: d, event: e, points: 1, count: 3, within: 7d, decay: true }\n",
                 &l);
    assert_int_equal(l.defs.half_life_ms, 14 * HO_MS_PER_DAY);
    assert_true(l.defs.behavior[0].decays);
    assert_false(l.defs.behavior[1].decays);
    assert_false(l.defs.behavior[2].decays);
    assert_true(l.defs.behavior[3].decays);
    unload(&l);
    assert_one_problem(MINIMAL
                       "behavior: { rules: [ { name: a, event: e, points: 1, decay: true } ] }\n",
                       "t.yaml:3:54: ", "decay: true has no effect without a half-life");
}

static void
test_defaults_for_sql_criteria_names_and_benchmarks(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL
                 "benchmarks: { healthy: { mql_sal: [60, 80] }, mql_to_sql_tiers: { good: 45 } }\n",
                 &l);
    assert_string_equal(l.defs.sql_requires, "sales_qualify");
    assert_true(l.defs.bench.has_healthy[HO_TR_MQL_SAL]);
    assert_true(l.defs.bench.healthy_lo[HO_TR_MQL_SAL] == 60);
    assert_true(l.defs.bench.healthy_hi[HO_TR_MQL_SAL] == 80);
    assert_true(l.defs.bench.has_healthy[HO_TR_LEAD_MQL]);
    assert_true(l.defs.bench.tier_good == 45 && l.defs.bench.tier_average == 25);
    assert_false(ho_defs_is_signed(&l.defs));
    unload(&l);
}

static void
test_aliases_within_limits_are_expanded(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL "fit:\n"
                         "  - { name: a, field: account.country, in: &na [US, CA], points: 5 }\n"
                         "  - { name: b, field: lead.country, in: *na, points: 1 }\n",
                 &l);
    assert_strv(l.defs.fit[1].match.values, l.defs.fit[1].match.n_values, 2,
                (const char *const[]){ "US", "CA" });
    unload(&l);
}

static void
test_bind_resolves_ids_of_a_loaded_model(void **state)
{
    (void)state;
    struct loaded l;
    struct ho_strtab *t = ho_strtab_new();
    assert_loads(MINIMAL "fit: [ { name: a, field: lead.title, equals: x, points: 1 } ]\n"
                         "behavior: { rules: [ { name: b, event: page_view, where: { path: /x }, "
                         "points: 1 } ] }\n"
                         "reasons: { not_icp: { category: bad_fit, outcome: disqualified } }\n",
                 &l);
    ho_defs_bind(&l.defs, t);
    assert_int_equal(l.defs.fit[0].match.field_id, ho_strtab_find(t, "title", 5));
    assert_int_equal(l.defs.behavior[0].event_id, ho_strtab_find(t, "page_view", 9));
    assert_int_equal(l.defs.behavior[0].where[0].field_id, ho_strtab_find(t, "path", 4));
    assert_int_equal(l.defs.reasons[0].code_id, ho_strtab_find(t, "not_icp", 7));
    assert_int_not_equal(l.defs.reasons[0].code_id, 0);
    unload(&l);
    ho_strtab_free(t);
}

/* ---- limits ---------------------------------------------------------------------------- */

static void
test_nesting_deeper_than_the_limit_is_refused(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct loaded l;
    ho_buf_adds(&text, "calendar: ");
    for (int i = 0; i < HO_DEFS_MAX_DEPTH + 10; i++)
        ho_buf_addc(&text, '[');
    load_text(&l, text.ptr, text.len, "t.yaml");
    assert_int_equal(l.rc, HO_ELIMIT);
    assert_int_equal(count_lines(&l.errors), 1);
    assert_line(&l.errors, 0, "t.yaml:1:74: ", "nested more than 64 deep");
    unload(&l);
    ho_buf_release(&text);
}

static void
test_aliases_that_expand_beyond_the_node_limit_are_refused(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct loaded l;
    /* "Billion laughs": each level holds ten aliases of the one before. */
    ho_buf_adds(&text, "calendar:\n  l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n");
    for (int i = 1; i < 9; i++)
        ho_buf_printf(&text,
                      "  l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n",
                      i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    load_text(&l, text.ptr, text.len, "t.yaml");
    assert_int_equal(l.rc, HO_ELIMIT);
    assert_non_null(strstr(ho_buf_cstr(&l.errors), "aliases counted expanded"));
    unload(&l);
    ho_buf_release(&text);
}

static void
test_more_rules_than_the_limit_are_refused(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct loaded l;
    ho_buf_adds(&text, MINIMAL "fit:\n");
    for (int i = 0; i < HO_DEFS_MAX_RULES / 2 + 1; i++)
        ho_buf_printf(&text, "  - { name: f%d, field: lead.t, equals: x, points: 1 }\n", i);
    ho_buf_adds(&text, "behavior:\n  rules:\n");
    for (int i = 0; i < HO_DEFS_MAX_RULES / 2; i++)
        ho_buf_printf(&text, "    - { name: b%d, event: e, points: 1 }\n", i);
    load_text(&l, text.ptr, text.len, "t.yaml");
    assert_int_equal(l.rc, HO_ELIMIT);
    assert_line(&l.errors, 0, "t.yaml:1:1: ",
                "the file has 10001 fit, behavior and disqualify "
                "rules; the limit is 10000");
    unload(&l);
    ho_buf_release(&text);
}

static void
test_text_longer_than_the_limit_is_refused(void **state)
{
    (void)state;
    struct ho_buf text = HO_BUF_INIT;
    struct loaded l;
    ho_buf_adds(&text, MINIMAL "reasons: { a: { category: c, outcome: nurture } }\n"
                               "fit: [ { name: a, field: lead.t, equals: ");
    for (int i = 0; i < HO_DEFS_MAX_STRLEN + 1; i++)
        ho_buf_addc(&text, 'x');
    ho_buf_adds(&text, ", points: 1 } ]\n");
    load_text(&l, text.ptr, text.len, "t.yaml");
    assert_int_equal(l.rc, HO_ELIMIT);
    assert_line(&l.errors, 0, "t.yaml:4:42: ", "'equals' is 4097 bytes long; the limit is 4096");
    unload(&l);
    ho_buf_release(&text);
}

static void
test_input_larger_than_the_file_limit_is_refused_before_parsing(void **state)
{
    (void)state;
    struct loaded l;
    char *big = ho_xcalloc(HO_DEFS_MAX_FILE_BYTES + 1, 1);
    load_text(&l, big, HO_DEFS_MAX_FILE_BYTES + 1, "t.yaml");
    assert_int_equal(l.rc, HO_ELIMIT);
    assert_line(&l.errors, 0, "t.yaml:1:1: ", "the limit is 4194304");
    unload(&l);
    ho_xfree(big);
}

static void
test_missing_file_is_an_io_error_with_the_path(void **state)
{
    (void)state;
    struct ho_defs d;
    struct ho_buf errors = HO_BUF_INIT;
    struct ho_diag diag;
    ho_diag_clear(&diag);
    assert_int_equal(ho_defs_load_file(FIXTURES "no_such_file.yaml", &d, &errors, &diag), HO_EIO);
    assert_non_null(strstr(diag.msg, "no_such_file.yaml"));
    assert_int_equal(errors.len, 0);
    assert_empty_model(&d);
    ho_defs_release(&d);
}

int
main(void)
{
    const struct CMUnitTest example_tests[] = {
        cmocka_unit_test(test_example_has_version_owners_and_both_signatures),
        cmocka_unit_test(test_example_channels_normalise_the_published_sources),
        cmocka_unit_test(test_example_fit_rules_have_their_fields_conditions_and_points),
        cmocka_unit_test(test_example_behavior_rules_have_caps_windows_and_decay),
        cmocka_unit_test(test_example_disqualifiers_and_stages_resolve_their_rules),
        cmocka_unit_test(test_example_reasons_and_benchmarks_are_the_published_ones),
        cmocka_unit_test(test_example_elements_record_their_line_and_column),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_embedded_example_is_the_file_on_disk_and_loads),
        cmocka_unit_test(test_design_sketch_loads_including_calendar_sla_routing_and_reps),
        cmocka_unit_test(test_file_with_several_errors_reports_all_of_them_in_position_order),
        cmocka_unit_test(test_broken_file_leaves_the_output_model_empty),
        cmocka_unit_test(test_problem_lines_are_capped_and_the_rest_counted),
        cmocka_unit_test(test_bad_duration_is_reported_with_its_position_and_a_fix),
        cmocka_unit_test(test_regex_that_does_not_compile_is_reported_with_regerror_text),
        cmocka_unit_test(test_regex_whose_repetitions_explode_in_regcomp_is_refused),
        cmocka_unit_test(test_backspace_from_double_quoted_backslash_b_is_reported),
        cmocka_unit_test(test_unknown_rule_in_criteria_set_is_reported_with_its_position),
        cmocka_unit_test(test_unknown_key_is_reported_with_a_suggestion),
        cmocka_unit_test(test_bad_rule_names_say_what_is_wrong),
        cmocka_unit_test(test_unknown_key_without_close_match_lists_the_valid_keys),
        cmocka_unit_test(test_empty_sales_sections_load_but_unknown_sections_are_errors),
        cmocka_unit_test(test_wrong_type_is_reported_with_what_was_found),
        cmocka_unit_test(test_missing_required_key_is_reported_at_its_mapping),
        cmocka_unit_test(test_field_without_lead_or_account_prefix_is_reported),
        cmocka_unit_test(test_only_one_condition_per_rule_is_allowed),
        cmocka_unit_test(test_count_without_within_and_within_without_count_are_reported),
        cmocka_unit_test(test_max_needs_positive_points_and_min_negative_points),
        cmocka_unit_test(test_between_low_above_high_is_reported),
        cmocka_unit_test(test_duplicate_rule_names_across_fit_and_behavior_are_reported),
        cmocka_unit_test(test_duplicate_keys_are_reported),
        cmocka_unit_test(test_unknown_outcome_is_reported_with_the_two_outcomes),
        cmocka_unit_test(test_bad_signature_date_is_reported),
        cmocka_unit_test(test_tiers_that_do_not_increase_are_reported),
        cmocka_unit_test(test_mql_without_criteria_and_min_fit_alone_are_reported),
        cmocka_unit_test(test_negative_rule_in_criteria_set_is_reported),
        cmocka_unit_test(test_raw_value_mapped_to_two_channels_is_reported),
        cmocka_unit_test(test_exists_false_is_reported),
        cmocka_unit_test(test_case_sensitive_applies_only_to_matches),
        cmocka_unit_test(test_yaml_syntax_error_is_reported_with_its_position),
        cmocka_unit_test(test_tab_indentation_gets_a_hint),
        cmocka_unit_test(test_unknown_escape_in_double_quotes_gets_a_hint),
        cmocka_unit_test(test_empty_file_and_second_document_are_reported),
        cmocka_unit_test(test_text_with_nul_bytes_is_reported_not_truncated),
        cmocka_unit_test(test_line_breaks_quoted_from_the_input_stay_on_one_line),
        cmocka_unit_test(test_norway_is_a_country_not_false),
        cmocka_unit_test(test_flow_and_block_styles_load_the_same_model),
        cmocka_unit_test(test_where_key_suffixes_select_the_operator),
        cmocka_unit_test(test_comparison_operators_have_symbol_and_word_forms),
        cmocka_unit_test(test_case_sensitive_regex_is_compiled_case_sensitive),
        cmocka_unit_test(test_window_rules_do_not_decay_by_default_and_per_event_rules_do),
        cmocka_unit_test(test_defaults_for_sql_criteria_names_and_benchmarks),
        cmocka_unit_test(test_aliases_within_limits_are_expanded),
        cmocka_unit_test(test_bind_resolves_ids_of_a_loaded_model),
        cmocka_unit_test(test_nesting_deeper_than_the_limit_is_refused),
        cmocka_unit_test(test_aliases_that_expand_beyond_the_node_limit_are_refused),
        cmocka_unit_test(test_more_rules_than_the_limit_are_refused),
        cmocka_unit_test(test_text_longer_than_the_limit_is_refused),
        cmocka_unit_test(test_input_larger_than_the_file_limit_is_refused_before_parsing),
        cmocka_unit_test(test_missing_file_is_an_io_error_with_the_path),
    };
    int failed =
        cmocka_run_group_tests_name("example", example_tests, load_example, unload_example);
    failed += cmocka_run_group_tests_name("defs_yaml", tests, NULL, NULL);
    return failed;
}
