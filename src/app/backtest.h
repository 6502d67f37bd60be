/* SPDX-License-Identifier: MIT */
/*
 * app/backtest.h - `handoff backtest`: the stored history replayed under a
 * candidate definitions file and compared with the active version
 * (core/backtest.h holds the comparison).  Writes nothing.
 */
#ifndef HO_APP_BACKTEST_H
#define HO_APP_BACKTEST_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "base/buf.h"
#include "base/rc.h"
#include "core/backtest.h"
#include "core/defs.h"

/* The --by dimension of the per-group MQL counts. */
enum ho_bt_by {
    HO_BT_BY_NONE = 0,
    HO_BT_BY_CHANNEL,  /* normalised first-touch channel */
    HO_BT_BY_SOURCE,   /* the lead's source trait */
    HO_BT_BY_CAMPAIGN, /* first-touch campaign */
    HO_BT_BY_SEGMENT,  /* the account's employees trait (company size) */
    HO_BT_BY_REP,      /* rep of the first MQL journey (the candidate's for its MQLs) */
    HO_BT_BY_RULE,     /* flips only: the rule responsible */
};

/* Parse a --by name; false when unknown. */
bool ho_bt_by_parse(const char *name, enum ho_bt_by *out);
/* The --by name of by ("" for none). */
const char *ho_bt_by_name(enum ho_bt_by by);

struct ho_backtest {
    struct ho_defs cand; /* the candidate, bound to the engine's strings */
    bool have_cand;
    struct ho_stage_set_opts active_set; /* the active definitions' stage set (the candidate's
                                          * is cand.stage_set) */
    struct ho_bt_lead *leads;            /* one per lead with events */
    size_t n_leads, cap;
    struct ho_bt_report report;
    const struct ho_strtab *strings; /* of the engine's log: interned ids to text */
    enum ho_bt_by by;
};

/*
 * Load the candidate text (named name in messages; problems appended to
 * errors with their positions, HO_EPARSE), open app's engine, replay every
 * lead under both definitions and compare over the months [from, to]
 * (month indices; INT64_MIN / INT64_MAX = open).  app must be open
 * read-only with its active definitions loadable.
 */
HO_MUST_CHECK ho_rc ho_app_backtest(struct ho_app *app, const char *text, size_t len,
                                    const char *name, enum ho_bt_by by, int64_t from_month,
                                    int64_t to_month, struct ho_backtest *out,
                                    struct ho_buf *errors, struct ho_diag *diag);
void ho_backtest_release(struct ho_backtest *bt); /* NULL-safe */

/* Text of interned id (0 = ""). */
const char *ho_backtest_str(const struct ho_backtest *bt, uint32_t id);

#endif /* HO_APP_BACKTEST_H */
