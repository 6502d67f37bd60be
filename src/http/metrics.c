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

void
ho_http_metrics_text(const struct ho_http_metrics *m, struct ho_buf *out)
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
    counter(out, "handoff_http_requests_total", "HTTP requests answered.", get(&m->requests));
    counter(out, "handoff_http_client_errors_total", "Requests answered 4xx.",
            get(&m->requests_4xx));
    counter(out, "handoff_http_server_errors_total", "Requests answered 5xx or not answered.",
            get(&m->requests_5xx));
}
