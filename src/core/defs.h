/* SPDX-License-Identifier: MIT */
/*
 * core/defs.h - the definitions model: the co-owned agreement between
 * marketing and sales on how leads are scored and staged (DESIGN.md §4).
 *
 * A struct ho_defs is built by a loader (defs/defs_yaml.c) and then bound to
 * an event log's string table with ho_defs_bind(), which resolves names to
 * interned ids so that evaluation compares integers.  After binding, the
 * model is read-only and may be shared.
 *
 * Ownership: a struct ho_defs owns every string, array and compiled regex it
 * points to; ho_defs_release() releases them all.  Every element records the
 * 1-based line and column of the YAML node it came from, for diagnostics.
 */
#ifndef HO_CORE_DEFS_H
#define HO_CORE_DEFS_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"
#include "core/stage.h"

struct ho_strtab;

struct ho_pos {
    uint32_t line, column; /* 1-based; 0 = unknown */
};

/* Where a field is read from. */
enum ho_scope {
    HO_SCOPE_LEAD,    /* "lead.title": identify traits */
    HO_SCOPE_ACCOUNT, /* "account.employees": group traits */
    HO_SCOPE_EVENT,   /* a key of the event's props (behaviour `where`) */
};

enum ho_match_op {
    HO_MATCH_EQUALS,   /* values[0]; typed: numbers numerically, true/false as booleans,
                        * strings case-insensitively */
    HO_MATCH_IN,       /* any of values[], compared as EQUALS */
    HO_MATCH_BETWEEN,  /* lo <= number <= hi (inclusive) */
    HO_MATCH_GE,       /* number >= lo */
    HO_MATCH_GT,       /* number > lo */
    HO_MATCH_LE,       /* number <= lo */
    HO_MATCH_LT,       /* number < lo */
    HO_MATCH_PREFIX,   /* text starts with values[0] (case-sensitive: paths, URLs) */
    HO_MATCH_SUFFIX,   /* text ends with values[0] (case-insensitive) */
    HO_MATCH_CONTAINS, /* text contains values[0] (case-insensitive) */
    HO_MATCH_REGEX,    /* POSIX extended regex (glibc: \b \w allowed), case-insensitive unless
                        * case_sensitive: true */
    HO_MATCH_EXISTS,   /* the field is present and not empty */
};

/* One condition on one field. */
struct ho_match {
    enum ho_scope scope;
    char *field; /* owned: trait or prop name, without "lead."/"account." */
    enum ho_match_op op;
    char **values; /* owned: EQUALS, IN, PREFIX, SUFFIX, CONTAINS */
    size_t n_values;
    double lo, hi; /* BETWEEN, GE, GT, LE, LT */
    char *pattern; /* owned: REGEX source text */
    regex_t *re;   /* owned: compiled REGEX (REG_EXTENDED | REG_NOSUB [| REG_ICASE]) */
    bool case_sensitive;
    struct ho_pos pos;
    struct ho_pos field_pos; /* of the field's name (field: value, or the where key) */
    /* bound by ho_defs_bind(): */
    uint32_t field_id;
};

struct ho_fit_rule {
    char *name; /* owned, unique among all fit and behaviour rules */
    struct ho_match match;
    double points;
    struct ho_pos pos;
};

/* How a behaviour rule turns its matching events into points (core/score.c
 * holds one row of scoring operations per kind). */
enum ho_behavior_kind {
    HO_BEHAVIOR_PER_EVENT = 0, /* every match adds points (decayed, clamped) */
    HO_BEHAVIOR_WINDOW,        /* points while `count` matches fall within `within` */
    HO_BEHAVIOR__COUNT
};

/*
 * A behaviour rule.  Per-event rule (HO_BEHAVIOR_PER_EVENT): each matching
 * event adds points, decayed by 0.5^(age / half_life) when decays; the sum
 * is then clamped to max (has_max) and to min (has_min).  Window rule
 * (HO_BEHAVIOR_WINDOW): contributes points while at least count matching
 * events happened within the last `within` (not decayed unless decays).
 */
struct ho_behavior_rule {
    char *name;                 /* owned */
    enum ho_behavior_kind kind; /* set by the loader (count + within make a window) */
    char *event;                /* owned: event type to match, e.g. "page_view" */
    struct ho_match *where;     /* owned: all must hold (props of the event) */
    size_t n_where;
    double points; /* may be negative */
    bool has_max, has_min;
    double max, min;
    uint32_t count;    /* window rules: matches needed (0 for per-event rules) */
    int64_t within_ms; /* window rules: the window length */
    bool decays;       /* per-event rules default true, window rules false */
    struct ho_pos pos;
    /* bound: */
    uint32_t event_id;
};

struct ho_disqualifier {
    char *reason; /* owned: e.g. "student" */
    struct ho_match match;
    struct ho_pos pos;
};

/* A reference to a fit or behaviour rule by name (criteria sets). */
struct ho_rule_ref {
    char *name;  /* owned */
    bool is_fit; /* resolved by the loader: which list index points into */
    uint32_t index;
    struct ho_pos pos;
};

/* MQL when every referenced rule currently contributes a positive amount. */
struct ho_criteria_set {
    char *name;                /* owned: "all:demo_request+senior_title+size_50_500" unless named */
    struct ho_rule_ref *rules; /* owned */
    size_t n_rules;
    struct ho_pos pos;
};

struct ho_mql_def {
    bool has_min_score, has_min_fit;
    double min_score; /* fit + behaviour */
    double min_fit;
    struct ho_criteria_set *or_any; /* owned: each qualifies on its own */
    size_t n_or_any;
    int64_t expire_after_ms; /* 0 = MQLs never expire */
};

enum ho_outcome {
    HO_OUTCOME_DISQUALIFIED,
    HO_OUTCOME_NURTURE,
};

struct ho_reason {
    char *code;     /* owned: "not_icp" */
    char *category; /* owned: bad_fit, bad_timing, no_response, bad_data, bad_scoring, ... */
    enum ho_outcome outcome;
    struct ho_pos pos;
    uint32_t code_id; /* bound */
};

/* Normalisation of raw source values onto one channel name. */
struct ho_channel_def {
    char *name;  /* owned: organic_search, ... */
    char *group; /* owned or NULL: inbound, outbound or partner (default: outbound and partner
                  * channels are their own group, every other channel is inbound) */
    char **utm_medium, **utm_source, **source; /* owned, compared case-insensitively */
    size_t n_utm_medium, n_utm_source, n_source;
    struct ho_pos pos;
};

/* Stage-to-stage transitions with a benchmark range. */
enum ho_transition {
    HO_TR_LEAD_MQL,
    HO_TR_MQL_SAL,
    HO_TR_SAL_SQL,
    HO_TR_MQL_SQL,
    HO_TR_SQL_OPPORTUNITY,
    HO_TR_OPPORTUNITY_CUSTOMER,
    HO_TR_SQL_MEETING,         /* only with stages.meeting */
    HO_TR_MEETING_OPPORTUNITY, /* only with stages.meeting */
    HO_TR__COUNT
};

struct ho_benchmarks {
    /* MQL->SQL tier upper bounds in percent: broken < b <= misaligned < m <= average < a
     * <= good <= g < best-in-class. */
    double tier_broken, tier_misaligned, tier_average, tier_good;
    bool has_healthy[HO_TR__COUNT];
    double healthy_lo[HO_TR__COUNT], healthy_hi[HO_TR__COUNT]; /* percent */
    /* A rate or tier drawn from fewer journeys than this (its denominator) gets
     * no verdict: "too few journeys (n)".  Default 30; 0 judges every rate. */
    uint32_t min_journeys;
};

/* ---- sales side (DESIGN.md §4: calendar, sla, routing, reps) ---- */

/* A time zone as UTC-offset transitions: offset_s[i] holds from at[i] on
 * (at[0] == INT64_MIN).  Built by the loader from the system's TZif file
 * (/usr/share/zoneinfo), its POSIX footer rule expanded to the year 2100, so
 * core needs no I/O to convert times. */
struct ho_tz {
    char *name;        /* owned: "America/New_York" */
    int64_t *at;       /* owned: ms since the epoch, ascending */
    int32_t *offset_s; /* owned: seconds east of UTC */
    size_t n;
};

/* Business hours: per weekday (0 = Monday .. 6 = Sunday) one open interval in
 * local minutes since midnight; open_min == close_min means closed. */
struct ho_calendar {
    bool defined; /* false: every minute is business time (UTC) */
    struct ho_tz tz;
    int32_t open_min[7], close_min[7];
    int64_t *holidays; /* owned: local dates as days since 1970-01-01, sorted */
    size_t n_holidays;
    struct ho_pos pos;
};

/* An SLA clock: starts when `from` is entered, or (event SLAs) at an event
 * of type `event` whose props match `where` while the lead is `in` a stage;
 * stops at the first event of one of `until`, breaches when its duration
 * exceeds `within`. */
struct ho_sla {
    char *name;  /* owned; several entries may share a name: the first matching applies */
    char *from;  /* owned: a stage name ("mql", "sal", ...); NULL for an event SLA */
    char *event; /* owned or NULL: the event type that starts an event SLA */
    struct ho_match *where; /* owned: all must hold on the starting event's props */
    size_t n_where;
    char *in;     /* owned (event SLAs): the stage the lead must be in */
    char **until; /* owned: event types */
    size_t n_until;
    int64_t within_ms; /* on a business clock, business ms (d and w converted below) */
    char within_unit;  /* the unit written: 'd', 'w' (converted on a business clock), 0 = other */
    int64_t within_count; /* the number written before a d or w unit */
    bool raw_clock;       /* clock: raw (wall time) instead of business time */
    char *when_rule;      /* owned or NULL: applies only when this rule held at the MQL */
    char *when_channel;   /* owned or NULL: applies only to journeys of this channel */
    struct ho_pos pos;
    /* bound: */
    int from_stage;          /* enum ho_stage: `from`, or `in` for an event SLA */
    uint32_t event_id;       /* event SLAs: interned `event`; 0 = a stage-entry SLA */
    uint32_t *until_ids;     /* owned */
    int32_t when_rule_index; /* behaviour rule index, -1 = fit or none; see when_rule_is_fit */
    bool when_rule_is_fit;
    uint32_t when_channel_id;
};

/* First matching rule picks a pool; a rule without `when` always matches. */
struct ho_route_rule {
    struct ho_match *when; /* owned or NULL: a condition on lead.* / account.* */
    char *pool;            /* owned */
    struct ho_pos pos;
    uint32_t pool_id; /* bound */
};

struct ho_rep {
    char *id;     /* owned */
    char **pools; /* owned */
    size_t n_pools;
    uint32_t weight;              /* >= 1 */
    uint32_t capacity;            /* open journeys at once; 0 = unlimited */
    int64_t *away_from, *away_to; /* owned: inclusive local dates (days since 1970-01-01) */
    size_t n_away;
    struct ho_pos pos;
    uint32_t id_id;     /* bound */
    uint32_t *pool_ids; /* bound, owned */
    /* where this rep's alerts go (notify, issue 11); all optional: */
    char *slack_id;  /* owned or NULL: Slack member id "U0123ABCD", mentioned <@U0123ABCD> */
    char *webhook;   /* owned or NULL: the rep's own Standard Webhooks endpoint URL */
    char *secret;    /* owned or NULL: its "whsec_" secret (required with webhook) */
    struct ho_tz tz; /* the rep's time zone (n == 0: the calendar's) */
};

/* ---- notify (issue 11): which alerts fire and where they go ---- */

enum ho_alert_kind {
    HO_ALERT_MQL,           /* lead.mql */
    HO_ALERT_ASSIGNED,      /* lead.assigned */
    HO_ALERT_STAGE_CHANGED, /* lead.stage_changed */
    HO_ALERT_SLA_BREACHED,  /* sla.breached */
    HO_ALERT_SLA_DUE_SOON,  /* sla.due_soon */
    HO_ALERT_REJECTED,      /* lead.rejected */
    HO_ALERT__COUNT
};

/* "lead.mql" .. "lead.rejected"; NULL out of range. */
const char *ho_alert_kind_name(int kind);
/* The kind named name, or -1. */
int ho_alert_kind_of(const char *name);

/* A named destination: a Standard Webhooks endpoint or a Slack incoming webhook. */
struct ho_notify_dest {
    char *name;   /* owned */
    bool slack;   /* true: Slack incoming-webhook URL (the URL is the secret) */
    char *url;    /* owned: http:// or https:// */
    char *secret; /* owned or NULL (Slack): "whsec_" + base64 of 24..64 bytes */
    struct ho_pos pos;
};

/* Destination name meaning "the rep who owns the lead" (then the fallback). */
#define HO_NOTIFY_TO_REP "rep"

/* One subscription: alerts of `kind` go to each of `to` when the filters hold. */
struct ho_notify_sub {
    int kind;  /* enum ho_alert_kind */
    char **to; /* owned: destination names or HO_NOTIFY_TO_REP */
    size_t n_to;
    int64_t before_ms;  /* sla.due_soon: how long before the deadline */
    char *when_rule;    /* owned or NULL: like an SLA's when */
    char *when_channel; /* owned or NULL */
    char *when_segment; /* owned or NULL: the lead's `segment` field equals this */
    struct ho_pos pos;
};

struct ho_notify_def {
    struct ho_notify_dest *dests; /* owned */
    size_t n_dests;
    struct ho_notify_sub *subs; /* owned */
    size_t n_subs;
    char *fallback;          /* owned or NULL: destination for a rep without one */
    char *link_base;         /* owned or NULL: base URL of lead links ("https://ho.example") */
    int64_t backfill_age_ms; /* import: alerts older than this are skipped_backfill (1 h) */
    int64_t horizon_ms;      /* delivery retries stop this long after the alert (24 h) */
};

/* Defaults (no destinations, no subscriptions, 1 h backfill age, 24 h horizon);
 * release frees what n owns and leaves the defaults (core/notify_def.c). */
void ho_notify_def_init(struct ho_notify_def *n);
void ho_notify_def_release(struct ho_notify_def *n);

/* ---- accounts and PQLs (DESIGN.md §5 report 9) ---- */

/* Account-based qualification: an account is qualified when at least
 * engaged_contacts of its leads showed behaviour within `window` before the
 * data's as_of, or when its score (the sum of its leads' behaviour points
 * plus the best fit among them) reaches min_score. */
struct ho_accounts_def {
    uint32_t engaged_contacts; /* >= 1; default 3 */
    double min_score;          /* default 100 */
    int64_t window_ms;         /* > 0; default 30 days */
    struct ho_pos pos;         /* of the `accounts` section; 0 = defaults */
};

/* A product-usage criterion: at least `count` events of type `event` whose
 * props meet every `where` condition. */
struct ho_pql_criterion {
    char *event;            /* owned: event type, e.g. "product_usage" */
    struct ho_match *where; /* owned: conditions on the event's props (HO_SCOPE_EVENT) */
    size_t n_where;
    uint32_t count; /* >= 1; default 1 */
    struct ho_pos pos;
    uint32_t event_id; /* bound */
};

#define HO_PQL_MAX_CRITERIA 16

/* Product-qualified lead: a lead is a PQL from the moment all criteria hold.
 * n_all == 0: the definitions name no PQL criteria. */
struct ho_pql_def {
    struct ho_pql_criterion *all; /* owned */
    size_t n_all;                 /* <= HO_PQL_MAX_CRITERIA */
    struct ho_pos pos;
};

/* ---- CRM import mapping (the `mapping:` section; lookups in core/mapping.h) ---- */

/* One "CRM value -> handoff value" pair: a field target ("traits.revenue",
 * "props.x"), a channel name or a stage name. */
struct ho_map_pair {
    char *from;        /* owned: as written (lookups trim and ignore case) */
    char *to;          /* owned */
    struct ho_pos pos; /* of the key */
};

/* A CRM lead status and the sales event it stands for. */
struct ho_map_status {
    char *from;   /* owned: "Unqualified - Bad Fit" */
    char *event;  /* owned: a sales event type, e.g. "sales_reject" */
    char *reason; /* owned or NULL: a code of the definitions' reasons */
    struct ho_pos pos;
};

/* Overrides of the CRM importers' built-in tables; every array may be empty. */
struct ho_mapping {
    struct ho_map_pair *fields; /* owned: column label or internal name -> traits.X / props.X */
    size_t n_fields;
    struct ho_map_status *statuses; /* owned: lead status -> disposition */
    size_t n_statuses;
    struct ho_map_pair *sources; /* owned: source bucket -> channel */
    size_t n_sources;
    struct ho_map_pair *lifecycle; /* owned: lifecycle value -> stage (lead .. customer) */
    size_t n_lifecycle;
    struct ho_pos pos; /* of the section; 0 = absent */
};

/* The `fields:` section: the team's own lead traits, account traits and
 * event properties, which `defs check` accepts besides the documented ones. */
struct ho_field_decls {
    char **lead, **account, **props; /* owned */
    size_t n_lead, n_account, n_props;
    struct ho_pos pos; /* of the section; 0 = absent */
};

/* ---- Segment track event names (the `segment:` section; lookups in core/segment_events.h) ---- */

/* Fixed props a Segment mapping sets; more are refused by the loader. */
#define HO_SEGMENT_MAX_SET 8

/* What a Segment call becomes: an event type, and props set on it (they
 * replace the same keys of the message's properties). */
struct ho_segment_target {
    char *type;                /* owned: "form_submit" */
    struct ho_map_pair *props; /* owned: from = prop key, to = its value */
    size_t n_props;            /* <= HO_SEGMENT_MAX_SET */
};

/* One track event name and its target. */
struct ho_segment_event {
    char *name; /* owned: exact and case-sensitive, as Segment sends it */
    struct ho_segment_target to;
    struct ho_pos pos; /* of the key */
};

/* What a track event name that no table maps becomes. */
enum ho_segment_unmapped {
    HO_SEGMENT_KEEP = 0, /* the name as written is the type ("Tour Viewed") */
    HO_SEGMENT_TYPE,     /* unmapped_type, the name kept in props.event */
    HO_SEGMENT_REJECT,   /* the record is rejected with its reason */
};

/* The `segment:` section; all zero (the defaults) when absent. */
struct ho_segment_def {
    struct ho_segment_event *events; /* owned: looked up before the built-in table */
    size_t n_events;
    bool builtin_off; /* builtin: false - only events apply, not the documented table */
    enum ho_segment_unmapped unmapped;
    char *unmapped_type; /* owned: HO_SEGMENT_TYPE only */
    char *page_type;     /* owned or NULL (= page_view): page() calls */
    char *screen_type;   /* owned or NULL (= page_type): screen() calls */
    struct ho_pos pos;   /* of the section; 0 = absent */
};

struct ho_owner {
    char *name;          /* owned; NULL = not given */
    int64_t signed_days; /* days since 1970-01-01 of the signature; -1 = not signed */
};

/* Hex digits of a definitions version's content hash (SHA-256). */
#define HO_DEFS_HASH_HEX 64

struct ho_defs {
    int64_t version;
    struct ho_pos version_pos; /* of the version: value; 0 = unknown */
    /* SHA-256 of the normalised content (defs/defs_hash.c), lower-case hex;
     * "" for a model not loaded from text. */
    char hash[HO_DEFS_HASH_HEX + 1];
    struct ho_owner marketing, sales;
    struct ho_fit_rule *fit; /* owned */
    size_t n_fit;
    int64_t half_life_ms;              /* behaviour decay; 0 = no decay */
    struct ho_behavior_rule *behavior; /* owned */
    size_t n_behavior;
    struct ho_disqualifier *disqualify; /* owned */
    size_t n_disqualify;
    struct ho_mql_def mql;
    char *sql_requires;                 /* owned: event type that makes an SQL ("sales_qualify") */
    struct ho_stage_set_opts stage_set; /* stages.sal: off, stages.meeting (default: neither) */
    char *meeting_requires;             /* owned or NULL (no meeting stage): event type that enters
                                         * meeting ("meeting_booked") */
    struct ho_reason *reasons;          /* owned */
    size_t n_reasons;
    struct ho_channel_def *channels; /* owned */
    size_t n_channels;
    struct ho_benchmarks bench;
    struct ho_calendar calendar;
    struct ho_sla *slas; /* owned */
    size_t n_slas;
    struct ho_route_rule *routing; /* owned */
    size_t n_routing;
    struct ho_rep *reps; /* owned */
    size_t n_reps;
    struct ho_accounts_def accounts; /* account-based qualification (defaults when absent) */
    struct ho_pql_def pql;           /* product-usage criteria; may be empty */
    struct ho_mapping mapping;       /* CRM import overrides; may be empty */
    struct ho_field_decls fields;    /* declared custom fields; may be empty */
    struct ho_segment_def segment;   /* Segment track names -> types (defaults when absent) */
    struct ho_notify_def notify;     /* alerts; no subscriptions when absent */
};

/* An empty model with the published benchmark defaults (see DESIGN.md §4):
 * tiers 5/13/25/40; healthy lead_mql 5-20, mql_sql 20-40, sql_opportunity
 * 50-70, opportunity_customer 20-30; marketing/sales unsigned (-1);
 * accounts: 3 engaged contacts, min score 100, window 30 days. */
void ho_defs_init(struct ho_defs *d);
/* Free everything d owns (not d itself); d is left as after ho_defs_init(). */
void ho_defs_release(struct ho_defs *d);

/* Resolve names to ids in strings (interning them).  Idempotent. */
void ho_defs_bind(struct ho_defs *d, struct ho_strtab *strings);

/* Lookups; NULL when absent. */
const struct ho_reason *ho_defs_reason(const struct ho_defs *d, const char *code);
const char *ho_transition_name(enum ho_transition t); /* "mql_sql" */

/* The name of an MQL criterion: "min_score" (0), the k-th or_any set's name
 * (k >= 1), or "" for none (a sales-sourced journey).  Borrowed from d. */
const char *ho_defs_criterion_name(const struct ho_defs *d, int32_t criterion);

/* Which stages a definitions version is signed for. */
bool ho_defs_is_signed(const struct ho_defs *d);

#endif /* HO_CORE_DEFS_H */
