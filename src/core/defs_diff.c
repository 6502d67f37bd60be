/* SPDX-License-Identifier: MIT */
/*
 * core/defs_diff.c - the list of changes between two definitions versions
 * and their wording (core/defs_diff.h).
 */
#include "core/defs_diff.h"

#include <stdbool.h>
#include <string.h>

#include "base/buf.h"
#include "base/xalloc.h"

static char *
dup_or_null(const char *s)
{
    return s ? ho_xstrdup(s) : NULL;
}

void
ho_defs_diff_add(struct ho_defs_diff *d, enum ho_defs_change_kind kind, const char *section,
                 const char *item, const char *field, const char *before, const char *after)
{
    HO_GROW(d->v, d->cap, d->n + 1);
    struct ho_defs_change *c = &d->v[d->n++];
    c->kind = kind;
    c->section = ho_xstrdup(section ? section : "");
    c->item = ho_xstrdup(item ? item : "");
    c->field = ho_xstrdup(field ? field : "");
    c->before = dup_or_null(before);
    c->after = dup_or_null(after);
}

void
ho_defs_diff_release(struct ho_defs_diff *d)
{
    for (size_t i = 0; i < d->n; i++) {
        ho_xfree(d->v[i].section);
        ho_xfree(d->v[i].item);
        ho_xfree(d->v[i].field);
        ho_xfree(d->v[i].before);
        ho_xfree(d->v[i].after);
    }
    ho_xfree(d->v);
    memset(d, 0, sizeof(*d));
}

const char *
ho_defs_change_kind_name(enum ho_defs_change_kind k)
{
    switch (k) {
    case HO_CHANGE_ADDED:
        return "added";
    case HO_CHANGE_REMOVED:
        return "removed";
    case HO_CHANGE_CHANGED:
        return "changed";
    }
    return "changed";
}

void
ho_defs_change_words(const struct ho_defs_change *c, struct ho_buf *out)
{
    bool whole = c->field[0] == '\0';
    if (whole && c->kind == HO_CHANGE_ADDED) {
        ho_buf_printf(out, "%s added: %s", c->item, c->after ? c->after : "");
        return;
    }
    if (whole && c->kind == HO_CHANGE_REMOVED) {
        ho_buf_printf(out, "%s removed", c->item);
        return;
    }
    ho_buf_printf(out, "%s: ", c->item);
    if (!whole)
        ho_buf_printf(out, "%s ", c->field);
    ho_buf_printf(out, "%s \xe2\x86\x92 %s", c->before ? c->before : "(none)",
                  c->after ? c->after : "(none)");
}
