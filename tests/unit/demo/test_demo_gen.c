/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/demo/test_demo_gen.c - the demo data generator.
 *
 * The default data set (24,000 leads) is generated once per run, parsed
 * back with jansson and checked line by line against the DESIGN.md §3 shape.
 * The MQL checks use an independent re-implementation of the example scoring
 * model written here from the rules (regcomp for the title regex, decayed
 * sums, the /pricing window), not the generator's own bookkeeping: it must
 * find every MQL the generator says it made, and no sales event of an
 * inbound lead may come before the lead's MQL moment.
 */
#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "demo/demo_gen.h"

#define HALF_LIFE_DAYS 30.0
#define N_CHANNELS     11

static const char *const channel_names[N_CHANNELS] = {
    "organic_search", "paid_search", "paid_social", "email",  "referral", "webinar",
    "event",          "outbound",    "partner",     "direct", "website"
};
/* The target first-touch mix, in percent (the brief's published figures). */
static const double channel_target[N_CHANNELS] = { 22, 18, 8, 10, 7, 8, 4, 5, 3, 7, 8 };

/* ---- fixtures ------------------------------------------------------------ */

enum kind {
    K_OTHER = 0,
    K_IDENTIFY, /* aux: 1 = senior title, 2 = .edu e-mail */
    K_GROUP,
    K_DEMO,    /* form_submit form=demo */
    K_PRICING, /* page_view /pricing... */
    K_CAREERS, /* page_view /careers... */
    K_EMAIL_OPEN,
    K_SALES_ADVANCE,   /* sales_accept, sales_qualify, opportunity_created/won */
    K_SALES_OTHER,     /* contact_attempt, contact_made, meeting_booked */
    K_TO_NURTURE,      /* nurture, sales_reject with a nurture reason, opportunity_lost */
    K_TO_DISQUALIFIED, /* sales_reject not_icp / wrong_size / bad_data */
};

struct cev {
    int64_t ts;
    uint32_t lead, account;
    uint8_t kind, aux;
};

struct account {
    int64_t group_ts; /* INT64_MAX until the group event */
    uint32_t employees;
    bool saas, north_america, competitor;
};

struct lead_info {
    int first_channel; /* index into channel_names, -1 = none yet */
    size_t first, n;   /* range in the per-lead sorted event array */
};

struct fixture {
    struct ho_demo_opts opts;
    struct ho_demo_stats stats;
    uint64_t jsonl_hash, csv_hash;
    uint64_t lines, bad_lines, unsorted, id_errors, out_of_period;
    char first_bad[512];
    uint64_t csv_rows, csv_bad_rows;
    bool csv_header_ok;
    struct cev *ev;
    size_t n_ev, cap_ev;
    struct ho_strtab *accounts;
    struct account *acct;
    size_t n_acct, cap_acct;
    int id_width;
    struct lead_info *leads;
    uint32_t n_leads;
    regex_t senior_re;
};

static struct fixture *fx;

static uint64_t
fnv1a(FILE *f)
{
    uint64_t h = 1469598103934665603ULL;
    unsigned char block[65536];
    size_t n;
    rewind(f);
    while ((n = fread(block, 1, sizeof(block), f)) > 0) {
        for (size_t i = 0; i < n; i++) {
            h ^= block[i];
            h *= 1099511628211ULL;
        }
    }
    return h;
}

/* Generate with o into temporary files; hashes of both outputs. */
static void
generate(const struct ho_demo_opts *o, FILE **jf, FILE **cf, struct ho_demo_stats *st, uint64_t *jh,
         uint64_t *ch)
{
    struct ho_diag diag = { 0 };
    *jf = tmpfile();
    *cf = tmpfile();
    assert_non_null(*jf);
    assert_non_null(*cf);
    ho_rc rc = ho_demo_generate(o, *jf, *cf, st, &diag);
    if (rc != HO_OK)
        fail_msg("generate: %s", diag.msg);
    *jh = fnv1a(*jf);
    *ch = fnv1a(*cf);
    rewind(*jf);
    rewind(*cf);
}

/* ---- parsing one JSON line ------------------------------------------------ */

static void
bad(struct fixture *f, const char *why, const char *line)
{
    if (f->bad_lines++ == 0)
        (void)snprintf(f->first_bad, sizeof(f->first_bad), "line %llu: %s: %.300s",
                       (unsigned long long)f->lines, why, line);
}

/* Keys in the DESIGN.md §3 order; required ones first. */
static const char *const key_order[] = { "id",      "ts",       "type",  "lead",  "account",
                                         "channel", "campaign", "props", "traits" };

static bool
keys_in_order(json_t *obj)
{
    size_t next = 0;
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val)
    {
        while (next < HO_ARRAY_LEN(key_order) && strcmp(key_order[next], key) != 0)
            next++;
        if (next == HO_ARRAY_LEN(key_order))
            return false;
        next++;
    }
    return true;
}

static bool
flat_object(json_t *o)
{
    const char *key;
    json_t *val;
    if (!json_is_object(o) || json_object_size(o) == 0)
        return false;
    json_object_foreach(o, key, val)
    {
        if (!json_is_string(val) && !json_is_number(val) && !json_is_boolean(val))
            return false;
    }
    return true;
}

static const char *
str_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The DESIGN.md §3 shape; returns the reason when the line is wrong. */
static const char *
check_shape(json_t *e, int64_t *ts)
{
    static const char *const required[] = { "id", "ts", "type", "lead", "account" };
    char canon[HO_TIME_STRLEN];
    if (!json_is_object(e) || !keys_in_order(e))
        return "unknown key or key out of order";
    for (size_t i = 0; i < HO_ARRAY_LEN(required); i++) {
        if (str_of(e, required[i]) == NULL || str_of(e, required[i])[0] == '\0')
            return "missing required string";
    }
    const char *t = str_of(e, "ts");
    if (ho_time_parse(t, strlen(t), ts, NULL) != HO_OK ||
        strcmp(ho_time_format(*ts, canon), t) != 0 || strlen(t) != 20)
        return "ts is not RFC 3339 UTC seconds";
    if (json_object_get(e, "channel") && str_of(e, "channel") == NULL)
        return "channel is not a string";
    if (json_object_get(e, "campaign") && str_of(e, "campaign") == NULL)
        return "campaign is not a string";
    if (json_object_get(e, "props") && !flat_object(json_object_get(e, "props")))
        return "props is not a flat non-empty object";
    if (json_object_get(e, "traits") && !flat_object(json_object_get(e, "traits")))
        return "traits is not a flat non-empty object";
    return NULL;
}

static bool
has_prefix(const char *s, const char *prefix)
{
    return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s);
    size_t m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *
check_identify(struct fixture *f, json_t *traits, uint8_t *aux)
{
    const char *title = str_of(traits, "title");
    const char *email = str_of(traits, "email");
    if (title == NULL || email == NULL || str_of(traits, "source") == NULL)
        return "identify without title, email and source";
    *aux = (uint8_t)((regexec(&f->senior_re, title, 0, NULL, 0) == 0 ? 1 : 0) |
                     (ends_with(email, ".edu") ? 2 : 0));
    return NULL;
}

static const char *
check_group(struct fixture *f, json_t *traits, int64_t ts, uint32_t account)
{
    json_t *emp = json_object_get(traits, "employees");
    json_t *comp = json_object_get(traits, "is_competitor");
    const char *ind = str_of(traits, "industry");
    const char *country = str_of(traits, "country");
    if (!json_is_integer(emp) || !json_is_boolean(comp) || ind == NULL || country == NULL)
        return "group without employees, industry, country and is_competitor";
    struct account *a = &f->acct[account];
    if (a->group_ts <= ts)
        return NULL; /* the first group event of the account wins in this data */
    a->group_ts = ts;
    a->employees = (uint32_t)json_integer_value(emp);
    a->saas = strcmp(ind, "saas") == 0 || strcmp(ind, "software") == 0;
    a->north_america = strcmp(country, "US") == 0 || strcmp(country, "CA") == 0;
    a->competitor = json_is_true(comp);
    return NULL;
}

static uint8_t
sales_kind(const char *type, json_t *props)
{
    static const char *const advance[] = { "sales_accept", "sales_qualify", "opportunity_created",
                                           "opportunity_won" };
    static const char *const other[] = { "contact_attempt", "contact_made", "meeting_booked" };
    for (size_t i = 0; i < HO_ARRAY_LEN(advance); i++) {
        if (strcmp(type, advance[i]) == 0)
            return K_SALES_ADVANCE;
    }
    for (size_t i = 0; i < HO_ARRAY_LEN(other); i++) {
        if (strcmp(type, other[i]) == 0)
            return K_SALES_OTHER;
    }
    if (strcmp(type, "nurture") == 0 || strcmp(type, "opportunity_lost") == 0)
        return K_TO_NURTURE;
    if (strcmp(type, "sales_reject") == 0) {
        const char *r = str_of(props, "reason");
        if (r == NULL)
            return K_OTHER;
        bool dq = !strcmp(r, "not_icp") || !strcmp(r, "wrong_size") || !strcmp(r, "bad_data");
        return dq ? K_TO_DISQUALIFIED : K_TO_NURTURE;
    }
    return K_OTHER;
}

static int
channel_index(const char *name)
{
    for (int i = 0; i < N_CHANNELS; i++) {
        if (name != NULL && strcmp(name, channel_names[i]) == 0)
            return i;
    }
    return -1;
}

/* The event's touchpoint channel: top-level, else utm_medium (cpc, email). */
static int
touch_channel(json_t *e, json_t *props)
{
    if (str_of(e, "channel") != NULL)
        return channel_index(str_of(e, "channel"));
    const char *medium = props ? str_of(props, "utm_medium") : NULL;
    if (medium != NULL && strcmp(medium, "cpc") == 0)
        return channel_index("paid_search");
    if (medium != NULL && strcmp(medium, "email") == 0)
        return channel_index("email");
    return -1;
}

static const char *
classify(struct fixture *f, json_t *e, struct cev *c)
{
    const char *type = str_of(e, "type");
    json_t *props = json_object_get(e, "props");
    json_t *traits = json_object_get(e, "traits");
    const char *path = props ? str_of(props, "path") : NULL;
    c->kind = K_OTHER;
    if (strcmp(type, "identify") == 0) {
        c->kind = K_IDENTIFY;
        return traits ? check_identify(f, traits, &c->aux) : "identify without traits";
    }
    if (strcmp(type, "group") == 0) {
        c->kind = K_GROUP;
        return traits ? check_group(f, traits, c->ts, c->account) : "group without traits";
    }
    if (strcmp(type, "form_submit") == 0 && props && str_of(props, "form") &&
        strcmp(str_of(props, "form"), "demo") == 0)
        c->kind = K_DEMO;
    else if (strcmp(type, "page_view") == 0 && has_prefix(path, "/pricing"))
        c->kind = K_PRICING;
    else if (strcmp(type, "page_view") == 0 && has_prefix(path, "/careers"))
        c->kind = K_CAREERS;
    else if (strcmp(type, "email_open") == 0)
        c->kind = K_EMAIL_OPEN;
    else
        c->kind = sales_kind(type, props);
    if (c->kind != K_OTHER && c->kind != K_DEMO && props == NULL && c->kind != K_EMAIL_OPEN)
        return "sales event without props";
    return NULL;
}

/* Lead ids are "lead-NNNNNNN", 1-based. */
static bool
lead_index(const char *id, uint32_t *out)
{
    char *end;
    if (!has_prefix(id, "lead-"))
        return false;
    unsigned long v = strtoul(id + 5, &end, 10);
    if (*end != '\0' || v == 0 || v > UINT32_MAX)
        return false;
    *out = (uint32_t)(v - 1);
    return true;
}

static void
ensure_account(struct fixture *f, uint32_t account)
{
    HO_GROW(f->acct, f->cap_acct, (size_t)account + 1);
    while (f->n_acct <= account)
        f->acct[f->n_acct++] = (struct account){ .group_ts = INT64_MAX };
}

static void
ensure_lead(struct fixture *f, uint32_t lead)
{
    if (lead < f->n_leads)
        return;
    f->leads = ho_xrealloc(f->leads, ho_size_mul((size_t)lead + 1, sizeof(*f->leads)));
    for (uint32_t i = f->n_leads; i <= lead; i++)
        f->leads[i] = (struct lead_info){ .first_channel = -1 };
    f->n_leads = lead + 1;
}

static void
check_id(struct fixture *f, const char *id)
{
    char want[32];
    /* Ids are "e" + the line number, zero-padded to one width (>= 7). */
    (void)snprintf(want, sizeof(want), "e%0*llu", f->id_width, (unsigned long long)f->lines);
    if (strcmp(id, want) != 0)
        f->id_errors++;
}

static void
parse_line(struct fixture *f, const char *line, int64_t *prev_ts)
{
    json_error_t err;
    struct cev c = { 0 };
    json_t *e = json_loads(line, JSON_PRESERVE_ORDER | JSON_REJECT_DUPLICATES, &err);
    const char *why = e ? check_shape(e, &c.ts) : err.text;
    if (why == NULL && !lead_index(str_of(e, "lead"), &c.lead))
        why = "lead id is not lead-NNNNNNN";
    if (why == NULL) {
        const char *acc = str_of(e, "account");
        c.account = ho_strtab_intern(f->accounts, acc, strlen(acc));
        ensure_account(f, c.account);
        why = classify(f, e, &c);
    }
    if (why != NULL) {
        bad(f, why, line);
        json_decref(e);
        return;
    }
    check_id(f, str_of(e, "id"));
    if (c.ts < *prev_ts)
        f->unsorted++;
    *prev_ts = c.ts;
    ensure_lead(f, c.lead);
    struct lead_info *li = &f->leads[c.lead];
    if (li->first_channel < 0)
        li->first_channel = touch_channel(e, json_object_get(e, "props"));
    HO_GROW(f->ev, f->cap_ev, f->n_ev + 1);
    f->ev[f->n_ev++] = c;
    json_decref(e);
}

static void
parse_jsonl(struct fixture *f, FILE *in)
{
    char line[4096];
    int64_t prev_ts = INT64_MIN;
    while (fgets(line, sizeof(line), in) != NULL) {
        size_t n = strlen(line);
        f->lines++;
        if (n == 0 || line[n - 1] != '\n') {
            bad(f, "line too long or not terminated", line);
            continue;
        }
        line[n - 1] = '\0';
        parse_line(f, line, &prev_ts);
    }
}

/* Group the events by lead, keeping their (ts, id) order (counting sort). */
static void
group_by_lead(struct fixture *f)
{
    struct cev *sorted = ho_xcalloc(f->n_ev ? f->n_ev : 1, sizeof(*sorted));
    size_t *fill = ho_xcalloc((size_t)f->n_leads + 1, sizeof(*fill));
    for (size_t i = 0; i < f->n_ev; i++)
        f->leads[f->ev[i].lead].n++;
    size_t at = 0;
    for (uint32_t l = 0; l < f->n_leads; l++) {
        f->leads[l].first = at;
        fill[l] = at;
        at += f->leads[l].n;
    }
    for (size_t i = 0; i < f->n_ev; i++)
        sorted[fill[f->ev[i].lead]++] = f->ev[i];
    ho_xfree(fill);
    ho_xfree(f->ev);
    f->ev = sorted;
}

/* ---- CSV: RFC 4180 records ------------------------------------------------ */

/* Read one record; returns its field count, 0 at EOF.  The first record's
 * text goes to head (for the header check). */
static size_t
csv_record(FILE *in, char *head, size_t head_len)
{
    size_t fields = 1;
    size_t used = 0;
    bool quoted = false, any = false;
    int c;
    while ((c = getc(in)) != EOF) {
        any = true;
        if (head != NULL && used + 1 < head_len)
            head[used++] = (char)c;
        if (quoted) {
            if (c == '"') {
                int d = getc(in);
                if (d != '"') {
                    quoted = false;
                    if (d == EOF)
                        break;
                    (void)ungetc(d, in);
                }
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields++;
        } else if (c == '\n') {
            if (head != NULL)
                head[used - 1] = '\0';
            return fields;
        }
    }
    return any ? fields : 0;
}

static void
parse_csv(struct fixture *f, FILE *in)
{
    char head[1024] = "";
    size_t want = csv_record(in, head, sizeof(head));
    f->csv_header_ok = strcmp(head, ho_demo_csv_header()) == 0;
    for (;;) {
        size_t n = csv_record(in, NULL, 0);
        if (n == 0)
            break;
        f->csv_rows++;
        if (n != want)
            f->csv_bad_rows++;
    }
}

static int
group_setup(void **state)
{
    FILE *jf;
    FILE *cf;
    fx = ho_xcalloc(1, sizeof(*fx));
    ho_demo_opts_default(&fx->opts);
    assert_int_equal(regcomp(&fx->senior_re, "\\b(VP|Vice President|Director|CRO|Head of)\\b",
                             REG_EXTENDED | REG_ICASE | REG_NOSUB),
                     0);
    generate(&fx->opts, &jf, &cf, &fx->stats, &fx->jsonl_hash, &fx->csv_hash);
    fx->accounts = ho_strtab_new();
    fx->id_width = 7;
    for (uint64_t n = fx->stats.events; n >= 10000000; n /= 10)
        fx->id_width++;
    parse_jsonl(fx, jf);
    parse_csv(fx, cf);
    group_by_lead(fx);
    (void)fclose(jf);
    (void)fclose(cf);
    *state = fx;
    return 0;
}

static int
group_teardown(void **state)
{
    (void)state;
    regfree(&fx->senior_re);
    ho_strtab_free(fx->accounts);
    ho_xfree(fx->acct);
    ho_xfree(fx->ev);
    ho_xfree(fx->leads);
    ho_xfree(fx);
    return 0;
}

/* ---- the independent scorer ------------------------------------------------ */

struct scorer {
    double demo, email, careers; /* decayed sums as of tref */
    int64_t demo_t, email_t, careers_t;
    int64_t pricing[2]; /* the last two /pricing views, [1] newest; 0 = none */
    bool senior, edu;
    enum { S_LEAD, S_JOURNEY, S_NURTURE, S_DISQUALIFIED } stage;
};

static double
decay(int64_t age_ms)
{
    return age_ms <= 0 ? 1.0 : exp2(-(double)age_ms / (HALF_LIFE_DAYS * HO_MS_PER_DAY));
}

static void
add_points(double *sum, int64_t *tref, int64_t t, double points)
{
    *sum = *sum * decay(t - *tref) + points;
    *tref = t;
}

static void
reset_behaviour(struct scorer *s)
{
    s->demo = s->email = s->careers = 0;
    s->pricing[0] = s->pricing[1] = 0;
}

/* Is the lead an MQL at t (fit from the account as known at t)? */
static bool
mql_holds(const struct scorer *s, const struct account *a, int64_t t)
{
    bool known = a->group_ts <= t;
    bool size_ok = known && a->employees >= 50 && a->employees <= 500;
    if (s->edu || (known && a->competitor))
        return false;
    double fit = (s->senior ? 10 : 0) + (size_ok ? 10 : 0) + (known && a->saas ? 10 : 0) +
                 (known && a->north_america ? 5 : 0);
    double demo = s->demo * decay(t - s->demo_t);
    double beh = (demo > 30 ? 30 : demo);
    double email = s->email * decay(t - s->email_t);
    beh += email > 5 ? 5 : email;
    double careers = s->careers * decay(t - s->careers_t);
    beh += careers < -15 ? -15 : careers;
    if (s->pricing[0] != 0 && t - s->pricing[0] <= 30 * HO_MS_PER_DAY)
        beh += 15 * decay(t - s->pricing[1]);
    return (fit + beh >= 50 && fit >= 10) || (demo > 0 && s->senior && size_ok);
}

static void
apply(struct scorer *s, const struct cev *e)
{
    switch (e->kind) {
    case K_IDENTIFY:
        s->senior = (e->aux & 1) != 0;
        s->edu = (e->aux & 2) != 0;
        break;
    case K_DEMO:
        add_points(&s->demo, &s->demo_t, e->ts, 30);
        break;
    case K_EMAIL_OPEN:
        add_points(&s->email, &s->email_t, e->ts, 1);
        break;
    case K_CAREERS:
        add_points(&s->careers, &s->careers_t, e->ts, -15);
        break;
    case K_PRICING:
        s->pricing[0] = s->pricing[1];
        s->pricing[1] = e->ts;
        break;
    case K_SALES_ADVANCE:
        if (s->stage == S_LEAD || s->stage == S_NURTURE)
            s->stage = S_JOURNEY; /* a sales-sourced journey */
        break;
    case K_TO_NURTURE:
        if (s->stage != S_DISQUALIFIED) {
            s->stage = S_NURTURE;
            reset_behaviour(s);
        }
        break;
    case K_TO_DISQUALIFIED:
        s->stage = S_DISQUALIFIED;
        break;
    default:
        break;
    }
}

struct lead_result {
    uint32_t mqls;
    int64_t first_mql, first_sales; /* INT64_MAX = none */
};

static void
score_lead(const struct fixture *f, const struct lead_info *li, struct lead_result *out)
{
    struct scorer s = { .stage = S_LEAD };
    *out = (struct lead_result){ .first_mql = INT64_MAX, .first_sales = INT64_MAX };
    for (size_t i = 0; i < li->n; i++) {
        const struct cev *e = &f->ev[li->first + i];
        bool sales = e->kind >= K_SALES_ADVANCE;
        if (sales && e->ts < out->first_sales)
            out->first_sales = e->ts;
        apply(&s, e);
        if ((s.stage == S_LEAD || s.stage == S_NURTURE) &&
            mql_holds(&s, &f->acct[e->account], e->ts)) {
            s.stage = S_JOURNEY;
            out->mqls++;
            if (out->first_mql == INT64_MAX)
                out->first_mql = e->ts;
        }
    }
}

/* ---- tests ------------------------------------------------------------------ */

static void
test_same_seed_gives_identical_bytes(void **state)
{
    struct fixture *f = *state;
    struct ho_demo_stats st;
    uint64_t jh;
    uint64_t ch;
    FILE *jf;
    FILE *cf;
    generate(&f->opts, &jf, &cf, &st, &jh, &ch);
    (void)fclose(jf);
    (void)fclose(cf);
    assert_true(jh == f->jsonl_hash);
    assert_true(ch == f->csv_hash);
    assert_true(st.events == f->stats.events);
}

static void
test_different_seed_gives_different_bytes(void **state)
{
    (void)state;
    struct ho_demo_opts o;
    struct ho_demo_stats st;
    uint64_t h1;
    uint64_t h2;
    uint64_t c1;
    uint64_t c2;
    FILE *jf;
    FILE *cf;
    ho_demo_opts_default(&o);
    o.leads = 2000;
    o.seed = 1;
    generate(&o, &jf, &cf, &st, &h1, &c1);
    (void)fclose(jf);
    (void)fclose(cf);
    o.seed = 2;
    generate(&o, &jf, &cf, &st, &h2, &c2);
    (void)fclose(jf);
    (void)fclose(cf);
    assert_true(h1 != h2);
    assert_true(c1 != c2);
}

static void
test_every_line_has_the_event_shape(void **state)
{
    struct fixture *f = *state;
    if (f->bad_lines != 0)
        fail_msg("%llu bad lines; first: %s", (unsigned long long)f->bad_lines, f->first_bad);
    assert_true(f->lines == f->stats.events);
}

static void
test_timestamps_never_decrease(void **state)
{
    struct fixture *f = *state;
    assert_true(f->unsorted == 0);
}

static void
test_ids_are_unique_and_follow_the_line_order(void **state)
{
    struct fixture *f = *state;
    /* e0000001, e0000002, ... in line order: unique by construction of the check. */
    assert_true(f->id_errors == 0);
}

static void
test_defaults_give_at_least_500k_events_for_24k_leads(void **state)
{
    struct fixture *f = *state;
    assert_true(f->stats.events >= 500000);
    assert_int_equal(f->stats.leads, 24000);
    assert_int_equal(f->n_leads, 24000);
}

static void
test_every_event_lies_inside_the_period(void **state)
{
    struct fixture *f = *state;
    int64_t start = f->opts.start_ms;
    int64_t end = ho_month_index_start(ho_time_month_index(start) + f->opts.months);
    for (size_t i = 0; i < f->n_ev; i++) {
        if (f->ev[i].ts < start || f->ev[i].ts >= end)
            fail_msg("event of lead %u outside the period", f->ev[i].lead + 1);
    }
}

static void
test_first_touch_channel_mix_is_within_3_points_of_target(void **state)
{
    struct fixture *f = *state;
    uint32_t count[N_CHANNELS] = { 0 };
    uint32_t none = 0;
    for (uint32_t l = 0; l < f->n_leads; l++) {
        if (f->leads[l].first_channel < 0)
            none++;
        else
            count[f->leads[l].first_channel]++;
    }
    assert_int_equal(none, 0);
    for (int i = 0; i < N_CHANNELS; i++) {
        double share = 100.0 * count[i] / f->n_leads;
        if (share < channel_target[i] - 3 || share > channel_target[i] + 3)
            fail_msg("%s: %.1f%% of first touches, target %.0f%%", channel_names[i], share,
                     channel_target[i]);
    }
}

static void
test_sales_never_work_an_inbound_lead_before_its_mql(void **state)
{
    struct fixture *f = *state;
    int outbound = channel_index("outbound");
    uint32_t checked = 0;
    for (uint32_t l = 0; l < f->n_leads; l++) {
        struct lead_result r;
        score_lead(f, &f->leads[l], &r);
        if (f->leads[l].first_channel == outbound || r.first_sales == INT64_MAX)
            continue;
        checked++;
        if (r.first_mql >= r.first_sales)
            fail_msg("lead-%07u: sales event before (or without) an MQL", l + 1);
    }
    assert_true(checked > 1000);
}

static void
test_independent_scorer_finds_exactly_the_generated_mqls(void **state)
{
    struct fixture *f = *state;
    uint32_t journeys = 0;
    uint32_t leads = 0;
    for (uint32_t l = 0; l < f->n_leads; l++) {
        struct lead_result r;
        score_lead(f, &f->leads[l], &r);
        journeys += r.mqls;
        leads += r.mqls > 0;
    }
    assert_int_equal(journeys, f->stats.mqls);
    assert_int_equal(leads, f->stats.mql_leads);
}

static void
test_30_to_40_percent_of_leads_become_mqls(void **state)
{
    struct fixture *f = *state;
    double share = (double)f->stats.mql_leads / f->stats.leads;
    if (share < 0.30 || share > 0.40)
        fail_msg("%.1f%% of leads are MQLs", 100 * share);
}

static void
test_csv_has_the_header_and_one_row_per_event(void **state)
{
    struct fixture *f = *state;
    assert_true(f->csv_header_ok);
    assert_true(f->csv_rows == f->stats.events);
    assert_true(f->csv_bad_rows == 0);
}

static void
test_out_of_range_options_are_refused(void **state)
{
    (void)state;
    struct ho_demo_opts o;
    struct ho_demo_stats st;
    struct ho_diag diag = { 0 };
    FILE *jf = tmpfile();
    assert_non_null(jf);
    ho_demo_opts_default(&o);
    o.leads = 0;
    assert_int_equal(ho_demo_generate(&o, jf, NULL, &st, &diag), HO_EINVAL);
    ho_demo_opts_default(&o);
    o.events_per_lead_scale = 0;
    assert_int_equal(ho_demo_generate(&o, jf, NULL, &st, &diag), HO_EINVAL);
    ho_demo_opts_default(&o);
    o.months = 0;
    assert_int_equal(ho_demo_generate(&o, jf, NULL, &st, &diag), HO_EINVAL);
    assert_true(st.events == 0);
    (void)fclose(jf);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_seed_gives_identical_bytes),
        cmocka_unit_test(test_different_seed_gives_different_bytes),
        cmocka_unit_test(test_every_line_has_the_event_shape),
        cmocka_unit_test(test_timestamps_never_decrease),
        cmocka_unit_test(test_ids_are_unique_and_follow_the_line_order),
        cmocka_unit_test(test_defaults_give_at_least_500k_events_for_24k_leads),
        cmocka_unit_test(test_every_event_lies_inside_the_period),
        cmocka_unit_test(test_first_touch_channel_mix_is_within_3_points_of_target),
        cmocka_unit_test(test_sales_never_work_an_inbound_lead_before_its_mql),
        cmocka_unit_test(test_independent_scorer_finds_exactly_the_generated_mqls),
        cmocka_unit_test(test_30_to_40_percent_of_leads_become_mqls),
        cmocka_unit_test(test_csv_has_the_header_and_one_row_per_event),
        cmocka_unit_test(test_out_of_range_options_are_refused),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
