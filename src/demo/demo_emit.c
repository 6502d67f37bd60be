/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_emit.c - pass 3 of the generator: a lead's marketing events.
 *
 * Each lead gets its own PRNG stream.  Its activity is produced in stretches
 * with explicit constraints (struct cons) that keep the example scoring model
 * where the plan wants it: a lead that is not meant to be an MQL never gets
 * the combination of fit, demo request and /pricing views that would make it
 * one, and a hot lead only crosses the threshold at its planned MQL moment
 * (DEMO_DATA.md, "MQL margins").  Sales events are in demo_sales.c.
 */
#include "demo/demo_int.h"

#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"

#define LEAD_STREAM_BASE (1ULL << 40) /* lead streams never collide with account streams */

/* What a stretch of page views may contain. */
struct cons {
    bool pricing_free;  /* any number of /pricing views: the fit leaves room */
    bool no_pricing;    /* none at all */
    bool careers;       /* a job seeker: /careers is likely */
    bool pricing_heavy; /* a competitor doing research */
    uint32_t pricing;   /* /pricing views so far */
};

/* ---- the sink ---------------------------------------------------------- */

struct ho_demo_event *
ho_demo_push(struct ho_demo_lctx *c, int64_t ts, enum ho_demo_ev type, enum ho_demo_ch ch)
{
    struct ho_demo_sink *s = c->sink;
    struct ho_demo_event *e;
    ts -= ts % HO_MS_PER_SEC;
    if (ts >= s->w->end || ts < s->w->start) {
        e = &s->scratch;
    } else {
        HO_GROW(s->ev, s->cap, s->n + 1);
        e = &s->ev[s->n++];
        if (type == HO_DEMO_EV_SALES_QUALIFY)
            s->stats->sqls++;
        else if (type == HO_DEMO_EV_OPP_CREATED)
            s->stats->opportunities++;
        else if (type == HO_DEMO_EV_OPP_WON)
            s->stats->won++;
    }
    memset(e, 0, sizeof(*e));
    e->ts = ts;
    e->lead = c->index;
    HO_ASSERT(c->seq < UINT16_MAX); /* ~400 events per lead at the largest scale */
    e->seq = c->seq++;
    e->type = (uint8_t)type;
    e->ch = (uint8_t)ch;
    return e;
}

bool
ho_demo_kept(const struct ho_demo_lctx *c, const struct ho_demo_event *ev)
{
    return ev != &c->sink->scratch;
}

void
ho_demo_count_mql(struct ho_demo_lctx *c, bool recycled)
{
    struct ho_demo_stats *st = c->sink->stats;
    st->mqls++;
    if (recycled)
        st->recycled++;
    if (!c->had_mql)
        st->mql_leads++;
    c->had_mql = true;
}

/* ---- times ------------------------------------------------------------- */

int64_t
ho_demo_time_of_day(struct ho_demo_rng *r)
{
    /* UTC hours: Europe's working day, then the Americas'. */
    static const double hour_weight[24] = { 2, 1, 1,  1,  1,  1, 2, 4, 6, 7, 7, 7,
                                            7, 9, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3 };
    size_t h = ho_demo_rng_pick(r, hour_weight, 24);
    return (int64_t)h * HO_MS_PER_HOUR + ho_demo_rng_range(r, 0, HO_MS_PER_HOUR - 1);
}

/* A time in [from, to), front-loaded (interest fades), at a plausible hour. */
static int64_t
pick_time(struct ho_demo_rng *r, int64_t from, int64_t to)
{
    if (to <= from)
        return from;
    double u = ho_demo_rng_unit(r);
    int64_t t = from + (int64_t)((double)(to - from) * u * u);
    if (to - from < 2 * HO_MS_PER_DAY)
        return t;
    int64_t t2 = ho_time_day(t) * HO_MS_PER_DAY + ho_demo_time_of_day(r);
    return (t2 >= from && t2 < to) ? t2 : t;
}

static uint32_t
scaled(struct ho_demo_lctx *c, double mean)
{
    return ho_demo_rng_poisson(&c->rng, mean * c->sink->w->opts.events_per_lead_scale);
}

static uint32_t
month_of(int64_t ts)
{
    return (uint32_t)ho_time_month_index(ts);
}

/* ---- page views -------------------------------------------------------- */

static uint32_t
pick_path(struct ho_demo_lctx *c, struct cons *k)
{
    double w[HO_DEMO_PATH_BLOG0 + 1] = {
        [HO_DEMO_PATH_HOME] = 14,
        [HO_DEMO_PATH_PRICING] = k->pricing_heavy ? 30 : 8,
        [HO_DEMO_PATH_PRODUCT] = 14,
        [HO_DEMO_PATH_DOCS] = 10,
        [HO_DEMO_PATH_CAREERS] = k->careers ? 25 : 0,
        [HO_DEMO_PATH_CUSTOMERS] = 5,
        [HO_DEMO_PATH_INTEGRATIONS] = 5,
        [HO_DEMO_PATH_DEMO] = 0,
        [HO_DEMO_PATH_BLOG0] = 36,
    };
    uint32_t p = (uint32_t)ho_demo_rng_pick(&c->rng, w, HO_ARRAY_LEN(w));
    if (p == HO_DEMO_PATH_BLOG0)
        return p + ho_demo_rng_below(&c->rng, ho_demo_n_blog());
    if (p == HO_DEMO_PATH_PRICING) {
        if (k->no_pricing || (!k->pricing_free && k->pricing >= 1))
            return HO_DEMO_PATH_PRODUCT;
        k->pricing++;
    }
    return p;
}

static void
page(struct ho_demo_lctx *c, int64_t t, uint32_t path)
{
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_PAGE_VIEW, HO_DEMO_CH_NONE);
    e->y = (uint16_t)path;
}

/* One visit: a few pages a short while apart.  Returns the time after it. */
static int64_t
session(struct ho_demo_lctx *c, int64_t t, struct cons *k)
{
    uint32_t n = 1;
    while (n < 8 && ho_demo_rng_chance(&c->rng, 0.55))
        n++;
    for (uint32_t i = 0; i < n; i++) {
        page(c, t, pick_path(c, k));
        t += ho_demo_rng_range(&c->rng, 15, 240) * HO_MS_PER_SEC;
    }
    return t;
}

static void
sessions(struct ho_demo_lctx *c, int64_t from, int64_t to, uint32_t n, struct cons *k)
{
    for (uint32_t i = 0; i < n; i++)
        (void)session(c, pick_time(&c->rng, from, to), k);
}

void
ho_demo_emit_quiet(struct ho_demo_lctx *c, int64_t from, int64_t to, uint32_t n_sessions)
{
    struct cons k = { .no_pricing = true };
    sessions(c, from, to, n_sessions, &k);
}

/* ---- e-mail, content, webinars ------------------------------------------ */

static void
email_open(struct ho_demo_lctx *c, int64_t t)
{
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_EMAIL_OPEN, HO_DEMO_CH_NONE);
    e->y = (uint16_t)ho_demo_campaign_newsletter();
    e->x = month_of(t);
    if (!ho_demo_rng_chance(&c->rng, 0.2))
        return;
    t += ho_demo_rng_range(&c->rng, 30, 1200) * HO_MS_PER_SEC;
    e = ho_demo_push(c, t, HO_DEMO_EV_EMAIL_CLICK, HO_DEMO_CH_EMAIL);
    e->y = (uint16_t)ho_demo_campaign_newsletter();
    e->x = month_of(t);
    t += ho_demo_rng_range(&c->rng, 5, 30) * HO_MS_PER_SEC;
    page(c, t, HO_DEMO_PATH_BLOG0 + ho_demo_rng_below(&c->rng, ho_demo_n_blog()));
}

/* Newsletter opens from `from` to the end of the period, `per_month` a month
 * on average (scaled). */
static void
emails(struct ho_demo_lctx *c, int64_t from, double per_month)
{
    int64_t to = c->sink->w->end;
    if (to <= from)
        return;
    double months = (double)(to - from) / (30.0 * (double)HO_MS_PER_DAY);
    uint32_t n = scaled(c, per_month * months);
    for (uint32_t i = 0; i < n; i++)
        email_open(c, from + (int64_t)((double)(to - from) * ho_demo_rng_unit(&c->rng)));
}

static void
downloads(struct ho_demo_lctx *c, int64_t from, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        int64_t t = pick_time(&c->rng, from, from + 120 * HO_MS_PER_DAY);
        struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_CONTENT_DOWNLOAD, HO_DEMO_CH_NONE);
        e->a = (uint8_t)ho_demo_rng_below(&c->rng, ho_demo_n_assets());
    }
}

static void
webinar(struct ho_demo_lctx *c, int64_t t, enum ho_demo_ch ch, double attend)
{
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_WEBINAR_REGISTERED, ch);
    uint32_t month = month_of(t);
    e->y = (uint16_t)ho_demo_campaign_webinar();
    e->x = month;
    if (!ho_demo_rng_chance(&c->rng, attend))
        return;
    t += ho_demo_rng_range(&c->rng, 1, 14) * HO_MS_PER_DAY;
    e = ho_demo_push(c, t, HO_DEMO_EV_WEBINAR_ATTENDED, HO_DEMO_CH_NONE);
    e->y = (uint16_t)ho_demo_campaign_webinar();
    e->x = month;
}

static void
form(struct ho_demo_lctx *c, int64_t t, enum ho_demo_form f)
{
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_FORM_SUBMIT, HO_DEMO_CH_NONE);
    e->a = (uint8_t)f;
}

bool
ho_demo_emit_demo_request(struct ho_demo_lctx *c, int64_t t)
{
    page(c, t - ho_demo_rng_range(&c->rng, 40, 180) * HO_MS_PER_SEC, HO_DEMO_PATH_DEMO);
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_FORM_SUBMIT, HO_DEMO_CH_NONE);
    e->a = HO_DEMO_FORM_DEMO;
    return ho_demo_kept(c, e);
}

/* ---- arrival: first touch, identify, group ------------------------------ */

static void
identify(struct ho_demo_lctx *c, int64_t t)
{
    struct ho_demo_event *e = ho_demo_push(c, t, HO_DEMO_EV_IDENTIFY, HO_DEMO_CH_NONE);
    if (c->bad_data) {
        e->a = 1;
        e->b = (uint8_t)ho_demo_rng_below(&c->rng, ho_demo_n_junk_emails());
    }
    if (c->lead->account_first)
        (void)ho_demo_push(c, t, HO_DEMO_EV_GROUP, HO_DEMO_CH_NONE);
}

static uint32_t
first_path(struct ho_demo_lctx *c, enum ho_demo_ch ch)
{
    struct ho_demo_rng *r = &c->rng;
    switch (ch) {
    case HO_DEMO_CH_ORGANIC_SEARCH:
    case HO_DEMO_CH_EMAIL:
        return ho_demo_rng_chance(r, 0.7)
                   ? HO_DEMO_PATH_BLOG0 + ho_demo_rng_below(r, ho_demo_n_blog())
                   : HO_DEMO_PATH_HOME;
    case HO_DEMO_CH_PAID_SEARCH:
    case HO_DEMO_CH_PAID_SOCIAL:
    case HO_DEMO_CH_WEBSITE:
        return ho_demo_rng_chance(r, 0.5) ? HO_DEMO_PATH_PRODUCT : HO_DEMO_PATH_HOME;
    case HO_DEMO_CH_REFERRAL:
        return ho_demo_rng_chance(r, 0.4) ? HO_DEMO_PATH_CUSTOMERS : HO_DEMO_PATH_HOME;
    case HO_DEMO_CH_PARTNER:
        return ho_demo_rng_chance(r, 0.6) ? HO_DEMO_PATH_INTEGRATIONS : HO_DEMO_PATH_HOME;
    case HO_DEMO_CH_NONE:
    case HO_DEMO_CH_WEBINAR:
    case HO_DEMO_CH_EVENT:
    case HO_DEMO_CH_OUTBOUND:
    case HO_DEMO_CH_DIRECT:
    case HO_DEMO_CH__COUNT:
        break;
    }
    return HO_DEMO_PATH_HOME;
}

/* The first touch as a page view: a top-level channel, or utm props for
 * some paid-search and e-mail visits. */
static void
first_page_view(struct ho_demo_lctx *c, int64_t t0, enum ho_demo_ch ch)
{
    uint32_t path = first_path(c, ch);
    uint8_t utm = HO_DEMO_UTM_NONE;
    if (ch == HO_DEMO_CH_PAID_SEARCH && ho_demo_rng_chance(&c->rng, 0.35))
        utm = ho_demo_rng_chance(&c->rng, 0.8) ? HO_DEMO_UTM_GOOGLE_CPC : HO_DEMO_UTM_BING_CPC;
    else if (ch == HO_DEMO_CH_EMAIL && ho_demo_rng_chance(&c->rng, 0.3))
        utm = HO_DEMO_UTM_NEWSLETTER_EMAIL;
    struct ho_demo_event *e = ho_demo_push(c, t0, HO_DEMO_EV_PAGE_VIEW, utm ? HO_DEMO_CH_NONE : ch);
    e->y = (uint16_t)path;
    e->b = utm;
    /* Page views keep the campaign in x; its month is the event's. */
    e->x =
        ch == HO_DEMO_CH_EMAIL ? ho_demo_campaign_newsletter() : ho_demo_campaign_for(&c->rng, ch);
}

/* First touch and identity.  Returns the time of the identify. */
static int64_t
arrival(struct ho_demo_lctx *c)
{
    const struct ho_demo_lead *l = c->lead;
    int64_t t0 = l->t0;
    int64_t t_id;
    struct ho_demo_event *e;
    switch ((enum ho_demo_ch)l->channel) {
    case HO_DEMO_CH_OUTBOUND:
        identify(c, t0); /* from a prospect list; the first touch is a rep's */
        return t0;
    case HO_DEMO_CH_WEBINAR:
        webinar(c, t0, HO_DEMO_CH_WEBINAR, 0.55);
        identify(c, t0);
        return t0;
    case HO_DEMO_CH_EVENT:
        e = ho_demo_push(c, t0, HO_DEMO_EV_FORM_SUBMIT, HO_DEMO_CH_EVENT);
        e->a = HO_DEMO_FORM_BOOTH_SCAN;
        e->y = (uint16_t)ho_demo_campaign_for(&c->rng, HO_DEMO_CH_EVENT);
        identify(c, t0);
        return t0;
    case HO_DEMO_CH_NONE:
    case HO_DEMO_CH_ORGANIC_SEARCH:
    case HO_DEMO_CH_PAID_SEARCH:
    case HO_DEMO_CH_PAID_SOCIAL:
    case HO_DEMO_CH_EMAIL:
    case HO_DEMO_CH_REFERRAL:
    case HO_DEMO_CH_PARTNER:
    case HO_DEMO_CH_DIRECT:
    case HO_DEMO_CH_WEBSITE:
    case HO_DEMO_CH__COUNT:
        break;
    }
    first_page_view(c, t0, (enum ho_demo_ch)l->channel);
    uint32_t more = ho_demo_rng_below(&c->rng, 3);
    for (uint32_t i = 0; i < more; i++)
        page(c, t0 + (int64_t)(i + 1) * ho_demo_rng_range(&c->rng, 20, 50) * HO_MS_PER_SEC,
             ho_demo_rng_chance(&c->rng, 0.5) ? HO_DEMO_PATH_PRODUCT : HO_DEMO_PATH_BLOG0);
    t_id = t0 + ho_demo_rng_range(&c->rng, 180, 600) * HO_MS_PER_SEC; /* 3..10 minutes */
    double u = ho_demo_rng_unit(&c->rng);
    if (u < 0.55) {
        form(c, t_id, HO_DEMO_FORM_NEWSLETTER);
    } else if (u < 0.75) {
        form(c, t_id, HO_DEMO_FORM_CONTACT);
    } else {
        e = ho_demo_push(c, t_id, HO_DEMO_EV_CONTENT_DOWNLOAD, HO_DEMO_CH_NONE);
        e->a = (uint8_t)ho_demo_rng_below(&c->rng, ho_demo_n_assets());
    }
    identify(c, t_id);
    return t_id;
}

/* ---- classes ----------------------------------------------------------- */

/* The events that make a hot lead an MQL at t_mql.  Returns whether the
 * triggering event was kept (inside the period). */
static bool
trigger(struct ho_demo_lctx *c, int64_t t_mql)
{
    struct ho_demo_rng *r = &c->rng;
    switch ((enum ho_demo_mqlpath)c->lead->mqlpath) {
    case HO_DEMO_MQL_PRICING: {
        /* Five recent e-mail opens give the margin over 50: 35 + 15 + >= 4.4. */
        for (int i = 0; i < 5; i++)
            email_open(c, t_mql - ho_demo_rng_range(r, 2 * HO_MS_PER_HOUR, 5 * HO_MS_PER_DAY));
        page(c, t_mql - ho_demo_rng_range(r, HO_MS_PER_HOUR, 3 * HO_MS_PER_DAY),
             HO_DEMO_PATH_PRICING);
        struct ho_demo_event *e = ho_demo_push(c, t_mql, HO_DEMO_EV_PAGE_VIEW, HO_DEMO_CH_NONE);
        e->y = HO_DEMO_PATH_PRICING;
        return ho_demo_kept(c, e);
    }
    case HO_DEMO_MQL_PRICING_DEMO:
        page(c, t_mql - ho_demo_rng_range(r, 2 * HO_MS_PER_DAY, 5 * HO_MS_PER_DAY),
             HO_DEMO_PATH_PRICING);
        page(c, t_mql - ho_demo_rng_range(r, HO_MS_PER_HOUR, HO_MS_PER_DAY), HO_DEMO_PATH_PRICING);
        return ho_demo_emit_demo_request(c, t_mql);
    case HO_DEMO_MQL_NONE:
    case HO_DEMO_MQL_DEMO_CRITERIA:
    case HO_DEMO_MQL_DEMO_SCORE:
        break;
    }
    return ho_demo_emit_demo_request(c, t_mql);
}

static void
emit_hot(struct ho_demo_lctx *c, int64_t t_id, const struct ho_demo_sales_plan *plan)
{
    const struct ho_demo_lead *l = c->lead;
    struct cons pre = { .pricing_free = l->fit <= 25 && l->mqlpath != HO_DEMO_MQL_PRICING,
                        .no_pricing = l->mqlpath == HO_DEMO_MQL_PRICING };
    int64_t pre_end = l->t_mql - HO_MS_PER_HOUR;
    if (pre_end > t_id + HO_MS_PER_MIN)
        sessions(c, t_id + HO_MS_PER_MIN, pre_end, scaled(c, 3.5), &pre);
    if (trigger(c, l->t_mql))
        ho_demo_count_mql(c, false);
    ho_demo_emit_quiet(c, l->t_mql + HO_MS_PER_MIN, l->t_mql + 90 * HO_MS_PER_DAY, scaled(c, 5));
    emails(c, t_id + HO_MS_PER_DAY, 1.2);
    downloads(c, t_id + HO_MS_PER_HOUR, ho_demo_rng_poisson(&c->rng, 0.4));
    if (l->channel != HO_DEMO_CH_WEBINAR && ho_demo_rng_chance(&c->rng, 0.1))
        webinar(c, pick_time(&c->rng, t_id, t_id + 120 * HO_MS_PER_DAY), HO_DEMO_CH_NONE, 0.5);
    ho_demo_emit_sales(c, l->t_mql, l->delay_ms, plan);
}

/* Activity of the classes that never become MQLs (by design). */
struct activity {
    double sessions;         /* mean number of visits (scaled) */
    double emails_per_month; /* newsletter opens (scaled) */
    double p_demo, p_careers;
    uint32_t horizon_days; /* visits fall within this long after identify */
    bool pricing_free, pricing_heavy;
};

static const struct activity activity_of[HO_DEMO_CLASS__COUNT] = {
    [HO_DEMO_CLASS_COLD] = { 2.5, 0.4, 0, 0.10, 60, false, false },
    [HO_DEMO_CLASS_WARM] = { 8, 1.0, 0, 0.15, 150, false, false },
    [HO_DEMO_CLASS_STUDENT] = { 4, 0.5, 0.2, 0.4, 90, true, false },
    [HO_DEMO_CLASS_COMPETITOR] = { 5, 0.3, 0.25, 0.05, 200, true, true },
};

/* Leads that never become MQLs (by design), or are disqualified. */
static void
emit_other(struct ho_demo_lctx *c, int64_t t_id)
{
    const struct ho_demo_lead *l = c->lead;
    HO_ASSERT(l->klass < HO_ARRAY_LEN(activity_of));
    const struct activity *a = &activity_of[l->klass];
    struct cons k = { .pricing_free = a->pricing_free || l->fit <= 25,
                      .pricing_heavy = a->pricing_heavy };
    /* Warm leads of fit < 10 may ask for a demo: it cannot qualify them. */
    double p_demo = l->klass == HO_DEMO_CLASS_WARM ? (l->fit < 10 ? 0.15 : 0) : a->p_demo;
    k.careers = ho_demo_rng_chance(&c->rng, a->p_careers);
    int64_t to = t_id + (int64_t)a->horizon_days * HO_MS_PER_DAY;
    sessions(c, t_id + HO_MS_PER_MIN, to, scaled(c, a->sessions), &k);
    if (ho_demo_rng_chance(&c->rng, p_demo))
        (void)ho_demo_emit_demo_request(c, pick_time(&c->rng, t_id + HO_MS_PER_HOUR, to));
    emails(c, t_id + HO_MS_PER_DAY, a->emails_per_month);
    if (l->klass == HO_DEMO_CLASS_WARM) {
        downloads(c, t_id + HO_MS_PER_HOUR, ho_demo_rng_poisson(&c->rng, 0.5));
        if (l->channel != HO_DEMO_CH_WEBINAR && ho_demo_rng_chance(&c->rng, 0.1))
            webinar(c, pick_time(&c->rng, t_id, to), HO_DEMO_CH_NONE, 0.5);
    }
}

static void
emit_outbound_lead(struct ho_demo_lctx *c, int64_t t_id)
{
    ho_demo_emit_outbound(c, t_id);
    ho_demo_emit_quiet(c, t_id + HO_MS_PER_DAY, t_id + 60 * HO_MS_PER_DAY, scaled(c, 1.0));
    emails(c, t_id + HO_MS_PER_DAY, 0.5);
}

void
ho_demo_emit_lead(struct ho_demo_sink *sink, uint32_t i)
{
    const struct ho_demo_world *w = sink->w;
    struct ho_demo_lctx c = { .sink = sink, .lead = &w->leads[i], .index = i };
    c.acct = &w->accounts[c.lead->account];
    ho_demo_rng_seed(&c.rng, w->opts.seed, LEAD_STREAM_BASE + i);
    /* Mostly the account's owner; sometimes a teammate covers. */
    c.rep = c.acct->rep;
    if (ho_demo_rng_chance(&c.rng, 0.1) && c.acct->employees < 1000)
        c.rep = (uint8_t)ho_demo_rng_below(&c.rng, ho_demo_n_reps_smb());
    struct ho_demo_sales_plan plan = { 0 };
    if (c.lead->klass == HO_DEMO_CLASS_HOT) {
        /* Decided before the arrival: a bad_data rejection needs the junk
         * e-mail on the identify. */
        ho_demo_sales_decide(&c, c.lead->delay != HO_DEMO_DELAY_NEVER, c.lead->sql_prob, false,
                             &plan);
        c.bad_data = plan.outcome == HO_DEMO_OUT_REJECT && plan.reason == HO_DEMO_REASON_BAD_DATA;
    }
    int64_t t_id = arrival(&c);
    switch ((enum ho_demo_class)c.lead->klass) {
    case HO_DEMO_CLASS_HOT:
        emit_hot(&c, t_id, &plan);
        break;
    case HO_DEMO_CLASS_OUTBOUND:
        emit_outbound_lead(&c, t_id);
        break;
    case HO_DEMO_CLASS_COLD:
    case HO_DEMO_CLASS_WARM:
    case HO_DEMO_CLASS_STUDENT:
    case HO_DEMO_CLASS_COMPETITOR:
    case HO_DEMO_CLASS__COUNT:
        emit_other(&c, t_id);
        break;
    }
}
