/* SPDX-License-Identifier: MIT */
/*
 * app/defs_versions.c - content-addressed definitions versions, sign-offs
 * bound to a hash, activation and the history (app/defs_versions.h).
 */
#include "app/defs_versions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/strtab.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "defs/defs_yaml.h"

const char *
ho_defs_side_name(enum ho_defs_side side)
{
    return side == HO_SIDE_SALES ? "sales" : "marketing";
}

/* The hash of a stored text, "" when it is not YAML any more. */
static void
text_hash(const char *text, size_t len, char out[HO_DEFS_HASH_HEX + 1])
{
    struct ho_buf normal = HO_BUF_INIT;
    out[0] = '\0';
    if (ho_defs_normal_form(text, len, &normal, NULL) == HO_OK)
        (void)ho_defs_sha256_hex(normal.ptr ? normal.ptr : "", normal.len, out);
    ho_buf_release(&normal);
}

/* The stored versions, with the hash of each (computed from its text for a
 * version stored before hashes; recorded then when writable). */
struct versions {
    struct ho_strtab *s;
    struct ho_defs_version_row *v;
    size_t n;
};

static void
versions_release(struct versions *vs)
{
    ho_xfree(vs->v);
    ho_strtab_free(vs->s);
    memset(vs, 0, sizeof(*vs));
}

static ho_rc
versions_load(struct ho_app *app, bool backfill, struct versions *vs, struct ho_diag *diag)
{
    vs->s = ho_strtab_new();
    ho_rc rc = ho_store_defs_versions(app->st, vs->s, &vs->v, &vs->n, diag);
    for (size_t i = 0; rc == HO_OK && i < vs->n; i++) {
        if (vs->v[i].hash != 0)
            continue;
        struct ho_buf text = HO_BUF_INIT;
        char h[HO_DEFS_HASH_HEX + 1];
        rc = ho_store_defs_text(app->st, vs->v[i].id, &text, diag);
        if (rc == HO_OK) {
            text_hash(ho_buf_cstr(&text), text.len, h);
            vs->v[i].hash = ho_strtab_intern(vs->s, h, strlen(h));
        }
        if (rc == HO_OK && backfill && h[0])
            rc = ho_store_defs_set_hash(app->st, vs->v[i].id, h, diag);
        ho_buf_release(&text);
    }
    return rc;
}

static const struct ho_defs_version_row *
version_by_number(const struct versions *vs, int64_t number)
{
    for (size_t i = 0; i < vs->n; i++) {
        if (vs->v[i].id == number)
            return &vs->v[i];
    }
    return NULL;
}

static const struct ho_defs_version_row *
version_by_hash(const struct versions *vs, const char *hash)
{
    uint32_t h = ho_strtab_find(vs->s, hash, strlen(hash));
    for (size_t i = 0; h != 0 && i < vs->n; i++) {
        if (vs->v[i].hash == h)
            return &vs->v[i];
    }
    return NULL;
}

enum version_problem { VP_STORED_AS, VP_TAKEN, VP_SKIPS };

/* Report a problem at the `version:` of the loaded file (named name). */
static ho_rc
version_problem(struct ho_app *app, const char *name, enum version_problem kind, int64_t v,
                int64_t number, const char *hash, struct ho_diag *diag)
{
    uint32_t line = app->defs.version_pos.line, col = app->defs.version_pos.column;
    long long a = (long long)v, b = (long long)number;
    ho_rc rc;
    if (kind == VP_STORED_AS)
        rc = ho_diag_at(diag, HO_ECONFLICT, line, col,
                        "version %lld: this content is stored as version %lld (hash %s) — "
                        "write version: %lld",
                        a, b, hash, b);
    else if (kind == VP_TAKEN)
        rc = ho_diag_at(diag, HO_ECONFLICT, line, col,
                        "version %lld is already stored with other content: this is a new "
                        "version (hash %s) — write version: %lld",
                        a, hash, b);
    else
        rc = ho_diag_at(diag, HO_ECONFLICT, line, col,
                        "version %lld: the next free number is %lld (hash %s) — write "
                        "version: %lld",
                        a, b, hash, b);
    if (diag != NULL)
        (void)snprintf(diag->where, sizeof(diag->where), "%s", name);
    return rc;
}

/* Inside a transaction: find the loaded definitions (app->defs, from text)
 * among the stored versions by hash, or store them as the next number;
 * either way their `version:` must be that number. */
static ho_rc
store_version(struct ho_app *app, const char *text, size_t len, const char *name,
              const char *author, int64_t now_ms, struct ho_defs_stored *out, struct ho_diag *diag)
{
    struct versions vs = { 0 };
    memset(out, 0, sizeof(*out));
    memcpy(out->hash, app->defs.hash, sizeof(out->hash));
    ho_rc rc = versions_load(app, true, &vs, diag);
    const struct ho_defs_version_row *same = rc == HO_OK ? version_by_hash(&vs, out->hash) : NULL;
    int64_t next = vs.n ? vs.v[vs.n - 1].id + 1 : 1, v = app->defs.version;
    char short_hash[13];
    memcpy(short_hash, out->hash, sizeof(short_hash) - 1);
    short_hash[sizeof(short_hash) - 1] = '\0';
    if (rc == HO_OK && same != NULL) {
        out->number = same->id;
        out->existed = true;
        /* A version stored before numbers were the store's keeps the label
         * it was stored with. */
        if (v != same->id && v != same->version)
            rc = version_problem(app, name, VP_STORED_AS, v, same->id, short_hash, diag);
    } else if (rc == HO_OK && v != next) {
        rc = version_problem(app, name, v < next ? VP_TAKEN : VP_SKIPS, v, next, short_hash, diag);
    } else if (rc == HO_OK) {
        struct ho_defs_version_row row = {
            .id = next,
            .version = v,
            .hash = ho_strtab_intern(vs.s, out->hash, strlen(out->hash)),
            .author = author ? ho_strtab_intern(vs.s, author, strlen(author)) : 0,
            .proposed_at = now_ms,
        };
        rc = ho_store_defs_add(app->st, &row, vs.s, text, len, diag);
        out->number = next;
    }
    versions_release(&vs);
    return rc;
}

static ho_rc
in_transaction(struct ho_app *app, ho_rc (*fn)(struct ho_app *, void *, struct ho_diag *),
               void *ctx, struct ho_diag *diag)
{
    ho_rc rc = ho_store_begin(app->st, diag);
    if (rc == HO_OK)
        rc = fn(app, ctx, diag);
    if (rc == HO_OK)
        rc = ho_store_commit(app->st, diag);
    if (rc != HO_OK)
        ho_store_rollback(app->st);
    return rc;
}

struct propose_ctx {
    const char *text, *name, *author;
    size_t len;
    int64_t now_ms;
    struct ho_defs_stored *out;
};

static ho_rc
propose_in_tx(struct ho_app *app, void *ctx, struct ho_diag *diag)
{
    struct propose_ctx *p = ctx;
    return store_version(app, p->text, p->len, p->name, p->author, p->now_ms, p->out, diag);
}

ho_rc
ho_app_defs_propose(struct ho_app *app, const char *text, size_t len, const char *name,
                    const char *author, int64_t now_ms, struct ho_buf *errors,
                    struct ho_defs_stored *out, struct ho_diag *diag)
{
    memset(out, 0, sizeof(*out));
    ho_rc rc = ho_app_check_defs_text(app, text, len, name, errors, diag);
    struct propose_ctx p = { text, name, author, len, now_ms, out };
    return rc == HO_OK ? in_transaction(app, propose_in_tx, &p, diag) : rc;
}

/* ---- sign-offs ---- */

struct signoffs {
    struct ho_strtab *s;
    struct ho_defs_signoff_row *v;
    size_t n;
};

static void
signoffs_release(struct signoffs *so)
{
    ho_xfree(so->v);
    ho_strtab_free(so->s);
    memset(so, 0, sizeof(*so));
}

static ho_rc
signoffs_load(struct ho_app *app, struct signoffs *so, struct ho_diag *diag)
{
    so->s = ho_strtab_new();
    return ho_store_defs_signoffs(app->st, so->s, &so->v, &so->n, diag);
}

/* Whether side signed version number with hash. */
static const struct ho_defs_signoff_row *
signed_by(const struct signoffs *so, int64_t number, const char *hash, enum ho_defs_side side)
{
    for (size_t i = 0; i < so->n; i++) {
        const struct ho_defs_signoff_row *r = &so->v[i];
        if (r->defs_id == number && r->side == side &&
            strcmp(ho_strtab_str(so->s, r->hash), hash) == 0)
            return r;
    }
    return NULL;
}

/* The current hash of stored version number (recomputed from its text),
 * checked against the hash recorded when it was stored. */
static ho_rc
current_hash(struct ho_app *app, const struct versions *vs, int64_t number,
             char out[HO_DEFS_HASH_HEX + 1], struct ho_diag *diag)
{
    const struct ho_defs_version_row *row = version_by_number(vs, number);
    if (row == NULL)
        return ho_diag_set(diag, HO_ENOTFOUND,
                           "no definitions version %lld (see handoff defs history)",
                           (long long)number);
    struct ho_buf text = HO_BUF_INIT;
    ho_rc rc = ho_store_defs_text(app->st, number, &text, diag);
    if (rc == HO_OK)
        text_hash(ho_buf_cstr(&text), text.len, out);
    ho_buf_release(&text);
    if (rc == HO_OK && strcmp(out, ho_strtab_str(vs->s, row->hash)) != 0)
        rc = ho_diag_set(diag, HO_ECONFLICT,
                         "version %lld changed since it was proposed: its text hashes to %.12s, "
                         "not %.12s — propose the file again as a new version",
                         (long long)number, out, ho_strtab_str(vs->s, row->hash));
    return rc;
}

static ho_rc
check_reviewed(int64_t number, const char *hash, const struct ho_defs_sign_check *c,
               struct ho_diag *diag)
{
    if (c == NULL)
        return HO_OK;
    if (c->file != NULL) {
        char h[HO_DEFS_HASH_HEX + 1];
        text_hash(c->file_text, c->file_len, h);
        if (strcmp(h, hash) != 0)
            return ho_diag_set(diag, HO_ECONFLICT,
                               "%s is not version %lld: its content changed since it was "
                               "proposed (hash %.12s, version %lld has %.12s) — nothing signed; "
                               "propose it as a new version (handoff defs propose %s --by NAME)",
                               c->file, (long long)number, h, (long long)number, hash, c->file);
    }
    size_t n = c->hash_prefix ? strlen(c->hash_prefix) : 0;
    if (c->hash_prefix != NULL &&
        (n == 0 || n > HO_DEFS_HASH_HEX || strncmp(hash, c->hash_prefix, n) != 0))
        return ho_diag_set(diag, HO_ECONFLICT,
                           "version %lld has hash %.12s, not %s — nothing signed; review "
                           "handoff defs show %lld again",
                           (long long)number, hash, c->hash_prefix, (long long)number);
    return HO_OK;
}

ho_rc
ho_app_defs_sign(struct ho_app *app, int64_t number, enum ho_defs_side side, const char *by,
                 const struct ho_defs_sign_check *check, int64_t now_ms, struct ho_diag *diag)
{
    struct versions vs = { 0 };
    struct signoffs so = { 0 };
    char hash[HO_DEFS_HASH_HEX + 1] = "";
    ho_rc rc = versions_load(app, false, &vs, diag);
    if (rc == HO_OK)
        rc = current_hash(app, &vs, number, hash, diag);
    if (rc == HO_OK)
        rc = check_reviewed(number, hash, check, diag);
    if (rc == HO_OK)
        rc = signoffs_load(app, &so, diag);
    const struct ho_defs_signoff_row *had = rc == HO_OK ? signed_by(&so, number, hash, side) : NULL;
    if (had != NULL)
        rc = ho_diag_set(diag, HO_ECONFLICT, "version %lld is already signed for %s by %s",
                         (long long)number, ho_defs_side_name(side), ho_strtab_str(so.s, had->by));
    if (rc == HO_OK) {
        struct ho_defs_signoff_row r = {
            .defs_id = number,
            .side = side,
            .by = ho_strtab_intern(vs.s, by, strlen(by)),
            .hash = ho_strtab_intern(vs.s, hash, strlen(hash)),
            .at = now_ms,
        };
        rc = ho_store_defs_sign(app->st, &r, vs.s, diag);
    }
    signoffs_release(&so);
    versions_release(&vs);
    return rc;
}

/* ---- activation ---- */

/* The sides the definitions need sign-offs from: those listed in owners,
 * or both when none is. */
static void
required_sides(const struct ho_defs *d, bool need[2])
{
    need[HO_SIDE_MARKETING] = d->marketing.name != NULL || d->marketing.signed_days >= 0;
    need[HO_SIDE_SALES] = d->sales.name != NULL || d->sales.signed_days >= 0;
    if (!need[HO_SIDE_MARKETING] && !need[HO_SIDE_SALES])
        need[HO_SIDE_MARKETING] = need[HO_SIDE_SALES] = true;
}

/* The missing sides of version number with hash ("sales", "marketing and
 * sales") into out; "" when none is missing. */
static void
missing_sides(const struct signoffs *so, const struct ho_defs *d, int64_t number, const char *hash,
              char out[32])
{
    bool need[2];
    required_sides(d, need);
    bool m = need[HO_SIDE_MARKETING] && !signed_by(so, number, hash, HO_SIDE_MARKETING);
    bool s = need[HO_SIDE_SALES] && !signed_by(so, number, hash, HO_SIDE_SALES);
    (void)snprintf(out, 32, "%s%s%s", m ? "marketing" : "", m && s ? " and " : "",
                   s ? "sales" : "");
}

/* The file's owners.*.signed dates as sign-offs of version number (the
 * one-step flow), once per side and hash. */
static ho_rc
record_file_signoffs(struct ho_app *app, int64_t number, const char *hash, struct ho_diag *diag)
{
    const struct ho_owner *owners[2] = { &app->defs.marketing, &app->defs.sales };
    struct signoffs so = { 0 };
    ho_rc rc = signoffs_load(app, &so, diag);
    for (int side = 0; rc == HO_OK && side < 2; side++) {
        const struct ho_owner *o = owners[side];
        if (o->signed_days < 0 || signed_by(&so, number, hash, (enum ho_defs_side)side))
            continue;
        const char *by = o->name ? o->name : ho_defs_side_name((enum ho_defs_side)side);
        struct ho_defs_signoff_row r = {
            .defs_id = number,
            .side = (enum ho_defs_side)side,
            .by = ho_strtab_intern(so.s, by, strlen(by)),
            .hash = ho_strtab_intern(so.s, hash, strlen(hash)),
            .at = o->signed_days * HO_MS_PER_DAY,
            .from_file = true,
        };
        rc = ho_store_defs_sign(app->st, &r, so.s, diag);
    }
    signoffs_release(&so);
    return rc;
}

struct activate_ctx {
    int64_t number;
    const char *hash;
    const char *name; /* the file, in messages; NULL: by number */
    bool force;
    const char *by;
    int64_t now_ms;
    int64_t effective; /* when it takes over the leads; INT64_MIN: the data's as-of time */
    bool restate;      /* a restatement: it judges all history */
};

/* When the version in force took over (INT64_MIN: the first version, which
 * judges all time before the next). */
static ho_rc
latest_effective(struct ho_app *app, int64_t *latest, struct ho_diag *diag)
{
    struct ho_defs_step *steps = NULL;
    size_t n = 0;
    ho_rc rc = ho_app_defs_steps(app, &steps, &n, diag);
    *latest = rc == HO_OK && n > 0 ? steps[n - 1].from : INT64_MIN;
    ho_xfree(steps);
    return rc;
}

/* When a->number takes over the leads, into *at: the time given, or by
 * default the data's as-of time (the latest event: what came before stays
 * judged by the version in force then), never before the version in force
 * took over.  A given time before that is refused: the timeline of versions
 * only moves forward (a restatement starts anew). */
static ho_rc
resolve_effective(struct ho_app *app, const struct activate_ctx *a, int64_t *at,
                  struct ho_diag *diag)
{
    int64_t latest;
    ho_rc rc = latest_effective(app, &latest, diag);
    *at = a->effective;
    if (rc != HO_OK || a->restate || a->effective != INT64_MIN) {
        if (rc != HO_OK || a->restate || a->effective >= latest)
            return rc;
        char when[HO_TIME_STRLEN], prev[HO_TIME_STRLEN];
        ho_time_format(a->effective, when);
        ho_time_format(latest, prev);
        return ho_diag_set(diag, HO_ECONFLICT,
                           "definitions version %lld cannot take effect at %s: the version "
                           "before it took effect at %s; give --effective %s or later, or "
                           "restate all history with handoff rebuild --as-of-version %lld",
                           (long long)a->number, when, prev, prev, (long long)a->number);
    }
    int64_t as_of = ho_app_data_as_of(app);
    *at = as_of > latest ? as_of : latest;
    if (*at == INT64_MIN)
        *at = 0; /* nothing imported, nothing in force yet: from the start */
    return HO_OK;
}

static ho_rc
refuse_unsigned(const struct activate_ctx *a, const char *missing, struct ho_diag *diag)
{
    bool one = strchr(missing, ' ') == NULL;
    if (a->name != NULL)
        return ho_diag_set(diag, HO_ECONFLICT,
                           "%s: definitions version %lld is not signed by %s (%s in the file, or "
                           "handoff defs sign %lld --as %s --by NAME); sign it or pass --force",
                           a->name, (long long)a->number, missing,
                           one ? (strcmp(missing, "sales") == 0 ? "owners.sales.signed"
                                                                : "owners.marketing.signed")
                               : "owners.marketing.signed and owners.sales.signed",
                           (long long)a->number, one ? missing : "marketing|sales");
    return ho_diag_set(diag, HO_ECONFLICT,
                       "definitions version %lld is not signed by %s: handoff defs sign %lld "
                       "--as %s --by NAME (or --force, which is recorded)",
                       (long long)a->number, missing, (long long)a->number,
                       one ? missing : "marketing|sales");
}

/* Inside a transaction: activate a->number (loaded as app->defs) under the
 * sign-off policy. */
static ho_rc
activate_in_tx(struct ho_app *app, const struct activate_ctx *a, struct ho_diag *diag)
{
    struct signoffs so = { 0 };
    char missing[32];
    ho_rc rc = signoffs_load(app, &so, diag);
    if (rc == HO_OK)
        missing_sides(&so, &app->defs, a->number, a->hash, missing);
    signoffs_release(&so);
    if (rc == HO_OK && missing[0] && !a->force)
        return refuse_unsigned(a, missing, diag);
    struct ho_buf cur = HO_BUF_INIT;
    int64_t before = 0;
    if (rc == HO_OK && ho_store_active_defs(app->st, &cur, &before, NULL) != HO_OK)
        before = 0; /* none active yet */
    ho_buf_release(&cur);
    app->defs_id = a->number;
    app->defs_changed = before != a->number || a->restate;
    int64_t effective = 0;
    if (rc == HO_OK && app->defs_changed)
        rc = resolve_effective(app, a, &effective, diag);
    if (rc != HO_OK || !app->defs_changed)
        return rc;
    struct ho_strtab *s = ho_strtab_new();
    struct ho_defs_activation_row row = {
        .defs_id = a->number,
        .at = a->now_ms,
        .effective = effective,
        .restatement = a->restate,
        .forced = missing[0] != '\0',
        .by = a->by ? ho_strtab_intern(s, a->by, strlen(a->by)) : 0,
        .missing = ho_strtab_intern(s, missing, strlen(missing)),
    };
    rc = ho_store_defs_activate(app->st, &row, s, diag);
    ho_strtab_free(s);
    return rc;
}

struct one_step_ctx {
    const char *text, *name;
    size_t len;
    bool force;
    int64_t now_ms;
};

static ho_rc
one_step_in_tx(struct ho_app *app, void *ctx, struct ho_diag *diag)
{
    struct one_step_ctx *o = ctx;
    struct ho_defs_stored stored;
    ho_rc rc = store_version(app, o->text, o->len, o->name, NULL, o->now_ms, &stored, diag);
    if (rc == HO_OK)
        rc = record_file_signoffs(app, stored.number, stored.hash, diag);
    struct activate_ctx a = { stored.number, stored.hash, o->name,   o->force,
                              NULL,          o->now_ms,   INT64_MIN, false };
    return rc == HO_OK ? activate_in_tx(app, &a, diag) : rc;
}

ho_rc
ho_app_defs_activate_loaded_text(struct ho_app *app, const char *text, size_t len, const char *name,
                                 bool force, int64_t now_ms, struct ho_diag *diag)
{
    struct one_step_ctx o = { text, name, len, force, now_ms };
    ho_rc rc = in_transaction(app, one_step_in_tx, &o, diag);
    if (rc != HO_OK)
        app->defs_changed = false;
    return rc;
}

struct number_ctx {
    struct activate_ctx a;
};

static ho_rc
number_in_tx(struct ho_app *app, void *ctx, struct ho_diag *diag)
{
    return activate_in_tx(app, &((struct number_ctx *)ctx)->a, diag);
}

ho_rc
ho_app_defs_activate_number(struct ho_app *app, int64_t number, bool force, const char *by,
                            int64_t now_ms, struct ho_diag *diag)
{
    struct ho_defs_activate_opts o = { .force = force, .by = by, .effective = INT64_MIN };
    return ho_app_defs_activate_with(app, number, &o, now_ms, diag);
}

ho_rc
ho_app_defs_activate_with(struct ho_app *app, int64_t number, const struct ho_defs_activate_opts *o,
                          int64_t now_ms, struct ho_diag *diag)
{
    struct versions vs = { 0 };
    char hash[HO_DEFS_HASH_HEX + 1] = "";
    struct ho_buf text = HO_BUF_INIT;
    char name[48];
    (void)snprintf(name, sizeof(name), "(definitions version %lld)", (long long)number);
    ho_rc rc = versions_load(app, false, &vs, diag);
    if (rc == HO_OK)
        rc = current_hash(app, &vs, number, hash, diag);
    versions_release(&vs);
    if (rc == HO_OK)
        rc = ho_store_defs_text(app->st, number, &text, diag);
    if (rc == HO_OK)
        rc = ho_app_load_defs_text(app, ho_buf_cstr(&text), text.len, name, NULL, diag);
    ho_buf_release(&text);
    struct number_ctx c = { { number, hash, NULL, o->force, o->by, now_ms, o->effective,
                              o->restate } };
    if (rc == HO_OK)
        rc = in_transaction(app, number_in_tx, &c, diag);
    if (rc != HO_OK)
        app->defs_changed = false;
    return rc;
}

/* ---- history ---- */

void
ho_defs_history_release(struct ho_defs_history *h)
{
    for (size_t i = 0; i < h->n; i++) {
        ho_xfree(h->items[i].signoffs);
        ho_xfree(h->items[i].spans);
    }
    ho_xfree(h->items);
    ho_strtab_free(h->strings);
    memset(h, 0, sizeof(*h));
}

static const char *
text_or_null(const struct ho_strtab *s, uint32_t id)
{
    return id ? ho_strtab_str(s, id) : NULL;
}

/* One activation in time order, with the version it activated. */
struct act {
    int64_t at, seq, number;
    bool forced;
    const char *by, *missing;
    int64_t effective;
    bool restatement;
};

static int
act_cmp(const void *a, const void *b)
{
    const struct act *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The activations: the recorded ones, and for a version stored active
 * before activations were recorded, the activation kept on its row. */
static ho_rc
collect_activations(struct ho_app *app, const struct versions *vs, struct ho_strtab *s,
                    struct act **out, size_t *n, struct ho_diag *diag)
{
    struct ho_defs_activation_row *rows = NULL;
    size_t nr = 0, cap = 0;
    *out = NULL;
    *n = 0;
    ho_rc rc = ho_store_defs_activations(app->st, s, &rows, &nr, diag);
    for (size_t i = 0; rc == HO_OK && i < nr; i++) {
        HO_GROW(*out, cap, *n + 1);
        (*out)[(*n)++] = (struct act){ rows[i].at,
                                       rows[i].seq,
                                       rows[i].defs_id,
                                       rows[i].forced,
                                       text_or_null(s, rows[i].by),
                                       text_or_null(s, rows[i].missing),
                                       rows[i].effective,
                                       rows[i].restatement };
    }
    for (size_t i = 0; rc == HO_OK && i < vs->n; i++) {
        bool recorded = false;
        for (size_t k = 0; k < nr && !recorded; k++)
            recorded = rows[k].defs_id == vs->v[i].id;
        if (recorded || vs->v[i].activated_at == 0)
            continue;
        HO_GROW(*out, cap, *n + 1);
        (*out)[(*n)++] =
            (struct act){ vs->v[i].activated_at, 0,    vs->v[i].id, vs->v[i].forced, NULL, NULL,
                          vs->v[i].activated_at, false };
    }
    ho_xfree(rows);
    if (*n > 1)
        qsort(*out, *n, sizeof(**out), act_cmp);
    return rc;
}

static void
add_spans(struct ho_defs_history_item *it, const struct act *acts, size_t n)
{
    size_t cap = 0;
    for (size_t i = 0; i < n; i++) {
        if (acts[i].number != it->number)
            continue;
        HO_GROW(it->spans, cap, it->n_spans + 1);
        it->spans[it->n_spans++] = (struct ho_defs_span){
            acts[i].at,
            i + 1 < n ? acts[i + 1].at : 0,
            acts[i].forced,
            acts[i].by,
            acts[i].missing && acts[i].missing[0] ? acts[i].missing : NULL,
            acts[i].effective,
            acts[i].restatement,
        };
    }
}

static void
add_signoffs(struct ho_defs_history_item *it, const struct signoffs *so, struct ho_strtab *s)
{
    size_t cap = 0;
    for (size_t i = 0; i < so->n; i++) {
        const struct ho_defs_signoff_row *r = &so->v[i];
        if (r->defs_id != it->number)
            continue;
        const char *by = ho_strtab_str(so->s, r->by);
        HO_GROW(it->signoffs, cap, it->n_signoffs + 1);
        it->signoffs[it->n_signoffs++] = (struct ho_defs_signoff_info){
            r->side, ho_strtab_str(s, ho_strtab_intern(s, by, strlen(by))), r->at, r->from_file,
            strcmp(ho_strtab_str(so->s, r->hash), it->hash) == 0
        };
    }
}

ho_rc
ho_app_defs_history(struct ho_app *app, struct ho_defs_history *out, struct ho_diag *diag)
{
    struct versions vs = { 0 };
    struct signoffs so = { 0 };
    struct act *acts = NULL;
    size_t n_acts = 0;
    memset(out, 0, sizeof(*out));
    ho_rc rc = versions_load(app, false, &vs, diag);
    out->strings = vs.s; /* transferred: the history's texts live in it */
    vs.s = NULL;
    if (rc == HO_OK)
        rc = signoffs_load(app, &so, diag);
    if (rc == HO_OK)
        rc = collect_activations(app, &vs, out->strings, &acts, &n_acts, diag);
    if (rc == HO_OK && vs.n)
        out->items = ho_xcalloc(vs.n, sizeof(*out->items));
    for (size_t i = 0; rc == HO_OK && i < vs.n; i++) {
        struct ho_defs_history_item *it = &out->items[out->n++];
        const struct ho_defs_version_row *r = &vs.v[i];
        it->number = r->id;
        it->version = r->version;
        it->hash = ho_strtab_str(out->strings, r->hash);
        it->author = text_or_null(out->strings, r->author);
        it->proposed_at = r->proposed_at;
        it->active = r->active;
        add_signoffs(it, &so, out->strings);
        add_spans(it, acts, n_acts);
    }
    ho_xfree(acts);
    signoffs_release(&so);
    versions_release(&vs);
    return rc;
}

ho_rc
ho_app_defs_text(struct ho_app *app, int64_t number, struct ho_buf *text, int64_t *out_number,
                 struct ho_diag *diag)
{
    if (number > 0) {
        *out_number = number;
        return ho_store_defs_text(app->st, number, text, diag);
    }
    return ho_store_active_defs(app->st, text, out_number, diag);
}

/* ---- the timeline of versions (core/timeline.h) ---- */

/* Append step (from, number) unless it repeats the version in force. */
static void
push_step(struct ho_defs_step **steps, size_t *n, size_t *cap, int64_t from, int64_t number)
{
    if (*n > 0 && (*steps)[*n - 1].number == number)
        return;
    if (*n > 0 && from < (*steps)[*n - 1].from)
        from = (*steps)[*n - 1].from; /* recorded before the timeline moved forward only */
    if (*n == 0)
        from = INT64_MIN; /* the first version judges all that came before */
    HO_GROW(*steps, *cap, *n + 1);
    (*steps)[*n] = (struct ho_defs_step){ from, number };
    (*n)++;
}

ho_rc
ho_app_defs_steps(struct ho_app *app, struct ho_defs_step **out, size_t *n, struct ho_diag *diag)
{
    struct versions vs = { 0 };
    struct act *acts = NULL;
    size_t n_acts = 0, cap = 0, start = 0;
    *out = NULL;
    *n = 0;
    ho_rc rc = versions_load(app, false, &vs, diag);
    if (rc == HO_OK)
        rc = collect_activations(app, &vs, vs.s, &acts, &n_acts, diag);
    for (size_t i = 0; rc == HO_OK && i < n_acts; i++) {
        if (acts[i].restatement)
            start = i;
    }
    for (size_t i = start; rc == HO_OK && i < n_acts; i++)
        push_step(out, n, &cap, acts[i].effective, acts[i].number);
    ho_xfree(acts);
    versions_release(&vs);
    if (rc != HO_OK) {
        ho_xfree(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}
