/* SPDX-License-Identifier: MIT */
/*
 * notify/payload.h - the bodies of alerts: a Standard Webhooks JSON body
 * ({"type", "timestamp", "id", "data": {...}}, schema per type in
 * docs/openapi.json "webhooks") and a Slack Block Kit body for an
 * incoming webhook (ecosystem.md §4.1).  Pure: no I/O, no clock.
 */
#ifndef HO_NOTIFY_PAYLOAD_H
#define HO_NOTIFY_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

struct ho_tz;

/* One alert as its payloads need it; every string may be NULL (omitted). */
struct ho_alert {
    const char *id;      /* stable id, also the webhook-id */
    int kind;            /* enum ho_alert_kind (core/defs.h) */
    const char *lead_id; /* the lead */
    int64_t at_ms;       /* when the causing event happened */
    const char *rep_id;  /* the owning rep */
    const char *rep_slack_id;
    const struct ho_tz *rep_tz; /* NULL or empty: UTC */
    const char *stage_from, *stage_to;
    double score, fit, behavior; /* lead.mql */
    const char *criterion;       /* lead.mql: "min_score" or an or_any set */
    const char *const *top_rules;
    size_t n_top_rules;
    const char *sla_name; /* sla.*: the SLA and its deadline */
    int64_t deadline_ms;
    const char *reason, *category; /* lead.rejected */
    const char *link_base;         /* "https://handoff.example": link /v1/leads/ID */
};

/* The Standard Webhooks JSON body of a, appended to out. */
void ho_alert_webhook_body(const struct ho_alert *a, struct ho_buf *out);
/* The Slack incoming-webhook body of a ({"text", "blocks"}), appended to out. */
void ho_alert_slack_body(const struct ho_alert *a, struct ho_buf *out);
/* Local time of ms in tz as "2026-03-02 09:30 (UTC+01:00)" (tz NULL or empty: UTC). */
void ho_alert_local_time(int64_t ms, const struct ho_tz *tz, struct ho_buf *out);

#endif /* HO_NOTIFY_PAYLOAD_H */
