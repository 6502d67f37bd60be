/* SPDX-License-Identifier: MIT */
/*
 * ingest/event_map.c - the JSON event mapping (see event_map.h for the
 * contract), on top of the generic scanner in json_scan.c.
 *
 * Error ordering: malformed JSON (including duplicate keys and nesting
 * depth) is reported as soon as the scanner sees it; field errors (a wrong
 * type, too many props) are remembered, the rest of the text is still
 * checked, and the first field error is reported only if the text turned
 * out to be well-formed JSON.  The differential test and fuzz target hold
 * this decoder to the jansson reference in tests/support/json_event.c.
 */
#include "ingest/event_map.h"

#include <stdint.h>
#include <string.h>

#include "base/xalloc.h"
#include "core/event.h"
#include "ingest/json_flatten.h"
#include "ingest/json_scan.h"
#include "ingest/utf8.h"

enum field {
    F_ID,
    F_TS,
    F_TYPE,
    F_LEAD,
    F_ACCOUNT,
    F_CHANNEL,
    F_CAMPAIGN,
    F_ANONYMOUS,
    F__COUNT,
    F_PROPS,
    F_TRAITS,
    F_UNKNOWN
};

static const char *const field_names[F__COUNT] = {
    "id", "ts", "type", "lead", "account", "channel", "campaign", "anonymous_id",
};

static const char *const group_names[2] = { "props", "traits" };

enum ferr_kind { FERR_NONE, FERR_TYPE };

struct ho_event_decoder {
    struct ho_json_buffers buf;
    struct ho_json_flat flat; /* props and traits as flat pairs */
    struct ho_draft_kv kv[2][HO_EVENT_MAX_KV];
};

/* One pass; js first, so that a member callback's scanner is its scan. */
struct scan {
    struct ho_json_scan js;
    struct ho_event_decoder *dec;
    struct ho_json_span field[F__COUNT];
    enum ferr_kind ferr; /* the first field error, reported at the end */
    const char *ferr_field;
    const char *ferr_want;
    const char *ferr_found;
    size_t ferr_pos;
};

struct ho_event_decoder *
ho_event_decoder_new(void)
{
    return ho_xcalloc(1, sizeof(struct ho_event_decoder));
}

void
ho_event_decoder_free(struct ho_event_decoder *dec)
{
    if (dec == NULL)
        return;
    ho_json_buffers_release(&dec->buf);
    ho_json_flat_release(&dec->flat);
    ho_xfree(dec);
}

/* The pass a member callback's scanner belongs to (js is its first member). */
static struct scan *
scan_of(struct ho_json_scan *js)
{
    return (struct scan *)js;
}

/*---- field errors ----*/

/* Remember the first field error; the line is still checked to the end. */
static void
field_err(struct scan *sc, enum ferr_kind kind, const char *field, const char *want, size_t pos)
{
    if (sc->ferr != FERR_NONE || sc->dec->flat.stopped)
        return;
    sc->dec->flat.stopped = true; /* the first error in the text is the one reported */
    sc->ferr = kind;
    sc->ferr_field = field;
    sc->ferr_want = want;
    sc->ferr_found = ho_json_type_at(&sc->js);
    sc->ferr_pos = pos;
}

static ho_rc
report_field_err(struct scan *sc)
{
    struct ho_diag *diag = sc->js.diag;
    const struct ho_json_flat *f = &sc->dec->flat;
    uint32_t col = ho_utf8_column((const char *)sc->js.s, f->err ? f->err_pos : sc->ferr_pos);
    if (f->err == HO_FLAT_TOO_MANY)
        return ho_diag_at(diag, HO_ELIMIT, 0, col, "field '%s': more than %d props and traits",
                          group_names[f->err_group], HO_EVENT_MAX_KV);
    if (f->err == HO_FLAT_KEY_TOO_LONG)
        return ho_diag_at(diag, HO_ELIMIT, 0, col, "field '%s': a key is longer than %d bytes",
                          group_names[f->err_group], HO_EVENT_MAX_STRLEN);
    if (sc->ferr == FERR_TYPE)
        return ho_diag_at(diag, HO_EPARSE, 0, col, "field '%s' must be %s, found %s",
                          sc->ferr_field, sc->ferr_want, sc->ferr_found);
    return HO_OK;
}

/*---- the event mapping ----*/

static enum field
top_field(const char *k, uint32_t n)
{
    switch (n) {
    case 2:
        if (k[0] == 'i' && k[1] == 'd')
            return F_ID;
        if (k[0] == 't' && k[1] == 's')
            return F_TS;
        break;
    case 4:
        if (memcmp(k, "type", 4) == 0)
            return F_TYPE;
        if (memcmp(k, "lead", 4) == 0)
            return F_LEAD;
        break;
    case 5:
        if (memcmp(k, "props", 5) == 0)
            return F_PROPS;
        break;
    case 6:
        if (memcmp(k, "traits", 6) == 0)
            return F_TRAITS;
        break;
    case 7:
        if (memcmp(k, "account", 7) == 0)
            return F_ACCOUNT;
        if (memcmp(k, "channel", 7) == 0)
            return F_CHANNEL;
        break;
    case 8:
        if (memcmp(k, "campaign", 8) == 0)
            return F_CAMPAIGN;
        break;
    case 12:
        if (memcmp(k, "anonymous_id", 12) == 0)
            return F_ANONYMOUS;
        break;
    default:
        break;
    }
    return F_UNKNOWN;
}

/* A member of the event object itself. */
static ho_rc
top_member(struct ho_json_scan *js, unsigned depth, struct ho_json_span key, size_t key_pos,
           const void *ctx)
{
    struct scan *sc = scan_of(js);
    enum field f = top_field(ho_json_resolve(js, key), key.len);
    int c = ho_json_peek(js);

    (void)ctx;
    if (f == F_UNKNOWN)
        return ho_json_skip_value(js, depth);
    if (c == 'n') /* null: the field is absent */
        return ho_json_scan_literal(js, "null", 4);
    if (f == F_PROPS || f == F_TRAITS) {
        enum ho_flat_group g = f == F_PROPS ? HO_FLAT_PROPS : HO_FLAT_TRAITS;
        if (c == '{')
            return ho_json_flat_object(&sc->dec->flat, js, depth, g, false);
        field_err(sc, FERR_TYPE, group_names[g], "an object", key_pos);
        return ho_json_skip_value(js, depth);
    }
    if (c == '"')
        return ho_json_scan_string(js, &sc->field[f]);
    field_err(sc, FERR_TYPE, field_names[f], "a string", key_pos);
    return ho_json_skip_value(js, depth);
}

static struct ho_slice
to_slice(const struct scan *sc, struct ho_json_span sp)
{
    if (sp.len == 0)
        return (struct ho_slice){ NULL, 0 };
    return (struct ho_slice){ ho_json_resolve(&sc->js, sp), sp.len };
}

/* Turn the spans of a complete event into the draft's pointers. */
static void
materialize(const struct scan *sc, struct ho_event_draft *out)
{
    struct ho_event_decoder *d = sc->dec;
    struct ho_slice *dst[F__COUNT] = {
        &out->id,      &out->ts,      &out->type,     &out->lead,
        &out->account, &out->channel, &out->campaign, &out->anonymous
    };
    for (size_t f = 0; f < F__COUNT; f++)
        *dst[f] = to_slice(sc, sc->field[f]);
    const struct ho_json_flat *f = &d->flat;
    for (size_t g = 0; g < 2; g++) {
        for (size_t i = 0; i < f->npend[g]; i++) {
            d->kv[g][i].key = to_slice(sc, f->pend[g][i].key);
            d->kv[g][i].val = to_slice(sc, f->pend[g][i].val);
        }
    }
    out->props = f->npend[HO_FLAT_PROPS] ? d->kv[HO_FLAT_PROPS] : NULL;
    out->n_props = f->npend[HO_FLAT_PROPS];
    out->traits = f->npend[HO_FLAT_TRAITS] ? d->kv[HO_FLAT_TRAITS] : NULL;
    out->n_traits = f->npend[HO_FLAT_TRAITS];
}

ho_rc
ho_event_decode(struct ho_event_decoder *dec, const char *text, size_t len,
                struct ho_event_draft *out, struct ho_diag *diag)
{
    struct scan sc = { .dec = dec };
    struct ho_json_scan *js = &sc.js;
    ho_rc rc;

    memset(out, 0, sizeof(*out));
    if (len > HO_EVENT_JSON_MAX_LEN)
        return ho_diag_set(diag, HO_ELIMIT, "line longer than %zu bytes", HO_EVENT_JSON_MAX_LEN);
    ho_json_scan_begin(js, &dec->buf, text, len, diag);
    ho_json_flat_reset(&dec->flat);

    ho_json_skip_ws(js);
    if (ho_json_peek(js) != '{')
        return ho_json_syntax_err(js, js->pos, "'{' (each line holds one JSON object)");
    rc = ho_json_parse_object(js, 1, top_member, NULL);
    if (rc != HO_OK)
        return rc;
    ho_json_skip_ws(js);
    if (js->pos != len)
        return ho_json_syntax_err(js, js->pos, "the end of the line after the object");
    if (sc.ferr != FERR_NONE || dec->flat.err != HO_FLAT_OK)
        return report_field_err(&sc);
    materialize(&sc, out);
    return HO_OK;
}
