/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_candidate.c - values changed in place in a definitions text
 * (defs/defs_candidate.h).
 *
 * The tree (defs_yaml.c) gives each node's start as a 1-based line and
 * column counting characters; byte_offset() walks the text to turn that into
 * a byte offset (line breaks \n, \r\n and \r, as libyaml reads them).  Each
 * change is a span of bytes and its replacement; the spans are sorted and
 * must not overlap (an alias would make two edits hit the same bytes).
 */
#include "defs/defs_candidate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "defs/defs_int.h"

struct span {
    size_t at, len;
    char *repl; /* owned; "" deletes */
};

struct spans {
    struct span *v;
    size_t n, cap;
};

static void
spans_add(struct spans *s, size_t at, size_t len, const char *repl)
{
    HO_GROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = (struct span){ at, len, ho_xstrdup(repl) };
}

static void
spans_release(struct spans *s)
{
    for (size_t i = 0; i < s->n; i++)
        ho_xfree(s->v[i].repl);
    ho_xfree(s->v);
}

/* The byte offset of 1-based line/column (columns count characters); len
 * when the position is past the text. */
static size_t
byte_offset(const char *text, size_t len, struct ho_pos p)
{
    size_t i = 0;
    for (uint32_t line = 1; line < p.line && i < len; i++) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))
            line++;
    }
    for (uint32_t col = 1; col < p.column && i < len; col++) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static bool
key_is(const struct ho_yn *k, const char *name)
{
    return k && k->kind == HO_YN_SCALAR && strlen(name) == k->len &&
           memcmp(k->text, name, k->len) == 0;
}

/* The value of key in map (NULL when absent or map is not a mapping); *key_out its key. */
static const struct ho_yn *
map_get(const struct ho_yn *map, const char *key, const struct ho_yn **key_out)
{
    if (!map || map->kind != HO_YN_MAP)
        return NULL;
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        if (key_is(map->kids[i], key)) {
            if (key_out)
                *key_out = map->kids[i];
            return map->kids[i + 1];
        }
    }
    return NULL;
}

/* The rule named name in the list seq. */
static const struct ho_yn *
find_rule(const struct ho_yn *seq, const char *name)
{
    if (!seq || seq->kind != HO_YN_SEQ)
        return NULL;
    for (size_t i = 0; i < seq->n_kids; i++) {
        if (key_is(map_get(seq->kids[i], "name", NULL), name))
            return seq->kids[i];
    }
    return NULL;
}

/* The byte offset of plain scalar v as written, or false when the bytes
 * there are not its text (quoted, multi-line, an alias elsewhere). */
static bool
locate_plain(const char *text, size_t len, const struct ho_yn *v, size_t *at)
{
    if (!v || v->kind != HO_YN_SCALAR || !v->plain || v->len == 0)
        return false;
    *at = byte_offset(text, len, v->pos);
    return *at + v->len <= len && memcmp(text + *at, v->text, v->len) == 0;
}

struct job {
    const char *text;
    size_t len;
    const struct ho_yn *root;
    struct spans spans;
    struct ho_diag *diag;
};

static ho_rc
set_value(struct job *j, const struct ho_yn *v, const char *what, const char *repl)
{
    size_t at;
    if (!locate_plain(j->text, j->len, v, &at))
        return ho_diag_set(j->diag, HO_EINVAL,
                           "%s at line %u is not a plain value written on one line — "
                           "write it as a number, e.g. points: 10",
                           what, v ? v->pos.line : 0);
    spans_add(&j->spans, at, v->len, repl);
    return HO_OK;
}

static bool
blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Remove `KEY: VALUE`: its whole line in block style, else (flow style)
 * with the comma before it, or after it when it comes first. */
static ho_rc
drop_pair(struct job *j, const struct ho_yn *key, const struct ho_yn *val)
{
    size_t ks = byte_offset(j->text, j->len, key->pos), ve;
    if (!locate_plain(j->text, j->len, val, &ve) || ks > ve)
        return ho_diag_set(j->diag, HO_EINVAL,
                           "%s: at line %u is not a plain value on its line — remove it "
                           "by hand",
                           key->text, key->pos.line);
    ve += val->len;
    const char *t = j->text;
    size_t b = ks, e = ve;
    while (b > 0 && blank(t[b - 1]))
        b--;
    while (e < j->len && blank(t[e]))
        e++;
    if ((b == 0 || t[b - 1] == '\n') && (e == j->len || t[e] == '\n' || t[e] == '#')) {
        while (e < j->len && t[e] != '\n')
            e++;
        spans_add(&j->spans, b, e + (e < j->len) - b, "");
    } else if (b > 0 && t[b - 1] == ',') {
        spans_add(&j->spans, b - 1, ve - (b - 1), "");
    } else if (e < j->len && t[e] == ',') {
        for (e++; e < j->len && blank(t[e]); e++)
            ;
        spans_add(&j->spans, ks, e - ks, "");
    } else {
        spans_add(&j->spans, ks, ve - ks, "");
    }
    return HO_OK;
}

static ho_rc
apply_edit(struct job *j, const struct ho_defs_edit *e)
{
    const struct ho_yn *rule = find_rule(map_get(j->root, "fit", NULL), e->rule);
    if (!rule)
        rule = find_rule(map_get(map_get(j->root, "behavior", NULL), "rules", NULL), e->rule);
    if (!rule)
        return ho_diag_set(j->diag, HO_ENOTFOUND, "no rule %s in the definitions", e->rule);
    const struct ho_yn *key = NULL;
    const struct ho_yn *v = map_get(rule, e->key, &key);
    if (!v)
        return ho_diag_set(j->diag, HO_ENOTFOUND, "rule %s has no %s", e->rule, e->key);
    if (e->drop)
        return drop_pair(j, key, v);
    char num[40];
    (void)snprintf(num, sizeof(num), "%.15g", e->value + 0.0);
    char what[300];
    (void)snprintf(what, sizeof(what), "%s of rule %s", e->key, e->rule);
    ho_rc rc = set_value(j, v, what, num);
    if (rc == HO_OK && e->rename)
        rc = set_value(j, key, what, e->rename);
    return rc;
}

static ho_rc
drop_signoffs(struct job *j)
{
    const struct ho_yn *owners = map_get(j->root, "owners", NULL);
    static const char *const sides[] = { "marketing", "sales" };
    ho_rc rc = HO_OK;
    for (size_t s = 0; s < 2 && rc == HO_OK; s++) {
        const struct ho_yn *key = NULL;
        const struct ho_yn *val = map_get(map_get(owners, sides[s], NULL), "signed", &key);
        if (val)
            rc = drop_pair(j, key, val);
    }
    return rc;
}

static ho_rc
set_version(struct job *j, int64_t version)
{
    char num[32];
    (void)snprintf(num, sizeof(num), "%lld", (long long)version);
    const struct ho_yn *v = map_get(j->root, "version", NULL);
    if (v)
        return set_value(j, v, "version", num);
    char line[48];
    (void)snprintf(line, sizeof(line), "version: %s\n", num);
    spans_add(&j->spans, 0, 0, line);
    return HO_OK;
}

static int
cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    return (x->at > y->at) - (x->at < y->at);
}

/* The text with the sorted spans replaced; false when two overlap. */
static bool
write_spans(struct job *j, struct ho_buf *out)
{
    qsort(j->spans.v, j->spans.n, sizeof(*j->spans.v), cmp_span);
    for (size_t i = 1; i < j->spans.n; i++) {
        const struct span *p = &j->spans.v[i - 1];
        if (p->at + p->len > j->spans.v[i].at ||
            (p->len == 0 && p->at == j->spans.v[i].at && j->spans.v[i].len == 0))
            return false;
    }
    size_t at = 0;
    for (size_t i = 0; i < j->spans.n; i++) {
        const struct span *s = &j->spans.v[i];
        ho_buf_add(out, j->text + at, s->at - at);
        ho_buf_adds(out, s->repl);
        at = s->at + s->len;
    }
    ho_buf_add(out, j->text + at, j->len - at);
    return true;
}

ho_rc
ho_defs_candidate_text(const char *text, size_t len, const struct ho_defs_edit *edits,
                       size_t n_edits, int64_t version, struct ho_buf *out, struct ho_diag *diag)
{
    struct ho_dl L;
    struct job j = { .text = text, .len = len, .diag = diag };
    j.root = ho_dl_tree(&L, text, len);
    ho_rc rc = HO_OK;
    if (!j.root || L.n_found > 0)
        rc = ho_diag_set(diag, HO_EPARSE, "the active definitions are not YAML");
    for (size_t i = 0; i < n_edits && rc == HO_OK; i++)
        rc = apply_edit(&j, &edits[i]);
    if (rc == HO_OK)
        rc = set_version(&j, version);
    if (rc == HO_OK)
        rc = drop_signoffs(&j);
    if (rc == HO_OK && !write_spans(&j, out))
        rc = ho_diag_set(diag, HO_EINVAL,
                         "two values to change are the same text (an alias?) — write each "
                         "rule's values out in full");
    spans_release(&j.spans);
    ho_dl_release(&L);
    return rc;
}
