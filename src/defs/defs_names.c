/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_names.c - sorted sets of names with their positions, for the
 * lookups and duplicate checks of the definitions loader, and the lists of
 * names read with them (see defs_int.h).
 */
#include "defs/defs_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "defs/defs_yaml.h"

void
ho_dl_names_add_tagged(struct ho_dl_names *s, const char *name, struct ho_pos pos, uint32_t tag)
{
    if (name == NULL)
        return;
    HO_GROW(s->v, s->cap, s->n + 1);
    s->v[s->n++] = (struct ho_dl_named){ name, pos, tag };
}

void
ho_dl_names_add(struct ho_dl_names *s, const char *name, struct ho_pos pos)
{
    ho_dl_names_add_tagged(s, name, pos, 0);
}

static int
cmp_named(const void *a, const void *b)
{
    const struct ho_dl_named *x = a;
    const struct ho_dl_named *y = b;
    int c = strcmp(x->name, y->name);
    if (c != 0)
        return c;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    return x->pos.column < y->pos.column ? -1 : (x->pos.column > y->pos.column);
}

static int
cmp_name_only(const void *a, const void *b)
{
    return strcmp(((const struct ho_dl_named *)a)->name, ((const struct ho_dl_named *)b)->name);
}

void
ho_dl_names_sort(struct ho_dl_names *s)
{
    if (s->n > 1)
        qsort(s->v, s->n, sizeof(*s->v), cmp_named);
}

const struct ho_dl_named *
ho_dl_names_find(const struct ho_dl_names *s, const char *name)
{
    struct ho_dl_named key = { name, { 0, 0 }, 0 };
    if (s->n == 0)
        return NULL;
    return bsearch(&key, s->v, s->n, sizeof(*s->v), cmp_name_only);
}

const char *
ho_dl_names_suggest(struct ho_dl *L, const struct ho_dl_names *s, const char *word)
{
    struct ho_suggest sg;
    ho_suggest_init(&sg, word);
    for (size_t i = 0; L->suggest_left > 0 && i < s->n; i++, L->suggest_left--)
        ho_suggest_try(&sg, s->v[i].name);
    return sg.best;
}

void
ho_dl_names_release(struct ho_dl_names *s)
{
    ho_xfree(s->v);
    memset(s, 0, sizeof(*s));
}

bool
ho_yn_names(struct ho_dl *L, const struct ho_yn_field *f, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!ho_yn_list(L, f))
        return false;
    struct ho_dl_names seen = { NULL, 0, 0 };
    *out = ho_xcalloc(f->val->n_kids, sizeof(**out));
    for (size_t i = 0; i < f->val->n_kids; i++) {
        struct ho_yn_field item = { f->spec, f->key, f->val->kids[i] };
        const char *name;
        if (!ho_yn_name(L, &item, &name))
            continue;
        ho_dl_names_add(&seen, name, item.val->pos);
        (*out)[(*n)++] = ho_dl_dup_text(name);
    }
    ho_dl_names_sort(&seen);
    for (size_t i = 1; i < seen.n; i++) {
        if (strcmp(seen.v[i].name, seen.v[i - 1].name) == 0)
            ho_dl_problem(L, seen.v[i].pos, "'%.64s' is listed twice in '%s' — list it once",
                          seen.v[i].name, f->spec->name);
    }
    ho_dl_names_release(&seen);
    return *n == f->val->n_kids;
}
