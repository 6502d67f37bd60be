/* SPDX-License-Identifier: MIT */
/*
 * ingest/segment_map.c - the Segment message mapping (see segment_map.h
 * for the contract), on top of the generic scanner in json_scan.c.
 *
 * As in event_map.c, malformed JSON is reported as soon as the scanner
 * sees it, while field errors are remembered and reported only once the
 * whole text proved well-formed, the first in document order.
 */
#include "ingest/segment_map.h"

#include <stdint.h>
#include <string.h>

#include "base/timefmt.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "core/event.h"
#include "core/segment_events.h"
#include "ingest/json_flatten.h"
#include "ingest/json_scan.h"

enum sfield {
    S_MESSAGE_ID,
    S_TYPE,
    S_EVENT,
    S_USER_ID,
    S_ANON_ID,
    S_GROUP_ID,
    S_PREVIOUS_ID,
    S_TIMESTAMP,
    S_ORIG_TS,
    S_SENT_AT,
    S_RECEIVED_AT,
    S__TOP, /* the fields above are top-level members; those below nested */
    S_CTX_GROUP_ID = S__TOP,
    S_CAMPAIGN_NAME,
    S_UTM_VALUE, /* the context.campaign member in hand */
    S__COUNT
};

static const char *const sfield_names[S__COUNT] = {
    "messageId",
    "type",
    "event",
    "userId",
    "anonymousId",
    "groupId",
    "previousId",
    "timestamp",
    "originalTimestamp",
    "sentAt",
    "receivedAt",
    "context.groupId",
    "context.campaign.name",
    "context.campaign",
};

#define G_PROPS  HO_FLAT_PROPS
#define G_TRAITS HO_FLAT_TRAITS

/* context.campaign members and the props they become. */
static const char *const utm_members[] = { "source", "medium", "name", "term", "content" };
static const char *const utm_props[] = { "utm_source", "utm_medium", "utm_campaign", "utm_term",
                                         "utm_content" };
#define N_UTM (sizeof(utm_members) / sizeof(utm_members[0]))

struct ho_segment_decoder {
    struct ho_json_buffers buf;
    /* props and traits as flat pairs; weak ones (from context.campaign or
     * context.traits) are dropped where properties or traits give the same
     * key: the message's own fields win */
    struct ho_json_flat flat;
    struct ho_draft_kv kv[2][HO_EVENT_MAX_KV];                       /* every pair, resolved */
    struct ho_draft_kv out[2][HO_EVENT_MAX_KV + HO_SEGMENT_MAX_SET]; /* kept, + those set */
    char ts[HO_TIME_STRLEN]; /* the skew-corrected timestamp */
};

enum ferr_kind { FERR_NONE, FERR_TYPE };

/* One pass; js first, so that a member callback's scanner is its scan. */
struct scan {
    struct ho_json_scan js;
    struct ho_segment_decoder *dec;
    struct ho_json_span field[S__COUNT];
    bool weak; /* reading context.traits */
    enum ferr_kind ferr;
    const char *ferr_field, *ferr_want, *ferr_found;
};

struct ho_segment_decoder *
ho_segment_decoder_new(void)
{
    return ho_xcalloc(1, sizeof(struct ho_segment_decoder));
}

void
ho_segment_decoder_free(struct ho_segment_decoder *dec)
{
    if (dec == NULL)
        return;
    ho_json_buffers_release(&dec->buf);
    ho_json_flat_release(&dec->flat);
    ho_xfree(dec);
}

static struct scan *
scan_of(struct ho_json_scan *js)
{
    return (struct scan *)js;
}

static bool
key_is(const struct ho_json_scan *js, struct ho_json_span key, const char *name)
{
    size_t n = strlen(name);
    return key.len == n && memcmp(ho_json_resolve(js, key), name, n) == 0;
}

/* Remember the first field error; the text is still checked to the end. */
static void
field_err(struct scan *sc, enum ferr_kind kind, const char *field, const char *want)
{
    if (sc->ferr != FERR_NONE || sc->dec->flat.stopped)
        return;
    sc->dec->flat.stopped = true; /* the first error in the text is the one reported */
    sc->ferr = kind;
    sc->ferr_field = field;
    sc->ferr_want = want;
    sc->ferr_found = ho_json_type_at(&sc->js);
}

/* A string member (null: absent) into sc->field[f]. */
static ho_rc
string_field(struct scan *sc, enum sfield f, unsigned depth)
{
    struct ho_json_scan *js = &sc->js;
    int c = ho_json_peek(js);
    if (c == 'n')
        return ho_json_scan_literal(js, "null", 4);
    if (c == '"')
        return ho_json_scan_string(js, &sc->field[f]);
    field_err(sc, FERR_TYPE, sfield_names[f], "a string");
    return ho_json_skip_value(js, depth);
}

/*---- props and traits ----*/

/* properties, traits or context.traits: an object (or null). */
static ho_rc
kv_object(struct scan *sc, enum ho_flat_group g, const char *field, unsigned depth)
{
    struct ho_json_scan *js = &sc->js;
    int c = ho_json_peek(js);
    if (c == 'n')
        return ho_json_scan_literal(js, "null", 4);
    if (c == '{')
        return ho_json_flat_object(&sc->dec->flat, js, depth, g, sc->weak);
    field_err(sc, FERR_TYPE, field, "an object");
    return ho_json_skip_value(js, depth);
}

/*---- context ----*/

/* A member of context.campaign: the UTM values become props. */
static ho_rc
campaign_member(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
                const void *ctx)
{
    struct scan *sc = scan_of(js);
    (void)key_pos;
    (void)ctx;
    for (size_t i = 0; i < N_UTM; i++) {
        if (!key_is(js, key, utm_members[i]))
            continue;
        enum sfield f = i == 2 ? S_CAMPAIGN_NAME : S_UTM_VALUE;
        sc->field[S_UTM_VALUE] = (struct ho_json_span){ 0, 0 };
        ho_rc rc = string_field(sc, f, depth);
        struct ho_json_span val = sc->field[f];
        if (rc != HO_OK || val.len == 0)
            return rc;
        size_t n = strlen(utm_props[i]);
        memcpy(ho_json_scratch_reserve(js, n), utm_props[i], n);
        ho_json_flat_emit(&sc->dec->flat, js, G_PROPS, ho_json_scratch_commit(js, n), val, 0, true);
        return HO_OK;
    }
    return ho_json_skip_value(js, depth);
}

static ho_rc
context_member(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
               const void *ctx)
{
    struct scan *sc = scan_of(js);
    (void)key_pos;
    (void)ctx;
    if (key_is(js, key, "traits")) {
        sc->weak = true;
        ho_rc rc = kv_object(sc, G_TRAITS, "context.traits", depth);
        sc->weak = false;
        return rc;
    }
    if (key_is(js, key, "groupId"))
        return string_field(sc, S_CTX_GROUP_ID, depth);
    if (key_is(js, key, "campaign") && ho_json_peek(js) == '{')
        return ho_json_parse_object(js, depth + 1, campaign_member, NULL);
    return ho_json_skip_value(js, depth);
}

/*---- the message ----*/

static ho_rc
top_member(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
           const void *ctx)
{
    struct scan *sc = scan_of(js);
    (void)key_pos;
    (void)ctx;
    for (size_t f = 0; f < S__TOP; f++) {
        if (key_is(js, key, sfield_names[f]))
            return string_field(sc, (enum sfield)f, depth);
    }
    if (key_is(js, key, "properties"))
        return kv_object(sc, G_PROPS, "properties", depth);
    if (key_is(js, key, "traits"))
        return kv_object(sc, G_TRAITS, "traits", depth);
    if (key_is(js, key, "context") && ho_json_peek(js) == '{')
        return ho_json_parse_object(js, depth + 1, context_member, NULL);
    return ho_json_skip_value(js, depth);
}

static ho_rc
report_field_err(struct scan *sc)
{
    struct ho_diag *diag = sc->js.diag;
    const struct ho_json_flat *f = &sc->dec->flat;
    const char *group = f->err_group == G_PROPS ? "properties" : "traits";
    if (f->err == HO_FLAT_TOO_MANY)
        return ho_diag_set(diag, HO_ELIMIT, "field '%s': more than %d props and traits", group,
                           HO_EVENT_MAX_KV);
    if (f->err == HO_FLAT_KEY_TOO_LONG)
        return ho_diag_set(diag, HO_ELIMIT, "field '%s': a key is longer than %d bytes", group,
                           HO_EVENT_MAX_STRLEN);
    if (sc->ferr == FERR_TYPE)
        return ho_diag_set(diag, HO_EPARSE, "field '%s' must be %s, found %s", sc->ferr_field,
                           sc->ferr_want, sc->ferr_found);
    return HO_OK;
}

static struct ho_slice
to_slice(const struct scan *sc, struct ho_json_span sp)
{
    if (sp.len == 0)
        return (struct ho_slice){ NULL, 0 };
    return (struct ho_slice){ ho_json_resolve(&sc->js, sp), sp.len };
}

static bool
slice_is(struct ho_slice s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

static struct ho_slice
lit(const char *s)
{
    return (struct ho_slice){ s, strlen(s) };
}

/* What the message becomes: its type and the props the mapping sets. */
struct mapped {
    struct ho_slice type;
    const struct ho_map_pair *set; /* replace the same keys of properties */
    size_t n_set;
    struct ho_map_pair event_prop; /* default: TYPE keeps the name in props.event */
    struct ho_slice event_name;
};

/* A track event name through the definitions' `segment:` section and the
 * built-in table (core/segment_events.h). */
static ho_rc
map_track(const struct scan *sc, const struct ho_segment_def *def, struct mapped *m,
          struct ho_diag *diag)
{
    struct ho_slice ev = to_slice(sc, sc->field[S_EVENT]);
    if (ev.len == 0)
        return ho_diag_set(diag, HO_EPARSE, "track without 'event'");
    const struct ho_segment_target *t = ho_segment_track_target(def, ev.ptr, ev.len);
    if (t != NULL) {
        m->type = lit(t->type);
        m->set = t->props;
        m->n_set = t->n_props;
        return HO_OK;
    }
    enum ho_segment_unmapped how = def ? def->unmapped : HO_SEGMENT_KEEP;
    if (how == HO_SEGMENT_REJECT)
        return ho_diag_set(diag, HO_EPARSE,
                           "track event '%.*s' is not mapped (the definitions' segment: default: "
                           "reject) — add it to segment.events",
                           (int)(ev.len > 64 ? 64 : ev.len), ev.ptr);
    m->type = ev; /* keep: the name as written (DESIGN section 3 stores unknown types) */
    if (how == HO_SEGMENT_TYPE) {
        m->type = lit(def->unmapped_type);
        m->event_prop = (struct ho_map_pair){ "event", NULL, { 0, 0 } };
        m->event_name = ev;
        m->set = &m->event_prop;
        m->n_set = 1;
    }
    return HO_OK;
}

/* The handoff type of the message, and the props its mapping sets. */
static ho_rc
map_type(const struct scan *sc, const struct ho_segment_def *def, struct mapped *m,
         struct ho_diag *diag)
{
    struct ho_slice t = to_slice(sc, sc->field[S_TYPE]);
    static const char *const same[] = { "identify", "group", "alias" };
    memset(m, 0, sizeof(*m));
    if (t.len == 0)
        return ho_diag_set(diag, HO_EPARSE, "missing field 'type'");
    for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
        if (slice_is(t, same[i])) {
            m->type = lit(same[i]);
            return HO_OK;
        }
    }
    if (slice_is(t, "page") || slice_is(t, "screen")) {
        m->type = lit(ho_segment_page_type(def, slice_is(t, "screen")));
        return HO_OK;
    }
    if (!slice_is(t, "track"))
        return ho_diag_set(diag, HO_EPARSE, "unknown Segment type '%.*s'",
                           (int)(t.len > 64 ? 64 : t.len), t.ptr);
    return map_track(sc, def, m, diag);
}

/* Parse the time of field f into *ms, the error naming the Segment field. */
static ho_rc
parse_time(const struct scan *sc, enum sfield f, int64_t *ms, struct ho_diag *diag)
{
    struct ho_slice s = to_slice(sc, sc->field[f]);
    struct ho_diag why = { 0 };
    if (ho_time_parse(s.ptr, s.len, ms, &why) == HO_OK)
        return HO_OK;
    return ho_diag_set(diag, HO_EPARSE, "field '%s': %s", sfield_names[f], why.msg);
}

/* ts: timestamp as given, else originalTimestamp corrected for the
 * client's clock skew, receivedAt - (sentAt - originalTimestamp). */
static ho_rc
map_ts(const struct scan *sc, struct ho_slice *ts, struct ho_diag *diag)
{
    int64_t orig, sent, received;
    if (sc->field[S_TIMESTAMP].len) {
        *ts = to_slice(sc, sc->field[S_TIMESTAMP]);
        return parse_time(sc, S_TIMESTAMP, &orig, diag);
    }
    if (sc->field[S_ORIG_TS].len == 0)
        return ho_diag_set(diag, HO_EPARSE, "no timestamp or originalTimestamp");
    ho_rc rc = parse_time(sc, S_ORIG_TS, &orig, diag);
    *ts = to_slice(sc, sc->field[S_ORIG_TS]);
    if (rc != HO_OK || !sc->field[S_SENT_AT].len || !sc->field[S_RECEIVED_AT].len)
        return rc;
    rc = parse_time(sc, S_SENT_AT, &sent, diag);
    if (rc == HO_OK)
        rc = parse_time(sc, S_RECEIVED_AT, &received, diag);
    if (rc != HO_OK)
        return rc;
    /* Each is within years 1970-9999, so the sums cannot overflow; the
     * result may leave that range, and must parse like any given time. */
    *ts = lit(ho_time_format(received - (sent - orig), sc->dec->ts));
    if (ho_time_parse(ts->ptr, ts->len, &orig, NULL) != HO_OK)
        return ho_diag_set(diag, HO_EPARSE,
                           "the skew-corrected time receivedAt - (sentAt - "
                           "originalTimestamp) is outside 1970-9999");
    return HO_OK;
}

static bool
same_key(struct ho_slice a, struct ho_slice b)
{
    return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* Whether a pair of group g that is not weak has key k. */
static bool
has_strong(const struct ho_segment_decoder *d, enum ho_flat_group g, struct ho_slice k)
{
    for (size_t i = 0; i < d->flat.npend[g]; i++) {
        if (!d->flat.pend[g][i].weak && same_key(d->kv[g][i].key, k))
            return true;
    }
    return false;
}

static bool
is_set(const struct mapped *m, struct ho_slice key)
{
    for (size_t i = 0; i < m->n_set; i++) {
        if (slice_is(key, m->set[i].from))
            return true;
    }
    return false;
}

/* The pairs of group g, resolved, without the weak ones a strong one
 * overrides, and without the keys the mapping sets (m, or NULL); their
 * count. */
static size_t
resolve_group(const struct scan *sc, enum ho_flat_group g, const struct mapped *m)
{
    struct ho_segment_decoder *d = sc->dec;
    for (size_t i = 0; i < d->flat.npend[g]; i++) {
        d->kv[g][i].key = to_slice(sc, d->flat.pend[g][i].key);
        d->kv[g][i].val = to_slice(sc, d->flat.pend[g][i].val);
    }
    size_t n = 0;
    for (size_t i = 0; i < d->flat.npend[g]; i++) {
        struct ho_draft_kv kv = d->kv[g][i];
        if (m != NULL && is_set(m, kv.key))
            continue;
        if (d->flat.pend[g][i].weak && has_strong(d, g, kv.key))
            continue;
        d->out[g][n++] = kv;
    }
    return n;
}

/* The props of the message: its own, then those the mapping sets (the
 * event's meaning wins over a properties key of the same name). */
static size_t
map_props(const struct scan *sc, const struct mapped *m)
{
    struct ho_draft_kv *out = sc->dec->out[G_PROPS];
    size_t n = resolve_group(sc, G_PROPS, m);
    for (size_t i = 0; i < m->n_set; i++) {
        struct ho_slice val = m->set[i].to ? lit(m->set[i].to) : m->event_name;
        out[n++] = (struct ho_draft_kv){ lit(m->set[i].from), val };
    }
    return n;
}

/* Fill *out from a complete, well-formed message. */
static ho_rc
materialize(const struct scan *sc, const struct ho_segment_def *def, struct ho_event_draft *out,
            struct ho_diag *diag)
{
    struct ho_segment_decoder *d = sc->dec;
    struct mapped m;
    if (sc->field[S_MESSAGE_ID].len == 0)
        return ho_diag_set(diag, HO_EPARSE, "missing field 'messageId'");
    ho_rc rc = map_type(sc, def, &m, diag);
    if (rc == HO_OK)
        rc = map_ts(sc, &out->ts, diag);
    if (rc != HO_OK)
        return rc;
    out->type = m.type;
    out->id = to_slice(sc, sc->field[S_MESSAGE_ID]);
    out->lead = to_slice(sc, sc->field[S_USER_ID]);
    out->anonymous = to_slice(
        sc, sc->field[sc->field[S_PREVIOUS_ID].len && slice_is(out->type, "alias") ? S_PREVIOUS_ID
                                                                                   : S_ANON_ID]);
    out->account = to_slice(sc, sc->field[sc->field[S_GROUP_ID].len ? S_GROUP_ID : S_CTX_GROUP_ID]);
    out->campaign = to_slice(sc, sc->field[S_CAMPAIGN_NAME]);
    size_t np = map_props(sc, &m);
    size_t nt = resolve_group(sc, G_TRAITS, NULL);
    out->props = np ? d->out[G_PROPS] : NULL;
    out->n_props = np;
    out->traits = nt ? d->out[G_TRAITS] : NULL;
    out->n_traits = nt;
    return HO_OK;
}

ho_rc
ho_segment_decode(struct ho_segment_decoder *dec, const struct ho_segment_def *def,
                  const char *text, size_t len, struct ho_event_draft *out, struct ho_diag *diag)
{
    struct scan sc = { .dec = dec };
    struct ho_json_scan *js = &sc.js;

    memset(out, 0, sizeof(*out));
    if (len > UINT32_MAX / 2)
        return ho_diag_set(diag, HO_ELIMIT, "line longer than %u bytes", UINT32_MAX / 2);
    ho_json_scan_begin(js, &dec->buf, text, len, diag);
    ho_json_flat_reset(&dec->flat);
    ho_json_skip_ws(js);
    if (ho_json_peek(js) != '{')
        return ho_json_syntax_err(js, js->pos, "'{' (each line holds one JSON object)");
    ho_rc rc = ho_json_parse_object(js, 1, top_member, NULL);
    if (rc != HO_OK)
        return rc;
    ho_json_skip_ws(js);
    if (js->pos != len)
        return ho_json_syntax_err(js, js->pos, "the end of the line after the object");
    if (sc.ferr != FERR_NONE || dec->flat.err != HO_FLAT_OK)
        return report_field_err(&sc);
    rc = materialize(&sc, def, out, diag);
    if (rc != HO_OK)
        memset(out, 0, sizeof(*out));
    return rc;
}

/*---- detection ----*/

struct sniff {
    struct ho_json_scan js;
    bool message_id, type;
};

static ho_rc
sniff_member(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
             const void *ctx)
{
    struct sniff *s = (struct sniff *)js;
    (void)key_pos;
    (void)ctx;
    if (key_is(js, key, "messageId"))
        s->message_id = true;
    if (key_is(js, key, "type"))
        s->type = true;
    return ho_json_skip_value(js, depth);
}

bool
ho_segment_sniff(const char *text, size_t len)
{
    struct ho_json_buffers buf = { 0 };
    struct sniff s = { .message_id = false };
    if (len > UINT32_MAX / 2)
        return false;
    ho_json_scan_begin(&s.js, &buf, text, len, NULL);
    ho_json_skip_ws(&s.js);
    bool ok =
        ho_json_peek(&s.js) == '{' && ho_json_parse_object(&s.js, 1, sniff_member, NULL) == HO_OK;
    ho_json_buffers_release(&buf);
    return ok && s.message_id && s.type;
}
