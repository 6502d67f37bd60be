/* SPDX-License-Identifier: MIT */
/*
 * app/lead.h - the use cases on one lead: explain it, and apply a sales
 * action to it (accept, reject, qualify, contact, ... recorded as one event
 * and committed).
 */
#ifndef HO_APP_LEAD_H
#define HO_APP_LEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "core/event.h"
#include "core/stage.h"
#include "report/report.h"

/* Write lead's explanation as of at (INT64_MAX: the data's as-of time, the
 * one every report uses) to out in fmt.  The engine must be open.
 * HO_ENOTFOUND for an unknown lead. */
HO_MUST_CHECK ho_rc ho_app_explain(struct ho_app *app, const char *lead, int64_t at, FILE *out,
                                   enum ho_format fmt, struct ho_diag *diag);

/* A sales action: the event that records it. */
struct ho_app_action {
    const char *id;   /* the event id (the same action at the same time: the same id) */
    const char *ts;   /* RFC 3339 */
    const char *type; /* sales_accept, sales_reject, ... */
    const char *lead;
    const struct ho_draft_kv *props;
    size_t n_props;
    bool create; /* may start a lead not seen yet (a sales-sourced lead) */
};

struct ho_app_action_result {
    bool unknown_lead;   /* refused: no such lead and not create */
    bool duplicate;      /* the event id was already recorded: nothing changed */
    bool is_new;         /* the action started the lead */
    enum ho_stage stage; /* the lead's stage after the action */
    unsigned journey;    /* its latest journey's number; 0: none */
};

/* Check the lead, record the event, commit and read the lead's new state.
 * HO_ENOTFOUND with out->unknown_lead when the lead is unknown and not
 * create.  The engine must be open. */
HO_MUST_CHECK ho_rc ho_app_apply_action(struct ho_app *app, const struct ho_app_action *a,
                                        struct ho_app_action_result *out, struct ho_diag *diag);

#endif /* HO_APP_LEAD_H */
