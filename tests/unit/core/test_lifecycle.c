/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/core/test_lifecycle.c - the sales transition table of
 * core/lifecycle.h, row by row, and the rows whose effects only a replay
 * shows (DESIGN.md §2).
 *
 * The expected rows are written from the lifecycle rules, not read back
 * from the table: every row must be selected by one case below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/compiler.h"
#include "base/strtab.h"
#include "core/lifecycle.h"
#include "core/model.h"
#include "core/stage.h"

#include "../../support/replay_fixture.h"

#define EV(id, ts, type, lead, acct, props, traits)                 \
    {                                                               \
        (id), (ts), (type), (lead), (acct), (props), (traits), NULL \
    }

enum { NO_ROW = -1 };

struct tcase {
    enum ho_sales_kind kind;
    enum ho_stage from;
    bool reason_disq;
    int move; /* enum ho_move, or NO_ROW */
    enum ho_stage to;
    unsigned effects;
    bool with_reason;
};

#define S(x) HO_STAGE_##x
static const struct tcase cases[] = {
    /* contacts: touched, in any stage, no move */
    { HO_SALES_CONTACT, S(MQL), false, HO_MOVE_NONE, S(LEAD), HO_FX_TOUCH, false },
    /* advances: reopen from an outcome (or lead), forward from an earlier stage */
    { HO_SALES_ACCEPT, S(NURTURE), false, HO_MOVE_ENTER, S(SAL), HO_FX_REOPEN, false },
    { HO_SALES_ACCEPT, S(MQL), false, HO_MOVE_ENTER, S(SAL), 0, false },
    { HO_SALES_ACCEPT, S(SQL), false, NO_ROW, S(LEAD), 0, false }, /* never backwards */
    { HO_SALES_QUALIFY, S(LEAD), false, HO_MOVE_ENTER, S(SQL), HO_FX_REOPEN, false },
    { HO_SALES_QUALIFY, S(SAL), false, HO_MOVE_ENTER, S(SQL), 0, false },
    { HO_SALES_QUALIFY, S(SQL), false, NO_ROW, S(LEAD), 0, false },
    { HO_SALES_OPP_CREATED, S(CLOSED_LOST), false, HO_MOVE_ENTER, S(OPPORTUNITY), HO_FX_REOPEN,
      false },
    { HO_SALES_OPP_CREATED, S(SQL), false, HO_MOVE_ENTER, S(OPPORTUNITY), 0, false },
    { HO_SALES_OPP_CREATED, S(MEETING), false, HO_MOVE_ENTER, S(OPPORTUNITY), 0, false },
    /* a booked meeting (stages.meeting): a touch that enters meeting from mql..sql,
     * opens a journey from an outcome, and changes nothing later on */
    { HO_SALES_MEETING, S(NURTURE), false, HO_MOVE_ENTER, S(MEETING), HO_FX_TOUCH | HO_FX_REOPEN,
      false },
    { HO_SALES_MEETING, S(SQL), false, HO_MOVE_ENTER, S(MEETING), HO_FX_TOUCH, false },
    { HO_SALES_MEETING, S(MQL), false, HO_MOVE_ENTER, S(MEETING), HO_FX_TOUCH, false },
    { HO_SALES_MEETING, S(OPPORTUNITY), false, HO_MOVE_NONE, S(LEAD), HO_FX_TOUCH, false },
    { HO_SALES_REJECT, S(MEETING), false, HO_MOVE_ENTER, S(NURTURE), 0, true },
    { HO_SALES_OPP_CREATED, S(CUSTOMER), false, NO_ROW, S(LEAD), 0, false },
    { HO_SALES_OPP_WON, S(DISQUALIFIED), false, HO_MOVE_ENTER, S(CUSTOMER), HO_FX_REOPEN, false },
    { HO_SALES_OPP_WON, S(OPPORTUNITY), false, HO_MOVE_ENTER, S(CUSTOMER), 0, false },
    { HO_SALES_OPP_WON, S(CUSTOMER), false, NO_ROW, S(LEAD), 0, false },
    /* lost: only an open deal (mql..opportunity), with the reason */
    { HO_SALES_OPP_LOST, S(OPPORTUNITY), false, HO_MOVE_ENTER, S(CLOSED_LOST), 0, true },
    { HO_SALES_OPP_LOST, S(LEAD), false, NO_ROW, S(LEAD), 0, false },
    /* reject: the reason's outcome decides; nothing after opportunity */
    { HO_SALES_REJECT, S(SAL), true, HO_MOVE_ENTER, S(DISQUALIFIED), HO_FX_SALES_DISQ, true },
    { HO_SALES_REJECT, S(SAL), false, HO_MOVE_ENTER, S(NURTURE), 0, true },
    { HO_SALES_REJECT, S(CUSTOMER), true, NO_ROW, S(LEAD), 0, false },
    /* nurture: moves up to opportunity and from closed_lost; revisit_at always */
    { HO_SALES_NURTURE, S(CLOSED_LOST), false, HO_MOVE_ENTER, S(NURTURE), HO_FX_REVISIT, true },
    { HO_SALES_NURTURE, S(CUSTOMER), false, HO_MOVE_NONE, S(NURTURE), HO_FX_REVISIT, false },
    /* disqualify: never a customer; an already disqualified lead only gets the flag */
    { HO_SALES_DISQUALIFY, S(DISQUALIFIED), false, HO_MOVE_NONE, S(DISQUALIFIED), HO_FX_SALES_DISQ,
      false },
    { HO_SALES_DISQUALIFY, S(SQL), false, HO_MOVE_ENTER, S(DISQUALIFIED), HO_FX_SALES_DISQ, true },
    { HO_SALES_DISQUALIFY, S(CUSTOMER), false, NO_ROW, S(LEAD), 0, false },
    /* requalify: back to lead without a journey change, only when disqualified */
    { HO_SALES_REQUALIFY, S(DISQUALIFIED), false, HO_MOVE_SET, S(LEAD), HO_FX_CLEAR_DISQ, false },
    { HO_SALES_REQUALIFY, S(NURTURE), false, NO_ROW, S(LEAD), 0, false },
};
#undef S

static void
test_each_row(void **state)
{
    (void)state;
    size_t n_rows;
    const struct ho_lifecycle_row *table = ho_lifecycle_table(&n_rows);
    bool hit[64] = { false };
    assert_true(n_rows <= HO_ARRAY_LEN(hit));
    for (size_t i = 0; i < HO_ARRAY_LEN(cases); i++) {
        const struct tcase *c = &cases[i];
        const struct ho_lifecycle_row *t = ho_lifecycle_find(c->kind, c->from, c->reason_disq);
        print_message("case %zu: kind %d from %s\n", i, (int)c->kind, ho_stage_name(c->from));
        if (c->move == NO_ROW) {
            assert_null(t);
            continue;
        }
        assert_non_null(t);
        assert_int_equal(t->event, c->kind);
        assert_int_equal(t->move, c->move);
        assert_int_equal(t->to, c->to);
        assert_int_equal(t->effects, c->effects);
        assert_int_equal(t->with_reason, c->with_reason);
        hit[t - table] = true;
    }
    for (size_t i = 0; i < n_rows; i++) {
        print_message("row %zu\n", i);
        assert_true(hit[i]); /* every row is selected by some case */
    }
}

/* Not a sales event: no kind; identify and page_view change no stage. */
static void
test_event_kinds(void **state)
{
    (void)state;
    struct ho_fx fx;
    ho_fx_init(&fx, ho_fx_example_yaml);
    static const struct ho_fx_event ev[] = {
        EV("k1", "2026-03-02T09:00:00Z", "page_view", "a@x.io", NULL, "path=/", NULL),
    };
    ho_fx_add(&fx, ev, HO_ARRAY_LEN(ev));
    assert_int_equal(ho_fx_replay(&fx, "a@x.io", INT64_MAX, false), HO_OK); /* binds */
    const struct ho_model *m = &fx.model;
    static const struct {
        const char *type;
        enum ho_sales_kind kind;
    } want[] = {
        { "contact_attempt", HO_SALES_CONTACT },
        { "contact_made", HO_SALES_CONTACT },
        { "meeting_booked", HO_SALES_CONTACT },
        { "sales_accept", HO_SALES_ACCEPT },
        { "sales_qualify", HO_SALES_QUALIFY }, /* the example's sql requires */
        { "opportunity_created", HO_SALES_OPP_CREATED },
        { "opportunity_won", HO_SALES_OPP_WON },
        { "opportunity_lost", HO_SALES_OPP_LOST },
        { "sales_reject", HO_SALES_REJECT },
        { "nurture", HO_SALES_NURTURE },
        { "disqualify", HO_SALES_DISQUALIFY },
        { "requalify", HO_SALES_REQUALIFY },
        { "page_view", HO_SALES_NONE },
        { "identify", HO_SALES_NONE },
    };
    for (size_t i = 0; i < HO_ARRAY_LEN(want); i++) {
        uint32_t id = ho_strtab_find(fx.log.strings, want[i].type, strlen(want[i].type));
        print_message("%s\n", want[i].type);
        assert_int_not_equal(id, 0);
        assert_int_equal(ho_lifecycle_kind(m, id), want[i].kind);
    }
    ho_fx_release(&fx);
}

/* The stage set decides two kinds: with a meeting stage its event enters
 * meeting; with sal off an accept is a touch (a contact) only. */
static void
test_event_kinds_follow_the_stage_set(void **state)
{
    (void)state;
    struct ho_fx fx;
    ho_fx_init(&fx, ho_fx_example_yaml);
    static const struct ho_fx_event ev[] = {
        EV("k1", "2026-03-02T09:00:00Z", "page_view", "a@x.io", NULL, "path=/", NULL),
    };
    ho_fx_add(&fx, ev, HO_ARRAY_LEN(ev));
    assert_int_equal(ho_fx_replay(&fx, "a@x.io", INT64_MAX, false), HO_OK); /* binds */
    struct ho_model m = fx.model; /* a copy whose stage set we change */
    uint32_t meeting = ho_strtab_find(fx.log.strings, "meeting_booked", strlen("meeting_booked"));
    uint32_t accept = ho_strtab_find(fx.log.strings, "sales_accept", strlen("sales_accept"));
    m.meeting_event = meeting;
    m.no_sal = true;
    assert_int_equal(ho_lifecycle_kind(&m, meeting), HO_SALES_MEETING);
    assert_int_equal(ho_lifecycle_kind(&m, accept), HO_SALES_CONTACT);
    m.meeting_event = 0;
    m.no_sal = false;
    assert_int_equal(ho_lifecycle_kind(&m, meeting), HO_SALES_CONTACT);
    assert_int_equal(ho_lifecycle_kind(&m, accept), HO_SALES_ACCEPT);
    ho_fx_release(&fx);
}

/* The HO_MOVE_NONE nurture row: a customer told to nurture stays a customer
 * and its journey takes revisit_at (2026-06-01 00:00 UTC). */
static void
test_nurture_of_customer_keeps_stage_sets_revisit(void **state)
{
    (void)state;
    struct ho_fx fx;
    ho_fx_init(&fx, ho_fx_example_yaml);
    static const struct ho_fx_event ev[] = {
        EV("c1", "2026-03-02T09:00:00Z", "opportunity_created", "c@x.io", NULL, "amount=1200",
           NULL),
        EV("c2", "2026-03-03T09:00:00Z", "opportunity_won", "c@x.io", NULL, NULL, NULL),
        EV("c3", "2026-03-04T09:00:00Z", "nurture", "c@x.io", NULL,
           "reason=bad_timing;revisit_at=2026-06-01", NULL),
    };
    ho_fx_add(&fx, ev, HO_ARRAY_LEN(ev));
    assert_int_equal(ho_fx_replay(&fx, "c@x.io", INT64_MAX, false), HO_OK);
    assert_int_equal(fx.res.stage, HO_STAGE_CUSTOMER);
    assert_int_equal(fx.res.n_journeys, 1);
    assert_false(fx.res.journeys[0].closed);
    assert_int_equal(fx.res.journeys[0].revisit_at, ho_fx_ms("2026-06-01T00:00:00Z"));
    ho_fx_release(&fx);
}

/* The HO_MOVE_NONE disqualify row: a lead disqualified by a rule (student,
 * .edu) and then by sales is sales-disqualified, in one journey-less stay. */
static void
test_disqualify_of_disqualified_marks_sales(void **state)
{
    (void)state;
    struct ho_fx fx;
    ho_fx_init(&fx, ho_fx_example_yaml);
    static const struct ho_fx_event ev[] = {
        EV("d1", "2026-03-02T09:00:00Z", "identify", "s@uni.edu", NULL, NULL, "title=Student"),
        EV("d2", "2026-03-03T09:00:00Z", "disqualify", "s@uni.edu", NULL, "reason=bad_data", NULL),
    };
    ho_fx_add(&fx, ev, HO_ARRAY_LEN(ev));
    assert_int_equal(ho_fx_replay(&fx, "s@uni.edu", INT64_MAX, false), HO_OK);
    assert_int_equal(fx.res.stage, HO_STAGE_DISQUALIFIED);
    assert_true(fx.res.sales_disqualified);
    assert_int_equal(fx.res.n_journeys, 0); /* never entered the funnel */
    ho_fx_release(&fx);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_row),
        cmocka_unit_test(test_event_kinds),
        cmocka_unit_test(test_event_kinds_follow_the_stage_set),
        cmocka_unit_test(test_nurture_of_customer_keeps_stage_sets_revisit),
        cmocka_unit_test(test_disqualify_of_disqualified_marks_sales),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
