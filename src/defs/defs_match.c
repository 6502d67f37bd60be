/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_match.c - read field conditions: the `field: lead.title,
 * matches: ...` of fit rules and disqualifiers, and the `where` mapping of
 * behaviour rules (`form: demo`, `path_prefix: /pricing`).
 *
 * Regular expressions are compiled here (POSIX extended, case-insensitive
 * unless case_sensitive: true).  Patterns that could make regcomp or regexec
 * blow up (huge repetition counts, back-references) are refused up front.
 */
#include "defs/defs_int.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "defs/defs_yaml.h"

#define REGEX_MAX_NODES   20000 /* copies of atoms regcomp may build for one pattern */
#define REGEX_MAX_NESTING 32    /* nested groups in one pattern */

static const enum ho_match_op op_of[HO_DL_OP__COUNT] = {
    [HO_DL_OP_MATCHES] = HO_MATCH_REGEX,
    [HO_DL_OP_EQUALS] = HO_MATCH_EQUALS,
    [HO_DL_OP_IN] = HO_MATCH_IN,
    [HO_DL_OP_BETWEEN] = HO_MATCH_BETWEEN,
    [HO_DL_OP_GE_SYM] = HO_MATCH_GE,
    [HO_DL_OP_GT_SYM] = HO_MATCH_GT,
    [HO_DL_OP_LE_SYM] = HO_MATCH_LE,
    [HO_DL_OP_LT_SYM] = HO_MATCH_LT,
    [HO_DL_OP_GTE] = HO_MATCH_GE,
    [HO_DL_OP_GT] = HO_MATCH_GT,
    [HO_DL_OP_LTE] = HO_MATCH_LE,
    [HO_DL_OP_LT] = HO_MATCH_LT,
    [HO_DL_OP_PREFIX] = HO_MATCH_PREFIX,
    [HO_DL_OP_SUFFIX] = HO_MATCH_SUFFIX,
    [HO_DL_OP_CONTAINS] = HO_MATCH_CONTAINS,
    [HO_DL_OP_EXISTS] = HO_MATCH_EXISTS,
};

/* `where` keys: a suffix on the property name selects the operator. */
static const struct {
    const char *suffix;
    enum ho_match_op op;
    const char *sample; /* a value to show in hints */
} where_ops[] = {
    { "_prefix", HO_MATCH_PREFIX, "/pricing" },
    { "_suffix", HO_MATCH_SUFFIX, ".pdf" },
    { "_contains", HO_MATCH_CONTAINS, "pricing" },
    { "_matches", HO_MATCH_REGEX, "'^/docs/'" },
    { "_in", HO_MATCH_IN, "[demo, trial]" },
    { "_gte", HO_MATCH_GE, "1000" },
    { "_gt", HO_MATCH_GT, "1000" },
    { "_lte", HO_MATCH_LE, "1000" },
    { "_lt", HO_MATCH_LT, "1000" },
    { "_between", HO_MATCH_BETWEEN, "[1000, 5000]" },
    { "_exists", HO_MATCH_EXISTS, "true" },
};

/*
 * How big glibc's parse tree for a pattern gets.  regcomp copies a
 * repeated expression once per repetition: E+ becomes E E*, E{n,m} becomes
 * m copies, and nested repetitions multiply, so "(a+)+..." or "a{99}{99}"
 * grows exponentially with the pattern's length.  The estimate below sums
 * over sequences and alternatives and multiplies over repetitions; it is
 * an upper bound, capped just above REGEX_MAX_NODES.
 */
struct re_scan {
    const char *p;
    unsigned depth; /* open groups */
    bool too_deep;
};

static size_t
re_cap(size_t n)
{
    return n > REGEX_MAX_NODES ? REGEX_MAX_NODES + 1 : n;
}

static size_t
re_mul(size_t a, size_t b)
{
    return (b != 0 && a > (REGEX_MAX_NODES + 1) / b) ? REGEX_MAX_NODES + 1 : re_cap(a * b);
}

/* A bound "{n}", "{n,}" or "{n,m}" at p (on the '{'): true and the number
 * of copies it makes, with *end just past the '}'. */
static bool
re_bound(const char *p, size_t *copies, const char **end)
{
    char *e;
    if (p[1] < '0' || p[1] > '9')
        return false;
    unsigned long lo = strtoul(p + 1, &e, 10);
    unsigned long hi = lo;
    if (*e == ',' && e[1] >= '0' && e[1] <= '9')
        hi = strtoul(e + 1, &e, 10);
    else if (*e == ',')
        e++;
    if (*e != '}')
        return false;
    unsigned long n = (hi > lo ? hi : lo) + 1; /* {n,} is n copies and a star */
    *copies = n > REGEX_MAX_NODES ? REGEX_MAX_NODES + 1 : (size_t)n;
    *end = e + 1;
    return true;
}

/* Skip a bracket expression "[...]", including "[]a]" and "[[:alpha:]]". */
static void
re_skip_bracket(struct re_scan *s)
{
    const char *p = s->p + 1;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p != '\0' && *p != ']') {
        if (*p == '[' && (p[1] == ':' || p[1] == '=' || p[1] == '.')) {
            char kind = p[1];
            for (p += 2; *p != '\0' && !(*p == kind && p[1] == ']'); p++)
                ;
            p += *p != '\0' ? 2 : 0;
        } else {
            p++;
        }
    }
    s->p = *p == ']' ? p + 1 : p;
}

static size_t re_alt(struct re_scan *s);

static size_t
re_atom(struct re_scan *s)
{
    if (*s->p == '(') {
        s->p++;
        if (++s->depth > REGEX_MAX_NESTING) {
            s->too_deep = true;
            return REGEX_MAX_NODES + 1;
        }
        size_t n = re_alt(s);
        if (*s->p == ')')
            s->p++;
        s->depth--;
        return re_cap(n + 1);
    }
    if (*s->p == '[') {
        re_skip_bracket(s);
        return 1;
    }
    s->p += (*s->p == '\\' && s->p[1] != '\0') ? 2 : 1;
    return 1;
}

/* The copies made by the repetition operators after an atom. */
static size_t
re_repeats(struct re_scan *s)
{
    size_t factor = 1, copies;
    const char *end;
    for (;;) {
        if (*s->p == '*' || *s->p == '?') {
            s->p++;
        } else if (*s->p == '+') {
            factor = re_mul(factor, 2);
            s->p++;
        } else if (*s->p == '{' && re_bound(s->p, &copies, &end)) {
            factor = re_mul(factor, copies);
            s->p = end;
        } else {
            return factor;
        }
    }
}

static size_t
re_branch(struct re_scan *s)
{
    size_t n = 0;
    while (*s->p != '\0' && *s->p != '|' && *s->p != ')' && n <= REGEX_MAX_NODES) {
        size_t atom = re_atom(s);
        n = re_cap(n + re_mul(atom, re_repeats(s)));
    }
    return n;
}

static size_t
re_alt(struct re_scan *s)
{
    size_t n = re_branch(s);
    while (*s->p == '|' && n <= REGEX_MAX_NODES) {
        s->p++;
        n = re_cap(n + re_branch(s));
    }
    return n;
}

/* Upper bound of the nodes regcomp builds for p (capped). */
static size_t
re_size(const char *p, bool *too_deep)
{
    struct re_scan s = { p, 0, false };
    size_t n = 0;
    while (*s.p != '\0' && n <= REGEX_MAX_NODES) {
        n = re_cap(n + re_alt(&s));
        if (*s.p == ')') /* unbalanced: regcomp reports it */
            s.p++;
    }
    *too_deep = s.too_deep;
    return n;
}

/* What is wrong with a pattern before regcomp sees it; NULL when fine. */
static const char *
pattern_problem(const char *p)
{
    bool too_deep;
    for (size_t i = 0; p[i] != '\0'; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '\b')
            return "contains a backspace: inside double quotes \\b is a backspace — write the "
                   "pattern in single quotes ('\\bVP\\b') or double the backslash "
                   "(\"\\\\bVP\\\\b\")";
        if (c < 0x20 || c == 0x7f)
            return "contains a control character — remove it, or write the pattern in single "
                   "quotes";
        if (c == '\\' && p[i + 1] >= '1' && p[i + 1] <= '9')
            return "uses a back-reference (\\1 ... \\9), which can make matching very slow — "
                   "write the alternatives out instead";
        if (c == '\\' && p[i + 1] != '\0')
            i++;
    }
    if (re_size(p, &too_deep) > REGEX_MAX_NODES)
        return too_deep ? "nests groups more than 32 deep — flatten it"
                        : "repeats too much: nested or stacked repetitions (+, {n,m}) multiply "
                          "into more than 20000 copies — use fewer or smaller repetitions";
    return NULL;
}

static bool
compile_regex(struct ho_dl *L, const struct ho_yn_field *f, const char *pattern, bool cs,
              struct ho_match *m)
{
    size_t len = strlen(pattern);
    if (len > HO_DEFS_MAX_REGEX) {
        ho_dl_limit(L, f->val->pos, "the pattern is %zu bytes long; the limit is %d — shorten it",
                    len, HO_DEFS_MAX_REGEX);
        return false;
    }
    const char *why = pattern_problem(pattern);
    if (why != NULL) {
        ho_dl_problem(L, f->val->pos, "the pattern %s", why);
        return false;
    }
    regex_t *re = ho_xmalloc(sizeof(*re));
    int err = regcomp(re, pattern, REG_EXTENDED | REG_NOSUB | (cs ? 0 : REG_ICASE));
    if (err != 0) {
        char msg[256];
        regerror(err, re, msg, sizeof(msg));
        ho_xfree(re);
        ho_dl_problem(L, f->val->pos,
                      "the pattern does not compile: %s — fix it; a literal dot is \\. and single "
                      "quotes keep backslashes as they are ('\\.edu$')",
                      msg);
        return false;
    }
    m->pattern = ho_xstrndup(pattern, len);
    m->re = re;
    return true;
}

static bool
one_value(struct ho_dl *L, const struct ho_yn_field *f, struct ho_match *m)
{
    const char *text;
    if (f->val != NULL && f->val->kind == HO_YN_SEQ) {
        ho_dl_problem(L, f->val->pos,
                      "'%s' takes one value, not a list — for several values write in: [a, b]",
                      f->spec->name);
        return false;
    }
    if (!ho_yn_text(L, f, &text))
        return false;
    m->values = ho_xcalloc(1, sizeof(*m->values));
    m->values[0] = ho_xstrndup(text, f->val->len);
    m->n_values = 1;
    return true;
}

static bool
exists_value(struct ho_dl *L, const struct ho_yn_field *f)
{
    bool v;
    if (!ho_yn_boolean(L, f, &v))
        return false;
    if (!v) {
        ho_dl_problem(L, f->val->pos,
                      "'%s' only takes true — a rule on a missing value is not supported; "
                      "write %s",
                      f->spec->name, f->spec->example);
        return false;
    }
    return true;
}

/* Read f's value for operator op into m. */
static bool
op_value(struct ho_dl *L, enum ho_match_op op, const struct ho_yn_field *f, bool cs,
         struct ho_match *m)
{
    const char *text;
    HO_ASSERT(f->key != NULL && f->val != NULL); /* a key read from a mapping has a value */
    m->op = op;
    switch (op) {
    case HO_MATCH_REGEX:
        return ho_yn_text(L, f, &text) && compile_regex(L, f, text, cs, m);
    case HO_MATCH_EQUALS:
    case HO_MATCH_PREFIX:
    case HO_MATCH_SUFFIX:
    case HO_MATCH_CONTAINS:
        return one_value(L, f, m);
    case HO_MATCH_IN:
        return ho_yn_texts(L, f, &m->values, &m->n_values);
    case HO_MATCH_BETWEEN:
        return ho_yn_range(L, f, &m->lo, &m->hi);
    case HO_MATCH_GE:
    case HO_MATCH_GT:
    case HO_MATCH_LE:
    case HO_MATCH_LT:
        return ho_yn_number(L, f, &m->lo);
    case HO_MATCH_EXISTS:
        return exists_value(L, f);
    }
    return false;
}

static bool
read_field(struct ho_dl *L, const struct ho_yn_field *f, struct ho_match *m)
{
    static const struct {
        const char *prefix;
        enum ho_scope scope;
    } scopes[] = { { "lead.", HO_SCOPE_LEAD }, { "account.", HO_SCOPE_ACCOUNT } };
    const char *text;
    if (!ho_yn_text(L, f, &text))
        return false;
    for (size_t i = 0; i < HO_ARRAY_LEN(scopes); i++) {
        size_t n = strlen(scopes[i].prefix);
        if (strncmp(text, scopes[i].prefix, n) == 0 && text[n] != '\0') {
            m->scope = scopes[i].scope;
            m->field_pos = f->val->pos;
            m->field = ho_xstrdup(text + n);
            return true;
        }
    }
    ho_dl_problem(L, f->val->pos,
                  "field '%.*s' must name a lead or account attribute — write e.g. "
                  "field: lead.%s or field: account.%s",
                  64, text, strchr(text, '.') == NULL ? text : "title",
                  strchr(text, '.') == NULL ? text : "employees");
    return false;
}

/* The single operator among ops; reports a second one.  NULL when none. */
static const struct ho_yn_field *
single_op(struct ho_dl *L, const struct ho_yn_field *ops)
{
    const struct ho_yn_field *op = NULL;
    for (size_t i = 0; i < HO_DL_OP__COUNT; i++) {
        if (ops[i].key == NULL)
            continue;
        if (op == NULL) {
            op = &ops[i];
            continue;
        }
        ho_dl_problem(L, ops[i].key->pos,
                      "one condition per rule, but '%s' comes after '%s' — split it into two "
                      "rules",
                      ops[i].spec->name, op->spec->name);
    }
    return op;
}

bool
ho_dl_condition(struct ho_dl *L, const struct ho_yn *map, const char *what,
                const struct ho_yn_field *ops, const struct ho_yn_field *field,
                const struct ho_yn_field *case_sensitive, struct ho_match *out)
{
    bool cs = false, ok = true;
    const struct ho_yn_field *op = single_op(L, ops);
    if (field->key != NULL)
        ok = read_field(L, field, out);
    else
        ok = false; /* reported as missing */
    if (case_sensitive->key != NULL) {
        ok = ho_yn_boolean(L, case_sensitive, &cs) && ok;
        if (op != NULL && op != &ops[HO_DL_OP_MATCHES]) {
            ho_dl_problem(L, case_sensitive->key->pos,
                          "case_sensitive only applies to matches — remove it (prefix always "
                          "compares case; equals, in, suffix and contains ignore it)");
            ok = false;
        }
    }
    out->case_sensitive = cs;
    if (op == NULL) {
        ho_dl_problem(L, map->pos,
                      "%s has no condition — add one of matches, equals, in, between, >=, >, <=, "
                      "<, prefix, suffix, contains or exists (e.g. equals: CEO)",
                      what);
        return false;
    }
    out->pos = op->key->pos;
    return op_value(L, op_of[op - ops], op, cs, out) && ok;
}

/* The operator a `where` key selects, and the length of its property name. */
static size_t
where_op(const struct ho_yn *key, const struct ho_yn *val, enum ho_match_op *op,
         const char **sample)
{
    for (size_t i = 0; i < HO_ARRAY_LEN(where_ops); i++) {
        size_t n = strlen(where_ops[i].suffix);
        if (key->len > n && memcmp(key->text + key->len - n, where_ops[i].suffix, n) == 0) {
            *op = where_ops[i].op;
            *sample = where_ops[i].sample;
            return key->len - n;
        }
    }
    bool list = val != NULL && val->kind == HO_YN_SEQ;
    *op = list ? HO_MATCH_IN : HO_MATCH_EQUALS;
    *sample = list ? "[demo, trial]" : "demo";
    return key->len;
}

static bool
where_entry(struct ho_dl *L, const struct ho_yn *key, const struct ho_yn *val, struct ho_match *m)
{
    enum ho_match_op op;
    const char *sample;
    char example[128];
    size_t prop_len = where_op(key, val, &op, &sample);
    if (key->len > 64 || memchr(key->text, '\0', key->len) != NULL) {
        ho_dl_problem(L, key->pos,
                      "a property name must be at most 64 characters of text — "
                      "shorten it");
        return false;
    }
    (void)snprintf(example, sizeof(example), "%s: %s", key->text, sample);
    if (val != NULL && val->kind == HO_YN_MAP) {
        ho_dl_problem(L, val->pos,
                      "'%s' must be a value or a list, not a mapping — put the operator in "
                      "the key instead, e.g. amount_gte: 1000 or path_prefix: /pricing",
                      key->text);
        return false;
    }
    struct ho_yn_key spec = { key->text, example, false };
    struct ho_yn_field f = { &spec, key, val };
    m->scope = HO_SCOPE_EVENT;
    m->field = ho_xstrndup(key->text, prop_len);
    m->pos = key->pos;
    m->field_pos = key->pos;
    return op_value(L, op, &f, false, m);
}

bool
ho_dl_where(struct ho_dl *L, const struct ho_yn_field *where, struct ho_match **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!ho_yn_check_map(L, where, HO_DEFS_MAX_ITEMS))
        return false;
    size_t pairs = where->val->n_kids / 2;
    struct ho_match *m = ho_xcalloc(pairs ? pairs : 1, sizeof(*m));
    bool ok = true;
    for (size_t i = 0; i < pairs; i++) {
        const struct ho_yn *k = where->val->kids[2 * i];
        if (k->kind != HO_YN_SCALAR) {
            ok = false; /* reported by ho_yn_check_map */
            continue;
        }
        ok = where_entry(L, k, where->val->kids[2 * i + 1], &m[i]) && ok;
    }
    *out = m; /* also on failure: the caller releases what was read */
    *n = pairs;
    return ok;
}
