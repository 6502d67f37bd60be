/* SPDX-License-Identifier: MIT */
/*
 * http/metrics.c - /metrics in the Prometheus text exposition format 0.0.4.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/strtab.h"
#include "base/xalloc.h"
#include "core/journey.h"
#include "core/sla.h"
#include "core/stage.h"
#include "http/http_int.h"
#include "notify/delivery_counters.h"

const char *const ho_http_reject_names[HO_HTTP_REJECT_KINDS] = { "malformed", "missing_field",
                                                                 "invalid", "too_large",
                                                                 "conflict" };

size_t
ho_http_reject_kind(ho_rc reject, const char *reason)
{
    if (reject == HO_ELIMIT)
        return 3;
    if (reject == HO_ECONFLICT)
        return 4;
    if (reason && strncmp(reason, "invalid JSON", 12) == 0)
        return 0; /* the decoders' words for text that is not an object */
    if (reason && strncmp(reason, "missing field", 13) == 0)
        return 1;
    return 2;
}

static uint64_t
get(const atomic_uint_least64_t *c)
{
    return atomic_load_explicit(c, memory_order_relaxed);
}

static void
counter(struct ho_buf *out, const char *name, const char *help, uint64_t v)
{
    ho_buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %" PRIu64 "\n", name, help, name, name,
                  v);
}

const double ho_http_req_bounds[HO_HTTP_REQ_BUCKETS] = { 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                         0.005,  0.01,    0.05,   0.25,  1.0 };

void
ho_http_metrics_request(struct ho_http_metrics *m, size_t i, unsigned status, int64_t us)
{
    struct ho_http_route_metrics *r = &m->route[i < HO_HTTP_MAX_ROUTES ? i : HO_HTTP_MAX_ROUTES];
    double s = (double)us / 1e6;
    size_t b = 0;
    while (b < HO_HTTP_REQ_BUCKETS && s > ho_http_req_bounds[b])
        b++;
    atomic_fetch_add_explicit(&r->bucket[b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&r->us_sum, (uint64_t)(us > 0 ? us : 0), memory_order_relaxed);
    size_t c = status >= 100 && status < 600 ? status / 100 : 0;
    atomic_fetch_add_explicit(&r->by_class[c], 1, memory_order_relaxed);
}

/* The request counts and latency histogram of every route that had any. */
static void
route_metrics(const struct ho_http_metrics *m, size_t n_routes, const char *(*label)(size_t i),
              struct ho_buf *out)
{
    static const char *const classes[] = { "none", "1xx", "2xx", "3xx", "4xx", "5xx" };
    ho_buf_adds(out,
                "# HELP handoff_http_requests_total HTTP requests, by route and status class.\n"
                "# TYPE handoff_http_requests_total counter\n");
    for (size_t i = 0; i <= HO_HTTP_MAX_ROUTES; i++) {
        const char *name = i < n_routes ? label(i) : i == HO_HTTP_MAX_ROUTES ? "none" : NULL;
        for (size_t c = 0; name && c < 6; c++) {
            uint64_t v = get(&m->route[i].by_class[c]);
            if (v)
                ho_buf_printf(out,
                              "handoff_http_requests_total{route=\"%s\",code=\"%s\"} %" PRIu64 "\n",
                              name, classes[c], v);
        }
    }
    ho_buf_adds(out, "# HELP handoff_http_request_duration_seconds Time from the request's "
                     "headers to its response, by route.\n"
                     "# TYPE handoff_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= HO_HTTP_MAX_ROUTES; i++) {
        const char *name = i < n_routes ? label(i) : i == HO_HTTP_MAX_ROUTES ? "none" : NULL;
        uint64_t total = 0;
        for (size_t b = 0; name && b <= HO_HTTP_REQ_BUCKETS; b++)
            total += get(&m->route[i].bucket[b]);
        if (!total)
            continue;
        uint64_t cum = 0;
        for (size_t b = 0; b < HO_HTTP_REQ_BUCKETS; b++) {
            cum += get(&m->route[i].bucket[b]);
            ho_buf_printf(
                out,
                "handoff_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %" PRIu64
                "\n",
                name, ho_http_req_bounds[b], cum);
        }
        ho_buf_printf(
            out,
            "handoff_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %" PRIu64 "\n",
            name, total);
        ho_buf_printf(out, "handoff_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", name,
                      (double)get(&m->route[i].us_sum) / 1e6);
        ho_buf_printf(out,
                      "handoff_http_request_duration_seconds_count{route=\"%s\"} %" PRIu64 "\n",
                      name, total);
    }
}

static void
gauge(struct ho_buf *out, const char *name, const char *help, const char *value)
{
    ho_buf_printf(out, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, value);
}

/* The derived state now, read from the database (its own read-only
 * handle, one snapshot, as every read of the server): the SLA clocks by
 * status at the data's as-of time, the queue (the running clocks), leads
 * by stage, the active definitions' version and the as-of time itself. */
struct state_counts {
    struct ho_outbox_counts outbox;
    uint64_t clocks[HO_SLA__COUNT];
    uint64_t running;
    uint64_t stages[HO_STAGE__COUNT];
    struct ho_stage_set_opts set; /* the active definitions' stage set */
    int64_t defs_version, as_of;
};

static ho_rc
read_state(const char *db_path, struct state_counts *sc, struct ho_diag *diag)
{
    struct ho_app app;
    struct ho_app_open_opts o = { .db_path = db_path, .mode = HO_STORE_READ_ONLY };
    ho_rc rc = ho_app_open(&app, &o, diag);
    if (rc == HO_OK)
        rc = ho_app_load_active_defs(&app, NULL, diag);
    if (rc == HO_ENOTFOUND) { /* no definitions yet: version 0, and no clocks */
        ho_diag_clear(diag);
        rc = HO_OK;
    }
    struct ho_strtab *strings = ho_strtab_new();
    struct ho_clock_row *clocks = NULL;
    struct ho_lead_row *leads = NULL;
    size_t n_clocks = 0, n_leads = 0;
    if (rc == HO_OK)
        rc = ho_store_load_clocks(app.st, strings, &clocks, &n_clocks, diag);
    if (rc == HO_OK)
        rc = ho_store_load_leads(app.st, strings, &leads, &n_leads, diag);
    if (rc == HO_OK)
        rc = ho_store_count_alerts(app.st, &sc->outbox, diag);
    if (rc == HO_OK) {
        sc->as_of = ho_app_data_as_of(&app);
        sc->defs_version = app.defs.version;
        sc->set = app.defs.stage_set;
        for (size_t i = 0; i < n_clocks; i++) {
            struct ho_clock_eval ev;
            ho_sla_eval(&app.defs.calendar, &clocks[i], sc->as_of, &ev);
            sc->clocks[ev.status]++;
            sc->running += clocks[i].stopped == HO_TIME_NONE;
        }
        for (size_t i = 0; i < n_leads; i++) {
            if (leads[i].stage >= 0 && leads[i].stage < HO_STAGE__COUNT)
                sc->stages[leads[i].stage]++;
        }
    }
    ho_xfree(clocks);
    ho_xfree(leads);
    ho_strtab_free(strings);
    ho_app_close(&app);
    return rc;
}

/* The outbox by status: pending is its depth, what the worker has to send. */
static void
outbox_metrics(const struct ho_outbox_counts *c, struct ho_buf *out)
{
    char v[32];
    (void)snprintf(v, sizeof(v), "%" PRIu64, c->pending);
    gauge(out, "handoff_alerts_outbox_depth",
          "Alert outbox rows pending delivery (due now or waiting for a retry).", v);
    ho_buf_adds(out, "# HELP handoff_alerts_outbox Alert outbox rows by status.\n"
                     "# TYPE handoff_alerts_outbox gauge\n");
    ho_buf_printf(out, "handoff_alerts_outbox{status=\"pending\"} %" PRIu64 "\n", c->pending);
    ho_buf_printf(out, "handoff_alerts_outbox{status=\"sent\"} %" PRIu64 "\n", c->sent);
    ho_buf_printf(out, "handoff_alerts_outbox{status=\"dead\"} %" PRIu64 "\n", c->dead);
    ho_buf_printf(out, "handoff_alerts_outbox{status=\"skipped\"} %" PRIu64 "\n", c->skipped);
}

/* What this process's delivery worker (serve --alerts) did. */
static void
delivery_metrics(struct ho_buf *out)
{
    struct ho_delivery_counts c;
    ho_delivery_counts_get(&c);
    counter(out, "handoff_alert_deliveries_total", "Alert deliveries answered 2xx.", c.delivered);
    counter(out, "handoff_alert_delivery_failures_total",
            "Alert delivery attempts that failed (no answer or not 2xx).", c.failures);
    counter(out, "handoff_alert_delivery_retries_total",
            "Alert delivery attempts after an alert's first.", c.retries);
    counter(out, "handoff_alert_dead_total",
            "Alerts given up: retry_for passed, or the endpoint answered 410 Gone.", c.dead);
    ho_buf_adds(out, "# HELP handoff_alert_delivery_latency_seconds Time from the commit that "
                     "recorded an alert to its 2xx.\n"
                     "# TYPE handoff_alert_delivery_latency_seconds histogram\n");
    uint64_t cum = 0;
    for (size_t b = 0; b < HO_DELIVERY_LATENCY_BUCKETS; b++) {
        cum += c.latency_bucket[b];
        ho_buf_printf(out, "handoff_alert_delivery_latency_seconds_bucket{le=\"%g\"} %" PRIu64 "\n",
                      ho_delivery_latency_bounds[b], cum);
    }
    cum += c.latency_bucket[HO_DELIVERY_LATENCY_BUCKETS];
    ho_buf_printf(out, "handoff_alert_delivery_latency_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n",
                  cum);
    ho_buf_printf(out, "handoff_alert_delivery_latency_seconds_sum %.3f\n",
                  (double)c.latency_ms_sum / 1000.0);
    ho_buf_printf(out, "handoff_alert_delivery_latency_seconds_count %" PRIu64 "\n", cum);
}

static void
state_metrics(const char *db_path, struct ho_buf *out)
{
    struct state_counts sc = { 0 };
    struct ho_diag diag = { 0 };
    bool ok = db_path && read_state(db_path, &sc, &diag) == HO_OK;
    char v[32];
    (void)snprintf(v, sizeof(v), "%d", ok ? 1 : 0);
    gauge(out, "handoff_state_up", "Whether the state gauges below could be read (1) or not (0).",
          v);
    if (!ok)
        return;
    (void)snprintf(v, sizeof(v), "%.3f", (double)sc.as_of / 1000.0);
    gauge(out, "handoff_data_as_of_seconds",
          "The data's as-of time (Unix seconds): the latest event, or the clock's last tick.", v);
    (void)snprintf(v, sizeof(v), "%" PRId64, sc.defs_version);
    gauge(out, "handoff_definitions_version", "Version of the active definitions.", v);
    ho_buf_adds(out, "# HELP handoff_sla_clocks SLA clocks by status at the data's as-of time.\n"
                     "# TYPE handoff_sla_clocks gauge\n");
    for (int s = 0; s < HO_SLA__COUNT; s++)
        ho_buf_printf(out, "handoff_sla_clocks{status=\"%s\"} %" PRIu64 "\n",
                      ho_sla_status_name((enum ho_sla_status)s), sc.clocks[s]);
    (void)snprintf(v, sizeof(v), "%" PRIu64, sc.running);
    gauge(out, "handoff_queue_depth", "Running SLA clocks: the journeys in GET /v1/queue.", v);
    ho_buf_adds(out, "# HELP handoff_leads Leads by current stage.\n"
                     "# TYPE handoff_leads gauge\n");
    for (int s = 0; s < HO_STAGE__COUNT; s++) {
        /* a stage the definitions do not use is left out (unless leads are in it) */
        enum ho_stage st = (enum ho_stage)s;
        if (ho_stage_is_funnel(st) && !ho_stage_in_set(&sc.set, st) && sc.stages[s] == 0)
            continue;
        ho_buf_printf(out, "handoff_leads{stage=\"%s\"} %" PRIu64 "\n", ho_stage_name(st),
                      sc.stages[s]);
    }
    (void)snprintf(v, sizeof(v), "%" PRIu64, sc.stages[HO_STAGE_MQL]);
    gauge(out, "handoff_mqls", "Leads whose current stage is mql.", v);
    outbox_metrics(&sc.outbox, out);
}

void
ho_http_metrics_text(const struct ho_http_metrics *m, size_t n_routes,
                     const char *(*label)(size_t i), struct ho_buf *out)
{
    ho_buf_adds(out, "# HELP handoff_events_total Events received, by result.\n"
                     "# TYPE handoff_events_total counter\n");
    ho_buf_printf(out, "handoff_events_total{result=\"accepted\"} %" PRIu64 "\n",
                  get(&m->accepted));
    ho_buf_printf(out, "handoff_events_total{result=\"duplicate\"} %" PRIu64 "\n",
                  get(&m->duplicate));
    ho_buf_printf(out, "handoff_events_total{result=\"rejected\"} %" PRIu64 "\n",
                  get(&m->rejected));
    ho_buf_adds(out, "# HELP handoff_events_rejected_total Events rejected, by reason: malformed "
                     "(not a JSON object), missing_field, invalid (a field's value), too_large, "
                     "conflict.\n"
                     "# TYPE handoff_events_rejected_total counter\n");
    for (size_t k = 0; k < HO_HTTP_REJECT_KINDS; k++)
        ho_buf_printf(out, "handoff_events_rejected_total{reason=\"%s\"} %" PRIu64 "\n",
                      ho_http_reject_names[k], get(&m->rejected_by[k]));
    counter(out, "handoff_commits_total", "Group commits of the writer.", get(&m->commits));
    counter(out, "handoff_commit_failures_total", "Commits that failed (their requests got 503).",
            get(&m->commit_failures));
    ho_buf_adds(out, "# HELP handoff_commit_duration_seconds Time of one group commit.\n"
                     "# TYPE handoff_commit_duration_seconds histogram\n");
    uint64_t cum = 0;
    for (size_t i = 0; i < HO_HTTP_COMMIT_BUCKETS; i++) {
        cum += get(&m->commit_bucket[i]);
        ho_buf_printf(out, "handoff_commit_duration_seconds_bucket{le=\"%g\"} %" PRIu64 "\n",
                      ho_http_commit_bounds[i], cum);
    }
    cum += get(&m->commit_bucket[HO_HTTP_COMMIT_BUCKETS]);
    ho_buf_printf(out, "handoff_commit_duration_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n", cum);
    ho_buf_printf(out, "handoff_commit_duration_seconds_sum %.6f\n",
                  (double)get(&m->commit_us_sum) / 1e6);
    ho_buf_printf(out, "handoff_commit_duration_seconds_count %" PRIu64 "\n", cum);
    counter(out, "handoff_clock_ticks_total",
            "Ticks of the deadline timer that recorded what the clock made due.", get(&m->ticks));
    counter(out, "handoff_clock_tick_failures_total", "Ticks that failed (the next one retries).",
            get(&m->tick_failures));
    counter(out, "handoff_clock_aged_total",
            "MQLs the timer aged into nurture (mql.expire_after) without an event.", get(&m->aged));
    counter(out, "handoff_clock_assigned_total",
            "Waiting journeys the timer re-routed (assign events) without an event.",
            get(&m->rerouted));
    route_metrics(m, n_routes, label, out);
    delivery_metrics(out);
    state_metrics(m->db_path, out);
}
