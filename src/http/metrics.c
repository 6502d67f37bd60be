/* SPDX-License-Identifier: MIT */
/*
 * http/metrics.c - /metrics in the Prometheus text exposition format 0.0.4.
 */
#include <inttypes.h>

#include "http/http_int.h"

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
    route_metrics(m, n_routes, label, out);
}
