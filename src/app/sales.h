/* SPDX-License-Identifier: MIT */
/*
 * app/sales.h - the sales actions (accept, reject, qualify, nurture,
 * contact, opportunity, won, lost, assign) as one event each: which fields
 * each action takes and requires, how they are checked (the closed reason
 * list, the reps, times, amounts), and the event they make.
 *
 * Both front doors are thin adapters over these: the CLI (cli/cmd_sales.c)
 * fills the fields from argv, the HTTP server (POST /v1/leads/{id}/actions)
 * from a JSON body, and both get the same checks and the same event.
 *
 *     struct ho_sales_req r = { .cmd = ho_sales_find("reject"), .lead = "a@x.com" };
 *     r.val[HO_SF_REASON] = "not_icp";
 *     ho_sales_check_values(&r, now_ms, &err)          // no database
 *     ho_sales_check_defs(&r, &app->defs, &err)        // the reason list, the reps
 *     ho_sales_apply(app, &r, "cli", &res, &err)       // record, commit
 */
#ifndef HO_APP_SALES_H
#define HO_APP_SALES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/lead.h"
#include "base/timefmt.h"
#include "core/defs.h"

/* Every field an action may take; each action takes a subset. */
enum ho_sales_field {
    HO_SF_REP,
    HO_SF_AT,
    HO_SF_ID,
    HO_SF_REASON,
    HO_SF_NOTE,
    HO_SF_NEED,
    HO_SF_AUTHORITY,
    HO_SF_BUDGET,
    HO_SF_TIMELINE,
    HO_SF_REVISIT,
    HO_SF_VIA,
    HO_SF_MADE,
    HO_SF_AMOUNT,
    HO_SF_OPPORTUNITY,
    HO_SF_CREATE,
    HO_SF__COUNT
};

#define HO_SF_BIT(i) (1u << (i))
/* Fields every action takes. */
#define HO_SF_COMMON (HO_SF_BIT(HO_SF_AT) | HO_SF_BIT(HO_SF_ID))

struct ho_sales_field_def {
    const char *name; /* the CLI's --NAME, the JSON body's "NAME" */
    bool flag;        /* true or absent; the event's prop is "false" when absent */
    const char *prop; /* the event prop it becomes; NULL: none */
};

extern const struct ho_sales_field_def ho_sales_fields[HO_SF__COUNT];

enum ho_sales_flags {
    HO_SALES_MAY_CREATE = 1u << 0,  /* with create, a lead not seen yet is started
                                     * (sales-sourced); without it the action is refused */
    HO_SALES_REASON_CODE = 1u << 1, /* reason must be a code of the definitions */
    HO_SALES_ASSIGN = 1u << 2,      /* rep is required (the CLI's second argument REP) */
};

struct ho_sales_cmd {
    const char *name;
    const char *type;                /* event type */
    const char *made_type;           /* event type with made; NULL: no made */
    unsigned takes;                  /* HO_SF_BIT(HO_SF_*) beyond HO_SF_COMMON */
    unsigned needs;                  /* HO_SF_BIT(HO_SF_*) that must be given */
    unsigned flags;                  /* enum ho_sales_flags */
    const struct ho_draft_kv *fixed; /* props every event of this action carries */
    size_t n_fixed;
    const char *synopsis; /* the CLI's */
    const char *help;
};

/* The action called name, or NULL. */
const struct ho_sales_cmd *ho_sales_find(const char *name);
/* "accept, reject, ..." for messages. */
const char *ho_sales_names(void);

/* One action as asked.  val[i]: field i's text ("true" for a flag given),
 * NULL when not given; ho_sales_check_values() normalises the times. */
struct ho_sales_req {
    const struct ho_sales_cmd *cmd;
    const char *lead;
    const char *val[HO_SF__COUNT];
    /* set by ho_sales_check_values() */
    int64_t at;
    char at_text[HO_TIME_STRLEN];
    char revisit_text[HO_TIME_STRLEN];
};

/* Why an action was refused: the field it is about (-1: none) and the
 * message, which names the field as "NAME 'VALUE': ..." (the CLI prefixes
 * "--"). */
struct ho_sales_error {
    int field;
    struct ho_diag diag;
};

/* The first field the action requires that r lacks, or -1. */
int ho_sales_missing(const struct ho_sales_req *r);
/* A field given that the action does not take, or -1. */
int ho_sales_extra(const struct ho_sales_req *r);

/* Check what needs no database: at and revisit (normalised into r; at
 * defaults to now_ms), via, amount.  HO_EINVAL.  (The required fields:
 * ho_sales_missing().) */
HO_MUST_CHECK ho_rc ho_sales_check_values(struct ho_sales_req *r, int64_t now_ms,
                                          struct ho_sales_error *err);

/* "a, b, c": the reason codes of defs, or "none defined" (into out). */
void ho_sales_reason_codes(const struct ho_defs *defs, struct ho_buf *out);

/* Check against the definitions: the reason code (the closed list) and the
 * rep (when the definitions list reps).  HO_EINVAL. */
HO_MUST_CHECK ho_rc ho_sales_check_defs(const struct ho_sales_req *r, const struct ho_defs *defs,
                                        struct ho_sales_error *err);

/* The event type r records: the action's, its made variant, or for
 * qualify the definitions' stages.sql.requires. */
const char *ho_sales_event_type(const struct ho_sales_req *r, const struct ho_defs *defs);

/* The event id: r's id, or ID_PREFIX-TYPE-LEAD-MS (the same action at the
 * same time gives the same id, so it is recorded once), into out. */
void ho_sales_event_id(const struct ho_sales_req *r, const struct ho_defs *defs,
                       const char *id_prefix, struct ho_buf *out);

/* Record r (checked) on app's open engine and commit: the lead's state in
 * *res.  HO_ENOTFOUND with res->unknown_lead for an unknown lead without
 * create; the event id used into id (may be NULL). */
HO_MUST_CHECK ho_rc ho_sales_apply(struct ho_app *app, const struct ho_sales_req *r,
                                   const char *id_prefix, struct ho_buf *id,
                                   struct ho_app_action_result *res, struct ho_diag *diag);

#endif /* HO_APP_SALES_H */
