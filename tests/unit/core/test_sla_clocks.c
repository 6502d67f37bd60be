/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_sla_clocks.c - starting and stopping SLA clocks
 * (core/sla.h), on hand-built, already bound definitions.
 *
 * Event types are plain ids: 7 = contact_attempt, 8 = contact_made,
 * 9 = callback_requested.  Times are small integers (ms).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/compiler.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/sla.h"
#include "core/stage.h"

static uint32_t until_attempt[] = { 7 };
static uint32_t until_made[] = { 8 };

static struct ho_sla
stage_sla(const char *name, enum ho_stage from, uint32_t *until)
{
    return (struct ho_sla){ .name = (char *)name,
                            .from_stage = (int)from,
                            .until_ids = until,
                            .n_until = 1,
                            .when_rule_index = -1 };
}

static struct ho_defs
defs_of(struct ho_sla *slas, size_t n)
{
    struct ho_defs d;
    memset(&d, 0, sizeof(d));
    d.slas = slas;
    d.n_slas = n;
    d.n_fit = 2;
    return d;
}

/* The first entry of each name starts, once a journey; another name and
 * another stage's SLA do not. */
static void
test_stage_clock_first_of_name_once_a_journey(void **state)
{
    (void)state;
    struct ho_sla s[] = { stage_sla("ft", HO_STAGE_MQL, until_attempt),
                          stage_sla("ft", HO_STAGE_MQL, until_made),
                          stage_sla("accept", HO_STAGE_SAL, until_made) };
    struct ho_defs d = defs_of(s, HO_ARRAY_LEN(s));
    struct ho_sla_clocks c = { 0 };
    struct ho_sla_scope j0 = { 0, 0, 0 };
    ho_sla_start_stage(&c, &d, &j0, HO_STAGE_MQL, 100);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.v[0].sla, 0); /* the first "ft" */
    assert_int_equal(c.v[0].started, 100);
    assert_true(c.v[0].stopped == HO_TIME_NONE);
    ho_sla_start_stage(&c, &d, &j0, HO_STAGE_MQL, 200); /* re-entered: no second clock */
    assert_int_equal(c.n, 1);
    struct ho_sla_scope j1 = { 1, 0, 0 };
    ho_sla_start_stage(&c, &d, &j1, HO_STAGE_MQL, 300); /* a new journey: a new clock */
    assert_int_equal(c.n, 2);
    assert_int_equal(c.v[1].journey, 1);
    ho_xfree(c.v);
}

/* when: a channel and a rule that held at the MQL (behaviour rule 0 is bit
 * n_fit + 0 = 2). */
static void
test_stage_clock_when(void **state)
{
    (void)state;
    struct ho_sla s[] = { stage_sla("paid", HO_STAGE_MQL, until_attempt),
                          stage_sla("demo", HO_STAGE_MQL, until_attempt) };
    s[0].when_channel = (char *)"paid";
    s[0].when_channel_id = 5;
    s[1].when_rule = (char *)"demo_request";
    s[1].when_rule_index = 0;
    struct ho_defs d = defs_of(s, HO_ARRAY_LEN(s));
    struct ho_sla_clocks c = { 0 };
    struct ho_sla_scope other = { 0, 1ULL << 0, 4 }; /* channel 4, only fit rule 0 held */
    ho_sla_start_stage(&c, &d, &other, HO_STAGE_MQL, 10);
    assert_int_equal(c.n, 0);
    struct ho_sla_scope match = { 1, 1ULL << 2, 5 };
    ho_sla_start_stage(&c, &d, &match, HO_STAGE_MQL, 20);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.v[0].sla, 0);
    assert_int_equal(c.v[1].sla, 1);
    ho_xfree(c.v);
}

/* An `until` event stops its clocks with that event; the journey's end
 * (type 0) stops the rest with no event; stopped clocks stay as they are. */
static void
test_stop(void **state)
{
    (void)state;
    struct ho_sla s[] = { stage_sla("ft", HO_STAGE_MQL, until_attempt),
                          stage_sla("made", HO_STAGE_MQL, until_made) };
    struct ho_defs d = defs_of(s, HO_ARRAY_LEN(s));
    struct ho_sla_clocks c = { 0 };
    struct ho_sla_scope j0 = { 0, 0, 0 };
    ho_sla_start_stage(&c, &d, &j0, HO_STAGE_MQL, 100);
    assert_int_equal(c.n, 2);
    ho_sla_stop(&c, &d, 0, 9, 150); /* ends neither */
    assert_true(c.v[0].stopped == HO_TIME_NONE && c.v[1].stopped == HO_TIME_NONE);
    ho_sla_stop(&c, &d, 0, 7, 160);
    assert_int_equal(c.v[0].stopped, 160);
    assert_int_equal(c.v[0].stop_event, 7);
    assert_true(c.v[1].stopped == HO_TIME_NONE);
    ho_sla_stop(&c, &d, 0, 0, 170);
    assert_int_equal(c.v[0].stopped, 160); /* unchanged */
    assert_int_equal(c.v[1].stopped, 170);
    assert_int_equal(c.v[1].stop_event, 0);
    ho_xfree(c.v);
}

/* An event SLA starts on its event in its `in` stage; a second request
 * while the clock runs starts none, one after it stopped starts its own. */
static void
test_event_clock(void **state)
{
    (void)state;
    struct ho_sla s[] = { stage_sla("callback", HO_STAGE_SAL, until_attempt) };
    s[0].event_id = 9;
    struct ho_defs d = defs_of(s, HO_ARRAY_LEN(s));
    struct ho_sla_clocks c = { 0 };
    struct ho_sla_scope j0 = { 0, 0, 0 };
    struct ho_event e = { .ts = 100, .type = 9 };
    ho_sla_start_event(&c, &d, &j0, NULL, &e, HO_STAGE_MQL); /* wrong stage */
    assert_int_equal(c.n, 0);
    ho_sla_start_stage(&c, &d, &j0, HO_STAGE_SAL, 90); /* event SLAs never start on entry */
    assert_int_equal(c.n, 0);
    ho_sla_start_event(&c, &d, &j0, NULL, &e, HO_STAGE_SAL);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.v[0].started, 100);
    e.ts = 120;
    ho_sla_start_event(&c, &d, &j0, NULL, &e, HO_STAGE_SAL); /* still running */
    assert_int_equal(c.n, 1);
    ho_sla_stop(&c, &d, 0, 7, 130);
    e.ts = 140;
    ho_sla_start_event(&c, &d, &j0, NULL, &e, HO_STAGE_SAL);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.v[1].started, 140);
    ho_xfree(c.v);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_clock_first_of_name_once_a_journey),
        cmocka_unit_test(test_stage_clock_when),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_event_clock),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
