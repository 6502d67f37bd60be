/* SPDX-License-Identifier: MIT */
/*
 * core/lifecycle.c - the sales transition table (DESIGN.md §2).
 *
 * To add a transition, add a row; to add a sales event kind, add it to
 * enum ho_sales_kind, to event_kinds[] and give it rows.  Rows of one kind
 * are tried in order; the first whose from-set and guard hold applies.
 */
#include "core/lifecycle.h"

#include <stddef.h>
#include <string.h>

#include "base/compiler.h"
#include "core/model.h"

/* IN(MQL): the set of one stage */
#define IN(stage) HO_STAGE_BIT(HO_STAGE_##stage)
#define ANY_STAGE (IN(_COUNT) - 1)
/* Stages from which a sales advance opens a new, sales-sourced journey. */
#define REOPENABLE (IN(LEAD) | IN(NURTURE) | IN(CLOSED_LOST) | IN(DISQUALIFIED))
/* lead .. opportunity: before the deal is decided */
#define UP_TO_OPP  (IN(LEAD) | IN(MQL) | IN(SAL) | IN(SQL) | IN(MEETING) | IN(OPPORTUNITY))
#define MQL_TO_OPP (UP_TO_OPP & ~IN(LEAD))

/* A sales advance to `to`: reopen from an outcome (or lead), or move an
 * open journey forward from an earlier funnel stage (never backwards). */
#define ADVANCE(kind, to, earlier)                                               \
    { kind, REOPENABLE, HO_GUARD_NONE, HO_FX_REOPEN, HO_MOVE_ENTER, to, false }, \
    {                                                                            \
        kind, earlier, HO_GUARD_NONE, 0, HO_MOVE_ENTER, to, false                \
    }

static const struct ho_lifecycle_row table[] = {
    /* contacts only stop MQL aging */
    { HO_SALES_CONTACT, ANY_STAGE, HO_GUARD_NONE, HO_FX_TOUCH, HO_MOVE_NONE, HO_STAGE_LEAD, false },
    ADVANCE(HO_SALES_ACCEPT, HO_STAGE_SAL, IN(MQL)),
    ADVANCE(HO_SALES_QUALIFY, HO_STAGE_SQL, IN(MQL) | IN(SAL)),
    /* a booked meeting is a touch too; booked again later, it changes nothing */
    { HO_SALES_MEETING, REOPENABLE, HO_GUARD_NONE, HO_FX_TOUCH | HO_FX_REOPEN, HO_MOVE_ENTER,
      HO_STAGE_MEETING, false },
    { HO_SALES_MEETING, IN(MQL) | IN(SAL) | IN(SQL), HO_GUARD_NONE, HO_FX_TOUCH, HO_MOVE_ENTER,
      HO_STAGE_MEETING, false },
    { HO_SALES_MEETING, ANY_STAGE, HO_GUARD_NONE, HO_FX_TOUCH, HO_MOVE_NONE, HO_STAGE_LEAD, false },
    ADVANCE(HO_SALES_OPP_CREATED, HO_STAGE_OPPORTUNITY, IN(MQL) | IN(SAL) | IN(SQL) | IN(MEETING)),
    ADVANCE(HO_SALES_OPP_WON, HO_STAGE_CUSTOMER, MQL_TO_OPP),
    { HO_SALES_OPP_LOST, MQL_TO_OPP, HO_GUARD_NONE, 0, HO_MOVE_ENTER, HO_STAGE_CLOSED_LOST, true },
    /* a reject's reason decides: disqualified, else nurture (an unknown code
     * is kept on the journey and treated as nurture: the lead is not lost) */
    { HO_SALES_REJECT, UP_TO_OPP, HO_GUARD_REASON_DISQUALIFIES, HO_FX_SALES_DISQ, HO_MOVE_ENTER,
      HO_STAGE_DISQUALIFIED, true },
    { HO_SALES_REJECT, UP_TO_OPP, HO_GUARD_NONE, 0, HO_MOVE_ENTER, HO_STAGE_NURTURE, true },
    /* nurture: the open journey takes revisit_at even when the stage stays */
    { HO_SALES_NURTURE, UP_TO_OPP | IN(CLOSED_LOST), HO_GUARD_NONE, HO_FX_REVISIT, HO_MOVE_ENTER,
      HO_STAGE_NURTURE, true },
    { HO_SALES_NURTURE, ANY_STAGE, HO_GUARD_NONE, HO_FX_REVISIT, HO_MOVE_NONE, HO_STAGE_NURTURE,
      false },
    /* a customer is never disqualified; an already disqualified lead becomes
     * sales-disqualified (rules alone no longer requalify it) */
    { HO_SALES_DISQUALIFY, IN(DISQUALIFIED), HO_GUARD_NONE, HO_FX_SALES_DISQ, HO_MOVE_NONE,
      HO_STAGE_DISQUALIFIED, false },
    { HO_SALES_DISQUALIFY, ANY_STAGE & ~IN(CUSTOMER), HO_GUARD_NONE, HO_FX_SALES_DISQ,
      HO_MOVE_ENTER, HO_STAGE_DISQUALIFIED, true },
    /* requalify returns the lead to the rules: lead, to be re-evaluated */
    { HO_SALES_REQUALIFY, IN(DISQUALIFIED), HO_GUARD_NONE, HO_FX_CLEAR_DISQ, HO_MOVE_SET,
      HO_STAGE_LEAD, false },
};

/* Event types of each kind, tried in this order (sql_requires may name any
 * type; the first kind that matches wins). */
#define SQL_EVENT     ((size_t)-1)
#define MEETING_EVENT ((size_t)-2)
static const struct {
    enum ho_sales_kind kind;
    size_t type; /* offset of the interned type in struct ho_vocab, SQL_EVENT or MEETING_EVENT */
} event_kinds[] = {
    { HO_SALES_MEETING, MEETING_EVENT }, /* before meeting_booked's CONTACT row */
    { HO_SALES_CONTACT, offsetof(struct ho_vocab, contact_attempt) },
    { HO_SALES_CONTACT, offsetof(struct ho_vocab, contact_made) },
    { HO_SALES_CONTACT, offsetof(struct ho_vocab, meeting_booked) },
    { HO_SALES_ACCEPT, offsetof(struct ho_vocab, sales_accept) },
    { HO_SALES_QUALIFY, SQL_EVENT },
    { HO_SALES_OPP_CREATED, offsetof(struct ho_vocab, opportunity_created) },
    { HO_SALES_OPP_WON, offsetof(struct ho_vocab, opportunity_won) },
    { HO_SALES_OPP_LOST, offsetof(struct ho_vocab, opportunity_lost) },
    { HO_SALES_REJECT, offsetof(struct ho_vocab, sales_reject) },
    { HO_SALES_NURTURE, offsetof(struct ho_vocab, nurture) },
    { HO_SALES_DISQUALIFY, offsetof(struct ho_vocab, disqualify) },
    { HO_SALES_REQUALIFY, offsetof(struct ho_vocab, requalify) },
};

enum ho_sales_kind
ho_lifecycle_kind(const struct ho_model *m, uint32_t type)
{
    const unsigned char *vocab = (const unsigned char *)&m->v;
    for (size_t i = 0; i < HO_ARRAY_LEN(event_kinds); i++) {
        uint32_t id = m->sql_event;
        if (event_kinds[i].type == MEETING_EVENT)
            id = m->meeting_event;
        else if (event_kinds[i].type != SQL_EVENT)
            memcpy(&id, vocab + event_kinds[i].type, sizeof(id));
        if (id == 0 || id != type)
            continue;
        /* no sal stage: an accept is recorded (it stops SLA clocks that wait for
         * it, and MQL aging) but moves nothing */
        if (event_kinds[i].kind == HO_SALES_ACCEPT && m->no_sal)
            return HO_SALES_CONTACT;
        return event_kinds[i].kind;
    }
    return HO_SALES_NONE;
}

const struct ho_lifecycle_row *
ho_lifecycle_find(enum ho_sales_kind k, enum ho_stage from, bool reason_disqualifies)
{
    for (size_t i = 0; i < HO_ARRAY_LEN(table); i++) {
        const struct ho_lifecycle_row *t = &table[i];
        if (t->event != k || !(t->from & HO_STAGE_BIT(from)))
            continue;
        if (t->guard == HO_GUARD_REASON_DISQUALIFIES && !reason_disqualifies)
            continue;
        return t;
    }
    return NULL;
}

const struct ho_lifecycle_row *
ho_lifecycle_table(size_t *n_out)
{
    *n_out = HO_ARRAY_LEN(table);
    return table;
}
