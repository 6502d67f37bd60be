/* SPDX-License-Identifier: MIT */
/*
 * defs/defs_yaml.h - load a definitions file (YAML) into a struct ho_defs.
 *
 * The loader validates everything and reports every problem it finds in one
 * run, each as one line
 *
 *     FILE:LINE:COL: what is wrong — what to write instead
 *
 * sorted by position.  A file with any problem produces no model at all, so a
 * broken file can never half-replace a working one.
 *
 * The schema is documented in examples/definitions.yaml (DESIGN.md §4).
 * Only `true` and `false` are booleans (YAML 1.2): `NO`, `yes`, `on` are
 * text, so a country list [NO, SE] means Norway and Sweden.
 *
 * The sales side (defs_calendar.c, defs_sales.c):
 *   calendar  timezone (an IANA name), hours per day or day range
 *             ({ mon-fri: "08:00-18:00", sat: closed }), holidays (dates).
 *             The zone is read here, from HO_TZ_DIR (/usr/share/zoneinfo,
 *             Debian package tzdata; defs/tzif.h), and expanded to the year
 *             2100: loading a file with a calendar reads that one zone file.
 *             Names that could leave the zone directory are refused first.
 *   sla       name, from (a funnel stage), until (event or list), within
 *             (duration), optional when { rule: R } or { channel: C } and
 *             clock: business (default) or raw.
 *   routing   optional when (a condition on lead.* or account.*, as in fit
 *             rules) and pool; the first rule that matches picks the pool.
 *   reps      id, pools, weight (default 1), capacity (default 0: no
 *             limit), away ([FROM, TO] or a list of such pairs of dates).
 * Cross-checks: SLA rules and channels exist, every pool routed to has a
 * rep, rep ids are unique, and rules or SLAs that can never apply (after a
 * catch-all) are reported.
 *
 * Every input is bounded before it is trusted: file size, nesting depth,
 * number of YAML nodes (aliases counted expanded), number of rules and list
 * items, and string length (the HO_DEFS_MAX_* limits below).
 *
 * Thread-safety: the load functions keep no state between calls.
 */
#ifndef HO_DEFS_DEFS_YAML_H
#define HO_DEFS_DEFS_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "base/rc.h"

struct ho_buf;
struct ho_defs;

#define HO_DEFS_MAX_FILE_BYTES ((size_t)4 << 20) /* 4 MiB */
#define HO_DEFS_MAX_DEPTH      64                /* nested mappings and lists */
#define HO_DEFS_MAX_NODES      1000000           /* YAML nodes, aliases expanded */
#define HO_DEFS_MAX_RULES      10000             /* fit + behaviour + disqualify rules */
#define HO_DEFS_MAX_ITEMS      10000             /* items in any one list or mapping */
#define HO_DEFS_MAX_STRLEN     4096              /* bytes in one text value */
#define HO_DEFS_MAX_REGEX      1024              /* bytes in one regular expression */
#define HO_DEFS_MAX_PROBLEMS   1000              /* problem lines written; the rest are counted */

/*
 * Parse and validate the definitions in text[0..len) (need not be
 * NUL-terminated; may contain anything).  filename is used in messages only
 * (NULL: "<input>").
 *
 * *out is initialised at entry; it must not hold a model (its previous
 * contents are overwritten, not freed).  To replace a working model, load
 * into a fresh struct and swap on HO_OK.
 *
 * Returns:
 *   HO_OK      *out holds the model (owned: caller frees with
 *              ho_defs_release()); nothing is appended to errors.
 *   HO_EPARSE  the file has problems: one line per problem (each ending in
 *              '\n') is appended to errors; diag says "N problems in FILE";
 *              *out is empty (as after ho_defs_init()).
 *   HO_ELIMIT  as HO_EPARSE, but at least one problem is an exceeded limit.
 *   HO_EINVAL  text is NULL while len > 0, or out or errors is NULL.
 */
HO_MUST_CHECK ho_rc ho_defs_load_yaml(const char *text, size_t len, const char *filename,
                                      struct ho_defs *out, struct ho_buf *errors,
                                      struct ho_diag *diag);

/*
 * Read the definitions file at path into text (which should be empty),
 * refusing more than HO_DEFS_MAX_FILE_BYTES: the one place that reads a
 * definitions file, for callers that need its text as well as the model
 * (to store it, or to load it under another name).
 * Returns HO_OK, or:
 *   HO_EIO     the file cannot be opened or read (diag has errno and path);
 *   HO_ELIMIT  the file is larger than the limit (text then holds the part
 *              read; the caller releases it);
 *   HO_EINVAL  path or text is NULL.
 */
HO_MUST_CHECK ho_rc ho_defs_read_file(const char *path, struct ho_buf *text, struct ho_diag *diag);

/*
 * Read the file at path with ho_defs_read_file() and load it with
 * ho_defs_load_yaml(), which names it path in messages.
 *
 * *out is initialised at entry, as above.
 * Returns what ho_defs_load_yaml() returns, or:
 *   HO_EIO     the file cannot be opened or read (diag has errno and path);
 *   HO_ELIMIT  the file is larger than the limit (nothing is parsed).
 * On HO_EIO, and on HO_ELIMIT for the size, errors is left untouched and the
 * message is in diag only.
 */
HO_MUST_CHECK ho_rc ho_defs_load_file(const char *path, struct ho_defs *out, struct ho_buf *errors,
                                      struct ho_diag *diag);

/*
 * The normal form of the definitions text[0..len) (defs/defs_hash.c: the
 * YAML tree without comments, layout, `version:` and the owners' `signed:`),
 * appended to out; its SHA-256 is the version's content hash (the `hash` of
 * a loaded struct ho_defs).  Only the YAML is read, not the schema:
 * HO_EPARSE with the reason in diag when it is not YAML.
 */
HO_MUST_CHECK ho_rc ho_defs_normal_form(const char *text, size_t len, struct ho_buf *out,
                                        struct ho_diag *diag);
/* SHA-256 of data[0..len) as 64 lower-case hex digits and a NUL (OpenSSL
 * libcrypto); false (out "") only when libcrypto fails. */
bool ho_defs_sha256_hex(const void *data, size_t len, char out[65]);

/*
 * Check the field names d's rules read (defs/defs_fields.c): every lead.X,
 * account.X and `where:` property must be a documented field, one declared
 * under `fields:`, or a target of `mapping: fields:`.  One problem line per
 * unknown name ("FILE:LINE:COL: unknown field 'lead.titel' in fit rule t —
 * did you mean lead.title? ...") is appended to errors (filename: FILE);
 * returns how many.  Loading does not check this (a stored version keeps
 * loading); `defs check` and storing a new version do.
 */
size_t ho_defs_check_fields(const struct ho_defs *d, const char *filename, struct ho_buf *errors);

struct ho_defs_diff;

/*
 * What changed from definitions text a to text b, rule by rule
 * (core/defs_diff.h), appended to out in the order of the files: items of
 * lists are matched by their name (rules), reason (disqualifiers), id
 * (reps), pool (routing), name + start (SLAs), event (PQL criteria); a
 * changed order of SLAs or routing rules, which decides which one applies,
 * is a change too.  `version:` and the owners' `signed:` are left out.
 * Only the YAML is read: HO_EPARSE (diag names a_name or b_name) when
 * either is not YAML.
 */
HO_MUST_CHECK ho_rc ho_defs_diff_texts(const char *a, size_t a_len, const char *a_name,
                                       const char *b, size_t b_len, const char *b_name,
                                       struct ho_defs_diff *out, struct ho_diag *diag);

/*
 * examples/definitions.yaml as it was when the binary was built
 * (generated by cmake/HoEmbed.cmake and linked into ho_defs): the text
 * followed by a NUL; the length excludes the NUL.
 */
extern const char ho_example_definitions[];
extern const unsigned long ho_example_definitions_len;

#endif /* HO_DEFS_DEFS_YAML_H */
