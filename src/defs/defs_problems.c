/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_problems.c - the loader's problem list: every reader records
 * its problems here, and the load writes them out sorted by position, one
 * "file:line:col: ..." line each (see defs_int.h).
 *
 * Kept apart from defs_yaml.c, so that the readers (defs_node.c,
 * defs_schema.c, ...) depend on this list and not on the file that calls
 * them.
 */
#include "defs/defs_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/xalloc.h"
#include "defs/defs_yaml.h"

static void add_problem(struct ho_dl *L, struct ho_pos pos, const char *fmt, va_list ap)
    HO_PRINTF(3, 0);

static void
add_problem(struct ho_dl *L, struct ho_pos pos, const char *fmt, va_list ap)
{
    size_t seq = L->n_found++;
    if (L->n_problems >= HO_DEFS_MAX_PROBLEMS)
        return;
    struct ho_buf text = HO_BUF_INIT;
    va_list cp;
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n > 0) {
        ho_buf_reserve(&text, (size_t)n);
        (void)vsnprintf(text.ptr, (size_t)n + 1, fmt, ap);
        text.len = (size_t)n;
    }
    /* One problem, one line: quoted input may hold line breaks or escapes. */
    for (size_t i = 0; i < text.len; i++) {
        if ((unsigned char)text.ptr[i] < 0x20 || text.ptr[i] == 0x7f)
            text.ptr[i] = '?';
    }
    HO_GROW(L->problems, L->cap_problems, L->n_problems + 1);
    L->problems[L->n_problems].pos = pos;
    L->problems[L->n_problems].seq = seq;
    L->problems[L->n_problems].text = text.ptr; /* transferred */
    L->n_problems++;
}

void
ho_dl_problem(struct ho_dl *L, struct ho_pos pos, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_problem(L, pos, fmt, ap);
    va_end(ap);
}

void
ho_dl_limit(struct ho_dl *L, struct ho_pos pos, const char *fmt, ...)
{
    va_list ap;
    L->limit_hit = true;
    va_start(ap, fmt);
    add_problem(L, pos, fmt, ap);
    va_end(ap);
}

static int
cmp_problems(const void *a, const void *b)
{
    const struct ho_dl_problem *x = a;
    const struct ho_dl_problem *y = b;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    if (x->pos.column != y->pos.column)
        return x->pos.column < y->pos.column ? -1 : 1;
    return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

void
ho_dl_write_problems(struct ho_dl *L, struct ho_buf *errors)
{
    if (L->n_problems > 1)
        qsort(L->problems, L->n_problems, sizeof(*L->problems), cmp_problems);
    for (size_t i = 0; i < L->n_problems; i++) {
        const struct ho_dl_problem *p = &L->problems[i];
        ho_buf_printf(errors, "%s:%u:%u: %s\n", L->filename, p->pos.line, p->pos.column,
                      p->text != NULL ? p->text : "problem");
    }
    if (L->n_found > L->n_problems)
        ho_buf_printf(errors, "%s: ... and %zu more problems\n", L->filename,
                      L->n_found - L->n_problems);
}

void
ho_dl_problems_release(struct ho_dl *L)
{
    for (size_t i = 0; i < L->n_problems; i++)
        ho_xfree(L->problems[i].text);
    ho_xfree(L->problems);
    L->problems = NULL;
    L->n_problems = L->cap_problems = 0;
}
