/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_int.h - internals of the definitions loader, shared by the files
 * of src/defs/ and by nothing else.
 *
 * defs_yaml.c turns libyaml events into a small tree of struct ho_yn nodes,
 * so that no libyaml type leaves that file; defs_problems.c keeps the
 * problems every reader records.  defs_node.c reads typed values
 * out of nodes, defs_match.c reads field conditions and defs_schema.c walks
 * the whole tree into a struct ho_defs; defs_calendar.c and defs_sales.c
 * read its sales side (calendar, sla, routing, reps), tzif.c the time zone.
 * Every problem is recorded with its position and the walk goes on, so that
 * one run reports them all.
 *
 * Reading functions return true when the value was usable; otherwise they
 * have recorded a problem and the caller just skips the value.
 */
#ifndef HO_DEFS_DEFS_INT_H
#define HO_DEFS_DEFS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/compiler.h"
#include "core/defs.h"

struct ho_buf;

enum ho_yn_kind {
    HO_YN_SCALAR,
    HO_YN_SEQ,
    HO_YN_MAP,
};

/*
 * One YAML node.  Every node is owned by the struct ho_dl that built it.  An
 * alias is the same node reached twice; an anchor only becomes usable once
 * its node is complete, so the graph never has cycles.
 */
struct ho_yn {
    enum ho_yn_kind kind;
    bool plain; /* scalar written without quotes or tag: may be a number, bool or null */
    struct ho_pos pos;
    char *text; /* scalar: NUL-terminated copy (len may include inner NULs) */
    size_t len;
    struct ho_yn **kids; /* seq: the items; map: key, value, key, value, ... */
    size_t n_kids, cap_kids;
    size_t weight; /* nodes in this subtree, aliases expanded */
};

struct ho_dl_problem {
    struct ho_pos pos;
    size_t seq; /* order of discovery, to keep ties at one position stable */
    char *text; /* owned */
};

/* The loader: owns the tree and the problems found so far. */
struct ho_dl {
    const char *filename;
    struct ho_yn **nodes; /* owned: every node, for release */
    size_t n_nodes, cap_nodes;
    struct ho_dl_problem *problems; /* owned: the first HO_DEFS_MAX_PROBLEMS */
    size_t n_problems, cap_problems;
    size_t n_found;      /* problems found, also those not kept */
    bool limit_hit;      /* one of them is an exceeded limit */
    size_t suggest_left; /* budget of "did you mean" comparisons with rule names */
};

/* ---- defs_problems.c: the problem list ------------------------------------ */

/* Record a problem at pos: "what is wrong — what to write instead".  Only
 * the first HO_DEFS_MAX_PROBLEMS are kept; all are counted (n_found). */
void ho_dl_problem(struct ho_dl *L, struct ho_pos pos, const char *fmt, ...) HO_PRINTF(3, 4);
/* The same, for an exceeded limit (the load then returns HO_ELIMIT). */
void ho_dl_limit(struct ho_dl *L, struct ho_pos pos, const char *fmt, ...) HO_PRINTF(3, 4);
/* Append the kept problems to errors, sorted by position (ties in order of
 * discovery), one "FILE:LINE:COL: text" line each, then a count of those
 * not kept. */
void ho_dl_write_problems(struct ho_dl *L, struct ho_buf *errors);
/* Free the problem list (L stays usable, with no problems kept). */
void ho_dl_problems_release(struct ho_dl *L);

/* ---- defs_node.c: typed reads --------------------------------------------- */

/* One key a mapping may hold. */
struct ho_yn_key {
    const char *name;
    const char *example; /* what to write, e.g. "points: 10" */
    bool required;
};

/* The shape of a mapping: what it is called in messages, and its keys. */
struct ho_yn_shape {
    const char *what;    /* "a fit rule" */
    const char *example; /* the whole mapping, as a hint */
    const struct ho_yn_key *keys;
    size_t n_keys;
};

/* The initialiser of a shape whose keys are a static array. */
#define HO_YN_SHAPE(what, example, keys)              \
    {                                                 \
        (what), (example), (keys), HO_ARRAY_LEN(keys) \
    }

/* A key/value pair read from a mapping; key and val are NULL when absent. */
struct ho_yn_field {
    const struct ho_yn_key *spec;
    const struct ho_yn *key, *val;
};

/*
 * Read map according to shape into out[0..shape->n_keys).  Reports a map
 * that is not a mapping, keys that are not text, unknown keys (with the
 * closest known one), duplicate keys and missing required keys.  Returns
 * false only when map is not a mapping (out is then all absent).
 */
bool ho_yn_fields(struct ho_dl *L, const struct ho_yn *map, const struct ho_yn_shape *shape,
                  struct ho_yn_field *out);

/* For open mappings (reasons, channels, where): check that f->val is a
 * mapping of at most max_items entries; reports keys that are not text and
 * keys given twice.  False when it is not a mapping or too big; callers then
 * walk the pairs themselves, skipping keys that are not scalars. */
bool ho_yn_check_map(struct ho_dl *L, const struct ho_yn_field *f, size_t max_items);

bool ho_yn_is_null(const struct ho_yn *n);
bool ho_yn_is_map(const struct ho_yn *n);
/* Whether the field is present with a value other than null. */
bool ho_yn_given(const struct ho_yn_field *f);
/* An owned copy of s (ho_xfree()), or NULL when s is NULL. */
char *ho_dl_dup_text(const char *s);

/* Typed values of f->val; each reports its own problems. */
bool ho_yn_text(struct ho_dl *L, const struct ho_yn_field *f, const char **out);
bool ho_yn_name(struct ho_dl *L, const struct ho_yn_field *f, const char **out);
bool ho_yn_number(struct ho_dl *L, const struct ho_yn_field *f, double *out);
bool ho_yn_integer(struct ho_dl *L, const struct ho_yn_field *f, int64_t lo, int64_t hi,
                   int64_t *out);
bool ho_yn_boolean(struct ho_dl *L, const struct ho_yn_field *f, bool *out);
bool ho_yn_duration(struct ho_dl *L, const struct ho_yn_field *f, int64_t *out_ms);
bool ho_yn_date(struct ho_dl *L, const struct ho_yn_field *f, int64_t *out_days);
bool ho_yn_seq(struct ho_dl *L, const struct ho_yn_field *f, size_t max_items);
bool ho_yn_map(struct ho_dl *L, const struct ho_yn_field *f);
/* Whether f->val is a non-empty list of at most HO_DEFS_MAX_ITEMS items
 * (the start of every list read); reports it otherwise. */
bool ho_yn_list(struct ho_dl *L, const struct ho_yn_field *f);
/* A non-empty list of text values; *out is owned by the caller (an array of
 * *n owned strings), and is NULL when false is returned. */
bool ho_yn_texts(struct ho_dl *L, const struct ho_yn_field *f, char ***out, size_t *n);
/* A list of two numbers [lo, hi] with lo <= hi. */
bool ho_yn_range(struct ho_dl *L, const struct ho_yn_field *f, double *lo, double *hi);

/* Whether s is usable as a rule, reason or channel name. */
bool ho_yn_is_name(const char *s, size_t len);

/* "Did you mean": the candidate closest to word, if close enough. */
struct ho_suggest {
    const char *word;
    const char *best; /* NULL until a close candidate was seen */
    size_t best_dist;
};
void ho_suggest_init(struct ho_suggest *s, const char *word);
void ho_suggest_try(struct ho_suggest *s, const char *candidate);

/* ---- defs_names.c: sets of names ------------------------------------------ */

/* A name (borrowed from the tree) and where it was written. */
struct ho_dl_named {
    const char *name;
    struct ho_pos pos;
    uint32_t tag; /* the caller's, e.g. the index of what is named; 0 if unused */
};

/* A set of names; zero-initialise, add, sort, then find; owned array. */
struct ho_dl_names {
    struct ho_dl_named *v;
    size_t n, cap;
};

void ho_dl_names_add(struct ho_dl_names *s, const char *name, struct ho_pos pos); /* NULL: none */
void ho_dl_names_add_tagged(struct ho_dl_names *s, const char *name, struct ho_pos pos,
                            uint32_t tag);
/* Sort by name, then by position (so duplicates follow their first use). */
void ho_dl_names_sort(struct ho_dl_names *s);
/* After ho_dl_names_sort(): an entry named name, or NULL. */
const struct ho_dl_named *ho_dl_names_find(const struct ho_dl_names *s, const char *name);
/* The closest of s's names to word, within the loader's suggestion budget. */
const char *ho_dl_names_suggest(struct ho_dl *L, const struct ho_dl_names *s, const char *word);
void ho_dl_names_release(struct ho_dl_names *s);

/* A non-empty list of names, each once (e.g. a rep's pools).  Items that
 * are not names are reported and left out, duplicates are reported; *out
 * (owned by the caller, *n owned strings) holds the usable names even when
 * false is returned. */
bool ho_yn_names(struct ho_dl *L, const struct ho_yn_field *f, char ***out, size_t *n);

/* ---- defs_match.c: field conditions ---------------------------------------- */

/* The operator keys of a condition, in the order of enum ho_dl_op.  Every
 * shape that holds a condition starts with HO_DL_OP_KEYS. */
enum ho_dl_op {
    HO_DL_OP_MATCHES,
    HO_DL_OP_EQUALS,
    HO_DL_OP_IN,
    HO_DL_OP_BETWEEN,
    HO_DL_OP_GE_SYM,
    HO_DL_OP_GT_SYM,
    HO_DL_OP_LE_SYM,
    HO_DL_OP_LT_SYM,
    HO_DL_OP_GTE,
    HO_DL_OP_GT,
    HO_DL_OP_LTE,
    HO_DL_OP_LT,
    HO_DL_OP_PREFIX,
    HO_DL_OP_SUFFIX,
    HO_DL_OP_CONTAINS,
    HO_DL_OP_EXISTS,
    HO_DL_OP__COUNT
};

/* clang-format off */
#define HO_DL_OP_KEYS                                                                   \
    {"matches", "matches: '\\b(VP|Director)\\b'", false},                               \
    {"equals", "equals: CEO", false},                                                   \
    {"in", "in: [US, CA]", false},                                                      \
    {"between", "between: [50, 500]", false},                                           \
    {">=", "\">=\": 1000", false},                                                      \
    {">", "\">\": 1000", false},                                                        \
    {"<=", "\"<=\": 1000", false},                                                      \
    {"<", "\"<\": 1000", false},                                                        \
    {"gte", "gte: 1000", false},                                                        \
    {"gt", "gt: 1000", false},                                                          \
    {"lte", "lte: 1000", false},                                                        \
    {"lt", "lt: 1000", false},                                                          \
    {"prefix", "prefix: /pricing", false},                                              \
    {"suffix", "suffix: .edu", false},                                                  \
    {"contains", "contains: founder", false},                                           \
    {"exists", "exists: true", false}
/* clang-format on */

/*
 * Read the condition of a fit rule or disqualifier (map; `what` names it in
 * messages): field (lead.X or account.X), exactly one operator among
 * ops[0..HO_DL_OP__COUNT) and the optional case_sensitive flag.  out must be
 * zeroed; what it holds after a false return is released by the caller.
 */
bool ho_dl_condition(struct ho_dl *L, const struct ho_yn *map, const char *what,
                     const struct ho_yn_field *ops, const struct ho_yn_field *field,
                     const struct ho_yn_field *case_sensitive, struct ho_match *out);

/* Read a behaviour rule's `where` mapping into *out (owned, *n entries). */
bool ho_dl_where(struct ho_dl *L, const struct ho_yn_field *where, struct ho_match **out,
                 size_t *n);

/* ---- defs_calendar.c, defs_sales.c: the sales side --------------------------- */

/* Read the `calendar` mapping node into cal (loads its time zone from the
 * system's zone database). */
void ho_dl_calendar(struct ho_dl *L, const struct ho_yn *node, struct ho_calendar *cal);

/* Read the `sla`, `routing` and `reps` sections (each may be absent: key
 * NULL or value null) into d, and check them against each other and against
 * d's rules and channels, which must be read already. */
void ho_dl_sales(struct ho_dl *L, const struct ho_yn_field *sla, const struct ho_yn_field *routing,
                 const struct ho_yn_field *reps, struct ho_defs *d);

/* ---- defs_notify.c: alerts (issue 11) ---------------------------------------- */

/* Read the `notify` section (absent: key NULL or value null) into d->notify,
 * checking it against d's rules, channels and reps, which must be read already. */
void ho_dl_notify(struct ho_dl *L, const struct ho_yn_field *notify, struct ho_defs *d);
/* Checked values into *out (owned): a whsec_ secret, an http(s) URL, a Slack member id. */
bool ho_dl_secret(struct ho_dl *L, const struct ho_yn_field *f, char **out);
bool ho_dl_url(struct ho_dl *L, const struct ho_yn_field *f, char **out);
bool ho_dl_slack_id(struct ho_dl *L, const struct ho_yn_field *f, char **out);
/* A time zone name at f, loaded into tz (defs_calendar.c). */
void ho_dl_timezone(struct ho_dl *L, const struct ho_yn_field *f, struct ho_tz *tz);

/* ---- defs_accounts.c: account-based qualification and PQLs ------------------ */

/* Read the `accounts` and `pql` sections (each may be absent: key NULL or
 * value null) into d->accounts and d->pql. */
void ho_dl_accounts(struct ho_dl *L, const struct ho_yn_field *accounts,
                    const struct ho_yn_field *pql, struct ho_defs *d);

/* ---- defs_mapping.c: the CRM import mapping --------------------------------- */

/* Read the `mapping` section (absent: key NULL or value null) into
 * d->mapping, checking it against d's reasons and channels, which must be
 * read already. */
void ho_dl_mapping(struct ho_dl *L, const struct ho_yn_field *section, struct ho_defs *d);

/* ---- defs_segment.c: Segment track event names ------------------------------- */

/* Read the `segment` section (absent: key NULL or value null) into
 * d->segment, checking its event types against those d reads, which must
 * be read already. */
void ho_dl_segment(struct ho_dl *L, const struct ho_yn_field *section, struct ho_defs *d);

/* ---- defs_yaml.c: the tree alone ------------------------------------------- */

/* Build the YAML tree of text[0..len) into L (initialised here); NULL for
 * an empty text or when L->n_found > 0 (not YAML).  Release L with
 * ho_dl_release(). */
const struct ho_yn *ho_dl_tree(struct ho_dl *L, const char *text, size_t len);
void ho_dl_release(struct ho_dl *L);

/* ---- defs_hash.c: the normal form ------------------------------------------ */

/* Append the normal form of the tree at root (see defs_hash.c) to out. */
void ho_dl_canonical(const struct ho_yn *root, struct ho_buf *out);

/* ---- defs_schema.c: the document ------------------------------------------ */

/* Walk the root node into d (initialised by the caller). */
void ho_dl_defs(struct ho_dl *L, const struct ho_yn *root, struct ho_defs *d);

#endif /* HO_DEFS_DEFS_INT_H */
