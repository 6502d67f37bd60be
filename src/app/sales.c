/* SPDX-License-Identifier: MIT */
/*
 * app/sales.c - the sales actions as events (DESIGN.md §2, §7).
 *
 * One table of action specs (the event type, the fields each action takes
 * and requires, whether it may create a lead) drives one implementation.
 * An action builds a single event draft and hands it to the engine exactly
 * as an import would, so it is validated, de-duplicated by id and replayed
 * like the same event in a file.  Everything that can refuse the action
 * (fields, reason codes, reps, the lead's existence) is checked before
 * anything is written.
 */
#include "app/sales.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "core/event.h"

const struct ho_sales_field_def ho_sales_fields[HO_SF__COUNT] = {
    [HO_SF_REP] = { "rep", false, "rep" },
    [HO_SF_AT] = { "at", false, NULL },
    [HO_SF_ID] = { "id", false, NULL },
    [HO_SF_REASON] = { "reason", false, "reason" },
    [HO_SF_NOTE] = { "note", false, "note" },
    [HO_SF_NEED] = { "need", true, "need" },
    [HO_SF_AUTHORITY] = { "authority", true, "authority" },
    [HO_SF_BUDGET] = { "budget", true, "budget" },
    [HO_SF_TIMELINE] = { "timeline", false, "timeline" },
    [HO_SF_REVISIT] = { "revisit", false, "revisit_at" },
    [HO_SF_VIA] = { "via", false, "via" },
    [HO_SF_MADE] = { "made", true, NULL },
    [HO_SF_AMOUNT] = { "amount", false, "amount" },
    [HO_SF_OPPORTUNITY] = { "opportunity", false, "opportunity" },
    [HO_SF_CREATE] = { "create", true, NULL },
};

#define BIT(i) HO_SF_BIT(i)

#define SLICE(lit)             \
    {                          \
        (lit), sizeof(lit) - 1 \
    }

static const struct ho_draft_kv manual_assignment[] = {
    { SLICE("pool"), SLICE("manual") },
    { SLICE("rule"), SLICE("manual") },
};
#define MAX_FIXED 2

enum sales_cmd_index {
    CMD_ACCEPT,
    CMD_REJECT,
    CMD_QUALIFY,
    CMD_NURTURE,
    CMD_CONTACT,
    CMD_OPPORTUNITY,
    CMD_WON,
    CMD_LOST,
    CMD_ASSIGN,
    CMD_MEETING,
    CMD__COUNT
};

static const struct ho_sales_cmd sales_cmds[CMD__COUNT] = {
    [CMD_ACCEPT] = { "accept", "sales_accept", NULL, BIT(HO_SF_REP) | BIT(HO_SF_CREATE), 0,
                     HO_SALES_MAY_CREATE, NULL, 0, "LEAD [--create]",
                     "Sales accepts the lead (event sales_accept): an MQL becomes an SAL; with\n"
                     "--create a lead not seen yet starts a sales-sourced journey at sal.\n"
                     "Without a sal stage (stages.sal: false) the accept moves no stage: it\n"
                     "stops MQL aging and the SLA clocks that wait for it.\n" },
    [CMD_REJECT] = { "reject", "sales_reject", NULL,
                     BIT(HO_SF_REP) | BIT(HO_SF_REASON) | BIT(HO_SF_NOTE), BIT(HO_SF_REASON),
                     HO_SALES_REASON_CODE, NULL, 0, "LEAD --reason CODE [--note TEXT]",
                     "Sales rejects the lead (event sales_reject) with a reason code of the\n"
                     "definitions (reasons:); the code's outcome decides whether the lead is\n"
                     "disqualified or nurtured.\n" },
    [CMD_QUALIFY] = { "qualify", "sales_qualify", NULL,
                      BIT(HO_SF_REP) | BIT(HO_SF_NEED) | BIT(HO_SF_AUTHORITY) | BIT(HO_SF_BUDGET) |
                          BIT(HO_SF_TIMELINE) | BIT(HO_SF_CREATE),
                      0, HO_SALES_MAY_CREATE, NULL, 0,
                      "LEAD [--need] [--authority] [--budget] [--timeline T] [--create]",
                      "Sales qualifies the lead (event sales_qualify, props need, authority and\n"
                      "budget true when given, else false): the lead becomes an SQL.\n" },
    [CMD_NURTURE] = { "nurture", "nurture", NULL,
                      BIT(HO_SF_REP) | BIT(HO_SF_REASON) | BIT(HO_SF_REVISIT), BIT(HO_SF_REASON),
                      HO_SALES_REASON_CODE, NULL, 0, "LEAD --reason CODE [--revisit DATE]",
                      "Moves the lead to nurture (event nurture) with a reason code of the\n"
                      "definitions and the time to revisit it (props revisit_at).\n" },
    [CMD_CONTACT] = { "contact", "contact_attempt", "contact_made",
                      BIT(HO_SF_REP) | BIT(HO_SF_VIA) | BIT(HO_SF_MADE) | BIT(HO_SF_CREATE),
                      BIT(HO_SF_VIA), HO_SALES_MAY_CREATE, NULL, 0,
                      "LEAD --via call|email|linkedin [--made] [--create]",
                      "Records a contact attempt (event contact_attempt), or with --made a\n"
                      "conversation that took place (contact_made).\n" },
    [CMD_OPPORTUNITY] = { "opportunity", "opportunity_created", NULL,
                          BIT(HO_SF_REP) | BIT(HO_SF_AMOUNT) | BIT(HO_SF_OPPORTUNITY) |
                              BIT(HO_SF_CREATE),
                          BIT(HO_SF_AMOUNT), HO_SALES_MAY_CREATE, NULL, 0,
                          "LEAD --amount N [--opportunity ID] [--create]",
                          "Opens an opportunity of the given amount (event "
                          "opportunity_created).\n" },
    [CMD_WON] = { "won", "opportunity_won", NULL, BIT(HO_SF_REP), 0, 0, NULL, 0, "LEAD",
                  "The lead's opportunity was won (event opportunity_won): a customer.\n" },
    [CMD_LOST] = { "lost", "opportunity_lost", NULL, BIT(HO_SF_REP) | BIT(HO_SF_REASON),
                   BIT(HO_SF_REASON), 0, NULL, 0, "LEAD --reason TEXT",
                   "The lead's opportunity was lost (event opportunity_lost, free-text "
                   "reason).\n" },
    [CMD_ASSIGN] = { "assign", "assign", NULL, BIT(HO_SF_REP), BIT(HO_SF_REP), HO_SALES_ASSIGN,
                     manual_assignment, HO_ARRAY_LEN(manual_assignment), "LEAD REP",
                     "Assigns the lead to REP by hand (event assign, props rep=REP, pool=manual,\n"
                     "rule=manual).  When the definitions list reps, REP must be one of them.\n" },
    [CMD_MEETING] = { "meeting", "meeting_booked", NULL, BIT(HO_SF_REP) | BIT(HO_SF_CREATE), 0,
                      HO_SALES_MAY_CREATE, NULL, 0, "LEAD [--create]",
                      "Records a booked meeting (event meeting_booked, or the event the\n"
                      "definitions' stages.meeting requires): with a meeting stage the lead\n"
                      "enters meeting; without one it is a sales touch.\n" },
};

const struct ho_sales_cmd *
ho_sales_find(const char *name)
{
    for (size_t i = 0; i < CMD__COUNT; i++) {
        if (strcmp(sales_cmds[i].name, name) == 0)
            return &sales_cmds[i];
    }
    return NULL;
}

const char *
ho_sales_names(void)
{
    return "accept, reject, qualify, nurture, contact, opportunity, won, lost, assign or meeting";
}

int
ho_sales_missing(const struct ho_sales_req *r)
{
    for (int i = 0; i < HO_SF__COUNT; i++) {
        if ((r->cmd->needs & BIT(i)) && !r->val[i])
            return i;
    }
    return -1;
}

int
ho_sales_extra(const struct ho_sales_req *r)
{
    for (int i = 0; i < HO_SF__COUNT; i++) {
        if (r->val[i] && !((r->cmd->takes | HO_SF_COMMON) & BIT(i)))
            return i;
    }
    return -1;
}

static ho_rc
refuse(struct ho_sales_error *err, int field, const char *text, const char *expected)
{
    err->field = field;
    return ho_diag_set(&err->diag, HO_EINVAL, "%s '%s': expected %s", ho_sales_fields[field].name,
                       text, expected);
}

static ho_rc
parse_time(int field, const char *text, int64_t *out, struct ho_sales_error *err)
{
    struct ho_diag why = { 0 };
    if (ho_time_parse(text, strlen(text), out, &why) == HO_OK)
        return HO_OK;
    err->field = field;
    return ho_diag_set(&err->diag, HO_EINVAL,
                       "%s '%s': %s (write e.g. 2026-03-02 or 2026-03-02T14:05:09Z)",
                       ho_sales_fields[field].name, text, why.msg);
}

/* An amount as it may be stored as a JSON number: digits with an optional
 * fraction ("48000", "1250.50"). */
static bool
is_amount(const char *text)
{
    size_t len = strlen(text);
    size_t digits = strspn(text, "0123456789");
    if (digits == 0)
        return false;
    if (text[digits] == '.')
        digits += 1 + strspn(text + digits + 1, "0123456789");
    return digits == len && text[len - 1] != '.';
}

ho_rc
ho_sales_check_values(struct ho_sales_req *r, int64_t now_ms, struct ho_sales_error *err)
{
    err->field = -1;
    r->at = now_ms;
    if (r->val[HO_SF_AT] && parse_time(HO_SF_AT, r->val[HO_SF_AT], &r->at, err) != HO_OK)
        return HO_EINVAL;
    ho_time_format(r->at, r->at_text);
    if (r->val[HO_SF_REVISIT]) {
        int64_t t;
        if (parse_time(HO_SF_REVISIT, r->val[HO_SF_REVISIT], &t, err) != HO_OK)
            return HO_EINVAL;
        r->val[HO_SF_REVISIT] = ho_time_format(t, r->revisit_text);
    }
    const char *via = r->val[HO_SF_VIA];
    if (via && strcmp(via, "call") != 0 && strcmp(via, "email") != 0 &&
        strcmp(via, "linkedin") != 0)
        return refuse(err, HO_SF_VIA, via, "call, email or linkedin");
    const char *amt = r->val[HO_SF_AMOUNT];
    if (amt && !is_amount(amt))
        return refuse(err, HO_SF_AMOUNT, amt, "a number >= 0, e.g. 48000");
    return HO_OK;
}

void
ho_sales_reason_codes(const struct ho_defs *defs, struct ho_buf *out)
{
    for (size_t i = 0; i < defs->n_reasons; i++)
        ho_buf_printf(out, "%s%s", i ? ", " : "", defs->reasons[i].code);
    if (defs->n_reasons == 0)
        ho_buf_adds(out, "none defined");
}

/* A reason code must be one of the definitions' closed list. */
static ho_rc
check_reason(const struct ho_defs *defs, const char *reason, struct ho_sales_error *err)
{
    struct ho_buf codes = HO_BUF_INIT;
    if (ho_defs_reason(defs, reason))
        return HO_OK;
    ho_sales_reason_codes(defs, &codes);
    err->field = HO_SF_REASON;
    ho_rc rc = ho_diag_set(&err->diag, HO_EINVAL, "unknown reason '%s' (valid: %s)", reason,
                           ho_buf_cstr(&codes));
    ho_buf_release(&codes);
    return rc;
}

/* When the definitions list reps, a rep must be one of them. */
static ho_rc
check_rep(const struct ho_defs *defs, const char *rep, struct ho_sales_error *err)
{
    struct ho_buf reps = HO_BUF_INIT;
    for (size_t i = 0; i < defs->n_reps; i++) {
        if (strcmp(defs->reps[i].id, rep) == 0)
            return HO_OK;
    }
    if (defs->n_reps == 0)
        return HO_OK;
    for (size_t i = 0; i < defs->n_reps; i++)
        ho_buf_printf(&reps, "%s%s", i ? ", " : "", defs->reps[i].id);
    err->field = HO_SF_REP;
    ho_rc rc =
        ho_diag_set(&err->diag, HO_EINVAL, "unknown rep '%s' (valid: %s)", rep, ho_buf_cstr(&reps));
    ho_buf_release(&reps);
    return rc;
}

ho_rc
ho_sales_check_defs(const struct ho_sales_req *r, const struct ho_defs *defs,
                    struct ho_sales_error *err)
{
    ho_rc rc = HO_OK;
    err->field = -1;
    if ((r->cmd->flags & HO_SALES_REASON_CODE) && r->val[HO_SF_REASON])
        rc = check_reason(defs, r->val[HO_SF_REASON], err);
    if (rc == HO_OK && r->val[HO_SF_REP])
        rc = check_rep(defs, r->val[HO_SF_REP], err);
    return rc;
}

static struct ho_slice
slice_of(const char *s)
{
    return (struct ho_slice){ s, strlen(s) };
}

/* The props of the event into kv (room for HO_SF__COUNT + n_fixed); returns the count. */
static size_t
event_props(const struct ho_sales_req *r, struct ho_draft_kv *kv)
{
    size_t n = 0;
    for (int i = 0; i < HO_SF__COUNT; i++) {
        const char *v = r->val[i];
        if (!v && ho_sales_fields[i].flag && (r->cmd->takes & BIT(i)))
            v = "false";
        if (v && ho_sales_fields[i].prop)
            kv[n++] = (struct ho_draft_kv){ slice_of(ho_sales_fields[i].prop), slice_of(v) };
    }
    for (size_t i = 0; i < r->cmd->n_fixed; i++)
        kv[n++] = r->cmd->fixed[i];
    return n;
}

const char *
ho_sales_event_type(const struct ho_sales_req *r, const struct ho_defs *defs)
{
    if (r->cmd == &sales_cmds[CMD_QUALIFY] && defs->sql_requires)
        return defs->sql_requires;
    if (r->cmd == &sales_cmds[CMD_MEETING] && defs->meeting_requires)
        return defs->meeting_requires;
    return r->val[HO_SF_MADE] ? r->cmd->made_type : r->cmd->type;
}

void
ho_sales_event_id(const struct ho_sales_req *r, const struct ho_defs *defs, const char *id_prefix,
                  struct ho_buf *out)
{
    if (r->val[HO_SF_ID])
        ho_buf_adds(out, r->val[HO_SF_ID]);
    else
        ho_buf_printf(out, "%s-%s-%s-%lld", id_prefix, ho_sales_event_type(r, defs), r->lead,
                      (long long)r->at);
}

ho_rc
ho_sales_apply(struct ho_app *app, const struct ho_sales_req *r, const char *id_prefix,
               struct ho_buf *id, struct ho_app_action_result *res, struct ho_diag *diag)
{
    struct ho_draft_kv kv[HO_SF__COUNT + MAX_FIXED];
    struct ho_buf own = HO_BUF_INIT;
    struct ho_buf *idb = id ? id : &own;
    HO_ASSERT(r->cmd->n_fixed <= MAX_FIXED);
    ho_sales_event_id(r, &app->defs, id_prefix, idb);
    struct ho_app_action act = { .id = ho_buf_cstr(idb),
                                 .ts = r->at_text,
                                 .type = ho_sales_event_type(r, &app->defs),
                                 .lead = r->lead,
                                 .props = kv,
                                 .n_props = event_props(r, kv),
                                 .create = r->val[HO_SF_CREATE] != NULL };
    ho_rc rc = ho_app_apply_action(app, &act, res, diag);
    ho_buf_release(&own);
    return rc;
}
