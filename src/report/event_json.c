/* SPDX-License-Identifier: MIT */
/*
 * report/event_json.c - one stored event as a JSON Lines record, in the
 * input contract's field names (DESIGN.md section 3), e.g. to show both
 * sides of an event-id conflict.
 */
#include <jansson.h>

#include "base/timefmt.h"
#include "core/event.h"
#include "report/report.h"

static void
set_text(json_t *obj, const char *key, const struct ho_eventlog *log, uint32_t id)
{
    if (id)
        json_object_set_new(obj, key, json_string(ho_eventlog_str(log, id)));
}

static json_t *
pairs(const struct ho_eventlog *log, const struct ho_kv *kv, size_t n)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < n; i++)
        json_object_set_new(obj, ho_eventlog_str(log, kv[i].key),
                            json_string(ho_eventlog_str(log, kv[i].val)));
    return obj;
}

ho_rc
ho_report_event_line(FILE *out, const struct ho_eventlog *log, const struct ho_event *ev,
                     struct ho_diag *diag)
{
    char ts[HO_TIME_STRLEN];
    json_t *root = json_object();
    set_text(root, "id", log, ev->id);
    json_object_set_new(root, "ts", json_string(ho_time_format(ev->ts, ts)));
    set_text(root, "type", log, ev->type);
    set_text(root, "lead", log, ev->lead);
    set_text(root, "account", log, ev->account);
    set_text(root, "channel", log, ev->channel);
    set_text(root, "campaign", log, ev->campaign);
    const struct ho_kv *kv = ho_event_props(log, ev);
    if (ev->n_props)
        json_object_set_new(root, "props", pairs(log, kv, ev->n_props));
    if (ev->n_traits)
        json_object_set_new(root, "traits", pairs(log, kv + ev->n_props, ev->n_traits));
    int rc = json_dumpf(root, out, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(root);
    return rc == 0 ? HO_OK : ho_diag_set(diag, HO_EIO, "cannot write an event");
}
