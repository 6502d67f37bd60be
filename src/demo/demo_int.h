/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_int.h - internals shared by the demo generator's files.
 *
 * The generator runs in three passes:
 *   1. plan (demo_plan.c): accounts and leads with their attributes, class,
 *      MQL path and moment, and response delay, one PRNG stream per account;
 *   2. calibrate (demo_plan.c): per channel, the factor that makes the mean
 *      SQL probability of the channel's MQL journeys equal its target;
 *   3. emit (demo_emit.c, demo_sales.c): each lead's events, one PRNG stream
 *      per lead, into one array that is then sorted by (ts, lead, seq) and
 *      written (demo_write.c).
 * Only the demo layer's own files include this header.
 */
#ifndef HO_DEMO_DEMO_INT_H
#define HO_DEMO_DEMO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "demo/demo_gen.h"

/* ---- PRNG (demo_rng.c) ------------------------------------------------- */

struct ho_demo_rng {
    uint64_t s[4]; /* xoshiro256** state; fields are private */
};

/* Seed the stream `stream` of seed: independent streams per account/lead. */
void ho_demo_rng_seed(struct ho_demo_rng *r, uint64_t seed, uint64_t stream);
uint64_t ho_demo_rng_next(struct ho_demo_rng *r);
double ho_demo_rng_unit(struct ho_demo_rng *r);                           /* [0, 1) */
uint32_t ho_demo_rng_below(struct ho_demo_rng *r, uint32_t n);            /* [0, n), n > 0 */
int64_t ho_demo_rng_range(struct ho_demo_rng *r, int64_t lo, int64_t hi); /* [lo, hi] */
bool ho_demo_rng_chance(struct ho_demo_rng *r, double p);
double ho_demo_rng_exp(struct ho_demo_rng *r, double mean);
uint32_t ho_demo_rng_poisson(struct ho_demo_rng *r, double lambda);
/* An index in [0, n) with probability weights[i] / sum(weights). */
size_t ho_demo_rng_pick(struct ho_demo_rng *r, const double *weights, size_t n);

/* ---- vocabulary (demo_tables.c) ---------------------------------------- */

enum ho_demo_ev {
    HO_DEMO_EV_PAGE_VIEW = 0,
    HO_DEMO_EV_IDENTIFY,
    HO_DEMO_EV_GROUP,
    HO_DEMO_EV_FORM_SUBMIT,
    HO_DEMO_EV_CONTENT_DOWNLOAD,
    HO_DEMO_EV_WEBINAR_REGISTERED,
    HO_DEMO_EV_WEBINAR_ATTENDED,
    HO_DEMO_EV_EMAIL_OPEN,
    HO_DEMO_EV_EMAIL_CLICK,
    HO_DEMO_EV_CONTACT_ATTEMPT,
    HO_DEMO_EV_CONTACT_MADE,
    HO_DEMO_EV_MEETING_BOOKED,
    HO_DEMO_EV_SALES_ACCEPT,
    HO_DEMO_EV_SALES_QUALIFY,
    HO_DEMO_EV_SALES_REJECT,
    HO_DEMO_EV_NURTURE,
    HO_DEMO_EV_OPP_CREATED,
    HO_DEMO_EV_OPP_WON,
    HO_DEMO_EV_OPP_LOST,
    HO_DEMO_EV__COUNT
};

/* Channels; 0 means "no channel on this event". */
enum ho_demo_ch {
    HO_DEMO_CH_NONE = 0,
    HO_DEMO_CH_ORGANIC_SEARCH,
    HO_DEMO_CH_PAID_SEARCH,
    HO_DEMO_CH_PAID_SOCIAL,
    HO_DEMO_CH_EMAIL,
    HO_DEMO_CH_REFERRAL,
    HO_DEMO_CH_WEBINAR,
    HO_DEMO_CH_EVENT,
    HO_DEMO_CH_OUTBOUND,
    HO_DEMO_CH_PARTNER,
    HO_DEMO_CH_DIRECT,
    HO_DEMO_CH_WEBSITE,
    HO_DEMO_CH__COUNT
};

enum ho_demo_form {
    HO_DEMO_FORM_DEMO = 0,
    HO_DEMO_FORM_NEWSLETTER,
    HO_DEMO_FORM_CONTACT,
    HO_DEMO_FORM_BOOTH_SCAN,
    HO_DEMO_FORM__COUNT
};

/* utm variants of a page_view first touch (props instead of "channel"). */
enum ho_demo_utm {
    HO_DEMO_UTM_NONE = 0,
    HO_DEMO_UTM_GOOGLE_CPC,
    HO_DEMO_UTM_BING_CPC,
    HO_DEMO_UTM_NEWSLETTER_EMAIL,
    HO_DEMO_UTM__COUNT
};

/* Sales disposition reasons (the closed list of the example definitions). */
enum ho_demo_reason {
    HO_DEMO_REASON_NO_RESPONSE = 0,
    HO_DEMO_REASON_BAD_TIMING,
    HO_DEMO_REASON_NOT_ICP,
    HO_DEMO_REASON_OVER_SCORED,
    HO_DEMO_REASON_NO_BUDGET,
    HO_DEMO_REASON_WRONG_SIZE,
    HO_DEMO_REASON_BAD_DATA,
    HO_DEMO_REASON__COUNT
};

/* Page paths: fixed pages first, then blog posts. */
enum ho_demo_path {
    HO_DEMO_PATH_HOME = 0,
    HO_DEMO_PATH_PRICING,
    HO_DEMO_PATH_PRODUCT,
    HO_DEMO_PATH_DOCS,
    HO_DEMO_PATH_CAREERS,
    HO_DEMO_PATH_CUSTOMERS,
    HO_DEMO_PATH_INTEGRATIONS,
    HO_DEMO_PATH_DEMO,
    HO_DEMO_PATH_BLOG0 /* first of ho_demo_n_blog() blog posts */
};

/* Target first-touch channel mix, in percent, indexed by enum ho_demo_ch. */
extern const double ho_demo_channel_mix[HO_DEMO_CH__COUNT];
/* Target MQL->SQL rate per channel (fraction), indexed by enum ho_demo_ch. */
extern const double ho_demo_channel_sql_rate[HO_DEMO_CH__COUNT];

const char *ho_demo_ev_name(enum ho_demo_ev t);
const char *ho_demo_ch_name(enum ho_demo_ch c);
const char *ho_demo_form_name(enum ho_demo_form f);
const char *ho_demo_reason_name(enum ho_demo_reason r);
bool ho_demo_reason_is_nurture(enum ho_demo_reason r);
const char *ho_demo_path_name(uint32_t path);
uint32_t ho_demo_n_blog(void);

/* Titles: text, weight and whether the senior_title regex matches it. */
uint32_t ho_demo_n_titles(void);
const char *ho_demo_title(uint32_t i);
bool ho_demo_title_senior(uint32_t i);
uint32_t ho_demo_pick_title(struct ho_demo_rng *r, bool student);

const char *ho_demo_industry(uint32_t i);
uint32_t ho_demo_pick_industry(struct ho_demo_rng *r);
bool ho_demo_industry_fit(uint32_t i); /* saas or software */
uint32_t ho_demo_industry_education(void);
const char *ho_demo_country(uint32_t i);
uint32_t ho_demo_pick_country(struct ho_demo_rng *r);
bool ho_demo_country_fit(uint32_t i); /* US or CA */
const char *ho_demo_first_name(uint32_t i);
const char *ho_demo_last_name(uint32_t i);
uint32_t ho_demo_n_first_names(void);
uint32_t ho_demo_n_last_names(void);
const char *ho_demo_domain_word(uint32_t i);
uint32_t ho_demo_n_domain_words(void);
const char *ho_demo_tld(uint32_t i);
uint32_t ho_demo_n_tlds(void);
const char *ho_demo_rep(uint32_t i);
uint32_t ho_demo_n_reps_smb(void); /* reps [0, n_smb) work smb accounts, the rest enterprise */
uint32_t ho_demo_n_reps(void);
const char *ho_demo_asset(uint32_t i);
uint32_t ho_demo_n_assets(void);
const char *ho_demo_via(uint32_t i); /* call, email, linkedin */
const char *ho_demo_timeline(uint32_t i);
uint32_t ho_demo_n_timelines(void);
const char *ho_demo_lost_reason(uint32_t i);
uint32_t ho_demo_n_lost_reasons(void);
const char *ho_demo_junk_email(uint32_t i);
uint32_t ho_demo_n_junk_emails(void);

/* Campaigns: a name, optionally suffixed with the event's "-YYYY-MM". */
uint32_t ho_demo_campaign_for(struct ho_demo_rng *r, enum ho_demo_ch c); /* 0 = none */
uint32_t ho_demo_campaign_newsletter(void);
uint32_t ho_demo_campaign_webinar(void);
uint32_t ho_demo_campaign_outbound(void);
const char *ho_demo_campaign_name(uint32_t i, bool *monthly);

/* ---- plan (demo_plan.c) ------------------------------------------------ */

enum ho_demo_class {
    HO_DEMO_CLASS_COLD = 0,   /* a few touches, never an MQL */
    HO_DEMO_CLASS_WARM,       /* engaged, but never reaches the MQL definition */
    HO_DEMO_CLASS_HOT,        /* becomes an MQL at t_mql */
    HO_DEMO_CLASS_OUTBOUND,   /* sales-sourced */
    HO_DEMO_CLASS_STUDENT,    /* disqualified: .edu e-mail */
    HO_DEMO_CLASS_COMPETITOR, /* disqualified: competitor account */
    HO_DEMO_CLASS__COUNT
};

/* How a hot lead meets the MQL definition (see DEMO_DATA.md). */
enum ho_demo_mqlpath {
    HO_DEMO_MQL_NONE = 0,
    HO_DEMO_MQL_DEMO_CRITERIA, /* demo form + senior title + 50..500 employees (or_any) */
    HO_DEMO_MQL_DEMO_SCORE,    /* demo form on fit 25: 55 >= 50 */
    HO_DEMO_MQL_PRICING,       /* fit 35 + recent e-mail opens + second /pricing view */
    HO_DEMO_MQL_PRICING_DEMO,  /* fit 10..20: two /pricing views, then the demo form */
};

/* Response-delay buckets of the first contact attempt after an MQL. */
enum ho_demo_delay {
    HO_DEMO_DELAY_1H = 0, /* <= 1 h */
    HO_DEMO_DELAY_24H,    /* 1 h .. 24 h */
    HO_DEMO_DELAY_7D,     /* 1 d .. 7 d */
    HO_DEMO_DELAY_LATER,  /* 7 d .. 21 d */
    HO_DEMO_DELAY_NEVER,
    HO_DEMO_DELAY__COUNT
};

struct ho_demo_account {
    uint32_t employees;
    uint16_t word_a, word_b, number;
    uint8_t tld, industry, country, rep;
    bool competitor, university;
    uint32_t first_lead, n_leads;
};

struct ho_demo_lead {
    uint32_t account;
    int64_t t0;        /* first touch */
    int64_t t_mql;     /* hot leads: the MQL moment; else 0 */
    int64_t delay_ms;  /* hot leads: MQL -> first contact attempt */
    double sql_weight; /* hot leads: un-normalised SQL propensity */
    double sql_prob;   /* hot leads: after calibration */
    uint16_t first_name, last_name;
    uint8_t channel, title, klass, mqlpath, delay, fit;
    bool senior, size_ok, account_first;
};

struct ho_demo_world {
    struct ho_demo_opts opts;
    int64_t start, end; /* [start, end) in ms */
    struct ho_demo_account *accounts;
    uint32_t n_accounts;
    struct ho_demo_lead *leads;
    uint32_t n_leads;
};

/* A response delay in ms from bucket d (0 for never). */
int64_t ho_demo_draw_delay(struct ho_demo_rng *r, enum ho_demo_delay d);

/* Passes 1 and 2: fill w (accounts, leads, calibrated SQL probabilities). */
void ho_demo_plan(struct ho_demo_world *w);
void ho_demo_world_release(struct ho_demo_world *w);

/* ---- emit (demo_emit.c, demo_sales.c) ---------------------------------- */

/* One generated event: 24 bytes; text is produced when writing. */
struct ho_demo_event {
    int64_t ts;    /* ms, whole seconds */
    uint32_t lead; /* index into world.leads */
    uint32_t x;    /* opportunity number, revisit day, campaign month index */
    uint16_t seq;  /* order within the lead, ties on ts */
    uint16_t y;    /* campaign, amount / 500 */
    uint8_t type;  /* enum ho_demo_ev */
    uint8_t ch;    /* enum ho_demo_ch */
    uint8_t a, b;  /* per type: path/utm, form, rep/via, rep/reason, ... */
};
_Static_assert(sizeof(struct ho_demo_event) == 24, "keep events compact");

struct ho_demo_sink {
    struct ho_demo_event *ev;
    size_t n, cap;
    const struct ho_demo_world *w;
    struct ho_demo_stats *stats;
    uint32_t next_opp;            /* opportunity numbers, in lead order */
    struct ho_demo_event scratch; /* target of dropped pushes */
};

/* Per-lead emission context. */
struct ho_demo_lctx {
    struct ho_demo_sink *sink;
    const struct ho_demo_lead *lead;
    const struct ho_demo_account *acct;
    struct ho_demo_rng rng;
    uint32_t index;
    uint16_t seq;
    uint8_t rep;
    bool bad_data; /* the lead's e-mail is junk (sales rejects it as bad_data) */
    bool had_mql;  /* an MQL journey was counted */
};

/* Append one event (dropped when at or after the end of the period).
 * Returns a pointer to it for the caller to fill a, b, x, y; or to the
 * sink's scratch event when dropped (see ho_demo_kept()).  Never NULL. */
struct ho_demo_event *ho_demo_push(struct ho_demo_lctx *c, int64_t ts, enum ho_demo_ev type,
                                   enum ho_demo_ch ch);

/* Was ev (returned by ho_demo_push) kept? */
bool ho_demo_kept(const struct ho_demo_lctx *c, const struct ho_demo_event *ev);

/* Emit every event of lead i into sink. */
void ho_demo_emit_lead(struct ho_demo_sink *sink, uint32_t i);

/* Marketing activity within [from, to) that can never make the lead an MQL
 * (demo_emit.c), used by the sales code for post-disposition activity. */
void ho_demo_emit_quiet(struct ho_demo_lctx *c, int64_t from, int64_t to, uint32_t n_sessions);

/* What sales will do with one MQL journey, decided before any of the
 * lead's events are emitted (a bad_data rejection needs a junk e-mail). */
enum ho_demo_outcome {
    HO_DEMO_OUT_NONE = 0, /* never contacted */
    HO_DEMO_OUT_SQL,      /* sales_qualify */
    HO_DEMO_OUT_REJECT,   /* sales_reject with a reason */
    HO_DEMO_OUT_NURTURE,  /* nurture event with a reason and revisit_at */
    HO_DEMO_OUT_OPEN,     /* contacted, no disposition yet */
};

struct ho_demo_sales_plan {
    uint8_t outcome; /* enum ho_demo_outcome */
    uint8_t reason;  /* enum ho_demo_reason, for reject and nurture */
    bool accept;     /* a sales_accept precedes the disposition */
    bool opp, won;   /* SQL -> opportunity -> won */
    bool recycle;    /* nurtured, comes back months later (journey 2) */
};

/* Decide the sales plan of a journey with SQL probability p_sql (demo_sales.c). */
void ho_demo_sales_decide(struct ho_demo_lctx *c, bool contacted, double p_sql, bool recycled,
                          struct ho_demo_sales_plan *plan);
/* Sales follow-up of a hot lead after its MQL at t_mql (demo_sales.c); also
 * emits the recycled second journey when the plan says so. */
void ho_demo_emit_sales(struct ho_demo_lctx *c, int64_t t_mql, int64_t delay_ms,
                        const struct ho_demo_sales_plan *plan);
/* The outbound (sales-sourced) motion, starting after t (demo_sales.c). */
void ho_demo_emit_outbound(struct ho_demo_lctx *c, int64_t t);
/* Emit a demo request at t (page /demo, then form_submit demo) and return
 * whether the form_submit was kept (demo_emit.c). */
bool ho_demo_emit_demo_request(struct ho_demo_lctx *c, int64_t t);
/* Count a new MQL journey whose triggering event was kept. */
void ho_demo_count_mql(struct ho_demo_lctx *c, bool recycled);

/* A time of day (ms after midnight UTC) weighted to business hours in the
 * Americas and Europe. */
int64_t ho_demo_time_of_day(struct ho_demo_rng *r);

/* ---- write (demo_write.c) ---------------------------------------------- */

/* Sort sink's events and write them.  Returns HO_OK or HO_EIO. */
HO_MUST_CHECK ho_rc ho_demo_write(struct ho_demo_sink *sink, FILE *jsonl, FILE *csv,
                                  struct ho_diag *diag);

#endif /* HO_DEMO_DEMO_INT_H */
