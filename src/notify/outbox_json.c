/* SPDX-License-Identifier: MIT */
/*
 * notify/outbox_json.c - outbox rows as JSON (`handoff alerts list --json`).
 */
#include <jansson.h>
#include <stdlib.h>

#include "base/timefmt.h"
#include "notify/outbox_json.h"
#include "store/store.h"

static void
set_text(json_t *o, const char *key, const char *value)
{
    (void)json_object_set_new(o, key, value ? json_string(value) : json_null());
}

static void
set_time(json_t *o, const char *key, int64_t ms)
{
    char t[HO_TIME_STRLEN];
    (void)json_object_set_new(o, key, ms ? json_string(ho_time_format(ms, t)) : json_null());
}

static json_t *
row_json(const struct ho_outbox_row *r)
{
    json_t *o = json_object();
    set_text(o, "id", r->id);
    set_text(o, "target", r->target);
    set_text(o, "type", r->kind);
    set_text(o, "lead_id", r->lead);
    set_text(o, "rep", r->rep);
    set_time(o, "at", r->at);
    set_text(o, "status", r->status);
    (void)json_object_set_new(o, "attempts", json_integer(r->attempts));
    (void)json_object_set_new(o, "http_status",
                              r->http_status ? json_integer(r->http_status) : json_null());
    set_text(o, "last_error", r->last_error);
    set_time(o, "created", r->created);
    set_time(o, "next_attempt", r->status && r->status[0] == 'p' ? r->next_at : 0);
    set_time(o, "sent_at", r->sent_at);
    return o;
}

static int
dump_cb(const char *buffer, size_t size, void *data)
{
    ho_buf_add(data, buffer, size);
    return 0;
}

void
ho_outbox_json(const struct ho_outbox_row *rows, size_t n, struct ho_buf *out)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        (void)json_array_append_new(arr, row_json(&rows[i]));
    if (!arr || json_dump_callback(arr, dump_cb, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
        abort(); /* jansson out of memory, as ho_xmalloc */
    json_decref(arr);
}
