/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/store/test_spend.c - the spend table (store/spend.c): spend
 * per channel and month round-trips, a channel and month stored again
 * replaces the amount, an empty store has no spend, and clearing the
 * derived state (a rebuild) keeps it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/pipeline.h"
#include "store/store.h"

/* Month index of YYYY-MM: y * 12 + m - 1. */
#define MONTH(y, m) ((int64_t)(y)*12 + (m)-1)

struct fx {
    struct ho_store *st;
    struct ho_strtab *s;
    struct ho_spend_row *rows;
    size_t n;
};

static int
setup(void **state)
{
    struct fx *f = ho_xcalloc(1, sizeof(*f));
    assert_int_equal(ho_store_open(":memory:", &f->st, NULL), HO_OK);
    f->s = ho_strtab_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fx *f = *state;
    ho_xfree(f->rows);
    ho_strtab_free(f->s);
    ho_store_close(f->st);
    ho_xfree(f);
    return 0;
}

static void
load(struct fx *f)
{
    ho_xfree(f->rows);
    assert_int_equal(ho_store_load_spend(f->st, f->s, &f->rows, &f->n, NULL), HO_OK);
}

static void
test_spend_round_trips_channel_month_and_amount(void **state)
{
    struct fx *f = *state;
    assert_int_equal(ho_store_put_spend(f->st, "webinar", MONTH(2026, 3), 1800.5, NULL), HO_OK);
    assert_int_equal(ho_store_put_spend(f->st, "paid_search", MONTH(2026, 12), 3000, NULL), HO_OK);
    assert_int_equal(ho_store_put_spend(f->st, "paid_search", MONTH(2026, 1), 2500, NULL), HO_OK);
    load(f);
    /* Ordered by channel, then month. */
    assert_int_equal(f->n, 3);
    assert_string_equal(ho_strtab_str(f->s, f->rows[0].channel), "paid_search");
    assert_int_equal(f->rows[0].month, MONTH(2026, 1));
    assert_true(f->rows[0].amount == 2500);
    assert_int_equal(f->rows[1].month, MONTH(2026, 12));
    assert_string_equal(ho_strtab_str(f->s, f->rows[2].channel), "webinar");
    assert_true(f->rows[2].amount == 1800.5);
    /* The month index is the one core uses for that calendar month. */
    int64_t t;
    assert_int_equal(ho_time_parse("2026-03-01", 10, &t, NULL), HO_OK);
    assert_int_equal(f->rows[2].month, ho_time_month_index(t));
}

static void
test_the_same_channel_and_month_again_replaces_the_amount(void **state)
{
    struct fx *f = *state;
    assert_int_equal(ho_store_put_spend(f->st, "webinar", MONTH(2026, 3), 9000, NULL), HO_OK);
    assert_int_equal(ho_store_put_spend(f->st, "webinar", MONTH(2026, 3), 6000, NULL), HO_OK);
    load(f);
    assert_int_equal(f->n, 1);
    assert_true(f->rows[0].amount == 6000);
}

static void
test_a_store_without_spend_loads_no_rows(void **state)
{
    struct fx *f = *state;
    load(f);
    assert_int_equal(f->n, 0);
}

static void
test_a_month_out_of_range_is_refused(void **state)
{
    struct fx *f = *state;
    struct ho_diag d = { 0 };
    assert_int_equal(ho_store_put_spend(f->st, "webinar", -1, 1, &d), HO_EINVAL);
    assert_int_equal(ho_store_put_spend(f->st, "webinar", MONTH(10000, 1), 1, &d), HO_EINVAL);
    load(f);
    assert_int_equal(f->n, 0);
}

static void
test_spend_survives_clearing_the_derived_state(void **state)
{
    struct fx *f = *state;
    assert_int_equal(ho_store_put_spend(f->st, "email", MONTH(2026, 2), 700, NULL), HO_OK);
    assert_int_equal(ho_store_begin(f->st, NULL), HO_OK);
    assert_int_equal(ho_store_clear_state(f->st, NULL), HO_OK);
    assert_int_equal(ho_store_commit(f->st, NULL), HO_OK);
    load(f);
    assert_int_equal(f->n, 1);
    assert_true(f->rows[0].amount == 700);
}

static void
test_a_rolled_back_transaction_stores_no_spend(void **state)
{
    struct fx *f = *state;
    assert_int_equal(ho_store_begin(f->st, NULL), HO_OK);
    assert_int_equal(ho_store_put_spend(f->st, "email", MONTH(2026, 2), 700, NULL), HO_OK);
    ho_store_rollback(f->st);
    load(f);
    assert_int_equal(f->n, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_spend_round_trips_channel_month_and_amount),
        T(test_the_same_channel_and_month_again_replaces_the_amount),
        T(test_a_store_without_spend_loads_no_rows),
        T(test_a_month_out_of_range_is_refused),
        T(test_spend_survives_clearing_the_derived_state),
        T(test_a_rolled_back_transaction_stores_no_spend),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
