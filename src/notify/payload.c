/* SPDX-License-Identifier: MIT */
/*
 * notify/payload.c - Standard Webhooks and Slack Block Kit bodies of an
 * alert, built with jansson (escaping included); Slack mrkdwn escapes
 * &, < and > in text that comes from data.
 */
#include "notify/payload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/calendar.h"
#include "core/defs.h"

static void
set_text(json_t *o, const char *key, const char *value)
{
    if (value != NULL)
        (void)json_object_set_new(o, key, json_string(value));
}

static void
set_time(json_t *o, const char *key, int64_t ms)
{
    char t[HO_TIME_STRLEN];
    (void)json_object_set_new(o, key, json_string(ho_time_format(ms, t)));
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
    ho_buf_add(data, buffer, size);
    return 0;
}

static void
dump(json_t *root, struct ho_buf *out)
{
    if (root == NULL ||
        json_dump_callback(root, dump_cb, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
        abort(); /* jansson out of memory, as ho_xmalloc */
    json_decref(root);
}

static json_t *
webhook_data(const struct ho_alert *a)
{
    json_t *d = json_object();
    set_text(d, "lead_id", a->lead_id);
    set_text(d, "rep", a->rep_id);
    set_time(d, "at", a->at_ms);
    if (a->kind == HO_ALERT_STAGE_CHANGED || a->kind == HO_ALERT_MQL) {
        set_text(d, "from", a->stage_from);
        set_text(d, "to", a->stage_to);
    }
    if (a->kind == HO_ALERT_MQL) {
        (void)json_object_set_new(d, "score", json_real(a->score));
        (void)json_object_set_new(d, "fit", json_real(a->fit));
        (void)json_object_set_new(d, "behavior", json_real(a->behavior));
        set_text(d, "criterion", a->criterion);
        json_t *rules = json_array();
        for (size_t i = 0; i < a->n_top_rules; i++)
            (void)json_array_append_new(rules, json_string(a->top_rules[i]));
        (void)json_object_set_new(d, "top_rules", rules);
    }
    if (a->kind == HO_ALERT_SLA_BREACHED || a->kind == HO_ALERT_SLA_DUE_SOON) {
        set_text(d, "sla", a->sla_name);
        set_time(d, "deadline", a->deadline_ms);
    }
    if (a->kind == HO_ALERT_REJECTED) {
        set_text(d, "reason", a->reason);
        set_text(d, "category", a->category);
    }
    return d;
}

void
ho_alert_webhook_body(const struct ho_alert *a, struct ho_buf *out)
{
    json_t *root = json_object();
    set_text(root, "type", ho_alert_kind_name(a->kind));
    set_time(root, "timestamp", a->at_ms);
    set_text(root, "id", a->id);
    (void)json_object_set_new(root, "data", webhook_data(a));
    dump(root, out);
}

void
ho_alert_local_time(int64_t ms, const struct ho_tz *tz, struct ho_buf *out)
{
    char t[HO_TIME_STRLEN];
    char zone[24];
    int32_t off = tz != NULL && tz->n > 0 ? ho_tz_offset(tz, ms) : 0;
    (void)ho_time_format(ms + (int64_t)off * 1000, t);
    /* "2026-03-02T09:30:00.000Z" -> "2026-03-02 09:30" */
    t[10] = ' ';
    t[16] = '\0';
    int32_t a = off < 0 ? -off : off;
    (void)snprintf(zone, sizeof(zone), " (UTC%c%02d:%02d)", off < 0 ? '-' : '+', (int)(a / 3600),
                   (int)(a % 3600 / 60));
    ho_buf_adds(out, t);
    ho_buf_adds(out, zone);
}

/* s with &, <, > escaped for Slack mrkdwn. */
static void
add_escaped(struct ho_buf *b, const char *s)
{
    for (; s != NULL && *s != '\0'; s++) {
        if (*s == '&')
            ho_buf_adds(b, "&amp;");
        else if (*s == '<')
            ho_buf_adds(b, "&lt;");
        else if (*s == '>')
            ho_buf_adds(b, "&gt;");
        else
            ho_buf_addc(b, *s);
    }
}

/* s percent-encoded except RFC 3986 unreserved characters. */
static void
add_url_part(struct ho_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr("-._~", c) != NULL) {
            ho_buf_addc(b, (char)c);
            continue;
        }
        ho_buf_addc(b, '%');
        ho_buf_addc(b, hex[c >> 4]);
        ho_buf_addc(b, hex[c & 15]);
    }
}

static void
slack_headline(const struct ho_alert *a, struct ho_buf *b)
{
    static const char *const what[HO_ALERT__COUNT] = {
        [HO_ALERT_MQL] = "New MQL",
        [HO_ALERT_ASSIGNED] = "Lead assigned",
        [HO_ALERT_STAGE_CHANGED] = "Stage changed",
        [HO_ALERT_SLA_BREACHED] = "SLA breached",
        [HO_ALERT_SLA_DUE_SOON] = "SLA due soon",
        [HO_ALERT_REJECTED] = "Lead rejected",
    };
    ho_buf_adds(b, a->kind >= 0 && a->kind < HO_ALERT__COUNT ? what[a->kind] : "Alert");
    ho_buf_adds(b, ": ");
    add_escaped(b, a->lead_id);
    if (a->rep_slack_id != NULL) {
        ho_buf_adds(b, " for <@");
        ho_buf_adds(b, a->rep_slack_id);
        ho_buf_addc(b, '>');
    } else if (a->rep_id != NULL) {
        ho_buf_adds(b, " for ");
        add_escaped(b, a->rep_id);
    }
}

static void
slack_details(const struct ho_alert *a, struct ho_buf *b)
{
    char num[64];
    if (a->kind == HO_ALERT_MQL) {
        (void)snprintf(num, sizeof(num), "*Score* %.0f (fit %.0f, behavior %.0f)", a->score, a->fit,
                       a->behavior);
        ho_buf_adds(b, num);
        ho_buf_adds(b, " — *why:* ");
        add_escaped(b, a->criterion);
        for (size_t i = 0; i < a->n_top_rules; i++) {
            ho_buf_adds(b, i == 0 ? "; " : ", ");
            add_escaped(b, a->top_rules[i]);
        }
    }
    if (a->kind == HO_ALERT_SLA_BREACHED || a->kind == HO_ALERT_SLA_DUE_SOON) {
        ho_buf_adds(b, "*SLA* ");
        add_escaped(b, a->sla_name);
        ho_buf_adds(b, " — *deadline* ");
        ho_alert_local_time(a->deadline_ms, a->rep_tz, b);
    }
    if (a->kind == HO_ALERT_STAGE_CHANGED) {
        add_escaped(b, a->stage_from);
        ho_buf_adds(b, " → ");
        add_escaped(b, a->stage_to);
    }
    if (a->kind == HO_ALERT_REJECTED) {
        ho_buf_adds(b, "*Reason* ");
        add_escaped(b, a->reason);
        ho_buf_adds(b, " (");
        add_escaped(b, a->category);
        ho_buf_addc(b, ')');
    }
}

static json_t *
section(const char *mrkdwn)
{
    json_t *text = json_pack("{s:s, s:s}", "type", "mrkdwn", "text", mrkdwn);
    return json_pack("{s:s, s:o}", "type", "section", "text", text);
}

void
ho_alert_slack_body(const struct ho_alert *a, struct ho_buf *out)
{
    struct ho_buf head, details;
    ho_buf_init(&head);
    ho_buf_init(&details);
    slack_headline(a, &head);
    slack_details(a, &details);
    if (a->link_base != NULL && a->lead_id != NULL) {
        ho_buf_adds(&details, details.len > 0 ? "\n<" : "<");
        ho_buf_adds(&details, a->link_base);
        ho_buf_adds(&details, "/v1/leads/");
        add_url_part(&details, a->lead_id);
        ho_buf_adds(&details, "|Open the lead>");
    }
    json_t *blocks = json_array();
    (void)json_array_append_new(blocks, section(ho_buf_cstr(&head)));
    if (details.len > 0)
        (void)json_array_append_new(blocks, section(ho_buf_cstr(&details)));
    json_t *root = json_object();
    set_text(root, "text", ho_buf_cstr(&head));
    (void)json_object_set_new(root, "blocks", blocks);
    ho_buf_release(&head);
    ho_buf_release(&details);
    dump(root, out);
}
