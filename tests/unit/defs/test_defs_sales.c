/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/defs/test_defs_sales.c - the sales side of the definitions:
 * calendar (with its time zone read from TZif), sla, routing and reps.
 * The published example loads with every value in place; every validation
 * problem is reported at its exact file:line:col with a fix; the TZif reader
 * and the POSIX TZ rule parser give the offsets and transition instants of
 * the published rules.
 *
 * Columns in the expected positions were counted by hand on the YAML lines
 * quoted next to them (1-based; a flow item's position is its first
 * character).  Instants were worked out from the rules: America/New_York
 * changes at 02:00 local on the second Sunday of March (07:00Z) and the
 * first Sunday of November (06:00Z); Europe/Berlin at 01:00Z on the last
 * Sundays of March and October.
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
#include "core/calendar.h"
#include "core/defs.h"
#include "core/stage.h"
#include "defs/defs_yaml.h"
#include "defs/tzif.h"

#define FIXTURES HO_SOURCE_DIR "/tests/fixtures/defs/"
#define ZONES    HO_SOURCE_DIR "/tests/fuzz/corpus/fuzz_tzif/"
#define H        HO_MS_PER_HOUR

/* ---- helpers ------------------------------------------------------------------------ */

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
unload(struct loaded *l)
{
    ho_defs_release(&l->defs);
    ho_buf_release(&l->errors);
}

static void
read_all(const char *path, struct ho_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        ho_buf_add(out, chunk, n);
    fclose(f);
}

static size_t
count_lines(const struct ho_buf *b)
{
    size_t n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->ptr[i] == '\n';
    return n;
}

/* Line `index` (0-based) of b starts with prefix and contains what. */
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
    load_text(&l, text, strlen(text), "t.yaml");
    assert_int_equal(l.rc, HO_EPARSE);
    if (count_lines(&l.errors) != 1)
        fail_msg("expected one problem, got:\n%s", ho_buf_cstr(&l.errors));
    assert_line(&l.errors, 0, prefix, what);
    unload(&l);
}

static void
assert_loads(const char *text, struct loaded *l)
{
    load_text(l, text, strlen(text), "t.yaml");
    if (l->rc != HO_OK)
        fail_msg("expected to load, got:\n%s", ho_buf_cstr(&l->errors));
}

static int64_t
ms(const char *rfc3339)
{
    int64_t t = 0;
    struct ho_diag d;
    ho_diag_clear(&d);
    assert_int_equal(ho_time_parse(rfc3339, strlen(rfc3339), &t, &d), HO_OK);
    return t;
}

static int64_t
secs(const char *rfc3339)
{
    return ms(rfc3339) / 1000;
}

/* Index of the transition at instant t, or fail. */
static size_t
transition_at(const struct ho_tz *tz, int64_t t)
{
    for (size_t i = 1; i < tz->n; i++) {
        if (tz->at[i] == t)
            return i;
    }
    fail_msg("no transition at %lld", (long long)t);
    return 0;
}

static void
assert_strv(char *const *v, size_t n, size_t want_n, const char *const *want)
{
    assert_int_equal(n, want_n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(v[i], want[i]);
}

#define MINIMAL "version: 1\nstages: { mql: { min_score: 50 } }\n"

/* ---- the published example ------------------------------------------------------------ */

static int
load_example(void **state)
{
    static struct loaded l;
    ho_buf_init(&l.errors);
    ho_diag_clear(&l.diag);
    l.rc =
        ho_defs_load_file(HO_SOURCE_DIR "/examples/definitions.yaml", &l.defs, &l.errors, &l.diag);
    if (l.rc != HO_OK) {
        fprintf(stderr, "%s%s\n", ho_buf_cstr(&l.errors), l.diag.msg);
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
test_example_calendar_is_new_york_weekdays_8_to_18_with_two_holidays(void **state)
{
    const struct ho_calendar *c = &example(state)->calendar;
    assert_true(c->defined);
    assert_string_equal(c->tz.name, "America/New_York");
    for (int d = 0; d < 5; d++) {
        assert_int_equal(c->open_min[d], 8 * 60);
        assert_int_equal(c->close_min[d], 18 * 60);
    }
    assert_int_equal(c->open_min[5], c->close_min[5]); /* Saturday closed */
    assert_int_equal(c->open_min[6], c->close_min[6]); /* Sunday closed */
    assert_int_equal(c->n_holidays, 2);
    assert_int_equal(c->holidays[0], ho_days_from_civil(2026, 12, 25));
    assert_int_equal(c->holidays[1], ho_days_from_civil(2027, 1, 1));
    assert_true(c->pos.line > 0);
    /* The zone: EST in winter, EDT in summer, changing at the 2026 instants. */
    assert_int_equal(ho_tz_offset(&c->tz, ms("2026-01-15T12:00:00Z")), -18000);
    assert_int_equal(ho_tz_offset(&c->tz, ms("2026-07-15T12:00:00Z")), -14400);
    int64_t spring = ms("2026-03-08T07:00:00Z");
    int64_t fall = ms("2026-11-01T06:00:00Z");
    assert_int_equal(ho_tz_offset(&c->tz, spring - 1), -18000);
    assert_int_equal(ho_tz_offset(&c->tz, spring), -14400);
    assert_int_equal(ho_tz_offset(&c->tz, fall - 1), -14400);
    assert_int_equal(ho_tz_offset(&c->tz, fall), -18000);
    /* And the calendar works end to end: Fri 2026-01-16 17:00 EST (22:00Z)
     * plus 2 business hours is Mon 2026-01-19 09:00 EST (14:00Z). */
    assert_int_equal(ho_calendar_add_business(c, ms("2026-01-16T22:00:00Z"), 2 * H),
                     ms("2026-01-19T14:00:00Z"));
}

static void
test_example_has_the_four_slas_of_the_design_sketch_and_an_event_sla(void **state)
{
    const struct ho_defs *d = example(state);
    const struct ho_sla *s = d->slas;
    assert_int_equal(d->n_slas, 5);

    assert_string_equal(s[0].name, "first_touch");
    assert_string_equal(s[0].from, "mql");
    assert_strv(s[0].until, s[0].n_until, 1, (const char *const[]){ "contact_attempt" });
    assert_int_equal(s[0].within_ms, 5 * HO_MS_PER_MIN);
    assert_string_equal(s[0].when_rule, "demo_request");
    assert_null(s[0].when_channel);
    assert_true(s[0].raw_clock);

    assert_string_equal(s[1].name, "first_touch");
    assert_string_equal(s[1].from, "mql");
    assert_strv(s[1].until, s[1].n_until, 1, (const char *const[]){ "contact_attempt" });
    assert_int_equal(s[1].within_ms, 24 * H);
    assert_null(s[1].when_rule);
    assert_false(s[1].raw_clock); /* business is the default */

    assert_string_equal(s[2].name, "accept");
    assert_string_equal(s[2].from, "mql");
    assert_strv(s[2].until, s[2].n_until, 3,
                (const char *const[]){ "sales_accept", "sales_reject", "sales_qualify" });
    assert_int_equal(s[2].within_ms, 24 * H);
    assert_false(s[2].raw_clock);

    assert_string_equal(s[3].name, "disposition");
    assert_string_equal(s[3].from, "sal");
    assert_strv(s[3].until, s[3].n_until, 3,
                (const char *const[]){ "sales_qualify", "sales_reject", "nurture" });
    /* 5d on a business clock: 5 working days of 10 h (08:00-18:00) */
    assert_int_equal(s[3].within_ms, 5 * 10 * H);
    assert_true(s[3].pos.line > s[0].pos.line);

    /* and one that a demo request starts while the lead is an MQL */
    assert_string_equal(s[4].name, "demo_response");
    assert_null(s[4].from);
    assert_string_equal(s[4].event, "form_submit");
    assert_string_equal(s[4].in, "mql");
    assert_int_equal(s[4].n_where, 1);
    assert_int_equal(s[4].within_ms, 2 * H);
}

static void
test_example_routes_big_accounts_to_enterprise_and_the_rest_to_smb(void **state)
{
    const struct ho_defs *d = example(state);
    assert_int_equal(d->n_routing, 2);
    const struct ho_match *w = d->routing[0].when;
    assert_non_null(w);
    assert_int_equal(w->scope, HO_SCOPE_ACCOUNT);
    assert_string_equal(w->field, "employees");
    assert_int_equal(w->op, HO_MATCH_GE);
    assert_true(w->lo == 1000);
    assert_string_equal(d->routing[0].pool, "enterprise");
    assert_null(d->routing[1].when);
    assert_string_equal(d->routing[1].pool, "smb");
}

static void
test_example_reps_have_pools_weights_capacities_and_away_dates(void **state)
{
    const struct ho_defs *d = example(state);
    const struct ho_rep *r = d->reps;
    assert_int_equal(d->n_reps, 3);

    assert_string_equal(r[0].id, "sam");
    assert_strv(r[0].pools, r[0].n_pools, 1, (const char *const[]){ "smb" });
    assert_int_equal(r[0].weight, 2);
    assert_int_equal(r[0].capacity, 40);
    assert_int_equal(r[0].n_away, 0);

    assert_string_equal(r[1].id, "kim");
    assert_strv(r[1].pools, r[1].n_pools, 2, (const char *const[]){ "smb", "enterprise" });
    assert_int_equal(r[1].weight, 1);
    assert_int_equal(r[1].capacity, 25);
    assert_int_equal(r[1].n_away, 1);
    assert_int_equal(r[1].away_from[0], ho_days_from_civil(2026, 3, 2));
    assert_int_equal(r[1].away_to[0], ho_days_from_civil(2026, 3, 6));

    assert_string_equal(r[2].id, "lee");
    assert_strv(r[2].pools, r[2].n_pools, 1, (const char *const[]){ "enterprise" });
    assert_int_equal(r[2].weight, 1);
    assert_int_equal(r[2].capacity, 30);
    assert_int_equal(r[2].n_away, 0);
}

static void
test_bind_resolves_pools_rep_ids_and_routing_fields(void **state)
{
    (void)state;
    struct loaded l;
    struct ho_strtab *t = ho_strtab_new();
    struct ho_buf text = HO_BUF_INIT;
    read_all(HO_SOURCE_DIR "/examples/definitions.yaml", &text);
    load_text(&l, ho_buf_cstr(&text), text.len, "example");
    assert_int_equal(l.rc, HO_OK);
    ho_defs_bind(&l.defs, t);
    ho_defs_bind(&l.defs, t); /* idempotent */
    const struct ho_defs *d = &l.defs;
    assert_int_equal(d->routing[0].pool_id, ho_strtab_find(t, "enterprise", 10));
    assert_int_equal(d->routing[1].pool_id, ho_strtab_find(t, "smb", 3));
    assert_int_equal(d->routing[0].when->field_id, ho_strtab_find(t, "employees", 9));
    assert_int_equal(d->reps[1].id_id, ho_strtab_find(t, "kim", 3));
    assert_int_equal(d->reps[1].pool_ids[0], d->routing[1].pool_id);
    assert_int_equal(d->reps[1].pool_ids[1], d->routing[0].pool_id);
    assert_int_not_equal(d->routing[0].pool_id, 0);
    unload(&l);
    ho_strtab_free(t);
    ho_buf_release(&text);
}

static void
test_design_sketch_sales_side_loads(void **state)
{
    (void)state;
    struct loaded l;
    struct ho_buf text = HO_BUF_INIT;
    read_all(FIXTURES "design_sketch.yaml", &text);
    load_text(&l, ho_buf_cstr(&text), text.len, "design_sketch.yaml");
    if (l.rc != HO_OK)
        fail_msg("%s", ho_buf_cstr(&l.errors));
    assert_true(l.defs.calendar.defined);
    assert_int_equal(l.defs.n_slas, 4);
    assert_int_equal(l.defs.n_routing, 2);
    assert_int_equal(l.defs.n_reps, 2);
    assert_string_equal(l.defs.reps[1].pools[1], "enterprise");
    unload(&l);
    ho_buf_release(&text);
}

/* ---- what loads, and the defaults ------------------------------------------------------- */

static void
test_defaults_and_accepted_forms(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL
                 "channels: { paid_search: { utm_medium: [cpc] } }\n"
                 "calendar:\n"
                 "  timezone: Europe/Berlin\n"
                 "  hours:\n"
                 "    Monday: 09:00-17:30\n"
                 "    tue-thu: 9:00 - 17:00\n"
                 "    Sat: \"00:00-24:00\"\n"
                 "    sun: CLOSED\n"
                 "  holidays: [2026-12-26, 2026-12-25]\n"
                 "sla:\n"
                 "  - { name: a, from: sal, until: meeting_booked, within: 2d }\n"
                 "  - { name: b, from: mql, until: [x], within: 1h, when: { channel: other } }\n"
                 "  - { name: b, from: sal, until: [x], within: 1h }\n"
                 "  - { name: c, from: mql, until: [x], within: 1h, "
                 "when: { channel: paid_search } }\n"
                 "reps:\n"
                 "  - { id: sam, pools: [smb] }\n"
                 "  - id: kim\n"
                 "    pools: [smb]\n"
                 "    away: [[2026-03-02, 2026-03-06], [2026-04-01, 2026-04-01]]\n"
                 "routing:\n"
                 "  - { when: { field: lead.title, matches: '\\bVP\\b' }, pool: smb }\n"
                 "  - { pool: smb }\n",
                 &l);
    const struct ho_calendar *c = &l.defs.calendar;
    assert_string_equal(c->tz.name, "Europe/Berlin");
    assert_int_equal(c->open_min[0], 9 * 60);
    assert_int_equal(c->close_min[0], 17 * 60 + 30);
    for (int d = 1; d <= 3; d++)
        assert_true(c->open_min[d] == 9 * 60 && c->close_min[d] == 17 * 60);
    assert_int_equal(c->open_min[4], c->close_min[4]); /* Friday: not mentioned, closed */
    assert_true(c->open_min[5] == 0 && c->close_min[5] == 24 * 60);
    assert_int_equal(c->open_min[6], c->close_min[6]);
    /* Sorted whatever the order written. */
    assert_int_equal(c->holidays[0], ho_days_from_civil(2026, 12, 25));
    assert_int_equal(c->holidays[1], ho_days_from_civil(2026, 12, 26));
    /* until as one event; clock business by default; sla names may repeat
     * with another `from` or a `when`. */
    assert_int_equal(l.defs.n_slas, 4);
    assert_strv(l.defs.slas[0].until, l.defs.slas[0].n_until, 1,
                (const char *const[]){ "meeting_booked" });
    assert_false(l.defs.slas[0].raw_clock);
    assert_string_equal(l.defs.slas[1].when_channel, "other");
    /* Reps: weight 1 and capacity 0 (no limit) by default; two away periods. */
    assert_int_equal(l.defs.reps[0].weight, 1);
    assert_int_equal(l.defs.reps[0].capacity, 0);
    assert_int_equal(l.defs.reps[1].n_away, 2);
    assert_int_equal(l.defs.reps[1].away_from[1], ho_days_from_civil(2026, 4, 1));
    assert_int_equal(l.defs.reps[1].away_to[1], ho_days_from_civil(2026, 4, 1));
    /* A routing regex is compiled like a fit rule's. */
    assert_int_equal(l.defs.routing[0].when->op, HO_MATCH_REGEX);
    assert_int_equal(regexec(l.defs.routing[0].when->re, "vp sales", 0, NULL, 0), 0);
    unload(&l);
}

/* Issue 12: on a business clock a `d` is a working day of the calendar and
 * a `w` a week of its opening hours; h and m are business hours and minutes
 * as written; a raw clock keeps calendar days.  Mon-Fri 08:00-18:00 has
 * 10 h working days: 5d = 50 h (not 5 x 24 = 120), 2w = 10 days = 100 h. */
static void
test_day_units_on_a_business_clock_are_working_days(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(MINIMAL "calendar: { timezone: UTC, hours: { mon-fri: \"08:00-18:00\" } }\n"
                         "sla:\n"
                         "  - { name: a, from: sal, until: x, within: 5d }\n"
                         "  - { name: b, from: sal, until: x, within: 2w }\n"
                         "  - { name: c, from: sal, until: x, within: 24h }\n"
                         "  - { name: d, from: sal, until: x, within: 5d, clock: raw }\n"
                         "  - { name: e, from: sal, until: x, within: 90m }\n",
                 &l);
    assert_int_equal(ho_calendar_working_day_ms(&l.defs.calendar), 10 * H);
    assert_int_equal(l.defs.slas[0].within_ms, 50 * H);
    assert_int_equal(l.defs.slas[1].within_ms, 100 * H);
    assert_int_equal(l.defs.slas[2].within_ms, 24 * H);
    assert_int_equal(l.defs.slas[3].within_ms, 120 * H);
    assert_int_equal(l.defs.slas[4].within_ms, 90 * HO_MS_PER_MIN);
    unload(&l);
    /* Uneven days: Mon-Thu 9 h, Fri 5 h = 41 h over 5 days = 8.2 h (8 h 12 min)
     * a working day, so 1d = 8.2 business hours and 1w = 41. */
    assert_loads(MINIMAL "calendar: { timezone: UTC, hours: { mon-thu: \"08:00-17:00\", "
                         "fri: \"08:00-13:00\" } }\n"
                         "sla:\n"
                         "  - { name: a, from: sal, until: x, within: 1d }\n"
                         "  - { name: b, from: sal, until: x, within: 1w }\n",
                 &l);
    assert_int_equal(l.defs.slas[0].within_ms, 8 * H + 12 * HO_MS_PER_MIN);
    assert_int_equal(l.defs.slas[1].within_ms, 41 * H);
    unload(&l);
    /* No calendar: every hour is business time, a day is 24 of them. */
    assert_loads(MINIMAL "sla:\n  - { name: a, from: sal, until: x, within: 5d }\n", &l);
    assert_int_equal(l.defs.slas[0].within_ms, 120 * H);
    unload(&l);
}

/* Business durations read in business hours and working days (10 h here). */
static void
test_business_durations_show_hours_and_working_days(void **state)
{
    (void)state;
    char b[HO_TIME_STRLEN];
    assert_string_equal(ho_business_duration_format(24 * H, 10 * H, b),
                        "24 business hours = 2.4 working days");
    assert_string_equal(ho_business_duration_format(50 * H, 10 * H, b),
                        "50 business hours = 5 working days");
    assert_string_equal(ho_business_duration_format(10 * H, 10 * H, b),
                        "10 business hours = 1 working day");
    /* 10 h 10 min = 10.17 h = 1.017 days */
    assert_string_equal(ho_business_duration_format(10 * H + 10 * HO_MS_PER_MIN, 10 * H, b),
                        "10.2 business hours = 1.0 working days");
    /* 45 min = 0.075 days */
    assert_string_equal(ho_business_duration_format(45 * HO_MS_PER_MIN, 10 * H, b),
                        "45 business minutes = 0.1 working days");
    assert_string_equal(ho_business_duration_format(-3 * H, 10 * H, b),
                        "-3 business hours = -0.3 working days");
    assert_string_equal(ho_business_duration_format(2 * H, 0, b), "2 business hours");
}

static void
test_utc_needs_no_zone_file(void **state)
{
    (void)state;
    struct ho_tz tz;
    struct ho_diag d;
    ho_diag_clear(&d);
    /* Built in: the zone directory is not even looked at. */
    assert_int_equal(ho_tz_load("/nonexistent", "UTC", &tz, &d), HO_OK);
    assert_int_equal(tz.n, 1);
    assert_int_equal(tz.offset_s[0], 0);
    ho_tzif_release(&tz);
}

/* ---- calendar problems ------------------------------------------------------------------ */

#define CAL(tz, hours) MINIMAL "calendar:\n  timezone: " tz "\n  hours: " hours "\n"
#define WEEKDAYS       "{ mon-fri: \"08:00-18:00\" }"

static void
test_missing_time_zone_is_reported_at_its_value_with_a_hint(void **state)
{
    (void)state;
    /* line 4: "  timezone: Mars/Olympus_Mons": the value starts at column 13 */
    assert_one_problem(CAL("Mars/Olympus_Mons", WEEKDAYS), "t.yaml:4:13: ",
                       "unknown time zone 'Mars/Olympus_Mons' — use an IANA name such as "
                       "America/New_York");
    assert_one_problem(CAL("America", WEEKDAYS), "t.yaml:4:13: ",
                       "'America' is a group of time zones, not a zone — use an IANA name");
}

static void
test_time_zone_names_that_could_escape_the_zone_directory_are_refused(void **state)
{
    (void)state;
    assert_one_problem(CAL("\"../../etc/passwd\"", WEEKDAYS), "t.yaml:4:13: ",
                       "'../../etc/passwd' is not a time zone name — use an IANA name");
    assert_one_problem(CAL("/etc/localtime", WEEKDAYS),
                       "t.yaml:4:13: ", "'/etc/localtime' is not a time zone name");
    assert_one_problem(CAL("\"America/New York\"", WEEKDAYS),
                       "t.yaml:4:13: ", "'America/New York' is not a time zone name");
}

static void
test_bad_hours_are_reported_with_the_format_to_use(void **state)
{
    (void)state;
    /* line 5: '  hours: { mon-fri: "8-18" }': the value at column 21 */
    assert_one_problem(CAL("UTC", "{ mon-fri: \"8-18\" }"), "t.yaml:5:21: ",
                       "bad hours '8-18' for 'mon-fri' — write \"HH:MM-HH:MM\" in 24-hour time");
    assert_one_problem(CAL("UTC", "{ mon-fri: \"08:00-18:60\" }"),
                       "t.yaml:5:21: ", "bad hours '08:00-18:60'");
    assert_one_problem(CAL("UTC", "{ mon-fri: \"18:00-08:00\" }"),
                       "t.yaml:5:21: ", "hours '18:00-08:00' close before they open");
    /* line 5: '  hours: { mon: ["08:00-12:00", "13:00-17:00"] }': '[' at column 17 */
    assert_one_problem(CAL("UTC", "{ mon: [\"08:00-12:00\", \"13:00-17:00\"] }"),
                       "t.yaml:5:17: ", "one opening interval per day, not a list");
}

static void
test_unknown_day_is_reported_with_a_suggestion(void **state)
{
    (void)state;
    /* line 5: '  hours: { mnn: closed }': the key at column 12 */
    assert_one_problem(CAL("UTC", "{ mnn: closed, mon: \"09:00-17:00\" }"),
                       "t.yaml:5:12: ", "unknown day 'mnn' in hours — did you mean 'mon'?");
    assert_one_problem(CAL("UTC", "{ tuesdy: closed, mon: \"09:00-17:00\" }"),
                       "t.yaml:5:12: ", "unknown day 'tuesdy' in hours — did you mean 'tuesday'?");
    assert_one_problem(CAL("UTC", "{ weekdays: \"09:00-17:00\" }"), "t.yaml:5:12: ",
                       "write mon, tue, wed, thu, fri, sat or sun, or a range such as mon-fri");
}

static void
test_backwards_range_and_day_given_twice_are_reported(void **state)
{
    (void)state;
    assert_one_problem(CAL("UTC", "{ fri-mon: \"09:00-17:00\" }"),
                       "t.yaml:5:12: ", "day range 'fri-mon' runs backwards");
    /* line 5: '  hours: { mon-fri: "08:00-18:00", wed: closed }': wed at 36 */
    assert_one_problem(CAL("UTC", "{ mon-fri: \"08:00-18:00\", wed: closed }"), "t.yaml:5:36: ",
                       "'wed' gives hours for wed again (already given by 'mon-fri' at line 5) — "
                       "give each day once");
}

static void
test_calendar_closed_every_day_is_reported(void **state)
{
    (void)state;
    /* line 5: '  hours: { sat: closed, sun: closed }': the mapping at column 10 */
    assert_one_problem(CAL("UTC", "{ sat: closed, sun: closed }"), "t.yaml:5:10: ",
                       "the calendar is closed every day, so business-time SLA clocks would "
                       "never run");
}

static void
test_bad_and_repeated_holidays_are_reported(void **state)
{
    (void)state;
    /* line 6: '  holidays: [2026-12-25, 2027-01-01, 2026-12-25]': the second
     * 2026-12-25 at column 38 */
    assert_one_problem(CAL("UTC", WEEKDAYS) "  holidays: [2026-12-25, 2027-01-01, 2026-12-25]\n",
                       "t.yaml:6:38: ", "holiday 2026-12-25 is listed twice (also at line 6)");
    assert_one_problem(CAL("UTC", WEEKDAYS) "  holidays: [2026-02-30]\n",
                       "t.yaml:6:14: ", "bad date '2026-02-30' for 'holidays'");
    /* line 6: '  holiday: [2026-12-25]': the key at column 3 */
    assert_one_problem(CAL("UTC", WEEKDAYS) "  holiday: [2026-12-25]\n", "t.yaml:6:3: ",
                       "unknown key 'holiday' in the calendar — did you mean 'holidays'?");
}

static void
test_calendar_without_time_zone_is_reported(void **state)
{
    (void)state;
    /* line 3: 'calendar: { hours: ... }': the mapping at column 11 */
    assert_one_problem(MINIMAL "calendar: { hours: { mon: \"09:00-17:00\" } }\n", "t.yaml:3:11: ",
                       "the calendar is missing 'timezone' — add timezone: America/New_York");
}

/* ---- SLA problems ---------------------------------------------------------------------------- */

/* Lines 3-7; the SLA under test is line 8. */
#define SLA_BASE                                                             \
    MINIMAL "channels: { paid_search: { utm_medium: [cpc] } }\n"             \
            "behavior:\n  rules:\n"                                          \
            "    - { name: demo_request, event: form_submit, points: 30 }\n" \
            "sla:\n"

static void
test_sla_from_must_be_a_funnel_stage(void **state)
{
    (void)state;
    /* '  - { name: first_touch, from: mq, ...': 'mq' at column 32 */
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mq, until: contact_attempt, "
                                "within: 24h }\n",
                       "t.yaml:8:32: ",
                       "'from' must be a stage a journey enters — mql, sal, sql, opportunity or "
                       "customer, not 'mq'; did you mean 'mql'?");
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: disqualified, until: requalify, "
                                "within: 24h }\n",
                       "t.yaml:8:32: ", "not 'disqualified'");
}

static void
test_sla_when_must_name_a_rule_or_channel_that_exists(void **state)
{
    (void)state;
    /* 'demo_requst' at column 87, 'paid_serch' at column 90 */
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 5m, when: { rule: demo_requst } }\n",
                       "t.yaml:8:87: ",
                       "unknown rule 'demo_requst' in an SLA's when — did you mean "
                       "'demo_request'?");
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 5m, when: { channel: paid_serch } }\n",
                       "t.yaml:8:90: ",
                       "unknown channel 'paid_serch' in an SLA's when — did you mean "
                       "'paid_search'?");
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 5m, when: { rule: nothing_like_it } }\n",
                       "t.yaml:8:87: ", "name a rule defined under fit or behavior.rules");
}

static void
test_sla_when_takes_exactly_one_condition(void **state)
{
    (void)state;
    /* the 'channel' key at column 101; the empty '{}' at column 79 */
    assert_one_problem(SLA_BASE
                       "  - { name: first_touch, from: mql, until: contact_attempt, "
                       "within: 5m, when: { rule: demo_request, channel: paid_search } }\n",
                       "t.yaml:8:101: ",
                       "an SLA's when takes one condition, rule or channel, "
                       "not both");
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 5m, when: {} }\n",
                       "t.yaml:8:79: ", "'when' is empty");
}

static void
test_sla_within_until_and_clock_are_checked(void **state)
{
    (void)state;
    /* '24 hours' at column 69 */
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 24 hours }\n",
                       "t.yaml:8:69: ", "bad duration '24 hours' for 'within'");
    /* '[]' at column 39 */
    assert_one_problem(SLA_BASE "  - { name: accept, from: mql, until: [], within: 24h }\n",
                       "t.yaml:8:39: ", "'until' is an empty list — write until: contact_attempt");
    /* the second sales_accept at column 68 */
    assert_one_problem(SLA_BASE "  - { name: accept, from: mql, until: [sales_accept, "
                                "sales_reject, sales_accept], within: 24h }\n",
                       "t.yaml:8:68: ", "'sales_accept' is listed twice in 'until'");
    /* 'wall' at column 73 */
    assert_one_problem(SLA_BASE "  - { name: accept, from: mql, until: sales_accept, within: 24h, "
                                "clock: wall }\n",
                       "t.yaml:8:73: ", "unknown clock 'wall' — write clock: business");
    /* 'clok' at column 66 */
    assert_one_problem(SLA_BASE "  - { name: accept, from: mql, until: sales_accept, within: 24h, "
                                "clok: raw }\n",
                       "t.yaml:8:66: ", "unknown key 'clok' in an SLA — did you mean 'clock'?");
    /* the item at column 5 */
    assert_one_problem(SLA_BASE "  - { name: accept, from: mql, until: sales_accept }\n",
                       "t.yaml:8:5: ", "an SLA is missing 'within' — add within: 24h");
}

/* Issue 12: an SLA may start on an event (with a `where` on its props)
 * while the lead is in a stage, instead of on entering a stage. */
static void
test_an_sla_can_start_on_an_event_while_in_a_stage(void **state)
{
    (void)state;
    struct loaded l;
    assert_loads(SLA_BASE "  - { name: demo_response, event: form_submit, where: { form: demo }, "
                          "in: mql, until: contact_attempt, within: 2h }\n",
                 &l);
    const struct ho_sla *s = &l.defs.slas[0];
    assert_null(s->from);
    assert_string_equal(s->event, "form_submit");
    assert_string_equal(s->in, "mql");
    assert_int_equal(s->n_where, 1);
    assert_string_equal(s->where[0].field, "form");
    assert_int_equal(s->within_ms, 2 * H);
    unload(&l);
}

static void
test_an_event_sla_is_checked(void **state)
{
    (void)state;
    /* the 'event' key at column 27 */
    assert_one_problem(SLA_BASE "  - { name: r, from: mql, event: form_submit, until: x, "
                                "within: 2h }\n",
                       "t.yaml:8:27: ", "starts on entering a stage (from) or on an event");
    /* the item at column 5 */
    assert_one_problem(SLA_BASE "  - { name: r, until: x, within: 2h }\n", "t.yaml:8:5: ",
                       "an SLA is missing where its clock starts — add from: mql, or event:");
    /* the 'in' key at column 27 */
    assert_one_problem(SLA_BASE "  - { name: r, from: mql, in: mql, until: x, within: 2h }\n",
                       "t.yaml:8:27: ", "'in' belongs to an SLA that starts on an event");
    /* the item at column 5 */
    assert_one_problem(SLA_BASE "  - { name: r, event: form_submit, until: x, within: 2h }\n",
                       "t.yaml:8:5: ", "needs the stage the lead must be in — add in: mql");
    /* 'lead' at column 40 */
    assert_one_problem(SLA_BASE "  - { name: r, event: form_submit, in: lead, until: x, "
                                "within: 2h }\n",
                       "t.yaml:8:40: ", "'in' must be a stage a journey enters");
    /* a second event SLA of the same name, event and stage after one without
     * when or where never applies (line 9, column 5) */
    assert_one_problem(SLA_BASE
                       "  - { name: r, event: form_submit, in: mql, until: x, within: 2h }\n"
                       "  - { name: r, event: form_submit, in: mql, until: x, within: 1h, "
                       "where: { form: demo } }\n",
                       "t.yaml:9:5: ", "SLA 'r' on form_submit in mql never applies");
}

static void
test_sla_hidden_by_an_earlier_one_of_the_same_name_is_reported(void **state)
{
    (void)state;
    assert_one_problem(SLA_BASE "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 24h }\n"
                                "  - { name: first_touch, from: mql, until: contact_attempt, "
                                "within: 5m, when: { rule: demo_request }, clock: raw }\n",
                       "t.yaml:9:5: ",
                       "SLA 'first_touch' from mql never applies: the one at line 8 has the "
                       "same name and no 'when'");
}

/* ---- routing problems ------------------------------------------------------------------------ */

/* Lines 3-5; the rule under test is line 6. */
#define ROUTING_BASE MINIMAL "reps:\n  - { id: sam, pools: [smb] }\nrouting:\n"

static void
test_pool_with_no_rep_is_reported_at_the_pool(void **state)
{
    (void)state;
    /* '  - { pool: enterprise }': the pool at column 13 */
    assert_one_problem(ROUTING_BASE "  - { pool: enterprise }\n", "t.yaml:6:13: ",
                       "pool 'enterprise' has no rep, so its leads could never be assigned — add "
                       "a rep with pools: [enterprise], or route to another pool");
    assert_one_problem(ROUTING_BASE "  - { pool: smbb }\n",
                       "t.yaml:6:13: ", "pool 'smbb' has no rep — did you mean 'smb'?");
    /* No reps at all: line 4. */
    assert_one_problem(MINIMAL "routing:\n  - { pool: smb }\n",
                       "t.yaml:4:13: ", "pool 'smb' has no rep");
}

static void
test_routing_condition_is_checked_like_a_fit_rule(void **state)
{
    (void)state;
    /* 'employees' at column 22 */
    assert_one_problem(ROUTING_BASE "  - { when: { field: employees, \">=\": 1000 }, pool: smb }\n",
                       "t.yaml:6:22: ",
                       "field 'employees' must name a lead or account attribute — write e.g. "
                       "field: lead.employees or field: account.employees");
    /* '"<"' at column 53 */
    assert_one_problem(ROUTING_BASE "  - { when: { field: account.employees, \">=\": 1000, \"<\": "
                                    "5000 }, pool: smb }\n",
                       "t.yaml:6:53: ", "one condition per rule, but '<' comes after '>='");
    /* the when mapping at column 13 */
    assert_one_problem(ROUTING_BASE "  - { when: { field: account.employees }, pool: smb }\n",
                       "t.yaml:6:13: ", "a routing rule's when has no condition");
}

static void
test_routing_rule_after_a_catch_all_is_reported(void **state)
{
    (void)state;
    assert_one_problem(ROUTING_BASE "  - { pool: smb }\n"
                                    "  - { when: { field: account.employees, \">=\": 1000 }, "
                                    "pool: smb }\n",
                       "t.yaml:7:5: ",
                       "this routing rule is never used: the rule at line 6 has no 'when' and "
                       "takes every lead — move this one above it");
}

static void
test_unknown_routing_key_is_reported_with_a_suggestion(void **state)
{
    (void)state;
    struct loaded l;
    const char *text = ROUTING_BASE "  - { pol: smb }\n";
    load_text(&l, text, strlen(text), "t.yaml");
    assert_int_equal(l.rc, HO_EPARSE);
    assert_int_equal(count_lines(&l.errors), 2);
    assert_line(&l.errors, 0, "t.yaml:6:5: ",
                "a routing rule is missing 'pool' — add pool: "
                "enterprise");
    assert_line(&l.errors, 1,
                "t.yaml:6:7: ", "unknown key 'pol' in a routing rule — did you mean 'pool'?");
    unload(&l);
}

/* ---- rep problems ------------------------------------------------------------------------------
 */

#define REPS_BASE MINIMAL "reps:\n" /* the rep under test is line 4 */

static void
test_duplicate_rep_ids_are_reported(void **state)
{
    (void)state;
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb] }\n  - { id: sam, pools: [mid] }\n",
                       "t.yaml:5:5: ",
                       "rep id 'sam' is already used by the rep at line 4 — give each rep its own "
                       "id");
    /* '"sam smith"' at column 11 */
    assert_one_problem(REPS_BASE "  - { id: \"sam smith\", pools: [smb] }\n",
                       "t.yaml:4:11: ", "\"sam smith\" (in quotes) is not a valid name");
}

static void
test_rep_pools_weight_and_capacity_are_checked(void **state)
{
    (void)state;
    /* the second smb at column 29 */
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb, smb] }\n",
                       "t.yaml:4:29: ", "'smb' is listed twice in 'pools' — list it once");
    /* '[]' at column 23 */
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [] }\n",
                       "t.yaml:4:23: ", "'pools' is an empty list — write pools: [smb]");
    /* '0' at column 38, '-1' at column 40 */
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb], weight: 0 }\n", "t.yaml:4:38: ",
                       "'weight' must be a whole number from 1 to 1000000, not '0' — write "
                       "weight: 2");
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb], capacity: -1 }\n", "t.yaml:4:40: ",
                       "'capacity' must be a whole number from 0 to 1000000, not '-1'");
    /* 'wieght' at column 30 */
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb], wieght: 2 }\n",
                       "t.yaml:4:30: ", "unknown key 'wieght' in a rep — did you mean 'weight'?");
}

static void
test_away_periods_are_pairs_of_dates_in_order(void **state)
{
    (void)state;
    /* the pair '[' at column 36 */
    assert_one_problem(
        REPS_BASE "  - { id: sam, pools: [smb], away: [2026-03-06, 2026-03-02] }\n",
        "t.yaml:4:36: ", "away period ends before it starts (2026-03-06 is after 2026-03-02)");
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb], away: [2026-03-02] }\n",
                       "t.yaml:4:36: ", "an away period is a list of two dates [FROM, TO]");
    /* the lone date at column 63 */
    assert_one_problem(REPS_BASE "  - { id: sam, pools: [smb], away: [[2026-03-02, 2026-03-06], "
                                 "2026-04-01] }\n",
                       "t.yaml:4:63: ", "an away period is a list of two dates [FROM, TO]");
}

/* ---- many problems at once
 * ----------------------------------------------------------------------- */

static void
test_sales_errors_fixture_reports_every_problem_in_position_order(void **state)
{
    (void)state;
    struct loaded l;
    struct ho_buf text = HO_BUF_INIT;
    read_all(FIXTURES "sales_errors.yaml", &text);
    load_text(&l, ho_buf_cstr(&text), text.len, "sales_errors.yaml");
    assert_int_equal(l.rc, HO_EPARSE);
    assert_string_equal(l.diag.msg, "7 problems in sales_errors.yaml");
    if (count_lines(&l.errors) != 7)
        fail_msg("%s", ho_buf_cstr(&l.errors));
    /* Positions counted on tests/fixtures/defs/sales_errors.yaml. */
    assert_line(&l.errors, 0, "sales_errors.yaml:8:13: ", "unknown time zone 'Europe/Berlinn'");
    assert_line(&l.errors, 1, "sales_errors.yaml:10:5: ",
                "unknown day 'fir' in hours — did you "
                "mean 'fri'?");
    assert_line(&l.errors, 2, "sales_errors.yaml:12:32: ", "not 'mqll'; did you mean 'mql'?");
    assert_line(&l.errors, 3, "sales_errors.yaml:13:92: ", "unknown rule 'demo' in an SLA's when");
    assert_line(&l.errors, 4, "sales_errors.yaml:15:61: ", "pool 'enterprise' has no rep");
    assert_line(&l.errors, 5, "sales_errors.yaml:19:5: ",
                "rep id 'sam' is already used by the "
                "rep at line 18");
    assert_line(&l.errors, 6, "sales_errors.yaml:19:36: ", "away period ends before it starts");
    unload(&l);
    ho_buf_release(&text);
}

/* ---- TZif
 * ------------------------------------------------------------------------------------------ */

static void
parse_zone_file(const char *path, const char *name, struct ho_tz *tz)
{
    struct ho_buf data = HO_BUF_INIT;
    struct ho_diag d;
    ho_diag_clear(&d);
    read_all(path, &data);
    if (ho_tzif_parse(data.ptr, data.len, name, tz, &d) != HO_OK)
        fail_msg("%s: %s", path, d.msg);
    ho_buf_release(&data);
}

static void
assert_table_is_well_formed(const struct ho_tz *tz)
{
    assert_true(tz->n >= 1);
    assert_true(tz->at[0] == INT64_MIN);
    for (size_t i = 1; i < tz->n; i++) {
        assert_true(tz->at[i] > tz->at[i - 1]);
        assert_int_not_equal(tz->offset_s[i], tz->offset_s[i - 1]);
    }
}

static void
test_tzif_new_york_has_est_edt_and_the_2026_transitions(void **state)
{
    (void)state;
    struct ho_tz tz;
    parse_zone_file(ZONES "America_New_York", "America/New_York", &tz);
    assert_table_is_well_formed(&tz);
    assert_string_equal(tz.name, "America/New_York");
    assert_int_equal(ho_tz_offset(&tz, ms("2026-01-15T00:00:00Z")), -18000);
    assert_int_equal(ho_tz_offset(&tz, ms("2026-07-15T00:00:00Z")), -14400);
    size_t spring = transition_at(&tz, ms("2026-03-08T07:00:00Z"));
    size_t fall = transition_at(&tz, ms("2026-11-01T06:00:00Z"));
    assert_int_equal(tz.offset_s[spring], -14400);
    assert_int_equal(tz.offset_s[spring - 1], -18000);
    assert_int_equal(fall, spring + 1);
    assert_int_equal(tz.offset_s[fall], -18000);
    /* Before 1883 New York kept local mean time, -4:56:02 = -17762 s. */
    assert_int_equal(tz.offset_s[0], -17762);
    /* The footer rule carries on to 2100: the last changes are the second
     * Sunday of March 2100 (the 14th) and the first Sunday of November (the
     * 7th), and nothing after. */
    assert_int_equal(tz.at[tz.n - 1], ms("2100-11-07T06:00:00Z"));
    assert_int_equal(tz.at[tz.n - 2], ms("2100-03-14T07:00:00Z"));
    assert_int_equal(ho_tz_offset(&tz, ms("2099-07-01T00:00:00Z")), -14400);
    ho_tzif_release(&tz);
    ho_tzif_release(&tz); /* idempotent */
}

static void
test_tzif_berlin_has_cet_cest(void **state)
{
    (void)state;
    struct ho_tz tz;
    parse_zone_file(ZONES "Europe_Berlin", "Europe/Berlin", &tz);
    assert_table_is_well_formed(&tz);
    assert_int_equal(ho_tz_offset(&tz, ms("2026-01-15T00:00:00Z")), 3600);
    size_t spring = transition_at(&tz, ms("2026-03-29T01:00:00Z"));
    size_t fall = transition_at(&tz, ms("2026-10-25T01:00:00Z"));
    assert_int_equal(tz.offset_s[spring], 7200);
    assert_int_equal(tz.offset_s[fall], 3600);
    ho_tzif_release(&tz);
}

static void
test_system_zone_loads_the_same_table_as_its_file(void **state)
{
    (void)state;
    struct ho_tz a, b;
    struct ho_diag d;
    ho_diag_clear(&d);
    parse_zone_file(ZONES "America_New_York", "America/New_York", &a);
    if (ho_tz_load(NULL, "America/New_York", &b, &d) != HO_OK)
        fail_msg("%s (install tzdata)", d.msg);
    /* The system's tzdata may be newer than the copy; 2026 must agree. */
    for (int64_t t = ms("2026-01-01T00:00:00Z"); t < ms("2027-01-01T00:00:00Z"); t += H)
        assert_int_equal(ho_tz_offset(&a, t), ho_tz_offset(&b, t));
    ho_tzif_release(&a);
    ho_tzif_release(&b);
}

static void
test_zone_loading_errors_say_what_is_missing(void **state)
{
    (void)state;
    struct ho_tz tz;
    struct ho_diag d;
    ho_diag_clear(&d);
    assert_int_equal(ho_tz_load(NULL, "Mars/Olympus_Mons", &tz, &d), HO_ENOTFOUND);
    assert_string_equal(d.msg, "unknown time zone 'Mars/Olympus_Mons'");
    assert_int_equal(tz.n, 0);
    ho_diag_clear(&d);
    assert_int_equal(ho_tz_load("/nonexistent/zoneinfo", "Europe/Berlin", &tz, &d), HO_EIO);
    assert_non_null(strstr(d.msg, "install tzdata"));
    ho_diag_clear(&d);
    assert_int_equal(ho_tz_load(NULL, "../../etc/passwd", &tz, &d), HO_EINVAL);
    assert_int_equal(ho_tz_load(NULL, NULL, &tz, &d), HO_EINVAL);
}

static void
test_zone_names_are_checked_before_any_file_is_opened(void **state)
{
    (void)state;
    static const char *const good[] = { "America/New_York", "Etc/GMT+5", "UTC",
                                        "America/Port-au-Prince", "Asia/Ho_Chi_Minh" };
    static const char *const bad[] = { "",
                                       "/etc/passwd",
                                       "..",
                                       "../x",
                                       "America/../../x",
                                       "America//New_York",
                                       "America/",
                                       "./UTC",
                                       "a/.hidden",
                                       "New York",
                                       "x\\y",
                                       "a..b" };
    for (size_t i = 0; i < HO_ARRAY_LEN(good); i++)
        assert_true(ho_tz_name_ok(good[i], strlen(good[i])));
    for (size_t i = 0; i < HO_ARRAY_LEN(bad); i++) {
        if (ho_tz_name_ok(bad[i], strlen(bad[i])))
            fail_msg("'%s' accepted", bad[i]);
    }
    char long_name[HO_TZ_NAME_MAX + 2];
    memset(long_name, 'a', sizeof(long_name));
    assert_false(ho_tz_name_ok(long_name, sizeof(long_name)));
}

static void
put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A version 1 file: two types (+1 h "AAA", +2 h "BBB"), transitions to BBB
 * at 1,000,000,000 s and back to AAA at 1,100,000,000 s. */
static size_t
v1_file(unsigned char *f)
{
    memset(f, 0, 44);
    memcpy(f, "TZif", 4);
    put32(f + 32, 2); /* timecnt */
    put32(f + 36, 2); /* typecnt */
    put32(f + 40, 8); /* charcnt */
    unsigned char *p = f + 44;
    put32(p, 1000000000);
    put32(p + 4, 1100000000);
    p[8] = 1;
    p[9] = 0;
    p += 10;
    put32(p, 3600);
    p[4] = 0;
    p[5] = 0;
    put32(p + 6, 7200);
    p[10] = 1;
    p[11] = 4;
    p += 12;
    memcpy(p, "AAA\0BBB\0", 8);
    return (size_t)(p + 8 - f);
}

static void
test_tzif_version_1_file_uses_its_32_bit_data(void **state)
{
    (void)state;
    unsigned char f[128];
    size_t len = v1_file(f);
    struct ho_tz tz;
    struct ho_diag d;
    ho_diag_clear(&d);
    assert_int_equal(ho_tzif_parse(f, len, NULL, &tz, &d), HO_OK);
    assert_int_equal(tz.n, 3);
    assert_null(tz.name);
    assert_true(tz.at[0] == INT64_MIN);
    assert_int_equal(tz.offset_s[0], 3600); /* before the first transition: type 0 */
    assert_int_equal(tz.at[1], 1000000000LL * 1000);
    assert_int_equal(tz.offset_s[1], 7200);
    assert_int_equal(tz.at[2], 1100000000LL * 1000);
    assert_int_equal(tz.offset_s[2], 3600); /* no footer: the last type holds forever */
    ho_tzif_release(&tz);
}

static void
expect_tzif_error(const unsigned char *f, size_t len, ho_rc want, const char *what)
{
    struct ho_tz tz;
    struct ho_diag d;
    ho_diag_clear(&d);
    assert_int_equal(ho_tzif_parse(f, len, "x", &tz, &d), want);
    if (strstr(d.msg, what) == NULL)
        fail_msg("message '%s' lacks '%s'", d.msg, what);
    assert_int_equal(tz.n, 0);
    assert_null(tz.at);
    assert_null(tz.name);
}

static void
test_damaged_tzif_files_are_refused_with_the_reason(void **state)
{
    (void)state;
    unsigned char f[128];
    size_t len = v1_file(f);
    expect_tzif_error(f, 10, HO_EPARSE, "truncated TZif header");
    expect_tzif_error(f, len - 1, HO_EPARSE, "truncated TZif data block");
    memcpy(f, "TZIF", 4);
    expect_tzif_error(f, len, HO_EPARSE, "no 'TZif' magic");
    len = v1_file(f);
    put32(f + 44, 1200000000); /* first transition after the second */
    expect_tzif_error(f, len, HO_EPARSE, "not in ascending order");
    len = v1_file(f);
    f[44 + 8] = 2; /* type index 2 of 2 */
    expect_tzif_error(f, len, HO_EPARSE, "names time type 2 of 2");
    len = v1_file(f);
    put32(f + 28, 1); /* one leap second record */
    expect_tzif_error(f, len, HO_EPARSE, "leap-second records");
    len = v1_file(f);
    put32(f + 32, 0x7fffffff); /* timecnt far beyond the limit */
    expect_tzif_error(f, len, HO_ELIMIT, "the limits are");
    len = v1_file(f);
    put32(f + 54, 27 * 3600); /* type 0 at +27 h */
    expect_tzif_error(f, len, HO_EPARSE, "beyond 26 hours");
    /* A version 2 file must have its 64-bit block and footer. */
    len = v1_file(f);
    f[4] = '2';
    expect_tzif_error(f, len, HO_EPARSE, "truncated TZif header");
}

/* A version 2 file with no transitions, one type (offset std) and a footer. */
static size_t
v2_rule_file(unsigned char *f, int32_t std, const char *footer)
{
    size_t n = 0;
    for (int block = 0; block < 2; block++) {
        memset(f + n, 0, 44);
        memcpy(f + n, "TZif2", 5);
        put32(f + n + 36, 1);
        put32(f + n + 40, 4);
        n += 44;
        put32(f + n, (uint32_t)std);
        f[n + 4] = 0;
        f[n + 5] = 0;
        memcpy(f + n + 6, "XXX\0", 4);
        n += 10;
    }
    f[n++] = '\n';
    memcpy(f + n, footer, strlen(footer));
    n += strlen(footer);
    f[n++] = '\n';
    return n;
}

static void
test_footer_rule_alone_is_expanded_from_1900_to_2100(void **state)
{
    (void)state;
    unsigned char f[256];
    size_t len = v2_rule_file(f, -18000, "EST5EDT,M3.2.0,M11.1.0");
    struct ho_tz tz;
    struct ho_diag d;
    ho_diag_clear(&d);
    assert_int_equal(ho_tzif_parse(f, len, NULL, &tz, &d), HO_OK);
    assert_table_is_well_formed(&tz);
    /* January 1900 is standard time; then two changes a year, 1900-2100. */
    assert_int_equal(tz.offset_s[0], -18000);
    assert_int_equal(tz.n, 1 + 2 * 201);
    assert_int_equal(tz.offset_s[transition_at(&tz, ms("2026-03-08T07:00:00Z"))], -14400);
    assert_int_equal(tz.offset_s[transition_at(&tz, ms("2026-11-01T06:00:00Z"))], -18000);
    ho_tzif_release(&tz);

    /* Permanent DST, written as DST from January 1 00:00 to December 31
     * 25:00: the change back and the next start fall on one instant and
     * cancel, so from 1900-01-01T05:00Z on it is EDT until 2101. */
    len = v2_rule_file(f, -18000, "EST5EDT,0/0,J365/25");
    assert_int_equal(ho_tzif_parse(f, len, NULL, &tz, &d), HO_OK);
    assert_table_is_well_formed(&tz);
    assert_int_equal(tz.n, 3);
    assert_int_equal(tz.at[1], ho_days_from_civil(1900, 1, 1) * HO_MS_PER_DAY + 5 * H);
    assert_int_equal(tz.offset_s[1], -14400);
    assert_int_equal(tz.at[2], ms("2101-01-01T05:00:00Z"));
    ho_tzif_release(&tz);

    /* A rule without DST just fixes the offset. */
    len = v2_rule_file(f, 3 * 3600, "<+03>-3");
    assert_int_equal(ho_tzif_parse(f, len, NULL, &tz, &d), HO_OK);
    assert_int_equal(tz.n, 1);
    assert_int_equal(tz.offset_s[0], 3 * 3600);
    ho_tzif_release(&tz);

    /* A footer that does not parse makes the file unusable. */
    len = v2_rule_file(f, -18000, "EST5EDT");
    ho_diag_clear(&d);
    assert_int_equal(ho_tzif_parse(f, len, NULL, &tz, &d), HO_EPARSE);
    assert_non_null(strstr(d.msg, "daylight time needs a rule"));
}

/* ---- POSIX TZ rules
 * -------------------------------------------------------------------------------- */

static struct ho_tz_rule
rule(const char *s)
{
    struct ho_tz_rule r;
    struct ho_diag d;
    ho_diag_clear(&d);
    if (ho_tz_rule_parse(s, strlen(s), &r, &d) != HO_OK)
        fail_msg("'%s': %s", s, d.msg);
    return r;
}

static void
test_posix_rule_with_month_week_day_changes(void **state)
{
    (void)state;
    struct ho_tz_rule r = rule("EST5EDT,M3.2.0,M11.1.0");
    assert_string_equal(r.std_name, "EST");
    assert_int_equal(r.std_offset_s, -5 * 3600); /* written west: EST5 is UTC-5 */
    assert_true(r.has_dst);
    assert_string_equal(r.dst_name, "EDT");
    assert_int_equal(r.dst_offset_s, -4 * 3600); /* one hour ahead by default */
    assert_int_equal(r.start.kind, HO_TZ_DAY_MWD);
    assert_true(r.start.month == 3 && r.start.week == 2 && r.start.weekday == 0);
    assert_int_equal(r.start.time_s, 2 * 3600); /* 02:00 by default */
    assert_true(r.end.month == 11 && r.end.week == 1 && r.end.weekday == 0);
    int64_t to_dst, to_std;
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2026-03-08T07:00:00Z")); /* 02:00 EST */
    assert_int_equal(to_std, secs("2026-11-01T06:00:00Z")); /* 02:00 EDT */

    /* Week 5 is the last such weekday; /3 ends at 03:00 daylight time. */
    r = rule("CET-1CEST,M3.5.0,M10.5.0/3");
    assert_int_equal(r.std_offset_s, 3600);
    assert_int_equal(r.dst_offset_s, 7200);
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2026-03-29T01:00:00Z")); /* 02:00 CET */
    assert_int_equal(to_std, secs("2026-10-25T01:00:00Z")); /* 03:00 CEST */

    /* Southern hemisphere: DST from the first Sunday of October (the 4th in
     * 2026, 02:00 AEST = 16:00Z the day before) to the first Sunday of April
     * (the 5th, 03:00 AEDT = 16:00Z the day before). */
    r = rule("AEST-10AEDT,M10.1.0,M4.1.0/3");
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2026-10-03T16:00:00Z"));
    assert_int_equal(to_std, secs("2026-04-04T16:00:00Z"));
}

static void
test_posix_rule_with_quoted_names_negative_times_and_explicit_dst_offset(void **state)
{
    (void)state;
    /* America/Nuuk: UTC-2, DST UTC-1, changing at -01:00 (23:00 the day
     * before) on the last Sunday of March and at 00:00 on the last Sunday of
     * October: both 01:00Z, like the EU. */
    struct ho_tz_rule r = rule("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    assert_string_equal(r.std_name, "-02");
    assert_string_equal(r.dst_name, "-01");
    assert_int_equal(r.std_offset_s, -7200);
    assert_int_equal(r.dst_offset_s, -3600);
    assert_int_equal(r.start.time_s, -3600);
    int64_t to_dst, to_std;
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2026-03-29T01:00:00Z"));
    assert_int_equal(to_std, secs("2026-10-25T01:00:00Z"));

    r = rule("NZST-12NZDT-13,M9.5.0,M4.1.0/3");
    assert_int_equal(r.std_offset_s, 12 * 3600);
    assert_int_equal(r.dst_offset_s, 13 * 3600);

    r = rule("IST-5:30");
    assert_false(r.has_dst);
    assert_int_equal(r.std_offset_s, 5 * 3600 + 30 * 60);

    r = rule("<+0330>-3:30:15");
    assert_string_equal(r.std_name, "+0330");
    assert_int_equal(r.std_offset_s, 3 * 3600 + 30 * 60 + 15);

    /* RFC 8536 allows times from -167 to 167 hours. */
    r = rule("AAA3BBB,M3.2.0/167,M11.1.0/-167");
    assert_int_equal(r.start.time_s, 167 * 3600);
    assert_int_equal(r.end.time_s, -167 * 3600);

    r = rule("");
    assert_true(r.empty);
}

static void
test_posix_rule_julian_days_count_february_29_or_not(void **state)
{
    (void)state;
    int64_t to_dst, to_std;
    /* Jn never counts February 29: J60 is March 1 even in 2028.  02:00 at
     * UTC-3 is 05:00Z. */
    struct ho_tz_rule r = rule("AAA3BBB,J60,J300");
    assert_int_equal(r.start.kind, HO_TZ_DAY_JULIAN1);
    ho_tz_rule_year(&r, 2028, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2028-03-01T05:00:00Z"));
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2026-03-01T05:00:00Z"));
    /* n counts from 0 and counts February 29: day 59 is February 29 in 2028
     * and March 1 in 2026. */
    r = rule("AAA3BBB,59,299");
    assert_int_equal(r.start.kind, HO_TZ_DAY_JULIAN0);
    ho_tz_rule_year(&r, 2028, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2028-02-29T05:00:00Z"));
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_int_equal(to_dst, secs("2026-03-01T05:00:00Z"));
    /* No DST: no changes. */
    r = rule("UTC0");
    ho_tz_rule_year(&r, 2026, &to_dst, &to_std);
    assert_true(to_dst == 0 && to_std == 0);
}

static void
test_posix_rule_errors_say_what_and_where(void **state)
{
    (void)state;
    static const struct {
        const char *rule, *what;
    } bad[] = {
        { "EST", "expected hours at byte 4" },
        { "ES5", "time zone name shorter than 3 characters" },
        { "<+03-3", "'<' name without its '>'" },
        { "EST25", "expected hours" },
        { "EST5:60", "expected minutes 00-59" },
        { "EST5EDT", "daylight time needs a rule" },
        { "EST5EDT,M3.2.0", "expected ',' and the end of daylight time" },
        { "EST5EDT,M13.2.0,M11.1.0", "expected a month 1-12" },
        { "EST5EDT,M3.6.0,M11.1.0", "expected a week 1-5" },
        { "EST5EDT,M3.2.7,M11.1.0", "expected a weekday 0-6" },
        { "EST5EDT,M3.2.0/168,M11.1.0", "expected hours" },
        { "EST5EDT,J0,J100", "expected a day 1-365 after 'J'" },
        { "EST5EDT,366,100", "expected Mm.w.d, Jn or a day 0-365" },
        { "EST5 ", "time zone name shorter than 3 characters at byte 5" },
        { "EST5EDT,M3.2.0,M11.1.0x", "unexpected text after the rule at byte 23" },
        { "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG5", "longer than 32 bytes" },
    };
    for (size_t i = 0; i < HO_ARRAY_LEN(bad); i++) {
        struct ho_tz_rule r;
        struct ho_diag d;
        ho_diag_clear(&d);
        assert_int_equal(ho_tz_rule_parse(bad[i].rule, strlen(bad[i].rule), &r, &d), HO_EPARSE);
        if (strstr(d.msg, bad[i].what) == NULL)
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].rule, d.msg, bad[i].what);
        assert_false(r.has_dst);
        assert_string_equal(r.std_name, "");
    }
}

int
main(void)
{
    const struct CMUnitTest example_tests[] = {
        cmocka_unit_test(test_example_calendar_is_new_york_weekdays_8_to_18_with_two_holidays),
        cmocka_unit_test(test_example_has_the_four_slas_of_the_design_sketch_and_an_event_sla),
        cmocka_unit_test(test_example_routes_big_accounts_to_enterprise_and_the_rest_to_smb),
        cmocka_unit_test(test_example_reps_have_pools_weights_capacities_and_away_dates),
    };
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bind_resolves_pools_rep_ids_and_routing_fields),
        cmocka_unit_test(test_design_sketch_sales_side_loads),
        cmocka_unit_test(test_defaults_and_accepted_forms),
        cmocka_unit_test(test_day_units_on_a_business_clock_are_working_days),
        cmocka_unit_test(test_business_durations_show_hours_and_working_days),
        cmocka_unit_test(test_utc_needs_no_zone_file),
        cmocka_unit_test(test_missing_time_zone_is_reported_at_its_value_with_a_hint),
        cmocka_unit_test(test_time_zone_names_that_could_escape_the_zone_directory_are_refused),
        cmocka_unit_test(test_bad_hours_are_reported_with_the_format_to_use),
        cmocka_unit_test(test_unknown_day_is_reported_with_a_suggestion),
        cmocka_unit_test(test_backwards_range_and_day_given_twice_are_reported),
        cmocka_unit_test(test_calendar_closed_every_day_is_reported),
        cmocka_unit_test(test_bad_and_repeated_holidays_are_reported),
        cmocka_unit_test(test_calendar_without_time_zone_is_reported),
        cmocka_unit_test(test_sla_from_must_be_a_funnel_stage),
        cmocka_unit_test(test_sla_when_must_name_a_rule_or_channel_that_exists),
        cmocka_unit_test(test_sla_when_takes_exactly_one_condition),
        cmocka_unit_test(test_sla_within_until_and_clock_are_checked),
        cmocka_unit_test(test_an_sla_can_start_on_an_event_while_in_a_stage),
        cmocka_unit_test(test_an_event_sla_is_checked),
        cmocka_unit_test(test_sla_hidden_by_an_earlier_one_of_the_same_name_is_reported),
        cmocka_unit_test(test_pool_with_no_rep_is_reported_at_the_pool),
        cmocka_unit_test(test_routing_condition_is_checked_like_a_fit_rule),
        cmocka_unit_test(test_routing_rule_after_a_catch_all_is_reported),
        cmocka_unit_test(test_unknown_routing_key_is_reported_with_a_suggestion),
        cmocka_unit_test(test_duplicate_rep_ids_are_reported),
        cmocka_unit_test(test_rep_pools_weight_and_capacity_are_checked),
        cmocka_unit_test(test_away_periods_are_pairs_of_dates_in_order),
        cmocka_unit_test(test_sales_errors_fixture_reports_every_problem_in_position_order),
        cmocka_unit_test(test_tzif_new_york_has_est_edt_and_the_2026_transitions),
        cmocka_unit_test(test_tzif_berlin_has_cet_cest),
        cmocka_unit_test(test_system_zone_loads_the_same_table_as_its_file),
        cmocka_unit_test(test_zone_loading_errors_say_what_is_missing),
        cmocka_unit_test(test_zone_names_are_checked_before_any_file_is_opened),
        cmocka_unit_test(test_tzif_version_1_file_uses_its_32_bit_data),
        cmocka_unit_test(test_damaged_tzif_files_are_refused_with_the_reason),
        cmocka_unit_test(test_footer_rule_alone_is_expanded_from_1900_to_2100),
        cmocka_unit_test(test_posix_rule_with_month_week_day_changes),
        cmocka_unit_test(test_posix_rule_with_quoted_names_negative_times_and_explicit_dst_offset),
        cmocka_unit_test(test_posix_rule_julian_days_count_february_29_or_not),
        cmocka_unit_test(test_posix_rule_errors_say_what_and_where),
    };
    int failed =
        cmocka_run_group_tests_name("example", example_tests, load_example, unload_example);
    failed += cmocka_run_group_tests_name("sales", tests, NULL, NULL);
    return failed;
}
