/* SPDX-License-Identifier: MIT */
/*
 * notify/deliver.c - the delivery worker (notify/deliver.h): libcurl easy
 * handle, one POST per due outbox row, the outcome committed per row.
 */
#include "notify/deliver.h"

#include <curl/curl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "core/alerts.h"
#include "core/defs.h"
#include "notify/delivery_counters.h"
#include "notify/payload.h"
#include "notify/sign.h"
#include "store/store.h"

#define MAX_TOP_RULES      8
#define REQUEST_TIMEOUT_MS 10000L
#define CONNECT_TIMEOUT_MS 5000L

struct ho_deliverer {
    struct ho_store *st;
    const struct ho_defs *defs;
    CURL *curl;
    uint64_t rng; /* xorshift state for the jitter */
};

int64_t
ho_deliver_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ho_rc
ho_deliver_new(struct ho_store *st, const struct ho_defs *defs, struct ho_deliverer **out,
               struct ho_diag *diag)
{
    *out = NULL;
    CURL *curl = curl_easy_init();
    if (!curl)
        return ho_diag_set(diag, HO_EIO, "cannot start libcurl");
    struct ho_deliverer *w = ho_xcalloc(1, sizeof(*w));
    w->st = st;
    w->defs = defs;
    w->curl = curl;
    w->rng = (uint64_t)ho_deliver_now() ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
    *out = w;
    return HO_OK;
}

void
ho_deliver_free(struct ho_deliverer *w)
{
    if (!w)
        return;
    curl_easy_cleanup(w->curl);
    ho_xfree(w);
}

/* ---- what a row is sent as ---- */

static const struct ho_rep *
find_rep(const struct ho_defs *d, const char *id)
{
    for (size_t i = 0; id && i < d->n_reps; i++) {
        if (strcmp(d->reps[i].id, id) == 0)
            return &d->reps[i];
    }
    return NULL;
}

static const struct ho_notify_dest *
find_dest(const struct ho_defs *d, const char *name)
{
    for (size_t i = 0; name && i < d->notify.n_dests; i++) {
        if (strcmp(d->notify.dests[i].name, name) == 0)
            return &d->notify.dests[i];
    }
    return NULL;
}

/* The URL, secret and kind of r's target: a named destination, or for
 * `rep` the rep's own webhook, else the fallback. */
static ho_rc
resolve(const struct ho_defs *d, const struct ho_outbox_row *r, const char **url,
        const char **secret, bool *slack, struct ho_diag *diag)
{
    const struct ho_notify_dest *dest = NULL;
    if (strcmp(r->target, HO_NOTIFY_TO_REP) == 0) {
        const struct ho_rep *rep = find_rep(d, r->rep);
        if (rep && rep->webhook) {
            *url = rep->webhook;
            *secret = rep->secret;
            *slack = false;
            return HO_OK;
        }
        dest = find_dest(d, d->notify.fallback);
        if (!dest)
            return ho_diag_set(diag, HO_ENOTFOUND,
                               "rep '%s' has no webhook and there is no fallback",
                               r->rep ? r->rep : "(none)");
    } else {
        dest = find_dest(d, r->target);
        if (!dest)
            return ho_diag_set(diag, HO_ENOTFOUND, "no destination '%s' in the definitions",
                               r->target);
    }
    *url = dest->url;
    *secret = dest->secret;
    *slack = dest->slack;
    return HO_OK;
}

/* r's top rules split at commas into names (pointers into copy). */
static size_t
split_rules(const char *rules, char *copy, size_t cap, const char **names)
{
    size_t n = 0;
    if (!rules || !*rules)
        return 0;
    (void)snprintf(copy, cap, "%s", rules);
    for (char *p = copy; p && *p && n < MAX_TOP_RULES;) {
        names[n++] = p;
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
    }
    return n;
}

static void
row_body(const struct ho_defs *d, const struct ho_outbox_row *r, bool slack, struct ho_buf *body)
{
    const struct ho_rep *rep = find_rep(d, r->rep);
    char copy[512];
    const char *names[MAX_TOP_RULES];
    struct ho_alert a = {
        .id = r->id,
        .kind = ho_alert_kind_of(r->kind),
        .lead_id = r->lead,
        .at_ms = r->at,
        .rep_id = r->rep,
        .rep_slack_id = rep ? rep->slack_id : NULL,
        .rep_tz = rep && rep->tz.n ? &rep->tz : &d->calendar.tz,
        .stage_from = r->stage_from,
        .stage_to = r->stage_to,
        .score = r->fit + r->behavior,
        .fit = r->fit,
        .behavior = r->behavior,
        .criterion = r->criterion,
        .top_rules = names,
        .n_top_rules = split_rules(r->top_rules, copy, sizeof(copy), names),
        .sla_name = r->sla,
        .deadline_ms = r->deadline,
        .reason = r->reason,
        .category = r->category,
        .link_base = d->notify.link_base,
    };
    if (slack)
        ho_alert_slack_body(&a, body);
    else
        ho_alert_webhook_body(&a, body);
}

ho_rc
ho_deliver_request(const struct ho_defs *defs, const struct ho_outbox_row *r, const char **url,
                   const char **secret, bool *slack, struct ho_buf *body, struct ho_diag *diag)
{
    ho_rc rc = resolve(defs, r, url, secret, slack, diag);
    if (rc == HO_OK)
        row_body(defs, r, *slack, body);
    return rc;
}

/* ---- one attempt ---- */

static size_t
discard(char *data, size_t size, size_t n, void *arg)
{
    (void)data;
    (void)arg;
    return size * n;
}

struct attempt {
    long status;         /* HTTP status, 0 = no answer */
    int64_t retry_after; /* 429 or 503 with Retry-After: its delay (ms), else -1 */
    char error[600];     /* why it failed, "" when it did not */
};

static struct curl_slist *
headers_for(const struct ho_outbox_row *r, const char *secret, bool slack, int64_t now,
            const struct ho_buf *body, struct attempt *a)
{
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    if (slack || !h)
        return h;
    char sig[HO_SIGNATURE_LEN], line[320];
    int64_t ts = now / 1000;
    if (ho_webhook_sign(secret, r->id, ts, body->ptr, body->len, sig) != HO_OK) {
        (void)snprintf(a->error, sizeof(a->error), "the destination's secret is not whsec_ base64");
        curl_slist_free_all(h);
        return NULL;
    }
    (void)snprintf(line, sizeof(line), "webhook-id: %s", r->id);
    h = curl_slist_append(h, line);
    (void)snprintf(line, sizeof(line), "webhook-timestamp: %lld", (long long)ts);
    h = h ? curl_slist_append(h, line) : NULL;
    (void)snprintf(line, sizeof(line), "webhook-signature: %s", sig);
    h = h ? curl_slist_append(h, line) : NULL;
    return h;
}

static void
post(struct ho_deliverer *w, const char *url, struct curl_slist *headers, const struct ho_buf *body,
     struct attempt *a)
{
    CURL *c = w->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_reset(c);
    (void)curl_easy_setopt(c, CURLOPT_URL, url);
    (void)curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    (void)curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    (void)curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, REQUEST_TIMEOUT_MS);
    (void)curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
    (void)curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    (void)curl_easy_setopt(c, CURLOPT_POSTFIELDS, body->ptr);
    (void)curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body->len);
    (void)curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    (void)curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    (void)curl_easy_setopt(c, CURLOPT_USERAGENT, "handoff-webhooks/1");
    CURLcode res = curl_easy_perform(c);
    a->status = 0;
    if (res != CURLE_OK) {
        (void)snprintf(a->error, sizeof(a->error), "%s",
                       errbuf[0] ? errbuf : curl_easy_strerror(res));
        return;
    }
    (void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a->status);
    if (a->status < 200 || a->status > 299)
        (void)snprintf(a->error, sizeof(a->error), "HTTP %ld", a->status);
    curl_off_t after = -1; /* libcurl reads both forms: seconds or an HTTP date */
    if ((a->status == 429 || a->status == 503) &&
        curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &after) == CURLE_OK && after >= 0)
        a->retry_after = (int64_t)after * 1000;
}

/* Send r once at now; a->error is "" on success. */
static void
attempt_row(struct ho_deliverer *w, const struct ho_outbox_row *r, int64_t now, struct attempt *a)
{
    const char *url = NULL, *secret = NULL;
    bool slack = false;
    struct ho_buf body = HO_BUF_INIT;
    struct ho_diag why = { 0 };
    a->status = 0;
    a->retry_after = -1;
    a->error[0] = '\0';
    if (ho_deliver_request(w->defs, r, &url, &secret, &slack, &body, &why) != HO_OK) {
        (void)snprintf(a->error, sizeof(a->error), "%s", why.msg);
        ho_buf_release(&body);
        return;
    }
    struct curl_slist *headers = headers_for(r, secret, slack, now, &body, a);
    if (headers)
        post(w, url, headers, &body, a);
    else if (!a->error[0])
        (void)snprintf(a->error, sizeof(a->error), "out of memory");
    curl_slist_free_all(headers);
    ho_buf_release(&body);
}

/* ---- the outcome ---- */

static uint64_t
next_random(struct ho_deliverer *w)
{
    uint64_t x = w->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    w->rng = x;
    return x;
}

/* The delay before attempt attempts + 1: base * 2^(attempts - 1), capped,
 * times a random factor in [0.5, 1). */
static int64_t
backoff_ms(struct ho_deliverer *w, int64_t attempts)
{
    int64_t d = HO_DELIVER_BASE_DELAY_MS;
    for (int64_t i = 1; i < attempts && d < HO_DELIVER_MAX_DELAY_MS; i++)
        d *= 2;
    if (d > HO_DELIVER_MAX_DELAY_MS)
        d = HO_DELIVER_MAX_DELAY_MS;
    double f = 0.5 + 0.5 * (double)(next_random(w) >> 11) / (double)(1ULL << 53);
    return (int64_t)((double)d * f);
}

/* Commit the outcomes of rows[idx[0..n)] in one short transaction: one
 * write lock and one fsync for a batch of requests, not one each, so the
 * worker takes little from the writer's group commits.  A kill -9 before it
 * commits sends those rows again with the same webhook-id. */
static ho_rc
save(struct ho_deliverer *w, const struct ho_outbox_row *rows, const size_t *idx, size_t n,
     struct ho_diag *diag)
{
    if (n == 0)
        return HO_OK;
    ho_rc rc = ho_store_begin(w->st, diag);
    if (rc != HO_OK)
        return rc;
    for (size_t i = 0; rc == HO_OK && i < n; i++)
        rc = ho_store_alert_attempt(w->st, &rows[idx[i]], diag);
    if (rc == HO_OK)
        rc = ho_store_commit(w->st, diag);
    if (rc != HO_OK)
        ho_store_rollback(w->st);
    return rc;
}

static void
set_text(char **field, const char *value)
{
    ho_xfree(*field);
    *field = value ? ho_xstrdup(value) : NULL;
}

/* When r, failed at now with a, is tried again: after its Retry-After
 * (429, 503) or the backoff; 0 for never (410 Gone: the endpoint is gone,
 * Standard Webhooks and Slack say stop) or past the retry horizon. */
static int64_t
next_attempt(struct ho_deliverer *w, const struct ho_outbox_row *r, const struct attempt *a,
             int64_t now)
{
    if (a->status == 410)
        return 0;
    int64_t at = now + (a->retry_after >= 0 ? a->retry_after : backoff_ms(w, r->attempts));
    return at > r->retry_from + w->defs->notify.horizon_ms ? 0 : at;
}

/* Attempt r and write the outcome into it (saved by the caller); *failed
 * when it is to be retried. */
static void
deliver_row(struct ho_deliverer *w, struct ho_outbox_row *r, int64_t now,
            struct ho_deliver_stats *stats, bool *failed)
{
    struct attempt a;
    attempt_row(w, r, now, &a);
    int64_t done = ho_deliver_now();
    bool retry = r->attempts > 0;
    r->attempts++;
    r->http_status = a.status;
    *failed = a.error[0] != '\0';
    set_text(&r->last_error, *failed ? a.error : NULL);
    bool dead = false;
    if (!*failed) {
        set_text(&r->status, "sent");
        r->sent_at = done > now ? done : now;
        stats->sent++;
    } else {
        int64_t next = next_attempt(w, r, &a, now);
        dead = next == 0;
        r->next_at = dead ? now : next;
        set_text(&r->status, dead ? "dead" : "pending");
        stats->dead += dead;
        stats->failed += !dead;
    }
    ho_delivery_count(!*failed, dead, retry, done - r->created);
}

static bool
lead_held(const char *const *held, size_t n, const char *lead)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(held[i], lead) == 0)
            return true;
    }
    return false;
}

/* Outcomes are committed at least this often within a round. */
#define SAVE_EVERY 64

ho_rc
ho_deliver_round(struct ho_deliverer *w, int64_t now, struct ho_deliver_stats *stats,
                 struct ho_diag *diag)
{
    memset(stats, 0, sizeof(*stats));
    struct ho_outbox_query q = { .status = "pending", .due_by = INT64_MAX, .since = INT64_MIN };
    struct ho_outbox_row *rows = NULL;
    size_t n = 0;
    ho_rc rc = ho_store_load_alerts(w->st, &q, &rows, &n, diag);
    const char **held = ho_xmalloc(ho_size_mul(n + 1, sizeof(*held)));
    size_t *done = ho_xmalloc(ho_size_mul(n + 1, sizeof(*done)));
    size_t n_held = 0, n_done = 0;
    for (size_t i = 0; rc == HO_OK && i < n; i++) {
        struct ho_outbox_row *r = &rows[i];
        bool failed = true;
        if (r->next_at > now || lead_held(held, n_held, r->lead)) {
            stats->waiting++;
        } else {
            deliver_row(w, r, now, stats, &failed);
            done[n_done++] = i;
        }
        if (failed) /* the lead's later alerts wait for this one */
            held[n_held++] = r->lead;
        if (n_done == SAVE_EVERY) {
            rc = save(w, rows, done, n_done, diag);
            n_done = 0;
        }
    }
    if (rc == HO_OK)
        rc = save(w, rows, done, n_done, diag);
    ho_xfree(done);
    ho_xfree(held);
    ho_outbox_rows_free(rows, n);
    return rc;
}

/* ---- a signed sample (`alerts test`) ---- */

/* A random alert id, so that a receiver deduping on webhook-id takes each test. */
static void
sample_id(struct ho_deliverer *w, char id[HO_ALERT_ID_LEN])
{
    (void)snprintf(id, HO_ALERT_ID_LEN, "alrt_%016llx", (unsigned long long)next_random(w));
}

ho_rc
ho_deliver_test(struct ho_deliverer *w, const char *name, int64_t now, long *status,
                struct ho_diag *diag)
{
    const struct ho_defs *d = w->defs;
    const struct ho_rep *rep = find_rep(d, name);
    bool is_dest = find_dest(d, name) != NULL;
    *status = 0;
    if (!is_dest && !rep)
        return ho_diag_set(diag, HO_ENOTFOUND,
                           "no destination or rep '%s' in the definitions' notify and reps", name);
    char id[HO_ALERT_ID_LEN];
    sample_id(w, id);
    char target[sizeof(HO_NOTIFY_TO_REP)] = HO_NOTIFY_TO_REP;
    char kind[] = "lead.mql", lead[] = HO_DELIVER_SAMPLE_LEAD, from[] = "lead", to[] = "mql";
    char criterion[] = "min_score", rules[] = "sample_rule";
    struct ho_outbox_row r = {
        .id = id,
        .target = is_dest ? (char *)name : target,
        .kind = kind,
        .lead = lead,
        .rep = rep         ? rep->id
               : d->n_reps ? d->reps[0].id
                           : NULL,
        .stage_from = from,
        .stage_to = to,
        .criterion = criterion,
        .top_rules = rules,
        .at = now,
        .created = now,
        .fit = 35,
        .behavior = 30,
    };
    struct attempt a;
    attempt_row(w, &r, now, &a);
    *status = a.status;
    if (a.error[0])
        return ho_diag_set(diag, HO_EIO, "%s", a.error);
    return HO_OK;
}
