/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_node.c - typed reads from YAML nodes, with the problem messages
 * that say what was expected and what to write instead.
 *
 * Scalars are typed here, not by libyaml: only plain (unquoted, untagged)
 * scalars can be numbers, booleans or null, and only true/false are
 * booleans, so the YAML 1.1 "Norway problem" (NO -> false) cannot happen.
 */
#include "defs/defs_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rc.h"
#include "base/timefmt.h"
#include "base/xalloc.h"
#include "defs/defs_yaml.h"

#define NAME_MAX_LEN    64 /* rule, reason and channel names */
#define EXCERPT_LEN     40 /* bytes of a value quoted back in a message */
#define NUMBER_MAX      1e12
#define SUGGEST_MAX_LEN 64 /* longer words get no suggestion */

bool
ho_yn_is_null(const struct ho_yn *n)
{
    if (n == NULL)
        return true;
    if (n->kind != HO_YN_SCALAR || !n->plain)
        return false;
    return n->len == 0 || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
           strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0;
}

bool
ho_yn_is_map(const struct ho_yn *n)
{
    return n != NULL && n->kind == HO_YN_MAP;
}

bool
ho_yn_given(const struct ho_yn_field *f)
{
    return f->key != NULL && !ho_yn_is_null(f->val);
}

char *
ho_dl_dup_text(const char *s)
{
    return s != NULL ? ho_xstrdup(s) : NULL;
}

/* A short, printable rendering of what n is, for "..., not X". */
static void
describe(const struct ho_yn *n, char *out, size_t size)
{
    if (ho_yn_is_null(n)) {
        (void)snprintf(out, size, "empty");
        return;
    }
    if (n->kind == HO_YN_MAP) {
        (void)snprintf(out, size, "a mapping");
        return;
    }
    if (n->kind == HO_YN_SEQ) {
        (void)snprintf(out, size, "a list of %zu item%s", n->n_kids, n->n_kids == 1 ? "" : "s");
        return;
    }
    char text[EXCERPT_LEN + 4];
    size_t k = 0;
    for (size_t i = 0; i < n->len && k < EXCERPT_LEN; i++) {
        char c = n->text[i];
        if ((unsigned char)c < 0x20 || c == 0x7f)
            c = '?';
        text[k++] = c;
    }
    if (n->len > EXCERPT_LEN) {
        memcpy(text + k, "...", 3);
        k += 3;
    }
    text[k] = '\0';
    (void)snprintf(out, size, n->plain ? "'%s'" : "\"%s\" (in quotes)", text);
}

/* "'points' must be a number, not 'ten' — write points: 10" */
static bool
wrong_type(struct ho_dl *L, const struct ho_yn_field *f, const char *want)
{
    char found[EXCERPT_LEN + 32];
    describe(f->val, found, sizeof(found));
    ho_dl_problem(L, f->val->pos, "'%s' must be %s, not %s — write %s", f->spec->name, want, found,
                  f->spec->example);
    return false;
}

/* The key node's position when the value is missing altogether. */
static bool
no_value(struct ho_dl *L, const struct ho_yn_field *f)
{
    struct ho_pos pos = f->val != NULL ? f->val->pos : f->key->pos;
    ho_dl_problem(L, pos, "'%s' has no value — write %s", f->spec->name, f->spec->example);
    return false;
}

/* The scalar of f, or NULL (problem reported) when it is no usable text. */
static const struct ho_yn *
scalar(struct ho_dl *L, const struct ho_yn_field *f, const char *want)
{
    if (ho_yn_is_null(f->val)) {
        no_value(L, f);
        return NULL;
    }
    if (f->val->kind != HO_YN_SCALAR) {
        wrong_type(L, f, want);
        return NULL;
    }
    if (f->val->len == 0) {
        ho_dl_problem(L, f->val->pos, "'%s' is empty — write %s", f->spec->name, f->spec->example);
        return NULL;
    }
    if (f->val->len > HO_DEFS_MAX_STRLEN) {
        ho_dl_limit(L, f->val->pos, "'%s' is %zu bytes long; the limit is %d — shorten it",
                    f->spec->name, f->val->len, HO_DEFS_MAX_STRLEN);
        return NULL;
    }
    if (memchr(f->val->text, '\0', f->val->len) != NULL) {
        ho_dl_problem(L, f->val->pos, "'%s' contains a NUL character — remove the \\0 escape",
                      f->spec->name);
        return NULL;
    }
    return f->val;
}

bool
ho_yn_text(struct ho_dl *L, const struct ho_yn_field *f, const char **out)
{
    const struct ho_yn *n = scalar(L, f, "text");
    *out = NULL;
    if (n == NULL)
        return false;
    *out = n->text;
    return true;
}

bool
ho_yn_is_name(const char *s, size_t len)
{
    if (len == 0 || len > NAME_MAX_LEN)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

bool
ho_yn_name(struct ho_dl *L, const struct ho_yn_field *f, const char **out)
{
    *out = NULL;
    if (!ho_yn_text(L, f, out))
        return false;
    if (!ho_yn_is_name(f->val->text, f->val->len)) {
        char found[EXCERPT_LEN + 32];
        describe(f->val, found, sizeof(found));
        if (f->val->len > NAME_MAX_LEN)
            ho_dl_problem(L, f->val->pos, "%s is %zu characters long — use at most %d", found,
                          f->val->len, NAME_MAX_LEN);
        else
            ho_dl_problem(L, f->val->pos,
                          "%s is not a valid name — use letters, digits, '_' or '-', e.g. %s",
                          found, f->spec->example);
        *out = NULL;
        return false;
    }
    return true;
}

/* YAML 1.2 core-schema float syntax, without .inf and .nan. */
static bool
is_number_syntax(const char *s)
{
    size_t i = 0;
    size_t digits = 0;
    if (s[i] == '-' || s[i] == '+')
        i++;
    for (; s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (s[i] == '.') {
        for (i++; s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    }
    if (digits == 0)
        return false;
    if (s[i] == 'e' || s[i] == 'E') {
        i++;
        if (s[i] == '-' || s[i] == '+')
            i++;
        if (!(s[i] >= '0' && s[i] <= '9'))
            return false;
        while (s[i] >= '0' && s[i] <= '9')
            i++;
    }
    return s[i] == '\0';
}

/* Parse a number from a plain scalar; false when it is not one. */
static bool
plain_number(const struct ho_yn *n, double *out)
{
    if (n == NULL || n->kind != HO_YN_SCALAR || !n->plain || n->len > 64 ||
        !is_number_syntax(n->text))
        return false;
    errno = 0;
    double v = strtod(n->text, NULL);
    if (errno == ERANGE || !isfinite(v) || fabs(v) > NUMBER_MAX)
        return false;
    *out = v;
    return true;
}

bool
ho_yn_number(struct ho_dl *L, const struct ho_yn_field *f, double *out)
{
    *out = 0;
    if (ho_yn_is_null(f->val))
        return no_value(L, f);
    if (plain_number(f->val, out))
        return true;
    if (f->val->kind == HO_YN_SCALAR && f->val->plain && is_number_syntax(f->val->text)) {
        ho_dl_problem(L, f->val->pos, "'%s' is out of range — use a number from -1e12 to 1e12",
                      f->spec->name);
        return false;
    }
    return wrong_type(L, f, "a number");
}

bool
ho_yn_integer(struct ho_dl *L, const struct ho_yn_field *f, int64_t lo, int64_t hi, int64_t *out)
{
    double v;
    *out = 0;
    if (ho_yn_is_null(f->val))
        return no_value(L, f);
    if (!plain_number(f->val, &v) || v != floor(v) || v < (double)lo || v > (double)hi) {
        char want[80];
        (void)snprintf(want, sizeof(want), "a whole number from %lld to %lld", (long long)lo,
                       (long long)hi);
        return wrong_type(L, f, want);
    }
    *out = (int64_t)v;
    return true;
}

bool
ho_yn_boolean(struct ho_dl *L, const struct ho_yn_field *f, bool *out)
{
    *out = false;
    if (ho_yn_is_null(f->val))
        return no_value(L, f);
    if (f->val->kind == HO_YN_SCALAR && f->val->plain && strcmp(f->val->text, "true") == 0) {
        *out = true;
        return true;
    }
    if (f->val->kind == HO_YN_SCALAR && f->val->plain && strcmp(f->val->text, "false") == 0)
        return true;
    return wrong_type(L, f, "true or false (yes, no, on and off are not booleans here)");
}

bool
ho_yn_duration(struct ho_dl *L, const struct ho_yn_field *f, int64_t *out_ms)
{
    struct ho_diag d;
    const struct ho_yn *n = scalar(L, f, "a duration");
    *out_ms = 0;
    if (n == NULL)
        return false;
    ho_diag_clear(&d);
    if (ho_duration_parse(n->text, n->len, out_ms, &d) != HO_OK) {
        char found[EXCERPT_LEN + 32];
        describe(n, found, sizeof(found));
        ho_dl_problem(L, n->pos, "bad duration %s for '%s': %s — write e.g. %s", found,
                      f->spec->name, d.msg, f->spec->example);
        return false;
    }
    if (*out_ms <= 0) {
        ho_dl_problem(L, n->pos, "'%s' must be longer than zero — write e.g. %s", f->spec->name,
                      f->spec->example);
        return false;
    }
    return true;
}

bool
ho_yn_date(struct ho_dl *L, const struct ho_yn_field *f, int64_t *out_days)
{
    struct ho_diag d;
    const struct ho_yn *n = scalar(L, f, "a date");
    *out_days = -1;
    if (n == NULL)
        return false;
    ho_diag_clear(&d);
    if (ho_date_parse(n->text, n->len, out_days, &d) != HO_OK) {
        char found[EXCERPT_LEN + 32];
        describe(n, found, sizeof(found));
        ho_dl_problem(L, n->pos, "bad date %s for '%s': %s — write %s", found, f->spec->name, d.msg,
                      f->spec->example);
        *out_days = -1;
        return false;
    }
    return true;
}

bool
ho_yn_seq(struct ho_dl *L, const struct ho_yn_field *f, size_t max_items)
{
    if (ho_yn_is_null(f->val))
        return no_value(L, f);
    if (f->val->kind != HO_YN_SEQ)
        return wrong_type(L, f, "a list");
    if (f->val->n_kids > max_items) {
        ho_dl_limit(L, f->val->pos, "'%s' has %zu items; the limit is %zu — split the file",
                    f->spec->name, f->val->n_kids, max_items);
        return false;
    }
    return true;
}

bool
ho_yn_map(struct ho_dl *L, const struct ho_yn_field *f)
{
    if (ho_yn_is_null(f->val))
        return no_value(L, f);
    if (f->val->kind != HO_YN_MAP)
        return wrong_type(L, f, "a mapping");
    return true;
}

static void
free_texts(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ho_xfree(v[i]);
    ho_xfree(v);
}

bool
ho_yn_list(struct ho_dl *L, const struct ho_yn_field *f)
{
    if (!ho_yn_seq(L, f, HO_DEFS_MAX_ITEMS))
        return false;
    if (f->val->n_kids == 0) {
        ho_dl_problem(L, f->val->pos, "'%s' is an empty list — write %s", f->spec->name,
                      f->spec->example);
        return false;
    }
    return true;
}

bool
ho_yn_texts(struct ho_dl *L, const struct ho_yn_field *f, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!ho_yn_list(L, f))
        return false;
    char **v = ho_xcalloc(f->val->n_kids, sizeof(*v));
    bool ok = true;
    for (size_t i = 0; i < f->val->n_kids; i++) {
        struct ho_yn_field item = { f->spec, f->key, f->val->kids[i] };
        const struct ho_yn *s = scalar(L, &item, "text");
        if (s == NULL) {
            ok = false;
            continue;
        }
        v[i] = ho_xstrndup(s->text, s->len);
    }
    if (!ok) {
        free_texts(v, f->val->n_kids);
        return false;
    }
    *out = v;
    *n = f->val->n_kids;
    return true;
}

bool
ho_yn_range(struct ho_dl *L, const struct ho_yn_field *f, double *lo, double *hi)
{
    const struct ho_yn *v = f->val;
    *lo = *hi = 0;
    if (ho_yn_is_null(v))
        return no_value(L, f);
    if (v->kind != HO_YN_SEQ || v->n_kids != 2)
        return wrong_type(L, f, "a list of two numbers [low, high]");
    struct ho_yn_field a = { f->spec, f->key, v->kids[0] };
    struct ho_yn_field b = { f->spec, f->key, v->kids[1] };
    bool ok = ho_yn_number(L, &a, lo);
    ok = ho_yn_number(L, &b, hi) && ok;
    if (!ok)
        return false;
    if (*lo > *hi) {
        ho_dl_problem(L, v->pos, "'%s' low %g is above high %g — write the smaller number first",
                      f->spec->name, *lo, *hi);
        return false;
    }
    return true;
}

/* ---- mappings ------------------------------------------------------------ */

static int
cmp_key_nodes(const void *a, const void *b)
{
    const struct ho_yn *x = *(const struct ho_yn *const *)a;
    const struct ho_yn *y = *(const struct ho_yn *const *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->text, y->text, n);
    if (c != 0)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    if (x->pos.line != y->pos.line)
        return x->pos.line < y->pos.line ? -1 : 1;
    return x->pos.column < y->pos.column ? -1 : (x->pos.column > y->pos.column);
}

/* Report keys that are not text and keys given twice. */
static void
check_keys(struct ho_dl *L, const struct ho_yn *map)
{
    size_t pairs = map->n_kids / 2;
    size_t n = 0;
    const struct ho_yn **keys = ho_xcalloc(pairs ? pairs : 1, sizeof(*keys));
    for (size_t i = 0; i < pairs; i++) {
        const struct ho_yn *k = map->kids[2 * i];
        if (k->kind != HO_YN_SCALAR)
            ho_dl_problem(L, k->pos, "a key must be plain text, not a %s — write key: value",
                          k->kind == HO_YN_MAP ? "mapping" : "list");
        else
            keys[n++] = k;
    }
    if (n > 1)
        qsort(keys, n, sizeof(*keys), cmp_key_nodes);
    for (size_t i = 1; i < n; i++) {
        const struct ho_yn *a = keys[i - 1];
        const struct ho_yn *b = keys[i];
        if (a->len == b->len && memcmp(a->text, b->text, a->len) == 0)
            ho_dl_problem(L, b->pos, "duplicate key '%.64s' (first at line %u) — keep only one",
                          b->text, a->pos.line);
    }
    ho_xfree(keys);
}

bool
ho_yn_check_map(struct ho_dl *L, const struct ho_yn_field *f, size_t max_items)
{
    if (!ho_yn_map(L, f))
        return false;
    if (f->val->n_kids / 2 > max_items) {
        ho_dl_limit(L, f->val->pos, "'%s' has %zu entries; the limit is %zu — split the file",
                    f->spec->name, f->val->n_kids / 2, max_items);
        return false;
    }
    check_keys(L, f->val);
    return true;
}

static const struct ho_yn_key *
find_key(const struct ho_yn_shape *shape, const struct ho_yn *k)
{
    for (size_t i = 0; i < shape->n_keys; i++) {
        if (strlen(shape->keys[i].name) == k->len &&
            memcmp(shape->keys[i].name, k->text, k->len) == 0)
            return &shape->keys[i];
    }
    return NULL;
}

static void
unknown_key(struct ho_dl *L, const struct ho_yn_shape *shape, const struct ho_yn *k)
{
    struct ho_suggest s;
    char found[EXCERPT_LEN + 32];
    describe(k, found, sizeof(found));
    ho_suggest_init(&s, k->text);
    for (size_t i = 0; i < shape->n_keys; i++)
        ho_suggest_try(&s, shape->keys[i].name);
    if (s.best != NULL) {
        ho_dl_problem(L, k->pos, "unknown key %s in %s — did you mean '%s'?", found, shape->what,
                      s.best);
        return;
    }
    char list[512];
    size_t used = 0;
    for (size_t i = 0; i < shape->n_keys && used < sizeof(list); i++) {
        int w =
            snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", shape->keys[i].name);
        used += w > 0 ? (size_t)w : 0;
    }
    ho_dl_problem(L, k->pos, "unknown key %s in %s — use one of: %s", found, shape->what, list);
}

bool
ho_yn_fields(struct ho_dl *L, const struct ho_yn *map, const struct ho_yn_shape *shape,
             struct ho_yn_field *out)
{
    for (size_t i = 0; i < shape->n_keys; i++) {
        out[i].spec = &shape->keys[i];
        out[i].key = out[i].val = NULL;
    }
    HO_ASSERT(map != NULL);
    if (map->kind != HO_YN_MAP) {
        char found[EXCERPT_LEN + 32];
        describe(map, found, sizeof(found));
        ho_dl_problem(L, map->pos, "%s must be a mapping, not %s — write %s", shape->what, found,
                      shape->example);
        return false;
    }
    check_keys(L, map);
    for (size_t i = 0; i + 1 < map->n_kids; i += 2) {
        const struct ho_yn *k = map->kids[i];
        if (k->kind != HO_YN_SCALAR)
            continue; /* reported by check_keys */
        const struct ho_yn_key *spec = find_key(shape, k);
        if (spec == NULL) {
            unknown_key(L, shape, k);
            continue;
        }
        struct ho_yn_field *f = &out[spec - shape->keys];
        if (f->key == NULL) { /* duplicates were reported: keep the first */
            f->key = k;
            f->val = map->kids[i + 1];
        }
    }
    for (size_t i = 0; i < shape->n_keys; i++) {
        if (shape->keys[i].required && out[i].key == NULL)
            ho_dl_problem(L, map->pos, "%s is missing '%s' — add %s", shape->what,
                          shape->keys[i].name, shape->keys[i].example);
    }
    return true;
}

/* ---- suggestions ----------------------------------------------------------- */

static char
fold(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c;
}

static size_t
min2(size_t a, size_t b)
{
    return a < b ? a : b;
}

/*
 * Optimal string alignment distance (a transposition costs 1), ignoring
 * case, or limit + 1 when it is above limit.  Only the band |i - j| <= limit
 * is computed and a row whose cells all exceed limit ends the search, so the
 * cost is O(len * limit).  Both strings are at most SUGGEST_MAX_LEN bytes.
 */
static size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
    size_t d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
    size_t big = limit + 1;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > limit ? i - limit : 1, hi = min2(lb, i + limit), row_min = big;
        if (lo > 1)
            d[i][lo - 1] = big; /* outside the band */
        if (hi < lb)
            d[i][hi + 1] = big;
        for (size_t j = lo; j <= hi; j++) {
            size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            size_t best = min2(min2(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]))
                best = min2(best, d[i - 2][j - 2] + 1);
            d[i][j] = min2(best, big);
            row_min = min2(row_min, d[i][j]);
        }
        if (row_min > limit)
            return big;
    }
    return min2(d[la][lb], big);
}

void
ho_suggest_init(struct ho_suggest *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->best_dist = 0;
}

void
ho_suggest_try(struct ho_suggest *s, const char *candidate)
{
    size_t lw = strlen(s->word);
    size_t lc = strlen(candidate);
    if (lw > SUGGEST_MAX_LEN || lc > SUGGEST_MAX_LEN || lw == 0)
        return;
    /* Short words tolerate one edit, longer ones up to three. */
    size_t allowed = lw <= 3 ? 1 : lw <= 6 ? 2 : 3;
    size_t diff = lw > lc ? lw - lc : lc - lw;
    if (diff > allowed)
        return;
    size_t dist = edit_distance(s->word, lw, candidate, lc, allowed);
    if (dist > allowed || (s->best != NULL && dist >= s->best_dist))
        return;
    s->best = candidate;
    s->best_dist = dist;
}
