/* SPDX-License-Identifier: MIT */
/*
 * core/event.h - events: the single source of truth.
 *
 * Decoders (JSONL, CSV, Segment, CRM exports) fill a struct ho_event_draft
 * with borrowed text slices and hand it to ho_eventlog_add_draft(), the one
 * constructor, so every input format validates identically.  The event log
 * interns every string (base/strtab.h) and stores events compactly.
 *
 * Pure: no I/O, no clock.  The log owns all of its memory.
 */
#ifndef HO_CORE_EVENT_H
#define HO_CORE_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/rc.h"

struct ho_strtab;

/* A borrowed byte range; not NUL-terminated. */
struct ho_slice {
    const char *ptr;
    size_t len;
};

struct ho_draft_kv {
    struct ho_slice key; /* props: "form", "utm.source" (nested objects joined with '.') */
    struct ho_slice val; /* text of the value: strings unescaped, numbers and true/false/null
                          * as written, arrays as their JSON text */
};

/*
 * One decoded record before validation.  Every slice is borrowed from the
 * decoder and only needs to live until ho_eventlog_add_draft() returns.
 * A slice with len 0 means the field is absent.
 */
struct ho_event_draft {
    struct ho_slice id, ts, type, lead, account, channel, campaign;
    struct ho_slice anonymous;       /* anonymous visitor id (Segment anonymousId); stored as the
                                      * last prop, key "anonymous_id" */
    const struct ho_draft_kv *props; /* event properties */
    size_t n_props;
    const struct ho_draft_kv *traits; /* identify: lead traits; group: account traits */
    size_t n_traits;
};

/* The draft's top-level text fields with their names in the event format,
 * for the checks every field gets (ho_event_draft_fields()). */
struct ho_draft_field {
    const struct ho_slice *s;
    const char *name;
};
#define HO_DRAFT_N_FIELDS 7
void ho_event_draft_fields(const struct ho_event_draft *d,
                           struct ho_draft_field out[HO_DRAFT_N_FIELDS]);

/* Upper bounds checked by the constructor before anything is stored. */
#define HO_EVENT_MAX_KV     256   /* props + traits of one event */
#define HO_EVENT_MAX_STRLEN 65536 /* bytes in one id, key or value */

struct ho_kv {
    uint32_t key, val; /* interned */
};

/* A stored event: 40 bytes, strings interned in the log's string table. */
struct ho_event {
    int64_t ts;       /* ms since the epoch, UTC */
    uint32_t id;      /* idempotency key */
    uint32_t type;    /* "page_view", ... */
    uint32_t lead;    /* 0 = none */
    uint32_t account; /* 0 = none */
    uint32_t channel; /* raw top-level channel, 0 = none (normalised later by the definitions) */
    uint32_t campaign;
    uint32_t kv;                /* index of the first prop in the log's kv array */
    uint16_t n_props, n_traits; /* props at kv[0, n_props), traits right after */
};

struct ho_eventlog {
    struct ho_strtab *strings; /* owned */
    struct ho_event *events;   /* owned, in arrival order */
    size_t n, cap;
    struct ho_kv *kv; /* owned */
    size_t nkv, kvcap;
};

void ho_eventlog_init(struct ho_eventlog *log);
void ho_eventlog_release(struct ho_eventlog *log);

/*
 * Validate d and append it as a new event; *out_index is its index.
 * Checks: id, ts (RFC 3339), type present; lead, account or anonymous present; identify
 * needs lead, group needs account; limits above.  Does not check whether the
 * id was seen before (the engine does).  On failure nothing is appended,
 * *out_index is SIZE_MAX and diag names the field, e.g. "field 'ts': ...".
 * Returns HO_OK, HO_EPARSE or HO_ELIMIT.
 */
HO_MUST_CHECK ho_rc ho_eventlog_add_draft(struct ho_eventlog *log, const struct ho_event_draft *d,
                                          size_t *out_index, struct ho_diag *diag);

/*
 * Append an already-interned event (replay from the store).  kv holds
 * n_props + n_traits pairs, interned in the same log.  Returns its index.
 */
size_t ho_eventlog_append(struct ho_eventlog *log, const struct ho_event *ev,
                          const struct ho_kv *kv);

/* Remove events from index n on (undo a rejected batch). */
void ho_eventlog_truncate(struct ho_eventlog *log, size_t n);

/* The props and traits of ev (borrowed from log). */
const struct ho_kv *ho_event_props(const struct ho_eventlog *log, const struct ho_event *ev);
const struct ho_kv *ho_event_traits(const struct ho_eventlog *log, const struct ho_event *ev);

/* The value id of prop key in ev, or 0 when absent. */
uint32_t ho_event_prop(const struct ho_eventlog *log, const struct ho_event *ev, uint32_t key);

/* Text of an interned id (borrowed). */
const char *ho_eventlog_str(const struct ho_eventlog *log, uint32_t id);

/* Do a and b (of one log) say the same thing: ts, type, who, channel,
 * campaign, and the same props and traits in any order?  The id is not
 * compared (two events with one id and different content are a conflict). */
/* Whether a and b (of log) have the same id text: ids are not interned
 * (ho_strtab_add), so equal texts may have different string ids. */
bool ho_event_same_id(const struct ho_eventlog *log, const struct ho_event *a,
                      const struct ho_event *b);

bool ho_event_same_content(const struct ho_eventlog *log, const struct ho_event *a,
                           const struct ho_event *b);

/* Order events by (ts, id text): the canonical processing order. */
int ho_event_cmp(const struct ho_eventlog *log, const struct ho_event *a, const struct ho_event *b);

#endif /* HO_CORE_EVENT_H */
