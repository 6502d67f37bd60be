/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_yaml.c - the libyaml adapter of the definitions loader.
 *
 * Turns the libyaml event stream into a tree of struct ho_yn nodes (the only
 * file that sees libyaml types), bounding depth, node count and alias
 * expansion while it reads; then hands the tree to defs_schema.c and has
 * the problems found (defs_problems.c) written out.
 */
#include "defs/defs_yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "core/defs.h"
#include "defs/defs_int.h"

#define MAX_ANCHORS    10000
#define SUGGEST_BUDGET 200000 /* "did you mean" comparisons with rule names per load */
#define READ_CHUNK     65536

static void
dl_release(struct ho_dl *L)
{
    for (size_t i = 0; i < L->n_nodes; i++) {
        ho_xfree(L->nodes[i]->text);
        ho_xfree(L->nodes[i]->kids);
        ho_xfree(L->nodes[i]);
    }
    ho_xfree(L->nodes);
    ho_dl_problems_release(L);
}

/* ---- events to tree ------------------------------------------------------ */

struct anchor {
    char *name; /* owned */
    struct ho_yn *node;
};

struct builder {
    struct ho_dl *L;
    struct ho_yn *stack[HO_DEFS_MAX_DEPTH];
    char *stack_anchor[HO_DEFS_MAX_DEPTH]; /* owned: registered when the node ends */
    size_t depth;
    struct anchor *anchors; /* owned */
    size_t n_anchors, cap_anchors;
    struct ho_yn *root;
    size_t n_docs;
    size_t expanded; /* nodes so far, aliases counted expanded */
};

static struct ho_pos
mark_pos(yaml_mark_t m)
{
    struct ho_pos p = { (uint32_t)(m.line + 1), (uint32_t)(m.column + 1) };
    return p;
}

static size_t
sat_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static struct ho_yn *
new_node(struct ho_dl *L, enum ho_yn_kind kind, yaml_mark_t mark)
{
    struct ho_yn *n = ho_xcalloc(1, sizeof(*n));
    n->kind = kind;
    n->pos = mark_pos(mark);
    n->weight = 1;
    HO_GROW(L->nodes, L->cap_nodes, L->n_nodes + 1);
    L->nodes[L->n_nodes++] = n;
    return n;
}

/* Hang n under the open collection, or make it the root. */
static void
attach(struct builder *b, struct ho_yn *n)
{
    if (b->depth == 0) {
        b->root = n;
        return;
    }
    struct ho_yn *parent = b->stack[b->depth - 1];
    HO_GROW(parent->kids, parent->cap_kids, parent->n_kids + 1);
    parent->kids[parent->n_kids++] = n;
}

static bool
count_nodes(struct builder *b, size_t n, yaml_mark_t mark)
{
    b->expanded = sat_add(b->expanded, n);
    if (b->expanded <= HO_DEFS_MAX_NODES)
        return true;
    ho_dl_limit(b->L, mark_pos(mark),
                "the file has more than %d YAML nodes (aliases counted expanded) — split it or "
                "use fewer aliases",
                HO_DEFS_MAX_NODES);
    return false;
}

static void
add_anchor(struct builder *b, char *name, struct ho_yn *n)
{
    if (name == NULL)
        return;
    HO_GROW(b->anchors, b->cap_anchors, b->n_anchors + 1);
    b->anchors[b->n_anchors].name = name; /* transferred */
    b->anchors[b->n_anchors].node = n;
    b->n_anchors++;
}

/* Take a copy of a libyaml anchor name, bounded by MAX_ANCHORS. */
static bool
copy_anchor(struct builder *b, const yaml_char_t *anchor, yaml_mark_t mark, char **out)
{
    *out = NULL;
    if (anchor == NULL)
        return true;
    if (b->n_anchors + b->depth >= MAX_ANCHORS) {
        ho_dl_limit(b->L, mark_pos(mark), "more than %d anchors (&name) — use fewer", MAX_ANCHORS);
        return false;
    }
    *out = ho_xstrdup((const char *)anchor);
    return true;
}

static bool
on_scalar(struct builder *b, const yaml_event_t *ev)
{
    char *anchor;
    if (!count_nodes(b, 1, ev->start_mark) ||
        !copy_anchor(b, ev->data.scalar.anchor, ev->start_mark, &anchor))
        return false;
    struct ho_yn *n = new_node(b->L, HO_YN_SCALAR, ev->start_mark);
    size_t len = ev->data.scalar.length;
    n->text = ho_xmalloc(ho_size_add(len, 1));
    if (len > 0)
        memcpy(n->text, ev->data.scalar.value, len);
    n->text[len] = '\0';
    n->len = len;
    n->plain = ev->data.scalar.plain_implicit != 0;
    attach(b, n);
    add_anchor(b, anchor, n);
    return true;
}

static bool
on_start(struct builder *b, const yaml_event_t *ev, enum ho_yn_kind kind)
{
    const yaml_char_t *anchor_name =
        kind == HO_YN_MAP ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    char *anchor;
    if (b->depth >= HO_DEFS_MAX_DEPTH) {
        ho_dl_limit(b->L, mark_pos(ev->start_mark),
                    "mappings and lists are nested more than %d deep — flatten the structure",
                    HO_DEFS_MAX_DEPTH);
        return false;
    }
    if (!count_nodes(b, 1, ev->start_mark) || !copy_anchor(b, anchor_name, ev->start_mark, &anchor))
        return false;
    struct ho_yn *n = new_node(b->L, kind, ev->start_mark);
    attach(b, n);
    b->stack_anchor[b->depth] = anchor; /* transferred */
    b->stack[b->depth++] = n;
    return true;
}

static void
on_end(struct builder *b)
{
    HO_ASSERT(b->depth > 0);
    struct ho_yn *n = b->stack[--b->depth];
    for (size_t i = 0; i < n->n_kids; i++)
        n->weight = sat_add(n->weight, n->kids[i]->weight);
    add_anchor(b, b->stack_anchor[b->depth], n);
    b->stack_anchor[b->depth] = NULL;
}

static bool
on_alias(struct builder *b, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    for (size_t i = b->n_anchors; i-- > 0;) {
        if (strcmp(b->anchors[i].name, name) == 0) {
            if (!count_nodes(b, b->anchors[i].node->weight, ev->start_mark))
                return false;
            attach(b, b->anchors[i].node);
            return true;
        }
    }
    ho_dl_problem(b->L, mark_pos(ev->start_mark),
                  "alias '*%.64s' does not name an earlier complete anchor — define '&%.64s' "
                  "before using it, outside of itself",
                  name, name);
    return false;
}

/* Handle one event; false stops reading. */
static bool
on_event(struct builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (b->n_docs++ == 0)
            return true;
        ho_dl_problem(b->L, mark_pos(ev->start_mark),
                      "a second YAML document — keep one document per definitions file "
                      "(remove this '---' and what follows, or merge them)");
        return false;
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(b, ev, HO_YN_SEQ);
    case YAML_MAPPING_START_EVENT:
        return on_start(b, ev, HO_YN_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        on_end(b);
        return true;
    case YAML_ALIAS_EVENT:
        return on_alias(b, ev);
    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_END_EVENT:
        return true;
    }
    return true;
}

/* The byte at 0-based line/column (columns count characters), or 0. */
static char
char_at(const char *text, size_t len, size_t line, size_t column)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < len; i++) {
        if (text[i] == '\n')
            l++;
    }
    for (size_t c = 0; c < column && i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            c++;
    }
    while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
        i++;
    if (i >= len)
        return '\0';
    return text[i];
}

static const char *
syntax_hint(const yaml_parser_t *p, char at)
{
    const char *problem = p->problem != NULL ? p->problem : "";
    if (at == '\t')
        return "indent with spaces: YAML does not allow tabs";
    if (strstr(problem, "unknown escape") != NULL)
        return "inside double quotes a backslash starts an escape: write \\\\ for a backslash, or "
               "use single quotes ('\\.edu$')";
    if (strstr(problem, "mapping values are not allowed") != NULL)
        return "quote values that contain ': ', or check the indentation";
    if (strstr(problem, "cannot start any token") != NULL)
        return "quote the value (values starting with @ or ` must be quoted)";
    return "check the indentation, quotes and brackets here";
}

/* Record libyaml's error; reader errors only know a byte offset. */
static void
syntax_problem(struct ho_dl *L, const yaml_parser_t *p, const char *text, size_t len)
{
    struct ho_pos pos = mark_pos(p->problem_mark);
    if (p->error == YAML_READER_ERROR || pos.line == 0) {
        size_t off = p->problem_offset < len ? p->problem_offset : len;
        pos.line = 1;
        pos.column = 1;
        for (size_t i = 0; i < off; i++) {
            if (text[i] == '\n') {
                pos.line++;
                pos.column = 1;
            } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
                pos.column++;
            }
        }
        ho_dl_problem(L, pos, "the file is not valid UTF-8 text (%s) — save it as UTF-8",
                      p->problem != NULL ? p->problem : "unreadable");
        return;
    }
    char at = char_at(text, len, p->problem_mark.line, p->problem_mark.column);
    if (p->context != NULL)
        ho_dl_problem(L, pos, "YAML syntax error: %s (%s from line %zu) — %s",
                      p->problem != NULL ? p->problem : "error", p->context,
                      p->context_mark.line + 1, syntax_hint(p, at));
    else
        ho_dl_problem(L, pos, "YAML syntax error: %s — %s",
                      p->problem != NULL ? p->problem : "error", syntax_hint(p, at));
}

static void
builder_release(struct builder *b)
{
    for (size_t i = 0; i < b->n_anchors; i++)
        ho_xfree(b->anchors[i].name);
    ho_xfree(b->anchors);
    for (size_t i = 0; i < b->depth; i++)
        ho_xfree(b->stack_anchor[i]);
}

/* Build the tree of text[0..len); the root is NULL for an empty stream or
 * when reading stopped on a problem. */
static struct ho_yn *
build_tree(struct ho_dl *L, const char *text, size_t len)
{
    struct builder b;
    yaml_parser_t parser;
    memset(&b, 0, sizeof(b));
    b.L = L;
    if (yaml_parser_initialize(&parser) == 0) {
        struct ho_pos top = { 1, 1 };
        ho_dl_problem(L, top, "the YAML parser could not start — retry");
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    bool ok = true, done = false;
    while (ok && !done) {
        yaml_event_t ev;
        if (yaml_parser_parse(&parser, &ev) == 0) {
            syntax_problem(L, &parser, text, len);
            ok = false;
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        ok = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    builder_release(&b);
    return ok ? b.root : NULL;
}

/* ---- public API ------------------------------------------------------------ */

static void
content_hash(const struct ho_yn *root, struct ho_defs *d)
{
    struct ho_buf normal = HO_BUF_INIT;
    ho_dl_canonical(root, &normal);
    (void)ho_defs_sha256_hex(normal.ptr ? normal.ptr : "", normal.len, d->hash);
    ho_buf_release(&normal);
}

ho_rc
ho_defs_normal_form(const char *text, size_t len, struct ho_buf *out, struct ho_diag *diag)
{
    struct ho_dl L;
    if (out == NULL || (text == NULL && len > 0))
        return ho_diag_set(diag, HO_EINVAL, "normal form asked without text or out");
    if (len > HO_DEFS_MAX_FILE_BYTES)
        return ho_diag_set(diag, HO_ELIMIT, "the definitions are larger than %zu bytes",
                           HO_DEFS_MAX_FILE_BYTES);
    memset(&L, 0, sizeof(L));
    L.filename = "<input>";
    const struct ho_yn *root = build_tree(&L, text != NULL ? text : "", len);
    ho_rc rc = HO_OK;
    if (L.n_found == 0)
        ho_dl_canonical(root, out);
    else
        rc = ho_diag_set(diag, HO_EPARSE, "%s",
                         L.n_problems ? L.problems[0].text : "the text is not YAML");
    dl_release(&L);
    return rc;
}

const struct ho_yn *
ho_dl_tree(struct ho_dl *L, const char *text, size_t len)
{
    memset(L, 0, sizeof(*L));
    L->filename = "<input>";
    if (len > HO_DEFS_MAX_FILE_BYTES) {
        struct ho_pos top = { 1, 1 };
        ho_dl_limit(L, top, "the file is %zu bytes; the limit is %zu — split it", len,
                    HO_DEFS_MAX_FILE_BYTES);
        return NULL;
    }
    return build_tree(L, text != NULL ? text : "", len);
}

void
ho_dl_release(struct ho_dl *L)
{
    dl_release(L);
}

static ho_rc
finish(struct ho_dl *L, struct ho_defs *built, struct ho_defs *out, struct ho_buf *errors,
       struct ho_diag *diag)
{
    if (L->n_found == 0) {
        *out = *built; /* transferred */
        return HO_OK;
    }
    ho_defs_release(built);
    ho_dl_write_problems(L, errors);
    ho_rc rc = L->limit_hit ? HO_ELIMIT : HO_EPARSE;
    return ho_diag_set(diag, rc, "%zu problem%s in %s", L->n_found, L->n_found == 1 ? "" : "s",
                       L->filename);
}

ho_rc
ho_defs_load_yaml(const char *text, size_t len, const char *filename, struct ho_defs *out,
                  struct ho_buf *errors, struct ho_diag *diag)
{
    struct ho_dl L;
    struct ho_defs built;
    if (out == NULL || errors == NULL)
        return ho_diag_set(diag, HO_EINVAL, "definitions loader called without out or errors");
    ho_defs_init(out);
    if (text == NULL && len > 0)
        return ho_diag_set(diag, HO_EINVAL, "definitions text is NULL");
    memset(&L, 0, sizeof(L));
    L.filename = filename != NULL ? filename : "<input>";
    L.suggest_left = SUGGEST_BUDGET;
    ho_defs_init(&built);

    struct ho_pos top = { 1, 1 };
    if (len > HO_DEFS_MAX_FILE_BYTES) {
        ho_dl_limit(&L, top, "the file is %zu bytes; the limit is %zu — split it", len,
                    HO_DEFS_MAX_FILE_BYTES);
    } else {
        const struct ho_yn *root = build_tree(&L, text != NULL ? text : "", len);
        if (L.n_found == 0 && ho_yn_is_null(root))
            ho_dl_problem(&L, top, "the file is empty — start with version: 1");
        else if (L.n_found == 0)
            ho_dl_defs(&L, root, &built);
        if (L.n_found == 0)
            content_hash(root, &built);
    }
    ho_rc rc = finish(&L, &built, out, errors, diag);
    dl_release(&L);
    return rc;
}

/* Read all of f, refusing more than the limit. */
static ho_rc
read_all(FILE *f, const char *path, struct ho_buf *text, struct ho_diag *diag)
{
    for (;;) {
        ho_buf_reserve(text, READ_CHUNK);
        size_t got = fread(text->ptr + text->len, 1, READ_CHUNK, f);
        text->len += got;
        text->ptr[text->len] = '\0';
        if (text->len > HO_DEFS_MAX_FILE_BYTES)
            return ho_diag_set(diag, HO_ELIMIT,
                               "definitions file '%s' is larger than %zu bytes — split it", path,
                               HO_DEFS_MAX_FILE_BYTES);
        if (got < READ_CHUNK)
            break;
    }
    if (ferror(f)) {
        int err = errno;
        ho_diag_set(diag, HO_EIO, "cannot read definitions file '%s': %s", path, strerror(err));
        if (diag != NULL)
            diag->sys_errno = err;
        return HO_EIO;
    }
    return HO_OK;
}

ho_rc
ho_defs_read_file(const char *path, struct ho_buf *text, struct ho_diag *diag)
{
    if (path == NULL || text == NULL)
        return ho_diag_set(diag, HO_EINVAL, "definitions file read without path or buffer");
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        int err = errno;
        ho_diag_set(diag, HO_EIO, "cannot open definitions file '%s': %s", path, strerror(err));
        if (diag != NULL)
            diag->sys_errno = err;
        return HO_EIO;
    }
    ho_rc rc = read_all(f, path, text, diag);
    (void)fclose(f); /* read-only: nothing to lose */
    return rc;
}

ho_rc
ho_defs_load_file(const char *path, struct ho_defs *out, struct ho_buf *errors,
                  struct ho_diag *diag)
{
    struct ho_buf text = HO_BUF_INIT;
    if (out == NULL || errors == NULL || path == NULL)
        return ho_diag_set(diag, HO_EINVAL,
                           "definitions loader called without path, out or errors");
    ho_defs_init(out);
    ho_rc rc = ho_defs_read_file(path, &text, diag);
    if (rc == HO_OK)
        rc = ho_defs_load_yaml(text.ptr, text.len, path, out, errors, diag);
    ho_buf_release(&text);
    return rc;
}
