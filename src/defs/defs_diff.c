/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_diff.c - `defs diff`: the changes between two definitions
 * texts, rule by rule (defs/defs_yaml.h, core/defs_diff.h).
 *
 * Both texts are read as YAML trees (not validated: an old stored version
 * is diffed as it was written).  Each top-level section has its own
 * notion of an item: list entries are matched by a key (a rule's name, a
 * disqualifier's reason, a rep's id, ...; the k-th entry with a key matches
 * the k-th one in the other file), mappings of named entries (reasons,
 * channels, stages) by their key.  Inside a matched item every field is
 * compared, nested mappings field by field ("where.path_prefix"); any other
 * value as a whole.  Values are shown in YAML flow style, as written.
 * The walks recurse over the tree, whose depth the tree builder bounds
 * (HO_DEFS_MAX_DEPTH).
 */
#include "defs/defs_int.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "core/defs_diff.h"
#include "core/stage.h"
#include "defs/defs_yaml.h"

/* ---- values ---- */

static bool
is_key(const struct ho_yn *k, const char *name)
{
    return k != NULL && k->kind == HO_YN_SCALAR && strlen(name) == k->len &&
           memcmp(k->text, name, k->len) == 0;
}

static const struct ho_yn *
map_get(const struct ho_yn *m, const struct ho_yn *key)
{
    if (m == NULL || m->kind != HO_YN_MAP || key->kind != HO_YN_SCALAR)
        return NULL;
    for (size_t i = 0; i + 1 < m->n_kids; i += 2) {
        const struct ho_yn *k = m->kids[i];
        if (k->kind == HO_YN_SCALAR && k->len == key->len &&
            memcmp(k->text, key->text, k->len) == 0)
            return m->kids[i + 1];
    }
    return NULL;
}

static const struct ho_yn *
map_get_name(const struct ho_yn *m, const char *name)
{
    struct ho_yn key = { .kind = HO_YN_SCALAR, .text = (char *)name, .len = strlen(name) };
    return map_get(m, &key);
}

static bool
node_eq(const struct ho_yn *a, const struct ho_yn *b)
{
    if (a == NULL || b == NULL || a->kind != b->kind)
        return a == b;
    if (a->kind == HO_YN_SCALAR)
        return a->plain == b->plain && a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
    if (a->n_kids != b->n_kids)
        return false;
    if (a->kind == HO_YN_SEQ) {
        for (size_t i = 0; i < a->n_kids; i++) {
            if (!node_eq(a->kids[i], b->kids[i]))
                return false;
        }
        return true;
    }
    for (size_t i = 0; i + 1 < a->n_kids; i += 2) {
        if (!node_eq(a->kids[i + 1], map_get(b, a->kids[i])))
            return false;
    }
    return true;
}

/* n in YAML flow style. */
static void
flow(const struct ho_yn *n, struct ho_buf *out)
{
    if (n == NULL) {
        ho_buf_adds(out, "null");
        return;
    }
    if (n->kind == HO_YN_SCALAR) {
        if (n->plain) {
            ho_buf_add(out, n->text, n->len);
            return;
        }
        ho_buf_addc(out, '"');
        for (size_t i = 0; i < n->len; i++) {
            if (n->text[i] == '"' || n->text[i] == '\\')
                ho_buf_addc(out, '\\');
            ho_buf_addc(out, n->text[i]);
        }
        ho_buf_addc(out, '"');
        return;
    }
    bool map = n->kind == HO_YN_MAP;
    if (n->n_kids == 0) {
        ho_buf_adds(out, map ? "{}" : "[]");
        return;
    }
    ho_buf_adds(out, map ? "{ " : "[");
    for (size_t i = 0; i < n->n_kids; i += map ? 2 : 1) {
        if (i)
            ho_buf_adds(out, ", ");
        flow(n->kids[i], out);
        if (map) {
            ho_buf_adds(out, ": ");
            flow(i + 1 < n->n_kids ? n->kids[i + 1] : NULL, out);
        }
    }
    ho_buf_adds(out, map ? " }" : "]");
}

/* ---- recording ---- */

struct dctx {
    struct ho_defs_diff *out;
    const char *section;
    struct ho_buf a, b; /* scratch for values */
};

static void
record(struct dctx *c, enum ho_defs_change_kind kind, const char *item, const char *field,
       const struct ho_yn *before, const struct ho_yn *after)
{
    ho_buf_reset(&c->a);
    ho_buf_reset(&c->b);
    if (before)
        flow(before, &c->a);
    if (after)
        flow(after, &c->b);
    ho_defs_diff_add(c->out, kind, c->section, item, field, before ? ho_buf_cstr(&c->a) : NULL,
                     after ? ho_buf_cstr(&c->b) : NULL);
}

static void
join_field(struct ho_buf *out, const char *prefix, const struct ho_yn *key)
{
    ho_buf_reset(out);
    if (prefix[0]) {
        ho_buf_adds(out, prefix);
        ho_buf_addc(out, '.');
    }
    flow(key, out);
}

/* Compare two values of one item, field by field through mappings.  skip:
 * a key to leave out (owners' signed), or NULL. */
static void
diff_fields(struct dctx *c, const char *item, const char *prefix, const struct ho_yn *a,
            const struct ho_yn *b, const char *skip)
{
    if (a != NULL && b != NULL && a->kind == HO_YN_MAP && b->kind == HO_YN_MAP) {
        struct ho_buf field = HO_BUF_INIT;
        for (size_t i = 0; i + 1 < a->n_kids; i += 2) {
            if (skip && is_key(a->kids[i], skip))
                continue;
            join_field(&field, prefix, a->kids[i]);
            const struct ho_yn *vb = map_get(b, a->kids[i]);
            if (vb == NULL)
                record(c, HO_CHANGE_CHANGED, item, ho_buf_cstr(&field), a->kids[i + 1], NULL);
            else
                diff_fields(c, item, ho_buf_cstr(&field), a->kids[i + 1], vb, NULL);
        }
        for (size_t i = 0; i + 1 < b->n_kids; i += 2) {
            if ((skip && is_key(b->kids[i], skip)) || map_get(a, b->kids[i]) != NULL)
                continue;
            join_field(&field, prefix, b->kids[i]);
            record(c, HO_CHANGE_CHANGED, item, ho_buf_cstr(&field), NULL, b->kids[i + 1]);
        }
        ho_buf_release(&field);
        return;
    }
    if (!node_eq(a, b))
        record(c, HO_CHANGE_CHANGED, item, prefix, a, b);
}

/* ---- keyed lists and mappings ---- */

/* An entry's key (what matches it with the other file) and its label. */
typedef void (*key_fn)(const struct ho_yn *entry, struct ho_buf *key, struct ho_buf *label);

static void
scalar_or_flow(const struct ho_yn *n, struct ho_buf *out)
{
    if (n == NULL)
        ho_buf_adds(out, "?");
    else
        flow(n, out);
}

static void
key_by(const struct ho_yn *e, const char *field, const char *what, struct ho_buf *key,
       struct ho_buf *label)
{
    scalar_or_flow(map_get_name(e, field), key);
    ho_buf_printf(label, "%s %s", what, ho_buf_cstr(key));
}

static void
key_fit(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    key_by(e, "name", "fit rule", key, label);
}

static void
key_behavior(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    key_by(e, "name", "behavior rule", key, label);
}

static void
key_disqualify(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    key_by(e, "reason", "disqualifier", key, label);
}

static void
key_rep(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    key_by(e, "id", "rep", key, label);
}

static void
key_pql(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    key_by(e, "event", "PQL criterion", key, label);
}

static void
key_routing(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    scalar_or_flow(map_get_name(e, "pool"), key);
    ho_buf_printf(label, "routing rule to pool %s", ho_buf_cstr(key));
}

static void
key_criteria(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    const struct ho_yn *name = map_get_name(e, "name");
    scalar_or_flow(name ? name : map_get_name(e, "all"), key);
    ho_buf_printf(label, "MQL criteria set %s", ho_buf_cstr(key));
}

/* An SLA: its name, what starts it and its `when`. */
static void
key_sla(const struct ho_yn *e, struct ho_buf *key, struct ho_buf *label)
{
    const struct ho_yn *from = map_get_name(e, "from"), *event = map_get_name(e, "event");
    const struct ho_yn *when = map_get_name(e, "when");
    scalar_or_flow(map_get_name(e, "name"), key);
    ho_buf_adds(key, from ? " (from " : " (on ");
    scalar_or_flow(from ? from : event, key);
    if (when && when->kind == HO_YN_MAP && when->n_kids >= 2) {
        ho_buf_adds(key, ", when ");
        flow(when->kids[0], key);
        ho_buf_addc(key, ' ');
        flow(when->kids[1], key);
    }
    ho_buf_addc(key, ')');
    ho_buf_printf(label, "SLA %s", ho_buf_cstr(key));
}

struct entry {
    const struct ho_yn *node;
    char *key, *label; /* owned */
    size_t nth;        /* occurrence of the key, from 0 */
    bool matched;
};

static struct entry *
entries_of(const struct ho_yn *seq, key_fn fn, size_t *n)
{
    *n = seq != NULL && seq->kind == HO_YN_SEQ ? seq->n_kids : 0;
    struct entry *v = ho_xcalloc(*n ? *n : 1, sizeof(*v));
    struct ho_buf key = HO_BUF_INIT, label = HO_BUF_INIT;
    for (size_t i = 0; i < *n; i++) {
        ho_buf_reset(&key);
        ho_buf_reset(&label);
        fn(seq->kids[i], &key, &label);
        v[i].node = seq->kids[i];
        v[i].key = ho_xstrdup(ho_buf_cstr(&key));
        v[i].label = ho_xstrdup(ho_buf_cstr(&label));
        for (size_t k = 0; k < i; k++)
            v[i].nth += strcmp(v[k].key, v[i].key) == 0;
    }
    ho_buf_release(&key);
    ho_buf_release(&label);
    return v;
}

static void
entries_free(struct entry *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ho_xfree(v[i].key);
        ho_xfree(v[i].label);
    }
    ho_xfree(v);
}

/* The keys of the matched entries of v in their order, for "order". */
static void
matched_order(const struct entry *v, size_t n, struct ho_buf *out)
{
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].matched)
            continue;
        ho_buf_adds(out, first ? "" : ", ");
        ho_buf_adds(out, v[i].key);
        first = false;
    }
}

/* Diff two lists of entries matched by key.  ordered: the order decides
 * (first match applies), so a changed order is reported under list_item. */
static void
diff_keyed_list(struct dctx *c, const char *list_item, const struct ho_yn *a, const struct ho_yn *b,
                key_fn fn, bool ordered)
{
    size_t na, nb;
    struct entry *ea = entries_of(a, fn, &na), *eb = entries_of(b, fn, &nb);
    size_t *pos_in_b = ho_xcalloc(na ? na : 1, sizeof(*pos_in_b));
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb &&
               (eb[j].matched || eb[j].nth != ea[i].nth || strcmp(eb[j].key, ea[i].key) != 0))
            j++;
        if (j == nb) {
            record(c, HO_CHANGE_REMOVED, ea[i].label, "", ea[i].node, NULL);
            continue;
        }
        ea[i].matched = eb[j].matched = true;
        pos_in_b[i] = j;
        diff_fields(c, ea[i].label, "", ea[i].node, eb[j].node, NULL);
    }
    for (size_t j = 0; j < nb; j++) {
        if (!eb[j].matched)
            record(c, HO_CHANGE_ADDED, eb[j].label, "", NULL, eb[j].node);
    }
    bool moved = false;
    for (size_t i = 0, last = 0, any = 0; ordered && i < na; i++) {
        if (!ea[i].matched)
            continue;
        moved = moved || (any && pos_in_b[i] < last);
        last = pos_in_b[i];
        any = 1;
    }
    if (moved) {
        struct ho_buf x = HO_BUF_INIT, y = HO_BUF_INIT;
        matched_order(ea, na, &x);
        matched_order(eb, nb, &y);
        ho_defs_diff_add(c->out, HO_CHANGE_CHANGED, c->section, list_item, "order", ho_buf_cstr(&x),
                         ho_buf_cstr(&y));
        ho_buf_release(&x);
        ho_buf_release(&y);
    }
    ho_xfree(pos_in_b);
    entries_free(ea, na);
    entries_free(eb, nb);
}

/* The entries of a mapping of named entries (reasons, channels, stages, a
 * mapping sub-section): label "WHAT KEY", each compared field by field. */
static void
diff_keyed_map(struct dctx *c, const char *what, const struct ho_yn *a, const struct ho_yn *b,
               void (*inner)(struct dctx *, const char *, const struct ho_yn *,
                             const struct ho_yn *))
{
    struct ho_buf label = HO_BUF_INIT;
    const struct ho_yn *maps[2] = { a, b };
    for (int side = 0; side < 2; side++) {
        const struct ho_yn *m = maps[side], *other = maps[1 - side];
        for (size_t i = 0; m != NULL && m->kind == HO_YN_MAP && i + 1 < m->n_kids; i += 2) {
            const struct ho_yn *k = m->kids[i], *vo = map_get(other, k);
            if (side == 1 && vo != NULL)
                continue; /* compared from a's side */
            ho_buf_reset(&label);
            ho_buf_printf(&label, "%s", what);
            flow(k, &label);
            if (vo == NULL)
                record(c, side ? HO_CHANGE_ADDED : HO_CHANGE_REMOVED, ho_buf_cstr(&label), "",
                       side ? NULL : m->kids[i + 1], side ? m->kids[i + 1] : NULL);
            else if (inner)
                inner(c, ho_buf_cstr(&label), m->kids[i + 1], vo);
            else
                diff_fields(c, ho_buf_cstr(&label), "", m->kids[i + 1], vo, NULL);
        }
    }
    ho_buf_release(&label);
}

/* ---- sections ---- */

/* A stage: its fields, the MQL criteria sets as entries. */
static void
diff_stage(struct dctx *c, const char *item, const struct ho_yn *a, const struct ho_yn *b)
{
    const struct ho_yn *oa = map_get_name(a, "or_any"), *ob = map_get_name(b, "or_any");
    if (oa == NULL && ob == NULL) {
        diff_fields(c, item, "", a, b, NULL);
        return;
    }
    diff_fields(c, item, "", a, b, "or_any");
    diff_keyed_list(c, item, oa, ob, key_criteria, false);
}

/* The stage set a stages: section declares (as the loader reads it: sal:
 * false turns sal off, a meeting: that is not false turns meeting on). */
static struct ho_stage_set_opts
stage_set_of(const struct ho_yn *stages)
{
    const struct ho_yn *sal = map_get_name(stages, "sal"), *mtg = map_get_name(stages, "meeting");
    bool sal_off = sal != NULL && sal->kind == HO_YN_SCALAR && strcmp(sal->text, "false") == 0;
    bool mtg_off = mtg == NULL || (mtg->kind == HO_YN_SCALAR && strcmp(mtg->text, "false") == 0);
    return (struct ho_stage_set_opts){ .no_sal = sal_off, .meeting = !mtg_off };
}

static void
stage_set_text(const struct ho_stage_set_opts *set, struct ho_buf *out)
{
    enum ho_stage st[HO_STAGE__COUNT];
    size_t n = ho_stage_funnel_list(set, st);
    ho_buf_reset(out);
    for (size_t i = 0; i < n; i++)
        ho_buf_printf(out, "%s%s", i ? ", " : "", ho_stage_name(st[i]));
}

/* A change of the stage set, as one line of its own: every report's stages
 * and transitions follow it. */
static void
diff_stage_set(struct dctx *c, const struct ho_yn *a, const struct ho_yn *b)
{
    struct ho_stage_set_opts sa = stage_set_of(a), sb = stage_set_of(b);
    if (sa.no_sal == sb.no_sal && sa.meeting == sb.meeting)
        return;
    stage_set_text(&sa, &c->a);
    stage_set_text(&sb, &c->b);
    ho_defs_diff_add(c->out, HO_CHANGE_CHANGED, c->section, "stage set", "", ho_buf_cstr(&c->a),
                     ho_buf_cstr(&c->b));
}

/* A section that is a mapping with one list of entries (behavior: rules;
 * pql: all): the list by key, every other field as fields of the section. */
static void
diff_with_list(struct dctx *c, const struct ho_yn *a, const struct ho_yn *b, const char *list,
               key_fn fn)
{
    diff_fields(c, c->section, "", a != NULL && a->kind == HO_YN_MAP ? a : NULL,
                b != NULL && b->kind == HO_YN_MAP ? b : NULL, list);
    diff_keyed_list(c, c->section, map_get_name(a, list), map_get_name(b, list), fn, false);
}

static void
diff_mapping_section(struct dctx *c, const char *item, const struct ho_yn *a, const struct ho_yn *b)
{
    char what[96];
    (void)snprintf(what, sizeof(what), "%s ", item); /* "mapping status " */
    diff_keyed_map(c, what, a, b, NULL);
}

static void
diff_section(struct dctx *c, const struct ho_yn *key, const struct ho_yn *a, const struct ho_yn *b)
{
    static const struct {
        const char *section;
        key_fn fn;
        bool ordered;
    } lists[] = {
        { "fit", key_fit, false },  { "disqualify", key_disqualify, false },
        { "sla", key_sla, true },   { "routing", key_routing, true },
        { "reps", key_rep, false },
    };
    for (size_t i = 0; i < HO_ARRAY_LEN(lists); i++) {
        if (is_key(key, lists[i].section)) {
            diff_keyed_list(c, lists[i].section, a, b, lists[i].fn, lists[i].ordered);
            return;
        }
    }
    if (is_key(key, "behavior"))
        diff_with_list(c, a, b, "rules", key_behavior);
    else if (is_key(key, "pql"))
        diff_with_list(c, a, b, "all", key_pql);
    else if (is_key(key, "reasons"))
        diff_keyed_map(c, "reason ", a, b, NULL);
    else if (is_key(key, "channels"))
        diff_keyed_map(c, "channel ", a, b, NULL);
    else if (is_key(key, "stages")) {
        diff_stage_set(c, a, b);
        diff_keyed_map(c, "stages.", a, b, diff_stage);
    } else if (is_key(key, "mapping"))
        diff_keyed_map(c, "mapping ", a, b, diff_mapping_section);
    else
        diff_fields(c, c->section, "", a, b, NULL);
}

/* Owners: compared without their signed: dates. */
static void
strip_signed_owner(struct dctx *c, const char *item, const struct ho_yn *a, const struct ho_yn *b)
{
    diff_fields(c, item, "", a, b, "signed");
}

static void
diff_roots(struct dctx *c, const struct ho_yn *a, const struct ho_yn *b)
{
    const struct ho_yn *roots[2] = { a, b };
    struct ho_buf section = HO_BUF_INIT;
    for (int side = 0; side < 2; side++) {
        const struct ho_yn *m = roots[side], *other = roots[1 - side];
        for (size_t i = 0; m != NULL && m->kind == HO_YN_MAP && i + 1 < m->n_kids; i += 2) {
            const struct ho_yn *k = m->kids[i];
            if (is_key(k, "version") || (side == 1 && map_get(other, k) != NULL))
                continue;
            ho_buf_reset(&section);
            flow(k, &section);
            c->section = ho_buf_cstr(&section);
            const struct ho_yn *va = side ? NULL : m->kids[i + 1];
            const struct ho_yn *vb = side ? m->kids[i + 1] : map_get(other, k);
            if (is_key(k, "owners"))
                diff_keyed_map(c, "owner ", va, vb, strip_signed_owner);
            else
                diff_section(c, k, va, vb);
        }
    }
    ho_buf_release(&section);
}

ho_rc
ho_defs_diff_texts(const char *a, size_t a_len, const char *a_name, const char *b, size_t b_len,
                   const char *b_name, struct ho_defs_diff *out, struct ho_diag *diag)
{
    struct ho_dl la, lb;
    const struct ho_yn *ra = ho_dl_tree(&la, a, a_len), *rb = ho_dl_tree(&lb, b, b_len);
    ho_rc rc = HO_OK;
    if (la.n_found || lb.n_found) {
        const struct ho_dl *bad = la.n_found ? &la : &lb;
        rc = ho_diag_set(diag, HO_EPARSE, "%s is not YAML: %s", la.n_found ? a_name : b_name,
                         bad->n_problems ? bad->problems[0].text : "a syntax error");
    } else {
        struct dctx c = { .out = out, .a = HO_BUF_INIT, .b = HO_BUF_INIT };
        diff_roots(&c, ra, rb);
        ho_buf_release(&c.a);
        ho_buf_release(&c.b);
    }
    ho_dl_release(&la);
    ho_dl_release(&lb);
    return rc;
}
