/* SPDX-License-Identifier: MIT */
/*
 * core/closed_won.h - the closed-won audit (DESIGN.md §5 report 7): what the
 * MQLs that became customers looked like, against all MQLs.
 *
 * Population: the MQL journeys whose MQL falls in [from, to) (sales-sourced
 * journeys have no MQL and are not counted); won: those of them that reached
 * customer.  Attributes, each value of which is counted among won and among
 * all journeys:
 *   channel        the first-touch channel ("(none)" without one)
 *   mql_rule       the criterion credited with the MQL: the first that held,
 *                  in definitions order (min_score, then the or_any sets)
 *   first_contact  the speed-to-lead bucket of the first contact attempt
 *                  (core/speed.h: <=5m, <=1h, <=24h, <=7d, >7d, never)
 *   fit:NAME       one per fit rule of the definitions (the first 64 rules):
 *                  "held" or "not held" at the MQL (rules_at_mql)
 *   criterion:NAME one per MQL criterion (min_score, each or_any set; the
 *                  first 64): "held" or "not held" at the MQL
 *                  (criteria_at_mql), so every criterion that held counts,
 *                  not only the credited one
 *   segment        the account size band of the employees trait ("(none)")
 * won share = won with the value / won; all share = all with the value /
 * all; lift = won share / all share (NAN when there are no won journeys).
 * Values are listed by lift descending (n/a last), then by all count
 * descending, then by name ("(none)" last).
 *
 * Pure: no I/O.  Results are owned by the struct ho_closed_won; names are
 * interned in the caller's string table.
 */
#ifndef HO_CORE_CLOSED_WON_H
#define HO_CORE_CLOSED_WON_H

#include <stddef.h>
#include <stdint.h>

#include "core/dims.h"
#include "core/funnel.h"

struct ho_defs;
struct ho_strtab;

struct ho_cw_value {
    uint32_t value;           /* interned value text */
    struct ho_rate won_share; /* won journeys with the value / won journeys */
    struct ho_rate all_share; /* MQL journeys with the value / MQL journeys */
    double lift;              /* won share / all share; NAN = n/a */
};

struct ho_cw_attr {
    uint32_t name;              /* interned: "channel", "fit:senior_title", ... */
    struct ho_cw_value *values; /* owned; see the order above */
    size_t n;
};

struct ho_cw_group {
    uint32_t key;             /* interned group name ("all" without a dimension) */
    uint64_t won, all;        /* won MQL journeys, all MQL journeys */
    struct ho_cw_attr *attrs; /* owned: channel, mql_rule, first_contact, fit:..., criterion:...,
                               * segment */
    size_t n_attrs;
};

struct ho_closed_won {
    enum ho_dim by;
    struct ho_cw_group *groups; /* owned; by name; groups without MQLs left out (except the
                                 * one group of HO_DIM_ALL) */
    size_t n;
};

struct ho_closed_won_opts {
    enum ho_dim by;
    int64_t from, to; /* MQL time in [from, to); INT64_MIN / INT64_MAX = open */
};

void ho_closed_won_compute(const struct ho_journey_row *rows, size_t n, const struct ho_defs *defs,
                           struct ho_strtab *strings, const struct ho_closed_won_opts *o,
                           struct ho_closed_won *out);
void ho_closed_won_release(struct ho_closed_won *c);

#endif /* HO_CORE_CLOSED_WON_H */
