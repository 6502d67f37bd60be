/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_sales.c - pass 3 of the generator: sales follow-up.
 *
 * Every sales event of an inbound lead comes strictly after the event that
 * made it an MQL (the first contact attempt at least a minute later), so the
 * data never shows sales working a lead before marketing handed it over.
 * Outbound leads are the exception by design: sales sources them.
 *
 * Shares follow DEMO_DATA.md: dispositions of journeys that do not reach SQL
 * (no_response and bad_timing most common), SQL -> opportunity ~55%,
 * opportunity -> won ~25% after 20..90 days, nurtured leads that come back
 * 45..150 days later with a new demo request (journey 2).
 */
#include "demo/demo_int.h"

#include <math.h>
#include <string.h>

#include "base/timefmt.h"

#define P_SQL_ACCEPT_FIRST 0.8  /* SQLs that went through sales_accept */
#define P_OPPORTUNITY      0.55 /* SQL -> opportunity */
#define P_WON              0.25 /* opportunity -> won */
#define P_RECYCLE          0.30 /* of nurtured ICP leads */
#define P_RECYCLED_SQL     0.70
#define P_OUTBOUND_ENGAGED 0.35
#define P_OUTBOUND_SQL     0.50

static int64_t
between(struct ho_demo_lctx *c, int64_t lo, int64_t hi)
{
    return ho_demo_rng_range(&c->rng, lo, hi);
}

void
ho_demo_sales_decide(struct ho_demo_lctx *c, bool contacted, double p_sql, bool recycled,
                     struct ho_demo_sales_plan *plan)
{
    struct ho_demo_rng *r = &c->rng;
    const struct ho_demo_lead *l = c->lead;
    memset(plan, 0, sizeof(*plan));
    if (!contacted)
        return;
    if (ho_demo_rng_chance(r, p_sql)) {
        plan->outcome = HO_DEMO_OUT_SQL;
        plan->accept = ho_demo_rng_chance(r, P_SQL_ACCEPT_FIRST);
        plan->opp = ho_demo_rng_chance(r, P_OPPORTUNITY);
        plan->won = plan->opp && ho_demo_rng_chance(r, P_WON);
        return;
    }
    static const double outcome_share[] = { 78, 12, 10 }; /* reject, nurture, open */
    size_t o = ho_demo_rng_pick(r, outcome_share, HO_ARRAY_LEN(outcome_share));
    if (o == 0) {
        double w[HO_DEMO_REASON__COUNT] = {
            [HO_DEMO_REASON_NO_RESPONSE] = 30,
            [HO_DEMO_REASON_BAD_TIMING] = 24,
            [HO_DEMO_REASON_NOT_ICP] = l->fit < 20 ? 20 : 8,
            [HO_DEMO_REASON_OVER_SCORED] = 12,
            [HO_DEMO_REASON_NO_BUDGET] = 10,
            [HO_DEMO_REASON_WRONG_SIZE] = l->size_ok ? 1 : 12,
            /* The identify of a recycled lead is long written. */
            [HO_DEMO_REASON_BAD_DATA] = recycled ? 0 : 5,
        };
        plan->outcome = HO_DEMO_OUT_REJECT;
        plan->reason = (uint8_t)ho_demo_rng_pick(r, w, HO_DEMO_REASON__COUNT);
        plan->accept = plan->reason != HO_DEMO_REASON_NO_RESPONSE && ho_demo_rng_chance(r, 0.5);
    } else if (o == 1) {
        plan->outcome = HO_DEMO_OUT_NURTURE;
        plan->reason =
            ho_demo_rng_chance(r, 0.6) ? HO_DEMO_REASON_BAD_TIMING : HO_DEMO_REASON_NO_BUDGET;
        plan->accept = ho_demo_rng_chance(r, 0.4);
    } else {
        plan->outcome = HO_DEMO_OUT_OPEN;
        plan->accept = ho_demo_rng_chance(r, 0.5);
    }
    bool nurtured = plan->outcome == HO_DEMO_OUT_NURTURE ||
                    (plan->outcome == HO_DEMO_OUT_REJECT &&
                     ho_demo_reason_is_nurture((enum ho_demo_reason)plan->reason));
    /* Channels whose MQLs almost never convert (e-mail) do not recycle
     * either: a recycled journey qualifies, which would lift their rate. */
    plan->recycle = !recycled && nurtured && l->senior && l->size_ok &&
                    ho_demo_channel_sql_rate[l->channel] >= 0.1 && ho_demo_rng_chance(r, P_RECYCLE);
}

/* ---- single events ------------------------------------------------------ */

static struct ho_demo_event *
rep_event(struct ho_demo_lctx *c, int64_t t, enum ho_demo_ev type)
{
    struct ho_demo_event *e = ho_demo_push(c, t, type, HO_DEMO_CH_NONE);
    e->a = c->rep;
    return e;
}

static struct ho_demo_event *
contact(struct ho_demo_lctx *c, int64_t t, enum ho_demo_ch ch)
{
    static const double via_share[] = { 50, 35, 15 }; /* call, email, linkedin */
    static const double outbound_via[] = { 10, 60, 30 };
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_CONTACT_ATTEMPT, ch);
    e->a = c->rep;
    e->b =
        (uint8_t)ho_demo_rng_pick(&c->rng, ch == HO_DEMO_CH_OUTBOUND ? outbound_via : via_share, 3);
    if (ch == HO_DEMO_CH_OUTBOUND)
        e->y = (uint16_t)ho_demo_campaign_outbound();
    return e;
}

static void
reject(struct ho_demo_lctx *c, int64_t t, enum ho_demo_reason reason)
{
    struct ho_demo_event *e = rep_event(c, t, HO_DEMO_EV_SALES_REJECT);
    e->b = (uint8_t)reason;
}

/* Opportunity created after t, then won or lost. */
static void
opportunity(struct ho_demo_lctx *c, int64_t t, bool won)
{
    struct ho_demo_rng *r = &c->rng;
    uint32_t opp = ++c->sink->next_opp;
    /* Log-uniform 10k..120k, rounded to 500. */
    double f = (double)ho_demo_rng_range(r, 0, 1000) / 1000.0;
    uint16_t amount = (uint16_t)(20.0 * pow(12.0, f) + 0.5); /* x 500 */
    int64_t t_o = t + between(c, HO_MS_PER_DAY, 14 * HO_MS_PER_DAY);
    struct ho_demo_event *e = rep_event(c, t_o, HO_DEMO_EV_OPP_CREATED);
    e->x = opp;
    e->y = amount;
    int64_t t_c = t_o + between(c, 20 * HO_MS_PER_DAY, 90 * HO_MS_PER_DAY);
    e = rep_event(c, t_c, won ? HO_DEMO_EV_OPP_WON : HO_DEMO_EV_OPP_LOST);
    e->x = opp;
    e->y = amount;
    if (!won)
        e->b = (uint8_t)ho_demo_rng_below(r, ho_demo_n_lost_reasons());
}

static void
qualify(struct ho_demo_lctx *c, int64_t t)
{
    struct ho_demo_event *e = rep_event(c, t, HO_DEMO_EV_SALES_QUALIFY);
    e->b = (uint8_t)ho_demo_rng_below(&c->rng, ho_demo_n_timelines());
}

/* ---- outcomes ----------------------------------------------------------- */

static void
emit_sql(struct ho_demo_lctx *c, int64_t t, const struct ho_demo_sales_plan *plan)
{
    int64_t t_acc = t + between(c, 10 * HO_MS_PER_MIN, 48 * HO_MS_PER_HOUR);
    if (ho_demo_rng_chance(&c->rng, 0.6))
        (void)rep_event(c, t_acc - between(c, HO_MS_PER_MIN, 5 * HO_MS_PER_MIN),
                        HO_DEMO_EV_CONTACT_MADE);
    if (plan->accept)
        (void)rep_event(c, t_acc, HO_DEMO_EV_SALES_ACCEPT);
    if (ho_demo_rng_chance(&c->rng, 0.5))
        (void)rep_event(c, t_acc + between(c, HO_MS_PER_MIN, 10 * HO_MS_PER_MIN),
                        HO_DEMO_EV_MEETING_BOOKED);
    int64_t t_q = t_acc + between(c, HO_MS_PER_DAY, 10 * HO_MS_PER_DAY);
    qualify(c, t_q);
    if (plan->opp)
        opportunity(c, t_q, plan->won);
}

/* Returns when the lead went to nurture, or 0. */
static int64_t
emit_reject(struct ho_demo_lctx *c, int64_t t, const struct ho_demo_sales_plan *plan)
{
    enum ho_demo_reason reason = (enum ho_demo_reason)plan->reason;
    int64_t t_rej;
    if (reason == HO_DEMO_REASON_NO_RESPONSE) {
        uint32_t more = 2 + ho_demo_rng_below(&c->rng, 3);
        for (uint32_t i = 0; i < more; i++) {
            t += between(c, HO_MS_PER_DAY, 4 * HO_MS_PER_DAY);
            (void)contact(c, t, HO_DEMO_CH_NONE);
        }
        t_rej = t + between(c, 2 * HO_MS_PER_DAY, 7 * HO_MS_PER_DAY);
    } else {
        if (plan->accept) {
            t += between(c, HO_MS_PER_HOUR, 2 * HO_MS_PER_DAY);
            (void)rep_event(c, t, HO_DEMO_EV_SALES_ACCEPT);
        }
        t_rej = t + between(c, HO_MS_PER_DAY, 12 * HO_MS_PER_DAY);
    }
    reject(c, t_rej, reason);
    return ho_demo_reason_is_nurture(reason) ? t_rej : 0;
}

static int64_t
emit_nurture(struct ho_demo_lctx *c, int64_t t, const struct ho_demo_sales_plan *plan)
{
    if (plan->accept) {
        t += between(c, HO_MS_PER_HOUR, 2 * HO_MS_PER_DAY);
        (void)rep_event(c, t, HO_DEMO_EV_SALES_ACCEPT);
    }
    int64_t t_n = t + between(c, 2 * HO_MS_PER_DAY, 20 * HO_MS_PER_DAY);
    struct ho_demo_event *e = rep_event(c, t_n, HO_DEMO_EV_NURTURE);
    e->b = plan->reason;
    e->x = (uint32_t)(ho_time_day(t_n) + between(c, 60, 180));
    return t_n;
}

/* The follow-up of one journey; returns when the lead went to nurture, or 0. */
static int64_t
follow_up(struct ho_demo_lctx *c, int64_t t_mql, int64_t delay_ms,
          const struct ho_demo_sales_plan *plan)
{
    int64_t nurtured = 0;
    if (plan->outcome == HO_DEMO_OUT_NONE)
        return 0;
    int64_t t = t_mql + (delay_ms > HO_MS_PER_MIN ? delay_ms : HO_MS_PER_MIN);
    (void)contact(c, t, HO_DEMO_CH_NONE);
    switch ((enum ho_demo_outcome)plan->outcome) {
    case HO_DEMO_OUT_SQL:
        emit_sql(c, t, plan);
        break;
    case HO_DEMO_OUT_REJECT:
        nurtured = emit_reject(c, t, plan);
        break;
    case HO_DEMO_OUT_NURTURE:
        nurtured = emit_nurture(c, t, plan);
        break;
    case HO_DEMO_OUT_OPEN:
        if (plan->accept)
            (void)rep_event(c, t + between(c, HO_MS_PER_HOUR, 3 * HO_MS_PER_DAY),
                            HO_DEMO_EV_SALES_ACCEPT);
        break;
    case HO_DEMO_OUT_NONE:
        break;
    }
    return nurtured;
}

/* Journey 2: months after nurture, new intent and a demo request; contacted
 * fast, usually qualified, never recycled again. */
static void
emit_recycle(struct ho_demo_lctx *c, int64_t nurtured_at)
{
    static const double fast[HO_DEMO_DELAY__COUNT] = { 45, 40, 12, 3, 0 };
    struct ho_demo_sales_plan plan;
    int64_t t_r = nurtured_at + between(c, 45 * HO_MS_PER_DAY, 150 * HO_MS_PER_DAY);
    t_r = ho_time_day(t_r) * HO_MS_PER_DAY + ho_demo_time_of_day(&c->rng);
    ho_demo_emit_quiet(c, t_r - 14 * HO_MS_PER_DAY, t_r - HO_MS_PER_HOUR,
                       1 + ho_demo_rng_below(&c->rng, 3));
    if (ho_demo_emit_demo_request(c, t_r))
        ho_demo_count_mql(c, true);
    enum ho_demo_delay d =
        (enum ho_demo_delay)ho_demo_rng_pick(&c->rng, fast, HO_DEMO_DELAY__COUNT);
    int64_t delay = ho_demo_draw_delay(&c->rng, d);
    ho_demo_sales_decide(c, true, P_RECYCLED_SQL, true, &plan);
    (void)follow_up(c, t_r, delay, &plan);
}

void
ho_demo_emit_sales(struct ho_demo_lctx *c, int64_t t_mql, int64_t delay_ms,
                   const struct ho_demo_sales_plan *plan)
{
    int64_t nurtured = follow_up(c, t_mql, delay_ms, plan);
    if (plan->recycle && nurtured != 0)
        emit_recycle(c, nurtured);
}

/* ---- outbound ----------------------------------------------------------- */

static void
outbound_disposition(struct ho_demo_lctx *c, int64_t t_acc)
{
    if (ho_demo_rng_chance(&c->rng, P_OUTBOUND_SQL)) {
        int64_t t_q = t_acc + between(c, 2 * HO_MS_PER_DAY, 10 * HO_MS_PER_DAY);
        qualify(c, t_q);
        if (ho_demo_rng_chance(&c->rng, P_OPPORTUNITY))
            opportunity(c, t_q, ho_demo_rng_chance(&c->rng, P_WON));
        return;
    }
    static const double w[HO_DEMO_REASON__COUNT] = {
        [HO_DEMO_REASON_NO_RESPONSE] = 15,
        [HO_DEMO_REASON_BAD_TIMING] = 40,
        [HO_DEMO_REASON_NOT_ICP] = 20,
        [HO_DEMO_REASON_NO_BUDGET] = 25,
    };
    enum ho_demo_reason reason =
        (enum ho_demo_reason)ho_demo_rng_pick(&c->rng, w, HO_DEMO_REASON__COUNT);
    reject(c, t_acc + between(c, 2 * HO_MS_PER_DAY, 14 * HO_MS_PER_DAY), reason);
}

void
ho_demo_emit_outbound(struct ho_demo_lctx *c, int64_t t)
{
    t += between(c, 5 * HO_MS_PER_MIN, 2 * HO_MS_PER_HOUR);
    (void)contact(c, t, HO_DEMO_CH_OUTBOUND);
    uint32_t more = 1 + ho_demo_rng_below(&c->rng, 3);
    for (uint32_t i = 0; i < more; i++) {
        t += between(c, 2 * HO_MS_PER_DAY, 5 * HO_MS_PER_DAY);
        (void)contact(c, t, HO_DEMO_CH_NONE);
    }
    if (!ho_demo_rng_chance(&c->rng, P_OUTBOUND_ENGAGED))
        return;
    int64_t t_m = t + between(c, HO_MS_PER_HOUR, 3 * HO_MS_PER_DAY);
    (void)rep_event(c, t_m, HO_DEMO_EV_CONTACT_MADE);
    int64_t t_acc = t_m + between(c, 10 * HO_MS_PER_MIN, HO_MS_PER_DAY);
    struct ho_demo_event *e = rep_event(c, t_acc, HO_DEMO_EV_SALES_ACCEPT);
    if (ho_demo_kept(c, e))
        c->sink->stats->sales_sourced++;
    outbound_disposition(c, t_acc);
}
