/* SPDX-License-Identifier: MIT */
/*
 * core/mapping.c - lookups in the CRM import mapping (see core/mapping.h).
 *
 * The tables are small (a few dozen entries written by hand), so a lookup
 * is a linear scan; the loader has already refused keys that are equal
 * under the matching rule, so the first hit is the only one.
 */
#include "core/mapping.h"

#include <stddef.h>
#include <string.h>

#include "base/xalloc.h"

static bool
is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char
fold(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* The trimmed extent [*start, *start + *len) of s. */
static void
trim(const char *s, const char **start, size_t *len)
{
    size_t n = strlen(s);
    while (n > 0 && is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    *start = s;
    *len = n;
}

int
ho_mapping_key_cmp(const char *a, const char *b)
{
    const char *pa;
    const char *pb;
    size_t la;
    size_t lb;
    trim(a, &pa, &la);
    trim(b, &pb, &lb);
    for (size_t i = 0; i < la && i < lb; i++) {
        unsigned char ca = (unsigned char)fold(pa[i]);
        unsigned char cb = (unsigned char)fold(pb[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    if (la != lb)
        return la < lb ? -1 : 1;
    return 0;
}

bool
ho_mapping_key_blank(const char *s)
{
    const char *p;
    size_t n;
    trim(s, &p, &n);
    return n == 0;
}

static const struct ho_map_pair *
find_pair(const struct ho_map_pair *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++) {
        if (ho_mapping_key_cmp(v[i].from, key) == 0)
            return &v[i];
    }
    return NULL;
}

const char *
ho_mapping_field(const struct ho_mapping *m, const char *column)
{
    if (m == NULL || column == NULL)
        return NULL;
    const struct ho_map_pair *p = find_pair(m->fields, m->n_fields, column);
    return p != NULL ? p->to : NULL;
}

const struct ho_map_status *
ho_mapping_status(const struct ho_mapping *m, const char *value)
{
    if (m == NULL || value == NULL)
        return NULL;
    for (size_t i = 0; i < m->n_statuses; i++) {
        if (ho_mapping_key_cmp(m->statuses[i].from, value) == 0)
            return &m->statuses[i];
    }
    return NULL;
}

const char *
ho_mapping_source(const struct ho_mapping *m, const char *bucket)
{
    if (m == NULL || bucket == NULL)
        return NULL;
    const struct ho_map_pair *p = find_pair(m->sources, m->n_sources, bucket);
    return p != NULL ? p->to : NULL;
}

const char *
ho_mapping_stage(const struct ho_mapping *m, const char *value)
{
    if (m == NULL || value == NULL)
        return NULL;
    const struct ho_map_pair *p = find_pair(m->lifecycle, m->n_lifecycle, value);
    return p != NULL ? p->to : NULL;
}

static void
pairs_release(struct ho_map_pair *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ho_xfree(v[i].from);
        ho_xfree(v[i].to);
    }
    ho_xfree(v);
}

void
ho_mapping_release(struct ho_mapping *m)
{
    pairs_release(m->fields, m->n_fields);
    pairs_release(m->sources, m->n_sources);
    pairs_release(m->lifecycle, m->n_lifecycle);
    for (size_t i = 0; i < m->n_statuses; i++) {
        ho_xfree(m->statuses[i].from);
        ho_xfree(m->statuses[i].event);
        ho_xfree(m->statuses[i].reason);
    }
    ho_xfree(m->statuses);
    memset(m, 0, sizeof(*m));
}
