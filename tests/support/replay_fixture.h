/* SPDX-License-Identifier: MIT */
/*
 * tests/support/replay_fixture.h - build an event log and definitions from
 * compact tables, and replay one lead, for the core unit tests.
 *
 * A fixture owns definitions loaded from YAML text, an event log, the model
 * that binds them and a replay scratch.  Events are given as rows of C
 * strings; props and traits are written "key=value;key=value".  Every helper
 * fails the running cmocka test on a setup error, so tests only assert on
 * the behaviour under test.
 *
 * Usage:
 *     struct ho_fx fx;
 *     ho_fx_init(&fx, ho_fx_example_yaml);
 *     ho_fx_add(&fx, rows, HO_ARRAY_LEN(rows));
 *     assert_int_equal(ho_fx_replay(&fx, "ana", INT64_MAX, true), HO_OK);
 *     ... fx.res, ho_fx_rule(&fx, "demo_request") ...
 *     ho_fx_release(&fx);
 *
 * Events may be added until the first replay; the model is bound then.
 */
#ifndef HO_TESTS_SUPPORT_REPLAY_FIXTURE_H
#define HO_TESTS_SUPPORT_REPLAY_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/model.h"
#include "core/replay.h"

/* One event row.  NULL fields are absent. */
struct ho_fx_event {
    const char *id;
    const char *ts; /* RFC 3339 */
    const char *type;
    const char *lead;
    const char *account;
    const char *props;  /* "k=v;k=v" */
    const char *traits; /* "k=v;k=v" (identify / group) */
    const char *channel;
};

#define HO_FX_MAX_EVENTS 512

struct ho_fx {
    struct ho_defs defs;
    struct ho_eventlog log;
    struct ho_model model;
    bool bound;
    struct ho_replay *replay;       /* owned */
    struct ho_lead_result res;      /* the last replay's result */
    uint32_t idx[HO_FX_MAX_EVENTS]; /* the last replay's event indices */
    size_t n_idx;
    struct ho_diag diag;
};

/*
 * The published example model (DESIGN.md §4, examples/definitions.yaml),
 * pinned here so that edits to the example file do not move unit-test
 * expectations.
 */
extern const char ho_fx_example_yaml[];

/* Load yaml into fx->defs (fails the test on any problem); empty log. */
void ho_fx_init(struct ho_fx *fx, const char *yaml);
void ho_fx_release(struct ho_fx *fx);

/* Append rows to the log in the order given (arrival order). */
void ho_fx_add(struct ho_fx *fx, const struct ho_fx_event *rows, size_t n);

/* Index in the log of the event with id text `id` (fails the test if absent). */
uint32_t ho_fx_index(const struct ho_fx *fx, const char *id);

/*
 * Collect the events of lead (its own events, and group events of every
 * account its events name), sorted by ho_event_cmp, into fx->idx, and replay
 * them with ho_replay_lead(at, trace) into fx->res.  Returns its rc.
 */
ho_rc ho_fx_replay(struct ho_fx *fx, const char *lead, int64_t at, bool trace);

/* Replay exactly the given event ids, in the given order. */
ho_rc ho_fx_replay_ids(struct ho_fx *fx, const char *lead, const char *const *ids, size_t n,
                       int64_t at, bool trace);

/* The detail of rule `name` after a traced replay (fails the test if absent). */
const struct ho_rule_detail *ho_fx_rule(const struct ho_fx *fx, const char *name);

/* Interned id of s in the fixture's log (0 when never interned). */
uint32_t ho_fx_id(const struct ho_fx *fx, const char *s);

/* RFC 3339 text to ms (fails the test on a bad literal). */
int64_t ho_fx_ms(const char *rfc3339);

#endif /* HO_TESTS_SUPPORT_REPLAY_FIXTURE_H */
