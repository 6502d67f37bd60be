/* SPDX-License-Identifier: MIT */
/*
 * core/accounts.h - the buying-group view (DESIGN.md §5 report 9): per
 * account, its engaged contacts, its score and whether it is
 * account-qualified, and the account->SQL rate.
 *
 * An engaged contact is a lead of the account whose latest behaviour event
 * (one that gave positive behaviour points) falls in [as_of - window, as_of].
 * The account score is the sum of its leads' behaviour points plus the best
 * fit among them, every lead scored at as_of (behaviour decayed to it: the
 * caller replays the leads there, engine/ho_engine_scores_at), so an account
 * quiet since March does not look hot in May.  An
 * account is qualified when it has at least engaged_contacts engaged
 * contacts or its score reaches min_score (struct ho_accounts_def).  The
 * account->SQL rate is qualified accounts with a journey (of any of their
 * leads) that reached sql / qualified accounts.
 *
 * Pure: no I/O.  Results are owned by the struct ho_accounts.
 */
#ifndef HO_CORE_ACCOUNTS_H
#define HO_CORE_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/funnel.h"

struct ho_accounts_def;
struct ho_journey;
struct ho_lead_row;

struct ho_account_row {
    uint32_t account;  /* interned */
    uint32_t contacts; /* its leads */
    uint32_t engaged;  /* of them, with behaviour in the window */
    double behavior;   /* sum of its leads' behaviour points */
    double best_fit;   /* the highest fit among its leads */
    double score;      /* behavior + best_fit */
    bool by_contacts;  /* engaged >= engaged_contacts */
    bool by_score;     /* score >= min_score */
    bool qualified;    /* by_contacts || by_score */
    bool reached_sql;  /* a journey of one of its leads reached sql */
};

struct ho_accounts {
    struct ho_account_row *rows; /* owned; qualified first, then by score (highest first), then
                                  * by account id */
    size_t n;
    int64_t as_of;              /* the as-of time (the data's latest event unless --at) */
    int64_t window_from;        /* as_of - window: the engaged window is [window_from, as_of] */
    uint64_t qualified;         /* accounts qualified */
    struct ho_rate account_sql; /* qualified accounts that reached sql / qualified accounts */
    struct ho_rate all_sql;     /* every account that reached sql / accounts (for contrast) */
};

/*
 * Group leads[0..n_leads) by account (leads without one are skipped) and
 * qualify each account under def at as_of, from each lead's fit, behaviour
 * and last_behavior at as_of; rows[0..n_rows) are the
 * journeys (their account field names the account).  Ids of leads and rows
 * are interned in the same table.  Release with ho_accounts_release().
 */
void ho_accounts_compute(const struct ho_accounts_def *def, const struct ho_lead_row *leads,
                         size_t n_leads, const struct ho_journey_row *rows, size_t n_rows,
                         int64_t as_of, struct ho_accounts *out);
void ho_accounts_release(struct ho_accounts *a);

/* When journey j reached sql: its sql entry, or for a journey that skipped
 * sql on its way to a later stage, that stage's entry; HO_TIME_NONE when it
 * did not reach sql (also when it started after sql: a journey sourced at
 * opportunity never was an SQL, as in report funnel). */
int64_t ho_journey_sql_at(const struct ho_journey *j);

#endif /* HO_CORE_ACCOUNTS_H */
