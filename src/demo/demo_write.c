/* SPDX-License-Identifier: MIT */
/*
 * demo/demo_write.c - sort the generated events and write them as JSON Lines
 * (DESIGN.md §3) and CSV (RFC 4180).
 *
 * Both formats are written from one intermediate row per event, so they
 * cannot disagree.  The CSV has the documented columns first, then the
 * props that the documented header has no column for (utm_*, asset, need,
 * authority, budget, timeline, revisit_at), so a CSV import loses nothing.
 * An empty cell means "absent".
 */
#include "demo/demo_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/timefmt.h"

#define FLUSH_AT   (1u << 20)
#define MAX_FIELDS 12

enum col {
    COL_ID = 0,
    COL_TS,
    COL_TYPE,
    COL_LEAD,
    COL_ACCOUNT,
    COL_CHANNEL,
    COL_CAMPAIGN,
    COL_PATH,
    COL_FORM,
    COL_REP,
    COL_VIA,
    COL_REASON,
    COL_AMOUNT,
    COL_OPPORTUNITY,
    COL_TITLE,
    COL_EMAIL,
    COL_SOURCE,
    COL_EMPLOYEES,
    COL_INDUSTRY,
    COL_COUNTRY,
    COL_IS_COMPETITOR,
    COL_UTM_SOURCE,
    COL_UTM_MEDIUM,
    COL_UTM_CAMPAIGN,
    COL_ASSET,
    COL_NEED,
    COL_AUTHORITY,
    COL_BUDGET,
    COL_TIMELINE,
    COL_REVISIT_AT,
    COL__COUNT
};

static const char csv_header[] =
    "id,ts,type,lead,account,channel,campaign,props.path,props.form,props.rep,props.via,"
    "props.reason,props.amount,props.opportunity,traits.title,traits.email,traits.source,"
    "traits.employees,traits.industry,traits.country,traits.is_competitor,props.utm_source,"
    "props.utm_medium,props.utm_campaign,props.asset,props.need,props.authority,props.budget,"
    "props.timeline,props.revisit_at";

enum kind { K_STR = 0, K_NUM, K_BOOL };

struct field {
    const char *key; /* JSON key (props/traits), unused for top-level fields */
    const char *val;
    enum kind kind;
    enum col col;
};

struct row {
    const char *top[COL_CAMPAIGN + 1]; /* id .. campaign; NULL = absent */
    struct field props[MAX_FIELDS], traits[MAX_FIELDS];
    size_t n_props, n_traits;
    char text[512]; /* storage for formatted values */
    size_t used;
};

struct writer {
    const struct ho_demo_world *w;
    FILE *jf, *cf;
    struct ho_buf j, c;
    int id_width;
    int64_t cached_day;
    char day_text[16]; /* "YYYY-MM-DDT" */
};

const char *
ho_demo_csv_header(void)
{
    return csv_header;
}

/* ---- formatting helpers ------------------------------------------------- */

/* Copy printf-formatted text into the row's storage; returns it. */
static const char *stash(struct row *r, const char *fmt, ...) HO_PRINTF(2, 3);

static const char *
stash(struct row *r, const char *fmt, ...)
{
    va_list ap;
    char *dst = r->text + r->used;
    size_t room = sizeof(r->text) - r->used;
    va_start(ap, fmt);
    int n = vsnprintf(dst, room, fmt, ap);
    va_end(ap);
    HO_ASSERT(n >= 0 && (size_t)n < room);
    r->used += (size_t)n + 1;
    return dst;
}

static void
prop(struct row *r, enum col col, const char *key, const char *val, enum kind kind)
{
    HO_ASSERT(r->n_props < MAX_FIELDS);
    r->props[r->n_props++] = (struct field){ .key = key, .val = val, .kind = kind, .col = col };
}

static void
trait(struct row *r, enum col col, const char *key, const char *val, enum kind kind)
{
    HO_ASSERT(r->n_traits < MAX_FIELDS);
    r->traits[r->n_traits++] = (struct field){ .key = key, .val = val, .kind = kind, .col = col };
}

static const char *
month_text(struct row *r, int64_t month_index)
{
    return stash(r, "%04lld-%02d", (long long)(month_index / 12), (int)(month_index % 12) + 1);
}

static const char *
campaign_text(struct row *r, uint32_t campaign, int64_t month_index)
{
    bool monthly;
    const char *name = ho_demo_campaign_name(campaign, &monthly);
    if (!monthly)
        return name;
    const char *month = month_text(r, month_index);
    return stash(r, "%s-%s", name, month);
}

static void
account_text(struct row *r, const struct ho_demo_world *w, uint32_t a)
{
    const struct ho_demo_account *acc = &w->accounts[a];
    const char *wa = ho_demo_domain_word(acc->word_a);
    const char *wb = ho_demo_domain_word(acc->word_b);
    if (acc->university)
        r->top[COL_ACCOUNT] = stash(r, "%s%s-u%u.edu", wa, wb, a + 1);
    else
        r->top[COL_ACCOUNT] = stash(r, "%s%s-%u.%s", wa, wb, a + 1, ho_demo_tld(acc->tld));
}

/* "YYYY-MM-DDTHH:MM:SSZ", caching the date part (events come sorted). */
static const char *
ts_text(struct writer *wr, struct row *r, int64_t ts)
{
    int64_t day = ho_time_day(ts);
    if (day != wr->cached_day) {
        int64_t y;
        unsigned m;
        unsigned d;
        ho_civil_from_days(day, &y, &m, &d);
        (void)snprintf(wr->day_text, sizeof(wr->day_text), "%04lld-%02u-%02uT", (long long)y, m, d);
        wr->cached_day = day;
    }
    int64_t s = (ts - day * HO_MS_PER_DAY) / HO_MS_PER_SEC;
    return stash(r, "%s%02d:%02d:%02dZ", wr->day_text, (int)(s / 3600), (int)(s / 60 % 60),
                 (int)(s % 60));
}

/* ---- rows --------------------------------------------------------------- */

static void
identify_traits(const struct ho_demo_world *w, const struct ho_demo_event *e, struct row *r)
{
    const struct ho_demo_lead *l = &w->leads[e->lead];
    trait(r, COL_TITLE, "title", ho_demo_title(l->title), K_STR);
    if (e->a == 1)
        trait(r, COL_EMAIL, "email", ho_demo_junk_email(e->b), K_STR);
    else
        trait(r, COL_EMAIL, "email",
              stash(r, "%s.%s@%s", ho_demo_first_name(l->first_name),
                    ho_demo_last_name(l->last_name), r->top[COL_ACCOUNT]),
              K_STR);
    trait(r, COL_SOURCE, "source", ho_demo_ch_name((enum ho_demo_ch)l->channel), K_STR);
}

static void
group_traits(const struct ho_demo_world *w, const struct ho_demo_event *e, struct row *r)
{
    const struct ho_demo_account *a = &w->accounts[w->leads[e->lead].account];
    trait(r, COL_EMPLOYEES, "employees", stash(r, "%u", a->employees), K_NUM);
    trait(r, COL_INDUSTRY, "industry", ho_demo_industry(a->industry), K_STR);
    trait(r, COL_COUNTRY, "country", ho_demo_country(a->country), K_STR);
    trait(r, COL_IS_COMPETITOR, "is_competitor", a->competitor ? "true" : "false", K_BOOL);
}

static void
page_props(const struct ho_demo_event *e, int64_t month, struct row *r)
{
    static const char *const utm_source[HO_DEMO_UTM__COUNT] = { "", "google", "bing",
                                                                "newsletter" };
    static const char *const utm_medium[HO_DEMO_UTM__COUNT] = { "", "cpc", "cpc", "email" };
    prop(r, COL_PATH, "path", ho_demo_path_name(e->y), K_STR);
    if (e->b != HO_DEMO_UTM_NONE) {
        prop(r, COL_UTM_SOURCE, "utm_source", utm_source[e->b], K_STR);
        prop(r, COL_UTM_MEDIUM, "utm_medium", utm_medium[e->b], K_STR);
        if (e->x != 0)
            prop(r, COL_UTM_CAMPAIGN, "utm_campaign", campaign_text(r, e->x, month), K_STR);
    } else if (e->x != 0) {
        r->top[COL_CAMPAIGN] = campaign_text(r, e->x, month);
    }
}

static void
opportunity_props(const struct ho_demo_event *e, struct row *r)
{
    prop(r, COL_OPPORTUNITY, "opportunity", stash(r, "opp-%06u", e->x), K_STR);
    if (e->type == HO_DEMO_EV_OPP_LOST)
        prop(r, COL_REASON, "reason", ho_demo_lost_reason(e->b), K_STR);
    else
        prop(r, COL_AMOUNT, "amount", stash(r, "%u", (unsigned)e->y * 500U), K_NUM);
}

static void
sales_props(const struct ho_demo_event *e, struct row *r)
{
    prop(r, COL_REP, "rep", ho_demo_rep(e->a), K_STR);
    switch ((enum ho_demo_ev)e->type) {
    case HO_DEMO_EV_CONTACT_ATTEMPT:
        prop(r, COL_VIA, "via", ho_demo_via(e->b), K_STR);
        break;
    case HO_DEMO_EV_SALES_QUALIFY:
        prop(r, COL_NEED, "need", "true", K_BOOL);
        prop(r, COL_AUTHORITY, "authority", "true", K_BOOL);
        prop(r, COL_BUDGET, "budget", "true", K_BOOL);
        prop(r, COL_TIMELINE, "timeline", ho_demo_timeline(e->b), K_STR);
        break;
    case HO_DEMO_EV_SALES_REJECT:
        prop(r, COL_REASON, "reason", ho_demo_reason_name((enum ho_demo_reason)e->b), K_STR);
        break;
    case HO_DEMO_EV_NURTURE: {
        int64_t y;
        unsigned m;
        unsigned d;
        ho_civil_from_days((int64_t)e->x, &y, &m, &d);
        prop(r, COL_REASON, "reason", ho_demo_reason_name((enum ho_demo_reason)e->b), K_STR);
        prop(r, COL_REVISIT_AT, "revisit_at", stash(r, "%04lld-%02u-%02u", (long long)y, m, d),
             K_STR);
        break;
    }
    case HO_DEMO_EV_OPP_CREATED:
    case HO_DEMO_EV_OPP_WON:
    case HO_DEMO_EV_OPP_LOST:
        opportunity_props(e, r); /* after the rep: the opportunity's owner */
        break;
    case HO_DEMO_EV_PAGE_VIEW:
    case HO_DEMO_EV_IDENTIFY:
    case HO_DEMO_EV_GROUP:
    case HO_DEMO_EV_FORM_SUBMIT:
    case HO_DEMO_EV_CONTENT_DOWNLOAD:
    case HO_DEMO_EV_WEBINAR_REGISTERED:
    case HO_DEMO_EV_WEBINAR_ATTENDED:
    case HO_DEMO_EV_EMAIL_OPEN:
    case HO_DEMO_EV_EMAIL_CLICK:
    case HO_DEMO_EV_CONTACT_MADE:
    case HO_DEMO_EV_MEETING_BOOKED:
    case HO_DEMO_EV_SALES_ACCEPT:
    case HO_DEMO_EV__COUNT:
        break;
    }
}

/* Type-specific fields. */
static void
fill_details(const struct ho_demo_world *w, const struct ho_demo_event *e, struct row *r)
{
    int64_t month = e->x != 0 ? (int64_t)e->x : ho_time_month_index(e->ts);
    switch ((enum ho_demo_ev)e->type) {
    case HO_DEMO_EV_PAGE_VIEW:
        page_props(e, ho_time_month_index(e->ts), r);
        break;
    case HO_DEMO_EV_IDENTIFY:
        identify_traits(w, e, r);
        break;
    case HO_DEMO_EV_GROUP:
        group_traits(w, e, r);
        break;
    case HO_DEMO_EV_FORM_SUBMIT:
        prop(r, COL_FORM, "form", ho_demo_form_name((enum ho_demo_form)e->a), K_STR);
        if (e->y != 0)
            r->top[COL_CAMPAIGN] = campaign_text(r, e->y, ho_time_month_index(e->ts));
        break;
    case HO_DEMO_EV_CONTENT_DOWNLOAD:
        prop(r, COL_ASSET, "asset", ho_demo_asset(e->a), K_STR);
        break;
    case HO_DEMO_EV_WEBINAR_REGISTERED:
    case HO_DEMO_EV_WEBINAR_ATTENDED:
    case HO_DEMO_EV_EMAIL_OPEN:
    case HO_DEMO_EV_EMAIL_CLICK:
        r->top[COL_CAMPAIGN] = campaign_text(r, e->y, month);
        break;
    case HO_DEMO_EV_CONTACT_ATTEMPT:
        if (e->y != 0)
            r->top[COL_CAMPAIGN] = campaign_text(r, e->y, ho_time_month_index(e->ts));
        sales_props(e, r);
        break;
    case HO_DEMO_EV_CONTACT_MADE:
    case HO_DEMO_EV_MEETING_BOOKED:
    case HO_DEMO_EV_SALES_ACCEPT:
    case HO_DEMO_EV_SALES_QUALIFY:
    case HO_DEMO_EV_SALES_REJECT:
    case HO_DEMO_EV_NURTURE:
    case HO_DEMO_EV_OPP_CREATED:
    case HO_DEMO_EV_OPP_WON:
    case HO_DEMO_EV_OPP_LOST:
        sales_props(e, r);
        break;
    case HO_DEMO_EV__COUNT:
        break;
    }
}

static void
fill_row(struct writer *wr, const struct ho_demo_event *e, uint64_t id, struct row *r)
{
    r->used = 0;
    r->n_props = 0;
    r->n_traits = 0;
    memset(r->top, 0, sizeof(r->top));
    r->top[COL_ID] = stash(r, "e%0*llu", wr->id_width, (unsigned long long)id);
    r->top[COL_TS] = ts_text(wr, r, e->ts);
    r->top[COL_TYPE] = ho_demo_ev_name((enum ho_demo_ev)e->type);
    r->top[COL_LEAD] = stash(r, "lead-%07u", e->lead + 1);
    account_text(r, wr->w, wr->w->leads[e->lead].account);
    if (e->ch != HO_DEMO_CH_NONE)
        r->top[COL_CHANNEL] = ho_demo_ch_name((enum ho_demo_ch)e->ch);
    fill_details(wr->w, e, r);
}

/* ---- output ------------------------------------------------------------- */

static void
json_string(struct ho_buf *b, const char *s)
{
    ho_buf_addc(b, '"');
    for (;;) {
        /* Copy the run of characters that need no escaping in one go. */
        size_t run = 0;
        while (s[run] != '\0' && s[run] != '"' && s[run] != '\\' && (unsigned char)s[run] >= 0x20)
            run++;
        ho_buf_add(b, s, run);
        s += run;
        if (*s == '\0')
            break;
        if (*s == '"' || *s == '\\')
            ho_buf_printf(b, "\\%c", *s);
        else
            ho_buf_printf(b, "\\u%04x", (unsigned)(unsigned char)*s);
        s++;
    }
    ho_buf_addc(b, '"');
}

static void
json_object(struct ho_buf *b, const char *name, const struct field *f, size_t n)
{
    if (n == 0)
        return;
    ho_buf_adds(b, name); /* ,"props":{ */
    for (size_t i = 0; i < n; i++) {
        /* Keys are our own identifiers: nothing to escape. */
        ho_buf_adds(b, i > 0 ? ",\"" : "\"");
        ho_buf_adds(b, f[i].key);
        ho_buf_adds(b, "\":");
        if (f[i].kind == K_STR)
            json_string(b, f[i].val);
        else
            ho_buf_adds(b, f[i].val);
    }
    ho_buf_addc(b, '}');
}

static void
write_json(struct ho_buf *b, const struct row *r)
{
    static const char *const keys[] = { "{\"id\":",      ",\"ts\":",      ",\"type\":",
                                        ",\"lead\":",    ",\"account\":", ",\"channel\":",
                                        ",\"campaign\":" };
    for (size_t i = 0; i < HO_ARRAY_LEN(keys); i++) {
        if (r->top[i] == NULL)
            continue;
        ho_buf_adds(b, keys[i]);
        json_string(b, r->top[i]);
    }
    json_object(b, ",\"props\":{", r->props, r->n_props);
    json_object(b, ",\"traits\":{", r->traits, r->n_traits);
    ho_buf_adds(b, "}\n");
}

static void
csv_cell(struct ho_buf *b, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        ho_buf_adds(b, s);
        return;
    }
    ho_buf_addc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ho_buf_addc(b, '"');
        ho_buf_addc(b, *p);
    }
    ho_buf_addc(b, '"');
}

static void
write_csv(struct ho_buf *b, const struct row *r)
{
    const char *cells[COL__COUNT] = { 0 };
    for (size_t i = 0; i <= COL_CAMPAIGN; i++)
        cells[i] = r->top[i];
    for (size_t i = 0; i < r->n_props; i++)
        cells[r->props[i].col] = r->props[i].val;
    for (size_t i = 0; i < r->n_traits; i++)
        cells[r->traits[i].col] = r->traits[i].val;
    for (size_t i = 0; i < COL__COUNT; i++) {
        if (i > 0)
            ho_buf_addc(b, ',');
        csv_cell(b, cells[i]);
    }
    ho_buf_addc(b, '\n');
}

static ho_rc
flush(struct ho_buf *b, FILE *f, const char *what, struct ho_diag *diag)
{
    if (f == NULL || b->len == 0)
        return HO_OK;
    if (fwrite(b->ptr, 1, b->len, f) != b->len) {
        int err = errno;
        ho_rc rc = ho_diag_set(diag, HO_EIO, "cannot write the %s output: %s", what, strerror(err));
        if (diag != NULL)
            diag->sys_errno = err;
        return rc;
    }
    ho_buf_reset(b);
    return HO_OK;
}

static ho_rc
flush_both(struct writer *wr, size_t at_least, struct ho_diag *diag)
{
    ho_rc rc = HO_OK;
    if (wr->j.len >= at_least)
        rc = flush(&wr->j, wr->jf, "JSON Lines", diag);
    if (rc == HO_OK && wr->c.len >= at_least)
        rc = flush(&wr->c, wr->cf, "CSV", diag);
    return rc;
}

static int
event_cmp(const void *pa, const void *pb)
{
    const struct ho_demo_event *a = pa;
    const struct ho_demo_event *b = pb;
    if (a->ts != b->ts)
        return a->ts < b->ts ? -1 : 1;
    if (a->lead != b->lead)
        return a->lead < b->lead ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static int
digits(uint64_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

ho_rc
ho_demo_write(struct ho_demo_sink *sink, FILE *jsonl, FILE *csv, struct ho_diag *diag)
{
    struct writer wr = { .w = sink->w, .jf = jsonl, .cf = csv, .cached_day = INT64_MIN };
    struct row row;
    ho_rc rc = HO_OK;

    qsort(sink->ev, sink->n, sizeof(*sink->ev), event_cmp);
    wr.id_width = digits(sink->n) > 7 ? digits(sink->n) : 7;
    ho_buf_init(&wr.j);
    ho_buf_init(&wr.c);
    if (csv != NULL) {
        ho_buf_adds(&wr.c, csv_header);
        ho_buf_addc(&wr.c, '\n');
    }
    for (size_t i = 0; i < sink->n && rc == HO_OK; i++) {
        fill_row(&wr, &sink->ev[i], (uint64_t)i + 1, &row);
        write_json(&wr.j, &row);
        if (csv != NULL)
            write_csv(&wr.c, &row);
        rc = flush_both(&wr, FLUSH_AT, diag);
    }
    if (rc == HO_OK)
        rc = flush_both(&wr, 1, diag);
    if (rc == HO_OK && (fflush(jsonl) != 0 || (csv != NULL && fflush(csv) != 0)))
        rc = ho_diag_set(diag, HO_EIO, "cannot flush the output: %s", strerror(errno));
    ho_buf_release(&wr.j);
    ho_buf_release(&wr.c);
    return rc;
}
